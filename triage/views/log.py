"""/log/: the week's time logs, quick entry, the full form, inline edit, delete and undo."""

from collections import defaultdict
from datetime import datetime, timedelta

from django.contrib import messages
from django.core import signing
from django.db import transaction
from django.db.models import Max
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from triage.durations import format_duration
from triage.entries import place_entry
from triage.forms import QuickEntryForm, TimeLogForm, TimerStartForm
from triage.models import Task, TimeLog
from triage.views.helpers import (
    INVALID,
    get_log_for_user,
    get_task_for_user,
    redirect_back,
    requested_week,
)
from triage.weeks import Week, split_by_day

UNDO_SALT = "triage.log.undo"
UNDO_SECONDS = 120


def _week_days(logs: list[TimeLog], week: Week) -> list[dict]:
    """The week's days, newest first, each with its logs and the hours that fell on it."""
    zone = week.zone
    by_day: dict = defaultdict(list)
    totals: dict = defaultdict(timedelta)
    for log in logs:
        by_day[log.start.astimezone(zone).date()].append(log)
        for day, length in split_by_day(log.start, log.end, zone):
            totals[day] += length
    today = timezone.localdate()
    return [
        {
            "day": day,
            "logs": by_day.get(day, []),
            "total": totals.get(day, timedelta(0)),
            "is_today": day == today,
        }
        for day in reversed(week.days)
        if day <= today or by_day.get(day)
    ]


def _log_context(request: HttpRequest, week: Week) -> dict:
    logs = list(
        TimeLog.objects.filter(owner=request.user, end__isnull=False)
        .overlapping(week.start, week.end)
        .select_related("task")
        .order_by("-start")
    )
    days = _week_days(logs, week)
    week_total = sum(
        (day["total"] for day in days if week.first_day <= day["day"] <= week.last_day),
        timedelta(0),
    )
    return {
        "week": week,
        "days": days,
        "week_total": week_total,
        "is_current_week": week.contains(timezone.now()),
    }


def _forms(request: HttpRequest, **bound) -> dict:
    now = timezone.now()
    owner_settings = request.owner_settings
    return {
        "quick_form": bound.get("quick_form")
        or QuickEntryForm(owner=request.user, today=owner_settings.today()),
        "log_form": bound.get("log_form")
        or TimeLogForm(owner=request.user, now=now, zone=owner_settings.zone),
        "timer_form": TimerStartForm(owner=request.user),
    }


@require_GET
def log_page(request: HttpRequest) -> HttpResponse:
    week = requested_week(request)
    context = _log_context(request, week) | _forms(request)
    if request.htmx and request.htmx.target == "week-logs":
        return render(request, "triage/log.html#week_logs", context)
    return render(request, "triage/log.html", context)


def _created(request: HttpRequest, log: TimeLog, message: str) -> HttpResponse:
    """After a new log: htmx gets the refreshed list and a clean form; a plain post redirects."""
    if not request.htmx:
        messages.success(request, message)
        return redirect_back(request, reverse("log"))
    week = requested_week(request)
    context = _log_context(request, week) | _forms(request)
    context["highlight_id"] = log.pk
    context["flash"] = message
    return render(request, "triage/log.html#entry_panel", context)


def _invalid(request: HttpRequest, **bound) -> HttpResponse:
    if request.htmx:
        context = _forms(request, **bound)
        fragment, target = (
            ("quick_entry", "#quick-entry")
            if "quick_form" in bound
            else ("full_form", "#full-form-body")
        )
        response = render(request, f"triage/log.html#{fragment}", context, status=INVALID)
        # The form is swapped in place; the list below stays as it was.
        response["HX-Retarget"] = target
        response["HX-Reswap"] = "innerHTML"
        return response
    week = requested_week(request)
    context = _log_context(request, week) | _forms(request, **bound)
    context["open_full_form"] = "log_form" in bound
    return render(request, "triage/log.html", context, status=INVALID)


@require_POST
def quick_entry(request: HttpRequest) -> HttpResponse:
    owner_settings = request.owner_settings
    form = QuickEntryForm(request.POST, owner=request.user, today=owner_settings.today())
    if not form.is_valid():
        return _invalid(request, quick_form=form)
    entry = form.cleaned_data["entry"]
    zone = owner_settings.zone
    with transaction.atomic():
        task = form.cleaned_data["task"] or Task.objects.titled(
            request.user, entry.task_title, form.cleaned_data["category"]
        )
        day_start = datetime.combine(entry.day, datetime.min.time(), tzinfo=zone)
        latest_end = TimeLog.objects.filter(
            owner=request.user, start__gte=day_start, start__lt=day_start + timedelta(days=1)
        ).aggregate(latest=Max("end"))["latest"]
        start, end = place_entry(entry.day, entry.duration, timezone.now(), zone, latest_end)
        log = TimeLog.objects.create(
            owner=request.user, task=task, start=start, end=end, note=entry.note
        )
    return _created(request, log, f"Logged {format_duration(entry.duration)} on {task.title}.")


