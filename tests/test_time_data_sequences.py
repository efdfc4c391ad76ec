"""Any sequence of what an owner does to their logs leaves every page agreeing with the
logs themselves.

Hypothesis plays quick entries, API entries, timesheet cells, full-form logs (over midnight
too), edits, deletes, undos, splits and a move to another time zone through the views, in
the weeks around the night Berlin's clocks go back (a Sunday of 25 hours; New York's go
back a week later). Then it reads each week as the log page, its timesheet, a search of its
days, the dashboard, the report and the API show it, and holds them to figures worked out
here from the rows alone: each day's rows add up to its total, the week's total is the time
inside the week (a log over a week's boundary counted in each for its part), "counted
twice" is what overlapping logs add, and an entry typed with a duration and no times lies
over nothing.
"""

import re
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo

import pytest
from django.db import transaction
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from triage.models import ApiToken, OwnerSettings, TimeLog

pytestmark = pytest.mark.django_db

BERLIN = ZoneInfo("Europe/Berlin")
# The owner may move (a setting, saved in another tab): New York's clocks go back on 1 Nov,
# Kathmandu is 5h 45m ahead of UTC.
ZONES = ["Europe/Berlin", "America/New_York", "Asia/Kathmandu"]
WEEKS = {"2026-W43": date(2026, 10, 19), "2026-W44": date(2026, 10, 26)}  # clocks back 25 Oct
DAYS = [date(2026, 10, 18) + timedelta(days=n) for n in range(16)]  # a day either side
HTMX = {"HTTP_HX_REQUEST": "true"}
OPERATIONS = [
    "quick",
    "api",
    "cell",
    "full",
    "placed",
    "edit",
    "delete",
    "undo",
    "split",
    "zone",
]


class Rollback(Exception):
    """Ends an example: its rows go, the next starts from the same two tasks."""


def minutes_read(text: str) -> int:
    """`2h 30m` → 150; `45m` → 45; `2h` → 120."""
    hours = re.search(r"(\d+)h", text)
    minutes = re.search(r"(\d+)m", text)
    return (int(hours.group(1)) * 60 if hours else 0) + (int(minutes.group(1)) if minutes else 0)


