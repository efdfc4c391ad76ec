"""The gut check in Chromium: a draining admin task, its verdict, a live what-if, a decision."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.e2e.conftest import answer_gut_check, log_in, screenshot, settle
from triage.models import Decision, Task, TimeLog
from triage.weeks import week_of

pytestmark = pytest.mark.django_db(transaction=True)


def test_gut_check_what_if_and_decision(page, owner):
    task = Task.objects.create(owner=owner, title="Invoicing", category="admin")
    week = week_of(timezone.now(), owner.owner_settings.zone)
    for _ in range(4):  # 5 h in each of the 4 complete weeks before this one: B = 5
        week = week.previous
        start = week.start + timedelta(days=1, hours=8)
        TimeLog.objects.create(owner=owner, task=task, start=start, end=start + timedelta(hours=5))
    log_in(page, "olivia", "correct-horse-battery")
    page.goto(f"/tasks/{task.pk}/")
    page.click("text=Gut check")

    answer_gut_check(page, overwhelm=4, feeling="hate")

    verdict = page.locator(".verdict-card")
    expect(verdict).to_contain_text("Outsource")
    expect(verdict).to_contain_text("You don't need to do, learn or master this.")
    expect(verdict).to_contain_text("It drains you: 4 of 5.")
    expect(verdict).to_contain_text("You log 5.0 h a week on it.")

    # The worked example: C = 4 h at R = 25, M = 30 min, H = 10 h, V = 120.
    page.fill("#id_contractor_hours_per_week", "4")
    page.fill("#id_management_minutes_per_week", "30")
    page.fill("#id_handoff_hours", "10")
    page.fill("#id_contractor_rate", "25")
    impact = page.locator("dt:text('Weekly profit impact') + dd")
    expect(impact).to_have_text("$440.00")
    expect(page.locator("dt:text('A year (48 weeks)') + dd")).to_have_text("$21,120")
    expect(page.locator("dt:text('Break-even contractor rate') + dd")).to_have_text("$135.00/h")
    expect(page.locator("dt:text('Payback') + dd")).to_have_text(re.compile(r"2\.7 weeks"))

    page.fill("#id_contractor_rate", "35")
    expect(impact).to_have_text("$400.00")
    assert not Decision.objects.exists()
    screenshot(page, "gut-check-1280")

    page.fill("#id_new_contractor", "Ana (VA)")
    page.click("text=Save decision")
    page.wait_for_url("**/decisions/**")
    row = page.locator("tr", has_text="Invoicing")
    expect(row).to_contain_text("Ana (VA)")
    expect(row).to_contain_text("$19,200")  # (4.5 × 120 − 4 × 35) × 48
    decision = Decision.objects.get()
    assert (decision.contractor_rate, decision.status) == (35, "planned")

    row.get_by_role("button", name="Start").click()
    expect(page.locator("tr", has_text="Invoicing")).to_contain_text("Active")
    assert page.console_errors == []


def test_a_first_check_asks_for_answers_before_a_verdict(page, owner):
    """Nothing is answered for the owner but whether the task makes money: "See the verdict"
    at once asks for the other five, in the questions' own card, and gives no verdict."""
    task = Task.objects.create(owner=owner, title="Invoicing", category="admin")
    log_in(page, "olivia", "correct-horse-battery")
    page.goto(f"/tasks/{task.pk}/gut-check/")
    expect(page.locator("input[name=is_mga][value=False]")).to_be_checked()
    expect(page.locator("#check-form input:checked")).to_have_count(1)
    page.click("text=See the verdict")
    settle(page)
    expect(page.locator("#check-form .errorlist")).to_have_count(5)
    expect(page.locator("#check-form form")).to_have_count(1)
    expect(page.locator("#result form.questions")).to_have_count(0)
    expect(page.locator(".verdict-card")).to_have_count(0)
    answer_gut_check(page, overwhelm=2, feeling="shrug", yes=("need_to_do",))
    expect(page.locator(".verdict-card")).to_contain_text("Keep")
    # The refusal's 422 is logged as a failed load; nothing else may be.
    assert [error for error in page.console_errors if "status of 422" not in error] == []
