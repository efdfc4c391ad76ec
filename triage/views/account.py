"""Your data, yours: everything of the owner as one zip, and deleting the account; and
allauth's email page, made to answer every click."""

import json

from allauth.account import views as allauth_views
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from triage import auth, csv_export
from triage.choices import GUT_CHECK_ANSWERS
from triage.forms import OwnerSettingsForm
from triage.views import csv_views
from triage.views.helpers import INVALID

SETTINGS_FIELDS = OwnerSettingsForm.Meta.fields  # what Settings shows is what the zip holds


def _json(data) -> str:
    return json.dumps(data, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False)


@require_GET
def data_export(request: HttpRequest) -> StreamingHttpResponse:
    """One zip: time logs and decisions as CSV (the exports' own rows), and contractors,
    tasks, gut checks, checklists, reviews and settings as JSON. Streamed as it is made: an
    owner with a million logs got a 9 MB zip after 26 s, built in 180 MB of memory."""
    owner, owner_settings = request.user, request.owner_settings
    response = StreamingHttpResponse(
        csv_export.stream_zip(_export_members(owner, owner_settings)),
        content_type="application/zip",
    )
    today = owner_settings.today()
    response["Content-Disposition"] = f'attachment; filename="triage-{owner.username}-{today}.zip"'
    return response


def _export_members(owner, owner_settings):
    """The zip's files in turn, as (name, text in pieces): each is read when reached. The
    CSVs are the exports' own rows (before, a copy here left out the decisions' checklists
    and what each earned, and built every log as a model: 26 s for a million logs)."""
    finished = owner.time_logs.filter(end__isnull=False)
    log_rows = csv_views.timelog_export_rows(finished, owner_settings.zone)
    yield "timelogs.csv", csv_export.stream_rows(csv_export.TIMELOG_HEADER, log_rows)
    decision_rows = csv_views.decision_export_rows(owner.decisions.all(), owner_settings)
    yield "decisions.csv", csv_export.stream_rows(csv_export.DECISION_HEADER, decision_rows)
    yield (
        "contractors.json",
        [_json(list(owner.contractors.values("name", "loves_doing", "rate", "contact", "notes")))],
    )
    tasks = owner.tasks.values(
        "id",
        "title",
        "category",
        "is_mga",
        "client",
        "project",
        "estimated_minutes_per_week",
        "archived",
        "created_at",
    )
    yield "tasks.json", [_json(list(tasks))]
    gut_checks = owner.gut_checks.values("task_id", "checked_at", *GUT_CHECK_ANSWERS, "blockers")
    yield "gut_checks.json", [_json(list(gut_checks))]
    steps = owner.decisions.filter(steps__isnull=False).values(
        "id", "steps__position", "steps__text", "steps__done"
    )
    yield "checklists.json", [_json(list(steps))]
    reviews = owner.decisions.filter(reviews__isnull=False).values(
        "id",
        "reviews__due_on",
        "reviews__reviewed_on",
        "reviews__answer",
        "reviews__note",
        "reviews__measured_hours",
        "reviews__estimated_hours",
    )
    yield "reviews.json", [_json(list(reviews))]
    chosen = {field: getattr(owner_settings, field) for field in SETTINGS_FIELDS}
    yield "settings.json", [_json(chosen | {"username": owner.username, "email": owner.email})]


def _second_factor_accepts(owner, code: str) -> bool:
    """A code from the owner's authenticator app, or one of their recovery codes."""
    code = code.replace(" ", "")
    if not code:
        return False
    authenticators = Authenticator.objects.filter(user=owner).exclude(
        type=Authenticator.Type.WEBAUTHN
    )
    return any(authenticator.wrap().validate_code(code) for authenticator in authenticators)


@require_http_methods(["GET", "POST"])
def delete_account(request: HttpRequest) -> HttpResponse:
    """Everything of the owner goes, in one transaction, after their password or a code from
    their second factor. A wrong one counts as a failed login (the same lock-out)."""
    owner = request.user
    has_second_factor = Authenticator.objects.filter(user=owner).exists()
    context = {"has_second_factor": has_second_factor}
    if request.method == "GET":
        return render(request, "triage/delete_account.html", context)
    if auth.locked_out(request, owner):
        context["error"] = "Too many failed attempts; nothing was deleted. Try again later."
        return render(request, "triage/delete_account.html", context, status=429)
    confirmed = owner.check_password(request.POST.get("password", "")) or (
        has_second_factor and _second_factor_accepts(owner, request.POST.get("code", ""))
    )
    if not confirmed:
        auth.count_failure(request, owner, sender=delete_account)
        what = "your password or a current code" if has_second_factor else "your password"
        context["error"] = f"That is not {what}; nothing was deleted."
        return render(request, "triage/delete_account.html", context, status=INVALID)
    with transaction.atomic():
        owner.delete()  # every row belongs to an owner and goes with them (CASCADE)
    logout(request)
    messages.success(request, "Your account and all its data are deleted.")
    return redirect("home")


class EmailView(allauth_views.EmailView):
    """allauth's page for the owner's addresses. "Send the link again" clicked a second
    time within allauth's cooldown sent nothing and said nothing: the owner was left
    wondering. Now it says the link is on its way and when another can go."""

    def _action_send(self, request: HttpRequest, *args, **kwargs):
        response = super()._action_send(request, *args, **kwargs)
        if not self._did_send_verification_email and self._get_email_address(request):
            minutes = settings.VERIFICATION_MAIL_EVERY_MINUTES
            messages.info(
                request,
                f"The link sent to {request.POST['email']} in the last {minutes} minutes still"
                f" works: mail can take a while, and may land in spam. You can ask for"
                f" another {minutes} minutes after it.",
            )
        return response
