"""A report for any period (`/reports/`): hours by task, by category, by client, by
project and by tag with their share, MGA share, hours reclaimed (measured and estimated)
and profit impact over the period, and the hours by week — or by month for a range over
six months. A fixed number of queries; the adding happens in SQL (`logged_hours`)."""

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from decimal import Decimal
from functools import cached_property

from triage import formatting, gutcheck, logged_hours, outsourcing
from triage.decision_rows import active_span
from triage.models import GutCheck, OwnerSettings, TimeLog, overlapping
from triage.text import tag_list
from triage.weeks import FIRST_YEAR, LAST_YEAR, days_span, local_midnight, weeks_in

ZERO = Decimal(0)
MAX_DAYS = 3653  # ten years
MONTHS_FROM_DAYS = 183  # over six months, the chart is by month
DAYS_UP_TO = 31  # up to a month, by day (as Toggl's summary draws a week or a month)
Shares = list[tuple[str, Decimal, Decimal]]  # (name, hours, share of all hours, 0–100)


class BadPeriod(ValueError):
    """The period cannot be reported; the message says why."""


@dataclass(frozen=True)
class TaskLine:
    task_id: int
    title: str
    category: str
    is_mga: bool
    hours: Decimal
    share: Decimal  # of all hours in the period, 0–100
    verdict: str  # "keep", "outsource" or "" (no gut check)
    hours_reclaimed_measured: Decimal
    hours_reclaimed_estimated: Decimal
    profit_impact: Decimal
    client: str = ""
    project: str = ""
    # A decision handed it off (or automated, dropped it) for some of the period: its
    # reclaimed hours and impact are figures, even zero; otherwise there are none to show.
    handed_off: bool = False


SHOWN_TASKS = 100  # on the page; the CSV has every task


@dataclass(frozen=True)
class Report:
    first_day: date
    last_day: date
    tasks: list[TaskLine]
    categories: Shares
    # By client, "" for tasks without one; empty when no task has a client (an owner who
    # never names clients has no use for a table of one "No client" row).
    clients: Shares
    buckets: list[tuple[str, Decimal, Decimal]]  # (label, MGA hours, other hours)
    unit: str  # what a bucket is: "day", "week" or "month"
    client: str = ""  # the one client reported on, as the owner spells it; "" for all
    # By the logs' tags (a log with two counts under both, so they need not add up to the
    # period's hours); empty when no log of the period has one.
    tags: Shares = field(default_factory=list)
    # The one tag reported on ("" for all): its logs' hours alone, and no hours reclaimed
    # or profit impact — a decision hands off a whole task, not its logs of one tag.
    tag: str = ""
    # By project (Toggl's first report), "" for tasks without one; empty when no task of
    # the period names one, or when one project is reported on.
    projects: Shares = field(default_factory=list)
    project: str = ""  # the one project reported on, as the owner spells it; "" for all
    # The period of the same length just before (Toggl's "compared with the previous
    # period"), narrowed alike: its first day, and its hours (all, and of MGA tasks as they
    # are marked now). None when it would start before the first year Triage keeps.
    before: date | None = None
    hours_before: Decimal = ZERO
    mga_hours_before: Decimal = ZERO
    bucket_days: list[tuple[date, date]] = field(default_factory=list)  # each bucket's days
    # How much more the hours add up to than their logs cover: overlapping logs count their
    # shared time once each (`logged_hours.counted_twice`), as the dashboard says too.
    counted_twice: timedelta = timedelta(0)

    @property
    def by_month(self) -> bool:
        return self.unit == "month"

    @property
    def hours(self) -> Decimal:
        return sum((line.hours for line in self.tasks), ZERO)

    @property
    def mga_share(self) -> Decimal | None:
        mga = sum((line.hours for line in self.tasks if line.is_mga), ZERO)
        return mga / self.hours * 100 if self.hours else None

    @property
    def hours_reclaimed_measured(self) -> Decimal:
        return sum((line.hours_reclaimed_measured for line in self.tasks), ZERO)

    @property
    def hours_reclaimed_estimated(self) -> Decimal:
        return sum((line.hours_reclaimed_estimated for line in self.tasks), ZERO)

    @property
    def profit_impact(self) -> Decimal:
        return sum((line.profit_impact for line in self.tasks), ZERO)

    @property
    def days_before(self) -> int:
        """How many days the period before has: as many as this one has had so far."""
        return (self.first_day - self.before).days if self.before else 0

    @property
    def last_day_before(self) -> date:
        return self.first_day - timedelta(days=1)

    @property
    def mga_share_before(self) -> Decimal | None:
        return self.mga_hours_before / self.hours_before * 100 if self.hours_before else None

    @cached_property
    def shown_tasks(self) -> list[TaskLine]:
        """The tasks the page lists: the most hours first, at most SHOWN_TASKS of them, and
        every task a decision moved figures for (it may have few hours: it was handed off).
        Worked out once: the page counts them too."""
        first = self.tasks[:SHOWN_TASKS]
        return first + [
            line
            for line in self.tasks[SHOWN_TASKS:]
            if line.hours_reclaimed_estimated or line.hours_reclaimed_measured or line.profit_impact
        ]


