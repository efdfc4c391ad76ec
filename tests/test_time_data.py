"""Time data an owner can trust: no overlaps, nothing over 24 h, no impossible dates — by
hand or by import (PRODUCT.md, "Time log")."""

import codecs
import itertools
import re
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError
from django.utils import timezone

from triage.models import Decision, Task, TimeLog

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


def day_logs(owner, day: date) -> list[TimeLog]:
    zone = owner.owner_settings.zone
    return [
        log
        for log in TimeLog.objects.filter(owner=owner).order_by("start")
        if log.start.astimezone(zone).date() == day
    ]


def assert_no_overlap(logs):
    ordered = sorted(logs, key=lambda log: log.start)
    for earlier, later in itertools.pairwise(ordered):
        assert earlier.end <= later.start, f"{earlier} overlaps {later}"


def test_five_quick_entries_today_end_one_after_another(owner_client, noon_owner, make_task):
    for title in ("invoicing", "email", "bookkeeping", "admin", "proposals"):
        make_task(noon_owner, title)
    entries = ["45m invoicing", "90 email", "1:15 bookkeeping", "20m admin", "1h proposals"]
    for entry in entries:
        assert owner_client.post("/log/quick/", {"entry": entry}).status_code == 302
    today = noon_owner.owner_settings.today()
    logs = day_logs(noon_owner, today)
    assert len(logs) == 5
    assert_no_overlap(logs)
    newest_first = sorted(logs, key=lambda log: log.start, reverse=True)
    assert abs(newest_first[0].end - timezone.now()) < timedelta(minutes=1)
    for newer, older in itertools.pairwise(newest_first):
        assert older.end == newer.start  # stacked back from now
    html = owner_client.get("/log/").content.decode()
    day_total = re.search(
        r'class="day-head"><span>Today[^<]*</span><span class="total">([^<]+)', html
    )
    assert day_total.group(1) == "4h 50m"  # 45 + 90 + 75 + 20 + 60 minutes, no more


@pytest.mark.parametrize(
    ("entry", "named"),
    [
        ("45m invoicing 2026-11-24", "Tue 24 Nov 09:00–09:45"),
        ("45m invoicing 2025-03-04", "Tue 4 Mar 2025 09:00–09:45"),  # another year: said
    ],
)
def test_the_confirmation_names_the_day_and_the_times(
    owner_client, owner, make_task, monkeypatch, entry, named
):
    monkeypatch.setattr(timezone, "now", lambda: datetime(2026, 11, 25, 11, tzinfo=UTC))
    make_task(owner, "Invoicing")
    response = owner_client.post("/log/quick/", {"entry": entry}, **HTMX)
    assert f"Logged 45m on Invoicing, {named}." in response.content.decode()


def test_a_quick_entry_when_today_is_full_points_to_the_full_form(
    owner_client, noon_owner, make_task
):
    task = make_task(noon_owner, "Invoicing")
    now = timezone.now()
    today_start = datetime.combine(
        noon_owner.owner_settings.today(),
        datetime.min.time(),
        tzinfo=noon_owner.owner_settings.zone,
    )
    TimeLog.objects.create(
        owner=noon_owner, task=task, start=today_start, end=now - timedelta(minutes=10)
    )
    response = owner_client.post("/log/quick/", {"entry": "1h invoicing"})
    assert response.status_code == 422
    assert "no free 1h before now" in response.content.decode()
    assert TimeLog.objects.count() == 1


@pytest.mark.parametrize("day", ["2026-11-02"])
def test_an_end_before_the_start_is_refused_unless_it_ends_the_next_day(
    owner_client, owner, make_task, day
):
    task = make_task(owner)
    fields = {"task": task.pk, "day": day, "start_time": "15:00", "end_time": "14:00"}
    refused = owner_client.post("/log/new/", fields)
    assert refused.status_code == 422
    assert "The end is before the start" in refused.content.decode()
    assert not TimeLog.objects.exists()
    saved = owner_client.post("/log/new/", fields | {"ends_next_day": "on"})
    assert saved.status_code == 302
    log = TimeLog.objects.get()
    berlin = ZoneInfo("Europe/Berlin")
    assert log.start == datetime(2026, 11, 2, 15, tzinfo=berlin)
    assert log.end == datetime(2026, 11, 3, 14, tzinfo=berlin)  # 23 hours, over midnight


