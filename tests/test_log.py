"""/log/: the week's logs, quick entry, the full form, inline edit, delete and undo."""

import csv
import io
import re
from datetime import UTC, datetime, time, timedelta
from urllib.parse import quote

import pytest
from django.utils import timezone
from django.utils.html import escape
from django.utils.text import slugify
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from triage.entries import day_name
from triage.forms import TimeLogForm
from triage.models import Task, TimeLog
from triage.text import one_line, tag_list, tag_pattern

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


def test_quick_entry_logs_an_existing_task_ending_now(owner_client, noon_owner, make_task):
    owner = noon_owner
    task = make_task(owner, "Invoicing")
    response = owner_client.post("/log/quick/", {"entry": "45m INVOICING"})
    assert response.status_code == 302
    log = TimeLog.objects.get()
    assert log.task == task
    assert log.end - log.start == timedelta(minutes=45)
    assert abs(log.end - timezone.now()) < timedelta(minutes=1)


def test_a_quick_entry_with_times_logs_them_even_over_another_log(
    owner_client, noon_owner, make_task, make_log
):
    owner = noon_owner
    zone, yesterday = owner.owner_settings.zone, owner.owner_settings.today() - timedelta(days=1)
    email = make_task(owner, "Email")
    make_log(email, datetime.combine(yesterday, time(10), tzinfo=zone), 60)
    make_task(owner, "Invoicing")
    response = owner_client.post("/log/quick/", {"entry": "9:00-10:30 invoicing yesterday"})
    assert response.status_code == 302
    log = TimeLog.objects.get(task__title="Invoicing")
    assert log.start == datetime.combine(yesterday, time(9), tzinfo=zone)
    assert log.end == datetime.combine(yesterday, time(10, 30), tzinfo=zone)
    page = owner_client.get(response["Location"]).content.decode()
    # Named as every message names a day (`Thu 31 Dec 2026` on New Year's Day).
    said = day_name(yesterday, owner.owner_settings.today())
    assert f"Logged 1h 30m on Invoicing, {said} 09:00–10:30" in page
    # Where the owner said, as the full form's times: over Email's 10:00, and marked so.
    if yesterday >= owner.owner_settings.this_week().first_day:
        assert "Overlaps Email" in owner_client.get("/log/").content.decode()


def test_an_htmx_quick_entry_with_times_answers_with_its_row_and_the_week_total(
    owner_client, noon_owner, make_task
):
    make_task(noon_owner, "Invoicing")  # it is about noon there: 9 to 10 has passed
    response = owner_client.post("/log/quick/", {"entry": "9-10 invoicing"}, **HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    log = TimeLog.objects.get()
    assert f'id="log-{log.pk}"' in html and "09:00–10:00" in html
    assert re.search(r'id="week-total"[^>]*>1h</span>', html)


def test_a_quick_entry_with_times_still_to_come_is_refused_and_saves_nothing(
    owner_client, noon_owner, make_task
):
    make_task(noon_owner, "Invoicing")  # it is about noon there: 23:00 today is to come
    response = owner_client.post("/log/quick/", {"entry": "22:00-23:00 invoicing"}, **HTMX)
    assert response.status_code == 422
    assert "That ends in the future; log work once it" in response.content.decode()
    response = owner_client.post("/log/quick/", {"entry": "23-1 invoicing yesterday"})
    assert response.status_code == 422 and "ends the next day" in response.content.decode()
    assert not TimeLog.objects.exists()
    # A new task: refused before its category is asked, and no task is made.
    response = owner_client.post("/log/quick/", {"entry": "22:00-23:00 brand new thing"})
    html = response.content.decode()
    assert response.status_code == 422 and "That ends in the future" in html
    assert "Category for the new task" not in html
    assert list(Task.objects.values_list("title", flat=True)) == ["Invoicing"]


def test_a_quick_entry_takes_six_statements_and_the_task_lookup_shares_the_lock(
    owner_client, noon_owner, make_task
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    make_task(noon_owner, "Invoicing")
    owner_client.get("/log/")  # the session is loaded, as it is for a page already open
    with CaptureQueriesContext(connection) as queries:
        response = owner_client.post("/log/quick/", {"entry": "45m invoicing yesterday"})
    assert response.status_code == 302 and TimeLog.objects.count() == 1
    statements = [query["sql"] for query in queries.captured_queries]
    # The session (with owner and settings), the lock that also finds the task, the day's
    # logs, the insert, and the transaction around them.
    assert len(statements) == 6, statements
    # (SQLite has no row locks: its transactions take the database, so the statement is
    # there without FOR UPDATE.)
    assert any('FROM "auth_user"' in sql and '"triage_task"' in sql for sql in statements)
    assert not any(sql.startswith('SELECT "triage_task"') for sql in statements)


def test_an_htmx_quick_entry_takes_six_statements_and_answers_with_the_week(
    owner_client, noon_owner, make_task, make_log
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    task = make_task(noon_owner, "Invoicing")
    zone = noon_owner.owner_settings.zone
    today = timezone.now().astimezone(zone)
    make_log(task, today.replace(hour=6, minute=0, second=0, microsecond=0), 30)
    owner_client.get("/log/")
    with CaptureQueriesContext(connection) as queries:
        response = owner_client.post("/log/quick/", {"entry": "45m invoicing"}, **HTMX)
    assert response.status_code == 200
    # The session, the transaction around the lock (which finds the task), one read of the
    # day's and the week's logs, and the insert: the answer reads nothing again.
    assert len(queries) == 6, [query["sql"][:60] for query in queries]
    html = response.content.decode()
    new = TimeLog.objects.latest("pk")
    assert f'id="log-{new.pk}"' in html
    assert 'id="week-total" hx-swap-oob="true">1h 15m</span>' in html


def test_quick_entry_for_htmx_returns_the_fresh_list_with_the_new_row(
    owner_client, noon_owner, make_task
):
    owner = noon_owner
    make_task(owner, "Invoicing")
    response = owner_client.post("/log/quick/", {"entry": "1h30 invoicing - March"}, **HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html
    log = TimeLog.objects.get()
    assert f'id="log-{log.pk}"' in html and "highlight" in html
    assert re.search(r"Logged 1h 30m on Invoicing, \w{3} \d+ \w{3} \d\d:\d\d–\d\d:\d\d\.", html)
    assert log.note == "March"


def test_an_htmx_quick_entry_answers_with_its_row_and_the_totals_not_the_forms(
    owner_client, noon_owner, make_task, make_log
):
    """The day already on the page: only that day's group, the week's total and the message
    come back, out of band; no form is rendered again, no other day."""
    from django.utils import timezone

    owner = noon_owner
    task = make_task(owner, "Invoicing")
    today = owner.owner_settings.today()
    zone = owner.owner_settings.zone
    make_log(task, datetime.combine(today, time(0, 10), tzinfo=zone), 30)  # today, on the page
    yesterday = today - timedelta(days=1)
    expected_total = "1h 15m"
    if yesterday >= owner.owner_settings.this_week().first_day:
        make_log(task, datetime.combine(yesterday, time(9), tzinfo=zone), 60)
        expected_total = "2h 15m"
    response = owner_client.post("/log/quick/", {"entry": "45m invoicing"}, **HTMX)
    assert response.status_code == 200
    assert (
        response["HX-Retarget"] == "#quick-entry-result" and response["HX-Trigger"] == "log-saved"
    )
    html = response.content.decode()
    new = TimeLog.objects.latest("pk")
    assert f'id="log-{new.pk}"' in html
    assert f'<div class="day" id="day-{today:%Y-%m-%d}" hx-swap-oob="true">' in html
    assert html.count('class="day"') == 1  # yesterday is not sent again
    assert f'id="week-total" hx-swap-oob="true">{expected_total}</span>' in html
    for form_field in ('name="entry"', 'name="start_time"', 'id="timer_task"', 'name="new_task"'):
        assert form_field not in html
    assert "<select" not in html  # no task list rendered for a form that did not change
    assert (
        '<div id="messages" class="messages" aria-live="polite" hx-swap-oob="true"></div>' in html
    )
    page = owner_client.get("/log/").content.decode()
    assert f'id="week-total">{expected_total}</span>' in page
    assert timezone.now() >= new.end


def test_quick_entry_asks_the_category_of_a_new_task_and_saves_nothing(owner_client):
    response = owner_client.post("/log/quick/", {"entry": "20m email 2026-11-20"}, **HTMX)
    assert response.status_code == 200  # a question, not an error: nothing saved yet
    html = response.content.decode()
    assert 'hx-target="#quick-entry"' in html  # the form answers in place
    assert "“email” is a new task: pick its category to save." in html
    assert re.search(r'<option value="email" selected>', html)  # the guess is pre-selected
    assert not Task.objects.exists() and not TimeLog.objects.exists()


def test_answers_to_one_new_tasks_question_are_not_taken_for_another(owner_client):
    """The question about “invoicing” is showing; the owner types another new task over it
    and presses Enter: the category picked for invoicing is not this one's."""
    asked = owner_client.post("/log/quick/", {"entry": "45m invoicing yesterday"}, **HTMX)
    assert 'name="asked_about" value="invoicing"' in asked.content.decode()
    typed_over = {"category": "bookkeeping", "is_mga": "False", "asked_about": "invoicing"}
    response = owner_client.post(
        "/log/quick/", typed_over | {"entry": "1h client call yesterday"}, **HTMX
    )
    html = response.content.decode()
    assert "“client call” is a new task: pick its category to save." in html
    assert 'name="asked_about" value="client call"' in html
    assert not Task.objects.exists()
    # Answered as asked (any case): saved with that category.
    owner_client.post("/log/quick/", typed_over | {"entry": "45m Invoicing yesterday"})
    assert Task.objects.get().category == "bookkeeping"


def test_quick_entry_with_a_category_creates_the_task(owner_client, owner):
    owner_client.post("/log/quick/", {"entry": "2h proposals yesterday", "category": "sales"})
    task = Task.objects.get()
    assert (task.owner, task.title, task.category) == (owner, "proposals", "sales")
    log = task.time_logs.get()
    local_day = log.start.astimezone(owner.owner_settings.zone).date()
    assert local_day == owner.owner_settings.today() - timedelta(days=1)


def test_a_days_quick_entries_line_up_instead_of_overlapping(owner_client, owner, make_task):
    make_task(owner, "Invoicing")
    owner_client.post("/log/quick/", {"entry": "1h invoicing yesterday"})
    owner_client.post("/log/quick/", {"entry": "30m invoicing yesterday"})
    first, second = TimeLog.objects.order_by("start")
    assert second.start == first.end


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ("invoicing", "Start with how long it took"),
        ("45m", "Add the task after the duration"),
        ("25h invoicing", "at most 24 hours"),
        ("0m invoicing", "longer than zero"),
        ("1h invoicing 2999-01-01", "in the future"),
    ],
)
def test_bad_quick_entries_get_a_message_and_save_nothing(
    owner_client, owner, make_task, entry, message
):
    make_task(owner, "Invoicing")
    response = owner_client.post("/log/quick/", {"entry": entry})
    assert response.status_code == 422
    assert message in response.content.decode()
    assert not TimeLog.objects.exists()


def test_the_full_form_is_folded_away_and_loads_when_opened(owner_client, owner, make_task):
    make_task(owner, "Invoicing")
    page = owner_client.get("/log/").content.decode()
    assert 'name="entry"' in page  # the quick entry is there at once
    assert 'name="start_time"' not in page  # the full form is not rendered until opened…
    assert 'hx-get="/log/?part=full_form" hx-trigger="toggle once"' in page
    assert '<a href="?form=full#full-form">Open the form</a>' in page  # …or, without JS, asked for
    fragment = owner_client.get("/log/?part=full_form", **HTMX).content.decode()
    assert 'name="start_time"' in fragment and "Invoicing" in fragment and "<html" not in fragment
    no_js = owner_client.get("/log/?form=full").content.decode()
    assert '<details class="card" id="full-form" open>' in no_js and 'name="start_time"' in no_js


def test_the_full_form_takes_start_and_end(owner_client, owner, make_task):
    task = make_task(owner)
    response = owner_client.post(
        "/log/new/",
        {
            "task": task.pk,
            "day": "2026-11-02",
            "start_time": "09:00",
            "end_time": "10:15",
            "note": "Q4",
        },
    )
    assert response.status_code == 302
    log = TimeLog.objects.get()
    assert log.start == datetime(2026, 11, 2, 8, 0, tzinfo=UTC)  # 09:00 in Berlin
    assert log.end - log.start == timedelta(minutes=75)


def test_the_full_form_counts_real_hours_over_a_clock_change(owner_client, owner, make_task):
    task = make_task(owner)
    response = owner_client.post(
        "/log/new/",
        {"task": task.pk, "day": "2026-03-29", "start_time": "01:30", "end_time": "03:30"},
    )
    assert response.status_code == 302
    log = TimeLog.objects.get()
    assert log.end - log.start == timedelta(hours=1)  # the clocks skipped 02:00–03:00


def test_the_full_form_takes_a_duration(owner_client, owner, make_task):
    task = make_task(owner)
    owner_client.post(
        "/log/new/",
        {"task": task.pk, "day": "2026-11-02", "start_time": "14:00", "duration": "1:30"},
    )
    assert TimeLog.objects.get().end == datetime(2026, 11, 2, 14, 30, tzinfo=UTC)


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"start_time": "10:00", "end_time": "10:00"}, "same as the start"),
        ({"duration": "banana"}, "not a duration"),
        ({}, "Give a start and an end, or a duration"),
        ({"day": "2999-01-01", "duration": "1h"}, "in the future"),
        ({"day": "not-a-date", "duration": "1h"}, "Enter a valid date"),
        # The hour Berlin's clocks skip: 02:30–03:15 would end before it started (was a 500).
        (
            {"day": "2026-03-29", "start_time": "02:30", "end_time": "03:15"},
            "02:30 does not exist on Sun 29 Mar 2026",
        ),
        ({"day": "2026-03-29", "start_time": "02:30", "duration": "1h"}, "does not exist"),
    ],
)
def test_the_full_form_explains_bad_input(owner_client, owner, make_task, fields, message):
    task = make_task(owner)
    data = {"task": task.pk, "day": "2026-11-02"} | fields
    response = owner_client.post("/log/new/", data)
    assert response.status_code == 422
    assert message in response.content.decode()
    assert not TimeLog.objects.exists()


