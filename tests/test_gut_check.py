"""/tasks/<id>/gut-check/: answers, the recommendation with reasons, what-if, decide."""

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from triage.models import Decision, GutCheck
from triage.weeks import week_of

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}
DRAINING = {
    "is_mga": "False",
    "need_to_do": "False",
    "need_to_learn": "False",
    "need_to_master": "False",
    "overwhelm": "4",
    "feeling": "hate",
}
WORKED_EXAMPLE = {
    "contractor_rate": "25",
    "contractor_hours_per_week": "4",
    "management_minutes_per_week": "30",
    "handoff_hours": "10",
    "reinvested_percent": "100",
}


@pytest.fixture
def five_hours_a_week(owner, make_task, make_log):
    """A task with 5 h logged in each of the 4 complete weeks before this one: B = 5."""
    task = make_task(owner, "Invoicing")
    owner_settings = owner.owner_settings
    this_week = week_of(timezone.now(), owner_settings.zone)
    week = this_week
    for _ in range(4):
        week = week.previous
        make_log(task, week.start + timedelta(days=1, hours=9), 300)
    return task


def numbers_in(html: str) -> dict[str, str]:
    return dict(re.findall(r"<dt>([^<]+)</dt><dd[^>]*>([^<]+)</dd>", html))


def test_a_draining_admin_task_is_recommended_for_outsourcing_with_reasons(
    owner_client, five_hours_a_week
):
    task = five_hours_a_week
    response = owner_client.post(f"/tasks/{task.pk}/gut-check/", DRAINING, **HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html
    assert 'class="verdict">Outsource' in html
    assert "You don&#x27;t need to do, learn or master this." in html
    assert "It drains you: 4 of 5." in html
    assert "You log 5.0 h a week on it." in html
    assert "hand off" in html
    assert GutCheck.objects.get(task=task).overwhelm == 4


def test_the_worked_example_shows_on_the_page(owner_client, owner, five_hours_a_week):
    task = five_hours_a_week
    owner_client.post(f"/tasks/{task.pk}/gut-check/", DRAINING)
    html = owner_client.get(
        f"/tasks/{task.pk}/gut-check/what-if/", WORKED_EXAMPLE, **HTMX
    ).content.decode()
    figures = numbers_in(html)
    assert figures["Hours reclaimed"] == "4.5 h/week"
    assert figures["Weekly cost"] == "$100.00"
    assert figures["Weekly profit impact"] == "$440.00"
    assert figures["A year (48 weeks)"] == "$21,120"
    assert figures["Break-even contractor rate"] == "$135.00/h"
    assert figures["Payback"] == "≈ 2.7 weeks"


def test_when_managing_takes_longer_than_the_task_no_break_even_rate_is_claimed(
    owner_client, owner, five_hours_a_week
):
    task = five_hours_a_week
    owner_client.post(f"/tasks/{task.pk}/gut-check/", DRAINING)
    # 6 h a week of management for a 5 h task: every rate loses money.
    plan = WORKED_EXAMPLE | {"management_minutes_per_week": "360"}
    html = owner_client.get(f"/tasks/{task.pk}/gut-check/what-if/", plan, **HTMX).content.decode()
    figures = numbers_in(html)
    assert figures["Break-even contractor rate"] == "none: managing it takes longer than it frees"
    assert figures["Payback"] == "never at these numbers"


def test_what_if_saves_nothing_and_returns_only_the_fragment(owner_client, five_hours_a_week):
    task = five_hours_a_week
    response = owner_client.get(
        f"/tasks/{task.pk}/gut-check/what-if/", WORKED_EXAMPLE | {"contractor_rate": "50"}, **HTMX
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html and "<form" not in html
    assert numbers_in(html)["Weekly profit impact"] == "$340.00"
    assert not Decision.objects.exists() and not GutCheck.objects.exists()


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("contractor_rate", "-5"),
        ("contractor_hours_per_week", "abc"),
        ("reinvested_percent", "150"),
        ("management_minutes_per_week", "1.5"),
        ("handoff_hours", ""),
    ],
)
def test_invalid_what_if_values_get_field_errors_not_500(
    owner_client, five_hours_a_week, field, value
):
    response = owner_client.get(
        f"/tasks/{five_hours_a_week.pk}/gut-check/what-if/", WORKED_EXAMPLE | {field: value}, **HTMX
    )
    assert response.status_code == 422
    assert "Check these values" in response.content.decode()


