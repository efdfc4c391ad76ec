"""The money and hours math of handing a task off. Plain Decimals in, plain Decimals out.

Nothing here touches the database or a request, and nothing is rounded: rounding to cents
happens only when a number is displayed or exported.
"""

from dataclasses import dataclass, replace
from decimal import ROUND_HALF_UP, Decimal

from triage.formatting import settled

ZERO = Decimal("0")
ONE = Decimal("1")
CENT = Decimal("0.01")
WEEKS_PER_MONTH = Decimal(52) / Decimal(12)
BUYBACK_DIVISOR = Decimal(4)


@dataclass(frozen=True)
class Plan:
    """What handing a task off looks like, per week (hours and money are Decimals)."""

    baseline_hours: Decimal  # B: the owner's hours a week on the task before the handoff
    management_hours: Decimal  # M: hours a week the owner still spends managing it
    contractor_hours: Decimal  # C
    contractor_rate: Decimal  # R, per hour
    mga_hourly_value: Decimal  # V: what an hour of money-generating work earns
    reinvested_share: Decimal = ONE  # u: share of freed hours really put into MGAs
    handoff_hours: Decimal = ZERO  # H: one-time hours to write the SOP and train

    def without_contractor(self) -> "Plan":
        """The same task automated or eliminated: the hours come back, nobody is paid."""
        return replace(self, contractor_hours=ZERO, contractor_rate=ZERO)

    def kept(self) -> "Plan":
        """The task stays with the owner: nothing is reclaimed and nothing is paid."""
        return replace(
            self,
            baseline_hours=ZERO,
            management_hours=ZERO,
            contractor_hours=ZERO,
            handoff_hours=ZERO,
        )


def plan_from(
    *,
    baseline_hours: Decimal,
    management_minutes: int,
    contractor_hours: Decimal,
    contractor_rate: Decimal,
    mga_hourly_value: Decimal,
    reinvested_percent: Decimal,
    handoff_hours: Decimal,
) -> Plan:
    """A Plan from the units people type and decisions store (minutes a week, a percent):
    the one place they become hours and shares."""
    return Plan(
        baseline_hours=baseline_hours,
        management_hours=Decimal(management_minutes) / 60,
        contractor_hours=contractor_hours,
        contractor_rate=contractor_rate,
        mga_hourly_value=mga_hourly_value,
        reinvested_share=reinvested_percent / 100,
        handoff_hours=handoff_hours,
    )


@dataclass(frozen=True)
class Numbers:
    hours_reclaimed_per_week: Decimal
    reclaimed_value_per_week: Decimal
    weekly_cost: Decimal
    weekly_profit_impact: Decimal
    annual_profit_impact: Decimal
    break_even_rate: Decimal | None  # None when no contractor hours are bought
    payback_weeks: Decimal | None  # None when the weekly impact is not positive


def hours_reclaimed(plan: Plan) -> Decimal:
    return plan.baseline_hours - plan.management_hours


def numbers_for(plan: Plan, weeks_per_year: int) -> Numbers:
    reclaimed = hours_reclaimed(plan)
    reclaimed_value = reclaimed * plan.mga_hourly_value * plan.reinvested_share
    weekly_cost = plan.contractor_hours * plan.contractor_rate
    weekly_impact = reclaimed_value - weekly_cost
    break_even = reclaimed_value / plan.contractor_hours if plan.contractor_hours > 0 else None
    payback = (
        plan.handoff_hours * plan.mga_hourly_value / weekly_impact if weekly_impact > 0 else None
    )
    return Numbers(
        hours_reclaimed_per_week=reclaimed,
        reclaimed_value_per_week=reclaimed_value,
        weekly_cost=weekly_cost,
        weekly_profit_impact=weekly_impact,
        annual_profit_impact=weekly_impact * weeks_per_year,
        break_even_rate=break_even,
        payback_weeks=payback,
    )


