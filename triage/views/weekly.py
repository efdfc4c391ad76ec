"""The weekly review email's preview in Settings, and the one-click unsubscribe of the emails."""

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.csp import csp_override
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from triage import mailing, weekly_email

EMAIL_NAMES = {"weekly": "weekly review email", "reminder": "reminder email"}


@require_GET
def preview(request: HttpRequest) -> HttpResponse:
    """What this Monday's email says, as text (the HTML version one click away)."""
    message = weekly_email.compose(request.owner_settings, timezone.now())
    context = {"message": message, "email": request.user.email}
    return render(request, "triage/weekly_email_preview.html", context)


@require_GET
@csp_override({"style-src": ["'unsafe-inline'"], "default-src": ["'none'"]})
def preview_html(request: HttpRequest) -> HttpResponse:
    """The HTML version as a mail client shows it (its styles are inline, as mail needs)."""
    message = weekly_email.compose(request.owner_settings, timezone.now())
    return HttpResponse(message.alternatives[0].content)


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
