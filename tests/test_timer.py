"""The timer: held in the database, one per owner, started and stopped from any page."""

from datetime import UTC, datetime, time, timedelta

import pytest
from django.utils import timezone

from triage.models import Task, TimeLog
from triage.weeks import split_by_day

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


def test_starting_shows_the_timer_in_every_pages_header(owner_client, owner, make_task):
    task = make_task(owner, "Email triage")
    response = owner_client.post("/timer/start/", {"task": task.pk})
    assert response.status_code == 302
    running = TimeLog.objects.get()
    assert running.end is None
    for path in ("/log/", "/tasks/", "/dashboard/"):
        html = owner_client.get(path).content.decode()
        assert 'class="timer running"' in html and "Email triage" in html


def test_stopping_timer_creates_log(owner_client, owner, make_task):
    task = make_task(owner)
    TimeLog.objects.create(owner=owner, task=task, start=timezone.now() - timedelta(minutes=25))
    response = owner_client.post("/timer/stop/")
    assert response.status_code == 302
    log = TimeLog.objects.get()
    assert log.end is not None
    assert timedelta(minutes=24) < log.end - log.start < timedelta(minutes=26)


def started_minutes_ago(client, task, minutes: int = 10) -> TimeLog:
    """Start the timer from the page, then move its start back, as if it had run a while."""
    client.post("/timer/start/", {"task": task.pk})
    running = TimeLog.objects.get(end__isnull=True)
    running.start -= timedelta(minutes=minutes)
    running.save()
    return running


def test_starting_another_stops_the_running_one_first(owner_client, owner, make_task):
    first, second = make_task(owner, "A"), make_task(owner, "B")
    started_minutes_ago(owner_client, first)
    owner_client.post("/timer/start/", {"task": second.pk})
    assert TimeLog.objects.filter(end__isnull=True).get().task == second
    stopped = TimeLog.objects.get(task=first)
    assert timedelta(minutes=10) <= stopped.end - stopped.start < timedelta(minutes=11)


def test_starting_the_running_task_again_keeps_its_timer(owner_client, owner, make_task):
    task = make_task(owner, "A")
    running = started_minutes_ago(owner_client, task)
    again = owner_client.post("/timer/start/", {"task": task.pk}, follow=True)
    assert list(TimeLog.objects.all()) == [running]  # one log, still running
    assert TimeLog.objects.get().end is None
    assert "already running on A" in again.content.decode()


def test_a_timer_stopped_within_a_second_logs_nothing(owner_client, owner, make_task):
    """Another task's start right after (a slip, two tabs), or a stop as it started: it
    recorded nothing, and a second's log would lie under the next timer's start."""
    first, second = make_task(owner, "A"), make_task(owner, "B")
    owner_client.post("/timer/start/", {"task": first.pk})
    owner_client.post("/timer/start/", {"task": second.pk})
    assert [log.task for log in TimeLog.objects.all()] == [second]
    stopped = owner_client.post("/timer/stop/", follow=True)
    assert not TimeLog.objects.exists()
    assert "stopped as it started: nothing logged" in stopped.content.decode()


def test_a_timer_on_a_new_task_asks_its_category_then_creates_it(owner_client, owner):
    asked = owner_client.post("/timer/start/", {"new_task": "Invoice chasing"}, **HTMX)
    assert asked.status_code == 200  # a question, not an error
    html = asked.content.decode()
    assert "“Invoice chasing” is a new task: pick its category to start." in html
    assert '<option value="bookkeeping" selected>' in html  # the guess, confirmed with Enter
    assert "Does it make you money?" in html
    assert not Task.objects.exists() and not TimeLog.objects.exists()
    owner_client.post("/timer/start/", {"new_task": "Invoice chasing", "category": "bookkeeping"})
    task = Task.objects.get()
    assert task.is_mga is False
    assert (task.title, task.category) == ("Invoice chasing", "bookkeeping")
    assert TimeLog.objects.get().task == task


