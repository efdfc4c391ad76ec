"""Every figure of the weekly dashboard, in a fixed number of queries.

Hours come from `triage.hours` (SQL, by day, so a decision that started mid-week counts only
its days); the rules come from the pure modules: `weeks.active_share` for the part of a
week that has passed and in which a decision was active, `outsourcing` for the money and
hours, `gutcheck` for the verdict and the map.
"""

from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from decimal import Decimal

from triage import formatting, gutcheck, logged_hours, outsourcing
from triage.choices import Quarter
from triage.decision_rows import checklist_progress
from triage.models import Decision, GutCheck, OwnerSettings, Task
from triage.weeks import Week, active_days, active_share, day_window, weeks_ending_with

TREND_WEEKS = 12
ZERO = Decimal(0)


@dataclass(frozen=True)
class DecisionWeek:
    """One decision in the shown week: what it freed, measured against the estimate."""

    decision: Decision
    share: Decimal  # f: the part of the week that has passed with the decision active
    estimated_hours: Decimal
    measured_hours: Decimal
    logged_hours: Decimal
    weekly_profit_impact: Decimal  # for the same part of the week (× f)
    steps: tuple[int, int] = (0, 0)  # the handoff checklist: (done, all)
    impact_per_week: Decimal = ZERO  # a whole week's

    @property
    def below_plan(self) -> bool:
        """Measured under estimated: as the figures are, exact or as shown
        (`decisions_as_shown`: not "0.9 h below plan" beside 0.9 h estimated)."""
        return self.measured_hours < self.estimated_hours

    @property
    def baseline_hours(self) -> Decimal:
        """`B × f`: what the task took before, for the part of the week counted — what the
        logged hours are held against: measured = this − logged."""
        return self.decision.effective_plan.baseline_hours * self.share

    @property
    def part_of_week(self) -> bool:
        return self.share < 1

    @property
    def reads_off(self) -> bool:
        """Its baseline − logged, as each reads, is not the reclaimed it reads: each figure
        is rounded on its own, and the reclaimed column to add up to the week's."""
        baseline, logged = (
            formatting.rounded(self.baseline_hours),
            formatting.rounded(self.logged_hours),
        )
        return baseline - logged != formatting.rounded(self.measured_hours)

    @property
    def share_percent(self) -> Decimal:
        return self.share * 100


@dataclass
class TaskPlacement:
    """A gut-checked task on the energy × value map, with its one verdict."""

    task: Task
    check: GutCheck
    verdict: gutcheck.Result
    average_hours: Decimal
    size: int = 1  # chip size 1–4 by share of the busiest task's hours
    weekly_profit_impact: Decimal | None = None

    @property
    def kept_because(self) -> str:
        return gutcheck.keep_label(self.check.answers)


@dataclass(frozen=True)
class Unchecked:
    """A task that takes time and has no gut check yet: no verdict, so it cannot be in
    "outsource next" — the owner is shown it to check."""

    task: Task
    average_hours: Decimal


@dataclass(frozen=True)
class MapQuarter:
    name: str
    description: str
    handing_off: list[TaskPlacement]  # the verdict is to hand these off
    kept: list[TaskPlacement]  # they sit here, but the verdict keeps them


@dataclass
class Dashboard:
    week: Week
    weeks: list[Week]  # the shown week last; weeks after the current one are not here
    hours_logged: list[Decimal]  # per week of `weeks`
    mga_hours: list[Decimal]
    # None for a week that has not begun: nothing can be measured or estimated there yet.
    estimated_reclaimed: list[Decimal | None]
    measured_reclaimed: list[Decimal | None]
    profit_impact: list[Decimal | None]
    categories: list[tuple[str, Decimal]]
    active_decisions: list[DecisionWeek]
    quarters: list[MapQuarter]
    outsource_next: list[TaskPlacement]
    has_any_logs: bool
    # Per week: whether a decision was in force some of it (the reclaimed chart's weeks).
    handed_off: list[bool] = field(default_factory=list)
    has_placements: bool = field(default=False)
    # Not money-generating, not gut-checked, and taking time: the biggest first (three).
    to_check: list[Unchecked] = field(default_factory=list)
    # Every decision that has been active (now or before), with its task and contractor:
    # read once for the figures, "earned so far" and the reviews due.
    started_decisions: list[Decision] = field(default_factory=list)

    def reviews_due(self, today: date) -> list[Decision]:
        """Active decisions whose review date has come."""
        return [decision for decision in self.started_decisions if decision.review_is_due(today)]

    @property
    def this(self) -> int:
        return len(self.weeks) - 1

    @property
    def has_begun(self) -> bool:
        return self.measured_reclaimed[self.this] is not None

    def mga_share(self, index: int) -> Decimal | None:
        total = self.hours_logged[index]
        return self.mga_hours[index] / total * 100 if total else None


