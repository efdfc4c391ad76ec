"""/log/: the week's time logs, quick entry, the full form, inline edit, delete and undo.

An htmx request gets the part of the page that changed: the form it came from plus the
week's list (out of band), or the week's list alone after an edit, a delete or an undo, so
days, their order and every total stay right without a reload.
"""

import contextlib
import hashlib
from datetime import date, datetime, timedelta
from urllib.parse import quote, urlencode, urlsplit

from django.contrib import messages
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.db.models.functions import Lower
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods
from django_htmx.http import trigger_client_event

from triage import header, logged_hours, timeline, timelogs, timer, timesheet
from triage.durations import format_duration, to_the_minute
from triage.entries import EARLIEST_DAY, EntryError, day_name, loggable
from triage.formatting import time_range
from triage.forms import QuickEntryForm, SplitLogForm, TimeLogForm, TimerStartForm
from triage.log_reads import logs_with_tasks
from triage.models import RestoredDelete, TimeLog, lock_owner, overlapping
from triage.text import one_line, tag_list
from triage.views.helpers import (
    INVALID,
    BadRange,
    _id,
    date_range,
    get_log_for_user,
    get_task_for_user,
    next_url,
    post_only,
    redirect_back,
    requested_part,
    requested_week,
    restored_note,
)
from triage.weeks import Week, local_midnight, parse_day, parse_week, pieces_by_day

UNDO_SALT = "triage.log.undo"
UNDO_SECONDS = 120
# What `?part=` may ask of the log page: a fragment an htmx element refreshes itself with.
PAGE_PARTS = {"week_logs", "timer_panel", "full_form", "full_form_card"}


LOG_VIEWS = ("list", "timeline", "timesheet")


def _log_view(request: HttpRequest) -> str:
    """List, timeline or timesheet: chosen with `?view=`, remembered in the session."""
    chosen = request.GET.get("view")
    if chosen in LOG_VIEWS:
        request.session["log_view"] = chosen
    return request.session.get("log_view", "list")


def _week_context(request: HttpRequest, week: Week, logs: list | None = None) -> dict:
    """The week's list. `logs`, the week's finished logs when the caller has read them
    already (a quick entry reads them under its lock), saves reading them again."""
    if logs is None:
        logs = logs_with_tasks(request.user.pk, [(week.start, week.end)])
    today = request.owner_settings.today()
    days = timesheet.week_days(logs, week, today)
    context = {
        "week": week,
        "week_log_list": logs,  # as read, for what else the page derives from them
        "days": days,
        "week_total": timesheet.week_total(days, week),
        # Overlapping logs count their shared time once each: the total says how much.
        "counted_twice": timesheet.counted_twice(
            [(log.start, log.end) for log in logs], week.start, week.end
        ),
        "is_current_week": week.contains(timezone.now()),
        "log_view": _log_view(request),
        "move_targets": _move_targets(request),
    }
    if context["log_view"] == "timeline":
        running = timer.running_log(request.user)
        if running and running.start < week.end:
            logs.append(running)  # the running timer grows on the timeline
        context |= _timeline_context(request, week, logs, today)
    elif context["log_view"] == "timesheet":
        open_tasks = list(request.user.tasks.filter(archived=False).order_by(Lower("title")))
        always = {task.pk for task in open_tasks if task.pinned}
        sheet_open = any(loggable(day, today) for day in week.days)  # a day can take time
        if not logs and sheet_open:
            # A week left empty (forgotten, say) starts from the week before's tasks, as
            # Clockify's "copy last week" does without its time: rows ready to type into.
            before = week.previous
            always |= set(
                request.user.time_logs.overlapping(before.start, before.end)
                .order_by()
                .values_list("task_id", flat=True)
                .distinct()
            )
        grid = timesheet.task_grid(logs, week, always=[t for t in open_tasks if t.pk in always])
        # The last row's tasks: the open ones the sheet has no row for.
        listed = {row.task.pk for row in grid.rows}
        context |= {
            "grid": grid,
            "today": today,
            "sheet_open": sheet_open,
            "new_row_tasks": [task for task in open_tasks if task.pk not in listed],
        }
    return context


def _move_targets(request: HttpRequest):
    """The tasks ticked logs can be moved to: the owner's open ones, by name."""
    return request.user.tasks.filter(archived=False).only("pk", "title")


def _timeline_context(request: HttpRequest, week: Week, logs, today) -> dict:
    try:
        shown = date.fromisoformat(request.GET.get("day", ""))
    except ValueError:
        shown = None
    if shown not in week.days:
        shown = today if today in week.days else week.first_day
    index = week.days.index(shown)
    week_timeline = timeline.timeline(week, logs, timezone.now())
    return {
        "timeline": week_timeline,
        "day_timeline": timeline.one_day(week_timeline, shown),
        "shown_day": shown,
        "previous_day": week.days[index - 1] if index else None,
        # No paging into days still to come (the week's own links stop at this week too).
        "next_day": week.days[index + 1] if index < 6 and week.days[index + 1] <= today else None,
    }


def _forms(request: HttpRequest, full_form: bool = False, latest_logs=None, **bound) -> dict:
    """The log page's forms. The full form, folded away under its summary, comes only when
    asked for (`full_form`, or bound to a POST): the page loads it when it is opened."""
    owner_settings = request.owner_settings
    forms = {
        "quick_form": bound.get("quick_form")
        or QuickEntryForm(today=owner_settings.today(), first_weekday=owner_settings.first_weekday),
        "timer_form": TimerStartForm(owner=request.user),
    }
    if full_form or "log_form" in bound:
        forms["log_form"] = bound.get("log_form") or TimeLogForm(
            owner=request.user,
            now=timezone.now(),
            zone=owner_settings.zone,
            initial=_times_asked(request.GET),
        )
    # The full form, the timer, its chips and the move-to list offer the same tasks: read
    # them once.
    tasks = list(request.user.tasks.filter(archived=False))
    for form in (forms["timer_form"], forms.get("log_form")):
        if form is not None:
            form.fields["task"].listed = tasks
    forms["move_targets"] = tasks
    forms["recent_tasks"] = timer_chips(request.user, tasks, latest_logs=latest_logs)
    return forms


