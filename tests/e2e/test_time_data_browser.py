"""Time data in Chromium: five quick entries today line up, and an edit that moves a log to
another day moves its group and totals without a reload."""

import itertools
import re
from datetime import datetime, timedelta

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import log_in, screenshot, set_zone_where_it_is_about_noon, settle
from triage.models import Task, TimeLog
from triage.weeks import week_start_date

pytestmark = pytest.mark.django_db(transaction=True)


def test_five_entries_today_then_an_edit_to_another_day(page, owner):
    set_zone_where_it_is_about_noon(owner)
    for title in ("Invoicing", "Email", "Bookkeeping", "Admin", "Proposals"):
        Task.objects.create(owner=owner, title=title, category="admin")
    log_in(page, "olivia", "correct-horse-battery")
    page.goto("/log/")
    page.evaluate("window.notReloaded = true")
    entry = page.locator("#id_entry")
    entry.fill("45m invoicing tomorrow")  # refused: the form says why
    entry.press("Enter")
    settle(page)
    expect(page.locator("#quick-entry .errorlist")).to_be_visible()
    for text in ("45m invoicing", "90 email", "1:15 bookkeeping", "20m admin", "1h proposals"):
        entry.fill(text)
        entry.press("Enter")
        settle(page)
        expect(page.locator(".flash-inline")).to_contain_text(f"on {text.split()[1].capitalize()}")
        expect(entry).to_have_value("")  # the answer carried the row; the entry emptied itself
        expect(page.locator("#quick-entry .errorlist")).to_have_count(0)  # the old error went
        expect(entry).to_be_focused()
    today = page.locator(".day").first
    expect(today.locator(".day-head")).to_contain_text(re.compile(r"Today · \w{3} \d+ \w{3}"))
    expect(today.locator(".day-head .total")).to_have_text("4h 50m")
    expect(today.locator(".log-row")).to_have_count(5)
    expect(page.locator("#week-total")).to_have_text("4h 50m")  # the only logs of the week
    expect(page.locator(".overlapping")).to_have_count(0)
    # The rows' times meet: each entry ends where the one logged after it starts.
    times = today.locator(".times").all_inner_texts()
    spans = [tuple(part.strip() for part in text.split("–")) for text in times]
    for (newer_start, _), (_, older_end) in itertools.pairwise(spans):
        assert older_end == newer_start
    screenshot(page, "log-five-entries")

    # Move the invoicing log to yesterday: today loses 45m, yesterday's group appears.
    log = TimeLog.objects.get(task__title="Invoicing")
    zone = owner.owner_settings.zone
    yesterday = log.start.astimezone(zone).date() - timedelta(days=1)
    page.locator(f"#log-{log.pk}").get_by_text("Edit").click()
    settle(page)
    form = page.locator(f"#log-{log.pk}.editing")
    form.locator("[name=day]").fill(yesterday.isoformat())
    form.locator("[name=start_time]").fill("09:00")
    form.locator("[name=end_time]").fill("09:45")
    form.get_by_role("button", name="Save").click()
    settle(page)
    expect(page.locator(".day").first.locator(".day-head .total")).to_have_text("4h 5m")
    week_start = week_start_date(yesterday + timedelta(days=1), owner.owner_settings.first_weekday)
    if yesterday >= week_start:
        # Yesterday is in this week: its group appears, in order, below today.
        moved = page.locator(".day").nth(1)
        expect(moved.locator(".day-head")).to_contain_text(f"{yesterday.day} {yesterday:%b}")
        expect(moved.locator(".log-row", has_text="Invoicing")).to_contain_text("45m")
        expect(page.locator("#week-logs .section-head .total")).to_have_text("4h 50m")
    else:  # today starts the week: the log left it
        expect(page.locator("#week-logs .section-head .total")).to_have_text("4h 5m")
    week_total = page.locator("#week-total").inner_text()

    # Delete today's admin log, then undo: only today's group and the totals change.
    today = page.locator(".day").first
    admin = TimeLog.objects.get(task__title="Admin")
    page.locator(f"#log-{admin.pk}").get_by_text("Delete").click()
    settle(page)
    expect(page.locator(f"#log-{admin.pk}")).to_have_count(0)
    expect(today.locator(".log-row")).to_have_count(3)
    expect(today.locator(".day-head .total")).to_have_text("3h 45m")
    expect(page.locator(".undo-notice")).to_contain_text("Deleted 20m on Admin.")
    page.get_by_role("button", name="Undo").click()
    settle(page)
    expect(today.locator(".log-row")).to_have_count(4)
    expect(today.locator(".day-head .total")).to_have_text("4h 5m")
    expect(page.locator("#week-total")).to_have_text(week_total)
    expect(page.locator(".undo-notice")).to_have_count(0)
    assert page.evaluate("window.notReloaded") is True
    refused = "status of 422"  # the entry for tomorrow, answered as a refused form
    assert [error for error in page.console_errors if refused not in error] == []


