"""Start and stop the timer from any page; the header shows it everywhere."""

from datetime import datetime

from django.contrib import messages
from django.core import signing
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from triage import timer
from triage.durations import format_duration
from triage.forms import (
    TimerNoteForm,
    TimerStartedAtForm,
    TimerStartForm,
    TimerStopForm,
    TimerSwitchForm,
)
from triage.views.helpers import (
    INVALID,
    _id,
    get_log_for_user,
    get_task_for_user,
    next_url,
    post_only,
    redirect_after_post,
    redirect_back,
    restored_note,
)
from triage.views.log import UNDO_SECONDS, log_list_week, timer_changes_on_the_log_page, use_once

TIMER_CHANGED = "timer-changed"


def _header(request: HttpRequest, stopped=None) -> HttpResponse:
    """The header's timer after a stop: none runs (the stop just ended it, under the owner's
    lock). From the log page's list, the answer also carries what that page must change, out
    of band; other pages refresh on `timer-changed`."""
    response = render(request, "includes/timer.html", {"running_timer": None})
    week = log_list_week(request)
    if week is None:
        response["HX-Trigger"] = TIMER_CHANGED
    else:
        response.content += timer_changes_on_the_log_page(request, week, stopped).encode()
    return response


@require_GET
def timer_status(request: HttpRequest) -> HttpResponse:
    """The header's timer, asked again when its tab is back in view: when the timer it
    showed (`?shown=`) is not the one running — started or stopped on the phone, in another
    tab — the page's other timer parts refresh too (`timer-changed`)."""
    running = timer.running_log(request.user)
    response = render(request, "includes/timer.html", {"running_timer": running})
    if "shown" in request.GET and request.GET["shown"] != (str(running.pk) if running else ""):
        response["HX-Trigger"] = TIMER_CHANGED
    return response


@post_only("log")
def timer_start(request: HttpRequest) -> HttpResponse:
    data, carried = request.POST, {}
    if request.POST.get("again"):  # a log's ▶ (Toggl's continue): its task, note and tags
        again = get_log_for_user(request, request.POST["again"])
        data, carried = request.POST.copy(), {"note": again.note, "tags": again.tags}
        data["task"] = again.task_id
    form = TimerStartForm(data, owner=request.user)
    if not form.is_valid():
        if "task" in form.errors and request.POST.get("task"):
            get_task_for_user(request, request.POST["task"])  # another owner's task: 404
        if request.htmx and request.htmx.target == "header-timer":
            return _refused_from_a_button(request, form)
        # The card answers in place: a new task's question (200) or what is wrong (422).
        status = 200 if form.only_asks_about_the_new_task else INVALID
        context = {"timer_form": form, "running_timer": timer.running_log(request.user)}
        template = "includes/timer_start.html" if request.htmx else "triage/timer_start.html"
        return render(request, template, context, status=status)
    running, started, restored = timer.start_from_form(
        request.user, form.cleaned_data | carried, timezone.now()
    )
    task = running.task
    if restored:
        messages.info(request, restored_note(task))
    if request.htmx and request.htmx.target == "header-timer":
        # A one-button start (a task's page, a found log's ▶): the header's timer in place.
        response = render(
            request, "includes/timer_start.html#started_by_a_button", {"running_timer": running}
        )
        response["HX-Trigger"] = TIMER_CHANGED
        return response
    chosen = not form.cleaned_data["new_task"]  # a new task's question leaves with a fresh card
    if request.htmx and chosen and log_list_week(request) is not None:
        # On the log page the card's form stays as it is (its list shows no running timer):
        # the header's timer and the card's "Running" line, out of band.
        response = render(
            request, "includes/timer_start.html#timer_started", {"running_timer": running}
        )
        response["HX-Reswap"] = "none"
        return response
    if request.htmx:  # a fresh card, and the header's timer out of band
        response = render(
            request,
            "includes/timer_start.html",
            {
                "timer_form": TimerStartForm(owner=request.user),
                "running_timer": timer.running_log(request.user),
                "header_timer_oob": True,
            },
        )
        response["HX-Trigger"] = TIMER_CHANGED
        return response
    if started:
        messages.success(request, f"Timer started on {task.title}.")
    else:
        messages.info(request, f"The timer was already running on {task.title}.")
    return redirect_back(request, reverse("log"))


def _refused_from_a_button(request: HttpRequest, form: TimerStartForm) -> HttpResponse:
    """A task page's one-button start, refused (the task archived in another tab since): no
    form to show the reason beside, so the page's messages say it; the header stays."""
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, error)
    response = render(request, "includes/messages.html", status=INVALID)
    response["HX-Retarget"] = "#messages"
    response["HX-Reswap"] = "outerHTML"
    return response


