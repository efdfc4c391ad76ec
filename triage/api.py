"""The JSON API under /api/v1/ (django-ninja): personal tokens, the same domain functions as
the pages. Money is a decimal string, times ISO 8601 with the owner's offset.

Every route acts as the token's owner: another owner's ids are 404, a missing or revoked
token is 401. Writes need no CSRF token (a bearer token is not sent by a browser on its
own); a session cookie is never accepted here.
"""

import time
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Annotated

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.views.decorators.csp import csp_override
from ninja import Field, NinjaAPI, Query, Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import LimitOffsetPagination, paginate
from ninja.security import HttpBearer
from ninja.throttling import SimpleRateThrottle
from pydantic import AwareDatetime, ConfigDict, PlainSerializer, WithJsonSchema

from triage import dashboard_figures, formatting, goals, period_report, timelogs, timer
from triage.durations import hours
from triage.entries import EntryError
from triage.forms import (
    QuickEntryForm,
    SplitLogForm,
    TaskEditForm,
    TimeLogForm,
    TimerNoteForm,
    TimerStartForm,
)
from triage.models import ApiToken, Task, TimeLog, token_digest
from triage.owner_rows import changed_with_owner
from triage.text import one_line, tag_list
from triage.views.helpers import _id, save_changes
from triage.weeks import local_midnight, parse_day, parse_week

RATE = settings.API_RATE_LIMIT  # per token, e.g. "120/m"


class TokenRateLimit(SimpleRateThrottle):
    """At most RATE requests a token in each window of the rate's period (a minute for
    "120/m", windows starting on the minute), answered 429 with `Retry-After` beyond that.
    Counted in the token's own row by the statement that authenticates the request
    (TokenAuth): one count for every worker and every host, and no cache to write."""

    def window(self, now: datetime) -> datetime:
        """When the window holding `now` began."""
        return datetime.fromtimestamp(now.timestamp() // self.duration * self.duration, UTC)

    def allow_request(self, request: HttpRequest) -> bool:
        return request.auth.window_hits <= self.num_requests

    def period_name(self) -> str:
        names = {1: "second", 60: "minute", 3600: "hour", 86400: "day"}
        return names.get(self.duration, f"{self.duration} seconds")

    def wait(self) -> float:
        """Seconds until the next window begins (a full window's count, whoever asks)."""
        return self.duration - time.time() % self.duration


RATE_LIMIT = TokenRateLimit(RATE)
# This request's use of its token: when, the window it falls in, and that window's count.
COUNT_USE = (
    "last_used_at = %s, "
    "window_hits = CASE WHEN window_start = %s THEN window_hits + 1 ELSE 1 END, "
    "window_start = %s"
)


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str):
        now = timezone.now()
        adapt = connection.ops.adapt_datetimefield_value
        window = adapt(RATE_LIMIT.window(now))
        # A crash may forget the last second's counts: not worth a wait for the disk.
        api_token = changed_with_owner(
            ApiToken,
            "digest",
            token_digest(token),
            COUNT_USE,
            [adapt(now), window, window],
            wait_for_disk=False,
        )
        if api_token is None or not api_token.owner.is_active:
            return None
        request.user = api_token.owner
        request.owner_settings = api_token.owner.owner_settings
        timezone.activate(request.owner_settings.zone)
        return api_token


def _docs_csp(view):
    # Swagger UI sets inline styles as it draws; the docs page (no owner data) allows them.
    return csp_override({"style-src": ["'self'", "'unsafe-inline'"]})(view)


api = NinjaAPI(
    title="Triage API",
    version="1",
    # Markdown (the docs page draws it): the header in a code span, or `<token>` would be
    # taken for an HTML tag and vanish.
    description="Log time, run the timer and read your week's figures with a personal token "
    "(Settings → API tokens), sent as `Authorization: Bearer <token>`. "
    f"At most {RATE_LIMIT.num_requests} requests per token in each {RATE_LIMIT.period_name()}; "
    "beyond that 429 with `Retry-After`.",
    auth=TokenAuth(),
    throttle=[RATE_LIMIT],
    openapi_url="/openapi.json",
    docs_url="/docs",
    docs_decorator=_docs_csp,
    urls_namespace="api",
)
v1 = Router()


