"""Decisions as the pages list them: each with its figures and, when the owner's logs now
say something else about its baseline, what they say. A fixed number of queries."""

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.db.models import Count, Q

from triage import letting_go, logged_hours, outsourcing
from triage.models import (
    BaselineSource,
    ChecklistStep,
    Decision,
    DecisionKind,
    OwnerSettings,
)
from triage.weeks import Week, days_covered, days_span, weeks_ending_with


@dataclass
class DecisionRow:
    decision: Decision
    figures: outsourcing.Numbers
    logs_baseline: Decimal  # what the logs now say the baseline was on the decision's day
    logs_source: str
    earned: letting_go.Earned
    review_due: bool
    steps_done: int = 0
    steps_total: int = 0
    status_form: object = None  # its start/end form as posted, when it was refused
    # Another decision on the same task in force on some same day (made before the rule
    # of one at a time): both count the task's hours, so the page asks to end one.
    shares_days_with: Decision | None = None

    @property
    def baseline_disagrees(self) -> bool:
        return outsourcing.baselines_disagree(
            self.decision.baseline_hours_per_week, self.logs_baseline
        ) and self.logs_source in (BaselineSource.LOGS, BaselineSource.RECENT)

    @property
    def logs_source_label(self) -> str:
        return BaselineSource(self.logs_source).label


def active_span(decision: Decision, owner_settings: OwnerSettings, now: datetime):
    """From the start of the day it became active to now (or the end of its last day)."""
    if decision.activated_on is None:
        return None
    start, end = days_span(decision.activated_on, decision.ended_on, owner_settings.zone)
    end = now if end is None else min(now, end)
    return (start, end) if end > start else None


WEEKS_BEFORE = 4  # as many as the baseline is measured on
MOST_WEEKS_SINCE = 12


@dataclass(frozen=True)
class BeforeAndSince:
    """A decision's task, week by week: the weeks before it started and those since (to
    its end, or this week so far): the owner's own logs drawn as proof."""

    weeks: list[Week]
    before: list[Decimal]  # hours in each week before the start (its own week's days too)
    since: list[Decimal]  # from the start to the end (or now), 0 in the weeks before
    started: Week
    weeks_left_out: int  # between the two: a long-running decision shows its latest weeks

    @property
    def weeks_before(self) -> int:
        return sum(week.first_day < self.started.first_day for week in self.weeks)

    @property
    def weeks_since(self) -> int:
        return len(self.weeks) - self.weeks_before

    @property
    def average_before(self) -> Decimal:
        """What the weeks before it started averaged: the baseline, when it was taken from
        these weeks (decided in the week it started, not updated since)."""
        weeks = self.weeks_before
        return sum(self.before[:weeks], Decimal(0)) / weeks if weeks else Decimal(0)


def before_and_since(
    decision: Decision, owner_settings: OwnerSettings, now: datetime
) -> BeforeAndSince | None:
    """The task's hours in the 4 weeks before the week the decision started, and in each
    week from that one on — to its end or this week, the latest 12. None before it starts.
    One query."""
    if decision.activated_on is None:
        return None
    started = owner_settings.week_of(decision.activated_on)
    last = owner_settings.week_of(now)
    if decision.ended_on is not None:
        last = min(last, owner_settings.week_of(decision.ended_on), key=lambda w: w.first_day)
    weeks_since = (last.first_day - started.first_day).days // 7 + 1
    count_since = min(weeks_since, MOST_WEEKS_SINCE)
    weeks = weeks_ending_with(started.previous, WEEKS_BEFORE) + weeks_ending_with(last, count_since)
    # Each week's time before the start and from it to the end: the week it started in has
    # both (its days before the start are not "since"), the week it ended in nothing after.
    start, end = days_span(decision.activated_on, decision.ended_on, owner_settings.zone)
    windows = []
    for week in weeks:
        cut = min(max(start, week.start), week.end)
        stop = week.end if end is None else min(week.end, max(end, cut))
        windows += [(decision.task_id, week.start, cut), (decision.task_id, cut, stop)]
    hours = logged_hours.hours_of_tasks_in_windows(decision.owner_id, windows)
    return BeforeAndSince(weeks, hours[0::2], hours[1::2], started, weeks_since - count_since)