@post_only("log")
def timer_started_at(request: HttpRequest) -> HttpResponse:
    """The running timer began earlier (or later) than it was started: move its start."""
    form = TimerStartedAtForm(request.POST)
    now, zone = timezone.now(), request.owner_settings.zone
    running = None
    if form.is_valid():
        try:
            start = timer.clock_start(form.cleaned_data["start"], now, zone)
            running = timer.move_start(
                request.user, start, now, zone, running_id=form.cleaned_data["running"]
            )
        except ValueError as error:  # TimerError, or a time the clocks jumped over
            form.add_error("start", str(error))
    if running is None:
        return _timer_now_refused(request, started_at_form=form)
    if request.htmx:
        # The card's line and the header in place; a list or timeline showing the timer
        # fetches itself again on `timer-changed`.
        response = render(
            request, "includes/timer_start.html#timer_moved", {"running_timer": running}
        )
        response["HX-Trigger"] = TIMER_CHANGED
        return response
    messages.success(
        request, f"The timer on {running.task.title} now runs from {start.astimezone(zone):%H:%M}."
    )
    return redirect_back(request, reverse("log"))


@post_only("log")
def timer_note(request: HttpRequest) -> HttpResponse:
    """What the running timer's work is, typed while it runs (Toggl's description and
    tags). A page from before the card had tags sends no `tags`: they stay as they are."""
    form = TimerNoteForm(request.POST)
    running = None
    if form.is_valid():
        tags = form.cleaned_data["tags"] if "tags" in request.POST else None
        try:
            running = timer.set_note(
                request.user, form.cleaned_data["note"], form.cleaned_data["running"], tags
            )
        except timer.TimerError as error:  # stopped, or another started, in another tab
            form.add_error("note", str(error))
    if running is None:
        return _timer_now_refused(request, note_form=form)
    if request.htmx:  # the card's line, saying so; the note field keeps the focus
        context = {"running_timer": running, "note_saved": True}
        return render(request, "includes/timer_start.html#timer_now", context)
    messages.success(request, f"Note and tags saved on the timer for {running.task.title}.")
    return redirect_back(request, reverse("log"))


def _timer_now_refused(request: HttpRequest, **forms) -> HttpResponse:
    """A change to the running timer refused: the card's line (htmx) or the timer's page,
    with the form as typed and why (422)."""
    context = {"running_timer": timer.running_log(request.user), **forms}
    if request.htmx:
        return render(request, "includes/timer_start.html#timer_now", context, status=INVALID)
    context["timer_form"] = TimerStartForm(owner=request.user)
    return render(request, "triage/timer_start.html", context, status=INVALID)


@require_http_methods(["GET", "POST"])
def timer_switch(request: HttpRequest) -> HttpResponse:
    """GET: the running timer and a picker of the right task; POST: put the timer on it,
    keeping its start, and go back to the page it came from."""
    running = timer.running_log(request.user)
    form = TimerSwitchForm(request.POST or None, owner=request.user)
    if request.method == "POST":
        if request.POST.get("task") and "task" in form.errors:
            get_task_for_user(request, request.POST["task"])  # another owner's task: 404
        if form.is_valid():
            try:
                switched = timer.switch_task(
                    request.user, form.cleaned_data["task"], form.cleaned_data["running"]
                )
            except timer.TimerError as error:
                form.add_error("task", str(error))
            else:
                messages.success(
                    request,
                    f"The timer runs on {switched.task.title} now, "
                    f"since {timezone.localtime(switched.start):%H:%M}.",
                )
                return redirect_after_post(request, next_url(request, reverse("log")))
    if running is not None and not form.is_bound:
        form.initial["running"] = running.pk
    status = INVALID if form.is_bound else 200
    context = {"running": running, "form": form, "next": next_url(request, reverse("log"))}
    return render(request, "triage/timer_switch.html", context, status=status)