def test_the_timers_answers_for_one_new_task_are_not_taken_for_another(owner_client):
    answers = {"category": "bookkeeping", "is_mga": "False", "asked_about": "Invoice chasing"}
    asked = owner_client.post("/timer/start/", answers | {"new_task": "Sales call"}, **HTMX)
    assert "“Sales call” is a new task: pick its category to start." in asked.content.decode()
    assert not Task.objects.exists() and not TimeLog.objects.exists()


def test_the_header_asked_again_says_when_the_timer_changed_elsewhere(
    owner_client, owner, make_task
):
    """Back on a tab after starting the timer on the phone: the header asks again with the
    timer it shows, and the answer tells the page to refresh its timer parts."""
    same = owner_client.get("/timer/?shown=", **HTMX)
    assert "HX-Trigger" not in same and "No timer running" in same.content.decode()
    owner_client.post("/timer/start/", {"task": make_task(owner, "Invoicing").pk})
    log = TimeLog.objects.get()
    changed = owner_client.get("/timer/?shown=", **HTMX)
    assert changed["HX-Trigger"] == "timer-changed"
    html = changed.content.decode()
    assert "Invoicing" in html and f'id="timer-shown" name="shown" value="{log.pk}"' in html
    assert "HX-Trigger" not in owner_client.get(f"/timer/?shown={log.pk}", **HTMX)
    owner_client.post("/timer/stop/")  # in another tab
    assert owner_client.get(f"/timer/?shown={log.pk}", **HTMX)["HX-Trigger"] == "timer-changed"


def test_htmx_start_answers_with_the_header_and_an_event(owner_client, owner, make_task):
    response = owner_client.post("/timer/start/", {"task": make_task(owner).pk}, **HTMX)
    assert response["HX-Trigger"] == "timer-changed"
    assert 'class="timer running"' in response.content.decode()
    assert "<html" not in response.content.decode()


def test_starting_without_a_task_explains_itself(owner_client):
    response = owner_client.post("/timer/start/", {}, **HTMX)
    assert response.status_code == 422
    assert "Pick a task, or type a new one" in response.content.decode()
    assert not TimeLog.objects.exists()


def test_stopping_twice_makes_one_log(owner_client, owner, make_task):
    started_minutes_ago(owner_client, make_task(owner))
    owner_client.post("/timer/stop/")
    owner_client.post("/timer/stop/")
    assert TimeLog.objects.count() == 1


def test_a_timer_left_running_over_12_hours_asks_for_the_real_end(owner_client, owner, make_task):
    started = timezone.now() - timedelta(hours=14)
    TimeLog.objects.create(owner=owner, task=make_task(owner), start=started)
    response = owner_client.post("/timer/stop/")
    assert response.status_code == 200
    assert "When did you stop?" in response.content.decode()
    assert TimeLog.objects.get().end is None
    real_end = timezone.localtime(started + timedelta(hours=3), owner.owner_settings.zone)
    real_end = real_end.strftime("%Y-%m-%dT%H:%M")  # typed in the owner's time zone
    owner_client.post("/timer/stop/", {"end": real_end})
    log = TimeLog.objects.get()
    assert timedelta(hours=2, minutes=59) <= log.end - log.start <= timedelta(hours=3)


def test_the_real_end_must_be_after_the_start(owner_client, owner, make_task):
    started = timezone.now() - timedelta(hours=14)
    TimeLog.objects.create(owner=owner, task=make_task(owner), start=started)
    too_early = timezone.localtime(started - timedelta(hours=1), owner.owner_settings.zone)
    too_early = too_early.strftime("%Y-%m-%dT%H:%M")
    response = owner_client.post("/timer/stop/", {"end": too_early})
    assert response.status_code == 422
    assert "must be after the timer started" in response.content.decode()
    assert TimeLog.objects.get().end is None


def test_a_timer_stops_at_most_a_day_after_it_started(owner_client, owner, make_task):
    from triage import timer

    started = timezone.now() - timedelta(days=3)
    TimeLog.objects.create(owner=owner, task=make_task(owner), start=started)
    too_late = timezone.localtime(started + timedelta(hours=25), owner.owner_settings.zone)
    response = owner_client.post("/timer/stop/", {"end": too_late.strftime("%Y-%m-%dT%H:%M")})
    assert response.status_code == 422
    assert "One log can be at most 24 hours" in response.content.decode()
    assert TimeLog.objects.get().end is None
    # Stopped without an end (the API does that): it ends 24 hours after it started.
    log = timer.stop_timer(owner, timezone.now())
    assert log.end - log.start == timedelta(hours=24)