def weekly_hours_handed_off(
    task_id: int, owner_id: int, decisions: list[Decision], weeks: list[Week]
) -> tuple[list[Decimal], list[Decimal] | None]:
    """The task's hours in each week, and of them those logged while a decision to hand it
    off (not to keep it) was in force, by the day it started and ended: a week it started
    in on a Saturday keeps its Wednesday as the owner's own. None for the second when no
    such decision touches the weeks. One query."""
    spans = [
        days_span(decision.activated_on, decision.ended_on, weeks[0].zone)
        for decision in decisions
        if decision.activated_on and decision.kind != DecisionKind.KEEP
    ]
    windows = [(task_id, week.start, week.end) for week in weeks]
    parts_of = []  # the week of each window after the weeks' own
    for index, week in enumerate(weeks):
        for start, end in spans:
            part_start, part_end = max(start, week.start), min(end or week.end, week.end)
            if part_end > part_start:
                parts_of.append(index)
                windows.append((task_id, part_start, part_end))
    hours = logged_hours.hours_of_tasks_in_windows(owner_id, windows)
    if not parts_of:
        return hours, None
    handed_off = [Decimal(0)] * len(weeks)
    for index, part in zip(parts_of, hours[len(weeks) :], strict=True):
        handed_off[index] += part  # a task's decisions are never in force on the same day
    return hours[: len(weeks)], handed_off


def earned(decisions: list[Decision], owner_settings: OwnerSettings, now: datetime) -> dict:
    """What each decision earned since it started, in one query (PRODUCT.md, "Earned so
    far"): hours back measured from the logs, their value, what was paid, the net."""
    spans = {d.pk: active_span(d, owner_settings, now) for d in decisions}
    active = [d for d in decisions if spans[d.pk] and d.kind != DecisionKind.KEEP]
    logged = logged_hours.hours_of_tasks_in_windows(
        owner_settings.owner_id, [(d.task_id, *spans[d.pk]) for d in active]
    )
    result = dict.fromkeys((d.pk for d in decisions), letting_go.NOTHING_YET)
    for decision, hours in zip(active, logged, strict=True):
        weeks = calendar_days_active(decision, owner_settings, now) / 7
        result[decision.pk] = letting_go.earned_so_far(decision.effective_plan, weeks, hours)
    return result


def earned_in_all(decisions: list[Decision], owner_settings: OwnerSettings, now: datetime):
    """What letting go has earned in all, since the first decision started (the dashboard's
    and the weekly email's "Since you started letting go"), as the decisions page adds it."""
    return letting_go.added_as_shown(earned(decisions, owner_settings, now).values())


def calendar_days_active(
    decision: Decision, owner_settings: OwnerSettings, now: datetime
) -> Decimal:
    """Days the decision has been active, by the calendar (today counts the part that has
    passed), so a DST change does not pay a contractor for an hour — as its weeks count
    their share (`weeks.days_covered`)."""
    span = active_span(decision, owner_settings, now)
    return Decimal(0) if span is None else days_covered(*span, owner_settings.zone)


def decision_rows(
    decisions: list[Decision], owner_settings: OwnerSettings, now: datetime
) -> list[DecisionRow]:
    baselines = logged_hours.decision_baselines(decisions, owner_settings)
    earnings = earned(decisions, owner_settings, now)
    steps = checklist_progress(decisions)
    today = owner_settings.today()
    return [
        DecisionRow(
            decision,
            decision.numbers(owner_settings.weeks_per_year),
            *baselines[decision.pk],
            earned=earnings[decision.pk],
            review_due=decision.review_is_due(today),
            steps_done=steps.get(decision.pk, (0, 0))[0],
            steps_total=steps.get(decision.pk, (0, 0))[1],
            shares_days_with=next(
                (
                    other
                    for other in decisions
                    if other.pk != decision.pk
                    and other.task_id == decision.task_id
                    and decision.shares_days_with(other)
                ),
                None,
            ),
        )
        for decision in decisions
    ]


def checklist_progress(decisions: list[Decision]) -> dict[int, tuple[int, int]]:
    """{decision id: (steps done, steps)} in one query."""
    counts = (
        ChecklistStep.objects.filter(decision__in=[d.pk for d in decisions])
        .values("decision")
        .annotate(done=Count("pk", filter=Q(done=True)), total=Count("pk"))
    )
    return {row["decision"]: (row["done"], row["total"]) for row in counts}


def total_earned(rows: list[DecisionRow]) -> letting_go.Earned:
    return letting_go.added_as_shown(row.earned for row in rows)