def test_deleting_a_days_only_log_removes_the_day_and_undo_brings_it_back(page, owner):
    """A past week, so the days are fixed: Monday keeps its log, Tuesday loses its only one."""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    berlin = ZoneInfo("Europe/Berlin")
    task = Task.objects.create(owner=owner, title="Invoicing", category="admin")
    TimeLog.objects.create(
        owner=owner,
        task=task,
        start=datetime(2026, 11, 2, 9, tzinfo=berlin),
        end=datetime(2026, 11, 2, 10, tzinfo=berlin),
    )
    only = TimeLog.objects.create(
        owner=owner,
        task=task,
        start=datetime(2026, 11, 3, 9, tzinfo=berlin),
        end=datetime(2026, 11, 3, 9, 30, tzinfo=berlin),
    )
    log_in(page, "olivia", "correct-horse-battery")
    page.goto("/log/?week=2026-W45")
    expect(page.locator(".day")).to_have_count(2)
    page.locator(f"#log-{only.pk}").get_by_text("Delete").click()
    settle(page)
    expect(page.locator("#day-2026-11-03")).to_have_count(0)
    expect(page.locator(".day")).to_have_count(1)
    expect(page.locator("#week-total")).to_have_text("1h")
    page.get_by_role("button", name="Undo").click()
    settle(page)
    expect(page.locator("#day-2026-11-03 .log-row")).to_have_count(1)  # the list came back whole
    expect(page.locator("#week-total")).to_have_text("1h 30m")
    assert page.console_errors == []


def test_two_tabs_a_row_deleted_in_one_and_a_logout_are_said_in_the_other(page, owner):
    set_zone_where_it_is_about_noon(owner)
    task = Task.objects.create(owner=owner, title="Invoicing", category="admin")
    log_in(page, "olivia", "correct-horse-battery")
    page.goto("/log/")
    page.locator("#id_entry").fill("45m invoicing")
    page.locator("#id_entry").press("Enter")
    settle(page)
    log = TimeLog.objects.get(task=task)
    other_tab = page.context.new_page()
    other_tab.goto("/log/")
    other_tab.locator(f"#log-{log.pk} .danger").click()  # deleted there
    settle(other_tab)
    assert not TimeLog.objects.exists()

    page.locator(f"#log-{log.pk} a", has_text="Edit").click()  # still shown here
    settle(page)
    expect(page.get_by_role("alert")).to_contain_text("no longer there")
    screenshot(page, "log-gone-in-another-tab")

    other_tab.locator("form.logout button").click()  # logged out there
    other_tab.wait_for_url("**/")
    page.locator("#id_entry").fill("30m invoicing")
    page.locator("#id_entry").press("Enter")
    page.wait_for_url("**/accounts/login/?next=/log/")  # the whole page, not a corner of it
    assert not TimeLog.objects.exists()


def minutes(text: str) -> int:
    """`1h 2m`, `21m`, `2h` as minutes."""
    hours = re.search(r"(\d+)h", text)
    mins = re.search(r"(\d+)m", text)
    return (int(hours[1]) * 60 if hours else 0) + (int(mins[1]) if mins else 0)


def assert_the_week_adds_up(page) -> None:
    """Each day's rows add up to the day's total, and the days to the week's, as they read."""
    days = page.locator(".day")
    day_totals = []
    for index in range(days.count()):
        day = days.nth(index)
        rows = [minutes(text) for text in day.locator(".log-row td.num").all_inner_texts()]
        total = minutes(day.locator(".day-head .total").inner_text())
        assert sum(rows) == total, (day.get_attribute("id"), rows, total)
        day_totals.append(total)
    assert sum(day_totals) == minutes(page.locator("#week-total").inner_text())


