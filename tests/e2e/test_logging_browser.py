"""Logging in Chromium: quick entry, the timer across a reload, edit, delete and undo, and
the same with JavaScript off."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.e2e.conftest import log_in, screenshot, set_zone_where_it_is_about_noon, settle
from triage.models import Task, TimeLog

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def logged_in(page, owner):
    set_zone_where_it_is_about_noon(owner)  # today's entries need part of today behind us
    log_in(page, "olivia", "correct-horse-battery")
    return page


def test_quick_entry_adds_a_row_without_a_reload(logged_in, owner):
    page = logged_in
    Task.objects.create(owner=owner, title="Invoicing", category="bookkeeping")
    page.goto("/log/")
    page.evaluate("window.notReloaded = true")
    entry = page.locator("#id_entry")
    entry.fill("45m invoicing")
    entry.press("Enter")
    expect(page.locator(".log-row", has_text="Invoicing")).to_contain_text("45m")
    expect(page.locator(".flash-inline")).to_contain_text("Logged 45m on Invoicing, ")
    assert page.evaluate("window.notReloaded") is True
    expect(page.locator("#id_entry")).to_be_focused()
    expect(page.locator("#id_entry")).to_have_value("")
    assert TimeLog.objects.count() == 1


def test_the_quick_entry_offers_the_tasks_names_as_they_are_typed(logged_in, owner):
    """Toggl's autocomplete: after the duration, the task's first letters offer the
    owner's tasks (names that start so first), the duration kept; a picked one logs."""
    page = logged_in
    for title in ("Invoicing", "Client invoices", "Email"):
        Task.objects.create(owner=owner, title=title, category="admin")
    page.goto("/log/")
    entry = page.locator("#id_entry")
    offered = page.locator("#entry-tasks option")

    def offers() -> list[str]:
        return [option.get_attribute("value") for option in offered.all()]

    entry.press_sequentially("1h 30m inv")
    expect(offered).to_have_count(2)
    assert offers() == ["1h 30m Invoicing", "1h 30m Client invoices"]
    entry.fill("")
    entry.press_sequentially("yesterday 2h inv")  # the day first, as a diary has it
    expect(offered).to_have_count(2)
    assert offers()[0] == "yesterday 2h Invoicing"
    entry.fill("")
    entry.press_sequentially("inv")  # no duration yet: nothing to complete
    expect(offered).to_have_count(0)
    entry.fill("")
    entry.press_sequentially("45m invoicing - paid")  # a note: the task is typed
    expect(offered).to_have_count(0)
    entry.fill("")
    entry.press_sequentially("45m em")
    expect(offered).to_have_count(1)
    entry.fill(offers()[0])  # as the browser fills it when one is picked
    entry.press("Enter")
    settle(page)
    expect(page.locator(".flash-inline")).to_contain_text("Logged 45m on Email, ")
    expect(offered).to_have_count(0)  # the emptied field offers nothing stale
    assert page.console_errors == []


def test_a_quick_entry_with_times_offers_names_and_logs_at_those_times(logged_in, owner):
    """Clockify's start–end in the quick entry: `9:00 - 10:30 inv` offers Invoicing after
    the times, and the log lands at 09:00–10:30 (it is about noon in the owner's zone)."""
    page = logged_in
    Task.objects.create(owner=owner, title="Invoicing", category="bookkeeping")
    page.goto("/log/")
    entry = page.locator("#id_entry")
    offered = page.locator("#entry-tasks option")
    entry.press_sequentially("9:00 - 10:30 inv")
    expect(offered).to_have_count(1)
    assert offered.first.get_attribute("value") == "9:00-10:30 Invoicing"
    entry.fill(offered.first.get_attribute("value"))  # as the browser fills a picked one
    entry.press("Enter")
    settle(page)
    expect(page.locator(".flash-inline")).to_contain_text("Logged 1h 30m on Invoicing, ")
    expect(page.locator(".log-row", has_text="Invoicing")).to_contain_text("09:00–10:30")
    log = TimeLog.objects.get()
    zone = owner.owner_settings.zone
    assert (f"{log.start.astimezone(zone):%H:%M}", f"{log.end.astimezone(zone):%H:%M}") == (
        "09:00",
        "10:30",
    )
    assert page.console_errors == []
    entry.fill("22:00-23:00 invoicing")  # still to come there: refused (a 422), nothing saved
    entry.press("Enter")
    settle(page)
    expect(page.locator("#quick-entry")).to_contain_text("That ends in the future")
    assert TimeLog.objects.count() == 1