def _times_asked(query: QueryDict) -> dict:
    """The full form's day and times as a timeline gap's link carries them (`?day=&
    start_time=&end_time=`): each one kept only when it reads as the form's field would."""
    initial = {}
    for name in ("day", "start_time", "end_time"):
        with contextlib.suppress(ValidationError):  # not a day or a time: left blank
            initial[name] = TimeLogForm.base_fields[name].clean(query.get(name, ""))
    if query.get("ends_next_day") == "on":
        initial["ends_next_day"] = True
    return initial


SEARCH_MAX_LENGTH = 200
SEARCH_ROWS = 500
# What makes /log/ a search rather than a week: words, a tag, a period, a client, a
# project, a task, a category.
SEARCH_TERMS = ("q", "tag", "from", "to", "client", "project", "task", "category")
# The terms that pick logs by what they are (`TimeLog.objects.matching`), in any case.
NAMED_TERMS = ("tag", "client", "project", "category")


def search_terms(query: QueryDict) -> dict[str, str]:
    """The search a /log/ address asks for (each on one line: a NUL is no character anyone
    searches for — PostgreSQL refuses it in a query, a 500, and SQLite's LIKE stops at it);
    empty for the week's page."""
    terms = {name: one_line(query.get(name, "")) for name in SEARCH_TERMS}
    return {name: value for name, value in terms.items() if value}


def _search_context(request: HttpRequest, terms: dict[str, str]) -> dict:
    """`/log/?q=`: logs of all time whose task, note, client or tags hold the words;
    `?tag=`: those with that tag (a log's tag links here); `?from=&to=`: those with time in
    that period (the report's figures link here with theirs); `?client=`: those of that
    client's tasks, `?project=` of that project's; `?task=<id>`: one task's (another
    owner's: 404); `?category=`: the tasks' of that category. The total counts the period's
    time alone, as the report does."""
    too_long = any(len(value) > SEARCH_MAX_LENGTH for value in terms.values())
    if too_long:  # shown back cut short
        terms = {name: value[:50] for name, value in terms.items()}
    query = terms.get("q", "")
    context = {"query": query, "terms": terms}
    context |= {name: terms.get(name, "") for name in NAMED_TERMS}
    if too_long:
        return context | {"search_error": f"Search for at most {SEARCH_MAX_LENGTH} characters."}
    try:
        first, last = date_range(request)
    except BadRange as error:
        return context | {"search_error": str(error)}
    found = TimeLog.objects.filter(owner=request.user, end__isnull=False)
    owner_settings = request.owner_settings
    period = None
    if first or last:
        zone = owner_settings.zone
        period = (
            local_midnight(first or EARLIEST_DAY, zone),
            local_midnight((last or owner_settings.today()) + timedelta(days=1), zone),
        )
        found = found.filter(overlapping(*period))
    found, context["task"] = filter_logs(request, found, terms)
    for word in query.split():
        found = found.filter(
            Q(task__title__icontains=word)
            | Q(note__icontains=word)
            | Q(task__client__icontains=word)
            | Q(task__project__icontains=word)
            | Q(tags__icontains=word)
        )
    owner_zone = owner_settings.zone
    window = period or (  # all of time: every log lies between 2000 and the end of today
        local_midnight(EARLIEST_DAY, owner_zone),
        local_midnight(owner_settings.today() + timedelta(days=2), owner_zone),
    )
    # The count, the time (inside the period: a log across its edge counts only its part
    # in it, as the report does) and how much of it overlapping logs count twice.
    added = logged_hours.sums(found, *window)
    try:
        older_than = parse_day(request.GET.get("before", ""), "?before")
    except ValueError as error:
        return context | {"search_error": str(error)}
    listed = found
    if older_than:
        listed = found.filter(start__lt=local_midnight(older_than, owner_zone))
    logs, next_before, not_listed = _a_page_of_days(listed, owner_zone)
    crowded_day = logs[-1].start.astimezone(owner_zone).date() if not_listed else None
    if next_before:  # a log across the page's oldest midnight has its later piece here too
        logs += _running_into(found, local_midnight(next_before, owner_zone))
    # The days of the period, and of this page of it: a log over one's edge shows the piece
    # inside, as the week's page does.
    page_last = older_than - timedelta(days=1) if older_than else None
    days = timesheet.found_days(
        logs,
        owner_zone,
        owner_settings.today(),
        max(filter(None, (first, next_before)), default=None),
        min(filter(None, (last, page_last)), default=None),
    )
    outside = to_the_minute(added.time - added.inside)
    # All of them listed: the days as they read, added up; else the whole count's time.
    all_listed = not older_than and next_before is None and not not_listed
    found_time = (
        sum((day.total for day in days), timedelta(0)) if all_listed else added.time - outside
    )
    return context | {
        "first": first,
        "last": last,
        "without": _search_without(terms),
        # The logs the search lists, as a CSV (words searched for are no export's filter).
        "export_query": "" if query else urlencode(terms, quote_via=quote),
        "days": days,
        "found_count": added.count,
        "found_time": found_time,
        "outside_time": outside,
        "counted_twice": added.counted_twice,
        "shown_count": len(logs),
        "not_listed": not_listed,
        "crowded_day": crowded_day,  # a day with more logs than four pages: its newest
        # A page older than the newest, and the next one: the same search from another day.
        "before": older_than,
        "newest_page": _search_url(terms) if older_than else "",
        "older_page": next_before and _search_url(terms | {"before": next_before.isoformat()}),
        "back_to": request.get_full_path(),
        "move_targets": _move_targets(request),
    }