class Problem(Schema):
    detail: str


class TaskOut(Schema):
    id: int
    title: str
    category: str
    is_mga: bool
    archived: bool
    estimated_minutes_per_week: int | None
    client: str  # "" when none
    project: str
    default_tags: list[str]  # what a new log of the task is tagged when it brings none
    pinned: bool  # first among the log page's timer chips

    @staticmethod
    def resolve_default_tags(task: Task) -> list[str]:
        return tag_list(task.default_tags)


# Always with an offset: `+00:00` for an owner on UTC too, where Django's JSON encoder
# writes `Z` — one shape for every owner's scripts.
TimeWithOffset = Annotated[
    datetime,
    PlainSerializer(datetime.isoformat, return_type=str),
    WithJsonSchema({"type": "string", "format": "date-time"}),
]


class TimeLogOut(Schema):
    id: int
    task_id: int
    task: str
    start: TimeWithOffset
    end: TimeWithOffset | None
    duration_hours: Decimal
    note: str
    tags: list[str]

    @staticmethod
    def resolve_tags(log: TimeLog) -> list[str]:
        return tag_list(log.tags)

    @staticmethod
    def resolve_task(log: TimeLog) -> str:
        return log.task.title

    @staticmethod
    def resolve_start(log: TimeLog) -> datetime:
        return timezone.localtime(log.start).replace(microsecond=0)

    @staticmethod
    def resolve_end(log: TimeLog) -> datetime | None:
        return timezone.localtime(log.end).replace(microsecond=0) if log.end else None

    @staticmethod
    def resolve_duration_hours(log: TimeLog) -> Decimal:
        return _hundredths(hours(log.duration))


class Input(Schema):
    """A request body: a field it does not know is refused (422 naming it), not dropped — a
    script that PATCHes `start`, the name a log is read with, must not be told 200 for a
    change that was never made."""

    model_config = ConfigDict(extra="forbid")


class EntryIn(Input):
    text: str
    category: str | None = None
    is_mga: bool | None = None
    # Sent later than typed (a phone's queue): when it was typed, which stands for "now",
    # and a key of the sender's, under which it is saved once however often it is sent.
    typed_at: AwareDatetime | None = None
    entry_key: str | None = Field(default=None, pattern=r"^[A-Za-z0-9-]{8,64}$")


class TimerIn(Input):
    task_id: int | None = None
    new_task: str | None = None
    category: str | None = None
    is_mga: bool | None = None
    note: str = ""  # what the work is, as its log keeps it (forms.TimerNoteForm's rules)
    tags: list[str] = []  # pydantic copies a default: not shared between requests


class TimerPatch(Input):
    start: AwareDatetime | None = None  # ISO 8601 with its offset: when its work began
    note: str | None = None  # what the work is, as its log keeps it (TimerNoteForm's rules)
    tags: list[str] | None = None  # the whole new list: [] takes them all off


class TimeLogPatch(Input):
    task_id: int | None = None
    day: date | None = None
    start_time: str | None = None
    end_time: str | None = None
    ends_next_day: bool | None = None
    duration: str | None = None
    note: str | None = None
    tags: list[str] | None = None  # the whole new list: [] takes them all off


class SplitIn(Input):
    at: AwareDatetime  # ISO 8601 with its offset: where the log is cut
    task_id: int | None = None  # the later part's task; none: the same one


class TaskIn(Input):
    title: str
    category: str = "other"
    is_mga: bool | None = None  # none: yes for client work and sales, as on the page
    client: str = ""
    project: str = ""
    default_tags: list[str] = []
    pinned: bool = False


class TaskPatch(Input):
    title: str | None = None
    category: str | None = None
    is_mga: bool | None = None
    client: str | None = None  # "" takes it off
    project: str | None = None
    default_tags: list[str] | None = None  # the whole new list: [] takes them all off
    pinned: bool | None = None
    archived: bool | None = None


class OutsourceNext(Schema):
    task_id: int
    task: str
    hours_per_week: Decimal
    weekly_profit_impact: Decimal