def test_the_folded_full_form_loads_when_opened_and_adds_a_log(logged_in, owner):
    page = logged_in
    Task.objects.create(owner=owner, title="Invoicing", category="bookkeeping")
    page.goto("/log/")
    page.evaluate("window.notReloaded = true")
    expect(page.locator("#full-form-body .without-js")).to_be_hidden()  # JS loads it instead
    page.get_by_text("Add with start and end times").click()
    form = page.locator("#full-form-body form")
    expect(form.locator("[name=start_time]")).to_be_visible()
    settle(page)
    form.locator("[name=task]").select_option(label="Invoicing")
    form.locator("[name=start_time]").fill("08:00")
    form.locator("[name=end_time]").fill("08:30")
    form.locator("button[type=submit]").click()
    settle(page)
    expect(page.locator(".log-row", has_text="Invoicing")).to_contain_text("30m")
    expect(form.locator("[name=start_time]")).to_have_value("")  # a fresh form for the next
    assert page.evaluate("window.notReloaded") is True
    assert page.console_errors == []


def test_a_new_task_asks_for_its_category_inline(logged_in):
    page = logged_in
    page.goto("/log/")
    page.fill("#id_entry", "30m newsletter draft")
    page.press("#id_entry", "Enter")
    question = page.locator(".new-task-question")
    expect(question).to_contain_text("is a new task")
    # Both questions sit inside their box, under its heading (they were squeezed beside it
    # and spilled out of the card).
    box, heading = question.bounding_box(), question.locator("legend").bounding_box()
    for part in ("#id_category", ".choices"):
        inner = question.locator(part).bounding_box()
        assert inner["y"] >= heading["y"] + heading["height"], part
        assert inner["x"] + inner["width"] <= box["x"] + box["width"], part
    page.select_option("#id_category", "marketing")
    page.click("text=Log it")
    expect(page.locator(".log-row", has_text="newsletter draft")).to_be_visible()
    assert Task.objects.get().category == "marketing"


def test_a_typo_is_answered_with_the_task_meant_one_click_away(logged_in, owner):
    page = logged_in
    invoicing = Task.objects.create(owner=owner, title="Invoicing", category="bookkeeping")
    page.goto("/log/")
    page.fill("#id_entry", "20m invocing")
    page.press("#id_entry", "Enter")
    settle(page)
    page.get_by_role("button", name="Invoicing").click()
    settle(page)
    expect(page.locator(".log-row", has_text="Invoicing")).to_be_visible()
    expect(page.locator(".new-task-question")).to_have_count(0)
    assert TimeLog.objects.get().task == invoicing and Task.objects.count() == 1
    assert page.console_errors == []


def test_timer_start_reload_still_running_stop_creates_a_log(logged_in, owner):
    page = logged_in
    Task.objects.create(owner=owner, title="Email triage", category="email")
    page.goto("/log/")
    page.select_option("#timer_task", label="Email triage")
    page.click("#timer-start button[type=submit]")
    expect(page.locator("#header-timer .timer.running")).to_contain_text("Email triage")
    page.reload()
    expect(page.locator("#header-timer .timer.running")).to_contain_text("Email triage")
    expect(page.locator(".timer-elapsed")).to_have_text(re.compile(r"0:00:\d\d"))  # it ticks
    # The tab says so too, from a background tab.
    expect(page).to_have_title(re.compile(r"^▶ 0:00:\d\d Email triage · Log · Triage$"))
    # Pretend it ran for 20 minutes, then stop it from another page with the keyboard.
    TimeLog.objects.filter(end__isnull=True).update(start=timezone.now() - timedelta(minutes=20))
    page.goto("/tasks/")
    page.keyboard.press("s")
    expect(page.locator("#header-timer .timer.idle")).to_be_visible()
    expect(page).to_have_title("Tasks · Triage")  # stopped: the page's own title again
    log = TimeLog.objects.get()
    assert log.end is not None and log.end - log.start >= timedelta(minutes=20)


def test_back_on_the_tab_a_timer_started_on_the_phone_shows(logged_in, owner):
    """The timer started elsewhere (the phone, another tab): coming back to this tab, the
    header and the log page's timer card show it without a reload."""
    page = logged_in
    task = Task.objects.create(owner=owner, title="Email triage", category="email")
    page.goto("/log/")
    page.evaluate("window.notReloaded = true")
    expect(page.locator("#header-timer .timer.idle")).to_be_visible()
    TimeLog.objects.create(owner=owner, task=task, start=timezone.now() - timedelta(minutes=5))
    page.evaluate("document.dispatchEvent(new Event('visibilitychange'))")  # back in view
    expect(page.locator("#header-timer .timer.running")).to_contain_text("Email triage")
    expect(page.locator("#timer")).to_contain_text("Email triage")  # the card, refreshed too
    settle(page)
    TimeLog.objects.filter(end__isnull=True).update(end=timezone.now())  # stopped there
    page.evaluate("document.dispatchEvent(new Event('visibilitychange'))")
    expect(page.locator("#header-timer .timer.idle")).to_be_visible()
    settle(page)
    # The window focused again (the tab was in view all along): asked again too.
    TimeLog.objects.create(owner=owner, task=task, start=timezone.now() - timedelta(minutes=1))
    page.evaluate("window.dispatchEvent(new Event('focus'))")
    expect(page.locator("#header-timer .timer.running")).to_contain_text("Email triage")
    settle(page)
    assert page.evaluate("window.notReloaded") is True and page.console_errors == []