def inside(logs, begin: datetime, end: datetime) -> tuple[timedelta, timedelta]:
    """The logs' time inside [begin, end): all of it, and once over (the minutes any of
    them covers: every time here is on a whole minute)."""
    whole, covered = timedelta(), set()
    for log in logs:
        start, finish = max(log.start, begin), min(log.end, end)
        if start < finish:
            whole += finish - start
            first = int(start.timestamp()) // 60
            covered.update(range(first, first + (finish - start) // timedelta(minutes=1)))
    return whole, timedelta(minutes=len(covered))


def tenths(duration: timedelta) -> str:
    hours = Decimal(duration // timedelta(minutes=1)) / 60
    return str(hours.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def counted_twice(html: str) -> int:
    found = re.search(r'id="counted-twice">(?:· )?([^<]*?) of it counted twice', html)
    return minutes_read(found.group(1)) if found else 0


def hundredths(duration: timedelta) -> Decimal:
    hours = Decimal(duration // timedelta(minutes=1)) / 60
    return hours.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def owners_zone() -> ZoneInfo:
    return ZoneInfo(OwnerSettings.objects.get().time_zone)


def check_the_week(client, api, label: str, first_day: date) -> None:
    zone = owners_zone()
    begin = datetime.combine(first_day, time(0), tzinfo=zone)
    end = datetime.combine(first_day + timedelta(days=7), time(0), tzinfo=zone)
    logs = list(TimeLog.objects.filter(end__isnull=False))
    whole, union = inside(logs, begin, end)
    whole_minutes = whole // timedelta(minutes=1)
    twice_minutes = (whole - union) // timedelta(minutes=1)

    page = client.get(f"/log/?week={label}").content.decode()
    week_total = re.search(r'id="week-total">([^<]*)<', page).group(1)
    assert minutes_read(week_total) == whole_minutes, (label, week_total, whole)
    assert counted_twice(page) == twice_minutes, label
    for day in re.findall(r'<div class="day" id="day-(\d{4}-\d\d-\d\d)"', page):
        group = page.split(f'id="day-{day}"')[1].split('<div class="day"')[0]
        day_total = re.search(r'<span class="total">([^<]*)</span>', group).group(1)
        rows = re.findall(r'<td class="num">([^<]+)<span class="times-inline">', group)
        local_day = date.fromisoformat(day)
        day_begin = datetime.combine(local_day, time(0), tzinfo=zone)
        day_end = datetime.combine(local_day + timedelta(days=1), time(0), tzinfo=zone)
        day_whole, _ = inside(logs, day_begin, day_end)
        assert minutes_read(day_total) == day_whole // timedelta(minutes=1), (day, day_total)
        assert sum(minutes_read(row) for row in rows) == minutes_read(day_total), (day, rows)

    last_day = first_day + timedelta(days=6)
    for path in (f"/dashboard/?week={label}", f"/reports/?from={first_day}&to={last_day}"):
        html = client.get(path).content.decode()
        logged = re.search(
            r'<span class="label">Hours logged</span>\s*<span class="value">([^<]*)</span>', html
        ).group(1)
        assert logged == f"{tenths(whole)} h", (path, logged, whole)
        assert counted_twice(html) == twice_minutes, path

    sheet = client.get(f"/log/?week={label}&view=timesheet").content.decode()
    footer = sheet.split("<tfoot>")[1].split("</tr>")[0]
    assert minutes_read(re.findall(r'<td class="num sum">([^<]*)</td>', footer)[-1]) == (
        whole_minutes
    ), label

    found = client.get(f"/log/?from={first_day}&to={last_day}").content.decode()
    found_time = re.search(r'<span class="total">([^<]*?)(?: <small|</span>)', found).group(1)
    assert minutes_read(found_time) == whole_minutes, (label, found_time)
    assert counted_twice(found) == twice_minutes, label

    figures = api.get(f"/api/v1/weeks/{label}").json()
    assert Decimal(figures["hours_logged"]) == hundredths(whole), (label, figures)
    assert Decimal(figures["hours_counted_twice"]) == hundredths(whole - union), label


def clock(data) -> str:
    return f"{data.draw(st.integers(0, 23)):02d}:{data.draw(st.sampled_from([0, 15, 30, 45])):02d}"


def full_form(data, tasks) -> dict:
    return {
        "task": data.draw(st.sampled_from(tasks)).pk,
        "day": data.draw(st.sampled_from(DAYS)).isoformat(),
        "start_time": clock(data),
        "end_time": clock(data),
        "ends_next_day": data.draw(st.sampled_from(["", "on"])),
    }


def assert_placed_over_nothing(before: set[int]) -> None:
    """A log placed from a duration (no times typed) lies over no other log."""
    for log in TimeLog.objects.exclude(pk__in=before):
        over = TimeLog.objects.filter(start__lt=log.end, end__gt=log.start).exclude(pk=log.pk)
        assert not over.exists(), (log.start, log.end, list(over.values("start", "end")))


def test_any_sequence_of_changes_leaves_every_page_agreeing_with_the_logs(
    owner_client, owner, make_task, make_log
):
    api = Client()  # as a phone's shortcut: a token, no cookie
    api.defaults["HTTP_AUTHORIZATION"] = f"Bearer {ApiToken.objects.issue(owner, 'phone')[1]}"
    tasks = [make_task(owner, "Invoicing"), make_task(owner, "Email", category="email")]
    # A history before these weeks (the dashboard draws its figures once there are logs),
    # left alone by the sequences.
    history = make_log(tasks[0], datetime(2026, 10, 1, 9, tzinfo=BERLIN), 60)

    @settings(
        max_examples=60,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(data=st.data())
    def play(data):
        try:
            with transaction.atomic():
                undo_token = ""
                for _ in range(data.draw(st.integers(1, 7), label="steps")):
                    operation = data.draw(st.sampled_from(OPERATIONS), label="operation")
                    before = set(TimeLog.objects.values_list("pk", flat=True))
                    ids = sorted(before - {history.pk})
                    if operation == "quick":
                        minutes = data.draw(st.sampled_from([15, 45, 90, 240, 600]))
                        task = data.draw(st.sampled_from(tasks))
                        day = data.draw(st.sampled_from(DAYS))
                        owner_client.post(
                            "/log/quick/", {"entry": f"{minutes}m {task.title} {day}"}
                        )
                        assert_placed_over_nothing(before)
                    elif operation == "zone":
                        zone = data.draw(st.sampled_from(ZONES))
                        OwnerSettings.objects.filter(owner=owner).update(time_zone=zone)
                    elif operation == "api":  # the phone's shortcut: placed the same way
                        minutes = data.draw(st.sampled_from([20, 60, 180]))
                        task = data.draw(st.sampled_from(tasks))
                        day = data.draw(st.sampled_from(DAYS))
                        entry = {"text": f"{minutes}m {task.title} {day}"}
                        api.post("/api/v1/entries", entry, content_type="application/json")
                        assert_placed_over_nothing(before)
                    elif operation == "cell":  # a timesheet cell: the day's new total
                        label = data.draw(st.sampled_from(list(WEEKS)))
                        day = WEEKS[label] + timedelta(days=data.draw(st.integers(0, 6)))
                        name = f"t{data.draw(st.sampled_from(tasks)).pk}_{day:%Y%m%d}"
                        total = data.draw(st.sampled_from(["1h", "3h30", "9h", "23h"]))
                        fields = {name: total, f"was_{name}": "?"}
                        owner_client.post(f"/log/timesheet/?week={label}", fields)
                        assert_placed_over_nothing(before)
                    elif operation == "placed":  # the full form with only a duration
                        fields = full_form(data, tasks) | {"start_time": "", "end_time": ""}
                        fields["duration"] = data.draw(st.sampled_from(["30m", "2h", "7h30"]))
                        owner_client.post("/log/new/", fields)
                        assert_placed_over_nothing(before)
                    elif operation == "full":
                        owner_client.post("/log/new/", full_form(data, tasks))
                    elif not ids:
                        continue
                    elif operation == "edit":
                        log_id = data.draw(st.sampled_from(ids))
                        owner_client.post(f"/log/{log_id}/edit/", full_form(data, tasks))
                    elif operation == "delete":
                        log_id = data.draw(st.sampled_from(ids))
                        answer = owner_client.post(f"/log/{log_id}/delete/", **HTMX)
                        found = re.search(r'name="token" value="([^"]+)"', answer.content.decode())
                        undo_token = found.group(1) if found else undo_token
                    elif operation == "undo":
                        owner_client.post("/log/restore/", {"token": undo_token}, **HTMX)
                    elif operation == "split":
                        log = TimeLog.objects.get(pk=data.draw(st.sampled_from(ids)))
                        at = log.start + (log.end - log.start) * data.draw(
                            st.sampled_from([0.25, 0.5, 1])
                        )
                        fields = {"at": f"{at.astimezone(owners_zone()):%H:%M}"}
                        owner_client.post(f"/log/{log.pk}/split/", fields, **HTMX)
                for label, first_day in WEEKS.items():
                    check_the_week(owner_client, api, label, first_day)
                raise Rollback
        except Rollback:
            pass

    play()
