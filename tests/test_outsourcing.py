"""The money and hours math, without a database."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from triage import outsourcing
from triage.outsourcing import Plan, numbers_for

D = Decimal


def worked_example(**changes) -> Plan:
    values = dict(
        baseline_hours=D(5),
        management_hours=D("0.5"),
        contractor_hours=D(4),
        contractor_rate=D(25),
        mga_hourly_value=D(120),
        reinvested_share=D(1),
        handoff_hours=D(10),
    )
    return Plan(**(values | changes))


def test_the_worked_example_holds_to_the_cent():
    numbers = numbers_for(worked_example(), weeks_per_year=48)
    assert numbers.hours_reclaimed_per_week == D("4.5")
    assert numbers.weekly_cost == D("100.00")
    assert numbers.weekly_profit_impact == D("440.00")
    assert numbers.annual_profit_impact == D("21120.00")
    assert numbers.break_even_rate == D("135.00")
    assert numbers.payback_weeks.quantize(D("0.1")) == D("2.7")


def test_half_the_freed_hours_into_mgas_halves_their_value():
    numbers = numbers_for(worked_example(reinvested_share=D("0.5")), weeks_per_year=48)
    assert numbers.reclaimed_value_per_week == D("270")
    assert numbers.weekly_profit_impact == D("170")


def test_no_payback_when_the_handoff_loses_money():
    numbers = numbers_for(worked_example(contractor_rate=D(200)), weeks_per_year=48)
    assert numbers.weekly_profit_impact < 0
    assert numbers.payback_weeks is None


def test_no_break_even_rate_without_contractor_hours():
    numbers = numbers_for(worked_example().without_contractor(), weeks_per_year=48)
    assert numbers.break_even_rate is None
    assert numbers.weekly_cost == 0
    assert numbers.weekly_profit_impact == D(540)


def test_a_kept_task_changes_nothing():
    numbers = numbers_for(worked_example().kept(), weeks_per_year=48)
    assert numbers.hours_reclaimed_per_week == 0
    assert numbers.weekly_profit_impact == 0


def test_measured_hours_reclaimed_subtract_what_is_still_logged():
    assert outsourcing.measured_hours_reclaimed(D(5), D("1.25")) == D("3.75")


def test_baseline_is_the_average_of_the_weeks_or_the_estimate():
    assert outsourcing.baseline_hours([D(4), D(6), D(0), D(2)], D(9)) == (D(3), "logs")
    assert outsourcing.baseline_hours([D(0)] * 4, D(9)) == (D(9), "estimate")
    assert outsourcing.baseline_hours([D(0)] * 4, None) == (D(0), "none")


def test_effective_hourly_rate_scales_four_weeks_to_a_month():
    # 160 h in 4 weeks = 40 h a week = 173.33 h a month; 13,000 / 173.33 = 75.
    rate = outsourcing.effective_hourly_rate(D(13000), D(160))
    assert rate.quantize(D("0.01")) == D("75.00")
    assert outsourcing.buyback_rate(rate).quantize(D("0.01")) == D("18.75")
    assert outsourcing.effective_hourly_rate(None, D(160)) is None
    assert outsourcing.effective_hourly_rate(D(1000), D(0)) is None


def test_mga_hourly_value_from_revenue_and_hours():
    assert outsourcing.mga_hourly_value_from(D(9000), D(60)) == D(150)
    with pytest.raises(ValueError):
        outsourcing.mga_hourly_value_from(D(9000), D(0))


money = st.decimals(min_value=0, max_value=10000, places=2, allow_nan=False, allow_infinity=False)
hours = st.decimals(min_value=0, max_value=80, places=2, allow_nan=False, allow_infinity=False)


@given(
    baseline=hours,
    management=hours,
    contractor=st.decimals(min_value="0.25", max_value=80, places=2),
    rate=money,
    raise_by=st.decimals(min_value="0.01", max_value=500, places=2),
    value=money,
)
def test_weekly_impact_falls_as_the_contractor_rate_rises(
    baseline, management, contractor, rate, raise_by, value
):
    cheaper = numbers_for(Plan(baseline, management, contractor, rate, value), 48)
    dearer = numbers_for(Plan(baseline, management, contractor, rate + raise_by, value), 48)
    assert dearer.weekly_profit_impact < cheaper.weekly_profit_impact


@given(
    baseline=hours,
    management=hours,
    contractor=hours,
    rate=money,
    value=money,
    share=st.decimals(min_value=0, max_value=1, places=2),
    handoff=hours,
)
def test_no_float_anywhere_in_money(baseline, management, contractor, rate, value, share, handoff):
    numbers = numbers_for(Plan(baseline, management, contractor, rate, value, share, handoff), 48)
    for figure in vars(numbers).values():
        assert figure is None or isinstance(figure, Decimal)


@given(
    baseline=hours, value=money, rate=money, share=st.decimals(min_value=0, max_value=1, places=2)
)
def test_the_default_plan_never_claims_more_hours_than_the_baseline(baseline, value, rate, share):
    plan = outsourcing.default_plan(baseline, value, rate, share)
    assert plan.management_hours <= baseline
    assert outsourcing.hours_reclaimed(plan) >= 0  # a 0.1 h task never reclaims -0.15 h
    assert plan.contractor_hours == baseline


def test_a_tiny_task_keeps_its_management_under_its_hours():
    plan = outsourcing.default_plan(D("0.1"), D(120), D(25), D(1))
    assert plan.management_hours == D("0.1") and outsourcing.hours_reclaimed(plan) == 0