def test_the_headers_own_asking_neither_says_nothing_was_saved_nor_clears_what_was_said(
    logged_in, owner
):
    """Asking for the timer in the background saves nothing: failing, it shows no "nothing
    was saved"; answered, it leaves a problem the page shows (a click that failed) in place."""
    page = logged_in
    Task.objects.create(owner=owner, title="Email triage", category="email")
    page.goto("/log/")
    page.route("**/timer/?*", lambda route: route.abort())
    page.evaluate("window.dispatchEvent(new Event('focus'))")
    page.wait_for_timeout(500)
    expect(page.locator(".request-problem")).to_have_count(0)
    page.unroute("**/timer/?*")
    page.route("**/timer/start/", lambda route: route.abort())
    page.locator("#timer select[name=task]").select_option(label="Email triage")
    page.get_by_role("button", name="Start timer").click()
    problem = page.locator(".request-problem")
    expect(problem).to_contain_text("No connection: nothing was saved")
    with page.expect_response(lambda response: "/timer/?" in response.url):
        page.evaluate("window.dispatchEvent(new Event('focus'))")
    settle(page)
    expect(problem).to_contain_text("No connection: nothing was saved")  # still said


def test_a_tab_left_in_view_asks_for_the_timer_once_a_minute(logged_in, owner):
    """The laptop's tab in view all along while the phone stops the timer: within a
    minute the header stops ticking."""
    page = logged_in
    task = Task.objects.create(owner=owner, title="Email triage", category="email")
    TimeLog.objects.create(owner=owner, task=task, start=timezone.now() - timedelta(minutes=5))
    page.clock.install()
    page.goto("/tasks/")
    expect(page.locator("#header-timer .timer.running")).to_contain_text("Email triage")
    TimeLog.objects.filter(end__isnull=True).update(end=timezone.now())  # on the phone
    page.clock.run_for(30_000)
    expect(page.locator("#header-timer .timer.running")).to_be_visible()  # not yet
    page.clock.run_for(31_000)
    expect(page.locator("#header-timer .timer.idle")).to_be_visible()
    settle(page)
    assert page.console_errors == []


def test_question_mark_lists_the_keyboard_shortcuts(logged_in, owner):
    page = logged_in
    page.goto("/dashboard/")
    shortcuts = page.locator("#shortcuts")
    expect(shortcuts).to_be_hidden()
    page.keyboard.press("?")
    expect(shortcuts).to_be_visible()
    expect(shortcuts.locator("dt")).to_have_text(["n", "s", "/", "← →", "t", "Enter", "Esc", "?"])
    page.keyboard.press("Escape")
    expect(shortcuts).to_be_hidden()
    page.get_by_role("button", name="Keyboard shortcuts").click()  # the footer's, to find
    expect(shortcuts).to_be_visible()
    page.get_by_role("button", name="Close").click()
    expect(shortcuts).to_be_hidden()
    # Typing a "?" into a field is typing, not asking for the list.
    page.goto("/log/")
    page.locator('[data-shortcut="n"]').type("15m what? ")
    expect(shortcuts).to_be_hidden()


