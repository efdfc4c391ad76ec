"""The week timeline in Chromium, at 1280 and at 375 px (one day at a time there)."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.e2e.conftest import log_in, screenshot, set_zone_where_it_is_about_noon, settle
from triage import demo
from triage.models import Task, TimeLog

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_demo_week_as_a_timeline(page_factory):
    owner, _ = demo.seed_demo_owner()
    last_week = owner.owner_settings.this_week().previous
    for width in (1280, 375):
        page = page_factory(width=width)
        log_in(page, "demo", "demo")
        page.goto(f"/log/?week={last_week.label}")
        page.get_by_role("link", name="Timeline").click()
        settle(page)
        visible = page.locator(".desktop-only .block" if width == 1280 else ".phone-only .block")
        expect(visible.first).to_be_visible()
        assert visible.count() >= 3
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        if width == 375:
            page.locator(".day-pager a").last.click()
            expect(page.locator(".day-pager strong")).to_be_visible()
        else:  # a click on a block opens its edit right there; saving redraws the week
            page.locator(".desktop-only .timeline a[href*='/edit/']").first.click()
            settle(page)
            editor = page.locator("#timeline-editor .log-editor")
            expect(editor).to_be_visible()
            editor.locator("[name=note]").fill("checked on the timeline")
            editor.get_by_role("button", name="Save").click()
            settle(page)
            expect(page.locator("#timeline-editor .log-editor")).to_have_count(0)
            assert owner.time_logs.filter(note="checked on the timeline").count() == 1
        screenshot(page, f"timeline-{width}")
        assert page.console_errors == []


def test_a_refused_edit_or_split_on_the_timeline_says_why_and_a_split_redraws_it(page, owner):
    """The timeline's panel kept nothing of a refused form: the week came back without it,
    and the owner saw the panel close with no word. Now it stays, saying why."""
    set_zone_where_it_is_about_noon(owner)  # the log, three hours back, is today's
    log_in(page, "olivia", "correct-horse-battery")

    task = Task.objects.create(owner=owner, title="Proposals", category="sales")
    start = (timezone.now() - timedelta(hours=3)).replace(second=0, microsecond=0)
    log = TimeLog.objects.create(
        owner=owner, task=task, start=start, end=start + timedelta(hours=2)
    )
    zone = owner.owner_settings.zone
    page.goto("/log/?view=timeline")
    page.locator(f".desktop-only .timeline a[href='/log/{log.pk}/edit/']").click()
    settle(page)
    editor = page.locator("#timeline-editor .log-editor")
    editor.locator("[name=duration]").fill("nonsense")
    editor.locator("[name=start_time]").fill("")
    editor.get_by_role("button", name="Save").click()
    settle(page)
    expect(page.locator("#timeline-editor .log-editor")).to_contain_text("is not a duration")
    editor = page.locator("#timeline-editor .log-editor")
    editor.locator("summary", has_text="Split it in two").click()
    editor.locator("[name=at]").fill(f"{(start - timedelta(hours=1)).astimezone(zone):%H:%M}")
    editor.get_by_role("button", name="Split").click()
    settle(page)
    expect(page.locator("#timeline-editor .log-editor")).to_contain_text("Split at a time inside")
    editor = page.locator("#timeline-editor .log-editor")
    editor.locator("[name=at]").fill(f"{(start + timedelta(hours=1)).astimezone(zone):%H:%M}")
    editor.get_by_role("button", name="Split").click()
    settle(page)
    expect(page.locator("#timeline-editor .log-editor")).to_have_count(0)
    expect(page.locator(".undo-notice")).to_contain_text("Split Proposals in two")
    expect(page.locator(".desktop-only .timeline a[href*='/edit/']")).to_have_count(2)
    assert TimeLog.objects.filter(owner=owner).count() == 2
    # The two refusals are 422s, which the browser reports; nothing else went wrong.
    assert all("422" in error for error in page.console_errors), page.console_errors


def test_a_gap_on_the_timeline_clicked_opens_the_form_with_its_times_and_fills_it(page, owner):
    """Toggl's calendar: time not logged is clicked, the form comes with that gap's times,
    and the saved log lies in it."""
    set_zone_where_it_is_about_noon(owner)
    log_in(page, "olivia", "correct-horse-battery")
    task = Task.objects.create(owner=owner, title="Proposals", category="sales")
    zone = owner.owner_settings.zone
    today = timezone.now().astimezone(zone)
    nine = today.replace(hour=9, minute=0, second=0, microsecond=0)
    TimeLog.objects.create(owner=owner, task=task, start=nine, end=nine + timedelta(minutes=40))
    TimeLog.objects.create(
        owner=owner, task=task, start=nine + timedelta(hours=1), end=nine + timedelta(hours=2)
    )
    page.goto("/log/?view=timeline")
    page.evaluate("window.notReloaded = true")
    gap = page.locator(".desktop-only .timeline a.gap", has_text="Add a log, 09:40–10:00")
    gap.click()
    settle(page)
    form = page.locator("#full-form")
    expect(form).to_have_attribute("open", "")
    expect(form.locator("[name=day]")).to_have_value(f"{today:%Y-%m-%d}")
    expect(form.locator("[name=start_time]")).to_have_value("09:40")
    expect(form.locator("[name=end_time]")).to_have_value("10:00")
    expect(form.locator("[name=task]")).to_be_focused()
    form.locator("[name=task]").select_option(label="Proposals")
    form.get_by_role("button", name="Add").click()
    settle(page)
    expect(page.locator(".desktop-only .timeline a[href*='/edit/']")).to_have_count(3)
    expect(gap).to_have_count(0)  # filled
    assert page.evaluate("window.notReloaded") is True
    added = TimeLog.objects.order_by("-pk").first()
    assert (added.start, added.end) == (
        nine + timedelta(minutes=40),
        nine + timedelta(hours=1),
    )
    screenshot(page, "timeline-gap-filled")
    assert page.console_errors == []


def drag(page, block, minutes: float = 0, days: int = 0, by_foot: bool = False, check=None):
    """Drag a timeline block with the mouse, from its middle (or its foot), so many minutes
    down and days across, and let go once `check` (if any) holds mid-drag; settled."""
    block.evaluate("link => link.scrollIntoView({block: 'center'})")  # room to drag
    box = block.locator("rect").bounding_box()
    per_minute = box["width"] / 95 * 0.4  # the drawing: a lone block 95 units wide, 0.4 a minute
    x = box["x"] + box["width"] / 2
    y = box["y"] + (box["height"] - 1 if by_foot else box["height"] / 2)
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x + days * 100 * per_minute / 0.4, y + minutes * per_minute, steps=8)
    if check:
        check()
    page.mouse.up()
    settle(page)


def test_a_log_dragged_on_the_timeline_moves_or_stretches_and_a_click_still_opens_it(page, owner):
    """Toggl's calendar: a block dragged with the mouse goes to other times (on a five-
    minute grid) or another day; dragged by its foot it stretches; a click is a click."""
    set_zone_where_it_is_about_noon(owner)
    log_in(page, "olivia", "correct-horse-battery")
    task = Task.objects.create(owner=owner, title="Proposals", category="sales")
    zone = owner.owner_settings.zone
    yesterday = (timezone.now().astimezone(zone) - timedelta(days=1)).replace(
        hour=9, minute=0, second=0, microsecond=0
    )
    log = TimeLog.objects.create(
        owner=owner, task=task, start=yesterday, end=yesterday + timedelta(hours=1), note="Acme"
    )
    week = owner.owner_settings.week_of(yesterday)
    page.goto(f"/log/?view=timeline&week={week.label}")
    block = page.locator(f".desktop-only a[data-times*='/log/{log.pk}/']")

    def shows_where_it_would_go():
        expect(block.locator("text")).to_have_text("10:00–11:00")

    drag(page, block, minutes=60, check=shows_where_it_would_go)  # an hour later
    expect(page.locator("#timeline-editor .log-editor")).to_have_count(0)  # not a click
    log.refresh_from_db()
    hour = timedelta(hours=1)
    assert (log.start, log.end, log.note) == (yesterday + hour, yesterday + 2 * hour, "Acme")
    # Its foot dragged half an hour down: it ends later, from the same start.
    drag(page, block, minutes=30, by_foot=True)
    log.refresh_from_db()
    assert (log.start, log.end) == (yesterday + hour, yesterday + 2.5 * hour)
    # Sideways it goes to another day of the week at the same times (not one to come).
    sideways = -1 if yesterday.date() != week.first_day else 1
    drag(page, block, days=sideways)
    log.refresh_from_db()
    moved = yesterday + timedelta(days=sideways)
    assert (log.start, log.end) == (moved + hour, moved + 2.5 * hour)
    # A log off the five-minute grid lands on it: 15:03–15:48 dragged 12 minutes down.
    off_grid = TimeLog.objects.create(
        owner=owner,
        task=task,
        start=yesterday + timedelta(hours=6, minutes=3),
        end=yesterday + timedelta(hours=6, minutes=48),
    )
    page.reload()
    drag(page, page.locator(f".desktop-only a[data-times*='/log/{off_grid.pk}/']"), minutes=12)
    off_grid.refresh_from_db()
    assert (off_grid.start, off_grid.end) == (
        yesterday + timedelta(hours=6, minutes=15),
        yesterday + 7 * hour,
    )
    # Free time dragged over, from 18:00 to 19:30: the form opens with that stretch.
    evening = page.locator(".desktop-only a.gap", has_text="Add a log, 18:00–19:00").first
    evening.evaluate("link => link.scrollIntoView({block: 'center'})")
    box = evening.locator("rect").bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + 1
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x, y + 90 * box["height"] / 60, steps=8)
    page.mouse.up()
    settle(page)
    form = page.locator("#full-form")
    expect(form.locator("[name=start_time]")).to_have_value("18:00")
    expect(form.locator("[name=end_time]")).to_have_value("19:30")
    expect(form.locator("[name=task]")).to_be_focused()
    # A click is still a click: the edit opens in the panel.
    block.evaluate("link => link.scrollIntoView({block: 'center'})")
    block.locator("rect").click()
    settle(page)
    expect(page.locator("#timeline-editor .log-editor")).to_be_visible()
    screenshot(page, "timeline-dragged")
    assert page.console_errors == []