def _a_page_of_days(logs, zone) -> tuple[list[TimeLog], date | None, int]:
    """The newest SEARCH_ROWS of `logs` in whole days (a day cut in two would show half its
    total), the day the next page lists logs before — None when none are left — and how
    many logs of the page's one day are not listed. A day with more logs than a page is
    listed whole, up to four pages' worth (an import can pile logs on one day); beyond
    that its newest are, and the page says how many are not."""
    newest = logs.select_related("task").order_by("-start")
    page = list(newest[: SEARCH_ROWS + 1])
    if len(page) <= SEARCH_ROWS:
        return page, None, 0
    first_left_out = page[SEARCH_ROWS].start.astimezone(zone).date()
    page = page[:SEARCH_ROWS]
    whole_days = [log for log in page if log.start.astimezone(zone).date() > first_left_out]
    if whole_days:
        return whole_days, first_left_out + timedelta(days=1), 0
    day_start = local_midnight(first_left_out, zone)
    one_day = newest.filter(start__gte=day_start)
    page = list(one_day[: SEARCH_ROWS * 4 + 1])
    not_listed = 0
    if len(page) > SEARCH_ROWS * 4:
        page = page[: SEARCH_ROWS * 4]
        not_listed = one_day.count() - len(page)
    older = newest.filter(start__lt=day_start)
    return page, first_left_out if older.exists() else None, not_listed


def _running_into(logs, midnight: datetime) -> list[TimeLog]:
    """Of `logs`, those begun before `midnight` and ended after it: `overlapping` the instant
    (its index range on start)."""
    return list(logs.filter(overlapping(midnight, midnight)).select_related("task"))


def filter_logs(request: HttpRequest, logs, terms: dict[str, str]):
    """`logs` of the search's tag, client, project, category and task (another owner's
    task: 404), and that task (or None): the search's list and its CSV export filter alike."""
    task = get_task_for_user(request, terms["task"]) if "task" in terms else None
    filters = {name: terms.get(name, "") for name in NAMED_TERMS}
    return logs.matching(**filters, task=task), task


def _search_without(terms: dict[str, str]) -> dict[str, str]:
    """For each of the search's terms (the period as one), the address of the search
    without it: its chip's ×. Without the last, the week's page."""
    links = {}
    for name in ("q", "task", *NAMED_TERMS):
        links[name] = _search_url({k: v for k, v in terms.items() if k != name})
    links["period"] = _search_url({k: v for k, v in terms.items() if k not in {"from", "to"}})
    return links


def _search_url(terms: dict[str, str]) -> str:
    return reverse("log") + (f"?{urlencode(terms, quote_via=quote)}" if terms else "")


PINNED_CHIPS = 5


def timer_chips(owner, tasks: list, count: int = 5, latest_logs=None) -> list:
    """The log page's one-tap timer chips: the pinned tasks first (Toggl's favourites, at
    most PINNED_CHIPS of them, A to Z), then the `count` logged most recently."""
    pinned = sorted((task for task in tasks if task.pinned), key=lambda t: t.title.lower())
    pinned = pinned[:PINNED_CHIPS]
    recent = recent_tasks(owner, tasks, count + len(pinned), latest_logs=latest_logs)
    return pinned + [task for task in recent if task not in pinned][:count]


def recent_tasks(owner, tasks: list | None = None, count: int = 5, latest_logs=None) -> list:
    """The tasks logged most recently: one tap starts a timer or fills the quick entry.
    `tasks`, the owner's open tasks when the page has them already, saves a query; so do
    `latest_logs`, the owner's newest logs newest first, when they name `count` tasks."""
    if tasks is not None and latest_logs is not None:
        by_id = {task.pk: task for task in tasks}
        newest = [log.task_id for log in latest_logs if log.task_id in by_id][:50]
        ids = list(dict.fromkeys(newest))[:count]
        if len(ids) == count:
            return [by_id[task_id] for task_id in ids]
    latest = (
        TimeLog.objects.filter(owner=owner, task__archived=False)
        .order_by("-start")
        .values_list("task_id", flat=True)[:50]
    )
    ids = list(dict.fromkeys(latest))[:count]
    by_id = {task.pk: task for task in tasks} if tasks is not None else owner.tasks.in_bulk(ids)
    return [by_id[task_id] for task_id in ids if task_id in by_id]


def _latest_logs(request: HttpRequest, week_context: dict) -> list | None:
    """The owner's newest logs, newest first, when the page holds them: this week's that
    began in it, with the running timer's. None for another week."""
    if not week_context["is_current_week"]:
        return None
    week = week_context["week"]
    began = {log.pk: log for log in week_context["week_log_list"] if log.start >= week.start}
    running = header.for_request(request).running  # the page's header reads it anyway
    if running is not None:
        began[running.pk] = running
    return sorted(began.values(), key=lambda log: log.start, reverse=True)