def test_without_javascript_the_what_if_renders_the_whole_page(owner_client, five_hours_a_week):
    response = owner_client.get(f"/tasks/{five_hours_a_week.pk}/gut-check/what-if/", WORKED_EXAMPLE)
    assert "<html" in response.content.decode()
    assert numbers_in(response.content.decode())["Weekly profit impact"] == "$440.00"


def test_the_form_is_prefilled_from_the_last_check(owner_client, owner, five_hours_a_week):
    owner_client.post(f"/tasks/{five_hours_a_week.pk}/gut-check/", DRAINING)
    html = owner_client.get(f"/tasks/{five_hours_a_week.pk}/gut-check/").content.decode()
    assert re.search(r'name="overwhelm" value="4"[^>]*checked', html)
    assert re.search(r'name="feeling" value="hate"[^>]*checked', html)


def test_rechecking_keeps_the_history_and_updates_the_mga_flag(owner_client, five_hours_a_week):
    task = five_hours_a_week
    owner_client.post(f"/tasks/{task.pk}/gut-check/", DRAINING)
    owner_client.post(f"/tasks/{task.pk}/gut-check/", DRAINING | {"is_mga": "True"})
    assert GutCheck.objects.filter(task=task).count() == 2
    task.refresh_from_db()
    assert task.is_mga


def test_missing_answers_are_named(owner_client, five_hours_a_week):
    response = owner_client.post(f"/tasks/{five_hours_a_week.pk}/gut-check/", {"overwhelm": "9"})
    assert response.status_code == 422
    assert "This field is required." in response.content.decode()
    assert not GutCheck.objects.exists()


def test_deciding_snapshots_the_baseline_and_lands_on_decisions(
    owner_client, owner, five_hours_a_week
):
    task = five_hours_a_week
    owner_client.post(f"/tasks/{task.pk}/gut-check/", DRAINING)
    response = owner_client.post(
        f"/tasks/{task.pk}/decisions/new/",
        WORKED_EXAMPLE
        | {
            "kind": "outsource",
            "decided_on": owner.owner_settings.today().isoformat(),
            "new_contractor": "Ana (VA)",
            "notes": '=HYPERLINK("x")',
        },
    )
    assert response.status_code == 302
    decision = Decision.objects.get()
    assert response["Location"] == f"/decisions/#decision-{decision.pk}"
    listing = owner_client.get(response["Location"]).content.decode()
    assert "Decided: Outsource Invoicing. Open it for who takes it" in listing
    assert (decision.baseline_hours_per_week, decision.baseline_source) == (Decimal("5.00"), "logs")
    assert decision.mga_hourly_value == Decimal("120.00")
    assert decision.status == "planned"
    assert decision.gut_check == GutCheck.objects.get()
    assert decision.numbers(48).annual_profit_impact == Decimal("21120")


def test_a_future_decision_date_is_refused(owner_client, owner, five_hours_a_week):
    tomorrow = owner.owner_settings.today() + timedelta(days=1)
    response = owner_client.post(
        f"/tasks/{five_hours_a_week.pk}/decisions/new/",
        WORKED_EXAMPLE | {"kind": "keep", "decided_on": tomorrow.isoformat()},
    )
    assert response.status_code == 422
    assert "not in the future" in response.content.decode()
    assert not Decision.objects.exists()


def test_the_estimate_is_the_baseline_when_there_are_no_logs(owner_client, owner, make_task):
    task = make_task(owner, "Bookkeeping", estimated_minutes_per_week=180)
    html = owner_client.get(f"/tasks/{task.pk}/gut-check/").content.decode()
    assert "3.0 h a week</strong>" in html and "from your estimate" in html


def test_another_owners_task_cannot_be_checked_or_decided(owner_client, other_owner, make_task):
    theirs = make_task(other_owner)
    assert owner_client.post(f"/tasks/{theirs.pk}/gut-check/", DRAINING).status_code == 404
    assert (
        owner_client.get(f"/tasks/{theirs.pk}/gut-check/what-if/", WORKED_EXAMPLE).status_code
        == 404
    )
    response = owner_client.post(
        f"/tasks/{theirs.pk}/decisions/new/",
        WORKED_EXAMPLE | {"kind": "keep", "decided_on": "2026-11-01"},
    )
    assert response.status_code == 404
    assert not GutCheck.objects.exists() and not Decision.objects.exists()