def test_another_owners_task_in_the_form_is_404(owner_client, other_owner, make_task):
    theirs = make_task(other_owner)
    response = owner_client.post(
        "/log/new/", {"task": theirs.pk, "day": "2026-11-02", "duration": "1h"}
    )
    assert response.status_code == 404
    assert not TimeLog.objects.exists()


def test_the_week_is_grouped_by_day_with_totals(owner_client, owner, make_task, make_log, berlin):
    task = make_task(owner)
    make_log(task, datetime(2026, 11, 2, 9, tzinfo=berlin), 90)
    make_log(task, datetime(2026, 11, 3, 9, tzinfo=berlin), 30)
    make_log(task, datetime(2026, 11, 10, 9, tzinfo=berlin), 30)  # next week
    html = owner_client.get("/log/?week=2026-W45").content.decode()
    assert "Monday 2 Nov" in html and "Tuesday 3 Nov" in html
    assert "1h 30m" in html
    assert '<span class="total" id="week-total">2h</span>' in html
    assert "Tuesday 10 Nov" not in html
    assert "?week=2026-W44" in html and "?week=2026-W46" in html


def test_a_log_crossing_midnight_counts_on_both_days(
    owner_client, owner, make_task, make_log, berlin
):
    make_log(make_task(owner), datetime(2026, 11, 3, 23, 0, tzinfo=berlin), 120)
    html = owner_client.get("/log/?week=2026-W45").content.decode()
    day_totals = re.findall(
        r'class="day-head"><span>([^<]+)</span><span class="total">([^<]+)', html
    )
    assert ("Tuesday 3 Nov", "1h") in day_totals


def _day_group(html: str, day: str) -> str:
    """The group of `day` (`2026-11-03`) as the page or an htmx answer draws it."""
    return html.split(f'id="day-{day}"')[1].split('<div class="day"')[0]


def _row_minutes(group: str) -> int:
    """What a day's rows add up to, in minutes, as they read."""
    total = 0
    for length in re.findall(r'<td class="num">([^<]+)<span class="times-inline">', group):
        hours = re.search(r"(\d+)h", length)
        minutes = re.search(r"(\d+)m", length)
        total += (int(hours.group(1)) * 60 if hours else 0) + (
            int(minutes.group(1)) if minutes else 0
        )
    return total


def test_a_log_over_midnight_is_a_row_on_each_day_with_what_counts_there(
    owner_client, owner, make_task, make_log, berlin
):
    """Tuesday 23:00 to Wednesday 01:00: an hour counts on each day, and each day lists its
    hour of it, so its rows add up to its total; both say what the whole log is. The first
    holds the log's id, the second points its Edit at the first; each has its ▶ and the
    log's checkbox, and both ticked (no JavaScript to tick them as one) are the one log."""
    task = make_task(owner, "Invoicing")
    log = make_log(task, datetime(2026, 11, 3, 23, 0, tzinfo=berlin), 120, note="month end")
    make_log(task, datetime(2026, 11, 4, 9, 0, tzinfo=berlin), 30)
    html = owner_client.get("/log/?week=2026-W45").content.decode()
    tuesday, wednesday = _day_group(html, "2026-11-03"), _day_group(html, "2026-11-04")
    assert '<span class="total">1h</span>' in tuesday and _row_minutes(tuesday) == 60
    assert '<span class="total">1h 30m</span>' in wednesday and _row_minutes(wednesday) == 90
    note = "Part of a 2h log, Tue 3 Nov 23:00 – Wed 4 Nov 01:00"
    assert note in tuesday and note in wednesday
    assert '<td class="times">23:00–00:00</td>' in tuesday
    assert '<td class="times">00:00–01:00</td>' in wednesday
    assert f'<tr id="log-{log.pk}" ' in tuesday and f'value="{log.pk}"' in tuesday
    assert f'<tr id="log-{log.pk}-' in wednesday
    box = f'name="log" value="{log.pk}" form="move-logs"'
    assert box in tuesday and box in wednesday
    assert f'hx-target="#log-{log.pk}"' in wednesday  # its edit opens in the first row
    assert html.count(f'name="again" value="{log.pk}"') == 2
    assert '<span class="total" id="week-total">2h 30m</span>' in html
    # Listed whole on its task's page: its end said to be the next day's.
    assert "23:00–01:00 (next day)" in owner_client.get(f"/tasks/{task.pk}/").content.decode()
    both_ticked = {"log": [log.pk, log.pk], "confirm": "1"}
    deleted = owner_client.post("/log/delete-ticked/?week=2026-W45", both_ticked, **HTMX)
    assert "Deleted 1 log, 2h." in deleted.content.decode()
    assert not TimeLog.objects.filter(pk=log.pk).exists()