@require_GET
def log_page(request: HttpRequest) -> HttpResponse:
    terms = search_terms(request.GET)
    if terms:
        context = _search_context(request, terms)
        status = 400 if "search_error" in context else 200
        return render(request, "triage/log_search.html", context, status=status)
    week = requested_week(request)
    part = requested_part(request)
    if part == "week_logs":
        return render(request, "triage/log.html#week_logs", _week_context(request, week))
    if part == "full_form":
        return render(request, "triage/log.html#full_form", _forms(request, full_form=True))
    full_form = request.GET.get("form") == "full"  # the link in the folded form, no JavaScript
    context = _week_context(request, week)
    latest = _latest_logs(request, context)
    context |= _forms(request, full_form=full_form, latest_logs=latest)
    if part in PAGE_PARTS:
        return render(request, f"triage/log.html#{part}", context)
    return render(request, "triage/log.html", context)


def _week_logs(request: HttpRequest, status: int = 200, **extra) -> HttpResponse:
    """The week's list, as it is now, for the week the page shows."""
    context = _week_context(request, requested_week(request)) | extra
    return render(request, "triage/log.html#week_logs", context, status=status)


def _days_changed(
    request: HttpRequest,
    added_to: set[date] = frozenset(),
    removed_from: set[date] = frozenset(),
    **extra,
) -> HttpResponse:
    """After an edit, a delete or an undo, htmx gets only what changed, out of band: the
    groups of the days that lost a log's rows and of those that gained them (a log over
    midnight has a row on each day), the week's total and the undo offer. The whole list
    comes instead when the page cannot take that: the timeline, a day that has no group on
    the page yet, a week left empty."""
    context = _week_context(request, requested_week(request)) | extra
    if not _only_days_change(context, added_to, removed_from):
        return render(request, "triage/log.html#week_logs", context)
    response = render(request, "triage/log.html#days_changed", context)
    response["HX-Reswap"] = "none"  # the list stays; the parts above swap in by their ids
    return response


def _only_days_change(context: dict, added_to: set[date], removed_from: set[date]) -> bool:
    """Whether the list on the page can take the change day by day (the days a log covers,
    after and before); if so, the days it touched go into `changed_days`."""
    groups = {day.day: day for day in context["days"]}
    new_group = any(
        day in groups and day not in removed_from and len(groups[day].rows) == 1 for day in added_to
    )
    if context["log_view"] != "list" or new_group or not context["week_total"]:
        return False
    context["changed_days"] = [groups[day] for day in added_to | removed_from if day in groups]
    return True


def log_list_week(request: HttpRequest) -> Week | None:
    """The week the log page's list shows, when an htmx request comes from that page (its
    HX-Current-URL); None from any other page, a search or the timeline."""
    try:
        page = urlsplit(request.headers.get("HX-Current-URL", ""))
    except ValueError:  # not an address (`http://[`): as from no page of ours
        return None
    query = QueryDict(page.query)
    view = query.get("view") or request.session.get("log_view", "list")
    if page.path != reverse("log") or search_terms(query) or view != "list":
        return None
    owner_settings = request.owner_settings
    try:
        return parse_week(query["week"], owner_settings.zone, owner_settings.first_weekday)
    except (KeyError, ValueError):
        return owner_settings.this_week()


def timer_changes_on_the_log_page(request: HttpRequest, week: Week, stopped: TimeLog | None) -> str:
    """A timer stopped from the log page's list: what that page must show now, as
    out-of-band parts — the card's "Running" line, the stopped log's day and the week's
    total (or the whole list when the day has no group yet)."""
    context = _week_context(request, week)
    if stopped is not None:
        context["highlight_id"] = stopped.pk
        days = _local_days(request, stopped)
        context["week_logs_oob"] = not _only_days_change(context, days, set())
    return render_to_string("triage/log.html#timer_changes", context, request)


def _saved(
    request: HttpRequest,
    log: TimeLog,
    form_part: str,
    week_logs: list | None = None,
    restored: bool = False,
) -> HttpResponse:
    """After a new log a plain post redirects. htmx gets the message and, out of band, the
    day the log landed on and the week's total: the entry form stays as the browser has it
    (it empties itself on `log-saved`). The full form, and a quick entry that answered a new
    task's question, come back fresh with the week's list."""
    start = log.start.astimezone(request.owner_settings.zone)
    tagged = f" tagged {log.tags}" if log.tags else ""  # `#billable` read as a tag, say so
    message = (
        f"Logged {format_duration(log.duration)} on {log.task.title}{tagged}, "
        f"{day_name(start.date(), request.owner_settings.today())} "
        f"{time_range(log.start, log.end, request.owner_settings.zone)}."
    )
    if restored:
        message += f" {restored_note(log.task)}"
    if not request.htmx:
        messages.success(request, message)
        return redirect_back(request, reverse("log"))
    context = _week_context(request, requested_week(request), week_logs)
    context |= {"highlight_id": log.pk, "flash": message, "week_logs_oob": True}
    if form_part == "quick_entry" and "category" not in request.POST:
        days = _local_days(request, log)
        context["week_logs_oob"] = not _only_days_change(context, days, set())
        response = render(request, "triage/log.html#entry_saved", context)
        response["HX-Retarget"] = "#quick-entry-result"
        response["HX-Reswap"] = "innerHTML"
        response["HX-Trigger"] = "log-saved"
        return response
    context |= _forms(request, full_form=form_part == "full_form")
    return render(request, f"triage/log.html#{form_part}", context)


def _invalid(request: HttpRequest, form_part: str, **bound) -> HttpResponse:
    form = next(iter(bound.values()))
    status = 200 if getattr(form, "only_asks_about_the_new_task", False) else INVALID
    if request.htmx:  # the form is swapped in place; the list below stays as it was
        context = _forms(request, **bound)
        return render(request, f"triage/log.html#{form_part}", context, status=status)
    context = _week_context(request, requested_week(request)) | _forms(request, **bound)
    return render(request, "triage/log.html", context, status=status)