def test_a_future_day_word_is_refused_and_creates_no_task(owner_client):
    response = owner_client.post(
        "/log/quick/", {"entry": "2h proposals tomorrow", "category": "sales"}
    )
    assert response.status_code == 422
    assert "is in the future" in response.content.decode()
    assert not Task.objects.exists() and not TimeLog.objects.exists()


def test_the_full_form_places_a_duration_like_the_quick_entry(
    owner_client, owner, make_task, make_log
):
    task = make_task(owner)
    berlin = ZoneInfo("Europe/Berlin")
    make_log(task, datetime(2026, 11, 2, 9, tzinfo=berlin), 60)
    for _ in range(2):
        owner_client.post("/log/new/", {"task": task.pk, "day": "2026-11-02", "duration": "30m"})
    logs = day_logs(owner, date(2026, 11, 2))
    assert [log.start.astimezone(berlin).strftime("%H:%M") for log in logs] == [
        "09:00",
        "10:00",
        "10:30",
    ]
    assert_no_overlap(logs)


def test_an_edit_that_moves_a_log_to_another_day_moves_its_group_and_totals(
    owner_client, owner, make_task, make_log
):
    berlin = ZoneInfo("Europe/Berlin")
    task = make_task(owner)
    log = make_log(task, datetime(2026, 11, 2, 9, tzinfo=berlin), 60)
    make_log(task, datetime(2026, 11, 3, 9, tzinfo=berlin), 30)
    response = owner_client.post(
        f"/log/{log.pk}/edit/?week=2026-W45",
        {"task": task.pk, "day": "2026-11-04", "start_time": "10:00", "end_time": "12:00"},
        **HTMX,
    )
    assert response.status_code == 200
    html = response.content.decode()
    days = re.findall(r'class="day-head"><span>([^<]+)</span><span class="total">([^<]+)', html)
    assert days == [("Wednesday 4 Nov", "2h"), ("Tuesday 3 Nov", "30m")]  # Monday is gone
    assert re.search(r"This week|Week of 2 Nov", html)
    assert '<span class="total" id="week-total">2h 30m</span>' in html


def test_a_failed_edit_shows_the_form_in_the_list_and_changes_nothing(
    owner_client, owner, make_task, make_log
):
    berlin = ZoneInfo("Europe/Berlin")
    log = make_log(make_task(owner), datetime(2026, 11, 2, 9, tzinfo=berlin), 60)
    response = owner_client.post(
        f"/log/{log.pk}/edit/?week=2026-W45",
        {"task": log.task_id, "day": "2026-11-02", "start_time": "10:00", "end_time": "09:00"},
        **HTMX,
    )
    assert response.status_code == 422
    assert 'class="log-row editing"' in response.content.decode()
    log.refresh_from_db()
    assert log.end - log.start == timedelta(hours=1)


def test_delete_and_undo_answer_with_only_the_changed_day_and_totals(
    owner_client, owner, make_task, make_log
):
    berlin = ZoneInfo("Europe/Berlin")
    task = make_task(owner)
    log = make_log(task, datetime(2026, 11, 2, 9, tzinfo=berlin), 60)
    make_log(task, datetime(2026, 11, 2, 11, tzinfo=berlin), 30)
    make_log(task, datetime(2026, 11, 3, 9, tzinfo=berlin), 15)  # another day: not sent
    response = owner_client.post(f"/log/{log.pk}/delete/?week=2026-W45", **HTMX)
    assert response["HX-Reswap"] == "none"  # the list stays; its changed parts swap by id
    deleted = response.content.decode()
    assert "Deleted 1h on Invoicing." in deleted
    assert '<div class="day" id="day-2026-11-02" hx-swap-oob="true">' in deleted
    assert f'id="log-{log.pk}"' not in deleted and "day-2026-11-03" not in deleted
    assert '<span class="total" id="week-total" hx-swap-oob="true">45m</span>' in deleted
    assert '<div id="undo-slot" hx-swap-oob="true">' in deleted
    token = re.search(r'name="token" value="([^"]+)"', deleted).group(1)
    restored = owner_client.post("/log/restore/?week=2026-W45", {"token": token}, **HTMX)
    html = restored.content.decode()
    assert '<span class="total" id="week-total" hx-swap-oob="true">1h 45m</span>' in html
    new_pk = TimeLog.objects.latest("pk").pk
    assert f'id="log-{new_pk}" class="log-row highlight' in html
    assert "Deleted" not in html  # the undo offer is gone


