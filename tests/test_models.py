"""The rules the database itself enforces, whatever form or script writes the row."""

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from triage.models import Decision, InvalidTransition, OwnerSettings, Task, TimeLog

pytestmark = pytest.mark.django_db
START = datetime(2026, 11, 2, 9, tzinfo=UTC)


def rejected(**create):
    model, fields = create.popitem()
    with pytest.raises(IntegrityError), transaction.atomic():
        model.objects.create(**fields)


def test_every_owner_gets_settings_with_the_product_defaults(owner, other_owner):
    owner_settings = OwnerSettings.objects.get(owner=other_owner)
    assert owner_settings.currency == "USD"
    assert owner_settings.first_weekday == 0
    assert owner_settings.weeks_per_year == 48
    assert owner_settings.reinvested_share == 1


def test_one_running_timer_per_owner(owner, other_owner, make_task):
    task = make_task(owner)
    TimeLog.objects.create(owner=owner, task=task, start=START)
    with pytest.raises(IntegrityError), transaction.atomic():
        TimeLog.objects.create(owner=owner, task=task, start=START + timedelta(hours=1))
    # Another owner's timer is theirs alone.
    TimeLog.objects.create(owner=other_owner, task=make_task(other_owner), start=START)


def test_a_log_ends_after_it_starts(owner, make_task):
    task = make_task(owner)
    with pytest.raises(IntegrityError), transaction.atomic():
        TimeLog.objects.create(owner=owner, task=task, start=START, end=START)
    with pytest.raises(IntegrityError), transaction.atomic():
        TimeLog.objects.create(
            owner=owner, task=task, start=START, end=START - timedelta(minutes=5)
        )


def test_task_titles_are_unique_per_owner_whatever_the_case(owner, other_owner, make_task):
    make_task(owner, "Invoicing")
    with pytest.raises(IntegrityError), transaction.atomic():
        make_task(owner, "INVOICING")
    make_task(other_owner, "Invoicing")


@pytest.mark.parametrize("overwhelm", [0, 6])
def test_overwhelm_is_one_to_five(owner, make_task, make_gut_check, overwhelm):
    with pytest.raises(IntegrityError), transaction.atomic():
        make_gut_check(make_task(owner), overwhelm=overwhelm)


def test_feeling_must_be_love_shrug_or_hate(owner, make_task, make_gut_check):
    with pytest.raises(IntegrityError), transaction.atomic():
        make_gut_check(make_task(owner), feeling="meh")


@pytest.mark.parametrize(
    "field",
    [
        "contractor_rate",
        "contractor_hours_per_week",
        "handoff_hours",
        "baseline_hours_per_week",
        "mga_hourly_value",
    ],
)
def test_decision_numbers_are_not_negative(owner, make_task, field):
    with pytest.raises(IntegrityError), transaction.atomic():
        Decision.objects.create(
            owner=owner,
            task=make_task(owner),
            kind="outsource",
            decided_on=date(2026, 11, 2),
            **{field: Decimal("-1")},
        )


def test_settings_money_is_not_negative(owner):
    with pytest.raises(IntegrityError), transaction.atomic():
        OwnerSettings.objects.filter(owner=owner).update(mga_hourly_value=Decimal("-5"))
    with pytest.raises(IntegrityError), transaction.atomic():
        OwnerSettings.objects.filter(owner=owner).update(reinvested_percent=Decimal("101"))


def test_decision_status_and_dates_must_agree(owner, make_task):
    task = make_task(owner)
    with pytest.raises(IntegrityError), transaction.atomic():
        Decision.objects.create(
            owner=owner, task=task, kind="outsource", decided_on=date(2026, 11, 2), status="active"
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        Decision.objects.create(
            owner=owner,
            task=task,
            kind="outsource",
            decided_on=date(2026, 11, 2),
            status="ended",
            activated_on=date(2026, 11, 5),
            ended_on=date(2026, 11, 3),
        )


def test_status_moves_planned_active_ended_through_methods(owner, make_task):
    decision = Decision.objects.create(
        owner=owner, task=make_task(owner), kind="outsource", decided_on=date(2026, 11, 2)
    )
    with pytest.raises(InvalidTransition):
        decision.end(date(2026, 11, 3))
    decision.activate(date(2026, 11, 3))
    with pytest.raises(InvalidTransition):
        decision.activate(date(2026, 11, 4))
    with pytest.raises(InvalidTransition):
        decision.end(date(2026, 11, 1))
    decision.end(date(2026, 11, 20))
    decision.refresh_from_db()
    assert (decision.status, decision.activated_on, decision.ended_on) == (
        "ended",
        date(2026, 11, 3),
        date(2026, 11, 20),
    )


def test_a_decision_snapshot_gives_the_worked_example(owner, make_task, make_decision):
    decision = make_decision(make_task(owner), save=False)
    numbers = decision.numbers(weeks_per_year=48)
    assert (
        numbers.weekly_profit_impact,
        numbers.annual_profit_impact,
        numbers.break_even_rate,
    ) == (Decimal("440"), Decimal("21120"), Decimal("135"))
    decision.kind = "keep"
    assert decision.numbers(48).weekly_profit_impact == 0
    decision.kind = "eliminate"
    assert decision.numbers(48).weekly_profit_impact == Decimal(540)


def test_deleting_an_owner_removes_their_rows(owner, make_task, make_log):
    make_log(make_task(owner), START)
    owner.delete()
    assert not Task.objects.exists()
    assert not TimeLog.objects.exists()


def test_locking_an_owner_finds_their_task_by_title_in_the_same_statement(
    owner, other_owner, make_task
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from triage.models import lock_owner

    mine = make_task(owner, "Invoicing")
    make_task(other_owner, "Payroll")
    with transaction.atomic(), CaptureQueriesContext(connection) as queries:
        found = lock_owner(owner, find_task="INVOICING")
        missing = lock_owner(owner, find_task="Payroll")  # another owner's title
        plain = lock_owner(owner)
    assert found == mine and found.title == "Invoicing" and found.owner_id == owner.pk
    assert missing is None and plain is None
    assert len([q for q in queries.captured_queries if q["sql"].startswith("SELECT")]) == 3