@require_POST
def log_create(request: HttpRequest) -> HttpResponse:
    owner_settings = request.owner_settings
    if request.POST.get("task"):
        get_task_for_user(request, request.POST["task"])  # another owner's task: 404
    form = TimeLogForm(
        request.POST, owner=request.user, now=timezone.now(), zone=owner_settings.zone
    )
    if not form.is_valid():
        return _invalid(request, log_form=form)
    data = form.cleaned_data
    log = TimeLog.objects.create(
        owner=request.user,
        task=data["task"],
        start=data["start"],
        end=data["end"],
        note=data["note"],
    )
    return _created(request, log, f"Logged {format_duration(log.duration)} on {log.task.title}.")


@require_http_methods(["GET", "POST"])
def log_edit(request: HttpRequest, log_id: int) -> HttpResponse:
    log = get_log_for_user(request, log_id)
    owner_settings = request.owner_settings
    if request.method == "POST" and request.POST.get("task"):
        get_task_for_user(request, request.POST["task"])
    form = TimeLogForm(
        request.POST or None,
        owner=request.user,
        now=timezone.now(),
        zone=owner_settings.zone,
        existing=log,
    )
    context = {"log": log, "edit_form": form}
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            log.task, log.start, log.end, log.note = (
                data["task"],
                data["start"],
                data["end"],
                data["note"],
            )
            log.save(update_fields=["task", "start", "end", "note"])
            if request.htmx:
                return render(
                    request, "triage/log.html#log_row", {"log": log, "highlight_id": log.pk}
                )
            messages.success(request, "Saved.")
            return redirect_back(request, reverse("log"))
        status = INVALID
    else:
        status = 200
    if request.htmx:
        return render(request, "triage/log.html#log_row_form", context, status=status)
    return render(request, "triage/log_form.html", context, status=status)


@require_GET
def log_row(request: HttpRequest, log_id: int) -> HttpResponse:
    """One row, as it is now: what Esc or Cancel puts back after an inline edit."""
    log = get_log_for_user(request, log_id)
    return render(request, "triage/log.html#log_row", {"log": log})


@require_http_methods(["GET", "POST"])
def log_delete(request: HttpRequest, log_id: int) -> HttpResponse:
    log = get_log_for_user(request, log_id)
    if request.method == "GET":
        return render(request, "triage/log_confirm_delete.html", {"log": log})
    if log.is_running:
        messages.error(request, "Stop the timer before deleting its log.")
        return redirect_back(request, reverse("log"))
    undo_token = signing.dumps(
        {
            "task": log.task_id,
            "start": log.start.isoformat(),
            "end": log.end.isoformat(),
            "note": log.note,
        },
        salt=UNDO_SALT,
    )
    log.delete()
    if request.htmx:
        return render(
            request,
            "triage/log.html#deleted_row",
            {"log": log, "undo_token": undo_token, "undo_seconds": 8},
        )
    messages.success(request, f"Deleted {format_duration(log.duration)} on {log.task.title}.")
    return redirect_back(request, reverse("log"))


@require_POST
def log_restore(request: HttpRequest) -> HttpResponse:
    """Undo a delete: the signed token carries the row back, for a couple of minutes."""
    try:
        data = signing.loads(request.POST.get("token", ""), salt=UNDO_SALT, max_age=UNDO_SECONDS)
    except signing.BadSignature:
        messages.error(request, "Too late to undo that delete.")
        return HttpResponse(status=410) if request.htmx else redirect("log")
    task = get_task_for_user(request, data["task"])
    log = TimeLog.objects.create(
        owner=request.user,
        task=task,
        start=datetime.fromisoformat(data["start"]),
        end=datetime.fromisoformat(data["end"]),
        note=data["note"],
    )
    if request.htmx:
        return render(request, "triage/log.html#log_row", {"log": log, "highlight_id": log.pk})
    messages.success(request, "Restored.")
    return redirect_back(request, reverse("log"))


@require_GET
def log_dismiss(request: HttpRequest) -> HttpResponse:
    """The undo offer expires: an empty answer removes it from the page."""
    return HttpResponse("")