def test_a_log_from_the_sunday_before_is_on_the_weeks_monday(
    owner_client, owner, make_task, make_log, berlin
):
    """Its hour after midnight counts on the Monday: the Monday lists it, ticked and edited
    there (its Sunday is in the week before, which lists the other hour)."""
    task = make_task(owner, "Email")
    log = make_log(task, datetime(2026, 11, 1, 23, 0, tzinfo=berlin), 120)  # Sunday, W44
    make_log(task, datetime(2026, 11, 2, 9, 0, tzinfo=berlin), 60)
    html = owner_client.get("/log/?week=2026-W45").content.decode()
    monday = _day_group(html, "2026-11-02")
    assert '<span class="total">2h</span>' in monday and _row_minutes(monday) == 120
    assert f'<tr id="log-{log.pk}" ' in monday and f'value="{log.pk}"' in monday
    assert "Part of a 2h log, Sun 1 Nov 23:00 – Mon 2 Nov 01:00" in monday
    before = owner_client.get("/log/?week=2026-W44").content.decode()
    assert '<td class="times">23:00–00:00</td>' in _day_group(before, "2026-11-01")
    # Esc after an inline edit puts back the row the page shows: the Monday's hour.
    row = owner_client.get(f"/log/{log.pk}/?week=2026-W45", **HTMX).content.decode()
    assert '<td class="times">00:00–01:00</td>' in row and f'id="log-{log.pk}"' in row


def test_an_edit_or_delete_of_a_log_over_midnight_redraws_both_its_days(
    owner_client, owner, make_task, make_log, berlin
):
    task = make_task(owner, "Invoicing")
    log = make_log(task, datetime(2026, 11, 3, 23, 0, tzinfo=berlin), 120)
    make_log(task, datetime(2026, 11, 4, 9, 0, tzinfo=berlin), 30)
    make_log(task, datetime(2026, 11, 3, 9, 0, tzinfo=berlin), 30)
    edited = owner_client.post(
        f"/log/{log.pk}/edit/?week=2026-W45",
        {
            "task": task.pk,
            "day": "2026-11-03",
            "start_time": "23:30",
            "end_time": "00:30",
            "ends_next_day": "on",
        },
        **HTMX,
    )
    assert edited.status_code == 200, edited.content.decode()[:500]
    html = edited.content.decode()
    assert edited["HX-Reswap"] == "none"
    assert '<div class="day" id="day-2026-11-03" hx-swap-oob="true">' in html
    assert '<div class="day" id="day-2026-11-04" hx-swap-oob="true">' in html
    assert "Part of a 1h log, Tue 3 Nov 23:30 – Wed 4 Nov 00:30" in html
    deleted = owner_client.post(f"/log/{log.pk}/delete/?week=2026-W45", **HTMX).content.decode()
    assert '<span class="total">30m</span>' in _day_group(deleted, "2026-11-03")
    assert '<span class="total">30m</span>' in _day_group(deleted, "2026-11-04")
    assert "Part of a" not in deleted


def test_a_bad_week_is_404(owner_client):
    assert owner_client.get("/log/?week=2026-W99").status_code == 404
    assert owner_client.get("/log/?week=lastweek").status_code == 404


def test_the_empty_week_says_what_to_do(owner_client):
    html = owner_client.get("/log/").content.decode()
    assert "Nothing logged yet this week." in html
    assert "45m invoicing" in html


def test_inline_edit_returns_the_row_form_then_the_saved_row(
    owner_client, owner, make_task, make_log, berlin
):
    log = make_log(make_task(owner), datetime(2026, 11, 2, 9, tzinfo=berlin), 60)
    form = owner_client.get(f"/log/{log.pk}/edit/", **HTMX)
    assert 'class="log-row editing"' in form.content.decode()
    saved = owner_client.post(
        f"/log/{log.pk}/edit/?week=2026-W45",
        {"task": log.task_id, "day": "2026-11-02", "start_time": "09:00", "end_time": "11:00"},
        **HTMX,
    )
    assert saved.status_code == 200
    assert "2h" in saved.content.decode()
    log.refresh_from_db()
    assert log.end - log.start == timedelta(hours=2)


def test_an_edit_over_a_change_made_meanwhile_in_another_tab_asks_first(
    owner_client, owner, make_task, make_log, berlin
):
    """Tab A opens a log's edit; tab B (or the phone) changes the log; tab A's save does
    not quietly put the old times back: it says what the log reads now, and a second save
    is the owner's choice."""
    log = make_log(make_task(owner, "Invoicing"), datetime(2026, 11, 2, 9, tzinfo=berlin), 60)
    tab_a = owner_client.get(f"/log/{log.pk}/edit/", **HTMX).content.decode()
    as_loaded = re.search(r'name="as_loaded" value="(\w+)"', tab_a).group(1)
    tab_b = {"task": log.task_id, "day": "2026-11-02", "start_time": "09:00"}
    assert owner_client.post(f"/log/{log.pk}/edit/", tab_b | {"end_time": "11:00"}).status_code
    typed = tab_b | {"end_time": "09:30", "note": "from tab A", "as_loaded": as_loaded}
    refused = owner_client.post(f"/log/{log.pk}/edit/?week=2026-W45", typed, **HTMX)
    html = refused.content.decode()
    assert refused.status_code == 422
    assert "This log changed elsewhere (another tab or device) since you opened it" in html
    assert "it now reads Mon 2 Nov 09:00–11:00, Invoicing." in html
    log.refresh_from_db()
    assert log.end - log.start == timedelta(hours=2) and log.note == ""  # tab B's stays
    # The form keeps what was typed, and now carries the log as it is: saving again is meant.
    assert 'value="from tab A"' in html and f'value="{log.state()}"' in html
    again = owner_client.post(
        f"/log/{log.pk}/edit/?week=2026-W45", typed | {"as_loaded": log.state()}, **HTMX
    )
    assert again.status_code == 200
    log.refresh_from_db()
    assert log.end - log.start == timedelta(minutes=30) and log.note == "from tab A"
    # Without JavaScript, the same: the page says so and keeps the log as it is.
    page = owner_client.get(f"/log/{log.pk}/edit/").content.decode()
    stale = re.search(r'name="as_loaded" value="(\w+)"', page).group(1)
    owner_client.post(f"/log/{log.pk}/edit/", tab_b | {"end_time": "10:00"})
    plain = owner_client.post(f"/log/{log.pk}/edit/", typed | {"as_loaded": stale})
    assert plain.status_code == 422 and "changed elsewhere" in plain.content.decode()


def test_changing_a_note_moves_no_time(owner_client, owner, make_task, berlin):
    """The form shows minutes; a timer's log keeps its seconds (and a log in the hour the
    clocks repeat, which of the two it was in) when only its note changes."""
    task = make_task(owner)
    TimeLog.objects.create(  # the log before it: a start cut to the minute would overlap it
        owner=owner,
        task=task,
        start=datetime(2026, 11, 2, 8, 0, 5, tzinfo=UTC),
        end=datetime(2026, 11, 2, 8, 30, 37, tzinfo=UTC),
    )
    timer_log = TimeLog.objects.create(
        owner=owner,
        task=task,
        start=datetime(2026, 11, 2, 8, 30, 37, tzinfo=UTC),  # the timer switched: no gap
        end=datetime(2026, 11, 2, 9, 0, 12, tzinfo=UTC),
    )
    repeated_hour = TimeLog.objects.create(
        owner=owner,
        task=task,
        start=datetime(2026, 10, 25, 1, 10, tzinfo=UTC),  # 02:10 in winter time, the second
        end=datetime(2026, 10, 25, 1, 40, tzinfo=UTC),
    )
    for log in (timer_log, repeated_hour):
        shown = TimeLogForm(owner=owner, now=timezone.now(), zone=berlin, existing=log).initial
        data = {key: value for key, value in shown.items() if value not in (None, False)}
        saved = owner_client.post(f"/log/{log.pk}/edit/", data | {"note": "renamed"})
        assert saved.status_code == 302
        fresh = TimeLog.objects.get(pk=log.pk)
        assert (fresh.start, fresh.end, fresh.note) == (log.start, log.end, "renamed")
    html = owner_client.get("/log/?week=2026-W45").content.decode()
    assert "Overlaps" not in html


def test_a_logs_tags_are_typed_shown_and_taken_off(owner_client, owner, make_task, berlin):
    """Clockify and Toggl tag their logs; an import keeps the tags, and here they are seen,
    typed in the full form or an edit, and searched."""
    task = make_task(owner, "Invoicing")
    owner_client.post(
        "/log/new/",
        {
            "task": task.pk,
            "day": "2026-11-02",
            "start_time": "09:00",
            "end_time": "10:00",
            "tags": " billable,, Q4 ,BILLABLE, <b>x</b>",
        },
    )
    log = TimeLog.objects.get()
    assert log.tags == "billable, Q4, <b>x</b>"  # each once, the first spelling kept
    html = owner_client.get("/log/?week=2026-W45").content.decode()
    chips = re.findall(r'<a class="tag" href="([^"]+)"[^>]*>([^<]+)</a>', html)
    assert chips == [
        ("/log/?tag=billable", "billable"),
        ("/log/?tag=Q4", "Q4"),
        ("/log/?tag=%3Cb%3Ex%3C/b%3E", "&lt;b&gt;x&lt;/b&gt;"),  # each lists its logs
    ]
    assert 'class="tag"' in owner_client.get(f"/tasks/{task.pk}/").content.decode()
    assert (
        'value="billable, Q4, &lt;b&gt;x&lt;/b&gt;"'
        in owner_client.get(f"/log/{log.pk}/edit/").content.decode()
    )
    assert f'id="log-{log.pk}"' in owner_client.get("/log/?q=q4").content.decode()
    shown = TimeLogForm(owner=owner, now=timezone.now(), zone=berlin, existing=log).initial
    data = {key: value for key, value in shown.items() if value not in (None, False)}
    owner_client.post(f"/log/{log.pk}/edit/", data | {"tags": ""})
    log.refresh_from_db()
    assert (
        log.tags == ""
        and 'class="tag"' not in owner_client.get("/log/?week=2026-W45").content.decode()
    )