def test_a_days_rows_add_up_to_its_total_through_entries_edits_and_deletes(page, owner):
    """Timer logs of 20m 40s (a day of 1h 2m reads 21m + 21m + 20m): after each answer that
    swaps a day in place, the rows on the page still add up to the day and the week."""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    berlin = ZoneInfo("Europe/Berlin")
    task = Task.objects.create(owner=owner, title="Invoicing", category="admin")
    start = datetime(2026, 11, 3, 9, tzinfo=berlin)
    for _ in range(3):
        TimeLog.objects.create(
            owner=owner, task=task, start=start, end=start + timedelta(seconds=1240)
        )
        start += timedelta(hours=1)
    TimeLog.objects.create(
        owner=owner,
        task=task,
        start=datetime(2026, 11, 4, 9, 0, 10, tzinfo=berlin),
        end=datetime(2026, 11, 4, 9, 10, 50, tzinfo=berlin),
    )
    log_in(page, "olivia", "correct-horse-battery")
    page.goto("/log/?week=2026-W45&view=list")
    expect(page.locator("#day-2026-11-03 .day-head .total")).to_have_text("1h 2m")
    assert_the_week_adds_up(page)
    entry = page.locator("#id_entry")
    entry.fill("20m invoicing 2026-11-03")
    entry.press("Enter")
    settle(page)
    expect(page.locator("#day-2026-11-03 .log-row")).to_have_count(4)
    expect(page.locator("#day-2026-11-03 .day-head .total")).to_have_text("1h 22m")
    assert_the_week_adds_up(page)
    # An inline edit left with Esc puts the row back as it read among its day's rows.
    first = page.locator("#day-2026-11-03 .log-row").last
    before = first.locator("td.num").inner_text()
    first.get_by_text("Edit").click()
    settle(page)
    expect(page.locator("#day-2026-11-03 .editing")).to_have_count(1)
    page.keyboard.press("Escape")
    settle(page)
    expect(page.locator("#day-2026-11-03 .editing")).to_have_count(0)
    assert page.locator("#day-2026-11-03 .log-row").last.locator("td.num").inner_text() == before
    page.locator("#day-2026-11-03 .log-row").first.get_by_text("Delete").click()
    settle(page)
    expect(page.locator("#day-2026-11-03 .log-row")).to_have_count(3)
    # 20m 40s twice and the entry's 20m (in the gap after 09:20:40): 1h 1m.
    expect(page.locator("#day-2026-11-03 .day-head .total")).to_have_text("1h 1m")
    assert_the_week_adds_up(page)
    assert page.console_errors == []


def test_ticked_logs_gone_in_another_tab_are_said_not_shown_as_an_error_page(page, owner):
    """Move, Tag, Untag and Delete ticked, for a ticked log deleted meanwhile: the page
    stays and says so (an alert), with nothing changed."""
    set_zone_where_it_is_about_noon(owner)
    task = Task.objects.create(owner=owner, title="Invoicing", category="admin")
    Task.objects.create(owner=owner, title="Email", category="email")
    log_in(page, "olivia", "correct-horse-battery")
    page.goto("/log/")
    for text in ("45m invoicing", "20m invoicing"):
        page.locator("#id_entry").fill(text)
        page.locator("#id_entry").press("Enter")
        settle(page)
    kept, gone = TimeLog.objects.filter(task=task).order_by("start")
    for log in (kept, gone):
        page.locator(f"#log-{log.pk} input[name=log]").check()
    gone.delete()  # in another tab
    page.fill("#tag-ticked", "billable")
    for button in ("Tag", "Untag", "Move", "Delete ticked"):
        page.locator("#move-logs").get_by_role("button", name=button, exact=True).click()
        settle(page)
        expect(page.get_by_role("alert")).to_contain_text("no longer there")
        expect(page.locator("#week-logs")).to_be_visible()  # the page, not an error page
    kept.refresh_from_db()
    assert (kept.task, kept.tags) == (task, "")
    # Only the four 404s the browser and htmx report: no CSP violation, no script error.
    assert all("404" in error for error in page.console_errors), page.console_errors