def test_deleting_a_days_last_log_removes_its_group(owner_client, owner, make_task, make_log):
    berlin = ZoneInfo("Europe/Berlin")
    task = make_task(owner)
    alone = make_log(task, datetime(2026, 11, 2, 9, tzinfo=berlin), 60)
    make_log(task, datetime(2026, 11, 3, 9, tzinfo=berlin), 15)
    html = owner_client.post(f"/log/{alone.pk}/delete/?week=2026-W45", **HTMX).content.decode()
    assert '<div id="day-2026-11-02" hx-swap-oob="delete"></div>' in html
    page = owner_client.get("/log/?week=2026-W45").content.decode()
    assert "day-2026-11-02" not in page and 'id="week-total">15m</span>' in page


def test_an_undo_token_works_once(owner_client, owner, make_task, make_log):
    log = make_log(make_task(owner), datetime(2026, 11, 2, 9, tzinfo=UTC), 60)
    deleted = owner_client.post(f"/log/{log.pk}/delete/", **HTMX).content.decode()
    token = re.search(r'name="token" value="([^"]+)"', deleted).group(1)
    answers = [owner_client.post("/log/restore/", {"token": token}, **HTMX) for _ in range(5)]
    assert [answer.status_code for answer in answers] == [200, 410, 410, 410, 410]
    assert "already undone" in answers[1].content.decode()
    assert TimeLog.objects.count() == 1


def test_overlapping_logs_are_marked_with_what_they_overlap(
    owner_client, owner, make_task, make_log
):
    berlin = ZoneInfo("Europe/Berlin")
    manual = make_log(make_task(owner, "Invoicing"), datetime(2026, 11, 2, 9, tzinfo=berlin), 60)
    timed = make_log(make_task(owner, "Email"), datetime(2026, 11, 2, 9, 30, tzinfo=berlin), 60)
    make_log(manual.task, datetime(2026, 11, 2, 14, tzinfo=berlin), 30)  # overlaps nothing
    html = owner_client.get("/log/?week=2026-W45").content.decode()
    assert html.count('class="log-row overlapping"') == 2
    assert "Overlaps Email 09:30–10:30" in html and "Overlaps Invoicing 09:00–10:00" in html
    assert f'hx-get="/log/{timed.pk}/edit/?week=2026-W45"' in html  # one click to edit it


def test_an_overlapping_log_is_trimmed_clear_of_the_other_in_one_click(
    owner_client, owner, make_task, make_log
):
    """Each of two overlapping logs offers to cut itself clear of the other — the earlier
    to end where the later starts, the later to start where the earlier ends — saved as
    its edit saves it; a log inside another is offered none (a cut would not free it)."""
    berlin = ZoneInfo("Europe/Berlin")
    manual = make_log(make_task(owner, "Invoicing"), datetime(2026, 11, 2, 9, tzinfo=berlin), 60)
    timed = make_log(make_task(owner, "Email"), datetime(2026, 11, 2, 9, 30, 20, tzinfo=berlin), 60)
    inside = make_log(manual.task, datetime(2026, 11, 3, 9, tzinfo=berlin), 120)
    make_log(timed.task, datetime(2026, 11, 3, 9, 30, tzinfo=berlin), 30)
    html = owner_client.get("/log/?week=2026-W45").content.decode()
    row = html.split(f'id="log-{manual.pk}"')[1].split("</tr>")[0]
    assert "trim this one to 09:00–09:30</button>" in row
    assert f'action="/log/{manual.pk}/times/?week=2026-W45"' in row
    later = html.split(f'id="log-{timed.pk}"')[1].split("</tr>")[0]
    assert "trim this one to 10:00–10:30</button>" in later  # the minute after 09:00–10:00
    assert "trim this one" not in html.split(f'id="log-{inside.pk}"')[1].split("</tr>")[0]
    form = dict(re.findall(r'name="(\w+)" value="([^"]*)"', row.split('class="trim-form"')[1]))
    trimmed = owner_client.post(f"/log/{manual.pk}/times/?week=2026-W45", form, **HTMX)
    assert trimmed.status_code == 200
    manual.refresh_from_db()
    assert (manual.start, manual.end) == (
        datetime(2026, 11, 2, 9, tzinfo=berlin),
        datetime(2026, 11, 2, 9, 30, tzinfo=berlin),
    )
    page = owner_client.get("/log/?week=2026-W45").content.decode()
    assert f'id="log-{manual.pk}" class="log-row overlapping"' not in page
    # Offered on a page drawn before another tab changed the log: refused, saying so.
    again = owner_client.post(f"/log/{manual.pk}/times/?week=2026-W45", form, **HTMX)
    assert again.status_code == 422 and "changed elsewhere" in again.content.decode()