def counted_twice(owner, week: Week) -> timedelta:
    """How much more the week's hours add up to than the time its logs cover: overlapping
    logs (a timer over a manual entry, an import) count their shared time once each. The
    dashboard, the weekly email and the API say so beside the hours."""
    return logged_hours.counted_twice(owner.time_logs.all(), week.start, week.end)


def dashboard(owner, owner_settings: OwnerSettings, week: Week, now: datetime) -> Dashboard:
    weeks = weeks_ending_with(week, TREND_WEEKS + 1)  # one extra for the change vs last week
    this = len(weeks) - 1
    days, by_day = _hours_by_day_and_task(owner, owner_settings, weeks)
    all_tasks = list(
        logged_hours.tasks_with_verdicts(owner)
    )  # archived too: their hours still count
    tasks = {task.pk: task for task in all_tasks}
    day_index = {day: index for index, day in enumerate(days)}

    hours_logged = [ZERO] * len(weeks)
    mga_hours = [ZERO] * len(weeks)
    per_task_day = _per_task_day(by_day, len(days))
    category_hours: dict[str, Decimal] = {}
    for (index, task_id), logged in by_day.items():
        task, week_index = tasks[task_id], index // 7
        hours_logged[week_index] += logged
        if task.is_mga:
            mga_hours[week_index] += logged
        if week_index == this:
            category_hours[task.category] = category_hours.get(task.category, ZERO) + logged
    categories = sorted(category_hours.items(), key=lambda item: (-item[1], item[0]))

    began = [w.start <= now for w in weeks]
    estimated = [ZERO if b else None for b in began]
    measured = [ZERO if b else None for b in began]
    impact = [ZERO if b else None for b in began]
    handed_off = [False] * len(weeks)  # a decision was in force some of the week
    rows: list[DecisionWeek] = []
    no_hours = [ZERO] * len(days)
    started = _started_decisions(owner, tasks)
    for decision in _in_weeks(started, weeks):
        figures = decision.numbers(owner_settings.weeks_per_year)
        plan = decision.effective_plan
        task_days = per_task_day.get(decision.task_id, no_hours)
        for i, w in enumerate(weeks):
            share = active_share(w, decision.activated_on, decision.ended_on, now)
            if not share:
                continue
            handed_off[i] = True
            logged = sum(
                (
                    task_days[day_index[day]]
                    for day in active_days(w, decision.activated_on, decision.ended_on, now)
                ),
                ZERO,
            )
            row = DecisionWeek(
                decision,
                share,
                outsourcing.estimated_hours_reclaimed(plan, share),
                outsourcing.measured_hours_reclaimed(plan.baseline_hours, logged, share),
                logged,
                figures.weekly_profit_impact * share,
                impact_per_week=figures.weekly_profit_impact,
            )
            estimated[i] += row.estimated_hours
            measured[i] += row.measured_hours
            impact[i] += row.weekly_profit_impact
            if i == this:
                rows.append(row)

    progress = checklist_progress([row.decision for row in rows])
    rows = [replace(row, steps=progress.get(row.decision.pk, (0, 0))) for row in rows]
    placed_weeks, placed_days = weeks, days
    if not weeks[this].contains(now):
        # What to hand off next, the tasks to check and the map are today's whatever week is
        # shown: their "Decide" and "Gut check" open today's figures, and a week still to
        # come has not had its hours (the weeks before it are not zero hours). They need this
        # week and the ones its baselines average: read those days' hours.
        placed_weeks = weeks_ending_with(owner_settings.week_of(now), BASELINE_WEEKS + 1)
        placed_days, by_day_now = _hours_by_day_and_task(owner, owner_settings, placed_weeks)
        per_task_day = _per_task_day(by_day_now, len(placed_days))
    quarters, outsource_next, has_placements, to_check = _placements(
        all_tasks, owner_settings, per_task_day, placed_weeks, placed_days, now
    )
    return Dashboard(
        week=week,
        weeks=weeks,
        hours_logged=hours_logged,
        mga_hours=mga_hours,
        estimated_reclaimed=estimated,
        measured_reclaimed=measured,
        profit_impact=impact,
        handed_off=handed_off,
        categories=categories,
        active_decisions=rows,
        quarters=quarters,
        outsource_next=outsource_next[:5],
        has_any_logs=bool(by_day) or owner.time_logs.exists(),
        has_placements=has_placements,
        to_check=to_check[:3],
        started_decisions=started,
    )