def test_the_arrow_keys_page_through_the_weeks_and_t_comes_back_to_this_one(logged_in, owner):
    page = logged_in
    page.goto("/dashboard/")
    this_week = page.locator(".week-label").inner_text()
    page.keyboard.press("ArrowLeft")
    expect(page).to_have_url(re.compile(r"/dashboard/\?week=\d{4}-W\d{2}$"))
    last_week = page.locator(".week-label").inner_text()
    assert last_week != this_week
    page.keyboard.press("ArrowLeft")
    expect(page.locator(".week-label")).not_to_have_text(last_week)
    page.keyboard.press("ArrowRight")
    expect(page.locator(".week-label")).to_have_text(last_week)
    page.keyboard.press("t")
    expect(page).to_have_url(re.compile(r"/dashboard/$"))
    expect(page.locator(".week-label")).to_have_text(this_week)
    page.keyboard.press("ArrowRight")  # no week after this one: nothing happens
    page.wait_for_load_state("networkidle")
    expect(page).to_have_url(re.compile(r"/dashboard/$"))
    # The log's week too; an arrow in a field moves the caret, not the week.
    page.goto("/log/")
    page.locator('[data-shortcut="n"]').type("45m")
    page.keyboard.press("ArrowLeft")
    expect(page).to_have_url(re.compile(r"/log/$"))
    page.locator("main h1").click()
    page.keyboard.press("ArrowLeft")
    expect(page).to_have_url(re.compile(r"/log/\?week="))
    expect(page.locator(".week-label")).to_have_text(last_week)
    # Not away from an edit still open.
    set_zone_where_it_is_about_noon(owner)  # a log from an hour ago is this week's
    task = Task.objects.create(owner=owner, title="Invoicing", category="bookkeeping")
    TimeLog.objects.create(
        owner=owner,
        task=task,
        start=timezone.now() - timedelta(hours=1),
        end=timezone.now() - timedelta(minutes=30),
    )
    page.goto("/log/")
    page.locator(".log-row").first.get_by_role("link", name="Edit").click()
    settle(page)
    page.locator(".editing").get_by_role("button", name="Save").focus()
    page.keyboard.press("ArrowLeft")
    page.wait_for_timeout(300)
    expect(page).to_have_url(re.compile(r"/log/$"))
    expect(page.locator(".editing")).to_be_visible()
    # On a narrow screen the timesheet scrolls sideways: clicked into, the arrows scroll it.
    page.set_viewport_size({"width": 360, "height": 800})
    page.goto("/log/?view=timesheet")
    wrap = page.locator(".table-wrap:has(table.timesheet)")
    assert wrap.evaluate("wrap => wrap.scrollWidth > wrap.clientWidth")
    page.locator("table.timesheet thead th").first.click()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowLeft")
    page.wait_for_timeout(300)
    expect(page).to_have_url(re.compile(r"/log/\?view=timesheet$"))
    page.locator("main h1").click()
    page.keyboard.press("ArrowLeft")
    expect(page).to_have_url(re.compile(r"view=timesheet&week=|week=.*view=timesheet"))
    assert page.console_errors == []


def test_a_logs_play_button_times_its_task_again_and_a_tasks_start_fills_only_the_header(
    logged_in, owner
):
    page = logged_in
    task = Task.objects.create(owner=owner, title="Email triage", category="email")
    TimeLog.objects.create(
        owner=owner,
        task=task,
        start=timezone.now() - timedelta(hours=2),
        end=timezone.now() - timedelta(hours=1),
    )
    page.goto("/log/")
    page.get_by_role("button", name="Start the timer on Email triage").click()
    settle(page)
    expect(page.locator("#header-timer .timer.running")).to_contain_text("Email triage")
    expect(page.locator("#timer-now")).to_contain_text("Running: Email triage")
    assert TimeLog.objects.get(end__isnull=True).task == task
    page.click("#header-timer button")  # within a second: logs nothing
    expect(page.locator("#header-timer .timer.idle")).to_be_visible()

    page.goto(f"/tasks/{task.pk}/")
    page.click("[data-timer-start]")
    expect(page.locator("#header-timer .timer.running")).to_contain_text("Email triage")
    # The header holds the running timer alone, not the log page's timer card.
    expect(page.locator("#header-timer select, #header-timer .timer-start")).to_have_count(0)


def start_from_the_card(page, owner, title: str) -> Task:
    """A new task, and the timer started on it from the log page's card, settled."""
    task = Task.objects.create(owner=owner, title=title, category="email")
    page.goto("/log/")
    page.select_option("#timer_task", label=title)
    page.click("[data-timer-start]")
    expect(page.locator("#timer-started-at")).to_be_visible()
    settle(page)
    return task


def test_a_timer_started_late_moves_its_start_back_in_the_card_and_the_header(logged_in, owner):
    page = logged_in
    task = start_from_the_card(page, owner, "Email triage")
    began = timezone.localtime(timezone.now() - timedelta(minutes=25), owner.owner_settings.zone)
    page.fill("#timer-started-at", f"{began:%H:%M}")
    page.click(".started-at button")
    settle(page)
    expect(page.locator("#timer-now")).to_contain_text(f"since {began:%H:%M}")
    # The header's clock counts from the new start, typed to the minute: 25 minutes and up
    # to a minute's seconds cut off (0:26 when the minute was nearly over), or 0:24 and
    # seconds on a clock a little behind.
    expect(page.locator(".timer-elapsed")).to_have_text(re.compile(r"0:2[456]:\d\d"))
    running = TimeLog.objects.get(task=task)
    assert running.end is None
    assert f"{timezone.localtime(running.start, owner.owner_settings.zone):%H:%M}" == (
        f"{began:%H:%M}"
    )