@pytest.mark.parametrize("tag", ["billable", "C++", "a.b", "(x", "Acme retainer", "100%_off"])
def test_a_tag_lists_the_logs_with_that_whole_tag(
    owner_client, owner, other_owner, make_task, make_log, berlin, tag
):
    task = make_task(owner, "Invoicing")
    days = iter(range(2, 30))

    def logged(tags, note=""):
        log = make_log(task, datetime(2026, 11, next(days), 9, tzinfo=berlin), 30)
        TimeLog.objects.filter(pk=log.pk).update(tags=tags, note=note)
        return log.pk

    wanted = {
        logged(tag),
        logged(f"Q4, {tag.upper()}"),  # any case, anywhere in the list
        logged(f"{tag} ,x", note="call"),
    }
    unwanted = {
        logged(f"non-{tag}"),
        logged(f"{tag}s"),
        logged("", note=tag),  # the word in a note is not the tag
        logged("x" * 3 + tag[:-1]),
    }
    theirs = make_log(make_task(other_owner, "Theirs"), datetime(2026, 11, 3, 9, tzinfo=berlin), 30)
    TimeLog.objects.filter(pk=theirs.pk).update(tags=tag)
    response = owner_client.get("/log/", {"tag": tag})
    html = response.content.decode()
    listed = {int(pk) for pk in re.findall(r'id="log-(\d+)"', html)}
    assert response.status_code == 200 and listed == wanted and not listed & unwanted, tag
    assert "3 logs tagged" in html and f'name="tag" value="{escape(tag)}"' in html
    both = owner_client.get("/log/", {"tag": tag, "q": "call"}).content.decode()
    assert {int(pk) for pk in re.findall(r'id="log-(\d+)"', both)} == {max(wanted)}
    assert "No log is tagged" in owner_client.get("/log/", {"tag": "nothing"}).content.decode()
    # Its logs as CSV, linked from its page: those logs, named after the tag.
    assert f'href="/export/timelogs.csv?tag={quote(tag)}"' in html
    exported = owner_client.get("/export/timelogs.csv", {"tag": tag})
    rows = list(csv.DictReader(io.StringIO(b"".join(exported.streaming_content).decode())))
    assert len(rows) == 3 and all(tag.casefold() in row["tags"].casefold() for row in rows)
    assert f"triage-timelogs-{slugify(tag)}-" in exported["Content-Disposition"]


def test_a_search_over_a_period_and_a_client(
    owner_client, owner, other_owner, make_task, make_log, berlin
):
    """`/log/?from=&to=` (the report's tag rows link there), `?client=`: the logs with time
    in the period, and the time inside it."""
    acme = make_task(owner, "Acme site", client="Acme")
    admin = make_task(owner, "Admin")
    before = make_log(acme, datetime(2026, 9, 30, 9, tzinfo=berlin), 60)
    inside = make_log(acme, datetime(2026, 10, 5, 9, tzinfo=berlin), 90)
    across = make_log(admin, datetime(2026, 10, 31, 23, tzinfo=berlin), 120)  # 1h inside
    after = make_log(acme, datetime(2026, 11, 2, 9, tzinfo=berlin), 60)
    make_log(make_task(other_owner, "Theirs", client="Acme"), datetime(2026, 10, 6, 9), 60)

    def listed(page: str) -> set[int]:
        return {int(pk) for pk in re.findall(r'id="log-(\d+)"', page)}

    october = owner_client.get("/log/", {"from": "2026-10-01", "to": "2026-10-31"})
    page = october.content.decode()
    assert october.status_code == 200
    assert listed(page) == {inside.pk, across.pk}
    assert "2 logs" in page and "1 Oct 2026 – 31 Oct 2026 ×" in page
    assert '<span class="total">2h 30m</span>' in page  # 1h 30m + the hour inside
    assert "1h of these logs lies outside the period" in page
    assert 'href="/export/timelogs.csv?from=2026-10-01&amp;to=2026-10-31"' in page
    assert 'href="/log/" title="Of any date"' in page  # its × leaves the week's page
    # The search field and the period's form keep each other's terms.
    assert '<input type="hidden" name="from" value="2026-10-01">' in page
    assert 'id="search-from" value="2026-10-01"' in page
    acme_october = owner_client.get(
        "/log/", {"from": "2026-10-01", "to": "2026-10-31", "client": "ACME"}
    ).content.decode()
    assert listed(acme_october) == {inside.pk}
    assert '<span class="total">1h 30m</span>' in acme_october
    assert 'href="/log/?client=ACME" title="Of any date"' in acme_october
    assert 'href="/log/?from=2026-10-01&amp;to=2026-10-31" title="Every client' in acme_october
    assert listed(owner_client.get("/log/", {"client": "acme"}).content.decode()) == {
        before.pk,
        inside.pk,
        after.pk,
    }
    since = owner_client.get("/log/", {"from": "2026-10-06"}).content.decode()
    assert listed(since) == {across.pk, after.pk} and "6 Oct 2026 – today" in since
    exported = owner_client.get("/export/timelogs.csv", {"client": "Acme", "to": "2026-10-31"})
    rows = list(csv.DictReader(io.StringIO(b"".join(exported.streaming_content).decode())))
    assert [row["task"] for row in rows] == ["Acme site", "Acme site"]
    assert "triage-timelogs-acme-" in exported["Content-Disposition"]
    # Dates that cannot be read, or the wrong way round: said, a 400.
    for bad, said in [
        ({"from": "2026-13-01"}, "is not a date: use ?from=YYYY-MM-DD"),
        ({"from": "2026-10-31", "to": "2026-10-01"}, "“from” is after “to”."),
        ({"to": "1999-12-31"}, "Dates run from 2000"),
    ]:
        refused = owner_client.get("/log/", bad)
        assert refused.status_code == 400 and said in refused.content.decode(), bad
    # Nothing in the period: said, with the way out.
    empty = owner_client.get("/log/", {"tag": "x", "from": "2026-10-01"}).content.decode()
    assert "No log is tagged “x” among these." in empty and ">Of any date</a>?" in empty
    # One task's (the report's hours link there with the period); another owner's: 404.
    admin_october = owner_client.get(
        "/log/", {"task": admin.pk, "from": "2026-10-01", "to": "2026-10-31"}
    ).content.decode()
    assert listed(admin_october) == {across.pk} and '1 log of <a class="tag"' in admin_october
    export = f'href="/export/timelogs.csv?from=2026-10-01&amp;to=2026-10-31&amp;task={admin.pk}"'
    assert export in admin_october
    theirs = make_task(other_owner, "Theirs too")
    for task_id in (theirs.pk, "x", "99999999999999999999"):
        assert owner_client.get("/log/", {"task": task_id}).status_code == 404, task_id
    # A category's (the report's category rows link there), its CSV the same logs.
    bookkeeping = owner_client.get("/log/", {"category": "BOOKKEEPING", "to": "2026-10-31"})
    assert listed(bookkeeping.content.decode()) == {before.pk, inside.pk, across.pk}
    assert 'in <a class="tag"' in bookkeeping.content.decode()
    exported = owner_client.get(
        "/export/timelogs.csv", {"category": "bookkeeping", "client": "Acme"}
    )
    rows = list(csv.DictReader(io.StringIO(b"".join(exported.streaming_content).decode())))
    assert len(rows) == 3 and {row["task"] for row in rows} == {"Acme site"}
    assert "triage-timelogs-acme-bookkeeping-" in exported["Content-Disposition"]
    assert listed(owner_client.get("/log/", {"category": "sales"}).content.decode()) == set()
    # An empty term is no search: the week's page.
    assert "This week" in owner_client.get("/log/", {"q": "", "from": ""}).content.decode()


def test_a_search_of_a_project(owner_client, owner, other_owner, make_task, make_log, berlin):
    """`/log/?project=` (the report's project rows link there): the logs of that project's
    tasks, in any case; its CSV the same logs, named after it."""
    design = make_task(owner, "Design", client="Acme", project="Relaunch")
    build = make_task(owner, "Build", client="Acme", project="RELAUNCH")
    admin = make_task(owner, "Admin")
    ours = [
        make_log(design, datetime(2026, 10, 5, 9, tzinfo=berlin), 60),
        make_log(build, datetime(2026, 10, 6, 9, tzinfo=berlin), 30),
    ]
    make_log(admin, datetime(2026, 10, 7, 9, tzinfo=berlin), 60)
    make_log(make_task(other_owner, "Theirs", project="Relaunch"), datetime(2026, 10, 6, 9), 60)
    found = owner_client.get("/log/", {"project": "relaunch"}).content.decode()
    assert {int(pk) for pk in re.findall(r'id="log-(\d+)"', found)} == {log.pk for log in ours}
    assert '2 logs on <a class="tag" href="/log/" title="Every project' in found
    assert '<span class="total">1h 30m</span>' in found
    assert "<title>Logs of relaunch · Triage</title>" in found
    assert 'href="/export/timelogs.csv?project=relaunch"' in found
    exported = owner_client.get("/export/timelogs.csv", {"project": "relaunch"})
    rows = list(csv.DictReader(io.StringIO(b"".join(exported.streaming_content).decode())))
    assert sorted(row["task"] for row in rows) == ["Build", "Design"]
    assert "triage-timelogs-relaunch-" in exported["Content-Disposition"]
    # With a client of another project: none.
    other = owner_client.get("/log/", {"project": "Relaunch", "client": "Globex"})
    assert "No log matches." in other.content.decode()


