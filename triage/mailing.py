"""What the emails Triage sends on its own have in common: who may get one (opted in, with a
verified address), sending each at most once however often the scheduler runs, and the
signed one-click unsubscribe link.

The weekly review (`weekly_email`) and the tracking reminder (`reminders`) each say when
an owner is due and what the email says; this module does the rest alike for both.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, models, transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse

from triage import formatting
from triage.models import OwnerSettings

UNSUBSCRIBE_SALT = "triage.weekly-email.unsubscribe"  # the weekly review's links keep working
# The settings field each email's unsubscribe link turns off, by the kind in its token.
OPT_IN_FIELDS = {"weekly": "weekly_email", "reminder": "reminder_email"}


@dataclass
class Outcome:
    sent: int = 0
    skipped: int = 0
    failed: int = 0


def opted_in(field: str):
    """Owners who turned `field` on and whose email address is verified (an address nobody
    has verified may be someone else's), with their user."""
    candidates = OwnerSettings.objects.filter(
        **{field: True},
        owner__emailaddress__verified=True,
        owner__emailaddress__email__iexact=F("owner__email"),
    ).select_related("owner")
    return (s for s in candidates if s.owner.email and s.owner.is_active)


def unsubscribe_url(owner, kind: str) -> str:
    token = signing.dumps(
        {"owner": owner.pk} | ({} if kind == "weekly" else {"email": kind}),
        salt=UNSUBSCRIBE_SALT,
    )
    return f"{settings.SITE_URL.rstrip('/')}{reverse('unsubscribe', args=[token])}"


def unsubscribing(token: str):
    """(owner, kind) that an unsubscribe token names, or None when it was tampered with."""
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    kind = data.get("email", "weekly")
    owner = get_user_model().objects.filter(pk=data.get("owner")).first()
    return (owner, kind) if owner is not None and kind in OPT_IN_FIELDS else None


def message(owner_settings, template: str, subject: str, context: dict, kind: str):
    """The email from `template`.txt and .html, in the owner's locale, with the headers that
    let a mail client unsubscribe in one click."""
    context = context | {"unsubscribe_url": unsubscribe_url(owner_settings.owner, kind)}
    with formatting.numbers_in(owner_settings.locale):  # sent from a command, not a page
        text = render_to_string(f"{template}.txt", context)
        html = render_to_string(f"{template}.html", context)
    email = EmailMultiAlternatives(
        subject=subject,
        body=text,
        to=[owner_settings.owner.email],
        headers={
            "List-Unsubscribe": f"<{context['unsubscribe_url']}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    email.attach_alternative(html, "text/html")
    return email


def send_once(
    due: Iterable[tuple[OwnerSettings, dict]],
    claims: type[models.Model],
    compose: Callable[[OwnerSettings], EmailMultiAlternatives],
    dry_run: bool = False,
    out=None,
) -> Outcome:
    """Send each owner's email of `due` — (settings, what it is about, e.g. {"week": …}) —
    unless `claims` holds a row for it. The row is claimed before sending, so two schedulers
    at once or a re-run after a crash send it once; a failed send gives it back, and the
    next run tries again."""
    outcome = Outcome()
    for owner_settings, about in due:
        owner = owner_settings.owner
        if claims.objects.filter(owner=owner, **about).exists():
            outcome.skipped += 1
            continue
        if dry_run:
            if out:
                what = " ".join(str(value) for value in about.values())
                out.write(f"would send {what} to {owner.username} <{owner.email}>\n")
            outcome.sent += 1
            continue
        try:
            with transaction.atomic():
                claim = claims.objects.create(owner=owner, **about)
        except IntegrityError:  # another run claimed it a moment ago
            outcome.skipped += 1
            continue
        try:
            compose(owner_settings).send()
        except Exception as error:  # SMTP down: give the claim back, the next run retries
            claim.delete()
            outcome.failed += 1
            if out:
                out.write(f"failed for {owner.username}: {error}\n")
            continue
        outcome.sent += 1
    return outcome
