"""/decisions/: every decision, its status, numbers and totals of the active ones."""

import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from triage.models import Decision

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def decision(owner, make_task, make_decision):
    return make_decision(make_task(owner, "Invoicing"), contractor="Ana")


def test_the_list_shows_each_decision_with_its_numbers(owner_client, decision):
    html = owner_client.get("/decisions/").content.decode()
    assert "Invoicing" in html and "Ana" in html
    assert "$440.00" in html and "$21,120<" in html and "$135.00/h" in html


def test_where_a_baseline_came_from_reads_plainly(owner_client, decision):
    decision.baseline_source = "logs"
    decision.save()
    for page in (f"/decisions/{decision.pk}/edit/", "/decisions/"):
        html = owner_client.get(page).content.decode()
        assert "(from your logs, the 4 complete weeks before)" in html, page  # no (…(…))


def test_totals_count_only_active_decisions(owner_client, decision, owner, make_task):
    html = owner_client.get("/decisions/").content.decode()
    assert '<span class="value">0</span>' in html
    decision.activate(date(2026, 11, 9))
    Decision.objects.create(
        owner=owner,
        task=make_task(owner, "Email"),
        kind="eliminate",
        decided_on=date(2026, 11, 2),
        baseline_hours_per_week=Decimal(2),
        mga_hourly_value=Decimal(120),
    )
    html = owner_client.get("/decisions/").content.decode()
    assert '<span class="value">1</span>' in html
    assert '<span class="value">4.5 h</span>' in html
    assert "$440.00</span>" in html and "$21,120</span>" in html


def test_the_totals_are_the_rows_as_they_read_added_up(
    owner_client, owner, make_task, make_decision, make_log
):
    # Three decisions each freeing 1.25 h a week worth $150.0125 ($7,200.60 a year): each
    # reads 1.3 h, $150.01 and $7,201, so the totals read 3.9 h, $450.03 and $21,603 —
    # not the exact 3.75 h, $450.04 and $21,602 the rows above them do not add up to.
    today = owner.owner_settings.today()
    for title in ("Filing", "Posting", "Booking"):
        make_decision(
            make_task(owner, title),
            kind="eliminate",
            baseline_hours_per_week=Decimal("1.25"),
            management_minutes_per_week=0,
            contractor_hours_per_week=Decimal(0),
            mga_hourly_value=Decimal("120.01"),
            decided_on=today - timedelta(days=10),
        ).activate(today - timedelta(days=10))
    html = owner_client.get("/decisions/").content.decode()
    assert html.count(">1.3</td>") == 3
    totals = html.split('id="decision-totals"')[1].split("</section>")[0]
    assert ">3.9 h<" in totals and ">$450.03<" in totals and ">$21,603<" in totals
    make_log(make_task(owner, "Client work"), timezone.now() - timedelta(days=2))  # not empty
    dashboard = owner_client.get("/dashboard/").content.decode()
    assert "$21,603 a year" in dashboard


def test_status_changes_inline_planned_active_ended(owner_client, decision):
    response = owner_client.post(
        f"/decisions/{decision.pk}/status/", {"action": "activate", "on": "2026-11-09"}, **HTMX
    )
    assert response.status_code == 200
    assert "Active" in response.content.decode() and "<html" not in response.content.decode()
    owner_client.post(f"/decisions/{decision.pk}/status/", {"action": "end", "on": "2026-11-20"})
    decision.refresh_from_db()
    assert (decision.status, decision.activated_on, decision.ended_on) == (
        "ended",
        date(2026, 11, 9),
        date(2026, 11, 20),
    )


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"action": "end", "on": "2026-11-09"}, "This decision is planned."),
        ({"action": "activate", "on": "2999-01-01"}, "in the future"),
        ({"action": "activate", "on": "soon"}, "Enter a valid date"),
        ({"action": "explode", "on": "2026-11-09"}, "Select a valid choice"),
    ],
)
@pytest.mark.parametrize("htmx", [True, False], ids=["htmx", "plain form"])
def test_bad_status_changes_are_explained(owner_client, decision, data, message, htmx):
    response = owner_client.post(
        f"/decisions/{decision.pk}/status/", data, **(HTMX if htmx else {})
    )
    assert response.status_code == 422
    html = response.content.decode()
    # Beside the row's day field, which keeps what was typed (without JavaScript: in the
    # whole list, drawn again).
    assert f'<p class="error" id="on-{decision.pk}-error">' in html and message in html
    assert f'value="{data["on"]}"' in html
    assert ("<h1" in html) is not htmx
    decision.refresh_from_db()
    assert decision.status == "planned"


