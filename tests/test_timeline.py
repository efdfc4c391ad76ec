"""The week timeline: blocks at their times, overlaps side by side, the running timer."""

import itertools
import re
from datetime import date, datetime, timedelta
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from triage import timeline
from triage.weeks import Week

BERLIN = ZoneInfo("Europe/Berlin")
WEEK = Week(date(2026, 11, 2), BERLIN)
NOW = datetime(2026, 11, 25, 12, tzinfo=BERLIN)


def log(pk, day, hour, minutes, title="Task", running=False, is_mga=False):
    start = datetime(2026, 11, day, hour, tzinfo=BERLIN)
    end = None if running else start + timedelta(minutes=minutes)
    task = SimpleNamespace(title=title, is_mga=is_mga)
    return SimpleNamespace(pk=pk, start=start, end=end, task=task, state=lambda: f"state-{pk}")


def test_blocks_sit_at_their_times_in_their_day():
    drawn = timeline.timeline(WEEK, [log(1, 3, 9, 90, "Invoicing")], NOW)
    tuesday = drawn.days[1]
    [block] = tuesday.blocks
    assert block.y == 9 * timeline.HOUR_HEIGHT and block.height == 1.5 * timeline.HOUR_HEIGHT
    assert block.times == "09:00–10:30" and block.x > tuesday.x
    assert all(not column.blocks for column in drawn.days if column.day != date(2026, 11, 3))


def test_overlapping_logs_go_side_by_side_and_others_take_the_full_width():
    drawn = timeline.timeline(WEEK, [log(1, 3, 9, 60), log(2, 3, 9, 30), log(3, 3, 14, 30)], NOW)
    first, second, alone = sorted(drawn.days[1].blocks, key=lambda b: (b.y, b.x))
    assert first.width == second.width < alone.width
    assert first.x != second.x


def test_a_log_over_midnight_is_cut_into_both_days():
    drawn = timeline.timeline(WEEK, [log(1, 3, 23, 120)], NOW)
    assert drawn.days[1].blocks[0].height == timeline.HOUR_HEIGHT
    assert drawn.days[2].blocks[0].y == 0 and drawn.days[2].blocks[0].height == timeline.HOUR_HEIGHT


def test_the_running_timer_grows_to_now():
    week = Week(date(2026, 11, 23), BERLIN)
    drawn = timeline.timeline(
        week,
        [
            SimpleNamespace(
                pk=1,
                start=NOW - timedelta(hours=2),
                end=None,
                task=SimpleNamespace(title="T", is_mga=False),
            )
        ],
        NOW,
    )
    [block] = drawn.days[2].blocks
    assert block.running and block.height == 2 * timeline.HOUR_HEIGHT


def gaps(column) -> list[tuple[str, str]]:
    return [(gap.start, gap.end) for gap in column.gaps]


def test_time_not_logged_is_offered_to_fill_a_gap_whole_or_an_hour_at_a_time():
    logs = [log(1, 3, 9, 100), log(2, 3, 11, 30), log(3, 3, 12, 45), log(4, 3, 14, 3)]
    tuesday = timeline.timeline(WEEK, logs, NOW).days[1]
    # The night before 09:00 (nine hours) an hour at a time; 10:40–11:00, 11:30–12:00 and
    # 12:45–14:00 (up to two hours) whole; from 14:03 by the hour again, the first part up
    # to the hour line, the last up to midnight (the next day's 00:00).
    assert gaps(tuesday) == [
        *((f"{hour:02d}:00", f"{hour + 1:02d}:00") for hour in range(9)),
        ("10:40", "11:00"),
        ("11:30", "12:00"),
        ("12:45", "14:00"),
        ("14:03", "15:00"),
        *((f"{hour:02d}:00", f"{hour + 1:02d}:00") for hour in range(15, 23)),
        ("23:00", "00:00"),
    ]
    assert tuesday.gaps[-1].ends_next_day and not tuesday.gaps[0].ends_next_day
    # The drawing: each gap sits where its time is, under the blocks.
    gap = next(g for g in tuesday.gaps if g.start == "10:40")
    assert gap.y == round((10 + 40 / 60) * timeline.HOUR_HEIGHT, 1) and gap.x == tuesday.x
    assert gap.height == round(20 / 60 * timeline.HOUR_HEIGHT, 1)