class WeekOut(Schema):
    week: str
    hours_logged: Decimal
    mga_hours: Decimal
    mga_share: Decimal | None
    hours_reclaimed_measured: Decimal | None
    hours_reclaimed_estimated: Decimal | None
    profit_impact: Decimal | None
    currency: str
    outsource_next: list[OutsourceNext]
    # How much more `hours_logged` adds up to than its logs cover: overlapping logs count
    # their shared time once each (0 when none overlap).
    hours_counted_twice: Decimal = Decimal(0)
    # The owner's goals (Settings) and whether the week met them — so far, for the week
    # under way; null when not set, for a week not begun, or (the share) with no hours.
    mga_share_goal: int | None = None
    mga_share_goal_met: bool | None = None
    weekly_hours_cap: Decimal | None = None
    weekly_hours_cap_met: bool | None = None


class ShareOut(Schema):
    name: str  # "" for the hours of tasks without a client or project
    hours: Decimal
    share: Decimal  # of the period's hours, in percent


class ReportTaskOut(Schema):
    task_id: int
    task: str
    category: str
    client: str
    project: str
    is_mga: bool
    hours: Decimal
    share: Decimal
    verdict: str  # "keep", "outsource" or "" (no gut check)
    # None when no decision handed the task off in the period (or for a report of a tag).
    hours_reclaimed_measured: Decimal | None
    hours_reclaimed_estimated: Decimal | None
    profit_impact: Decimal | None


class ReportPeriodOut(Schema):
    label: str  # the week's first day (`2 Nov`), or the month (`Nov 2026`)
    mga_hours: Decimal
    other_hours: Decimal


class PeriodBeforeOut(Schema):
    from_: date = Field(alias="from")
    to: date
    hours_logged: Decimal
    mga_share: Decimal | None

    model_config = ConfigDict(populate_by_name=True)


class ReportOut(Schema):
    from_: date = Field(alias="from")
    to: date
    client: str
    project: str
    tag: str
    hours_logged: Decimal
    mga_share: Decimal | None
    hours_reclaimed_measured: Decimal | None  # None for a report of one tag
    hours_reclaimed_estimated: Decimal | None
    profit_impact: Decimal | None
    currency: str
    tasks: list[ReportTaskOut]
    categories: list[ShareOut]
    clients: list[ShareOut]
    projects: list[ShareOut]
    tags: list[ShareOut]
    by_month: bool
    period_unit: str  # what each of `periods` is: "day" (up to 31 days), "week" or "month"
    periods: list[ReportPeriodOut]
    # The same number of days just before, narrowed alike; null before the year 2000.
    before: PeriodBeforeOut | None
    # How much more `hours_logged` adds up to than its logs cover (overlapping logs).
    hours_counted_twice: Decimal = Decimal(0)

    model_config = ConfigDict(populate_by_name=True)


class DecisionOut(Schema):
    id: int
    task_id: int
    task: str
    decision: str
    status: str
    decided_on: date
    contractor: str | None
    baseline_hours_per_week: Decimal
    weekly_profit_impact: Decimal
    currency: str


def _form_errors(form) -> str:
    return " ".join(str(error) for errors in form.errors.values() for error in errors)


def _hundredths(value: Decimal | None) -> Decimal | None:
    """Money and hours as the API writes them: to the hundredth, half up as a page rounds
    (None stays None)."""
    return None if value is None else formatting.rounded(value, 2)


def _percent(value: Decimal | None) -> Decimal | None:
    """A share as the API writes it: a percentage to a tenth (None stays None)."""
    return None if value is None else formatting.rounded(value, 1)


