"""Letting go, the pure part: what a handoff earned so far, the next step for each thing
that holds an owner back, the checklist templates, and the job brief. No database."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from triage import formatting, outsourcing
from triage.choices import Blocker, Category, ReviewAnswer

FIRST_REVIEW_AFTER = timedelta(days=14)
NEXT_REVIEW_AFTER = {
    ReviewAnswer.KEEP_GOING: timedelta(weeks=4),
    ReviewAnswer.ADJUST: timedelta(weeks=2),
}
ZERO = Decimal(0)


@dataclass(frozen=True)
class Earned:
    """What a handoff has earned since it started (PRODUCT.md, "Earned so far")."""

    hours_back: Decimal  # measured: B × active weeks − hours still logged on the task
    estimated_hours: Decimal  # what the plan promised for the same time: (B − M) × weeks
    value: Decimal  # hours back × V × u
    paid: Decimal  # C × R per active week, prorated by day
    net: Decimal

    @property
    def net_of_whole_figures(self) -> Decimal:
        """The net as the value and the paid read when shown without cents (`$4,869` of MGA
        time for `$746` paid — `$4,123` net), so the line adds up: never more than a unit
        from the exact net, which would read `$4,122`."""
        return formatting.whole_units(self.value) - formatting.whole_units(self.paid)

    def __add__(self, other: "Earned") -> "Earned":
        return Earned(
            self.hours_back + other.hours_back,
            self.estimated_hours + other.estimated_hours,
            self.value + other.value,
            self.paid + other.paid,
            self.net + other.net,
        )


NOTHING_YET = Earned(ZERO, ZERO, ZERO, ZERO, ZERO)


def as_shown(earned: Earned) -> Earned:
    """The figures as a page reads them: hours to a tenth, money in whole units."""
    value, paid = formatting.whole_units(earned.value), formatting.whole_units(earned.paid)
    hours_back, estimated = (
        formatting.rounded(hours) for hours in (earned.hours_back, earned.estimated_hours)
    )
    return Earned(hours_back, estimated, value, paid, value - paid)


def added_as_shown(earnings: Iterable[Earned]) -> Earned:
    """Decisions' earnings in all, as the sum of what each one reads (8.5 + 16.2 + 8.2 h
    back are 32.9 h, $1,272 + $2,042 + $881 net are $4,195): a total under its decisions
    adds them up, within a few tenths or units of their exact sum."""
    return sum((as_shown(earned) for earned in earnings), NOTHING_YET)


def earned_so_far(plan: outsourcing.Plan, active_weeks: Decimal, logged_since: Decimal) -> Earned:
    """`active_weeks`: the time the decision has been active, in weeks (days ÷ 7, up to now);
    `logged_since`: the hours the owner still logged on the task in that time.

    The worked example active 3 weeks with 0.5 h a week still logged: 13.5 h back, 1,620.00
    value, 300.00 paid, 1,320.00 net."""
    hours_back = outsourcing.measured_hours_reclaimed(
        plan.baseline_hours, logged_since, active_weeks
    )
    value = hours_back * plan.mga_hourly_value * plan.reinvested_share
    paid = plan.contractor_hours * plan.contractor_rate * active_weeks
    estimated = outsourcing.estimated_hours_reclaimed(plan, active_weeks)
    return Earned(hours_back, estimated, value, paid, value - paid)


def first_review(activated_on: date) -> date:
    return activated_on + FIRST_REVIEW_AFTER


@dataclass(frozen=True)
class NextStep:
    blocker: str
    title: str
    text: str  # with the owner's own numbers
    link: str  # where in Triage to take it: "checklist", "trial", "what-if", "contractors"…


def next_steps(
    blockers: list[str],
    numbers: outsourcing.Numbers | None,
    plan: outsourcing.Plan | None,
    money,  # Callable[[Decimal], str]: writes money as the owner reads it
) -> list[NextStep]:
    """Each blocker's concrete next step, in the order of `Blocker`."""
    steps = []
    for blocker in Blocker:
        if blocker not in blockers:
            continue
        steps.append(_step(blocker, numbers, plan, money))
    return steps