def test_a_click_that_waited_for_another_starts_and_stops_after_it(owner, make_task):
    """Two tabs at once: one stops the timer while the other, whose request read the clock
    a moment earlier, waits for the owner's lock to start the next. The next starts once
    the first has ended, not over it (twenty tabs once made such an overlap)."""
    from triage import timer

    first = TimeLog.objects.create(
        owner=owner, task=make_task(owner, "Email"), start=timezone.now() - timedelta(minutes=10)
    )
    read_a_moment_before = timezone.now() - timedelta(seconds=2)
    ended = timer.stop_timer(owner, timezone.now())
    assert ended.pk == first.pk
    second, started = timer.start_timer(owner, make_task(owner, "Invoicing"), read_a_moment_before)
    assert started and second.start >= ended.end


def test_another_owners_task_cannot_be_timed(owner_client, other_owner, make_task):
    assert (
        owner_client.post("/timer/start/", {"task": make_task(other_owner).pk}).status_code == 404
    )
    assert not TimeLog.objects.exists()


def test_another_owners_timer_is_not_shown_or_stopped(owner_client, other_owner, make_task):
    TimeLog.objects.create(
        owner=other_owner, task=make_task(other_owner, "Secret"), start=timezone.now()
    )
    assert "Secret" not in owner_client.get("/log/").content.decode()
    owner_client.post("/timer/stop/")
    assert TimeLog.objects.get().end is None


def test_the_end_time_question_is_prefilled_in_the_pickers_format(owner_client, owner, make_task):
    TimeLog.objects.create(
        owner=owner, task=make_task(owner), start=timezone.now() - timedelta(hours=14)
    )
    html = owner_client.post("/timer/stop/").content.decode()
    berlin_time = timezone.localtime(
        timezone.now() - timedelta(hours=13), owner.owner_settings.zone
    )
    suggested = berlin_time.strftime("%Y-%m-%dT%H:")
    assert f'type="datetime-local" name="end" value="{suggested}' in html


def test_answering_the_end_time_question_with_htmx_goes_back_to_the_log(
    owner_client, owner, make_task
):
    started = timezone.now() - timedelta(hours=14)
    TimeLog.objects.create(owner=owner, task=make_task(owner), start=started)
    question = owner_client.post("/timer/stop/", HTTP_HX_REQUEST="true")
    assert question["HX-Redirect"] == "/timer/stop/"  # its own page asks
    real_end = timezone.localtime(started + timedelta(hours=2), owner.owner_settings.zone)
    answer = owner_client.post(
        "/timer/stop/", {"end": real_end.strftime("%Y-%m-%dT%H:%M")}, HTTP_HX_REQUEST="true"
    )
    assert answer["HX-Redirect"] == "/log/"
    assert TimeLog.objects.get().end is not None


def test_the_timer_starts_on_a_new_task_from_the_task_list_too(owner_client):
    html = owner_client.get("/tasks/").content.decode()
    assert 'name="new_task"' in html.split('id="timer-start"')[1]


def test_typing_an_existing_tasks_name_times_that_task(owner_client, owner, make_task):
    task = make_task(owner, "Invoicing")
    owner_client.post("/timer/start/", {"new_task": "  INVOICING "})
    assert Task.objects.count() == 1
    assert TimeLog.objects.get().task == task


def on_page(path: str) -> dict:
    """What htmx sends from a page: the request header and the page's address."""
    return HTMX | {"HTTP_HX_CURRENT_URL": f"http://testserver{path}"}