@v1.post("/entries", response={200: TimeLogOut, 201: TimeLogOut, 409: Problem, 422: Problem})
def create_entry(request, payload: EntryIn):
    """`{"text": "45m invoicing yesterday"}`: the quick entry, placed like on the page
    (`#billable` in it tags the log; `9:00-10:30 invoicing` logs at those times). A new task
    needs `category` (and may give `is_mga`). Sent later than typed (a queue kept offline):
    `typed_at` stands for "now", and with `entry_key` an entry sent again answers 200 with
    the log it made instead of logging it twice."""
    owner_settings = request.owner_settings
    data = {"entry": payload.text, "category": payload.category or ""}
    if payload.is_mga is not None:
        data["is_mga"] = str(payload.is_mga)
    if payload.typed_at is not None:
        data["typed_at"] = payload.typed_at.isoformat()
    data["entry_key"] = payload.entry_key or ""
    form = QuickEntryForm(
        data,
        today=owner_settings.today(),
        first_weekday=owner_settings.first_weekday,
        zone=owner_settings.zone,
        now=timezone.now(),
    )
    if not form.is_valid():
        return Status(422, {"detail": _form_errors(form)})
    cleaned = form.cleaned_data
    try:
        log = timelogs.add_quick_entry(
            request.user,
            cleaned["entry"],
            cleaned["category"],
            cleaned["is_mga"],
            form.now,  # now, or when an entry sent later was typed
            owner_settings.zone,
            entry_key=cleaned["entry_key"],
        ).log
    except timelogs.AlreadyAdded as already:  # sent again: the log it made, not another
        earlier = request.user.time_logs.filter(pk=already.log_id).first()
        if earlier is None:
            gone = "Already logged under that entry_key, and deleted since."
            return Status(409, {"detail": gone})
        return Status(200, earlier)
    except timelogs.NewTask as new_task:
        form.ask_about_new_task(cleaned, new_task.title, then="save", owner=request.user)
        detail = _form_errors(form) + ' Send "category" (and "is_mga") with it.'
        if form.suggestions:
            detail += " Or did you mean " + " or ".join(f"“{t}”" for t in form.suggestions) + "?"
        return Status(422, {"detail": detail})
    except EntryError as error:
        return Status(422, {"detail": str(error)})
    return Status(201, log)


@v1.get("/timer", response={200: TimeLogOut, 204: None})
def get_timer(request):
    """The running timer, or 204 when none runs."""
    running = timer.running_log(request.user)
    return Status(200, running) if running else Status(204, None)


@v1.post("/timer", response={200: TimeLogOut, 201: TimeLogOut, 422: Problem})
def start_timer(request, payload: TimerIn):
    """Start the timer on a task (`task_id`, or `new_task` with its `category` and `is_mga`),
    stopping the one that runs: 201, with the `note` and `tags` given. When it already runs
    on that task it keeps running: 200, the same log (its note and tags as they were: PATCH
    changes them)."""
    data = {"task": payload.task_id or "", "new_task": payload.new_task or ""}
    data |= {"category": payload.category or ""}
    if payload.is_mga is not None:
        data["is_mga"] = str(payload.is_mga)
    if payload.task_id:
        get_object_or_404(Task, pk=_id(payload.task_id), owner=request.user)
    form = TimerStartForm(data, owner=request.user)
    if not form.is_valid():
        return Status(422, {"detail": _form_errors(form)})
    note = TimerNoteForm({"note": payload.note, "tags": ", ".join(payload.tags)})
    if not note.is_valid():
        return Status(422, {"detail": _form_errors(note)})
    cleaned = form.cleaned_data | note.cleaned_data
    log, started, _ = timer.start_from_form(request.user, cleaned, timezone.now())
    return Status(201 if started else 200, log)


@v1.patch("/timer", response={200: TimeLogOut, 422: Problem})
def change_timer(request, payload: TimerPatch):
    """Say when the running timer's work began (`start`, ISO 8601 with offset), as the timer
    card's "Began earlier?" does: not in the future, within the last 24 hours, and not over
    a finished log; and what the work is (`note`, and `tags`: the whole new list, kept by its
    log). 422 says why not (or that no timer runs)."""
    if payload.start is None and payload.note is None and payload.tags is None:
        detail = "Send the timer's new start, its note or its tags (any of them)."
        return Status(422, {"detail": detail})
    note = TimerNoteForm({"note": payload.note or "", "tags": ", ".join(payload.tags or [])})
    if not note.is_valid():  # checked first: nothing changes when it is refused
        return Status(422, {"detail": _form_errors(note)})
    log = None
    try:
        if payload.start is not None:
            log = timer.move_start(
                request.user, payload.start, timezone.now(), request.owner_settings.zone
            )
        if payload.note is not None or payload.tags is not None:  # the same timer only
            log = timer.set_note(
                request.user,
                note.cleaned_data["note"] if payload.note is not None else None,
                log.pk if log else None,
                note.cleaned_data["tags"] if payload.tags is not None else None,
            )
    except timer.TimerError as error:
        return Status(422, {"detail": str(error)})
    return Status(200, log)