def test_a_log_under_many_others_names_three_and_counts_the_rest(
    owner_client, owner, make_task, make_log
):
    """Logs that all overlap each other (a burst of timer clicks made twenty such before
    starts were made safe): a row names three of the others, then says how many more."""
    berlin = ZoneInfo("Europe/Berlin")
    task = make_task(owner, "Invoicing")
    start = datetime(2026, 11, 2, 9, tzinfo=berlin)
    for n in range(6):
        make_log(task, start + timedelta(minutes=n), 30)
    html = owner_client.get("/log/?week=2026-W45").content.decode()
    assert html.count('class="overlap-note">Overlaps') == 6 * 3
    assert html.count("… and 2 more logs") == 6


def test_the_timer_panel_refreshes_itself_when_the_timer_changes(owner_client, owner, make_task):
    html = owner_client.get("/log/").content.decode()
    assert 'hx-get="/log/?part=timer_panel" hx-trigger="timer-changed from:body"' in html
    make_task(owner, "Email")
    owner_client.post("/timer/start/", {"new_task": ""}, **HTMX)  # an error in the card
    owner_client.post("/timer/start/", {"new_task": "Email"}, **HTMX)
    panel = owner_client.get("/log/?part=timer_panel", **HTMX).content.decode()
    assert "Running: <strong>Email</strong>" in panel and "Starting another stops it" in panel
    assert "errorlist" not in panel


# ------------------------------------------------------------------ dates Triage accepts


@pytest.mark.parametrize(
    "url",
    [
        "/log/?week=9999-W52",
        "/log/?week=0001-W01",
        "/dashboard/?week=9999-W52",
        "/dashboard/?week=1999-W51",  # 1999-W52 holds 1-2 Jan 2000: it opens
        "/export/timelogs.csv?to=9999-12-31",
        "/export/timelogs.csv?from=0001-01-01",
        "/export/decisions.csv?to=9999-12-31",
    ],
)
def test_extreme_dates_in_urls_get_a_4xx_that_says_the_range(owner_client, url):
    response = owner_client.get(url)
    assert 400 <= response.status_code < 500
    assert "2000" in response.content.decode() and "2100" in response.content.decode()


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        (
            {
                "day": "9999-12-31",
                "start_time": "23:00",
                "end_time": "01:00",
                "ends_next_day": "on",
            },
            "in the future",
        ),
        ({"day": "0001-01-01", "start_time": "00:30", "end_time": "01:00"}, "from 1 Jan 2000 on"),
        ({"day": "1999-12-31", "duration": "1h"}, "from 1 Jan 2000 on"),
    ],
)
def test_extreme_dates_in_the_full_form_get_a_message(
    owner_client, owner, make_task, fields, message
):
    response = owner_client.post("/log/new/", {"task": make_task(owner).pk} | fields)
    assert response.status_code == 422
    assert message in response.content.decode()
    assert not TimeLog.objects.exists()


def test_a_year_one_quick_entry_east_of_utc_gets_a_message(owner_client, owner, make_task):
    owner.owner_settings.time_zone = "Asia/Tokyo"
    owner.owner_settings.save()
    make_task(owner, "foo")
    response = owner_client.post("/log/quick/", {"entry": "45m foo 0001-01-01"})
    assert response.status_code == 422
    assert "from 1 Jan 2000 on" in response.content.decode()


