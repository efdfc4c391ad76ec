"""The log page's week as a timesheet (Clockify's): a row per task, a column per day, each
log's hours on the days it covers."""

import re
from datetime import UTC, date, datetime, timedelta
from types import SimpleNamespace
from zoneinfo import ZoneInfo

from django.utils import timezone
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from triage.timesheet import task_grid
from triage.weeks import Week

BERLIN = ZoneInfo("Europe/Berlin")
WEEK = Week(date(2026, 11, 2), BERLIN)  # Monday 2 – Sunday 8 November 2026
H = timedelta(hours=1)


def log(task, day, hour, minutes):
    start = datetime(2026, 11, day, hour, tzinfo=BERLIN)
    return SimpleNamespace(
        task_id=id(task), task=task, start=start, end=start + timedelta(minutes=minutes)
    )


def test_each_task_has_its_hours_on_each_day_the_busiest_first():
    invoicing = SimpleNamespace(title="Invoicing", is_mga=False)
    email = SimpleNamespace(title="email", is_mga=True)
    grid = task_grid(
        [log(invoicing, 2, 9, 60), log(invoicing, 2, 14, 30), log(email, 4, 9, 120)], WEEK
    )
    assert [row.task.title for row in grid.rows] == ["email", "Invoicing"]
    assert grid.rows[1].days == [1.5 * H] + [timedelta(0)] * 6
    assert grid.rows[0].days[2] == 2 * H and grid.rows[0].total == 2 * H
    assert grid.day_totals[:3] == [1.5 * H, timedelta(0), 2 * H] and grid.total == 3.5 * H
    assert grid.mga_day_totals[:3] == [timedelta(0), timedelta(0), 2 * H]
    assert grid.mga_total == 2 * H
    assert grid.days[0] == date(2026, 11, 2) and grid.days[-1] == date(2026, 11, 8)


def test_a_log_over_midnight_counts_on_both_days_and_only_inside_the_week():
    task = SimpleNamespace(title="Release", is_mga=False)
    before = SimpleNamespace(
        task_id=id(task),
        task=task,
        start=datetime(2026, 11, 1, 23, tzinfo=BERLIN),  # the Sunday before: one hour in
        end=datetime(2026, 11, 2, 1, tzinfo=BERLIN),
    )
    grid = task_grid([before, log(task, 4, 23, 120)], WEEK)
    [row] = grid.rows
    assert row.days[:4] == [H, timedelta(0), H, H] and grid.total == 3 * H


def test_the_log_page_shows_the_week_as_a_timesheet_and_remembers_it(
    owner_client, owner, make_task, make_log, berlin
):
    invoicing, email = make_task(owner, "Invoicing"), make_task(owner, "Email", is_mga=True)
    make_log(invoicing, datetime(2026, 11, 2, 9, tzinfo=berlin), 90)
    make_log(email, datetime(2026, 11, 3, 23, tzinfo=berlin), 120)  # into Wednesday
    html = owner_client.get("/log/?week=2026-W45&view=timesheet").content.decode()
    assert 'aria-current="page">Timesheet</a>' in html
    table = html.split('<table class="timesheet">')[1].split("</table>")[0]
    rows = re.findall(r"<tr[^>]*>(.*?)</tr>", table, re.S)
    cells = [
        [  # a cell's figure: its field's value on a day that has come, its text otherwise
            (
                re.findall(
                    r'class="cell" type="text" name="[^"]+" id="[^"]+" value="([^"]*)"', cell
                )
                or [""]
            )[0]
            or re.sub(r"<[^>]+>", "", cell)
            for cell in re.findall(r'<td class="num[^"]*">(.*?)</td>', row)
        ]
        for row in rows
    ]
    assert "Email" in rows[1] and cells[1] == ["", "1h", "1h", "", "", "", "", "2h"]
    assert "Invoicing" in rows[2] and cells[2] == ["1h 30m", "", "", "", "", "", "", "1h 30m"]
    assert cells[3][-1] == "3h 30m" and '<span class="total" id="week-total">3h 30m</span>' in html
    assert "Of it, MGA" in rows[4] and cells[4] == ["", "1h", "1h", "", "", "", "", "2h"]
    # A day's heading opens the list at its logs.
    assert 'href="/log/?week=2026-W45&amp;view=list#day-2026-11-03"' in table.split("</thead>")[0]
    # Remembered: the next visit, and the week's fragment, come as a timesheet.
    again = owner_client.get("/log/?week=2026-W45&part=week_logs").content.decode()
    assert '<table class="timesheet">' in again
    assert "Nothing logged that week" in owner_client.get("/log/?week=2026-W40").content.decode()


