"""Hours and numbers read from the database for one owner. Aggregation happens in SQL.

A log that crosses a day or week boundary counts only the part inside each window: the
sums clip every log to the window with LEAST/GREATEST before adding.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.db import connection
from django.db.models import (
    DateTimeField,
    DurationField,
    ExpressionWrapper,
    F,
    FilteredRelation,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Greatest, Least

from triage import gutcheck, outsourcing
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


def window_sum(start: datetime, end: datetime, via: str = "") -> Sum:
    """Sum of the clipped durations of finished logs overlapping [start, end)."""
    condition = Q(**{f"{via}start__lt": end, f"{via}end__gt": start})
    return Sum(clipped_duration(start, end, via), filter=condition, default=timedelta(0))


def _weekly_sql(vendor: str, week_count: int, by_task: bool) -> str:
    """One grouped query: each finished log joined to the weeks it overlaps, clipped to each.

    The weeks come in as a VALUES list, so any number of weeks is still one query, and the
    database does the adding. Only the clipping arithmetic differs between backends.
    """
    table = TimeLog._meta.db_table
    if vendor == "postgresql":
        bounds = "(%s, %s::timestamptz, %s::timestamptz)"
        seconds = (
            'EXTRACT(EPOCH FROM LEAST(log."end", week.week_end)'
            " - GREATEST(log.start, week.week_start))"
        )
    else:  # SQLite stores UTC text; julianday() reads it, MIN/MAX clip it.
        bounds = "(%s, %s, %s)"
        seconds = (
            '(julianday(MIN(log."end", week.week_end))'
            " - julianday(MAX(log.start, week.week_start))) * 86400"
        )
    values = ", ".join([bounds] * week_count)
    task = ", log.task_id" if by_task else ""
    return (
        f"WITH week(idx, week_start, week_end) AS (VALUES {values}) "
        f"SELECT week.idx{task}, SUM({seconds}) FROM {table} AS log "
        'JOIN week ON log.start < week.week_end AND log."end" > week.week_start '
        'WHERE log.owner_id = %s AND log."end" IS NOT NULL AND log.start < %s AND log."end" > %s'
        + (" AND log.task_id = %s" if not by_task else "")
        + f" GROUP BY week.idx{task}"
    )


def _seconds_to_hours(seconds) -> Decimal:
    # PostgreSQL answers an exact numeric; SQLite a float, good to the millisecond.
    if isinstance(seconds, float):
        return Decimal(round(seconds * 1000)) / 3_600_000
    return Decimal(seconds) / 3600


def weekly_hours(owner_id: int, weeks: list[Week], task_id: int | None = None):
    """Hours logged in each week (clipped to it), in one query.

    With `task_id`: a list of hours, one per week, for that task. Without: a dict
    {(week index, task id): hours} for every task that has any.
    """
    if not weeks:
        return [] if task_id is not None else {}
    adapt = connection.ops.adapt_datetimefield_value
    params: list = []
    for index, week in enumerate(weeks):
        params += [index, adapt(week.start), adapt(week.end)]
    params += [owner_id, adapt(weeks[-1].end), adapt(weeks[0].start)]
    if task_id is not None:
        params.append(task_id)
    sql = _weekly_sql(connection.vendor, len(weeks), by_task=task_id is None)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    if task_id is not None:
        per_week = [Decimal(0)] * len(weeks)
        for index, seconds in rows:
            per_week[index] = _seconds_to_hours(seconds)
        return per_week
    return {(index, task): _seconds_to_hours(seconds) for index, task, seconds in rows}


def task_weekly_hours(task: Task, weeks: list[Week]) -> list[Decimal]:
    return weekly_hours(task.owner_id, weeks, task_id=task.pk)


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
    logged = sum(weekly_hours(owner_settings.owner_id, weeks).values(), Decimal(0))
    rate = outsourcing.effective_hourly_rate(owner_settings.monthly_income, logged)
    return outsourcing.buyback_rate(rate)


def tasks_with_verdicts(owner):
    """The owner's tasks with the id of their latest gut check and the kind and status of
    their latest decision. One query."""
    latest_check = GutCheck.objects.filter(task=OuterRef("pk")).order_by("-checked_at", "-pk")
    latest_decision = Decision.objects.filter(task=OuterRef("pk")).order_by("-decided_on", "-pk")
    return owner.tasks.annotate(
        latest_gut_check_id=Subquery(latest_check.values("pk")[:1]),
        latest_decision_kind=Subquery(latest_decision.values("kind")[:1]),
        latest_decision_status=Subquery(latest_decision.values("status")[:1]),
    )


def tasks_with_hours(owner, this_week: Week, average_weeks: list[Week]):
    """`tasks_with_verdicts`, plus this week's hours and the hours over `average_weeks`.

    The join only reaches the logs inside those weeks, however long the owner's history.
    """
    window_start, window_end = average_weeks[0].start, max(this_week.end, average_weeks[-1].end)
    return (
        tasks_with_verdicts(owner)
        .alias(
            window_logs=FilteredRelation(
                "time_logs",
                condition=Q(time_logs__start__lt=window_end, time_logs__end__gt=window_start),
            )
        )
        .annotate(
            time_this_week=window_sum(this_week.start, this_week.end, via="window_logs__"),
            time_averaged=window_sum(
                average_weeks[0].start, average_weeks[-1].end, via="window_logs__"
            ),
        )
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
    this = len(weeks) - 1
    hours_by = weekly_hours(owner.pk, weeks)
    all_tasks = list(tasks_with_verdicts(owner))  # archived too: their hours still count
    tasks = {task.pk: task for task in all_tasks}
    hours_logged = [Decimal(0)] * len(weeks)
    mga_hours = [Decimal(0)] * len(weeks)
    per_task: dict[int, list[Decimal]] = {}
    category_hours: dict[str, Decimal] = {}
    for (index, task_id), logged in hours_by.items():
        task = tasks[task_id]
        hours_logged[index] += logged
        if task.is_mga:
            mga_hours[index] += logged
        per_task.setdefault(task_id, [Decimal(0)] * len(weeks))[index] = logged
        if index == this:
            category_hours[task.category] = category_hours.get(task.category, Decimal(0)) + logged
    categories = sorted(category_hours.items(), key=lambda item: (-item[1], item[0]))

    # Decisions that ran in any of the weeks.
    started = owner.decisions.filter(activated_on__isnull=False, activated_on__lte=week.last_day)
    decisions = list(started.exclude(ended_on__lt=weeks[0].first_day))
    for decision in decisions:
        if decision.task_id in tasks:  # loaded above, so no join (a task made since loads lazily)
            decision.task = tasks[decision.task_id]
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

    baseline_slice = slice(this - BASELINE_WEEKS, this)
    average_hours = {
        task_id: sum(per_week[baseline_slice], Decimal(0)) / BASELINE_WEEKS
        for task_id, per_week in per_task.items()
    }
    placements, outsource_next = task_placements(all_tasks, owner_settings, average_hours)
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
        has_any_logs=bool(hours_by) or owner.time_logs.exists(),
    )


def task_placements(
    tasks: list[Task], owner_settings: OwnerSettings, average_hours: dict[int, Decimal]
):
    """Gut-checked tasks on the energy × value map, and the outsource-next ranking:
    recommended for outsourcing, no decision yet, by weekly profit impact.

    `tasks` come from `tasks_with_verdicts`; `average_hours` holds each task's average
    weekly hours before this week (from the logs); without logs there, its estimate counts.
    """
    tasks = [t for t in tasks if not t.archived and t.latest_gut_check_id is not None]
    attach_latest_gut_checks(tasks)
    placements, candidates = [], []
    for task in tasks:
        average, _ = outsourcing.baseline_hours(
            [average_hours.get(task.pk, Decimal(0))], task.estimated_hours_per_week
        )
        verdict = gutcheck.evaluate(task.latest_gut_check.answers, average)
        placement = TaskPlacement(task, verdict, average)
        placements.append(placement)
        if verdict.recommendation == gutcheck.OUTSOURCE and task.latest_decision_kind is None:
            placement.weekly_profit_impact = outsourcing.numbers_for(
                owner_settings.default_plan(average), owner_settings.weeks_per_year
            ).weekly_profit_impact
            candidates.append(placement)
    candidates.sort(key=lambda p: (-p.weekly_profit_impact, -p.verdict.priority, p.task.title))
    return placements, candidates