def test_two_overlapping_logs_are_trimmed_apart_in_one_click_without_a_reload(page, owner):
    """A timer over a manual entry: both rows are marked and the week's total says 30m of it
    is counted twice; the earlier row's trim ends it where the later starts, and the marks,
    the note and the doubled half hour go, the page not reloaded."""
    from datetime import datetime

    from django.utils import timezone

    set_zone_where_it_is_about_noon(owner)
    zone = owner.owner_settings.zone
    today = timezone.now().astimezone(zone).date()
    start = datetime(today.year, today.month, today.day, 9, tzinfo=zone)
    invoicing = Task.objects.create(owner=owner, title="Invoicing", category="admin")
    email = Task.objects.create(owner=owner, title="Email", category="email")
    manual = TimeLog.objects.create(
        owner=owner, task=invoicing, start=start, end=start + timedelta(hours=1)
    )
    TimeLog.objects.create(
        owner=owner,
        task=email,
        start=start + timedelta(minutes=30),
        end=start + timedelta(minutes=90),
    )
    log_in(page, "olivia", "correct-horse-battery")
    page.goto("/log/")
    page.evaluate("window.notReloaded = true")
    expect(page.locator(".log-row.overlapping")).to_have_count(2)
    expect(page.locator("#counted-twice")).to_contain_text("30m of it counted twice")
    row = page.locator(f"#log-{manual.pk}")
    row.get_by_role("button", name="trim this one to 09:00–09:30").click()
    settle(page)
    expect(page.locator(".log-row.overlapping")).to_have_count(0)
    expect(page.locator("#counted-twice")).to_have_count(0)
    expect(page.locator(f"#log-{manual.pk} .times")).to_have_text("09:00–09:30")
    assert page.evaluate("window.notReloaded") is True and page.console_errors == []


def test_a_log_over_midnight_is_edited_and_deleted_from_either_of_its_days(page, owner):
    """Tuesday 23:00 to Wednesday 01:00 is a row on each day: an edit opened from
    Wednesday's opens the log in Tuesday's row, and the save redraws both days; a delete
    from Wednesday takes both rows, and its undo brings both back, without a reload; ticked
    on Wednesday it is ticked on Tuesday too, and Delete ticked takes it."""
    zone = owner.owner_settings.zone
    task = Task.objects.create(owner=owner, title="Invoicing", category="admin")
    start = datetime(2026, 11, 3, 23, 0, tzinfo=zone)
    log = TimeLog.objects.create(
        owner=owner, task=task, start=start, end=start + timedelta(hours=2)
    )
    TimeLog.objects.create(
        owner=owner, task=task, start=start - timedelta(hours=14), end=start - timedelta(hours=13)
    )
    log_in(page, "olivia", "correct-horse-battery")
    page.goto("/log/?week=2026-W45")
    page.evaluate("window.notReloaded = true")
    tuesday, wednesday = page.locator("#day-2026-11-03"), page.locator("#day-2026-11-04")
    expect(tuesday.locator(".day-head .total")).to_have_text("2h")
    expect(wednesday.locator(".day-head .total")).to_have_text("1h")
    piece = wednesday.locator(".log-row", has_text="Part of a 2h log")
    expect(piece.locator(".times")).to_have_text("00:00–01:00")
    piece.get_by_text("Edit").click()
    settle(page)
    form = tuesday.locator(f"#log-{log.pk}.editing")
    expect(form).to_be_in_viewport()  # scrolled to, wherever Tuesday's row was
    form.locator("[name=end_time]").fill("01:30")
    form.get_by_text("Save").click()
    settle(page)
    expect(wednesday.locator(".day-head .total")).to_have_text("1h 30m")
    expect(wednesday.locator(".log-row", has_text="Part of a 2h 30m log")).to_have_count(1)
    expect(tuesday.locator(".log-row", has_text="Part of a 2h 30m log")).to_have_count(1)
    expect(page.locator("#week-total")).to_have_text("3h 30m")
    wednesday.locator(".log-row", has_text="Part of a").get_by_text("Delete").click()
    settle(page)
    expect(page.locator("#day-2026-11-04")).to_have_count(0)  # its only row went
    expect(tuesday.locator(".day-head .total")).to_have_text("1h")
    expect(page.locator("#week-total")).to_have_text("1h")
    page.get_by_role("button", name="Undo").click()
    settle(page)
    expect(page.locator(".log-row", has_text="Part of a 2h 30m log")).to_have_count(2)
    expect(page.locator("#week-total")).to_have_text("3h 30m")
    screenshot(page, "log-over-midnight")
    # Ticked on either day it is one log: both its boxes tick, and Delete ticked takes it.
    pieces = page.locator(".log-row", has_text="Part of a 2h 30m log")
    pieces.last.locator('input[name="log"]').check()
    expect(pieces.first.locator('input[name="log"]')).to_be_checked()
    pieces.last.locator('input[name="log"]').uncheck()
    expect(pieces.first.locator('input[name="log"]')).not_to_be_checked()
    pieces.last.locator('input[name="log"]').check()
    page.get_by_role("button", name="Delete ticked").click()
    settle(page)
    expect(page.locator("#week-logs")).to_contain_text("Deleted 1 log, 2h 30m.")
    expect(page.locator(".log-row", has_text="Part of a")).to_have_count(0)
    expect(page.locator("#week-total")).to_have_text("1h")
    assert page.evaluate("window.notReloaded") is True