def test_a_gap_starts_on_the_minute_after_a_log_with_seconds_and_skips_a_few_minutes():
    with_seconds = SimpleNamespace(
        pk=1,
        start=datetime(2026, 11, 3, 9, tzinfo=BERLIN),
        end=datetime(2026, 11, 3, 9, 20, 30, tzinfo=BERLIN),
        task=SimpleNamespace(title="T", is_mga=False),
        state=lambda: "s",
    )
    tuesday = timeline.timeline(WEEK, [with_seconds, log(2, 3, 9, 0)], NOW).days[1]
    assert ("09:21", "10:00") in gaps(tuesday)  # not 09:20, under the log's last seconds
    close = [log(1, 4, 9, 58), log(2, 4, 10, 30)]  # 09:58–10:00 free: too short to offer
    wednesday = timeline.timeline(WEEK, close, NOW).days[2]
    assert ("08:00", "09:00") in gaps(wednesday) and ("10:30", "11:00") in gaps(wednesday)
    assert not any(start == "09:58" for start, _ in gaps(wednesday))


def test_only_time_that_has_passed_is_offered():
    week = Week(date(2026, 11, 23), BERLIN)  # NOW is Wednesday 25th at noon
    running = SimpleNamespace(
        pk=1, start=NOW - timedelta(hours=1), end=None, task=SimpleNamespace(title="T", is_mga=0)
    )
    days = timeline.timeline(week, [running], NOW).days
    assert gaps(days[2])[-1] == ("10:00", "11:00")  # the running timer is busy up to now
    assert all(not column.gaps for column in days[3:])  # days still to come
    days = timeline.timeline(week, [], NOW).days
    assert gaps(days[2])[-1] == ("11:00", "12:00")


@given(
    pieces=st.lists(st.tuples(st.integers(0, 24 * 60 - 1), st.integers(1, 600)), max_size=12),
    now_minute=st.integers(0, 3 * 24 * 60),
)
def test_gaps_never_lie_under_a_log_nor_after_now(pieces, now_minute):
    day_start = datetime(2026, 11, 3, tzinfo=BERLIN)
    busy = sorted(
        (day_start + timedelta(minutes=start), day_start + timedelta(minutes=start + length))
        for start, length in pieces
    )
    now = day_start + timedelta(minutes=now_minute)
    until = min(day_start + timedelta(days=1), now)
    parts = timeline.free_parts(day_start, until, busy)
    for start, end in parts:
        assert day_start <= start and end <= until and end - start >= timeline.SHORTEST_GAP
        assert all(end <= log_start or start >= log_end for log_start, log_end in busy)
    assert all(a[1] <= b[0] for a, b in itertools.pairwise(parts))  # in order, apart


def test_a_phones_day_keeps_its_gaps_moved_with_its_blocks():
    drawn = timeline.timeline(WEEK, [log(1, 5, 9, 60)], NOW)
    thursday = timeline.one_day(drawn, date(2026, 11, 5))
    assert gaps(thursday.days[0]) == gaps(drawn.days[3])
    assert thursday.days[0].gaps[0].x == timeline.GUTTER


def nine_task():
    return SimpleNamespace(title="T", is_mga=False)


def test_only_a_finished_log_wholly_inside_an_ordinary_day_can_be_dragged():
    logs = [log(1, 3, 9, 90), log(2, 3, 23, 120), log(3, 4, 10, 0, running=True)]
    days = timeline.timeline(WEEK, logs, NOW).days
    nine, late = days[1].blocks
    assert nine.drag == ("state-1", 9 * 60, 10 * 60 + 30)
    assert late.drag is None and days[2].blocks[0].drag is None  # cut at midnight
    assert days[2].blocks[1].drag is None  # the running timer
    # The day the clocks go back has 25 hours: its drawing is not the clock's, no drag.
    october = Week(date(2026, 10, 19), BERLIN)
    start = datetime(2026, 10, 25, 9, tzinfo=BERLIN)
    clocks_back = SimpleNamespace(
        pk=4, start=start, end=start + timedelta(hours=1), task=nine_task(), state=lambda: "s"
    )
    sunday = timeline.timeline(october, [clocks_back], NOW).days[6]
    assert sunday.day == date(2026, 10, 25) and sunday.blocks[0].drag is None
    assert all(gap.shifted for gap in sunday.gaps)  # nor is new time drawn over there
    assert not any(gap.shifted for gap in days[1].gaps)


def test_a_log_is_dragged_sideways_only_to_days_shown_that_have_come():
    from triage.templatetags.triage import timeline_svg

    this_week = Week(date(2026, 11, 23), BERLIN)  # NOW is Wednesday 25th
    drawn = timeline.timeline(this_week, [], NOW)
    assert drawn.open_days == (date(2026, 11, 23), date(2026, 11, 25))
    assert 'data-first-day="2026-11-23" data-last-day="2026-11-25"' in timeline_svg(drawn, "")
    assert timeline.timeline(WEEK, [], NOW).open_days == (date(2026, 11, 2), date(2026, 11, 8))
    phone = timeline.one_day(drawn, date(2026, 11, 24))  # one day: nowhere sideways
    assert phone.open_days is None and "data-first-day" not in timeline_svg(phone, "")