@post_only("log")
def quick_entry(request: HttpRequest) -> HttpResponse:
    owner_settings = request.owner_settings
    form = QuickEntryForm(
        request.POST,
        today=owner_settings.today(),
        first_weekday=owner_settings.first_weekday,
        zone=owner_settings.zone,
        now=timezone.now(),
    )
    if not form.is_valid():
        return _invalid(request, "quick_entry", quick_form=form)
    data = form.cleaned_data
    # htmx answers with the page's week: read under the lock with the day's logs, not again.
    week = requested_week(request) if request.htmx else None
    try:
        added = timelogs.add_quick_entry(
            request.user,
            data["entry"],
            data["category"],
            data["is_mga"],
            form.now,  # now, or when an entry sent later was typed
            owner_settings.zone,
            shown=(week.start, week.end) if week else None,
            entry_key=data["entry_key"],
        )
    except timelogs.NewTask as new_task:
        form.ask_about_new_task(data, new_task.title, then="save", owner=request.user)
        return _invalid(request, "quick_entry", quick_form=form)
    except EntryError as error:
        form.add_error("entry", str(error))
        return _invalid(request, "quick_entry", quick_form=form)
    except timelogs.AlreadyAdded as already:
        return _sent_before(request, already.log_id, data["entry_key"])
    response = _saved(
        request, added.log, "quick_entry", week_logs=added.shown, restored=added.restored
    )
    return _offline_entry_sent(request, response, data["entry_key"])


def _offline_entry_sent(request: HttpRequest, response: HttpResponse, key: str) -> HttpResponse:
    """The phone's queue of entries typed offline (triage.js) drops this one, and sends the
    next, once the page has settled."""
    if key and request.htmx:
        trigger_client_event(response, "offline-entry-sent", {"key": key}, after="settle")
    return response


def _sent_before(request: HttpRequest, log_id: int, key: str) -> HttpResponse:
    """An entry typed offline that was saved already (sent from two tabs, or again after
    its answer was lost): nothing new is logged, and the page says so."""
    log = request.user.time_logs.filter(pk=log_id).select_related("task").first()
    message = "Already logged earlier" + (
        f": {format_duration(log.duration)} on {log.task.title}." if log else "."
    )
    if not request.htmx:
        messages.info(request, message)
        return redirect_back(request, reverse("log"))
    context = _forms(request) | {"flash": message}  # the entry's form only, as `_invalid`
    response = render(request, "triage/log.html#quick_entry", context)
    return _offline_entry_sent(request, response, key)


def _save_from_form(request: HttpRequest, form: TimeLogForm, log: TimeLog) -> TimeLog | None:
    """Save the form's times onto `log`; None, with the reason on the form, when the day
    has no room for a duration, or when the log changed between the form's check and the
    save (another tab's save at the same moment)."""
    read_as = None if log._state.adding else log.state()  # as the form's check read it
    form.fill(log)
    placement = form.cleaned_data["placement"]
    try:
        return timelogs.save_log(log, placement, timezone.now(), form.zone, read_as=read_as)
    except EntryError as error:
        form.add_error("duration", str(error))
    except timelogs.ChangedMeanwhile:
        form.add_error(None, CHANGED_A_MOMENT_AGO)
    return None


CHANGED_A_MOMENT_AGO = (
    "This log changed a moment ago (another tab or device): look at it again, then save."
)


@post_only("log")
def log_timesheet(request: HttpRequest) -> HttpResponse:
    """Time typed into the timesheet's cells (Clockify's): each changed cell is its task's
    new total for the day, and the difference is logged on that day where nothing else is,
    as a quick entry's would be. All of them or none (one transaction, the owner's lock)."""
    owner_settings, now = request.owner_settings, timezone.now()
    week = requested_week(request)
    posted, unpicked = timesheet.with_new_row(request.POST)
    typed, errors = timesheet.typed_cells(posted, week, owner_settings.today())
    errors |= unpicked
    task_ids = {cell.task_id for cell in typed}
    tasks = request.user.tasks.in_bulk(task_ids)
    if len(tasks) != len(task_ids):
        raise Http404("No such task.")  # another owner's, or gone
    added: list[TimeLog] = []
    restored: list = []  # archived tasks the typed time brought back
    if typed and not errors:
        try:
            with transaction.atomic():
                lock_owner(request.user)
                logs = logs_with_tasks(request.user.pk, [(week.start, week.end)])
                to_add, errors = timesheet.additions(timesheet.task_grid(logs, week), typed)
                for cell, length in [] if errors else to_add:
                    task = tasks[cell.task_id]
                    log = TimeLog(owner=request.user, task=task, tags=task.tags_for_new_log())
                    timelogs.place_and_save(
                        log, cell.day, length, now, owner_settings.zone, locked=True
                    )
                    if task.restore_if_archived():
                        restored.append(task)
                    added.append(log)
        except EntryError as error:  # the day has no room: nothing of it was saved
            errors, added, restored = {cell.name: str(error)}, [], []
    if errors:
        # As typed: the cells, and the last row's task and days as the form sent them.
        context = {"cell_errors": errors, "typed": request.POST.dict() | posted}
        if request.htmx:
            return _week_logs(request, status=INVALID, **context)
        context |= _week_context(request, week) | _forms(request)
        return render(request, "triage/log.html", context, status=INVALID)
    if added:
        today, zone = owner_settings.today(), owner_settings.zone
        said = (
            f"{format_duration(log.duration)} to {log.task.title} on "
            f"{day_name(log.start.astimezone(zone).date(), today)}"
            for log in added
        )
        messages.success(
            request, " ".join([f"Added {', '.join(said)}."] + [restored_note(t) for t in restored])
        )
    if not request.htmx:
        return redirect_back(request, reverse("log") + f"?week={week.label}&view=timesheet")
    return render(request, "triage/log.html#sheet_saved", _week_context(request, week))