def test_a_second_decision_on_a_task_ends_the_first_the_day_before(
    owner_client, decision, make_decision
):
    """A task is handed off one way at a time: two decisions in force on the same days
    would count its hours reclaimed twice on the dashboard."""
    decision.activate(date(2026, 11, 9))
    automate = make_decision(decision.task, kind="automate", decided_on=date(2026, 11, 16))
    response = owner_client.post(
        f"/decisions/{automate.pk}/status/", {"action": "activate", "on": "2026-11-16"}, **HTMX
    )
    assert response.status_code == 204 and response["HX-Refresh"] == "true"  # two rows changed
    decision.refresh_from_db()
    automate.refresh_from_db()
    assert (decision.status, decision.ended_on) == ("ended", date(2026, 11, 15))
    assert (automate.status, automate.activated_on) == ("active", date(2026, 11, 16))
    page = owner_client.get("/decisions/").content.decode()
    assert "Outsource Invoicing ended the day before (Sun 15 Nov" in page  # (+ year after 2026)
    assert Decision.objects.filter(task=decision.task, status="active").count() == 1

    third = make_decision(decision.task, kind="eliminate", decided_on=date(2026, 11, 20))
    plain = owner_client.post(  # without JavaScript: back to the list, which says so
        f"/decisions/{third.pk}/status/", {"action": "activate", "on": "2026-11-20"}, follow=True
    )
    assert "Automate Invoicing ended the day before (Thu 19 Nov" in plain.content.decode()
    assert Decision.objects.get(status="active") == third


@pytest.mark.parametrize(
    ("first_period", "on"),
    [
        ((date(2026, 11, 16), None), "2026-11-16"),  # active since the same day: cannot end before
        ((date(2026, 11, 16), None), "2026-11-10"),  # starts later than this one would
        ((date(2026, 11, 9), date(2026, 11, 20)), "2026-11-18"),  # ended, but after this start
    ],
)
def test_a_decision_cannot_start_inside_another_ones_time(
    owner_client, decision, make_decision, first_period, on
):
    activated_on, ended_on = first_period
    decision.activate(activated_on)
    if ended_on:
        decision.end(ended_on)
    second = make_decision(decision.task, kind="automate")
    response = owner_client.post(
        f"/decisions/{second.pk}/status/", {"action": "activate", "on": on}, **HTMX
    )
    assert response.status_code == 422
    # Days named as every message names them: "Mon 16 Nov" (the year after 2026).
    assert (
        f"Outsource Invoicing is in force on this task from {activated_on:%a} {activated_on.day} Nov"
        in response.content.decode()
    )
    second.refresh_from_db()
    assert second.status == "planned"


def test_two_decisions_in_force_on_the_same_days_from_before_the_rule_are_flagged(
    owner_client, decision, make_decision
):
    decision.activate(date(2026, 11, 9))
    older = make_decision(decision.task, kind="automate")  # as made before the rule held:
    Decision.objects.filter(pk=older.pk).update(status="active", activated_on=date(2026, 11, 2))
    html = owner_client.get("/decisions/").content.decode()
    assert html.count("In force on some of the same days as") == 2
    assert "In force on some of the same days as Automate Invoicing" in html
    Decision.objects.filter(pk=older.pk).update(status="ended", ended_on=date(2026, 11, 8))
    assert (
        "In force on some of the same days" not in owner_client.get("/decisions/").content.decode()
    )


def test_filter_by_status(owner_client, decision):
    assert (
        "Invoicing"
        in owner_client.get("/decisions/?status=planned").content.decode().split("<table")[-1]
    )
    assert "No active decisions." in owner_client.get("/decisions/?status=active").content.decode()
    mistyped = owner_client.get("/decisions/?status=<b>activ").content.decode()
    assert "Invoicing" in mistyped.split("<table")[-1] and "activ decisions" not in mistyped


def test_edit_a_decision(owner_client, decision):
    data = {
        "kind": "outsource",
        "decided_on": "2026-11-02",
        "new_contractor": "Bea",
        "contractor_rate": "30",
        "contractor_hours_per_week": "4",
        "management_minutes_per_week": "30",
        "handoff_hours": "10",
        "reinvested_percent": "100",
        "notes": "",
    }
    assert owner_client.post(f"/decisions/{decision.pk}/edit/", data).status_code == 302
    decision.refresh_from_db()
    assert (decision.contractor.name, decision.contractor_rate) == ("Bea", Decimal(30))
    bad = owner_client.post(f"/decisions/{decision.pk}/edit/", data | {"contractor_rate": "-1"})
    assert bad.status_code == 422


def test_a_task_page_shows_its_decision_history(owner_client, decision):
    html = owner_client.get(f"/tasks/{decision.task_id}/").content.decode()
    assert "Outsource" in html and "$440.00" in html


def test_the_empty_list_says_how_to_get_a_decision(owner_client):
    assert "run its <strong>gut check</strong>" in owner_client.get("/decisions/").content.decode()


def test_another_owners_decision_is_404(owner_client, other_owner, make_task):
    theirs = Decision.objects.create(
        owner=other_owner,
        task=make_task(other_owner),
        kind="keep",
        decided_on=date.today() - timedelta(days=3),
    )
    assert owner_client.get(f"/decisions/{theirs.pk}/edit/").status_code == 404
    assert (
        owner_client.post(
            f"/decisions/{theirs.pk}/status/", {"action": "activate", "on": "2026-11-09"}
        ).status_code
        == 404
    )
    theirs.refresh_from_db()
    assert theirs.status == "planned"
    assert "Their" not in owner_client.get("/decisions/").content.decode()


def test_the_edit_page_asks_for_a_new_contractor_under_the_list_to_pick_from(
    owner_client, owner, make_task, make_decision
):
    decision = make_decision(make_task(owner, "Social media"))
    html = owner_client.get(f"/decisions/{decision.pk}/edit/").content.decode()
    names = re.findall(r'name="(\w+)"', html.split('class="stacked"')[1])
    assert names.index("new_contractor") == names.index("contractor") + 1