@v1.post("/timer/stop", response={200: TimeLogOut, 204: None})
def stop_timer(request):
    """Stop the running timer: 200 and its log; 204 when none ran, or it ran under a second
    (nothing is logged for it)."""
    log = timer.stop_timer(request.user, timezone.now())
    return Status(200, log) if log else Status(204, None)


@v1.delete("/timer", response={204: None, 422: Problem})
def discard_timer(request):
    """Discard the running timer, started by mistake: 204, and none of it is logged (stop
    it to keep the time); 422 when no timer runs."""
    try:
        timer.discard(request.user)
    except timer.TimerError as error:
        return Status(422, {"detail": str(error)})
    return Status(204, None)


def _range(value: str | None, name: str) -> date | None:
    try:
        return parse_day(value or "", name)
    except ValueError as error:
        raise HttpError(422, str(error)) from None


class Pages(LimitOffsetPagination):
    """`?limit=&offset=`, both bounded: ninja's own are not, and a limit or offset past
    the database's integers was a 500 instead of a 422."""

    class Input(Schema):
        limit: int = Field(100, ge=1, le=1000)
        offset: int = Field(0, ge=0, le=10**9)


@v1.get("/timelogs", response=list[TimeLogOut])
@paginate(Pages)
def list_timelogs(
    request,
    from_: str | None = Query(None, alias="from"),
    to: str | None = None,
    tag: str = Query("", max_length=200),
    client: str = Query("", max_length=200),
    project: str = Query("", max_length=200),
    category: str = Query("", max_length=200),
    task_id: int | None = None,
):
    """Your time logs, newest first; `?from=&to=` (YYYY-MM-DD, inclusive) optional;
    `?tag=` those with that whole tag, `?client=` those of that client's tasks,
    `?project=` of that project's, `?category=` of that category's (each in any case),
    `?task_id=` of that task."""
    zone = request.owner_settings.zone
    logs = TimeLog.objects.filter(owner=request.user).select_related("task")
    task = None
    if task_id is not None:
        task = get_object_or_404(Task, pk=_id(task_id), owner=request.user)
    named = {"tag": tag, "client": client, "project": project, "category": category}
    logs = logs.matching(**{name: one_line(value) for name, value in named.items()}, task=task)
    start, end = _range(from_, "from"), _range(to, "to")
    if start:
        logs = logs.filter(start__gte=local_midnight(start, zone))
    if end:
        logs = logs.filter(start__lt=local_midnight(end + timedelta(days=1), zone))
    return logs.order_by("-start", "-pk")


def _log(request, log_id: int) -> TimeLog:
    return get_object_or_404(
        TimeLog.objects.select_related("task"), pk=_id(log_id), owner=request.user
    )


def _etag(log: TimeLog) -> str:
    """The log as it is now (`TimeLog.state`), as an HTTP entity tag."""
    return f'"{log.state()}"'


def _changed_since_read(request, log: TimeLog) -> bool:
    """Whether the request's `If-Match` (the `ETag` of a GET) names the log as it was
    before a change made since; none, or `*`: not asked."""
    if_match = request.headers.get("If-Match", "").strip()
    return (
        bool(if_match) and if_match != "*" and _etag(log) not in map(str.strip, if_match.split(","))
    )


@v1.get("/timelogs/{log_id}", response=TimeLogOut)
def get_timelog(request, log_id: int, response: HttpResponse):
    """One log. Its `ETag` is the log as it is now: sent back as `If-Match` with a PATCH, a
    change made meanwhile elsewhere answers 412 instead of being overwritten."""
    log = _log(request, log_id)
    response["ETag"] = _etag(log)
    return log