def test_a_decision_dated_year_one_gets_a_message(owner_client, owner, make_task):
    task = make_task(owner)
    response = owner_client.post(
        f"/tasks/{task.pk}/decisions/new/",
        {
            "kind": "keep",
            "decided_on": "0001-01-01",
            "contractor_rate": "0",
            "contractor_hours_per_week": "0",
            "management_minutes_per_week": "0",
            "handoff_hours": "0",
            "reinvested_percent": "100",
        },
    )
    assert response.status_code == 422
    assert "from 1 Jan 2000 on" in response.content.decode()
    assert not Decision.objects.exists()


def test_the_database_refuses_a_log_before_2000(owner, make_task):
    task = make_task(owner)
    with pytest.raises(IntegrityError):
        TimeLog.objects.create(
            owner=owner,
            task=task,
            start=datetime(1, 1, 1, 0, 30, tzinfo=UTC),
            end=datetime(1, 1, 1, 1, 30, tzinfo=UTC),
        )


def test_the_earliest_log_stays_readable_in_every_time_zone(owner_client, owner, make_task):
    task = make_task(owner)
    TimeLog.objects.create(
        owner=owner,
        task=task,
        start=datetime(2000, 1, 1, 0, 30, tzinfo=ZoneInfo("Pacific/Kiritimati")),  # UTC+14
        end=datetime(2000, 1, 1, 1, 30, tzinfo=ZoneInfo("Pacific/Kiritimati")),
    )
    for zone in ("UTC", "America/Los_Angeles", "Pacific/Kiritimati", "Etc/GMT+12"):
        owner.owner_settings.time_zone = zone
        owner.owner_settings.save()
        assert owner_client.get(f"/tasks/{task.pk}/").status_code == 200
        assert owner_client.get("/export/timelogs.csv").status_code == 200
        assert owner_client.get("/log/?week=2000-W01").status_code == 200


# ------------------------------------------------------------------ imports obey the same rules


TRIAGE_HEADER = "start,end,duration_hours,task,category,is_mga,note\n"


def upload(client, content, name="logs.csv"):
    raw = content if isinstance(content, bytes) else content.encode()
    return client.post("/import/", {"file": SimpleUploadedFile(name, raw, "text/csv")})


def good_row(day: int, task: str = "Invoicing") -> str:
    return (
        f"2026-11-{day:02d}T09:00:00+01:00,2026-11-{day:02d}T10:00:00+01:00,1.00,{task},admin,no,\n"
    )


@pytest.mark.parametrize(
    ("bad_row", "message"),
    [
        (
            "2026-11-02T09:00:00+01:00,2026-11-04T10:00:00+01:00,49.00,Long,admin,no,\n",
            "at most 24 hours; this one is 49h",
        ),
        (
            "1900-01-01T09:00:00+01:00,1900-01-01T10:00:00+01:00,1.00,Old,admin,no,\n",
            "from 1 Jan 2000 on",
        ),
        (
            "1900-01-01T09:00:00+01:00,2026-01-01T10:00:00+01:00,1.00,Old,admin,no,\n",
            "at most 24 hours",
        ),
        (
            "0001-01-01T00:30:00+14:00,0001-01-01T01:00:00+14:00,1.00,Year one,admin,no,\n",
            "out of range: Triage keeps logs from 1 Jan 2000 on",
        ),
    ],
)
def test_an_import_row_that_breaks_the_typing_rules_refuses_the_file(
    owner_client, bad_row, message
):
    response = upload(owner_client, TRIAGE_HEADER + good_row(2) + bad_row + good_row(3))
    assert response.status_code == 422
    html = response.content.decode()
    assert re.search(r'<td class="num">3</td><td>[^<]*(' + message + ")", html, re.IGNORECASE)
    assert not TimeLog.objects.exists() and not Task.objects.exists()


def test_a_stray_quote_refuses_the_file_naming_its_line(owner_client):
    rows = [good_row(day) for day in range(2, 28)]
    rows[2] = (
        '2026-11-04T09:00:00+01:00,2026-11-04T10:00:00+01:00,1.00,Invoicing,admin,no,"quoted note that never closes\n'
    )
    response = upload(owner_client, TRIAGE_HEADER + "".join(rows))
    assert response.status_code == 422
    assert "Line 4 opens a quote that never closes" in response.content.decode()
    assert not TimeLog.objects.exists()