@dataclass(frozen=True)
class Columns:
    """The report's tables as the page shows them: each column of hours and of shares
    rounded so it adds up to the total above it (`formatting.adding_up`); the CSV keeps the
    exact figures."""

    tasks: list[TaskLine]  # the shown tasks
    categories: Shares
    clients: Shares
    projects: Shares
    buckets: list[tuple[str, Decimal, Decimal]]  # a period's MGA and other add up to it


def as_shown(report: Report, currency: str) -> Columns:
    hours = formatting.adding_up([line.hours for line in report.tasks])
    shares = formatting.adding_up([line.share for line in report.tasks], 0)
    measured = formatting.adding_up([line.hours_reclaimed_measured for line in report.tasks])
    impacts = formatting.adding_up(
        [line.profit_impact for line in report.tasks], formatting.money_places(currency)
    )
    lines = {
        line.task_id: replace(
            line, hours=h, share=share, hours_reclaimed_measured=m, profit_impact=impact
        )
        for line, h, share, m, impact in zip(
            report.tasks, hours, shares, measured, impacts, strict=True
        )
    }
    return Columns(
        [lines[line.task_id] for line in report.shown_tasks],
        _shares_as_shown(report.categories),
        _shares_as_shown(report.clients),
        _shares_as_shown(report.projects),
        [(label, *formatting.adding_up([mga, other])) for label, mga, other in report.buckets],
    )


def _shares_as_shown(shares: Shares) -> Shares:
    hours = formatting.adding_up([hours for _, hours, _ in shares])
    percents = formatting.adding_up([share for _, _, share in shares], 0)
    return [
        (name, h, percent) for (name, _, _), h, percent in zip(shares, hours, percents, strict=True)
    ]