def test_stopping_on_the_log_page_answers_with_what_it_must_change(
    owner_client, owner, make_task, make_log
):
    """No event for the page to fetch its list and card again: the answer carries them."""
    task = make_task(owner)
    zone = owner.owner_settings.zone
    now = timezone.now()
    make_log(task, now - timedelta(hours=2), 30)  # today's group is on the page
    owner_client.post("/timer/start/", {"task": task.pk}, **on_page("/log/"))
    TimeLog.objects.filter(end__isnull=True).update(start=now - timedelta(minutes=20))
    response = owner_client.post("/timer/stop/", **on_page("/log/"))
    assert "HX-Trigger" not in response
    html = response.content.decode()
    assert 'class="timer idle"' in html  # the header
    assert '<div class="timer-now" id="timer-now" hx-swap-oob="true"></div>' in html  # not running
    assert 'id="timer_task"' not in html  # the card's form did not change: not sent again
    stopped = TimeLog.objects.latest("pk")
    # The days of this week it covers: over midnight, both (as a week begins, its Monday's
    # piece is on this page though it began last week).
    week = owner.owner_settings.week_of(now)
    days = {
        day for day, _ in split_by_day(stopped.start, stopped.end, zone) if week.first_day <= day
    }
    if days == {(now - timedelta(hours=2)).astimezone(zone).date()}:
        (day,) = days
        assert f'<div class="day" id="day-{day:%Y-%m-%d}" hx-swap-oob="true">' in html
    else:  # just after midnight: a new day's group, so the whole list
        assert '<section id="week-logs" hx-swap-oob="innerHTML">' in html
    assert f'id="log-{stopped.pk}"' in html


@pytest.mark.parametrize("page", ["/dashboard/", "/log/?view=timeline", "/log/?q=acme"])
def test_elsewhere_a_timer_click_tells_the_page_to_refresh(owner_client, owner, make_task, page):
    task = make_task(owner)
    started = owner_client.post("/timer/start/", {"task": task.pk}, **on_page(page))
    assert started["HX-Trigger"] == "timer-changed"
    stopped = owner_client.post("/timer/stop/", **on_page(page))
    assert stopped["HX-Trigger"] == "timer-changed"
    assert "hx-swap-oob" not in stopped.content.decode()


def test_starting_on_the_log_page_needs_no_refresh_of_the_list(owner_client, owner, make_task):
    task = make_task(owner)
    response = owner_client.post("/timer/start/", {"task": task.pk}, **on_page("/log/"))
    assert "HX-Trigger" not in response  # the list shows no running timer: nothing to fetch
    assert response["HX-Reswap"] == "none"  # the card's form stays as the owner left it
    html = response.content.decode()
    assert '<div class="timer-now" id="timer-now" hx-swap-oob="true"><p>Running: <strong>' in html
    assert '<div id="header-timer" class="header-timer" hx-swap-oob="innerHTML">' in html
    assert 'id="timer_task"' not in html


def test_a_timer_started_on_an_archived_tasks_title_restores_it_and_says_so(
    owner_client, owner, make_task
):
    task = make_task(owner, "Bookkeeping")
    Task.objects.filter(pk=task.pk).update(archived=True)
    response = owner_client.post("/timer/start/", {"new_task": "bookkeeping"}, **HTMX)
    assert TimeLog.objects.get().task == task and Task.objects.count() == 1
    html = response.content.decode()
    assert 'id="messages"' in html and "Bookkeeping was archived and is back on your" in html
    task.refresh_from_db()
    assert not task.archived


def test_a_task_pages_start_button_refused_says_why_in_the_messages(owner_client, owner, make_task):
    task = make_task(owner, "Old chore")
    owner_client.get(f"/tasks/{task.pk}/")  # the page is open with its Start timer button…
    Task.objects.filter(pk=task.pk).update(archived=True)  # …when another tab archives it
    response = owner_client.post(
        "/timer/start/", {"task": task.pk}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="header-timer"
    )
    assert response.status_code == 422
    assert response["HX-Retarget"] == "#messages"
    html = response.content.decode().strip()
    assert html.startswith('<div id="messages"') and "not open to choose (archived" in html
    assert "<form" not in html and not TimeLog.objects.exists()


def _local(owner, moment):
    return moment.astimezone(owner.owner_settings.zone)


