"""Letting go in Chromium: outsource a task, say what holds you back, add a contractor on
the way, work the checklist from a template, start the trial, and answer its review."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.e2e.conftest import answer_gut_check, log_in, screenshot, settle
from triage.models import Decision, Task, TimeLog

pytestmark = pytest.mark.django_db(transaction=True)


def test_from_outsource_to_a_reviewed_trial(page, owner):
    task = Task.objects.create(owner=owner, title="Bookkeeping", category="bookkeeping")
    week = owner.owner_settings.this_week()
    for _ in range(4):  # 5 h in each of the 4 complete weeks before this one
        week = week.previous
        start = week.start + timedelta(days=1, hours=8)
        TimeLog.objects.create(owner=owner, task=task, start=start, end=start + timedelta(hours=5))
    log_in(page, "olivia", "correct-horse-battery")
    page.goto(f"/tasks/{task.pk}/gut-check/")
    answer_gut_check(page, overwhelm=5, feeling="hate")
    blockers = page.locator("#blockers")
    expect(blockers).to_contain_text("What's holding you back?")
    blockers.locator("input[value=control]").check()
    blockers.locator("input[value=who]").check()
    blockers.get_by_role("button", name="Show my next steps").click()
    settle(page)
    expect(page.locator("#blockers .next-steps")).to_contain_text("Write down how you do it.")
    expect(page.locator("#blockers .next-steps")).to_contain_text(
        "Find someone who loves this kind of work."
    )

    page.fill("#id_new_contractor", "Ledger & Co")
    page.click("text=Save decision")
    page.wait_for_url("**/decisions/**")
    decision = Decision.objects.get()
    assert decision.blockers == ["control", "who"] and decision.contractor.name == "Ledger & Co"
    page.goto(f"/decisions/{decision.pk}/")
    page.get_by_role("button", name="Add the template's steps").click()
    settle(page)
    expect(page.locator("#checklist .step")).to_have_count(4)
    page.locator("#checklist .step").first.locator("button.tick").click()
    settle(page)
    expect(page.locator("#checklist h2")).to_contain_text("1 of 4 done")
    page.locator("#checklist .step").nth(1).get_by_title("Move up").click()
    settle(page)
    expect(page.locator("#checklist .step").first).not_to_have_class("step done")
    # Each step shows all its words (a one-line field cut the template's long ones off).
    for field in page.locator("#checklist .step-text textarea").all():
        assert field.evaluate("f => f.scrollHeight <= f.clientHeight + 1"), field.input_value()
        assert field.evaluate("f => f.scrollWidth <= f.clientWidth + 1"), field.input_value()
    # A step is changed in place: Enter saves it.
    first = page.locator("#checklist .step-text textarea").first
    first.fill("Share read access to the accounts, and the login to the bank's portal")
    first.press("Enter")
    settle(page)
    assert decision.steps.order_by("position").first().text.endswith("bank's portal")
    screenshot(page, "decision-checklist")

    page.goto("/decisions/")
    page.locator(f"#decision-{decision.pk}").get_by_role("button", name="Start").click()
    settle(page)
    decision.refresh_from_db()
    assert decision.status == "active"
    assert decision.review_on == decision.activated_on + timedelta(days=14)
    # Two weeks later: the review is due.
    Decision.objects.filter(pk=decision.pk).update(
        review_on=owner.owner_settings.today(),
        activated_on=owner.owner_settings.today() - timedelta(days=14),
    )
    page.goto("/dashboard/")
    expect(page.locator(".review-due")).to_contain_text("Review due: is it working?")
    page.locator(".review-due a").first.click()
    page.get_by_label("Keep going").check()
    page.click("text=Save the review")
    page.wait_for_url(f"**/decisions/{decision.pk}/")
    expect(page.locator("table", has_text="Reviewed")).to_contain_text("Keep going")
    decision.refresh_from_db()
    assert decision.review_on == owner.owner_settings.today() + timedelta(weeks=4)
    assert timezone.now()  # the page stayed on our clock
    screenshot(page, "decision-reviewed")
    assert page.console_errors == []