def decisions_as_shown(rows: list[DecisionWeek], currency: str) -> list[DecisionWeek]:
    """The week's decisions as the dashboard and the email list them: hours reclaimed and
    profit impact rounded so that each column adds up to the week's figure above it
    (`formatting.adding_up`). Below plan when it reads below: not "0.9 h below plan" beside
    0.9 h estimated."""
    measured = formatting.adding_up([row.measured_hours for row in rows])
    estimated = formatting.adding_up([row.estimated_hours for row in rows])
    impact = formatting.adding_up(
        [row.weekly_profit_impact for row in rows], formatting.money_places(currency)
    )
    return [
        replace(row, measured_hours=m, estimated_hours=e, weekly_profit_impact=i)
        for row, m, e, i in zip(rows, measured, estimated, impact, strict=True)
    ]


def _hours_by_day_and_task(owner, owner_settings, weeks: list[Week]):
    """The weeks' days, and each task's hours on each day (`{(day index, task id): hours}`),
    in one query."""
    days = [day for w in weeks for day in w.days]
    zone = owner_settings.zone
    by_day = logged_hours.hours_by_window_and_task(
        owner.pk, [day_window(day, zone) for day in days]
    )
    return days, by_day


def _per_task_day(by_day: dict, day_count: int) -> dict[int, list[Decimal]]:
    """Each task with hours in the days read: its hours on each of them, in order."""
    per_task_day: dict[int, list[Decimal]] = {}
    for (index, task_id), logged in by_day.items():
        per_task_day.setdefault(task_id, [ZERO] * day_count)[index] += logged
    return per_task_day


def _started_decisions(owner, tasks: dict[int, Task]) -> list[Decision]:
    """Decisions that have been active, their tasks taken from those already loaded."""
    decisions = list(owner.decisions.started().select_related("contractor"))
    for decision in decisions:
        if decision.task_id in tasks:  # no join (a task made since loads lazily)
            decision.task = tasks[decision.task_id]
    return decisions


def _in_weeks(decisions: list[Decision], weeks: list[Week]) -> list[Decision]:
    """The decisions active on some day of the weeks."""
    first, last = weeks[0].first_day, weeks[-1].last_day
    return [decision for decision in decisions if decision.in_force_during(first, last)]


BASELINE_WEEKS = logged_hours.BASELINE_WEEKS


def _placements(all_tasks, owner_settings, per_task_day, weeks, days, now):
    """Gut-checked tasks on the energy × value map, and the outsource-next ranking:
    recommended for outsourcing, no decision yet, by weekly profit impact; and the tasks
    to check — taking time, not money-generating, no gut check. The baseline of each is the
    one the gut check shows (`outsourcing.baseline_hours`)."""
    this = len(weeks) - 1
    checked = [t for t in all_tasks if not t.archived and t.latest_gut_check_id is not None]
    checks = GutCheck.objects.in_bulk([t.latest_gut_check_id for t in checked])
    end_day = min(weeks[this].last_day, now.astimezone(owner_settings.zone).date())
    recent_days = [i for i, day in enumerate(days) if end_day - timedelta(days=6) <= day <= end_day]

    no_logs = [ZERO] * BASELINE_WEEKS

    def average_hours(task: Task) -> Decimal:
        task_days = per_task_day.get(task.pk)
        if task_days is None:  # nothing logged in these weeks (most tasks of a long history)
            return outsourcing.baseline_hours(no_logs, task.estimated_hours_per_week, ZERO)[0]
        four_weeks = [
            sum(task_days[w * 7 : w * 7 + 7], ZERO) for w in range(this - BASELINE_WEEKS, this)
        ]
        recent = sum((task_days[i] for i in recent_days), ZERO)
        average, _ = outsourcing.baseline_hours(four_weeks, task.estimated_hours_per_week, recent)
        return average

    unchecked = [
        Unchecked(task, average_hours(task))
        for task in all_tasks
        if not task.archived and not task.is_mga and task.latest_gut_check_id is None
    ]
    to_check = sorted(
        (item for item in unchecked if item.average_hours > 0),
        key=lambda item: (-item.average_hours, item.task.title.lower()),
    )
    placements, candidates = [], []
    for task in checked:
        average = average_hours(task)
        check = checks[task.latest_gut_check_id]
        verdict = gutcheck.evaluate(check.answers, average)
        placement = TaskPlacement(task, check, verdict, average)
        placements.append(placement)
        if verdict.recommendation == gutcheck.OUTSOURCE and task.latest_decision_kind is None:
            placement.weekly_profit_impact = outsourcing.numbers_for(
                owner_settings.default_plan(average), owner_settings.weeks_per_year
            ).weekly_profit_impact
            candidates.append(placement)
    busiest = max((p.average_hours for p in placements), default=ZERO) or Decimal(1)
    for placement in placements:
        placement.size = 1 + min(3, int(placement.average_hours / busiest * 4))
    candidates.sort(key=lambda p: (-p.weekly_profit_impact, -p.verdict.priority, p.task.title))
    quarters = [
        MapQuarter(
            name,
            description,
            [
                p
                for p in placements
                if p.verdict.quarter == name and p.verdict.recommendation == gutcheck.OUTSOURCE
            ],
            [
                p
                for p in placements
                if p.verdict.quarter == name and p.verdict.recommendation == gutcheck.KEEP
            ],
        )
        for name, description in Quarter.choices
    ]
    return quarters, candidates, bool(placements), to_check