def test_a_timer_started_late_can_say_when_the_work_began(owner_client, owner, make_task):
    task = make_task(owner, "Email triage")
    running = started_minutes_ago(owner_client, task, minutes=5)
    began = _local(owner, running.start - timedelta(minutes=20))
    response = owner_client.post("/timer/started-at/", {"start": f"{began:%H:%M}"}, **HTMX)
    assert response.status_code == 200
    running.refresh_from_db()
    assert _local(owner, running.start).strftime("%H:%M") == f"{began:%H:%M}"
    assert running.end is None
    html = response.content.decode()
    # The card's line and the header show the new start; the list fetches itself again.
    assert f"since {began:%H:%M}" in html and 'id="header-timer"' in html
    assert response["HX-Trigger"] == "timer-changed"
    # Without JavaScript: the change, said, and back to the page.
    plain = owner_client.post("/timer/started-at/", {"start": f"{began:%H:%M}", "next": "/tasks/"})
    assert plain.status_code == 302 and plain["Location"] == "/tasks/"


def test_a_timers_start_goes_back_only_to_where_the_last_log_ends(
    owner_client, owner, make_task, make_log
):
    task = make_task(owner, "Invoicing")
    now = timezone.now()
    # Ends on a whole minute, 20–21 minutes ago.
    before = make_log(task, (now - timedelta(minutes=50)).replace(second=0, microsecond=0), 30)
    running = started_minutes_ago(owner_client, make_task(owner, "Email"), minutes=10)
    ends = _local(owner, before.end)
    too_early = _local(owner, now - timedelta(minutes=30))
    # Without JavaScript: a page with the card, the reason beside the time typed.
    plain = owner_client.post("/timer/started-at/", {"start": f"{too_early:%H:%M}"})
    assert plain.status_code == 422
    assert f'value="{too_early:%H:%M}" required aria-invalid="true"' in plain.content.decode()
    assert "the timer can start from then" in plain.content.decode()
    response = owner_client.post("/timer/started-at/", {"start": f"{too_early:%H:%M}"}, **HTMX)
    assert response.status_code == 422
    assert f"Invoicing is logged until {ends:%H:%M}: the timer can start from then." in (
        response.content.decode()
    )
    assert TimeLog.objects.get(pk=running.pk).start == running.start  # nothing changed
    # To the minute it ends, it may.
    at_its_end = owner_client.post("/timer/started-at/", {"start": f"{ends:%H:%M}"}, **HTMX)
    assert at_its_end.status_code == 200
    assert TimeLog.objects.get(pk=running.pk).start == before.end


def test_a_timers_start_is_never_still_to_come_and_within_a_day(owner, make_task):
    from zoneinfo import ZoneInfo

    from triage import timer

    zone = ZoneInfo("Europe/Berlin")
    now = datetime(2026, 11, 26, 0, 10, tzinfo=zone)
    # "23:40" typed ten minutes after midnight is last night's.
    assert timer.clock_start(time(23, 40), now, zone) == datetime(2026, 11, 25, 23, 40, tzinfo=zone)
    assert timer.clock_start(time(0, 5), now, zone) == datetime(2026, 11, 26, 0, 5, tzinfo=zone)
    task = make_task(owner, "Email")
    TimeLog.objects.create(owner=owner, task=task, start=now - timedelta(minutes=5))
    with pytest.raises(timer.TimerError, match="still to come"):
        timer.move_start(owner, now + timedelta(minutes=1), now, zone)
    with pytest.raises(timer.TimerError, match="at most 24 hours"):
        timer.move_start(owner, now - timedelta(hours=25), now, zone)
    # In the hour shown twice (clocks back at 03:00 CEST on 25 Oct), the later one passed:
    # at 02:40 CET, "02:10" is half an hour ago, not an hour and a half.
    second_pass = datetime(2026, 10, 25, 1, 40, tzinfo=UTC)
    assert timer.clock_start(time(2, 10), second_pass, zone) == datetime(
        2026, 10, 25, 1, 10, tzinfo=UTC
    )
    first_pass = datetime(2026, 10, 25, 0, 40, tzinfo=UTC)  # 02:40 CEST
    assert timer.clock_start(time(2, 10), first_pass, zone) == datetime(
        2026, 10, 25, 0, 10, tzinfo=UTC
    )
    # A time the clocks jump over is refused with the reason.
    spring = datetime(2026, 3, 29, 4, 0, tzinfo=zone)
    with pytest.raises(ValueError, match="clocks jump over it"):
        timer.clock_start(time(2, 30), spring, zone)