@v1.patch("/timelogs/{log_id}", response={200: TimeLogOut, 412: Problem, 422: Problem})
def patch_timelog(request, log_id: int, payload: TimeLogPatch, response: HttpResponse):
    """Change a log with the full form's rules: send what changes (day and times, or a
    duration to place it where nothing else is logged). With `If-Match` (the `ETag` of a
    GET), only if the log has not changed since: 412 otherwise, as the page asks first."""
    log = _log(request, log_id)
    if _changed_since_read(request, log):
        return Status(412, {"detail": "The log changed since you read it: GET it again."})
    if log.is_running:
        return Status(422, {"detail": "Stop the timer before editing its log."})
    zone = request.owner_settings.zone
    data = TimeLogForm.as_posted(log, owner=request.user, now=timezone.now(), zone=zone)
    changes = payload.dict(exclude_unset=True)
    if "task_id" in changes:
        get_object_or_404(Task, pk=_id(changes.pop("task_id")), owner=request.user)
        data["task"] = payload.task_id
    if "duration" in changes:
        data.pop("start_time", None), data.pop("end_time", None)
    if changes.get("tags") is not None:
        changes["tags"] = ", ".join(changes["tags"])
    data |= {key: value for key, value in changes.items() if value is not None}
    if not data.get("ends_next_day"):
        data.pop("ends_next_day", None)
    form = TimeLogForm(data, owner=request.user, now=timezone.now(), zone=zone, existing=log)
    if not form.is_valid():
        return Status(422, {"detail": _form_errors(form)})
    # With If-Match, checked again under the owner's lock: two PATCHes of one reading never
    # both go through.
    read_as = log.state() if request.headers.get("If-Match", "").strip() not in ("", "*") else None
    form.fill(log)
    try:
        timelogs.save_log(log, form.cleaned_data["placement"], timezone.now(), zone, read_as)
    except EntryError as error:
        return Status(422, {"detail": str(error)})
    except timelogs.ChangedMeanwhile:
        return Status(412, {"detail": "The log changed since you read it: GET it again."})
    response["ETag"] = _etag(log)
    return Status(200, log)


@v1.post(
    "/timelogs/{log_id}/split",
    response={201: list[TimeLogOut], 409: Problem, 412: Problem, 422: Problem},
)
def split_timelog(request, log_id: int, payload: SplitIn):
    """Cut a log in two at `at` (a minute or more inside it), as the edit's "Split it in
    two": it ends there, and the rest becomes a log of its own — of the same task, note and
    tags, or on `task_id` with that task's tags for new logs. Answers both parts, in order.
    `If-Match` as for a PATCH."""
    log = _log(request, log_id)
    if _changed_since_read(request, log):
        return Status(412, {"detail": "The log changed since you read it: GET it again."})
    then_task = None
    if payload.task_id is not None:
        then_task = get_object_or_404(Task, pk=_id(payload.task_id), owner=request.user)
    if then_task is not None and then_task.pk != log.task_id:
        # The page's rule: the later part goes to an open task (its list holds no other).
        choices = SplitLogForm(log=log, zone=request.owner_settings.zone).fields["then_task"]
        try:
            choices.clean(then_task.pk)
        except ValidationError as error:
            return Status(422, {"detail": " ".join(error.messages)})
    refusal = timelogs.split_refusal(log, payload.at, request.owner_settings.zone)
    if refusal:
        return Status(422, {"detail": refusal})
    try:
        later = timelogs.split_log(log, payload.at, then_task)
    except timelogs.ChangedMeanwhile:
        return Status(409, {"detail": "The log changed a moment ago: GET it again."})
    return Status(201, [log, later])


@v1.delete("/timelogs/{log_id}", response={204: None, 422: Problem})
def delete_timelog(request, log_id: int):
    log = _log(request, log_id)
    if log.is_running:
        return Status(422, {"detail": "Stop the timer before deleting its log."})
    log.delete()
    return Status(204, None)