def presets(today: date, first_weekday: int) -> dict[str, tuple[str, date, date]]:
    """The periods a report starts from, by name."""
    month = today.replace(day=1)
    last_month_end = month - timedelta(days=1)
    quarter = today.replace(month=(today.month - 1) // 3 * 3 + 1, day=1)
    week_start = today - timedelta(days=(today.weekday() - first_weekday) % 7)
    last_year = today.year - 1
    return {
        "this-week": ("This week", week_start, today),
        "last-week": ("Last week", week_start - timedelta(weeks=1), week_start - timedelta(days=1)),
        "this-month": ("This month", month, today),
        "last-month": ("Last month", last_month_end.replace(day=1), last_month_end),
        "this-quarter": ("This quarter", quarter, today),
        "last-12-weeks": ("Last 12 weeks", week_start - timedelta(weeks=11), today),
        "this-year": ("This year", today.replace(month=1, day=1), today),
        # For the accountant: the whole of last year.
        "last-year": ("Last year", date(last_year, 1, 1), date(last_year, 12, 31)),
    }


def check_period(first_day: date, last_day: date) -> None:
    if last_day < first_day:
        raise BadPeriod("The period ends before it starts: swap “from” and “to”.")
    if (last_day - first_day).days >= MAX_DAYS:
        raise BadPeriod("A report covers at most ten years.")
    if first_day.year < FIRST_YEAR or last_day.year > LAST_YEAR:
        raise BadPeriod(f"Reports cover {FIRST_YEAR} to {LAST_YEAR}.")


def _months(first_day: date, last_day: date) -> list[tuple[date, date]]:
    months, day = [], first_day.replace(day=1)
    while day <= last_day:
        following = (day.replace(day=28) + timedelta(days=4)).replace(day=1)
        months.append((max(day, first_day), min(following - timedelta(days=1), last_day)))
        day = following
    return months


def _weeks(first_day: date, last_day: date, first_weekday: int) -> list[tuple[date, date]]:
    start = first_day - timedelta(days=(first_day.weekday() - first_weekday) % 7)
    weeks = []
    while start <= last_day:
        weeks.append((max(start, first_day), min(start + timedelta(days=6), last_day)))
        start += timedelta(days=7)
    return weeks


def report(
    owner,
    owner_settings: OwnerSettings,
    first_day: date,
    last_day: date,
    now: datetime,
    client: str = "",
    tag: str = "",
    project: str = "",
) -> Report:
    """The period's figures; with `client`, those of the tasks done for that client alone
    (in any case: "acme" is Acme), with `project` those of that project's; with `tag`, the
    hours of the logs with that tag alone."""
    check_period(first_day, last_day)
    zone = owner_settings.zone
    unit = bucket_unit(first_day, last_day)
    if unit == "month":
        spans = _months(first_day, last_day)
    elif unit == "week":
        spans = _weeks(first_day, last_day, owner_settings.first_weekday)
    else:
        days = (last_day - first_day).days + 1
        spans = [(day, day) for day in (first_day + timedelta(days=n) for n in range(days))]
    windows = [days_span(a, b, zone) for a, b in spans]
    # Held against as many days just before as the period has had so far (a period that
    # runs into the future is compared on its days that happened); none for one to come.
    today = now.astimezone(zone).date()
    before = first_day - timedelta(days=(min(last_day, today) - first_day).days + 1)
    if before.year < FIRST_YEAR or first_day > today:
        before = None
    # The period before is one more window of the same query, ahead of the others.
    earlier = [(local_midnight(before, zone), windows[0][0])] if before else []
    hours = logged_hours.hours_by_window_and_task(owner.pk, earlier + windows, tag)
    reported = logged_hours.tasks_with_verdicts(owner)
    if client:
        reported = reported.filter(client__iexact=client)
    if project:
        reported = reported.filter(project__iexact=project)
    tasks = {task.pk: task for task in reported}
    per_task: dict[int, Decimal] = {}
    buckets = [[ZERO, ZERO] for _ in spans]
    hours_before = [ZERO, ZERO]  # MGA, other
    for (index, task_id), logged in hours.items():
        if task_id not in tasks:  # another client's
            continue
        kind = 0 if tasks[task_id].is_mga else 1
        if earlier and index == 0:
            hours_before[kind] += logged
            continue
        per_task[task_id] = per_task.get(task_id, ZERO) + logged
        buckets[index - len(earlier)][kind] += logged
    total = sum(per_task.values(), ZERO)
    reclaimed = {
        task_id: figures
        for task_id, figures in (
            {} if tag else _reclaimed(owner, owner_settings, windows[0][0], windows[-1][1], now)
        ).items()
        if task_id in tasks
    }
    checks = GutCheck.objects.in_bulk(
        [t.latest_gut_check_id for t in tasks.values() if t.latest_gut_check_id]
    )
    lines = []
    for task_id in set(per_task) | set(reclaimed):
        task = tasks[task_id]
        check = checks.get(task.latest_gut_check_id)
        measured, estimated, impact = reclaimed.get(task_id, (ZERO, ZERO, ZERO))
        logged = per_task.get(task_id, ZERO)
        lines.append(
            TaskLine(
                task_id,
                task.title,
                task.category,
                task.is_mga,
                logged,
                logged / total * 100 if total else ZERO,
                gutcheck.evaluate(check.answers).recommendation if check else "",
                measured,
                estimated,
                impact,
                task.client,
                task.project,
                handed_off=task_id in reclaimed,
            )
        )
    lines.sort(key=lambda line: (-line.hours, line.title.lower()))
    has_clients = not client and any(line.client and line.hours for line in lines)
    has_projects = not project and any(line.project and line.hours for line in lines)
    # The chart stops at today, as the dashboard's: a day or week still to come has no
    # hours to show, not zero hours (a period running into the future is still read whole).
    drawn = [i for i, (a, _) in enumerate(spans) if a <= today]
    return Report(
        first_day=first_day,
        last_day=last_day,
        tasks=lines,
        categories=_shares(lines, "category", total),
        clients=_shares(lines, "client", total) if has_clients else [],
        buckets=[(_label(spans[i][0], unit, len(spans)), *buckets[i]) for i in drawn],
        unit=unit,
        client=_spelt(lines, tasks, "client", client),
        tags=_tags(
            owner, windows[0][0], windows[-1][1], total, client=client, project=project, tag=tag
        ),
        tag=tag,
        projects=_shares(lines, "project", total) if has_projects else [],
        project=_spelt(lines, tasks, "project", project),
        before=before,
        hours_before=sum(hours_before, ZERO),
        mga_hours_before=hours_before[0],
        bucket_days=[spans[i] for i in drawn],
        counted_twice=_counted_twice(owner, windows[0][0], windows[-1][1], client, project, tag),
    )


def _counted_twice(owner, start, end, client: str, project: str, tag: str) -> timedelta:
    """Of the reported logs (the client's, the project's, the tag's), the time between
    `start` and `end` that more than one of them covers, counted as often as it is over."""
    logs = owner.time_logs.matching(tag=tag, client=client, project=project)
    return logged_hours.counted_twice(logs, start, end)


def _spelt(lines: list[TaskLine], tasks: dict, field: str, asked: str) -> str:
    """The client or project reported on as the owner spells it (the address may say "acme"
    for Acme): as on most of its hours, as the whole report's table names it; else as on
    one of its tasks; as asked when no task has it."""
    if not asked:
        return ""
    named = _shares(lines, field, sum((line.hours for line in lines), ZERO))
    if named:
        return named[0][0]
    return getattr(next(iter(tasks.values())), field) if tasks else asked


def _tags(owner, start: datetime, end: datetime, total: Decimal, **filters: str) -> Shares:
    """The period's hours by tag, each with its share of all the period's hours, the most
    first: one grouped query (by the logs' tags as stored), split into tags here — a log
    tagged "billable, Q4" counts under both, and `Billable` with `billable`."""
    logs = TimeLog.objects.filter(overlapping(start, end), owner=owner).exclude(tags="")
    logs = logs.matching(**filters)
    grouped = logs.values("tags").annotate(time=logged_hours.window_sum(start, end)).order_by()
    by_tag = [
        (spelt, Decimal(row["time"].total_seconds()) / 3600)
        for row in grouped
        for spelt in tag_list(row["tags"])  # (not the `tag` reported on)
    ]
    return _ranked(by_tag, total)


def _shares(lines: list[TaskLine], field: str, total: Decimal) -> Shares:
    """The hours of the lines added up by `field` (category, client, project) in any case,
    as the report of one client or project finds its tasks."""
    return _ranked(((getattr(line, field), line.hours) for line in lines), total)


def _ranked(named_hours: Iterable[tuple[str, Decimal]], total: Decimal) -> Shares:
    """Hours added up by name in any case, each with its share of `total`, the most first;
    names without hours in the period are left out. A name reads as it is written on most
    of its hours, whatever order the rows came in."""
    spellings: dict[str, dict[str, Decimal]] = {}  # by name in any case: each spelling's hours
    for name, hours in named_hours:
        counted = spellings.setdefault(name.casefold(), {})
        counted[name] = counted.get(name, ZERO) + hours
    grouped = [
        (max(counted, key=lambda name: (counted[name], name)), sum(counted.values(), ZERO))
        for counted in spellings.values()
    ]
    return sorted(
        ((name, hours, hours / total * 100 if total else ZERO) for name, hours in grouped if hours),
        key=lambda item: (-item[1], item[0].casefold()),
    )


def bucket_unit(first_day: date, last_day: date) -> str:
    """How the period's hours are charted: by day up to a month, by week up to six months,
    by month beyond."""
    apart = (last_day - first_day).days  # a single day is 0 apart, a month of 31 days 30
    if apart < DAYS_UP_TO:
        return "day"
    return "week" if apart <= MONTHS_FROM_DAYS else "month"


def _label(day: date, unit: str, count: int) -> str:
    """`Nov 2026` a month, `23 Nov` a week or a day — `Mon 23` for a week's days."""
    if unit == "month":
        return f"{day:%b %Y}"
    if unit == "day" and count <= 7:
        return f"{day:%a} {day.day}"
    return f"{day.day} {day:%b}"


def _reclaimed(owner, owner_settings, start: datetime, end: datetime, now: datetime) -> dict:
    """Per task: hours reclaimed measured and estimated, and profit impact, over the part
    of the period that has passed with each decision active (as `weeks.active_share` and
    "earned so far" count them). One query for the logs."""
    decisions = [
        d
        for d in owner.decisions.started().select_related("task", "contractor")
        if d.kind != "keep"
    ]
    overlaps = []
    for decision in decisions:
        span = active_span(decision, owner_settings, now)
        if span is None:
            continue
        a, b = max(span[0], start), min(span[1], end, now)
        if b > a:
            overlaps.append((decision, a, b))
    logged = logged_hours.hours_of_tasks_in_windows(
        owner.pk, [(d.task_id, a, b) for d, a, b in overlaps]
    )
    result: dict[int, tuple[Decimal, Decimal, Decimal]] = {}
    zone = owner_settings.zone
    for (decision, a, b), hours in zip(overlaps, logged, strict=True):
        weeks = weeks_in(a, b, zone)
        plan = decision.effective_plan
        figures = outsourcing.numbers_for(plan, owner_settings.weeks_per_year)
        measured = outsourcing.measured_hours_reclaimed(plan.baseline_hours, hours, weeks)
        estimated = outsourcing.estimated_hours_reclaimed(plan, weeks)
        old = result.get(decision.task_id, (ZERO, ZERO, ZERO))
        result[decision.task_id] = (
            old[0] + measured,
            old[1] + estimated,
            old[2] + figures.weekly_profit_impact * weeks,
        )
    return result