def test_a_running_timers_note_is_typed_in_the_card_and_kept_by_its_log(logged_in, owner):
    page = logged_in
    task = start_from_the_card(page, owner, "Email triage")
    page.fill("#timer-note", "Inbox zero")
    page.press("#timer-note", "Enter")
    settle(page)
    expect(page.locator(".timer-note")).to_contain_text("Saved.")
    expect(page.locator("#timer-note")).to_be_focused()  # to go on typing
    page.keyboard.type(", then replies")
    expect(page.locator(".timer-note")).not_to_contain_text("Saved.")  # not yet, it isn't
    assert TimeLog.objects.get(task=task).note == "Inbox zero"
    page.fill("#timer-tags", "billable, retainer")  # tags too, as a tracker's entry has
    page.press("#timer-tags", "Enter")
    settle(page)
    expect(page.locator("#timer-now .tag")).to_have_text(["billable", "retainer"])
    expect(page.locator("#timer-tags")).to_be_focused()
    running = TimeLog.objects.get(task=task)
    assert (running.note, running.tags) == ("Inbox zero, then replies", "billable, retainer")
    TimeLog.objects.filter(task=task).update(start=timezone.now() - timedelta(minutes=5))
    page.click("#header-timer button")  # stop
    settle(page)
    row = page.locator(".log-row", has_text="Email triage")
    expect(row).to_contain_text("Inbox zero, then replies")
    expect(row.locator(".tag")).to_have_text(["billable", "retainer"])


def test_a_timer_started_by_mistake_is_discarded_and_undone_from_the_card(logged_in, owner):
    page = logged_in
    task = start_from_the_card(page, owner, "Email triage")
    TimeLog.objects.filter(task=task).update(
        note="Inbox", start=timezone.now() - timedelta(minutes=30)
    )
    page.goto("/log/?view=timeline")  # the timeline draws the running timer: it must go too
    running_block = page.locator("rect.block.running >> visible=true")  # week or day view
    expect(running_block).to_have_count(1)
    page.get_by_role("link", name="Discard it").click()
    settle(page)
    expect(page.locator("#messages")).to_contain_text("Discarded the timer on Email triage")
    expect(page.locator("#header-timer")).to_contain_text("No timer running")
    expect(page.locator("#timer-now")).not_to_contain_text("Running")
    expect(running_block).to_have_count(0)
    assert not TimeLog.objects.exists()
    page.locator("#messages").get_by_role("button", name="Undo").click()
    settle(page)
    expect(page.locator("#messages")).to_contain_text("The timer on Email triage runs again")
    expect(page.locator("#header-timer .timer-task")).to_have_text("Email triage")
    expect(page.locator("#timer-now")).to_contain_text("Running: Email triage")
    expect(running_block).to_have_count(1)
    running = TimeLog.objects.get()
    assert (running.task, running.end, running.note) == (task, None, "Inbox")
    screenshot(page, "timer-discard-undone")


def test_inline_edit_and_escape(logged_in, owner):
    page = logged_in
    task = Task.objects.create(owner=owner, title="Proposals", category="sales")
    now = timezone.now()
    log = TimeLog.objects.create(
        owner=owner, task=task, start=now - timedelta(hours=2), end=now - timedelta(hours=1)
    )
    page.goto("/log/")
    row = page.locator(f"#log-{log.pk}")
    row.get_by_text("Edit").click()
    expect(page.locator(f"#log-{log.pk}.editing")).to_be_visible()
    page.keyboard.press("Escape")
    expect(page.locator(f"#log-{log.pk}.editing")).to_have_count(0)
    row.get_by_text("Edit").click()
    page.locator(f"#log-{log.pk} [name=note]").fill("Acme proposal")
    page.locator(f"#log-{log.pk}").get_by_role("button", name="Save").click()
    expect(page.locator(f"#log-{log.pk}")).to_contain_text("Acme proposal")
    log.refresh_from_db()
    assert log.note == "Acme proposal"


def test_a_log_split_in_two_from_its_inline_edit(logged_in, owner):
    """Toggl's split: the timer ran on past a change of task; the owner cuts the log where
    the email began, the later part on Email, without a reload."""
    page = logged_in
    task = Task.objects.create(owner=owner, title="Proposals", category="sales")
    Task.objects.create(owner=owner, title="Email", category="email")
    start = (timezone.now() - timedelta(hours=3)).replace(second=0, microsecond=0)
    log = TimeLog.objects.create(
        owner=owner, task=task, start=start, end=start + timedelta(hours=2)
    )
    zone = owner.owner_settings.zone
    at = start + timedelta(minutes=75)
    page.goto("/log/")
    page.evaluate("window.notReloaded = true")
    page.locator(f"#log-{log.pk}").get_by_text("Edit").click()
    page.locator(f"#log-{log.pk} summary", has_text="Split it in two").click()
    page.fill(f"#split-at-{log.pk}", f"{at.astimezone(zone):%H:%M}")
    page.select_option(f"#split-then_task-{log.pk}", label="Email")
    page.locator(f"#log-{log.pk} button", has_text="Split").click()
    settle(page)
    expect(page.locator(".undo-notice")).to_contain_text("Split Proposals in two")
    expect(page.locator(f"#log-{log.pk}")).to_contain_text("1h 15m")
    expect(page.locator(".log-row", has_text="Email")).to_contain_text("45m")
    assert page.evaluate("window.notReloaded") is True
    assert page.console_errors == []
    parts = TimeLog.objects.order_by("start").select_related("task")
    assert [(p.task.title, p.end - p.start) for p in parts] == [
        ("Proposals", timedelta(minutes=75)),
        ("Email", timedelta(minutes=45)),
    ]
    # Undo puts the log back together, as it was.
    page.locator(".undo-notice").get_by_role("button", name="Undo").click()
    settle(page)
    expect(page.locator(".undo-notice")).to_contain_text("Put back together: Proposals")
    expect(page.locator(f"#log-{log.pk}")).to_contain_text("2h")
    expect(page.locator(".log-row", has_text="Email")).to_have_count(0)
    assert TimeLog.objects.get().end == log.end
    assert page.evaluate("window.notReloaded") is True