def _step(blocker: str, numbers, plan, money) -> NextStep:
    if blocker == Blocker.CONTROL:
        return NextStep(
            blocker,
            "Write down how you do it",
            "A handoff checklist and a definition of done say what “done like me” means, so "
            "someone else can do it to your standard. Start from a template below.",
            "checklist",
        )
    if blocker == Blocker.FEAR:
        return NextStep(
            blocker,
            "Start it as a trial",
            "Hand it off for two weeks, then answer one question: is it working? Taking it back "
            "is a fine answer.",
            "trial",
        )
    if blocker == Blocker.MONEY and numbers is not None and plan is not None:
        smaller = max(plan.contractor_hours / 2, Decimal("0.5")) if plan.contractor_hours else ZERO
        return NextStep(
            blocker,
            "Try the smallest slice that still pays",
            f"It costs {money(numbers.weekly_cost)} a week and frees "
            f"{formatting.hours(outsourcing.hours_reclaimed(plan))} h worth "
            f"{money(numbers.reclaimed_value_per_week)}. Any rate under "
            f"{money(numbers.break_even_rate) if numbers.break_even_rate else '—'}/h pays"
            + (
                f", and the handoff pays back in {formatting.hours(numbers.payback_weeks)} weeks"
                if numbers.payback_weeks
                else ""
            )
            + f"; try {formatting.hours(smaller)} contractor hours a week in the what-if.",
            "what-if",
        )
    if blocker == Blocker.MONEY:
        return NextStep(
            blocker,
            "Try the smallest slice that still pays",
            "Give the task a baseline first.",
            "what-if",
        )
    if blocker == Blocker.WHO:
        return NextStep(
            blocker,
            "Find someone who loves this kind of work",
            "Pick from your contractors, or paste the job brief below into a job post.",
            "contractors",
        )
    payback = numbers.payback_weeks if numbers is not None else None
    handoff = plan.handoff_hours if plan is not None else ZERO
    return NextStep(
        blocker,
        "Count the handoff hours once",
        f"Handing it over takes about {formatting.hours(handoff)} h, once"
        + (f"; they pay back in about {formatting.hours(payback)} weeks." if payback else "."),
        "time",
    )


# Steps to start a handoff checklist from, by category. The owner takes or leaves them.
CHECKLIST_TEMPLATES = {
    Category.BOOKKEEPING: [
        "Share read access to the accounting software and the bank feed",
        "Record a 10-minute walkthrough of a month-end close",
        "List the recurring bills, invoices and who to chase",
        "Agree the monthly deadline and the report you want back",
    ],
    Category.EMAIL: [
        "Set up delegated access or a shared inbox",
        "Write the rules: what to answer, archive, forward to you",
        "Collect ten template replies you send often",
        "Agree a daily time and how urgent mail reaches you",
    ],
    Category.ADMIN: [
        "List the recurring admin jobs and how often they happen",
        "Share the logins in a password manager",
        "Record how you do the two most common jobs",
        "Agree a weekly check-in",
    ],
    Category.MARKETING: [
        "Share the brand guide and the accounts to post from",
        "Agree the posting calendar for the next month",
        "Write what needs your approval before it goes out",
        "Collect three posts that worked, as examples",
    ],
    "scheduling": [
        "Give calendar access and your booking rules (hours, buffers, no-meeting days)",
        "Write who gets priority and who gets a polite no",
        "Share the booking link and the meeting templates",
    ],
}
GENERIC_CHECKLIST = [
    "Write down the steps as you do them next time",
    "Record a short screen video of one run",
    "Share the accounts and files it needs",
    "Agree what done looks like and when you check in",
]


def checklist_template(category: str, title: str = "") -> list[str]:
    """Starting steps for a task: by its category, or by words of its title."""
    if category in CHECKLIST_TEMPLATES:
        return CHECKLIST_TEMPLATES[category]
    words = f"{category} {title}".lower()
    for key in ("scheduling", "social", "calendar"):
        if key in words:
            return CHECKLIST_TEMPLATES["scheduling" if key != "social" else Category.MARKETING]
    return GENERIC_CHECKLIST


def job_brief(
    title: str,
    contractor_hours: Decimal,
    break_even_rate: Decimal | None,
    steps: list[str],
    definition_of_done: str,
    money,
) -> str:
    """A text to paste into a job post: the task, hours a week, a rate range, the checklist
    and what done looks like."""
    top = break_even_rate if break_even_rate and break_even_rate > 0 else None
    rate = (
        f"{money(top * Decimal('0.6'))}–{money(top * Decimal('0.9'))} an hour"
        if top
        else "your rate"
    )
    lines = [
        f"Looking for someone who enjoys {title.lower()}.",
        f"About {formatting.hours(contractor_hours)} hours a week, paid {rate}.",
    ]
    if steps:
        lines.append("What the work involves:")
        lines += [f"- {step}" for step in steps]
    if definition_of_done:
        lines.append(f"Done means: {definition_of_done}")
    lines.append("We start with a two-week trial.")
    return "\n".join(lines)
