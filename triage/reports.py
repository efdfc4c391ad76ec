"""Hours and numbers read from the database for one owner. Aggregation happens in SQL.

A log that crosses a day or week boundary counts only the part inside each window: the
sums clip every log to the window with LEAST/GREATEST before adding.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.db.models import (
    DateTimeField,
    DurationField,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Greatest, Least

from triage import gutcheck, outsourcing
from triage.durations import hours
from triage.models import Decision, GutCheck, OwnerSettings, Task, TimeLog
from triage.weeks import Week, week_of, weeks_ending_with

BASELINE_WEEKS = 4


def clipped_duration(start: datetime, end: datetime, via: str = "") -> ExpressionWrapper:
    """The part of each log inside [start, end), as an SQL expression.

    `via` is the path to the log from the queried model, e.g. "time_logs__" from a task.
    """
    return ExpressionWrapper(
        Least(F(f"{via}end"), Value(end, output_field=DateTimeField()))
        - Greatest(F(f"{via}start"), Value(start, output_field=DateTimeField())),
        output_field=DurationField(),
    )


def window_sum(start: datetime, end: datetime, extra: Q | None = None, via: str = "") -> Sum:
    """Sum of the clipped durations of finished logs overlapping [start, end)."""
    condition = Q(**{f"{via}start__lt": end, f"{via}end__gt": start})
    if extra is not None:
        condition &= extra
    return Sum(clipped_duration(start, end, via), filter=condition, default=timedelta(0))


def logged_hours_by_week(logs, weeks: list[Week], extra: Q | None = None) -> list[Decimal]:
    """Hours logged in each week, in one query (the queryset decides whose logs)."""
    if not weeks:
        return []
    window = logs.filter(start__lt=weeks[-1].end, end__gt=weeks[0].start)
    totals = window.aggregate(
        **{f"week_{index}": window_sum(w.start, w.end, extra) for index, w in enumerate(weeks)}
    )
    return [hours(totals[f"week_{index}"]) for index in range(len(weeks))]


def task_weekly_hours(task: Task, weeks: list[Week]) -> list[Decimal]:
    return logged_hours_by_week(TimeLog.objects.filter(owner_id=task.owner_id, task=task), weeks)


def baseline_weeks(before: date, owner_settings: OwnerSettings) -> list[Week]:
    """The 4 complete weeks before the week that holds `before`."""
    current = week_of(before, owner_settings.zone, owner_settings.first_weekday)
    return weeks_ending_with(current.previous, BASELINE_WEEKS)


def task_baseline(task: Task, on: date, owner_settings: OwnerSettings) -> tuple[Decimal, str]:
    """The task's average weekly hours before the week of `on`, or its estimate."""
    weekly = task_weekly_hours(task, baseline_weeks(on, owner_settings))
    return outsourcing.baseline_hours(weekly, task.estimated_hours_per_week)


def buyback_rate_for(owner_settings: OwnerSettings, on: date) -> Decimal | None:
    """Effective hourly rate ÷ 4, from the last 4 complete weeks of the owner's logs."""
    if owner_settings.monthly_income is None:
        return None
    weeks = baseline_weeks(on, owner_settings)
    logged = sum(
        logged_hours_by_week(TimeLog.objects.filter(owner_id=owner_settings.owner_id), weeks),
        Decimal(0),
    )
    rate = outsourcing.effective_hourly_rate(owner_settings.monthly_income, logged)
    return outsourcing.buyback_rate(rate)


def tasks_with_hours(owner, this_week: Week, average_weeks: list[Week]):
    """The owner's tasks, each with this week's hours, hours over `average_weeks`, and the
    ids of its latest gut check and the status of its latest decision. One query."""
    latest_check = GutCheck.objects.filter(task=OuterRef("pk")).order_by("-checked_at", "-pk")
    latest_decision = Decision.objects.filter(task=OuterRef("pk")).order_by("-decided_on", "-pk")
    return owner.tasks.annotate(
        time_this_week=window_sum(this_week.start, this_week.end, via="time_logs__"),
        time_averaged=window_sum(average_weeks[0].start, average_weeks[-1].end, via="time_logs__"),
        latest_gut_check_id=Subquery(latest_check.values("pk")[:1]),
        latest_decision_kind=Subquery(latest_decision.values("kind")[:1]),
        latest_decision_status=Subquery(latest_decision.values("status")[:1]),
    )


def attach_latest_gut_checks(tasks: list[Task]) -> None:
    """Give each annotated task its `latest_gut_check` object, in one query."""
    ids = [task.latest_gut_check_id for task in tasks if task.latest_gut_check_id]
    checks = GutCheck.objects.in_bulk(ids)
    for task in tasks:
        task.latest_gut_check = checks.get(task.latest_gut_check_id)


TREND_WEEKS = 12


@dataclass
class DecisionWeek:
    decision: Decision
    estimated_hours: Decimal
    measured_hours: Decimal
    logged_hours: Decimal
    weekly_profit_impact: Decimal


@dataclass
class TaskPlacement:
    task: Task
    verdict: gutcheck.Result
    average_hours: Decimal
    weekly_profit_impact: Decimal | None = None