def test_changing_the_start_of_a_timer_stopped_in_another_tab_changes_nothing(
    owner_client, owner, make_task
):
    response = owner_client.post("/timer/started-at/", {"start": "09:00"}, **HTMX)
    assert response.status_code == 422 and not TimeLog.objects.exists()
    assert "No timer is running (stopped in another tab?)." in response.content.decode()
    empty = owner_client.post("/timer/started-at/", {"start": ""})
    assert empty.status_code == 422


def test_began_earlier_from_a_page_showing_a_timer_another_tab_replaced_changes_nothing(
    owner_client, owner, make_task
):
    first = started_minutes_ago(owner_client, make_task(owner, "Email"), minutes=5)
    page = owner_client.get("/log/").content.decode()
    assert f'name="running" value="{first.pk}"' in page
    owner_client.post("/timer/start/", {"task": make_task(owner, "Invoicing").pk})  # tab two
    second = TimeLog.objects.get(end__isnull=True)
    began = _local(owner, second.start - timedelta(minutes=30))
    response = owner_client.post(
        "/timer/started-at/", {"start": f"{began:%H:%M}", "running": first.pk}, **HTMX
    )
    assert response.status_code == 422
    assert "The timer now runs on Invoicing (started in another tab)" in response.content.decode()
    assert TimeLog.objects.get(pk=second.pk).start == second.start


