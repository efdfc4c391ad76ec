"""With the console open, every page and the busiest clicks (quick entry, the timer, typing
in the what-if, an edit, a delete and its undo) log no CSP violation and no error."""

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import log_in, set_zone_where_it_is_about_noon, settle
from triage import demo
from triage.models import Task

pytestmark = pytest.mark.django_db(transaction=True)


LOST_TARGETS = """() => [
    ...[...document.querySelectorAll('[hx-target^="#"]')]
        .filter(e => !e.closest('[hx-disable]'))
        .map(e => e.getAttribute('hx-target'))
        .filter(target => !document.querySelector(target)),
    ...[...document.querySelectorAll('[form]')]
        .map(e => e.getAttribute('form'))
        .filter(id => !document.getElementById(id)),
]"""


def test_no_console_error_or_csp_violation_anywhere(page):
    owner, _ = demo.seed_demo_owner()
    set_zone_where_it_is_about_noon(owner)
    task = Task.objects.get(owner=owner, title="Bookkeeping")
    log_in(page, "demo", "demo")
    paths = ["/dashboard/", "/log/", "/tasks/", f"/tasks/{task.pk}/", "/decisions/"]
    paths += [f"/tasks/{task.pk}/gut-check/", "/import/", "/settings/", "/dashboard/?week=2026-W40"]
    paths += ["/log/?view=timeline", "/log/?view=timesheet", "/log/?view=list"]
    paths += ["/log/?q=bookkeeping", "/reports/"]
    paths += [f"/decisions/{decision.pk}/" for decision in owner.decisions.all()]
    for path in paths:
        page.goto(path)
        settle(page)
        # What htmx swaps into and what a button submits must be on the page, or a click
        # does nothing but log htmx:targetError (the search's Delete once did).
        assert page.evaluate(LOST_TARGETS) == [], path

    page.goto("/log/")
    entry = page.locator("#id_entry")
    for text in ("45m bookkeeping", "20m email triage"):
        entry.fill(text)
        entry.press("Enter")
        settle(page)
    expect(page.locator(".flash-inline")).to_contain_text("Logged 20m")
    page.keyboard.press("s")  # no task picked: the card says so
    settle(page)
    page.select_option("#timer_task", label="Bookkeeping")
    page.click("#timer-start button[type=submit]")
    settle(page)
    expect(page.locator("#header-timer .timer.running")).to_contain_text("Bookkeeping")
    expect(page.locator("#timer .errorlist")).to_have_count(0)  # the card reset itself
    page.locator("#header-timer button").click()
    settle(page)
    expect(page.locator("#header-timer .timer.idle")).to_be_visible()
    first_row = page.locator(".log-row").first
    first_row.get_by_text("Edit").click()
    settle(page)
    page.keyboard.press("Escape")
    settle(page)
    page.locator(".log-row").first.get_by_text("Delete").click()
    settle(page)
    page.get_by_role("button", name="Undo").click()
    settle(page)

    page.goto(f"/tasks/{task.pk}/gut-check/")
    rate = page.locator(".what-if [name=contractor_rate]")
    for value in ("2", "25", "250", "25"):  # typing fast: requests queue, none is aborted
        rate.fill(value)
    settle(page)
    page.wait_for_timeout(600)
    settle(page)
    assert page.console_errors == []
