"""A new owner's first day in Chromium: 2 h of email today, a gut check, and a money figure
from a baseline named "last 7 days"."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import (
    answer_gut_check,
    log_in,
    screenshot,
    set_zone_where_it_is_about_noon,
    settle,
)

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_new_owners_first_day_has_a_money_figure(page, owner):
    set_zone_where_it_is_about_noon(owner)
    log_in(page, "olivia", "correct-horse-battery")
    page.goto("/log/")
    page.fill("#id_entry", "2h email")
    page.press("#id_entry", "Enter")
    settle(page)
    expect(page.locator(".new-task-question")).to_contain_text("is a new task")
    expect(page.locator("#id_category")).to_have_value("email")
    page.press("#id_entry", "Enter")
    settle(page)
    expect(page.locator(".log-row", has_text="email")).to_contain_text("2h")

    page.locator(".log-row a", has_text="email").click()
    page.click("text=Gut check")
    answer_gut_check(page, overwhelm=4, feeling="hate")
    expect(page.locator(".verdict-card")).to_contain_text("Outsource")
    expect(page.locator(".what-if .baseline")).to_contain_text("2.0 h a week")
    expect(page.locator(".what-if .baseline")).to_contain_text("from your last 7 days")
    impact = page.locator("dt:text('Weekly profit impact') + dd")
    expect(impact).to_have_text(re.compile(r"^\$[1-9][\d,]*\.\d\d$"))  # not zero, not negative
    screenshot(page, "first-day-gut-check")
    assert page.console_errors == []