def measured_hours_reclaimed(
    baseline_hours: Decimal, logged_hours: Decimal, share: Decimal = ONE
) -> Decimal:
    """Hours given back in a week, proven by the owner's own logs: `B × f −` the hours still
    logged on the task, where `f` (`share`) is the part of the week that has passed and in
    which the decision was active (`weeks.active_share`), and the logs are those of that
    part."""
    return baseline_hours * share - logged_hours


def estimated_hours_reclaimed(plan: Plan, share: Decimal = ONE) -> Decimal:
    """`(B − M) × f`: what the plan promises for the same part of the week."""
    return hours_reclaimed(plan) * share


def baseline_hours(
    weekly_hours: list[Decimal], estimate_hours: Decimal | None, last_seven_days: Decimal = ZERO
) -> tuple[Decimal, str]:
    """The baseline `B`, by PRODUCT.md's fallback order: the average over the 4 complete
    weeks before (when they hold logs) → the hours of the last 7 days (when they hold logs)
    → the owner's estimate → none.

    Returns the hours and where they came from: "logs", "recent", "estimate" or "none".
    """
    if weekly_hours and any(hours > 0 for hours in weekly_hours):
        return sum(weekly_hours, ZERO) / len(weekly_hours), "logs"
    if last_seven_days > 0:
        return last_seven_days, "recent"
    if estimate_hours is not None:
        return estimate_hours, "estimate"
    return ZERO, "none"


REBASELINE_SHARE = Decimal("0.10")
REBASELINE_HOURS = Decimal("0.5")


def baselines_disagree(snapshot: Decimal, from_logs: Decimal) -> bool:
    """A decision's baseline snapshot and what the logs now say differ by more than 10% of
    the snapshot or half an hour a week: worth telling the owner."""
    # Settled: a difference of half an hour and Decimal's last digit is half an hour.
    difference = settled(abs(from_logs - snapshot))
    return difference > REBASELINE_HOURS or difference > settled(snapshot * REBASELINE_SHARE)


def effective_hourly_rate(
    monthly_income: Decimal | None, hours_last_4_weeks: Decimal
) -> Decimal | None:
    """Income per hour actually worked: the last 4 weeks' hours scaled to a month."""
    if monthly_income is None or hours_last_4_weeks <= 0:
        return None
    hours_per_month = hours_last_4_weeks / 4 * WEEKS_PER_MONTH
    return monthly_income / hours_per_month


def buyback_rate(effective_rate: Decimal | None) -> Decimal | None:
    """A task someone else does for less than this is cheap to hand off."""
    if effective_rate is None:
        return None
    return effective_rate / BUYBACK_DIVISOR


def mga_hourly_value_from(monthly_revenue: Decimal, monthly_mga_hours: Decimal) -> Decimal:
    """What an hour of money-generating work earns, from a month's revenue and MGA hours."""
    if monthly_mga_hours <= 0:
        raise ValueError("Monthly MGA hours must be more than zero.")
    return monthly_revenue / monthly_mga_hours


def default_plan(
    baseline: Decimal,
    mga_hourly_value: Decimal,
    contractor_rate: Decimal,
    reinvested_share: Decimal,
) -> Plan:
    """A first guess at a handoff before the owner types anything: the contractor needs the
    same hours, the owner keeps a tenth of them (at least 15 minutes, never more than the
    task itself) for managing it, and the handoff costs one week of the task, at least an
    hour. Hours to the hundredth, as the gut check's what-if form holds them: its figures and
    the dashboard's "outsource next" come from the same plan, to the cent."""
    management_minutes = max(Decimal(15), (baseline * 6).to_integral_value()) if baseline else ZERO
    management_minutes = min(management_minutes, baseline * 60)
    contractor_hours = baseline.quantize(CENT, rounding=ROUND_HALF_UP)
    return Plan(
        baseline_hours=baseline,
        management_hours=management_minutes / 60,
        contractor_hours=contractor_hours,
        contractor_rate=contractor_rate,
        mga_hourly_value=mga_hourly_value,
        reinvested_share=reinvested_share,
        handoff_hours=max(ONE, contractor_hours),
    )