def test_delete_and_undo(logged_in, owner):
    page = logged_in
    task = Task.objects.create(owner=owner, title="Research", category="content")
    now = timezone.now()
    log = TimeLog.objects.create(
        owner=owner, task=task, start=now - timedelta(hours=2), end=now - timedelta(hours=1)
    )
    page.goto("/log/")
    page.locator(f"#log-{log.pk}").get_by_text("Delete").click()
    expect(page.locator(".undo-notice")).to_contain_text("Deleted 1h on Research")
    expect(page.locator(".log-row")).to_have_count(0)
    assert not TimeLog.objects.exists()
    page.get_by_role("button", name="Undo").click()
    expect(page.locator(".undo-notice")).to_have_count(0)
    expect(page.locator(".log-row", has_text="Research")).to_contain_text("1h")
    assert TimeLog.objects.count() == 1


def test_ticked_logs_deleted_together_and_undone_together(logged_in, owner):
    page = logged_in
    task = Task.objects.create(owner=owner, title="Research", category="content")
    now = timezone.now()
    logs = [
        TimeLog.objects.create(
            owner=owner,
            task=task,
            start=now - timedelta(hours=hours),
            end=now - timedelta(hours=hours - 0.5),
        )
        for hours in (3, 2, 1)
    ]
    page.goto("/log/")
    for log in logs[:2]:
        page.locator(f"#log-{log.pk} input[type=checkbox]").check()
    page.get_by_role("button", name="Delete ticked").click()
    expect(page.locator(".undo-notice")).to_contain_text("Deleted 2 logs, 1h.")
    expect(page.locator(".log-row")).to_have_count(1)
    assert list(TimeLog.objects.all()) == [logs[2]]
    page.get_by_role("button", name="Undo").click()
    expect(page.locator(".log-row")).to_have_count(3)
    settle(page)
    assert TimeLog.objects.count() == 3


def test_screenshots_of_the_log_page(page_factory, owner):
    set_zone_where_it_is_about_noon(owner)  # logs from 5 h ago are this week's, even on a Monday
    task = Task.objects.create(
        owner=owner, title="Client work", category="client work", is_mga=True
    )
    now = timezone.now()
    for hours_ago in (5, 3):
        TimeLog.objects.create(
            owner=owner,
            task=task,
            start=now - timedelta(hours=hours_ago),
            end=now - timedelta(hours=hours_ago - 1),
        )
    for width in (1280, 375):
        page = page_factory(width=width)
        log_in(page, "olivia", "correct-horse-battery")
        page.goto("/log/")
        expect(page.locator(".log-row").first).to_be_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        screenshot(page, f"log-{width}")
        assert page.console_errors == []


def test_quick_entry_and_timer_work_with_javascript_off(page_factory, owner):
    set_zone_where_it_is_about_noon(owner)
    page = page_factory(javascript=False)
    log_in(page, "olivia", "correct-horse-battery")
    Task.objects.create(owner=owner, title="Invoicing", category="bookkeeping")
    page.goto("/log/")
    page.fill("#id_entry", "45m invoicing")
    page.click("text=Log it")
    page.wait_for_url("**/log/")
    expect(page.locator(".message")).to_contain_text("Logged 45m on Invoicing, ")
    expect(page.locator(".log-row", has_text="Invoicing")).to_contain_text("45m")
    expect(page.locator(".tick-all")).to_have_count(1)
    expect(page.locator(".tick-all")).to_be_hidden()  # ticking all needs the script

    page.get_by_text("Add with start and end times").click()  # folded: a link opens it
    page.click("text=Open the form")
    page.select_option("#full-form-body [name=task]", label="Invoicing")
    page.fill("#full-form-body [name=start_time]", "08:00")
    page.fill("#full-form-body [name=end_time]", "08:30")
    page.click("#full-form-body button[type=submit]")
    expect(page.locator(".log-row", has_text="Invoicing").first).to_be_visible()
    assert TimeLog.objects.filter(end__isnull=False).count() == 2

    page.select_option("#timer_task", label="Invoicing")
    page.click("#timer-start button[type=submit]")
    expect(page.locator("#header-timer .timer.running")).to_contain_text("Invoicing")
    # As if it had run a while: one stopped within a second of its start logs nothing.
    TimeLog.objects.filter(end__isnull=True).update(start=timezone.now() - timedelta(minutes=7))
    page.click("#header-timer button")
    expect(page.locator("#header-timer .timer.idle")).to_be_visible()
    expect(page.locator(".message")).to_contain_text("Logged 7m on Invoicing")
    assert TimeLog.objects.filter(end__isnull=False).count() == 3

    page.get_by_role("button", name="Start the timer on Invoicing").first.click()  # a log's ▶
    expect(page.locator(".message")).to_contain_text("Timer started on Invoicing.")
    expect(page.locator("#header-timer .timer.running")).to_contain_text("Invoicing")