@pytest.mark.django_db
def test_money_making_work_and_the_rest_are_told_apart_as_on_the_dashboard():
    from triage.templatetags.triage import timeline_svg

    logs = [log(1, 3, 9, 60, "Client work", is_mga=True), log(2, 3, 11, 30, "Invoicing")]
    drawn = timeline.timeline(WEEK, logs, NOW)
    assert [block.is_mga for block in drawn.days[1].blocks] == [True, False]
    svg = timeline_svg(drawn, "")
    assert svg.count('class="block mga"') == 1 and svg.count('class="block other"') == 1


def test_the_log_page_remembers_the_timeline_and_pages_days_on_a_phone(
    owner_client, owner, make_task, make_log, berlin
):
    log_row = make_log(make_task(owner, "Invoicing"), datetime(2026, 11, 3, 9, tzinfo=berlin), 90)
    html = owner_client.get("/log/?week=2026-W45&view=timeline").content.decode()
    assert 'class="timeline"' in html and f'href="/log/{log_row.pk}/edit/?week=2026-W45"' in html
    assert "<title>Invoicing, 09:00–10:30</title>" in html
    again = owner_client.get("/log/?week=2026-W45").content.decode()  # remembered
    assert 'class="timeline"' in again and "day=2026-11-03" in again
    listed = owner_client.get("/log/?week=2026-W45&view=list").content.decode()
    assert 'class="timeline"' not in listed and 'class="logs"' in listed
    assert not re.search(r'style="', html)  # the CSP forbids inline styles


def test_the_timelines_day_pager_stops_at_today(owner_client, owner):
    from django.utils import timezone

    from triage.weeks import week_of

    owner_settings = owner.owner_settings
    today = owner_settings.today()
    week = week_of(timezone.now(), owner_settings.zone)
    html = owner_client.get(f"/log/?view=timeline&day={today:%Y-%m-%d}").content.decode()
    pager = html.split('class="phone-only day-pager"')[1].split("</p>")[0]
    assert "→" not in pager  # tomorrow has not happened
    if today != week.first_day:
        assert "←" in pager
    past = owner_client.get("/log/?view=timeline&week=2026-W45&day=2026-11-04").content.decode()
    assert "day=2026-11-05" in past.split('class="phone-only day-pager"')[1].split("</p>")[0]


def test_an_empty_week_on_the_timeline_says_what_to_do(owner_client):
    html = owner_client.get("/log/?view=timeline").content.decode()
    assert 'class="timeline"' in html and "Nothing logged yet this week." in html


def test_a_gap_on_the_timeline_opens_the_full_form_with_its_times(
    owner_client, owner, make_task, make_log, berlin
):
    make_log(make_task(owner, "Invoicing"), datetime(2026, 11, 3, 9, tzinfo=berlin), 100)
    html = owner_client.get("/log/?week=2026-W45&view=timeline").content.decode()
    link = (
        '<a class="gap" tabindex="-1" aria-hidden="true" href="/log/?week=2026-W45&amp;form=full'
        "&amp;day=2026-11-03&amp;start_time=10:40&amp;end_time=11:00#full-form"
    )
    assert link in html and "<title>Add a log, 10:40–11:00</title>" in html
    # Followed without JavaScript: the page, with the form open and the gap's times in it.
    page = owner_client.get(
        "/log/?week=2026-W45&form=full&day=2026-11-03&start_time=10:40&end_time=11:00"
    ).content.decode()
    form = page.split('id="full-form"')[1].split("</details>")[0]
    assert form.startswith(" open")
    assert 'name="day" value="2026-11-03"' in form
    assert 'name="start_time" value="10:40' in form and 'name="end_time" value="11:00' in form
    # Saved, it goes back to the week without the gap's times (not the same form again).
    assert 'name="next" value="/log/?week=2026-W45&amp;day=2026-11-03"' in form  # (a phone's day)
    # With JavaScript the card alone comes, open; a gap up to midnight ticks "next day".
    card = owner_client.get(
        "/log/?week=2026-W45&form=full&day=2026-11-03&start_time=23:00&end_time=00:00"
        "&ends_next_day=on&part=full_form_card"
    ).content.decode()
    assert card.startswith('<details class="card" id="full-form" open')
    assert re.search(r'<input type="checkbox" name="ends_next_day"[^>]* checked>', card)
    # What does not read as a day or a time is left out, not a 500.
    odd = owner_client.get("/log/?form=full&day=2026-02-30&start_time=25:00&end_time=%00")
    assert odd.status_code == 200 and 'name="start_time" value=' not in odd.content.decode()
