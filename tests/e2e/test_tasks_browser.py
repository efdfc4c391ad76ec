"""Tasks in Chromium: create inline, rename and recategorise in place, archive, filter."""

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import log_in, screenshot, settle
from triage.models import Task

pytestmark = pytest.mark.django_db(transaction=True)


def test_create_rename_archive_and_filter(page_factory, owner):
    page = page_factory()
    log_in(page, "olivia", "correct-horse-battery")
    page.goto("/tasks/")
    page.fill("#task-create #id_title", "Newsletter")
    page.fill("#task-create #id_category", "marketing")
    page.fill("#task-create #id_estimated_minutes_per_week", "1h30")
    page.click("text=Add task")
    row = page.locator("#task-table tr", has_text="Newsletter")
    expect(row).to_contain_text("Marketing")

    row.get_by_role("link", name="Edit").click()
    editor = page.locator("#task-editor form")
    editor.locator("#id_title").fill("Weekly newsletter")
    editor.locator("#id_category").fill("content")
    editor.get_by_role("button", name="Save").click()
    expect(page.locator("#task-table")).to_contain_text("Weekly newsletter")
    task = Task.objects.get()
    assert (task.title, task.category, task.estimated_minutes_per_week) == (
        "Weekly newsletter",
        "content",
        90,
    )

    page.locator("#task-table tr", has_text="Weekly newsletter").get_by_role(
        "button", name="Archive"
    ).click()
    expect(page.locator("#task-table")).not_to_contain_text("Weekly newsletter")
    page.check("input[name=archived]")
    expect(page.locator("#task-table")).to_contain_text("Weekly newsletter")
    page.select_option("#category-filter", "sales")
    expect(page.locator("#task-table")).to_contain_text("No tasks in")
    page.set_viewport_size({"width": 375, "height": 800})
    screenshot(page, "tasks-375")
    assert page.console_errors == []


def test_a_refused_new_task_keeps_the_page_around_its_form(page, owner):
    """ "Add task" with no title: the message shows beside the field, and the timer and the
    task list stay (the refusal had replaced the whole panel with the form alone)."""
    Task.objects.create(owner=owner, title="Invoicing", category="bookkeeping")
    log_in(page, "olivia", "correct-horse-battery")
    page.goto("/tasks/")
    page.click("text=Add task")
    settle(page)
    expect(page.locator("#task-create .errorlist")).to_have_text("This field is required.")
    expect(page.locator("#task-create form")).to_have_count(1)
    expect(page.locator("#timer")).to_have_count(1)
    expect(page.locator("#task-table")).to_contain_text("Invoicing")
    page.fill("#task-create #id_title", "Newsletter")
    page.fill("#task-create #id_category", "marketing")
    page.click("text=Add task")
    expect(page.locator("#task-table")).to_contain_text("Newsletter")
    expect(page.locator("#task-create .errorlist")).to_have_count(0)


def test_a_search_typed_with_the_keyboard_narrows_the_list_as_you_type(page, owner):
    Task.objects.bulk_create(
        [Task(owner=owner, title=f"Call {number:03d}", category="sales") for number in range(150)]
        + [Task(owner=owner, title="Invoices for Acme", category="bookkeeping")]
    )
    log_in(page, "olivia", "correct-horse-battery")
    page.goto("/tasks/")
    expect(page.locator(".pager")).to_contain_text("1–100 of 151")
    page.keyboard.press("/")  # the search box
    page.keyboard.type("acme")
    settle(page)
    expect(page.locator("#task-table tbody tr")).to_have_count(1)
    expect(page.locator("#task-table")).to_contain_text("Invoices for Acme")
    assert "q=acme" in page.url  # the address keeps the search: a reload shows the same
    page.reload()
    expect(page.locator("#task-table tbody tr")).to_have_count(1)
    assert page.console_errors == []


def test_a_timer_on_a_new_task_puts_it_in_the_list_at_once(page, owner):
    log_in(page, "olivia", "correct-horse-battery")
    Task.objects.create(owner=owner, title="Invoicing", category="bookkeeping")
    page.goto("/tasks/?sort=hours")
    page.fill("#timer-start input[name=new_task]", "Newsletter")
    page.click("#timer-start button[type=submit]")  # asks its category first
    expect(page.locator("#timer-start")).to_contain_text("“Newsletter” is a new task")
    page.click("#timer-start button[type=submit]")
    expect(page.locator("#header-timer .timer.running")).to_contain_text("Newsletter")
    # The table fetched itself again, as it was sorted: the new task is in it.
    expect(page.locator("#task-table tr", has_text="Newsletter")).to_be_visible()
    settle(page)
    assert page.url.endswith("/tasks/?sort=hours")


def test_ticked_tasks_get_a_client_and_a_category_at_once(page, owner):
    """After an import: search, tick them all with one box, give them a client and a
    category; the table says so in place, and the search stays."""
    for title in ("Acme calls", "Acme site", "Acme invoices"):
        Task.objects.create(owner=owner, title=title, category="other")
    Task.objects.create(owner=owner, title="Newsletter", category="content")
    log_in(page, "olivia", "correct-horse-battery")
    page.goto("/tasks/")
    page.evaluate("window.notReloaded = true")
    page.fill("#task-search", "acme")
    settle(page)
    expect(page.locator("#task-table tbody tr")).to_have_count(3)
    # Straight from the search field to the boxes: its losing focus must not draw the
    # list again over the ticks.
    page.get_by_label("Tick every task listed").check()
    settle(page)
    expect(page.locator('#task-table input[name="task"]:checked')).to_have_count(3)
    page.get_by_label("Category").last.fill("client work")
    page.locator("#id_ticked-client").fill("Acme")
    page.locator("#change-tasks").get_by_role("button", name="Change", exact=True).click()
    settle(page)
    expect(page.locator("#change-tasks [role=status]")).to_have_text(
        "Changed 3 tasks: category client work, client Acme."
    )
    expect(page.locator("#task-table tbody tr")).to_have_count(3)  # still the search's
    expect(page.locator("#task-table tbody")).to_contain_text("Client work")
    assert page.evaluate("window.notReloaded") is True
    assert set(Task.objects.filter(title__startswith="Acme").values_list("client", flat=True)) == {
        "Acme"
    }
    assert Task.objects.get(title="Newsletter").client == ""
    # The boxes start afresh; ticked again with nothing typed: said, the boxes kept.
    expect(page.locator('#task-table input[name="task"]:checked')).to_have_count(0)
    page.get_by_label("Tick every task listed").check()
    page.locator("#change-tasks").get_by_role("button", name="Change", exact=True).click()
    settle(page)
    expect(page.locator("#change-tasks [role=alert]")).to_contain_text(
        "Type or pick what to change"
    )
    expect(page.locator('#task-table input[name="task"]:checked')).to_have_count(3)
    screenshot(page, "tasks-ticked-changed")
    assert all("422" in error for error in page.console_errors), page.console_errors