def test_a_searchs_results_can_be_edited_deleted_and_timed_again(logged_in, owner):
    page = logged_in
    task = Task.objects.create(owner=owner, title="Homepage", category="client_work", client="Acme")
    start = timezone.now() - timedelta(days=40)
    for days in (0, 1):
        TimeLog.objects.create(
            owner=owner,
            task=task,
            start=start + timedelta(days=days),
            end=start + timedelta(days=days, minutes=30),
        )
    page.goto("/log/?q=acme")
    expect(page.locator("main h2")).to_contain_text("2 logs for “acme”")
    page.locator(".log-row a", has_text="Edit").first.click()
    expect(page).to_have_url(re.compile(r"/log/\d+/edit/"))
    page.fill("input[name=note]", "hero section")
    page.click("button:has-text('Save')")
    expect(page).to_have_url(re.compile(r"/log/\?q=acme$"))
    expect(page.locator(".log-row", has_text="hero section")).to_be_visible()

    page.locator(".log-row a", has_text="Delete").first.click()
    expect(page).to_have_url(re.compile(r"/log/\d+/delete/"))
    page.click("button:has-text('Delete')")
    expect(page).to_have_url(re.compile(r"/log/\?q=acme$"))
    expect(page.locator("main h2")).to_contain_text("1 log for “acme”")
    assert TimeLog.objects.count() == 1

    Task.objects.create(owner=owner, title="Website", category="client_work")
    TimeLog.objects.create(
        owner=owner,
        task=task,
        start=start - timedelta(days=3),
        end=start - timedelta(days=3, minutes=-20),
    )
    page.reload()
    page.get_by_label("Tick every log listed").check()
    expect(page.locator('input[name="log"]:checked')).to_have_count(2)
    page.select_option("#move-to", label="Website")
    page.click("#move-logs button:has-text('Move')")
    expect(page.locator(".message")).to_contain_text("Moved 2 logs to Website.")
    assert not TimeLog.objects.filter(task=task).exists()
    TimeLog.objects.update(task=task)
    page.reload()
    # Tag them: Enter in the tag field tags (it never moves them), back to the search.
    page.get_by_label("Tick every log listed").check()
    page.fill("#tag-ticked", "billable")
    page.press("#tag-ticked", "Enter")
    expect(page.locator(".message")).to_contain_text("Tagged 2 logs “billable”.")
    expect(page).to_have_url(re.compile(r"/log/\?q=acme$"))
    expect(page.locator(".log-row .tag", has_text="billable")).to_have_count(2)
    assert set(TimeLog.objects.values_list("task", "tags")) == {(task.pk, "billable")}
    # On the week's page the same, without a reload.
    year, week, _ = timezone.localtime(start, owner.owner_settings.zone).isocalendar()
    page.goto(f"/log/?week={year}-W{week:02d}")
    page.locator('input[name="log"]').first.check()
    page.fill("#tag-ticked", "Q4")
    page.press("#tag-ticked", "Enter")
    settle(page)
    expect(page.locator("#week-logs")).to_contain_text("Tagged 1 log “Q4”.")
    expect(page.locator("#week-logs .tag", has_text="Q4")).to_have_count(1)
    page.locator('input[name="log"]').first.check()  # and Untag takes it off again
    page.fill("#tag-ticked", "q4")
    page.get_by_role("button", name="Untag").click()
    settle(page)
    expect(page.locator("#week-logs")).to_contain_text("Took “q4” off 1 log.")
    expect(page.locator("#week-logs .tag", has_text="Q4")).to_have_count(0)
    page.goto("/log/?q=acme")

    page.get_by_role("button", name="Start the timer on Homepage").first.click()
    expect(page.locator(".message")).to_contain_text("Timer started on Homepage.")
    expect(page.locator("#header-timer .timer.running")).to_contain_text("Homepage")