def test_the_what_if_is_posted_so_no_token_lands_in_a_url(owner_client, five_hours_a_week):
    task = five_hours_a_week
    page = owner_client.get(f"/tasks/{task.pk}/gut-check/").content.decode()
    assert f'hx-post="/tasks/{task.pk}/gut-check/what-if/"' in page
    assert 'hx-get="/tasks/' not in page.split('class="card what-if"')[1].split(">")[0]
    owner_client.post(f"/tasks/{task.pk}/gut-check/", DRAINING)
    response = owner_client.post(f"/tasks/{task.pk}/gut-check/what-if/", WORKED_EXAMPLE, **HTMX)
    assert numbers_in(response.content.decode())["Weekly profit impact"] == "$440.00"


def test_the_new_decision_address_leads_to_the_decide_form(
    owner_client, owner, other_owner, make_task
):
    task = make_task(owner)
    response = owner_client.get(f"/tasks/{task.pk}/decisions/new/")
    assert response.status_code == 302
    assert response["Location"] == f"/tasks/{task.pk}/gut-check/#decide"
    assert 'id="decide"' in owner_client.get(response["Location"]).content.decode()
    theirs = make_task(other_owner)
    assert owner_client.get(f"/tasks/{theirs.pk}/decisions/new/").status_code == 404


def test_a_first_check_waits_for_the_owners_answers(owner_client, five_hours_a_week):
    """Only "does it make money" comes filled in (from the task): a verdict from answers the
    owner never gave would be no verdict at all (an overwhelm of 3 already counts as
    draining). Sent unanswered, each question says so and nothing is saved."""
    url = f"/tasks/{five_hours_a_week.pk}/gut-check/"
    html = owner_client.get(url).content.decode()
    assert re.search(rf'name="is_mga" value="{five_hours_a_week.is_mga}"[^>]*checked', html)
    for question in ("need_to_do", "need_to_learn", "need_to_master", "overwhelm", "feeling"):
        assert not re.search(rf'name="{question}"[^>]*checked', html), question
    response = owner_client.post(url, {"is_mga": str(five_hours_a_week.is_mga)})
    assert response.status_code == 422
    assert response.content.decode().count("This field is required.") == 5
    assert not five_hours_a_week.gut_checks.exists()


def test_a_checked_task_points_to_the_next_one_taking_time_without_a_verdict(
    owner_client, owner, five_hours_a_week, make_task, make_log
):
    week = week_of(timezone.now(), owner.owner_settings.zone).previous
    for title, minutes, fields in [
        ("Receipts", 60, {}),
        ("Inbox", 240, {}),
        ("Client calls", 600, {"is_mga": True}),  # money-generating: kept anyway
        ("Old chore", 900, {"archived": True}),
    ]:
        make_log(make_task(owner, title, **fields), week.start + timedelta(hours=20), minutes)
    make_task(owner, "Never logged")
    task = five_hours_a_week
    html = owner_client.post(f"/tasks/{task.pk}/gut-check/", DRAINING, **HTMX).content.decode()
    inbox = owner.tasks.get(title="Inbox")
    assert f'Next without a verdict: <a href="/tasks/{inbox.pk}/gut-check/">gut-check Inbox' in (
        html
    )
    # Inbox checked too: Receipts is next; once it is, nothing with hours is left.
    owner_client.post(f"/tasks/{inbox.pk}/gut-check/", DRAINING)
    html = owner_client.get(f"/tasks/{inbox.pk}/gut-check/").content.decode()
    assert "gut-check Receipts" in html
    receipts = owner.tasks.get(title="Receipts")
    owner_client.post(f"/tasks/{receipts.pk}/gut-check/", DRAINING)
    assert "Next without a verdict" not in (
        owner_client.get(f"/tasks/{receipts.pk}/gut-check/").content.decode()
    )
    # A task not yet checked shows no such link: its own questions come first.
    fresh = owner_client.get(f"/tasks/{owner.tasks.get(title='Never logged').pk}/gut-check/")
    assert "Next without a verdict" not in fresh.content.decode()