def test_a_running_timer_takes_a_note_that_its_log_keeps(owner_client, owner, make_task):
    """Toggl's description: what the work is, typed while the timer runs."""
    running = started_minutes_ago(owner_client, make_task(owner, "Email triage"), minutes=5)
    page = owner_client.get("/log/").content.decode()
    assert 'id="timer-note"' in page and 'placeholder="What are you working on?"' in page
    response = owner_client.post(
        "/timer/note/", {"note": "Inbox <zero>", "running": running.pk}, **HTMX
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'value="Inbox &lt;zero&gt;"' in html and "Saved." in html
    assert TimeLog.objects.get(pk=running.pk).note == "Inbox <zero>"
    assert 'value="Inbox &lt;zero&gt;"' in owner_client.get("/log/").content.decode()
    # Every page's header names it on the timer's task, as a hint.
    assert (
        'class="timer-task" title="Inbox &lt;zero&gt;"'
        in owner_client.get("/tasks/").content.decode()
    )
    # Without JavaScript: said, and back to the page it came from.
    plain = owner_client.post(
        "/timer/note/", {"note": "Inbox zero", "running": running.pk, "next": "/tasks/"}
    )
    assert plain.status_code == 302 and plain["Location"] == "/tasks/"
    owner_client.post("/timer/stop/")
    stopped = TimeLog.objects.get(pk=running.pk)
    assert stopped.end is not None and stopped.note == "Inbox zero"
    assert "Inbox zero" in owner_client.get("/log/").content.decode()  # under its row
    # The timer stopped in another tab meanwhile: refused, and what was typed is not lost.
    refused = owner_client.post("/timer/note/", {"note": "Later", "running": running.pk}, **HTMX)
    assert refused.status_code == 422
    assert "No timer is running" in refused.content.decode() and "Later" in refused.content.decode()
    assert TimeLog.objects.get(pk=running.pk).note == "Inbox zero"


def test_a_running_timer_takes_tags_that_its_log_keeps(owner_client, owner, make_task):
    """Toggl and Clockify tag the running entry (billable, a client's retainer): a stopped
    log's tags were editable, the running timer's were not."""
    running = started_minutes_ago(owner_client, make_task(owner, "Client work"), minutes=5)
    assert 'id="timer-tags"' in owner_client.get("/log/").content.decode()
    response = owner_client.post(
        "/timer/note/",
        {"note": "Site", "tags": " billable ,Retainer, BILLABLE,, ", "running": running.pk},
        **HTMX,
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'value="billable, Retainer"' in html and "Saved." in html
    assert '<a class="tag" href="/log/?tag=billable"' in html  # the "Running" line's chips
    assert TimeLog.objects.get(pk=running.pk).tags == "billable, Retainer"
    assert 'value="billable, Retainer"' in owner_client.get("/log/").content.decode()
    # A page from before the card had a Tags field sends the note alone: the tags stay.
    owner_client.post("/timer/note/", {"note": "Site, page two", "running": running.pk})
    kept = TimeLog.objects.get(pk=running.pk)
    assert (kept.note, kept.tags) == ("Site, page two", "billable, Retainer")
    too_long = owner_client.post(
        "/timer/note/", {"note": "Site", "tags": "x" * 301, "running": running.pk}, **HTMX
    )
    assert too_long.status_code == 422
    assert "Tags: Ensure this value has at most 300 characters" in too_long.content.decode()
    assert TimeLog.objects.get(pk=running.pk).tags == "billable, Retainer"
    # Emptied: no tags. Stopped, the log keeps what the timer carried, and its chip lists it.
    owner_client.post("/timer/note/", {"note": "Site", "tags": "retainer", "running": running.pk})
    owner_client.post("/timer/stop/")
    stopped = TimeLog.objects.get(pk=running.pk)
    assert stopped.end is not None and stopped.tags == "retainer"
    assert "Site" in owner_client.get("/log/?tag=Retainer").content.decode()
    emptied = started_minutes_ago(owner_client, make_task(owner, "Email"), minutes=5)
    owner_client.post("/timer/note/", {"note": "", "tags": "a", "running": emptied.pk})
    owner_client.post("/timer/note/", {"note": "", "tags": " , ", "running": emptied.pk})
    assert TimeLog.objects.get(pk=emptied.pk).tags == ""


def test_a_note_from_a_page_showing_a_timer_another_tab_replaced_changes_nothing(
    owner_client, owner, make_task
):
    first = started_minutes_ago(owner_client, make_task(owner, "Email"), minutes=5)
    owner_client.post("/timer/start/", {"task": make_task(owner, "Invoicing").pk})  # tab two
    response = owner_client.post("/timer/note/", {"note": "x" * 501, "running": first.pk})
    assert response.status_code == 422 and "at most 500 characters" in response.content.decode()
    response = owner_client.post("/timer/note/", {"note": "Replies", "running": first.pk}, **HTMX)
    assert response.status_code == 422
    assert "The timer now runs on Invoicing" in response.content.decode()
    assert 'value="Replies"' in response.content.decode()  # kept as typed
    assert not TimeLog.objects.filter(note="Replies").exists()


def test_a_timer_started_on_the_wrong_task_switches_keeping_its_start(
    owner_client, owner, other_owner, make_task
):
    email, invoicing = make_task(owner, "Email"), make_task(owner, "Invoicing")
    running = started_minutes_ago(owner_client, email, minutes=20)
    card = owner_client.get("/log/").content.decode()
    assert 'href="/timer/switch/?next=/log/">Wrong task?</a>' in card
    page = owner_client.get("/timer/switch/?next=/tasks/").content.decode()
    assert "The timer runs on <strong>Email</strong>" in page
    assert f'name="running" value="{running.pk}"' in page
    assert '<label for="id_task">The right task:</label>' in page
    switched = owner_client.post(
        "/timer/switch/", {"task": invoicing.pk, "running": running.pk, "next": "/tasks/"}
    )
    assert switched.status_code == 302 and switched["Location"] == "/tasks/"
    after = TimeLog.objects.get()
    assert (after.pk, after.task, after.start, after.end) == (
        running.pk,
        invoicing,
        running.start,
        None,
    )
    # Another owner's task is a 404; a task the page no longer shows, a message.
    theirs = make_task(other_owner, "Theirs")
    assert owner_client.post("/timer/switch/", {"task": theirs.pk}).status_code == 404
    stale = owner_client.post("/timer/switch/", {"task": email.pk, "running": running.pk + 1})
    assert stale.status_code == 422 and "The timer now runs on Invoicing" in stale.content.decode()
    owner_client.post("/timer/stop/")
    gone = owner_client.post("/timer/switch/", {"task": email.pk})
    assert gone.status_code == 422 and "No timer is running" in gone.content.decode()


def test_the_cards_links_in_an_htmx_answer_lead_back_to_the_page_not_the_fragment(
    owner_client, owner, make_task
):
    task = make_task(owner, "Email")
    answer = owner_client.post(
        "/timer/start/",
        {"task": task.pk},
        HTTP_HX_REQUEST="true",
        HTTP_HX_CURRENT_URL="http://testserver/tasks/?sort=hours",
    ).content.decode()
    assert 'href="/timer/switch/?next=/tasks/%3Fsort%3Dhours">Wrong task?' in answer
    assert 'name="next" value="/tasks/?sort=hours"' in answer
    assert "next=/timer/start/" not in answer and 'value="/timer/start/"' not in answer


def test_a_task_pages_start_button_answers_with_the_headers_timer_alone(
    owner_client, owner, make_task
):
    task = make_task(owner, "Invoicing")
    page = on_page(f"/tasks/{task.pk}/")
    response = owner_client.post(
        "/timer/start/", {"task": task.pk}, HTTP_HX_TARGET="header-timer", **page
    )
    html = response.content.decode().strip()
    shown = TimeLog.objects.get(end__isnull=True).pk  # which timer the header now shows
    assert html.startswith(f'<input type="hidden" id="timer-shown" name="shown" value="{shown}">')
    assert '<form class="timer running"' in html and "Invoicing" in html
    assert 'id="timer-start"' not in html and 'id="timer_task"' not in html  # no card in it
    assert response["HX-Trigger"] == "timer-changed"
    assert TimeLog.objects.get(end__isnull=True).task == task


def test_the_running_timers_log_opened_in_its_edit_says_what_the_form_can_do(
    owner_client, owner, make_task
):
    """The timeline's running block opens the log's edit: an end stops the timer there; an
    edit without one is refused saying where the running timer's fields change."""
    from tests.conftest import put_owner_where_it_is_about_noon
    from triage.forms import RUNNING_LOG_EDIT, TimeLogForm

    put_owner_where_it_is_about_noon(owner)
    running = started_minutes_ago(owner_client, make_task(owner, "Email triage"), minutes=30)
    page = owner_client.get(f"/log/{running.pk}/edit/").content.decode()
    notice = page.split('id="running-log-notice">')[1].split("</p>")[0]
    assert f"This is the running timer, since {_local(owner, running.start):%H:%M}" in notice
    assert 'href="/log/#timer"' in notice
    posted = TimeLogForm.as_posted(
        running, owner=owner, now=timezone.now(), zone=owner.owner_settings.zone
    )
    # From the timeline's panel (where its block opens it), and without JavaScript.
    for address, headers in (
        (f"/log/{running.pk}/edit/?view=timeline", HTMX),
        (f"/log/{running.pk}/edit/", {}),
    ):
        refused = owner_client.post(address, posted | {"note": "Inbox"}, **headers)
        assert refused.status_code == 422
        assert RUNNING_LOG_EDIT in refused.content.decode()
        assert 'id="running-log-notice"' in refused.content.decode()
    running.refresh_from_db()
    assert running.end is None and running.note == ""
    ended = _local(owner, timezone.now() - timedelta(minutes=10))
    stopped = owner_client.post(
        f"/log/{running.pk}/edit/", posted | {"note": "Inbox", "end_time": f"{ended:%H:%M}"}
    )
    assert stopped.status_code == 302
    running.refresh_from_db()
    assert running.note == "Inbox" and f"{_local(owner, running.end):%H:%M}" == f"{ended:%H:%M}"
    assert not TimeLog.objects.filter(end__isnull=True).exists()
    # A finished log's edit says nothing of a timer.
    assert "running-log-notice" not in owner_client.get(f"/log/{running.pk}/edit/").content.decode()