def test_the_week_as_a_timesheet_keeps_up_with_a_quick_entry(logged_in, owner):
    page = logged_in
    Task.objects.create(owner=owner, title="Invoicing", category="bookkeeping")
    Task.objects.create(owner=owner, title="Research", category="admin")
    page.goto("/log/")
    page.get_by_role("link", name="Timesheet").click()
    expect(page.locator('.tabs a[aria-current="page"]')).to_have_text("Timesheet")
    expect(page.locator("#sheet-empty")).to_contain_text("Nothing logged yet this week")
    # Empty, the sheet is there to type into: the tasks are offered for its last row.
    expect(page.locator("tr.new-row select")).to_contain_text("Research")
    page.evaluate("window.notReloaded = true")
    page.fill("#id_entry", "45m invoicing")
    page.press("#id_entry", "Enter")
    row = page.locator("table.timesheet tbody tr", has_text="Invoicing")
    expect(row.locator("td.sum")).to_have_text("45m")
    expect(page.locator("table.timesheet th.today")).to_have_count(1)
    assert page.evaluate("window.notReloaded") is True
    # Typing today's new total into the cell adds the difference (Clockify's timesheet).
    today = row.locator("input.cell").last
    expect(today).to_have_value("45m")
    name = today.get_attribute("name")
    today.fill("1h 15m")
    today.press("Enter")
    expect(row.locator("td.sum")).to_have_text("1h 15m")
    expect(page.locator("#week-total")).to_have_text("1h 15m")
    expect(page.locator(".message")).to_contain_text("Added 30m to Invoicing on")
    settle(page)
    # The cell keeps the focus in the new sheet: the keyboard goes on from where it was.
    assert page.evaluate("document.activeElement.id") == name
    today = row.locator("input.cell").last
    today.fill("1h")  # less: time comes off in the list, not here
    today.press("Enter")
    expect(page.locator("#sheet-errors")).to_contain_text("edit or delete its logs")
    expect(row.locator("input.cell").last).to_have_attribute("aria-invalid", "true")
    expect(row.locator("td.sum")).to_have_text("1h 15m")
    # Esc puts the refused cell back as the sheet showed it, so later changes go through.
    expect(page.locator("#sheet-errors")).to_contain_text("press Esc to put it back")
    row.locator("input.cell").last.press("Escape")
    expect(row.locator("input.cell").last).to_have_value("1h 15m")
    expect(row.locator("input.cell").last).not_to_have_attribute("aria-invalid", "true")
    # Typing goes on into the next cell while the sheet's answer is on its way: what was
    # typed there stays (the sheet comes back whole), and still counts as typed.
    settle(page)
    if row.locator("input.cell").count() > 1:
        page.evaluate(
            """() => document.addEventListener("htmx:beforeRequest", () => {
                const next = document.querySelector("#timesheet-form input.cell");
                next.focus(); next.value = "5m";
            }, {once: true})"""
        )
        first_name = row.locator("input.cell").first.get_attribute("name")
        today_cell = page.locator(f"#{row.locator('input.cell').last.get_attribute('name')}")
        today_cell.fill("1h 15m")
        today_cell.press("Enter")
        settle(page)
        expect(page.locator(f"#{first_name}")).to_have_value("5m")
        page.locator(f"#{first_name}").fill("")
        page.locator(f"#{first_name}").press("Enter")
        settle(page)
    # A cell left refused goes back as the sheet showed it once another cell is changed,
    # and that change is added rather than refused with it.
    settle(page)
    row.locator("input.cell").last.fill("1h")
    row.locator("input.cell").last.press("Enter")
    expect(page.locator("#sheet-errors")).to_contain_text("changing another cell puts it back")
    # The last row: a task the sheet has no row for, picked, then time typed on its day.
    settle(page)
    page.select_option("select[name=new_task]", label="Research")
    settle(page)  # picking a task posts nothing: the pick stays
    expect(page.locator("select[name=new_task] option:checked")).to_have_text("Research")
    page.locator("tr.new-row input.cell").last.fill("20m")
    page.locator("tr.new-row input.cell").last.press("Enter")
    research = page.locator("table.timesheet tbody tr", has_text="Research")
    expect(research.locator("td.sum")).to_have_text("20m")
    expect(page.locator("#week-total")).to_have_text("1h 35m")
    expect(page.locator("#sheet-errors")).to_have_count(0)
    expect(row.locator("input.cell").last).to_have_value("1h 15m")
    expect(row.locator("td.sum")).to_have_text("1h 15m")
    assert page.evaluate("window.notReloaded") is True
    page.locator("table.timesheet thead th.today a").click()  # the day's logs, in the list
    expect(page).to_have_url(re.compile(r"view=list#day-\d{4}-\d\d-\d\d$"))
    day = page.url.rsplit("#", 1)[1]
    expect(page.locator(f"#{day} .log-row", has_text="Invoicing")).to_have_count(2)  # 45m, 30m
    expect(page.locator(f"#{day} .log-row", has_text="Invoicing").first).to_be_in_viewport()