def test_a_quick_entry_on_the_timesheet_answers_with_the_sheet_again(
    owner_client, noon_owner, make_task
):
    make_task(noon_owner, "Invoicing")
    owner_client.get("/log/?view=timesheet")
    response = owner_client.post("/log/quick/", {"entry": "45m invoicing"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert '<section id="week-logs" hx-swap-oob="innerHTML">' in html
    sheet = html.split('<table class="timesheet">')[1]
    assert "Invoicing" in sheet and "45m" in sheet


@given(
    st.lists(
        st.tuples(
            st.integers(min_value=-2 * 24 * 3600, max_value=8 * 24 * 3600),  # s from Monday
            st.integers(min_value=1, max_value=24 * 3600),  # seconds long, as a timer logs
            st.sampled_from(["A", "B", "C"]),
        ),
        max_size=12,
    )
)
def test_the_timesheet_adds_up_to_the_lists_days_and_week(pieces):
    """The same logs read as a list and as a timesheet give each day, and the week, the same
    hours (a week with the clocks going back: 25 hours on its Sunday), to the minute as they
    read: each column, each row and each day's logs add up to their totals."""
    from triage.timesheet import found_days, week_days, week_total

    week = Week(date(2026, 10, 19), BERLIN)  # Monday 19 – Sunday 25 October, the change
    tasks = {title: SimpleNamespace(title=title, is_mga=title == "A") for title in "ABC"}
    monday = datetime(2026, 10, 19, tzinfo=BERLIN)
    logs = []
    for pk, (offset, seconds, title) in enumerate(pieces):
        start = (monday.astimezone(UTC) + timedelta(seconds=offset)).astimezone(BERLIN)
        end = start + timedelta(seconds=seconds)
        task = tasks[title]
        logs.append(
            SimpleNamespace(
                pk=pk, task_id=id(task), task=task, start=start, end=end, duration=end - start
            )
        )
    grid = task_grid(logs, week)
    days = {group.day: group.total for group in week_days(logs, week, date(2026, 11, 30))}
    assert grid.day_totals == [days.get(day, timedelta(0)) for day in week.days]
    assert grid.total == week_total(list(week_days(logs, week, date(2026, 11, 30))), week)
    assert all(row.total == sum(row.days, timedelta(0)) for row in grid.rows)
    assert grid.day_totals == [
        sum((row.days[i] for row in grid.rows), timedelta(0)) for i in range(7)
    ]
    assert all(
        cell % timedelta(minutes=1) == timedelta(0) for row in grid.rows for cell in row.days
    )
    # Each day's rows add up to its total, a log over midnight there with its piece of it;
    # a search of the same days lists them alike.
    found = found_days(logs, BERLIN, date(2026, 11, 30), week.first_day, week.last_day)
    listed = [group for group in week_days(logs, week, date(2026, 11, 30)) if group.rows]
    assert [(group.day, group.total) for group in found] == [
        (group.day, group.total) for group in listed
    ]
    for group in listed + found:
        assert week.first_day <= group.day <= week.last_day
        assert sum((row.shown for row in group.rows), timedelta(0)) == group.total
    assert grid.mga_total == sum((row.total for row in grid.rows if row.task.is_mga), timedelta(0))


# ------------------------------------------------------------ typing into the timesheet


def sheet_post(client, week, cells: dict, htmx=False, **shown):
    """The timesheet form as a browser posts it: each typed cell, and beside each what the
    page showed (`shown`, by field; "" when not given)."""
    data = {}
    for name, value in cells.items():
        data[name] = value
        data[f"was_{name}"] = shown.get(name, "")
    extra = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    return client.post(f"/log/timesheet/?week={week}", data, **extra)


def test_a_typed_total_adds_the_difference_on_that_day(
    owner_client, owner, make_task, make_log, berlin
):
    from triage.models import TimeLog

    invoicing = make_task(owner, "Invoicing")
    make_log(invoicing, datetime(2026, 11, 3, 9, tzinfo=berlin), 20)
    name = f"t{invoicing.pk}_20261103"
    page = owner_client.get("/log/?week=2026-W45&view=timesheet").content.decode()
    assert f'id="{name}" value="20m"' in page and f'name="was_{name}" value="20m"' in page
    response = sheet_post(owner_client, "2026-W45", {name: "1h"}, **{name: "20m"})
    assert response.status_code == 302 and "view=timesheet" in response["Location"]
    added = TimeLog.objects.filter(task=invoicing).order_by("start").last()
    assert added.duration == timedelta(minutes=40)
    assert added.start.astimezone(berlin).date() == date(2026, 11, 3)
    assert added.start >= datetime(2026, 11, 3, 9, 20, tzinfo=berlin)  # after the first, not on it
    page = owner_client.get("/log/?week=2026-W45&view=timesheet").content.decode()
    assert re.search(r"Added 40m to Invoicing on Tue 3 Nov( 2026)?\.", page)  # (a year on)
    assert f'id="{name}" value="1h"' in page
    # The same total typed again (another way) adds nothing; a cell left as it was is not
    # read, even when the page that posts it is out of date.
    assert sheet_post(owner_client, "2026-W45", {name: "60m"}, **{name: "1h"}).status_code == 302
    stale = f"t{invoicing.pk}_20261102"
    sheet_post(owner_client, "2026-W45", {stale: "2h"}, **{stale: "2h"})
    assert TimeLog.objects.filter(task=invoicing).count() == 2


def test_the_timesheet_answers_htmx_with_itself_and_the_message(
    owner_client, owner, make_task, make_log, berlin
):
    invoicing = make_task(owner, "Invoicing")
    make_log(invoicing, datetime(2026, 11, 3, 9, tzinfo=berlin), 20)
    owner_client.get("/log/?week=2026-W45&view=timesheet")
    name = f"t{invoicing.pk}_20261104"
    response = sheet_post(owner_client, "2026-W45", {name: "1:30"}, htmx=True)
    html = response.content.decode()
    assert response.status_code == 200 and '<table class="timesheet">' in html
    assert f'id="{name}" value="1h 30m"' in html and "1h 50m" in html  # the week's total
    assert re.search(r"Added 1h 30m to Invoicing on Wed 4 Nov( 2026)?\.", html)
    assert "hx-swap-oob" in html


def test_what_the_timesheet_cannot_take_adds_nothing_and_says_why(
    owner_client, owner, other_owner, make_task, make_log, berlin
):
    from triage.models import TimeLog

    invoicing = make_task(owner, "Invoicing")
    make_log(invoicing, datetime(2026, 11, 3, 9, tzinfo=berlin), 60)
    tuesday, wednesday = f"t{invoicing.pk}_20261103", f"t{invoicing.pk}_20261104"
    owner_client.get("/log/?week=2026-W45&view=timesheet")
    cases = [
        ({tuesday: "30m", wednesday: "1h"}, "To take time off a day, edit or delete its logs"),
        ({tuesday: "0"}, "To take time off a day, edit or delete its logs"),
        ({tuesday: ""}, "To take time off a day, edit or delete its logs"),
        ({wednesday: "lots"}, "“lots” is not a duration"),
        ({wednesday: "25h"}, "One entry can be at most 24 hours"),
        ({wednesday: "1" * 10_000}, "Type the day&#x27;s total, like 2h or 1:30."),
        ({f"t{invoicing.pk}_20261399": "1h"}, "That day is not in this week."),
        ({f"t{invoicing.pk}_20261111": "1h"}, "That day is not in this week."),
    ]
    for cells, message in cases:
        response = sheet_post(owner_client, "2026-W45", cells, htmx=True, **{tuesday: "1h"})
        html = response.content.decode()
        assert response.status_code == 422 and message in html, message
        assert "Nothing was added." in html and "Invoicing, " in html
    assert TimeLog.objects.filter(task=invoicing).count() == 1  # not even Wednesday's hour
    html = sheet_post(owner_client, "2026-W45", {wednesday: "lots"}).content.decode()
    assert f'id="{wednesday}" value="lots"' in html and 'aria-invalid="true"' in html
    # A day still to come, a day with no room, another owner's task.
    future = f"t{invoicing.pk}_{(timezone.now() + timedelta(days=2)):%Y%m%d}"
    this_week = owner.owner_settings.week_of(timezone.now() + timedelta(days=2)).label
    response = sheet_post(owner_client, this_week, {future: "1h"})
    refused = response.content.decode()
    assert response.status_code == 422
    assert "is in the future" in refused or "That day is not in this week." in refused
    make_log(invoicing, datetime(2026, 11, 5, 0, tzinfo=berlin), 24 * 60)
    full = f"t{invoicing.pk}_20261105"
    assert sheet_post(owner_client, "2026-W45", {full: "25h"}, **{full: "24h"}).status_code == 422
    theirs = make_task(other_owner, "Secret")
    assert sheet_post(owner_client, "2026-W45", {f"t{theirs.pk}_20261103": "1h"}).status_code == 404
    assert TimeLog.objects.filter(task=invoicing).count() == 2


def test_days_before_2000_in_its_first_week_take_no_typing(
    owner_client, owner, make_task, make_log, berlin
):
    from triage.models import TimeLog

    invoicing = make_task(owner, "Invoicing")
    make_task(owner, "Proposals")  # a task for the last row
    make_log(invoicing, datetime(2000, 1, 1, 9, tzinfo=berlin), 60)
    html = owner_client.get("/log/?week=1999-W52&view=timesheet").content.decode()
    assert "Week of 27 Dec 1999" in html  # not this year's December
    assert f'name="t{invoicing.pk}_20000101"' in html and 'name="new_20000102"' in html
    assert f'name="t{invoicing.pk}_19991231"' not in html and 'name="new_19991231"' not in html
    response = sheet_post(owner_client, "1999-W52", {f"t{invoicing.pk}_19991231": "1h"})
    assert response.status_code == 422
    assert "Triage keeps logs from 1 Jan 2000 on" in response.content.decode()
    assert TimeLog.objects.filter(task=invoicing).count() == 1


def test_time_typed_on_an_archived_tasks_row_brings_it_back(
    owner_client, owner, make_task, make_log, berlin
):
    invoicing = make_task(owner, "Invoicing")
    make_log(invoicing, datetime(2026, 11, 3, 9, tzinfo=berlin), 20)
    invoicing.archived = True
    invoicing.save()
    sheet_post(
        owner_client,
        "2026-W45",
        {f"t{invoicing.pk}_20261103": "1h"},
        **{f"t{invoicing.pk}_20261103": "20m"},
    )
    invoicing.refresh_from_db()
    assert not invoicing.archived
    page = owner_client.get("/log/?week=2026-W45&view=timesheet").content.decode()
    assert "Invoicing was archived and is back on your task list." in page


def test_the_last_row_adds_time_to_a_task_the_sheet_has_no_row_for(
    owner_client, owner, make_task, make_log, berlin
):
    from triage.models import TimeLog

    invoicing, research = make_task(owner, "Invoicing"), make_task(owner, "Research")
    make_task(owner, "Old", archived=True)
    make_log(invoicing, datetime(2026, 11, 3, 9, tzinfo=berlin), 20)
    page = owner_client.get("/log/?week=2026-W45&view=timesheet").content.decode()
    new_row = page.split('<tr class="new-row">')[1].split("</tr>")[0]
    assert f'<option value="{research.pk}">Research</option>' in new_row
    assert ">Invoicing<" not in new_row and ">Old<" not in new_row  # it has a row; archived
    assert 'name="new_20261104"' in new_row
    response = owner_client.post(
        "/log/timesheet/?week=2026-W45",
        {"new_task": research.pk, "new_20261104": "1:15", "new_20261105": ""},
    )
    assert response.status_code == 302
    [log] = TimeLog.objects.filter(task=research)
    assert log.duration == timedelta(minutes=75)
    assert log.start.astimezone(berlin).date() == date(2026, 11, 4)
    page = owner_client.get("/log/?week=2026-W45&view=timesheet").content.decode()
    assert f'id="t{research.pk}_20261104" value="1h 15m"' in page
    # Days typed with no task picked add nothing, and say so.
    filing = make_task(owner, "Filing")  # a task still without a row: the last row is there
    unpicked = owner_client.post(
        "/log/timesheet/?week=2026-W45", {"new_task": "", "new_20261104": "1h"}
    )
    assert unpicked.status_code == 422
    assert "Wed 4 Nov: Pick the task for the last row first." in unpicked.content.decode()
    assert 'id="new_20261104" value="1h"' in unpicked.content.decode()
    # Refused with a task picked, the row keeps the task and what was typed.
    lots = owner_client.post(
        "/log/timesheet/?week=2026-W45", {"new_task": str(filing.pk), "new_20261105": "lots"}
    ).content.decode()
    new_row = lots.split('<tr class="new-row">')[1].split("</tr>")[0]
    assert "“lots” is not a duration" in lots
    assert f'<option value="{filing.pk}" selected>Filing</option>' in new_row
    assert 'id="new_20261105" value="lots"' in new_row
    assert TimeLog.objects.count() == 2


def test_a_pinned_task_has_its_row_to_type_into_with_no_time_yet(
    owner_client, owner, make_task, make_log, berlin
):
    """Clockify keeps a timesheet's rows: a pinned task has one every week, empty until
    time is typed into it, and is not offered again for the last row."""
    from triage.models import TimeLog

    filing = make_task(owner, "Filing", pinned=True)
    make_task(owner, "Research")
    make_log(make_task(owner, "Invoicing"), datetime(2026, 11, 3, 9, tzinfo=berlin), 20)
    page = owner_client.get("/log/?week=2026-W45&view=timesheet").content.decode()
    rows = page.split("<tbody>")[1].split('<tr class="new-row">')
    assert ">Filing<" in rows[0] and f'id="t{filing.pk}_20261104" value=""' in rows[0]
    assert ">Filing<" not in rows[1] and ">Research<" in rows[1]
    assert rows[0].index(">Invoicing<") < rows[0].index(">Filing<")  # with time first
    typed = owner_client.post("/log/timesheet/?week=2026-W45", {f"t{filing.pk}_20261104": "30m"})
    assert typed.status_code == 302
    [log] = TimeLog.objects.filter(task=filing)
    assert log.duration == timedelta(minutes=30)


def test_an_empty_week_offers_the_week_befores_tasks_as_rows_to_type_into(
    owner_client, owner, make_task, make_log, berlin
):
    """A week forgotten (Clockify's "copy last week", without its time): its timesheet is
    there to fill in, with a row for each open task of the week before."""
    from triage.models import TimeLog

    invoicing, email = make_task(owner, "Invoicing"), make_task(owner, "Email")
    old = make_task(owner, "Old")
    make_task(owner, "Research")  # not logged the week before: offered in the last row
    make_log(invoicing, datetime(2026, 10, 27, 9, tzinfo=berlin), 30)  # week 44
    make_log(email, datetime(2026, 11, 1, 23, 30, tzinfo=berlin), 60)  # Sunday into Monday
    make_log(old, datetime(2026, 10, 28, 9, tzinfo=berlin), 30)
    old.archived = True
    old.save()
    TimeLog.objects.filter(task=email).update(  # all of it before week 45
        start=datetime(2026, 11, 1, 22, tzinfo=berlin), end=datetime(2026, 11, 1, 23, tzinfo=berlin)
    )
    page = owner_client.get("/log/?week=2026-W45&view=timesheet").content.decode()
    assert "Nothing logged that week." in page and "those of the week before" in page
    rows, new_row = page.split("<tbody>")[1].split('<tr class="new-row">')
    assert ">Email<" in rows and ">Invoicing<" in rows and ">Old<" not in rows  # archived
    assert ">Research<" in new_row and ">Invoicing<" not in new_row
    assert f'id="t{invoicing.pk}_20261104" value=""' in rows
    typed = owner_client.post("/log/timesheet/?week=2026-W45", {f"t{email.pk}_20261103": "45m"})
    assert typed.status_code == 302
    [added] = TimeLog.objects.filter(task=email, start__gte=datetime(2026, 11, 2, tzinfo=berlin))
    assert added.duration == timedelta(minutes=45)
    assert added.start.astimezone(berlin).date() == date(2026, 11, 3)
    # Once the week holds time, its rows are its own tasks (and the pinned ones) again.
    page = owner_client.get("/log/?week=2026-W45&view=timesheet").content.decode()
    rows = page.split("<tbody>")[1].split('<tr class="new-row">')[0]
    assert ">Email<" in rows and ">Invoicing<" not in rows
    assert "Nothing logged that week." not in page


def test_a_week_still_to_come_has_no_timesheet_to_type_into(owner_client, owner, make_task):
    make_task(owner, "Invoicing", pinned=True)
    next_week = (timezone.localdate() + timedelta(days=8)).isocalendar()
    page = owner_client.get(
        f"/log/?week={next_week.year}-W{next_week.week:02d}&view=timesheet"
    ).content.decode()
    assert "Nothing logged that week." in page and '<table class="timesheet">' not in page


def test_with_no_tasks_yet_the_timesheet_says_how_to_begin(owner_client):
    page = owner_client.get("/log/?view=timesheet").content.decode()
    assert "Nothing logged yet this week." in page and "45m invoicing" in page
    assert '<table class="timesheet">' not in page


MINUTE = timedelta(minutes=1)
SECOND = timedelta(seconds=1)
_EPOCH = datetime(2026, 11, 23, tzinfo=UTC)


@given(
    st.lists(
        st.tuples(st.integers(0, 600), st.integers(1, 300)).map(lambda p: (p[0], p[0] + p[1])),
        max_size=8,
    ),
    st.integers(0, 300),
    st.integers(300, 900),
)
def test_the_time_counted_twice_is_what_the_logs_add_up_to_beyond_the_minutes_they_cover(
    stretches, window_start, window_end
):
    """Counted minute by minute: each minute of the window that n logs cover is counted n
    times by a sum of their hours, so n − 1 times too often."""
    from triage.timesheet import counted_twice

    as_times = [(_EPOCH + a * MINUTE, _EPOCH + b * MINUTE) for a, b in stretches]
    extra = sum(
        max(sum(1 for a, b in stretches if a <= minute < b) - 1, 0)
        for minute in range(window_start, window_end)
    )
    window = (_EPOCH + window_start * MINUTE, _EPOCH + window_end * MINUTE)
    assert counted_twice(as_times, *window) == extra * MINUTE


@settings(
    max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None
)
@given(
    st.lists(
        st.tuples(
            st.integers(0, 36_000), st.integers(1, 18_000), st.sampled_from([0, 1, 250_000])
        ).map(lambda p: (p[0], p[0] + p[1], p[2])),
        max_size=8,
    ),
    st.integers(0, 18_000),
    st.integers(18_000, 54_000),
)
def test_the_database_counts_the_time_counted_twice_as_the_logs_in_hand_do(
    owner, other_owner, make_task, stretches, window_start, window_end
):
    """A long search or report asks the database (one pass in order of start) what the log
    page works out from the logs it holds: the same, to the microsecond (a timer's logs
    carry them), in any order of rows; with how many logs it found, their whole time and
    their time inside the window. Another owner's logs over the same hours count nowhere."""
    from triage.logged_hours import sums
    from triage.models import TimeLog
    from triage.timesheet import counted_twice

    TimeLog.objects.filter(owner__in=[owner, other_owner]).delete()
    task = owner.tasks.first() or make_task(owner, "Invoicing")
    theirs = other_owner.tasks.first() or make_task(other_owner, "Invoicing")
    as_times = [
        (_EPOCH + a * SECOND, _EPOCH + b * SECOND + timedelta(microseconds=micro))
        for a, b, micro in stretches
    ]
    TimeLog.objects.bulk_create(
        TimeLog(owner=owner, task=task, start=start, end=end) for start, end in reversed(as_times)
    )
    TimeLog.objects.bulk_create(
        TimeLog(owner=other_owner, task=theirs, start=start, end=end + SECOND)
        for start, end in as_times
    )
    since, until = _EPOCH + window_start * SECOND, _EPOCH + window_end * SECOND
    found = [(start, end) for start, end in as_times if start < until and end > since]
    added = sums(owner.time_logs.all(), since, until)
    assert added.count == len(found)
    assert added.time == sum((end - start for start, end in found), timedelta(0))
    assert added.inside == sum(
        (min(end, until) - max(start, since) for start, end in found), timedelta(0)
    )
    assert added.counted_twice == counted_twice(as_times, since, until)


def test_overlapping_logs_say_on_the_log_page_the_dashboard_and_a_search_how_much_is_counted_twice(
    owner_client, owner, make_task, make_log
):
    """Two logs over the same hour (a timer over a manual entry, an import): the week's
    hours add both up, and the week's total and the dashboard's hours say by how much."""
    zone = owner.owner_settings.zone
    monday = datetime(2026, 11, 16, 9, tzinfo=zone)  # 2026-W47
    task = make_task(owner, "Invoicing")
    make_log(task, monday, 90)
    make_log(make_task(owner, "Email"), monday + timedelta(hours=1), 60)  # 30 min shared
    make_log(task, monday + timedelta(days=1), 60)
    log_page = owner_client.get("/log/?week=2026-W47").content.decode()
    note = log_page.split('id="counted-twice">')[1].split("</small>")[0]
    assert note == "· 30m of it counted twice: the overlapping logs are marked"
    dashboard = owner_client.get("/dashboard/?week=2026-W47").content.decode()
    said = dashboard.split('id="counted-twice">')[1].split("</span>")[0]
    assert said.startswith("30m of it counted twice: logs overlap")
    assert 'href="/log/?week=2026-W47">fix them</a>' in said
    # The weekly email about that week says so beside its hours too.
    from triage.weekly_email import compose

    mail = compose(owner.owner_settings, datetime(2026, 11, 25, 12, tzinfo=zone))
    assert "Hours logged: 3.5 h" in mail.body
    assert "— 30m of it counted twice: logs overlap" in mail.body
    assert "30m of it counted twice: logs overlap" in mail.alternatives[0][0]
    # A search's total of them says so too: all of time, or a period; only of the logs it
    # finds (Invoicing's alone overlap nothing).
    for search in ("/log/?q=i", "/log/?q=i&from=2026-11-16&to=2026-11-22"):
        found = owner_client.get(search).content.decode()
        assert '<span class="total">3h 30m <small class="counted-twice"' in found
        assert "· 30m of it counted twice" in found
        assert found.count('class="overlap-note"') == 2  # both rows say which they overlap
    invoicing = owner_client.get("/log/?q=invoicing").content.decode()
    assert '<span class="total">2h 30m</span>' in invoicing
    assert 'id="counted-twice"' not in invoicing
    # Another week, none overlapping: nothing said.
    make_log(task, datetime(2026, 11, 9, 9, tzinfo=zone), 60)
    assert 'id="counted-twice"' not in owner_client.get("/log/?week=2026-W46").content.decode()
    assert (
        'id="counted-twice"' not in owner_client.get("/dashboard/?week=2026-W46").content.decode()
    )


@given(
    st.integers(0, 1400), st.integers(1, 600), st.integers(0, 1400), st.integers(1, 600),
    st.integers(0, 59), st.integers(0, 59),
)  # fmt: skip
@example(0, 60, 60, 30, 40, 20)  # the other starts in the log's last minute, before its end
def test_a_trim_leaves_the_log_inside_itself_clear_of_the_other_and_a_minute_long(
    log_start, log_minutes, other_start, other_minutes, log_seconds, other_seconds
):
    from triage.timesheet import trim_clear_of

    zone = ZoneInfo("Europe/Berlin")
    day = datetime(2026, 11, 2, tzinfo=zone)
    log = SimpleNamespace(
        start=day + timedelta(minutes=log_start, seconds=log_seconds),
        end=day + timedelta(minutes=log_start + log_minutes, seconds=log_seconds),
    )
    other = SimpleNamespace(
        start=day + timedelta(minutes=other_start, seconds=other_seconds),
        end=day + timedelta(minutes=other_start + other_minutes, seconds=other_seconds),
    )
    trim = trim_clear_of(log, other, zone)
    if trim is None:
        return
    # As the edit reads what the form posts: a minute it shows as the log's own keeps it.
    start = datetime.combine(trim.day, trim.start, zone)
    end = datetime.combine(trim.day, trim.end.replace(second=0), zone)
    if start == log.start.replace(second=0):
        start = log.start
    if end == log.end.replace(second=0):
        end = log.end
    assert log.start <= start < end <= log.end
    assert end <= other.start or start >= other.end
    assert end - start >= timedelta(minutes=1)