@require_http_methods(["GET", "POST"])
def log_create(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":  # a typed or bookmarked address: the form is on the log page
        return redirect(reverse("log") + "?form=full#full-form")
    if request.POST.get("task"):
        get_task_for_user(request, request.POST["task"])  # another owner's task: 404
    form = TimeLogForm(
        request.POST, owner=request.user, now=timezone.now(), zone=request.owner_settings.zone
    )
    log = form.is_valid() and _save_from_form(request, form, TimeLog(owner=request.user))
    if not log:
        return _invalid(request, "full_form", log_form=form)
    return _saved(request, log, "full_form")


@require_http_methods(["GET", "POST"])
def log_edit(request: HttpRequest, log_id: int) -> HttpResponse:
    log = get_log_for_user(request, log_id)
    if request.method == "POST" and request.POST.get("task"):
        get_task_for_user(request, request.POST["task"])
    form = TimeLogForm(
        request.POST or None,
        owner=request.user,
        now=timezone.now(),
        zone=request.owner_settings.zone,
        existing=log,
    )
    if request.method == "GET":
        if request.htmx:  # a row of the list, or (from the timeline) a panel above it
            part = "log_editor" if requested_part(request) == "editor" else "log_row_form"
            context = {"log": log, "edit_form": form, "split_form": _split_form(request, log)}
            return render(request, f"triage/log.html#{part}", context)
        return render(request, "triage/log_form.html", _form_page(request, log, form))
    return _save_edit(request, log, form)


def _save_edit(request: HttpRequest, log: TimeLog, form: TimeLogForm) -> HttpResponse:
    """An edit (the form, or the timeline's drag) saved: htmx gets the days it touched, a
    plain post goes back; refused, the log's forms again, saying why."""
    old_days = _local_days(request, log)
    if form.is_valid() and _save_from_form(request, form, log):
        if request.htmx:
            return _days_changed(request, _local_days(request, log), old_days, highlight_id=log.pk)
        messages.success(request, "Saved.")
        return redirect_back(request, reverse("log"))
    log.refresh_from_db()  # the row shows what is saved, the form what was typed
    return _edit_refused(request, log, form, _split_form(request, log))


@post_only("log_edit", "log_id")
def log_split(request: HttpRequest, log_id: int) -> HttpResponse:
    """Toggl's split, from a log's edit: it ends at the time given, and a new log (the same
    task, or the one picked) runs on from there to its old end."""
    log = get_log_for_user(request, log_id)
    if request.POST.get("then_task"):
        get_task_for_user(request, request.POST["then_task"])  # another owner's task: 404
    zone = request.owner_settings.zone
    form = SplitLogForm(request.POST, log=log, zone=zone)
    later = None
    if form.is_valid():
        try:
            cleaned = form.cleaned_data
            later = timelogs.split_log(log, cleaned["split_at"], cleaned["then_task"])
        except timelogs.ChangedMeanwhile:
            log = get_log_for_user(request, log_id)  # gone: 404
            form = SplitLogForm(request.POST, log=log, zone=zone)
            if form.is_valid():  # else it says what the log reads now
                form.add_error(None, "This log changed a moment ago: look again, then split it.")
    if later is None:
        edit_form = TimeLogForm(owner=request.user, now=timezone.now(), zone=zone, existing=log)
        return _edit_refused(request, log, edit_form, form)
    parts = f"{time_range(log.start, log.end, zone)} and {time_range(later.start, later.end, zone)}"
    message = f"Split {log.task.title} in two: {parts}" + (
        f", the later part on {later.task.title}." if later.task_id != log.task_id else "."
    )
    if request.htmx:
        split = {"earlier": log.pk, "later": later.pk, "at": later.start.isoformat()}
        split["later_state"] = later.state()
        return _days_changed(
            request,
            _local_days(request, later),
            _local_days(request, log),
            highlight_id=later.pk,
            deleted_message=message,  # in the undo notice's place, with its Undo
            undo_slot=True,
            undo_token=signing.dumps({"split": split}, salt=UNDO_SALT),
            undo_seconds=8,
        )
    messages.success(request, message)
    return redirect_back(request, reverse("log"))


def _local_days(request: HttpRequest, log: TimeLog) -> set[date]:
    """The owner's days a log covers (a running one's: the day it began), where its rows
    lie in the week's list."""
    zone = request.owner_settings.zone
    if log.end is None:
        return {log.start.astimezone(zone).date()}
    return {day for day, _, _ in pieces_by_day(log.start, log.end, zone)}


@post_only("log_edit", "log_id")
def log_times(request: HttpRequest, log_id: int) -> HttpResponse:
    """The timeline's drag: the log moved to other times of its day, or stretched, with all
    else as it is — by the full form's rules, its check that the log has not changed
    elsewhere since it was drawn (`as_loaded`) included. Refused, the log's edit opens in
    the timeline's panel saying why, with the times the drag asked for."""
    log = get_log_for_user(request, log_id)
    zone, now = request.owner_settings.zone, timezone.now()
    data = TimeLogForm.as_posted(log, owner=request.user, now=now, zone=zone)
    for name in ("day", "start_time", "end_time", "as_loaded"):
        data[name] = request.POST.get(name, "")
    data.pop("ends_next_day", None)
    if request.POST.get("ends_next_day"):
        data["ends_next_day"] = "on"
    form = TimeLogForm(data, owner=request.user, now=now, zone=zone, existing=log)
    if log.is_running:
        form.add_error(None, "The timer is still running: stop it first, or say when it began.")
    return _save_edit(request, log, form)


def _edit_refused(
    request: HttpRequest, log: TimeLog, edit_form: TimeLogForm, split_form: SplitLogForm | None
) -> HttpResponse:
    """A log's edit or split refused: its forms again, saying why — in the week's list (its
    row, or the timeline's panel) for htmx, else on the edit's own page."""
    if request.htmx:
        context = {"editing_log": log, "edit_form": edit_form, "split_form": split_form}
        return _week_logs(request, INVALID, **context)
    context = _form_page(request, log, edit_form, split_form)
    return render(request, "triage/log_form.html", context, status=INVALID)


def _form_page(
    request: HttpRequest, log: TimeLog, form: TimeLogForm, split_form: SplitLogForm | None = None
) -> dict:
    """The edit as a page of its own, for a browser without JavaScript."""
    return {
        "log": log,
        "form": form,
        "next": next_url(request, reverse("log")),
        "split_form": split_form or _split_form(request, log),
    }


def _split_form(request: HttpRequest, log: TimeLog) -> SplitLogForm | None:
    """A finished log's split, a minute or more from either end (a running one switches
    task from the timer instead)."""
    if log.end is None or log.end - log.start < 2 * timelogs.SPLIT_MARGIN:
        return None
    return SplitLogForm(log=log, zone=request.owner_settings.zone)


@require_GET
def log_row(request: HttpRequest, log_id: int) -> HttpResponse:
    """One row, as it is now: what Esc or Cancel puts back after an inline edit — its length
    as it reads among its day's rows (they add up to the day's total)."""
    log = get_log_for_user(request, log_id)
    owner_settings = request.owner_settings
    # The week the row is on: the page's (a log from the Sunday before is on its Monday).
    week = requested_week(request) if "week" in request.GET else owner_settings.week_of(log.start)
    days = timesheet.week_days(
        logs_with_tasks(request.user.pk, [(week.start, week.end)]), week, owner_settings.today()
    )
    row = next(
        (row for day in days for row in day.rows if row.log.pk == log.pk and row.first_shown),
        timesheet.LogRow(log),
    )
    return render(request, "triage/log.html#log_row", {"row": row})


@require_http_methods(["GET", "POST"])
def log_delete(request: HttpRequest, log_id: int) -> HttpResponse:
    log = get_log_for_user(request, log_id)
    if request.method == "GET":
        context = {"log": log, "next": next_url(request, reverse("log"))}
        return render(request, "triage/log_confirm_delete.html", context)
    if log.is_running:
        messages.error(request, "Stop the timer before deleting its log.")
        return redirect_back(request, reverse("log"))
    undo_token = _undo_token([log])
    log.delete()
    message = f"Deleted {format_duration(log.duration)} on {log.task.title}."
    if request.htmx:
        return _days_changed(
            request,
            removed_from=_local_days(request, log),
            deleted_message=message,
            undo_slot=True,
            undo_token=undo_token,
            undo_seconds=8,
        )
    messages.success(request, message)
    return redirect_back(request, reverse("log"))


def _undo_token(logs: list[TimeLog]) -> str:
    """What an undo needs to bring deleted logs back as they were (task, times, note and
    tags), signed (the owner cannot forge a row into it); each log's id makes every token
    unique, so each can be used once."""
    rows = [
        {
            "task": log.task_id,
            "start": log.start.isoformat(),
            "end": log.end.isoformat(),
            "note": log.note,
            "tags": log.tags,
            "id": log.pk,
        }
        for log in logs
    ]
    return signing.dumps(rows[0] if len(rows) == 1 else {"logs": rows}, salt=UNDO_SALT)


@post_only("log")
def log_restore(request: HttpRequest) -> HttpResponse:
    """Undo a delete: the signed token carries the rows back, once, for a couple of minutes."""
    token = request.POST.get("token", "")
    try:
        data = signing.loads(token, salt=UNDO_SALT, max_age=UNDO_SECONDS)
    except signing.BadSignature:
        return _not_restored(request, "Too late to undo that.")
    if "split" in data:
        return _join_split(request, token, data["split"])
    rows = data.get("logs", [data])
    task_ids = {row["task"] for row in rows}
    tasks = request.user.tasks.in_bulk(task_ids)
    if len(tasks) != len(task_ids):
        return _not_restored(request, "A task of those logs was deleted meanwhile.")
    try:
        with transaction.atomic():
            use_once(request, token)
            logs = TimeLog.objects.bulk_create(
                TimeLog(
                    owner=request.user,
                    task=tasks[row["task"]],
                    start=datetime.fromisoformat(row["start"]),
                    end=datetime.fromisoformat(row["end"]),
                    note=row["note"],
                    tags=row.get("tags", ""),  # (a token signed before tags were carried)
                )
                for row in rows
            )
    except IntegrityError:
        return _not_restored(request, "That delete was already undone; nothing more to restore.")
    if request.htmx and len(logs) == 1 and logs[0].pk is not None:
        return _days_changed(
            request, added_to=_local_days(request, logs[0]), highlight_id=logs[0].pk, undo_slot=True
        )
    message = "Restored." if len(logs) == 1 else f"Restored {len(logs)} logs."
    if request.htmx:
        return _week_logs(request, deleted_message=message)
    messages.success(request, message)
    return redirect_back(request, reverse("log"))


def use_once(request: HttpRequest, token: str) -> None:
    """Mark an undo token used, inside the caller's transaction: used before, it raises
    IntegrityError (and the caller's undo is rolled back with it)."""
    digest = hashlib.sha256(token.encode()).hexdigest()
    RestoredDelete.objects.create(owner=request.user, token_digest=digest)


def _join_split(request: HttpRequest, token: str, split: dict) -> HttpResponse:
    """Undo a split: the two parts one log again, once, while the split left them so."""
    at = datetime.fromisoformat(split["at"])
    try:
        with transaction.atomic():
            use_once(request, token)
            log = timelogs.join_split(
                request.user, split["earlier"], split["later"], split["later_state"], at
            )
    except IntegrityError:
        return _not_restored(request, "That split was already undone.")
    except timelogs.ChangedMeanwhile:
        return _not_restored(request, "A part of that split changed since: edit it instead.")
    zone = request.owner_settings.zone
    message = f"Put back together: {log.task.title} {time_range(log.start, log.end, zone)}."
    if request.htmx:
        return _days_changed(
            request,
            _local_days(request, log),  # the later part's days among them
            highlight_id=log.pk,
            deleted_message=message,
            undo_slot=True,
        )
    messages.success(request, message)
    return redirect_back(request, reverse("log"))


def _not_restored(request: HttpRequest, message: str) -> HttpResponse:
    if request.htmx:
        return _week_logs(request, 410, deleted_message=message)
    messages.error(request, message)
    return redirect("log")


@require_GET
def log_dismiss(request: HttpRequest) -> HttpResponse:
    """The undo offer expires: an empty answer removes it from the page."""
    return HttpResponse("")


def _nothing_ticked(request: HttpRequest, message: str) -> HttpResponse:
    """Move or Delete with no log ticked. htmx gets the week's list saying so: a redirect
    it followed drew the whole page inside the list."""
    if request.htmx:
        return _week_logs(request, deleted_message=message)
    messages.error(request, message)
    return redirect_back(request, reverse("log"))


@post_only("log")
def log_delete_ticked(request: HttpRequest) -> HttpResponse:
    """Delete the ticked logs, all or none. With htmx at once, with an undo; without
    JavaScript a page asks first (a plain form has no undo to fall back on)."""
    ids = {_id(value) for value in request.POST.getlist("log")}
    logs = list(
        TimeLog.objects.filter(owner=request.user, pk__in=ids, end__isnull=False)
        .select_related("task")
        .order_by("start")
    )
    if not ids:
        return _nothing_ticked(request, "Tick the logs to delete first.")
    if len(logs) != len(ids):  # another owner's, gone meanwhile, or the running timer's
        raise Http404("No such log.")
    if not request.htmx and request.POST.get("confirm") != "1":
        context = {"logs": logs, "next": next_url(request, reverse("log"))}
        return render(request, "triage/log_confirm_delete.html", context)
    undo_token = _undo_token(logs)
    with transaction.atomic():
        deleted, _ = TimeLog.objects.filter(pk__in=[log.pk for log in logs]).delete()
        if deleted != len(logs):  # one went in another tab meanwhile: its undo is there
            raise Http404("No such log.")  # (rolls the others back)
    total = sum((log.duration for log in logs), timedelta())
    message = f"Deleted {len(logs)} log{'s' if len(logs) != 1 else ''}, {format_duration(total)}."
    if request.htmx:
        return _week_logs(request, deleted_message=message, undo_token=undo_token, undo_seconds=8)
    messages.success(request, message)
    return redirect_back(request, reverse("log"))


@post_only("log")
def log_tag_ticked(request: HttpRequest) -> HttpResponse:
    """Tag the ticked logs (Toggl's bulk edit): each keeps its tags and gains the typed
    ones — or, with Untag, loses them — all or none."""
    ids = {_id(value) for value in request.POST.getlist("log")}
    tags = tag_list(request.POST.get("tag", ""))
    remove = request.POST.get("untag") == "1"
    if not ids:
        return _nothing_ticked(request, "Tick the logs to tag first.")
    if not tags:
        verb = "take off" if remove else "give"
        return _nothing_ticked(request, f"Type the tag to {verb} the ticked logs first.")
    try:
        tagged = timelogs.add_tags(request.user, ids, tags, remove=remove)
    except timelogs.TooManyTags as error:
        return _nothing_ticked(request, str(error))
    if tagged is None:  # another owner's log, or one gone meanwhile
        raise Http404("No such log.")
    named = ", ".join(f"“{tag}”" for tag in tags)
    logs = f"{tagged} log{'s' if tagged != 1 else ''}"
    message = f"Took {named} off {logs}." if remove else f"Tagged {logs} {named}."
    if request.htmx:
        return _week_logs(request, highlight_id=None, deleted_message=message)
    messages.success(request, message)
    return redirect_back(request, reverse("log"))


@post_only("log")
def log_move(request: HttpRequest) -> HttpResponse:
    """Move the ticked logs to another task, all or none (one transaction)."""
    target = get_task_for_user(request, request.POST.get("task"))
    ids = {_id(value) for value in request.POST.getlist("log")}
    logs = TimeLog.objects.filter(owner=request.user, pk__in=ids)
    if not ids or logs.count() != len(ids):  # none ticked, or another owner's log
        if not ids:
            return _nothing_ticked(request, "Tick the logs to move first.")
        raise Http404("No such log.")
    with transaction.atomic():
        moved = logs.update(task=target)
    message = f"Moved {moved} log{'s' if moved != 1 else ''} to {target.title}."
    if request.htmx:
        return _week_logs(request, highlight_id=None, deleted_message=message)
    messages.success(request, message)
    return redirect_back(request, reverse("log"))