TAG_TEXT = st.text(alphabet="abAB.+*?()[]{}|^$\\%_-' ", min_size=1, max_size=8)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@example(tag="a b", logs=[["a  b"], [" A\tB "], ["ab"]])  # runs of spaces, as imported
@given(tag=TAG_TEXT, logs=st.lists(st.lists(TAG_TEXT, max_size=3), min_size=1, max_size=4))
def test_the_database_finds_a_tag_exactly_where_the_page_shows_it(owner, tag, logs):
    """`text.tag_pattern` in the database (PostgreSQL's or SQLite's regular expressions)
    agrees with `text.tag_list`, which draws the chips: regex characters, spaces, case."""
    task = Task.objects.get_or_create(owner=owner, title="Invoicing", category="bookkeeping")[0]
    TimeLog.objects.filter(owner=owner).delete()
    start = timezone.now() - timedelta(days=30)
    for index, tags in enumerate(logs):
        TimeLog.objects.create(
            owner=owner,
            task=task,
            start=start + timedelta(hours=index),
            end=start + timedelta(hours=index, minutes=30),
            tags=",".join(tags),  # as an import keeps them: spaces and all
        )
    wanted = one_line(tag).casefold()
    expected = {
        log.pk
        for log in TimeLog.objects.filter(owner=owner)
        if wanted and wanted in {t.casefold() for t in tag_list(log.tags)}
    }
    found = (
        set(
            TimeLog.objects.filter(owner=owner, tags__iregex=tag_pattern(tag)).values_list(
                "pk", flat=True
            )
        )
        if wanted
        else set()
    )
    assert found == expected, (tag, logs)


def test_edit_without_javascript_redirects(owner_client, owner, make_task, make_log, berlin):
    log = make_log(make_task(owner), datetime(2026, 11, 2, 9, tzinfo=berlin), 60)
    assert owner_client.get(f"/log/{log.pk}/edit/").status_code == 200
    response = owner_client.post(
        f"/log/{log.pk}/edit/",
        {"task": log.task_id, "day": "2026-11-02", "start_time": "10:00", "end_time": "10:00"},
    )
    assert response.status_code == 422
    log.refresh_from_db()
    assert log.end - log.start == timedelta(hours=1)


def test_delete_then_undo_restores_the_row(owner_client, owner, make_task, make_log, berlin):
    log = make_log(
        make_task(owner),
        datetime(2026, 11, 2, 9, tzinfo=berlin),
        60,
        note="keep me",
        tags="billable, Q4",
    )
    response = owner_client.post(f"/log/{log.pk}/delete/", **HTMX)
    assert not TimeLog.objects.exists()
    token = re.search(r'name="token" value="([^"]+)"', response.content.decode()).group(1)
    restored = owner_client.post("/log/restore/", {"token": token}, **HTMX)
    assert restored.status_code == 200
    again = TimeLog.objects.get()
    # Its tags too: an undone delete came back without them, and its billable hours went.
    assert (again.start, again.end, again.note, again.tags) == (
        log.start,
        log.end,
        "keep me",
        "billable, Q4",
    )


def test_undo_with_a_forged_token_restores_nothing(owner_client):
    assert owner_client.post("/log/restore/", {"token": "forged"}, **HTMX).status_code == 410
    assert not TimeLog.objects.exists()


def test_delete_without_javascript_confirms_first(owner_client, owner, make_task, make_log, berlin):
    log = make_log(make_task(owner), datetime(2026, 11, 2, 9, tzinfo=berlin), 60)
    assert "Delete this time log?" in owner_client.get(f"/log/{log.pk}/delete/").content.decode()
    assert TimeLog.objects.exists()
    assert owner_client.post(f"/log/{log.pk}/delete/").status_code == 302
    assert not TimeLog.objects.exists()


@pytest.mark.parametrize("path", ["/log/{id}/edit/", "/log/{id}/delete/", "/log/{id}/"])
def test_another_owners_log_is_404(owner_client, other_owner, make_task, make_log, berlin, path):
    theirs = make_log(make_task(other_owner), datetime(2026, 11, 2, 9, tzinfo=berlin))
    url = path.format(id=theirs.pk)
    assert owner_client.get(url).status_code == 404
    posted = owner_client.post(url, {"task": theirs.task_id, "day": "2026-11-02", "duration": "2h"})
    assert posted.status_code in {404, 405}  # /log/<id>/ only answers GET
    assert TimeLog.objects.filter(pk=theirs.pk, end=theirs.end).exists()


def test_search_finds_logs_of_all_time_by_task_note_client_or_tag(
    owner_client, owner, other_owner, make_task, make_log, berlin
):
    acme = make_task(owner, "Homepage", client="Acme")
    make_log(acme, datetime(2024, 3, 4, 9, tzinfo=berlin), 90, tags="design, urgent")
    make_log(
        make_task(owner, "Invoicing"),
        datetime(2026, 11, 2, 9, tzinfo=berlin),
        30,
        note="Acme March",
    )
    make_log(make_task(other_owner, "Acme secret"), datetime(2026, 11, 2, 9, tzinfo=berlin), 60)
    html = owner_client.get("/log/?q=acme").content.decode()
    assert "2 logs for “acme”" in html and '<span class="total">2h</span>' in html
    assert "Homepage" in html and "Invoicing" in html and "Acme secret" not in html
    assert "Monday 4 Mar 2024" in html
    assert "1 log for “urgent”" in owner_client.get("/log/?q=urgent").content.decode()
    assert "Nothing logged matches" in owner_client.get("/log/?q=zebra").content.decode()
    # A NUL is a space to the search: no 500 on PostgreSQL, no "everything" on SQLite.
    nul = owner_client.get("/log/?q=zebra%00").content.decode()
    assert "Nothing logged matches" in nul and "Homepage" not in nul
    assert "1 log for “urgent acme”" in owner_client.get("/log/?q=urgent%00acme").content.decode()
    too_long = owner_client.get("/log/?q=" + "x" * 10_000)
    assert too_long.status_code == 400 and "at most 200 characters" in too_long.content.decode()
    assert 'value="' + "x" * 50 + '"' in too_long.content.decode()  # what was typed, cut short
    long_client = owner_client.get("/log/", {"client": "y" * 201, "q": "acme"})
    assert long_client.status_code == 400 and 'name="client" value="' + "y" * 50 + '"' in (
        long_client.content.decode()
    )


def test_a_search_longer_than_a_page_goes_on_a_page_of_whole_days_at_a_time(
    owner_client, owner, make_task, make_log, berlin, monkeypatch
):
    monkeypatch.setattr("triage.views.log.SEARCH_ROWS", 4)
    acme = make_task(owner, "Acme site")
    for day, count in ((2, 3), (3, 2), (4, 2)):
        for hour in range(count):
            make_log(acme, datetime(2026, 11, day, 9 + hour, tzinfo=berlin), 30)
    make_log(make_task(owner, "Admin"), datetime(2026, 11, 4, 15, tzinfo=berlin), 30)

    def days_listed(page: str) -> list[str]:
        return re.findall(r'<h3 class="day-head"><span>(\w+ \d+ Nov 2026)</span>', page)

    newest = owner_client.get("/log/", {"q": "acme"}).content.decode()
    assert days_listed(newest) == ["Wednesday 4 Nov 2026", "Tuesday 3 Nov 2026"]
    assert len(re.findall(r'id="log-\d+"', newest)) == 4
    assert "7 logs" in newest and '<span class="total">3h 30m</span>' in newest  # all of them
    assert "Listed: 4 logs, 3 Nov 2026 – 4 Nov 2026, the newest; the total counts all 7." in newest
    older_link = 'href="/log/?q=acme&amp;before=2026-11-03" rel="next">Older logs'
    assert newest.count(older_link) == 2  # above the list and below it
    assert "← Newest" not in newest
    older = owner_client.get("/log/", {"q": "acme", "before": "2026-11-03"}).content.decode()
    assert days_listed(older) == ["Monday 2 Nov 2026"] and "1h 30m" in older
    assert "Listed: 3 logs, 2 Nov 2026 – 2 Nov 2026; the total counts all 7." in older
    assert 'href="/log/?q=acme">← Newest' in older and "Older logs" not in older
    # All of one search on a page: no pages spoken of. A day that cannot be read: a 400.
    assert "Listed:" not in owner_client.get("/log/", {"q": "admin"}).content.decode()
    refused = owner_client.get("/log/", {"q": "acme", "before": "3 Nov"})
    assert refused.status_code == 400 and "use ?before=YYYY-MM-DD" in refused.content.decode()
    # A day with more logs than a page: the whole of it listed, the next page the days before.
    for minute in range(0, 50, 10):
        make_log(acme, datetime(2026, 11, 5, 9, minute, tzinfo=berlin), 5)
    crowded = owner_client.get("/log/", {"q": "acme"}).content.decode()
    assert days_listed(crowded) == ["Thursday 5 Nov 2026"] and "25m" in crowded
    assert len(re.findall(r'id="log-\d+"', crowded)) == 5
    assert 'href="/log/?q=acme&amp;before=2026-11-05" rel="next"' in crowded
    assert (
        len(
            re.findall(
                r'id="log-\d+"',
                owner_client.get("/log/", {"q": "acme", "before": "2026-11-05"}).content.decode(),
            )
        )
        == 4
    )
    # More than four pages' worth on one day: its newest listed, and the page says how many
    # of its logs are not (the next page lists the days before it).
    for minute in range(0, 36, 3):  # 12 more, 08:00–08:34: 17 that day
        make_log(acme, datetime(2026, 11, 5, 8, minute, tzinfo=berlin), 1)
    packed = owner_client.get("/log/", {"q": "acme"}).content.decode()
    assert len(re.findall(r'id="log-\d+"', packed)) == 16
    assert "08:00–08:01" not in packed and "08:03–08:04" in packed
    assert "Thursday 5 Nov 2026 has more logs than a page: 1 of them, the oldest, is not" in packed
    assert 'href="/log/?q=acme&amp;before=2026-11-05" rel="next"' in packed
    assert '<span class="total">4h 7m</span>' in packed  # the search's total counts them all