@require_http_methods(["GET", "POST"])
def timer_stop(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    running = timer.running_log(request.user)
    if running is None:
        # Stopped already (another tab, a double click): nothing more to do.
        if request.htmx:
            return _header(request)
        return redirect_back(request, reverse("log"))
    asks_end = timer.needs_end_time(running, now)
    form = TimerStopForm(request.POST if "end" in request.POST else None, log=running, now=now)
    if request.method == "GET" or (asks_end and not form.is_bound):
        if not form.is_bound:
            form.initial["end"] = timezone.localtime(running.start + timer.SUGGESTED_LENGTH)
        return _ask_end(request, running, form)
    if form.is_bound and not form.is_valid():
        return _ask_end(request, running, form, status=INVALID)
    end = form.cleaned_data["end"] if form.is_bound else now
    log = timer.stop_timer(request.user, now, end=end)
    if request.htmx and not form.is_bound:
        return _header(request, stopped=log)
    if log:
        messages.success(request, f"Logged {format_duration(log.duration)} on {log.task.title}.")
    elif end - running.start < timer.MIN_LENGTH:  # nothing happened to log
        messages.info(request, "The timer stopped as it started: nothing logged.")
    if form.is_bound:  # the end-time question filled the page: go back to the log
        return redirect_after_post(request, reverse("log"))
    return redirect_back(request, reverse("log"))


def _ask_end(request: HttpRequest, running, form, status: int = 200) -> HttpResponse:
    if request.htmx and request.method == "POST" and not form.is_bound:
        # A timer forgotten overnight: its own page asks when the work really stopped.
        return redirect_after_post(request, reverse("timer_stop"))
    context = {"running": running, "stop_form": form}
    return render(request, "triage/timer_stop.html", context, status=status)


DISCARD_SALT = "triage.timer.discard"
GONE = 410


@require_http_methods(["GET", "POST"])
def timer_discard(request: HttpRequest) -> HttpResponse:
    """Throw the running timer away, started by mistake: nothing of it is logged. GET asks
    first (a page without JavaScript has no undo to fall back on); with htmx it goes at once
    and the notice offers Undo. `running` names the timer the page showed: one started in
    another tab since is not thrown away in its place."""
    running = timer.running_log(request.user)
    back = next_url(request, reverse("log"))
    if request.method == "GET":
        context = {"running": running, "next": back}
        return render(request, "triage/timer_discard.html", context)
    shown = request.POST.get("running")
    try:
        discarded = timer.discard(request.user, _id(shown) if shown else None)
    except timer.TimerError as error:
        return _discard_answer(request, str(error), back, status=INVALID)
    message = (
        f"Discarded the timer on {discarded.task.title} "
        f"(since {timezone.localtime(discarded.start):%H:%M}): nothing logged."
    )
    token = signing.dumps(
        {
            "task": discarded.task_id,
            "start": discarded.start.isoformat(),
            "note": discarded.note,
            "tags": discarded.tags,
            "id": discarded.pk,  # each token its own, so each is used once
            "owner": request.user.pk,
        },
        salt=DISCARD_SALT,
    )
    return _discard_answer(request, message, back, undo_token=token)


@post_only("log")
def timer_discard_undo(request: HttpRequest) -> HttpResponse:
    """Bring a discarded timer back, running from its start: once, for a couple of minutes,
    and only while no other timer runs."""
    token = request.POST.get("token", "")
    back = next_url(request, reverse("log"))
    try:
        row = signing.loads(token, salt=DISCARD_SALT, max_age=UNDO_SECONDS)
    except signing.BadSignature:
        row = None
    if row is None or row.get("owner") != request.user.pk:  # late, or another's notice
        return _discard_answer(request, "Too late to undo that.", back, status=GONE)
    task = request.user.tasks.filter(pk=row["task"]).first()
    if task is None:
        return _discard_answer(request, "Its task was deleted meanwhile.", back, status=GONE)
    try:
        with transaction.atomic():
            use_once(request, token)
            running = timer.bring_back(
                request.user, task, datetime.fromisoformat(row["start"]), row["note"], row["tags"]
            )
    except IntegrityError:
        return _discard_answer(request, "That timer was brought back already.", back, status=GONE)
    except timer.TimerError as error:
        return _discard_answer(request, str(error), back, status=INVALID)
    message = (
        f"The timer on {task.title} runs again, since {timezone.localtime(running.start):%H:%M}."
    )
    return _discard_answer(request, message, back)


def _discard_answer(
    request: HttpRequest, message: str, back: str, status: int = 200, undo_token: str = ""
) -> HttpResponse:
    """A discard or its undo, done or refused (`status` 422: not now; 410: too late): with
    htmx the header's timer as it is now and the notice (with Undo after a discard), out of
    band, while the page's other timer parts refresh themselves (`timer-changed`); without,
    the page it came from says so."""
    if not request.htmx:
        (messages.success if status == 200 else messages.error)(request, message)
        return redirect_after_post(request, back)
    context = {
        "running_timer": timer.running_log(request.user),
        "discard_message": message,
        "undo_token": undo_token,
        "ok": status == 200,
    }
    response = render(request, "includes/timer_start.html#discarded", context, status=status)
    response["HX-Retarget"] = "#header-timer"
    response["HX-Reswap"] = "innerHTML"
    response["HX-Trigger"] = TIMER_CHANGED
    return response