def _change(values: list, index: int):
    """This week's figure minus last week's, or None when either is missing."""
    if index < 1 or values[index] is None or values[index - 1] is None:
        return None
    return values[index] - values[index - 1]


@dataclass(frozen=True)
class Headline:
    """The four headline figures of the shown week, each with its change vs last week."""

    hours: Decimal
    hours_change: Decimal | None
    mga_share: Decimal | None
    mga_share_change: Decimal | None
    measured: Decimal | None
    measured_change: Decimal | None
    estimated: Decimal | None
    impact: Decimal | None
    impact_change: Decimal | None
    annual: Decimal | None
    # Last week's whole figures: what a week still under way is shown beside, rather than a
    # change that would compare its first days with all seven of the last (−10.6 h on a
    # Thursday reads as falling behind).
    hours_last_week: Decimal | None = None
    mga_share_last_week: Decimal | None = None
    measured_last_week: Decimal | None = None
    impact_last_week: Decimal | None = None


def headline(data: Dashboard, weeks_per_year: int) -> Headline:
    this = data.this
    shares = [data.mga_share(i) for i in range(len(data.weeks))]
    impact = data.profit_impact[this]
    # A week with nothing logged (before the owner started, a holiday) is no yardstick for
    # the hours: "+3.3 h vs last week" on a first week would be true and tell nothing.
    logged_last_week = this >= 1 and data.hours_logged[this - 1] > 0
    return Headline(
        hours=data.hours_logged[this],
        hours_change=_change(data.hours_logged, this) if logged_last_week else None,
        mga_share=shares[this],
        mga_share_change=_change(shares, this),
        measured=data.measured_reclaimed[this],
        measured_change=_change(data.measured_reclaimed, this),
        estimated=data.estimated_reclaimed[this],
        impact=impact,
        impact_change=_change(data.profit_impact, this),
        # A year at the week's rate: whole weeks of the decisions (× f would make Monday's
        # "a year" a seventh of Sunday's), each decision's year as it reads on the decisions
        # page, added up there and here alike.
        annual=None
        if impact is None
        else formatting.sum_as_shown(
            (row.impact_per_week * weeks_per_year for row in data.active_decisions), 0
        ),
        hours_last_week=data.hours_logged[this - 1] if logged_last_week else None,
        mga_share_last_week=shares[this - 1] if this >= 1 else None,
        measured_last_week=data.measured_reclaimed[this - 1] if this >= 1 else None,
        impact_last_week=data.profit_impact[this - 1] if this >= 1 else None,
    )


@dataclass(frozen=True)
class Trend:
    """The 12 weeks the charts show (the first week loaded only feeds "vs last week"), up
    to the current one: a chart never draws a week that has not happened."""

    labels: list[str]
    mga: list[Decimal]
    other: list[Decimal]
    measured: list[Decimal]
    estimated: list[Decimal]
    weeks: list[Week]
    handed_off: bool  # some decision was in force in these weeks: reclaimed hours to chart


def trend(data: Dashboard, now: datetime) -> Trend:
    shown = [i for i in range(1, data.this + 1) if data.weeks[i].start <= now]
    return Trend(
        weeks=[data.weeks[i] for i in shown],
        labels=[data.weeks[i].short_name for i in shown],
        mga=[data.mga_hours[i] for i in shown],
        other=[data.hours_logged[i] - data.mga_hours[i] for i in shown],
        measured=[data.measured_reclaimed[i] for i in shown],
        estimated=[data.estimated_reclaimed[i] for i in shown],
        handed_off=any(data.handed_off[i] for i in shown),
    )