def _search_days(html: str) -> dict[str, str]:
    """A search page's day groups by their heading (`Tuesday 3 Nov 2026`)."""
    groups = html.split('<div class="day">')[1:]
    return {re.search(r'<h3 class="day-head"><span>([^<]+)</span>', g).group(1): g for g in groups}


def test_a_search_lists_a_log_over_midnight_on_each_day_as_the_week_does(
    owner_client, owner, make_task, make_log, berlin, monkeypatch
):
    """Its days' rows add up to their totals, the week page's: the log from Monday 23:00 to
    Tuesday 01:00 is an hour under each, on whichever page of the search each day is, and a
    period lists only its piece inside."""
    monkeypatch.setattr("triage.views.log.SEARCH_ROWS", 2)
    acme = make_task(owner, "Acme site")
    make_log(acme, datetime(2026, 11, 2, 10, tzinfo=berlin), 30)
    across = make_log(acme, datetime(2026, 11, 2, 23, tzinfo=berlin), 120)
    make_log(acme, datetime(2026, 11, 3, 9, tzinfo=berlin), 30)
    make_log(acme, datetime(2026, 11, 4, 9, tzinfo=berlin), 30)
    note = "Part of a 2h log, Mon 2 Nov 23:00 – Tue 3 Nov 01:00"
    week = owner_client.get("/log/?week=2026-W45").content.decode()
    week_totals = {
        day: re.search(r'<span class="total">([^<]+)</span>', _day_group(week, day)).group(1)
        for day in ("2026-11-02", "2026-11-03", "2026-11-04")
    }
    assert week_totals == {"2026-11-02": "1h 30m", "2026-11-03": "1h 30m", "2026-11-04": "30m"}

    newest = _search_days(owner_client.get("/log/", {"q": "acme"}).content.decode())
    assert list(newest) == ["Wednesday 4 Nov 2026", "Tuesday 3 Nov 2026"]
    tuesday = newest["Tuesday 3 Nov 2026"]
    assert '<span class="total">1h 30m</span>' in tuesday and _row_minutes(tuesday) == 90
    assert '<td class="times">00:00–01:00</td>' in tuesday and note in tuesday
    assert f'<tr id="log-{across.pk}" ' in tuesday  # its first row on this page holds its id
    older_page = owner_client.get("/log/", {"q": "acme", "before": "2026-11-03"})
    older = _search_days(older_page.content.decode())
    assert list(older) == ["Monday 2 Nov 2026"]
    monday = older["Monday 2 Nov 2026"]
    assert '<span class="total">1h 30m</span>' in monday and _row_minutes(monday) == 90
    assert '<td class="times">23:00–00:00</td>' in monday and note in monday
    assert '<span class="total">3h 30m</span>' in older_page.content.decode()  # all four
    # A page before them all (a typed address) says so rather than that nothing matches.
    none_before = owner_client.get("/log/", {"q": "acme", "before": "2026-11-01"}).content.decode()
    assert "None of them lies before 1 Nov 2026" in none_before
    assert 'href="/log/?q=acme">see the newest' in none_before
    assert "No log matches" not in none_before and "Nothing logged matches" not in none_before

    tuesday_only = owner_client.get("/log/", {"from": "2026-11-03", "to": "2026-11-03"})
    page = tuesday_only.content.decode()
    assert list(_search_days(page)) == ["Tuesday 3 Nov 2026"]
    assert _row_minutes(_search_days(page)["Tuesday 3 Nov 2026"]) == 90
    assert "2 logs" in page and '<span class="total">1h 30m</span>' in page
    assert "1h of these logs lies outside the period" in page


def test_ticked_logs_move_to_another_task_all_or_none(
    owner_client, owner, other_owner, make_task, make_log, berlin
):
    emial, email = make_task(owner, "emial"), make_task(owner, "Email")
    first = make_log(emial, datetime(2026, 11, 2, 9, tzinfo=berlin), 30)
    second = make_log(emial, datetime(2026, 11, 3, 9, tzinfo=berlin), 30)
    theirs = make_log(make_task(other_owner, "X"), datetime(2026, 11, 3, 9, tzinfo=berlin), 30)
    html = owner_client.get("/log/?week=2026-W45").content.decode()
    assert f'name="log" value="{first.pk}" form="move-logs"' in html
    refused = owner_client.post("/log/move/", {"task": email.pk, "log": [first.pk, theirs.pk]})
    assert refused.status_code == 404
    assert TimeLog.objects.filter(task=emial).count() == 2  # nothing moved
    moved = owner_client.post(
        "/log/move/?week=2026-W45", {"task": email.pk, "log": [first.pk, second.pk]}, **HTMX
    )
    assert "Moved 2 logs to Email." in moved.content.decode()
    assert TimeLog.objects.filter(task=email).count() == 2


def test_ticked_logs_take_a_tag_all_or_none(
    owner_client, owner, other_owner, make_task, make_log, berlin
):
    """Toggl's bulk edit: tick the logs that were billable, tag them at once."""
    task = make_task(owner, "Site")
    first = make_log(task, datetime(2026, 11, 2, 9, tzinfo=berlin), 30, tags="Q4")
    second = make_log(task, datetime(2026, 11, 3, 9, tzinfo=berlin), 30, tags="BILLABLE")
    theirs = make_log(make_task(other_owner, "X"), datetime(2026, 11, 3, 9, tzinfo=berlin), 30)
    page = owner_client.get("/log/?week=2026-W45").content.decode()
    # Enter in the tag field submits the form's first button: Tag, never Move.
    assert page.index('formaction="/log/tag-ticked/?week=2026-W45"') < page.index(">Move</button>")
    refused = owner_client.post(
        "/log/tag-ticked/", {"tag": "billable", "log": [first.pk, theirs.pk]}
    )
    assert refused.status_code == 404
    assert TimeLog.objects.get(pk=first.pk).tags == "Q4"  # nothing tagged
    assert TimeLog.objects.get(pk=theirs.pk).tags == ""
    tagged = owner_client.post(
        "/log/tag-ticked/?week=2026-W45",
        {"tag": "billable, retainer", "log": [first.pk, second.pk], "task": task.pk},
        **HTMX,
    )
    html = tagged.content.decode()
    assert tagged.status_code == 200 and "Tagged 2 logs “billable”, “retainer”." in html
    assert '<a class="tag" href="/log/?tag=retainer"' in html  # the week's rows, redrawn
    assert TimeLog.objects.get(pk=first.pk).tags == "Q4, billable, retainer"
    assert TimeLog.objects.get(pk=second.pk).tags == "BILLABLE, retainer"  # its spelling kept
    assert TimeLog.objects.filter(task=task).count() == 2  # tagged, not moved
    # Without JavaScript: said, back to the page it came from.
    plain = owner_client.post(
        "/log/tag-ticked/", {"tag": "x", "log": [first.pk], "next": "/log/?q=site"}
    )
    assert plain.status_code == 302 and plain["Location"] == "/log/?q=site"
    for data, said in [
        ({"tag": "x"}, "Tick the logs to tag first."),
        ({"tag": " , ", "log": [first.pk]}, "Type the tag to give the ticked logs first."),
        ({"tag": "y" * 290, "log": [first.pk, second.pk]}, "more than 300 characters of tags"),
    ]:
        answer = owner_client.post("/log/tag-ticked/?week=2026-W45", data, **HTMX)
        assert said in answer.content.decode(), data
    assert TimeLog.objects.get(pk=second.pk).tags == "BILLABLE, retainer"  # all or none
    # Untag takes typed tags off, in any case, leaving the others.
    untagged = owner_client.post(
        "/log/tag-ticked/?week=2026-W45",
        {"tag": "Retainer", "untag": "1", "log": [first.pk, second.pk]},
        **HTMX,
    )
    assert "Took “Retainer” off 2 logs." in untagged.content.decode()
    assert TimeLog.objects.get(pk=first.pk).tags == "Q4, billable, x"
    assert TimeLog.objects.get(pk=second.pk).tags == "BILLABLE"
    nothing = owner_client.post(
        "/log/tag-ticked/", {"tag": "", "untag": "1", "log": [first.pk]}, **HTMX
    )
    assert "Type the tag to take off the ticked logs first." in nothing.content.decode()


def test_recent_tasks_start_a_timer_in_one_tap(owner_client, owner, make_task, make_log, berlin):
    for index, title in enumerate(["A", "B", "C", "D", "E", "F"]):
        make_log(make_task(owner, title), datetime(2026, 11, 2, 9 + index, tzinfo=berlin), 30)
    html = owner_client.get("/log/").content.decode()
    chips = re.findall(r'class="chip" title="Start the timer on ([A-F])"', html)
    assert chips == ["F", "E", "D", "C", "B"]