@dataclass
class Dashboard:
    week: Week
    weeks: list[Week]
    hours_logged: list[Decimal]  # per week of `weeks`, the last being `week`
    mga_hours: list[Decimal]
    estimated_reclaimed: list[Decimal]
    measured_reclaimed: list[Decimal]
    profit_impact: list[Decimal]
    categories: list[tuple[str, Decimal]]
    active_decisions: list[DecisionWeek]
    placements: list[TaskPlacement]
    outsource_next: list[TaskPlacement]
    has_any_logs: bool

    @property
    def this(self) -> int:
        return len(self.weeks) - 1

    def mga_share(self, index: int) -> Decimal | None:
        total = self.hours_logged[index]
        return self.mga_hours[index] / total * 100 if total else None


def _active_in(decision: Decision, week: Week) -> bool:
    """Active for any part of the week (an ended decision counts up to its end day)."""
    if decision.activated_on is None or decision.activated_on > week.last_day:
        return False
    return decision.ended_on is None or decision.ended_on >= week.first_day


def dashboard(owner, owner_settings: OwnerSettings, week: Week) -> Dashboard:
    """Every figure of the weekly dashboard, in a fixed number of queries."""
    weeks = weeks_ending_with(week, TREND_WEEKS + 1)  # one extra for the change vs last week
    logs = TimeLog.objects.filter(owner=owner)
    window = logs.filter(start__lt=week.end, end__gt=weeks[0].start)
    sums = window.aggregate(
        **{f"all_{i}": window_sum(w.start, w.end) for i, w in enumerate(weeks)},
        **{
            f"mga_{i}": window_sum(w.start, w.end, Q(task__is_mga=True))
            for i, w in enumerate(weeks)
        },
    )
    hours_logged = [hours(sums[f"all_{i}"]) for i in range(len(weeks))]
    mga_hours = [hours(sums[f"mga_{i}"]) for i in range(len(weeks))]

    categories = [
        (row["task__category"], hours(row["time"]))
        for row in logs.overlapping(week.start, week.end)
        .values("task__category")
        .annotate(time=window_sum(week.start, week.end))
        .order_by("-time")
    ]

    # Decisions that ran in any of the weeks, and their tasks' hours week by week.
    decisions = list(
        owner.decisions.filter(activated_on__isnull=False, activated_on__lte=week.last_day)
        .exclude(ended_on__lt=weeks[0].first_day)
        .select_related("task")
    )
    task_ids = {d.task_id for d in decisions}
    per_task = {
        row["task"]: [hours(row[f"week_{i}"]) for i in range(len(weeks))]
        for row in window.filter(task__in=task_ids)
        .values("task")
        .annotate(**{f"week_{i}": window_sum(w.start, w.end) for i, w in enumerate(weeks)})
        .order_by()
    }
    no_hours = [Decimal(0)] * len(weeks)
    estimated, measured, impact = ([Decimal(0)] * len(weeks) for _ in range(3))
    this_week_rows: list[DecisionWeek] = []
    for decision in decisions:
        figures = decision.numbers(owner_settings.weeks_per_year)
        task_hours = per_task.get(decision.task_id, no_hours)
        for i, w in enumerate(weeks):
            if not _active_in(decision, w):
                continue
            measured_here = outsourcing.measured_hours_reclaimed(
                decision.baseline_hours_per_week, task_hours[i]
            )
            estimated[i] += figures.hours_reclaimed_per_week
            measured[i] += measured_here
            impact[i] += figures.weekly_profit_impact
            if w == week:
                this_week_rows.append(
                    DecisionWeek(
                        decision,
                        figures.hours_reclaimed_per_week,
                        measured_here,
                        task_hours[i],
                        figures.weekly_profit_impact,
                    )
                )

    placements, outsource_next = task_placements(owner, owner_settings, week)
    return Dashboard(
        week=week,
        weeks=weeks,
        hours_logged=hours_logged,
        mga_hours=mga_hours,
        estimated_reclaimed=estimated,
        measured_reclaimed=measured,
        profit_impact=impact,
        categories=categories,
        active_decisions=this_week_rows,
        placements=placements,
        outsource_next=outsource_next[:5],
        has_any_logs=logs.exists(),
    )


def task_placements(owner, owner_settings: OwnerSettings, week: Week):
    """Gut-checked tasks on the energy × value map, and the outsource-next ranking:
    recommended for outsourcing, no decision yet, by weekly profit impact."""
    average_weeks = weeks_ending_with(week.previous, BASELINE_WEEKS)
    tasks = list(tasks_with_hours(owner, week, average_weeks).filter(archived=False))
    attach_latest_gut_checks(tasks)
    placements, candidates = [], []
    for task in tasks:
        if task.latest_gut_check is None:
            continue
        average, _ = outsourcing.baseline_hours(
            [hours(task.time_averaged) / len(average_weeks)], task.estimated_hours_per_week
        )
        verdict = gutcheck.evaluate(task.latest_gut_check.answers, average)
        placement = TaskPlacement(task, verdict, average)
        placements.append(placement)
        if verdict.recommendation == gutcheck.OUTSOURCE and task.latest_decision_kind is None:
            plan = outsourcing.default_plan(
                average,
                owner_settings.mga_hourly_value,
                owner_settings.default_contractor_rate,
                owner_settings.reinvested_share,
            )
            placement.weekly_profit_impact = outsourcing.numbers_for(
                plan, owner_settings.weeks_per_year
            ).weekly_profit_impact
            candidates.append(placement)
    candidates.sort(key=lambda p: (-p.weekly_profit_impact, -p.verdict.priority, p.task.title))
    return placements, candidates