def test_a_row_with_the_wrong_number_of_fields_is_bad(owner_client):
    response = upload(owner_client, TRIAGE_HEADER + good_row(2) + "a,b,c\n")
    assert response.status_code == 422
    assert "This row has 3 fields; the header has 7." in response.content.decode()


def test_a_triage_export_reimports_as_a_no_op_whatever_its_task_names(
    owner_client, owner, make_task, make_log
):
    berlin = ZoneInfo("Europe/Berlin")
    for hour, title in enumerate(["=1", "+1", "-2+3", "@SUM(1+1)", "\tTabbed"], start=8):
        make_log(
            make_task(owner, title),
            datetime(2026, 11, 2, hour, 0, 7, 250000, tzinfo=berlin),
            30,
            note="=cmd|' /C calc'!A0",
        )
    exported = b"".join(owner_client.get("/export/timelogs.csv").streaming_content)
    assert b"'=1" in exported  # neutralised on the way out
    assert b".250000" not in exported  # timestamps to the second
    preview = upload(owner_client, exported).content.decode()
    assert "New time logs</dt><dd>0</dd>" in preview and "Already here</dt><dd>5</dd>" in preview
    assert "new task:" not in preview


def test_a_utf16_file_cut_in_the_middle_of_a_character_gets_a_message(owner_client):
    raw = codecs.BOM_UTF16_LE + (TRIAGE_HEADER + good_row(2)).encode("utf-16-le") + b"x"
    response = upload(owner_client, raw)
    assert response.status_code == 422
    assert "cut off in the middle of a character" in response.content.decode()


def test_a_nul_byte_anywhere_refuses_the_file_naming_its_line(owner_client):
    rows = "".join(good_row(day) for day in range(2, 28))
    text = TRIAGE_HEADER + rows + good_row(28).replace("Invoicing", "Invo\x00icing")
    assert text.index("\x00") > 1000
    response = upload(owner_client, text)
    assert response.status_code == 422
    assert "line 28 holds binary data" in response.content.decode()
    assert not TimeLog.objects.exists()


def test_a_utf8_file_with_a_broken_byte_names_its_line(owner_client):
    raw = (TRIAGE_HEADER + good_row(2, "Café") + good_row(3)).encode() + b"2026-11-04,\xff\xfe\n"
    response = upload(owner_client, raw)
    assert response.status_code == 422
    assert "Line 4 holds bytes that are not UTF-8 text" in response.content.decode()


def test_a_file_without_a_line_break_reads_as_one_line_not_as_empty(owner_client):
    response = upload(owner_client, "x" * 1_000_000)
    assert response.status_code == 422
    html = response.content.decode()
    assert "The file is empty" not in html and "Line 1 has a cell of over" in html


def test_logs_longer_than_a_day_end_a_day_after_they_started(migrate):
    old = migrate([("triage", "0011_owner_session")])
    User, Task, TimeLog_ = (
        old.get_model(*name)
        for name in (("auth", "User"), ("triage", "Task"), ("triage", "TimeLog"))
    )
    owner = User.objects.create(username="olivia")
    task = Task.objects.create(owner=owner, title="Invoicing", category="admin")
    start = datetime(2026, 11, 2, 9, tzinfo=UTC)
    long, day, running = (
        TimeLog_.objects.create(owner=owner, task=task, start=start + offset, end=end)
        for offset, end in (
            (timedelta(0), start + timedelta(hours=30)),  # a timer stopped after 30 h
            (timedelta(days=3), start + timedelta(days=4)),  # exactly a day: kept
            (timedelta(days=5), None),  # still running: kept
        )
    )
    new = migrate([("triage", "0012_logs_at_most_a_day")]).get_model("triage", "TimeLog")
    assert new.objects.get(pk=long.pk).end == start + timedelta(hours=24)
    assert new.objects.get(pk=day.pk).end == start + timedelta(days=4)
    assert new.objects.get(pk=running.pk).end is None