def test_this_weeks_chips_come_from_its_logs_as_the_query_would_give_them(
    owner_client, noon_owner, make_task, make_log
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from triage.views.log import recent_tasks

    owner = noon_owner
    zone = owner.owner_settings.zone
    morning = timezone.now().astimezone(zone).replace(hour=5, minute=0, second=0, microsecond=0)
    tasks = {title: make_task(owner, title) for title in "ABCDEFG"}
    for index, title in enumerate("ABCDEF"):  # A at 05:00 … F at 10:00, half an hour each
        make_log(tasks[title], morning + timedelta(hours=index), 30)
    make_log(tasks["B"], morning + timedelta(hours=6), 10)  # B again, the newest log
    # A timer on G since 08:15: newer than D (08:00), older than the archived E (09:00).
    TimeLog.objects.create(owner=owner, task=tasks["G"], start=morning + timedelta(hours=3.25))
    tasks["E"].archived = True  # archived: never a chip
    tasks["E"].save()
    expected = [task.title for task in recent_tasks(owner)]  # the query's answer
    assert expected == ["B", "F", "G", "D", "C"]
    with CaptureQueriesContext(connection) as queries:
        html = owner_client.get("/log/").content.decode()
    assert re.findall(r'class="chip" title="Start the timer on ([A-G])"', html) == expected
    assert not any("LIMIT 50" in query["sql"] for query in queries)  # no query of its own


def test_the_rows_clock_reads_as_djangos_time_filter():
    from zoneinfo import ZoneInfo

    from django.template import Context, Template

    template = Template('{% load triage %}{{ moment|clock }}={{ moment|time:"H:i" }}')
    for zone in ("Europe/Berlin", "America/New_York", "Pacific/Kiritimati", "UTC"):
        with timezone.override(ZoneInfo(zone)):
            for moment in (
                datetime(2026, 3, 29, 0, 59, tzinfo=UTC),  # Berlin's clocks go forward at 01:00
                datetime(2026, 11, 1, 5, 30, tzinfo=UTC),  # New York's go back at 06:00
                datetime(2000, 1, 1, 0, 0, tzinfo=UTC),
            ):
                mine, djangos = template.render(Context({"moment": moment})).split("=")
                assert mine == djangos, (zone, moment)
    assert Template("{% load triage %}[{{ nothing|clock }}]").render(Context({})) == "[]"


def test_the_new_log_address_opens_the_full_form(owner_client):
    response = owner_client.get("/log/new/")
    assert response.status_code == 302
    assert response["Location"] == "/log/?form=full#full-form"
    page = owner_client.get(response["Location"]).content.decode()
    assert 'name="start_time"' in page  # the form is there, open, without JavaScript


def test_the_first_entry_of_a_week_clears_the_pages_older_messages(owner_client, noon_owner):
    """An empty week answers with its whole list; older messages ("You're set up…") go."""
    response = owner_client.post(
        "/log/quick/", {"entry": "45m invoicing", "category": "admin"}, **HTMX
    )
    html = response.content.decode()
    assert response.status_code == 200 and 'id="week-logs" hx-swap-oob="innerHTML"' in html
    assert (
        '<div id="messages" class="messages" aria-live="polite" hx-swap-oob="true"></div>' in html
    )


def test_a_log_on_the_first_day_triage_keeps_shows_in_its_week(
    owner_client, owner, make_task, make_log, berlin
):
    """1 Jan 2000, a Saturday, is in ISO week 1999-W52: its page opened as a 404 before."""
    make_log(make_task(owner, "Millennium"), datetime(2000, 1, 1, 10, tzinfo=berlin), 60)
    page = owner_client.get("/log/?week=1999-W52")
    assert page.status_code == 200 and "Millennium" in page.content.decode()
    assert 'rel="prev"' not in page.content.decode()  # nothing before it to open
    assert 'rel="prev"' in owner_client.get("/log/?week=2000-W01").content.decode()
    assert owner_client.get("/dashboard/?week=1999-W52").status_code == 200
    assert owner_client.get("/log/?week=1999-W51").status_code == 404


def test_a_quick_entry_naming_an_archived_task_restores_it_and_says_so(
    owner_client, noon_owner, make_task
):
    task = make_task(noon_owner, "Invoicing")
    Task.objects.filter(pk=task.pk).update(archived=True)
    response = owner_client.post("/log/quick/", {"entry": "45m invoicing"}, follow=True)
    assert TimeLog.objects.get().task == task
    assert "Invoicing was archived and is back on your task list." in response.content.decode()
    task.refresh_from_db()
    assert not task.archived
    assert "Invoicing" in owner_client.get("/tasks/").content.decode()
    # Said once: the next entry on it is an ordinary one.
    again = owner_client.post("/log/quick/", {"entry": "15m invoicing"}, **HTMX)
    assert "Logged 15m on Invoicing" in again.content.decode()
    assert "archived" not in again.content.decode()


def test_an_edit_to_a_duration_the_day_has_no_room_for_is_refused_and_the_page_still_draws(
    owner_client, owner, make_task, make_log
):
    """The refusal rolls back only its own part: the page's next query (the row as saved,
    the week's list) must still run — inside a transaction (a test's) it had failed."""
    task = make_task(owner, "Invoicing")
    zone = owner.owner_settings.zone
    day = (timezone.now() - timedelta(days=3)).astimezone(zone).date()
    start = timezone.make_aware(datetime.combine(day, time(8)), zone)
    make_log(task, start, 120)
    log = make_log(task, start + timedelta(hours=3), 60)
    week = owner.owner_settings.week_of(start).label  # the list the row is shown in
    for htmx in ({}, HTMX):
        response = owner_client.post(
            f"/log/{log.pk}/edit/?week={week}",
            {"task": task.pk, "day": day.isoformat(), "duration": "23h59m"},
            **htmx,
        )
        assert response.status_code == 422
        assert "has no free 23h 59m left" in response.content.decode()
    log.refresh_from_db()
    assert log.end - log.start == timedelta(hours=1)


def test_a_rows_text_is_escaped_and_its_links_keep_the_week_shown(
    owner_client, owner, make_task, make_log, berlin
):
    """The week's rows are written by a tag, not a template: nothing in them is markup."""
    task = make_task(owner, '<script>alert("t")</script>', client="<u>Acme</u>", project="Q4")
    other = make_task(owner, "<b>Other</b>")
    log = make_log(task, datetime(2026, 11, 4, 9, tzinfo=berlin), 60, note="<i>note</i> & co")
    make_log(other, datetime(2026, 11, 4, 9, 30, tzinfo=berlin), 60)  # overlaps it
    html = owner_client.get("/log/?week=2026-W45").content.decode()
    row = html.split(f'<tr id="log-{log.pk}"')[1].split("</tr>")[0]
    assert "<script>" not in row and "<i>" not in row and "<b>" not in row
    assert "&lt;script&gt;alert(&quot;t&quot;)&lt;/script&gt;" in row
    assert '<span class="note">&lt;i&gt;note&lt;/i&gt; &amp; co</span>' in row
    assert '<span class="for-whom">&lt;u&gt;Acme&lt;/u&gt; · Q4</span>' in row  # as Toggl does
    assert "Overlaps &lt;b&gt;Other&lt;/b&gt; 09:30–10:30" in row
    assert f'href="/log/{log.pk}/edit/?week=2026-W45"' in row  # the week shown stays
    assert f'hx-post="/log/{log.pk}/delete/?week=2026-W45"' in row
    hostile = owner_client.get('/log/?week=2026-W45&x="><b>').content.decode()
    assert "<b>" not in hostile.split('id="week-logs"')[1]


def test_ticked_logs_are_deleted_together_and_one_undo_brings_them_all_back(
    owner_client, owner, make_task, make_log, berlin
):
    invoicing, email = make_task(owner, "Invoicing"), make_task(owner, "Email")
    first = make_log(invoicing, datetime(2026, 11, 2, 9, tzinfo=berlin), 60, note="keep me")
    second = make_log(email, datetime(2026, 11, 3, 14, tzinfo=berlin), 30, tags="inbox")
    kept = make_log(email, datetime(2026, 11, 4, 9, tzinfo=berlin), 15)
    page = owner_client.get("/log/?week=2026-W45").content.decode()
    assert "Delete ticked" in page
    response = owner_client.post(
        "/log/delete-ticked/?week=2026-W45", {"log": [first.pk, second.pk]}, **HTMX
    )
    html = response.content.decode()
    assert "Deleted 2 logs, 1h 30m." in html and f'id="log-{kept.pk}"' in html
    assert list(TimeLog.objects.all()) == [kept]
    token = re.search(r'name="token" value="([^"]+)"', html).group(1)
    restored = owner_client.post("/log/restore/?week=2026-W45", {"token": token}, **HTMX)
    assert "Restored 2 logs." in restored.content.decode()

    def read(log):
        return (log.task_id, log.start, log.end, log.note, log.tags)

    assert {read(log) for log in TimeLog.objects.all()} == {
        read(log) for log in (first, second, kept)
    }
    again = owner_client.post("/log/restore/", {"token": token}, **HTMX)
    assert again.status_code == 410 and TimeLog.objects.count() == 3  # once only


def test_without_javascript_deleting_ticked_logs_asks_first(
    owner_client, owner, make_task, make_log, berlin
):
    task = make_task(owner)
    logs = [make_log(task, datetime(2026, 11, 2, hour, tzinfo=berlin), 30) for hour in (9, 11)]
    asked = owner_client.post("/log/delete-ticked/", {"log": [log.pk for log in logs]})
    assert asked.status_code == 200 and "Delete these 2 time logs?" in asked.content.decode()
    assert TimeLog.objects.count() == 2  # nothing yet
    done = owner_client.post(
        "/log/delete-ticked/", {"log": [log.pk for log in logs], "confirm": "1"}, follow=True
    )
    assert "Deleted 2 logs, 1h." in done.content.decode() and not TimeLog.objects.exists()


def test_deleting_ticked_logs_refuses_none_ticked_and_the_running_timers_log(
    owner_client, owner, make_task, make_log, berlin
):
    task = make_task(owner)
    done = make_log(task, datetime(2026, 11, 2, 9, tzinfo=berlin), 30)
    running = TimeLog.objects.create(owner=owner, task=task, start=timezone.now())
    none = owner_client.post("/log/delete-ticked/", {}, follow=True)
    assert "Tick the logs to delete first." in none.content.decode()
    refused = owner_client.post(
        "/log/delete-ticked/", {"log": [done.pk, running.pk], "confirm": "1"}
    )
    assert refused.status_code == 404 and TimeLog.objects.count() == 2  # all or none


@pytest.mark.parametrize(
    ("path", "verb"), [("/log/move/", "move"), ("/log/delete-ticked/", "delete")]
)
def test_move_or_delete_with_nothing_ticked_says_so_in_the_list_not_a_page_inside_it(
    owner_client, owner, make_task, make_log, berlin, path, verb
):
    task = make_task(owner)
    make_log(task, datetime(2026, 11, 2, 9, tzinfo=berlin), 30)
    form = {"task": task.pk}  # the move form's task picker always sends one
    html = owner_client.post(f"{path}?week=2026-W45", form, **HTMX).content.decode()
    assert f"Tick the logs to {verb} first." in html
    assert "<html" not in html and 'class="log-row' in html  # the week's list, nothing more
    plain = owner_client.post(path, form, follow=True).content.decode()
    assert f"Tick the logs to {verb} first." in plain


def test_each_log_can_start_the_timer_on_its_task_again(
    owner_client, noon_owner, make_task, make_log
):
    owner = noon_owner  # its logs of this morning are in this week
    invoicing, retired = make_task(owner, "Invoicing"), make_task(owner, "Old chore")
    now = timezone.now()
    log = make_log(invoicing, now - timedelta(hours=3), 30)
    TimeLog.objects.filter(pk=log.pk).update(note="Reminders to Acme", tags="billable")
    old = make_log(retired, now - timedelta(hours=2), 30)
    Task.objects.filter(pk=retired.pk).update(archived=True)
    html = owner_client.get("/log/").content.decode()
    assert '<form method="post" action="/timer/start/" id="continue-timer"' in html
    play = f'form="continue-timer" name="again" value="{log.pk}"'
    assert play in html and 'aria-label="Start the timer on Invoicing"' in html
    # An archived task is in no picker and the timer refuses it: no ▶ to fail.
    assert f'name="again" value="{old.pk}"' not in html
    found = owner_client.get("/log/?q=invoicing").content.decode()
    # The search's results are plain forms (its page has no timer card to answer into).
    assert play in found and 'id="continue-timer" hidden>' in found
    response = owner_client.post("/timer/start/", {"again": log.pk, "next": "/log/"})
    assert response.status_code == 302
    card = owner_client.get("/log/").content.decode().split('id="timer-now"')[1]
    assert 'value="Reminders to Acme"' in card and ">billable</a>" in card.split("</p>")[0]
    running = TimeLog.objects.get(end__isnull=True)  # Toggl's continue: task, note, tags
    assert (running.task, running.note, running.tags) == (
        invoicing,
        "Reminders to Acme",
        "billable",
    )
    owner_client.post("/timer/stop/")
    assert owner_client.post("/timer/start/", {"again": old.pk}).status_code == 422  # archived
    assert owner_client.post("/timer/start/", {"again": 10**9}).status_code == 404


def test_a_searchs_results_are_edited_deleted_and_moved_through_pages_that_come_back_to_it(
    owner_client, owner, make_task, make_log, berlin
):
    """The search has no week list for htmx answers to land in: its rows are plain links
    and forms (hx-disable), and each page they open returns to the search."""
    homepage, email = make_task(owner, "Homepage", client="Acme"), make_task(owner, "Email")
    first = make_log(homepage, datetime(2024, 3, 4, 9, tzinfo=berlin), 90)
    second = make_log(homepage, datetime(2024, 3, 5, 9, tzinfo=berlin), 30)
    html = owner_client.get("/log/?q=acme").content.decode()
    back = "?next=/log/%3Fq%3Dacme"
    assert "<div hx-disable>" in html
    assert f'href="/log/{first.pk}/edit/{back}"' in html
    assert f'href="/log/{first.pk}/delete/{back}"' in html
    assert '<form method="post" action="/log/move/" id="move-logs"' in html
    assert '<input type="hidden" name="next" value="/log/?q=acme">' in html

    edit_page = owner_client.get(f"/log/{first.pk}/edit/{back}").content.decode()
    assert '<input type="hidden" name="next" value="/log/?q=acme">' in edit_page
    assert '<a class="button" href="/log/?q=acme">Cancel</a>' in edit_page
    confirm = owner_client.get(f"/log/{first.pk}/delete/{back}").content.decode()
    assert '<a class="button" href="/log/?q=acme">Keep it</a>' in confirm
    deleted = owner_client.post(f"/log/{first.pk}/delete/", {"next": "/log/?q=acme"})
    assert deleted["Location"] == "/log/?q=acme" and not TimeLog.objects.filter(pk=first.pk)

    moved = owner_client.post(
        "/log/move/", {"task": email.pk, "log": [second.pk], "next": "/log/?q=acme"}
    )
    assert moved["Location"] == "/log/?q=acme"
    assert TimeLog.objects.get(pk=second.pk).task == email
    # Another site as `next` is never followed, nor offered as a link.
    elsewhere = owner_client.get(f"/log/{second.pk}/delete/?next=https://evil.example/")
    assert "evil.example" not in elsewhere.content.decode()


def test_a_days_logs_add_up_to_its_total_as_they_read(owner_client, owner, make_task, berlin):
    # Three timer logs of 20m 40s: the day reads 1h 2m, so its rows read 21m, 21m and 20m
    # (not 21m three times), and the timesheet's cell the same 1h 2m.
    task = make_task(owner, "Invoicing")
    start = datetime(2026, 11, 3, 9, tzinfo=berlin)
    logs = []
    for _ in range(3):
        logs.append(
            TimeLog.objects.create(
                owner=owner, task=task, start=start, end=start + timedelta(seconds=1240)
            )
        )
        start += timedelta(hours=1)
    html = owner_client.get("/log/?week=2026-W45&view=list").content.decode()
    day = html.split('id="day-2026-11-03"')[1].split("</table>")[0]
    assert '<span class="total">1h 2m</span>' in day
    lengths = re.findall(r'<td class="num">(\d+m)<span class="times-inline">', day)
    assert sorted(lengths) == ["20m", "21m", "21m"]
    assert '<span class="total" id="week-total">1h 2m</span>' in html
    # Esc on an inline edit puts the row back as it read among the day's rows.
    newest_first = sorted(logs, key=lambda log: log.start, reverse=True)
    for log, length in zip(newest_first, lengths, strict=True):
        row = owner_client.get(f"/log/{log.pk}/", **HTMX).content.decode()
        assert f'<td class="num">{length}<span' in row
    sheet = owner_client.get("/log/?week=2026-W45&view=timesheet").content.decode()
    assert 'value="1h 2m"' in sheet.split('<table class="timesheet">')[1]
    found = owner_client.get("/log/?q=invoicing").content.decode()
    assert '3 logs for “invoicing” <span class="total">1h 2m</span>' in found
    assert sorted(re.findall(r'<td class="num">(\d+m)<span class="times-inline">', found)) == [
        "20m",
        "21m",
        "21m",
    ]


def test_pinned_tasks_are_the_first_timer_chips(owner_client, owner, make_task, make_log):
    """Toggl's favourites: a task pinned on its Edit page is always among the log page's
    timer chips, first, whether or not it was logged lately; the recent ones follow."""
    from django.utils import timezone

    recent = [make_task(owner, f"Recent {n}") for n in range(6)]
    for minutes, task in enumerate(recent):
        make_log(task, timezone.now() - timedelta(days=2, minutes=10 * minutes), 5)
    filing = make_task(owner, "Filing")  # never logged
    edit = {"title": "Filing", "category": "admin", "is_mga": "False", "pinned": "on"}
    assert owner_client.post(f"/tasks/{filing.pk}/edit/", edit).status_code == 302
    filing.refresh_from_db()
    assert filing.pinned

    def chips() -> list[str]:
        page = owner_client.get("/log/").content.decode()
        strip = page.split('aria-label="Pinned and recent tasks"')[1].split("</div>")[0]
        return re.findall(r'class="chip[^"]*"[^>]*>▶ ([^<]+?)(?: <span|</button>)', strip)

    assert chips() == ["Filing", "Recent 0", "Recent 1", "Recent 2", "Recent 3", "Recent 4"]
    unpinned = {"title": "Filing", "category": "admin", "is_mga": "False"}  # box unticked
    owner_client.post(f"/tasks/{filing.pk}/edit/", unpinned)
    assert chips()[0] == "Recent 0"
