"""The emails' previews in Settings, and their one-click unsubscribe."""

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.csp import csp_override
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from triage import mailing, reminders, weekly_email
from triage.choices import Weekday

EMAIL_NAMES = {"weekly": "weekly review email", "reminder": "reminder email"}
# Each email as it would go out now (the reminder: as if nothing were logged today, so the
# owner can see it whatever the day holds).
COMPOSE = {"weekly": weekly_email.compose, "reminder": reminders.compose}


def _previewed(request: HttpRequest, kind: str):
    return COMPOSE[kind](request.owner_settings, timezone.now())


@require_GET
def preview(request: HttpRequest, kind: str = "weekly") -> HttpResponse:
    """What the email says, as text (the HTML version one click away)."""
    owner_settings = request.owner_settings
    if kind == "weekly":
        on = owner_settings.weekly_email
        schedule = (
            f"Sent {owner_settings.get_weekly_email_weekday_display()}s at "
            f"{owner_settings.weekly_email_hour}:00"
        )
    else:
        on = owner_settings.reminder_email
        days = ", ".join(Weekday(day).label[:3] for day in sorted(owner_settings.reminder_weekdays))
        schedule = (
            f"Sent on {days or 'no day'} from {owner_settings.reminder_hour}:00 when nothing "
            "is logged that day"
        )
    context = {
        "title": EMAIL_NAMES[kind].capitalize(),
        "message": _previewed(request, kind),
        "email": request.user.email,
        "on": on,
        "schedule": schedule,
        "html_url": reverse(f"{kind}_email_html"),
    }
    return render(request, "triage/email_preview.html", context)


@require_GET
@csp_override({"style-src": ["'unsafe-inline'"], "default-src": ["'none'"]})
def preview_html(request: HttpRequest, kind: str = "weekly") -> HttpResponse:
    """The HTML version as a mail client shows it (its styles are inline, as mail needs)."""
    return HttpResponse(_previewed(request, kind).alternatives[0].content)


@login_not_required
@csrf_exempt  # one-click unsubscribe (RFC 8058) is a POST from the mail client
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """Turn off the email the link came in: the weekly review or the reminder."""
    named = mailing.unsubscribing(token)
    if named is None:
        context = {"error": "This unsubscribe link is damaged; nothing was changed."}
        return render(request, "triage/unsubscribe.html", context, status=400)
    owner, kind = named
    context = {"token": token, "email_name": EMAIL_NAMES[kind]}
    if request.method == "POST":
        field = mailing.OPT_IN_FIELDS[kind]
        setattr(owner.owner_settings, field, False)
        owner.owner_settings.save(update_fields=[field])
        context["done"] = True
    return render(request, "triage/unsubscribe.html", context)