@v1.get("/tasks", response=list[TaskOut])
def list_tasks(request, q: str = Query("", max_length=120), archived: bool | None = None):
    """Your tasks by name; `?q=` keeps those with every word of it in their title, client
    or project (as the task list's search does), `?archived=false` the open ones."""
    tasks = request.user.tasks.found_by(q)
    return tasks if archived is None else tasks.filter(archived=archived)


@v1.get("/tasks/{task_id}", response=TaskOut)
def get_task(request, task_id: int):
    return get_object_or_404(Task, pk=_id(task_id), owner=request.user)


@v1.post("/tasks", response={201: TaskOut, 422: Problem})
def create_task(request, payload: TaskIn):
    """A new task with the Tasks page's rules: a title none of your tasks has (in any
    case), a category (`other` when none), money or not (left out: yes for client work and
    sales); a client or project spelt as your other tasks spell it."""
    data = payload.dict() | {"default_tags": ", ".join(payload.default_tags)}
    data["is_mga"] = "" if payload.is_mga is None else str(payload.is_mga)
    form = TaskEditForm(data, owner=request.user)
    task = form.is_valid() and save_changes(form)  # None: a twin got in first
    if not task:
        return Status(422, {"detail": _form_errors(form)})
    return Status(201, task)


@v1.patch("/tasks/{task_id}", response={200: TaskOut, 422: Problem})
def patch_task(request, task_id: int, payload: TaskPatch):
    """Change a task with its Edit page's rules: send what changes. A title another of your
    tasks has is a 422 (merge them on the task's page); a client or project is spelt as
    your other tasks spell it; `archived` archives or restores it."""
    task = get_object_or_404(Task, pk=_id(task_id), owner=request.user)
    current = TaskEditForm(instance=task, owner=request.user)
    data = {name: current[name].value() for name in current.fields}
    data["is_mga"] = str(task.is_mga)
    changes = payload.dict(exclude_unset=True)
    archived = changes.pop("archived", None)
    if changes.get("default_tags") is not None:
        changes["default_tags"] = ", ".join(changes["default_tags"])
    if changes.get("is_mga") is not None:
        changes["is_mga"] = str(changes["is_mga"])
    data |= {name: value for name, value in changes.items() if value is not None}
    form = TaskEditForm(data, instance=task, owner=request.user)
    if not form.is_valid():
        return Status(422, {"detail": _form_errors(form)})
    if archived is not None:
        task.archived = archived
    if not save_changes(form):  # a twin by title got in meanwhile: the form now says so
        return Status(422, {"detail": _form_errors(form)})
    return Status(200, task)


@v1.get("/reports", response=ReportOut, by_alias=True)
def get_report(
    request,
    from_: str | None = Query(None, alias="from"),
    to: str | None = None,
    client: str = Query("", max_length=120),
    project: str = Query("", max_length=120),
    tag: str = Query("", max_length=200),
):
    """The report of any period (`/reports/` as numbers): `?from=&to=` (YYYY-MM-DD,
    inclusive; this month by default), narrowed to a `client`, a `project` (any case) or
    the logs of one `tag`. Hours by task, category, client, project, tag and week (by month
    over six months); hours reclaimed and profit impact of the tasks handed off."""
    owner_settings = request.owner_settings
    today = owner_settings.today()
    try:
        data = period_report.report(
            request.user,
            owner_settings,
            _range(from_, "from") or today.replace(day=1),  # this month, as on the page
            _range(to, "to") or today,
            timezone.now(),
            one_line(client),
            one_line(tag),
            project=one_line(project),
        )
    except period_report.BadPeriod as error:
        raise HttpError(422, str(error)) from None

    def shares(rows) -> list[dict]:
        return [
            {"name": name, "hours": _hundredths(h), "share": _percent(share)}
            for name, h, share in rows
        ]

    figures = not data.tag  # a decision hands off a whole task, not its logs of one tag
    return {
        "from": data.first_day,
        "to": data.last_day,
        "client": data.client,
        "project": data.project,
        "tag": data.tag,
        "hours_logged": _hundredths(data.hours),
        "hours_counted_twice": _hundredths(hours(data.counted_twice)),
        "mga_share": _percent(data.mga_share),
        "hours_reclaimed_measured": _hundredths(data.hours_reclaimed_measured) if figures else None,
        "hours_reclaimed_estimated": _hundredths(data.hours_reclaimed_estimated)
        if figures
        else None,
        "profit_impact": _hundredths(data.profit_impact) if figures else None,
        "currency": owner_settings.currency,
        "tasks": [
            {
                "task_id": line.task_id,
                "task": line.title,
                "category": line.category,
                "client": line.client,
                "project": line.project,
                "is_mga": line.is_mga,
                "hours": _hundredths(line.hours),
                "share": _percent(line.share),
                "verdict": line.verdict,
                "hours_reclaimed_measured": _hundredths(line.hours_reclaimed_measured)
                if line.handed_off
                else None,
                "hours_reclaimed_estimated": _hundredths(line.hours_reclaimed_estimated)
                if line.handed_off
                else None,
                "profit_impact": _hundredths(line.profit_impact) if line.handed_off else None,
            }
            for line in data.tasks
        ],
        "categories": shares(data.categories),
        "clients": shares(data.clients),
        "projects": shares(data.projects),
        "tags": shares(data.tags),
        "before": None
        if data.before is None
        else {
            "from": data.before,
            "to": data.last_day_before,
            "hours_logged": _hundredths(data.hours_before),
            "mga_share": _percent(data.mga_share_before),
        },
        "by_month": data.by_month,
        "period_unit": data.unit,
        "periods": [
            {"label": label, "mga_hours": _hundredths(mga), "other_hours": _hundredths(other)}
            for label, mga, other in data.buckets
        ],
    }


