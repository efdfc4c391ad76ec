"""The week timeline: blocks at their times, overlaps side by side, the running timer."""

import re
from datetime import date, datetime, timedelta
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest

from triage import timeline
from triage.weeks import Week

BERLIN = ZoneInfo("Europe/Berlin")
WEEK = Week(date(2026, 11, 2), BERLIN)
NOW = datetime(2026, 11, 25, 12, tzinfo=BERLIN)


def log(pk, day, hour, minutes, title="Task", running=False, is_mga=False):
    start = datetime(2026, 11, day, hour, tzinfo=BERLIN)
    end = None if running else start + timedelta(minutes=minutes)
    task = SimpleNamespace(title=title, is_mga=is_mga)
    return SimpleNamespace(pk=pk, start=start, end=end, task=task)


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