@v1.get("/weeks/{iso_week}", response=WeekOut)
def get_week(request, iso_week: str):
    """The dashboard's figures for a week (`2026-W48`), as numbers."""
    owner_settings = request.owner_settings
    try:
        week = parse_week(iso_week, owner_settings.zone, owner_settings.first_weekday)
    except ValueError as error:
        raise HttpError(404, str(error)) from None
    data = dashboard_figures.dashboard(request.user, owner_settings, week, timezone.now())
    headline = dashboard_figures.headline(data, owner_settings.weeks_per_year)
    week_goals = goals.of_week(owner_settings, headline.hours, data.mga_hours[data.this])
    return {
        "week": week.label,
        "hours_logged": _hundredths(headline.hours),
        "mga_hours": _hundredths(data.mga_hours[data.this]),
        "mga_share": _percent(headline.mga_share),
        "hours_reclaimed_measured": _hundredths(headline.measured),
        "hours_reclaimed_estimated": _hundredths(headline.estimated),
        "profit_impact": _hundredths(headline.impact),
        "currency": owner_settings.currency,
        "outsource_next": [
            {
                "task_id": item.task.pk,
                "task": item.task.title,
                "hours_per_week": _hundredths(item.average_hours),
                "weekly_profit_impact": _hundredths(item.weekly_profit_impact),
            }
            for item in data.outsource_next
        ],
        "hours_counted_twice": _hundredths(
            hours(dashboard_figures.counted_twice(request.user, week))
        ),
        "mga_share_goal": owner_settings.mga_share_goal,
        "mga_share_goal_met": week_goals.share.met if week_goals.share else None,
        "weekly_hours_cap": owner_settings.weekly_hours_cap,
        "weekly_hours_cap_met": week_goals.cap.met if week_goals.cap and data.has_begun else None,
    }


@v1.get("/decisions", response=list[DecisionOut])
def list_decisions(request):
    owner_settings = request.owner_settings
    decisions = request.user.decisions.select_related("task", "contractor")
    return [
        {
            "id": d.pk,
            "task_id": d.task_id,
            "task": d.task.title,
            "decision": d.kind,
            "status": d.status,
            "decided_on": d.decided_on,
            "contractor": d.contractor.name if d.contractor else None,
            "baseline_hours_per_week": d.baseline_hours_per_week,
            "weekly_profit_impact": _hundredths(
                d.numbers(owner_settings.weeks_per_year).weekly_profit_impact
            ),
            "currency": owner_settings.currency,
        }
        for d in decisions
    ]


api.add_router("/v1", v1)
