"""The demo owner's believable history, and bulk rows for benchmarks.

A solo consultant: client work and sales pay the bills; invoicing, bookkeeping, email,
social media and scheduling eat the rest. Five weeks ago they handed off bookkeeping and
social media and automated scheduling, and their logs show the hours coming back.
"""

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from triage import logged_hours
from triage.models import Contractor, Decision, DecisionKind, GutCheck, OwnerSettings, Task, TimeLog

DEMO_USERNAME = "demo"
DEMO_EMAIL = "demo@example.com"
DEMO_PASSWORD = "demo"
HISTORY_WEEKS = 12
DECIDED_DAYS_AGO = 35


@dataclass(frozen=True)
class DemoTask:
    title: str
    category: str
    is_mga: bool
    minutes: tuple[int, int]  # a day's range
    days: str  # weekdays it happens on: "01234" = Mon–Fri
    chance: float = 1.0
    after_handoff: tuple[int, int] | None = None  # minutes a day once handed off
    tags: str = ""  # each log's, as a tracker's tags
    client: str = ""
    project: str = ""
    pinned: bool = False  # first among the timer's chips


TASKS = [
    DemoTask(
        "Client work",
        "client work",
        True,
        (150, 300),
        "01234",
        tags="billable",
        client="Northwind Studio",
        project="Brand refresh",
        pinned=True,
    ),
    DemoTask("Sales calls", "sales", True, (30, 90), "0123", 0.7, project="New business"),
    DemoTask("Proposals", "sales", True, (45, 90), "13", 0.8, project="New business"),
    DemoTask("Email triage", "email", False, (40, 75), "01234"),
    DemoTask("Invoicing", "bookkeeping", False, (50, 80), "4"),
    DemoTask("Bookkeeping", "bookkeeping", False, (90, 120), "2", 1.0, (10, 20)),
    DemoTask("Social media", "marketing", False, (30, 50), "01234", 1.0, (0, 10)),
    DemoTask("Scheduling", "admin", False, (15, 30), "01234", 1.0, (0, 6)),
    DemoTask("Website updates", "tech", False, (45, 75), "3", 0.7),
    DemoTask("Research", "content", False, (30, 60), "024", 0.5),
]

GUT_CHECKS = {
    # title: (is_mga, do, learn, master, overwhelm, feeling)
    "Client work": (True, True, False, True, 2, "love"),
    "Sales calls": (True, True, False, False, 3, "shrug"),
    "Proposals": (True, True, False, False, 3, "shrug"),
    "Email triage": (False, False, False, False, 4, "hate"),
    "Invoicing": (False, False, False, False, 4, "hate"),
    "Bookkeeping": (False, False, False, False, 5, "hate"),
    "Social media": (False, False, False, False, 4, "shrug"),
    "Scheduling": (False, False, False, False, 3, "hate"),
    "Website updates": (False, False, True, False, 2, "shrug"),
}

DECISIONS = [
    # title, kind, contractor, rate, hours a week, management minutes, handoff hours
    (
        "Bookkeeping",
        DecisionKind.OUTSOURCE,
        "Ledger & Co",
        Decimal("45"),
        Decimal("1.5"),
        15,
        Decimal("4"),
    ),
    (
        "Social media",
        DecisionKind.OUTSOURCE,
        "Maya (VA)",
        Decimal("25"),
        Decimal("3"),
        30,
        Decimal("3"),
    ),
    (
        "Scheduling",
        DecisionKind.AUTOMATE,
        "Booking page",
        Decimal("0"),
        Decimal("0"),
        10,
        Decimal("2"),
    ),
]


def _day_logs(owner, tasks: dict[str, Task], day: date, zone, handed_off_since: date | None):
    """A day of work, the same every time for the same day (seeded by the date)."""
    rng = random.Random(day.toordinal())
    cursor = datetime.combine(day, time(8, 30), tzinfo=zone) + timedelta(minutes=rng.randint(0, 40))
    logs = []
    for spec in TASKS:
        if str(day.weekday()) not in spec.days or rng.random() > spec.chance:
            continue
        low, high = spec.minutes
        if spec.after_handoff and handed_off_since and day >= handed_off_since:
            low, high = spec.after_handoff
        minutes = rng.randint(low, high)
        if minutes <= 0:
            continue
        start = cursor
        end = start + timedelta(minutes=minutes)
        task = tasks[spec.title]
        logs.append(TimeLog(owner=owner, task=task, start=start, end=end, tags=spec.tags))
        cursor = end + timedelta(minutes=rng.choice([0, 5, 10, 15]))
    return logs


def create_gut_checks(owner, tasks: dict[str, Task], checked_at: datetime) -> None:
    """The demo consultant's answers, for each task they checked (keyed by title)."""
    GutCheck.objects.bulk_create(
        GutCheck(
            owner=owner,
            task=tasks[title],
            checked_at=checked_at,
            is_mga=a[0],
            need_to_do=a[1],
            need_to_learn=a[2],
            need_to_master=a[3],
            overwhelm=a[4],
            feeling=a[5],
        )
        for title, a in GUT_CHECKS.items()
    )


def seed_demo_owner(now: datetime | None = None, admin: bool = False) -> tuple[object, int]:
    """Create or top up the demo owner up to today. Returns (owner, logs added).

    With `admin` (local development only) demo / demo also opens Django's admin.
    """
    now = now or timezone.now()
    User = get_user_model()
    with transaction.atomic():
        owner, created = User.objects.get_or_create(username=DEMO_USERNAME)
        if created:
            owner.set_password(DEMO_PASSWORD)
        if admin:
            owner.is_staff = owner.is_superuser = True
        if not owner.email:  # a verified address, so the demo is not asked for one
            owner.email = DEMO_EMAIL
        owner.save()
        if not EmailAddress.objects.filter(user=owner).exists():
            EmailAddress.objects.create(user=owner, email=owner.email, verified=True, primary=True)
        owner_settings = OwnerSettings.of(owner)
        if created or not owner_settings.onboarded:
            owner_settings.currency = "USD"
            owner_settings.time_zone = "America/New_York"
            owner_settings.mga_hourly_value = Decimal("150.00")
            owner_settings.default_contractor_rate = Decimal("30.00")
            owner_settings.monthly_income = Decimal("12000.00")
            # Goals the demo's weeks are working towards: more MGA, fewer hours.
            owner_settings.mga_share_goal = 70
            owner_settings.weekly_hours_cap = Decimal("35.0")
            owner_settings.onboarded = True
            owner_settings.save()
        zone = owner_settings.zone
        today = now.astimezone(zone).date()
        tasks = {}
        for spec in TASKS:
            task, _ = Task.objects.get_or_create(
                owner=owner,
                title=spec.title,
                defaults={
                    "category": spec.category,
                    "is_mga": spec.is_mga,
                    "default_tags": spec.tags,  # its new logs tagged as its old ones
                    "client": spec.client,
                    "project": spec.project,
                    "pinned": spec.pinned,
                },
            )
            tasks[spec.title] = task
        decided_on = today - timedelta(days=DECIDED_DAYS_AGO)
        has_decisions = owner.decisions.exists()
        handed_off_since = (
            owner.decisions.order_by("activated_on").values_list("activated_on", flat=True).first()
            if has_decisions
            else decided_on
        )

        last_end = owner.time_logs.order_by("-start").values_list("start", flat=True).first()
        first_day = today - timedelta(weeks=HISTORY_WEEKS)
        if last_end is not None:
            first_day = max(first_day, last_end.astimezone(zone).date() + timedelta(days=1))
        new_logs = []
        day = first_day
        while day < today:  # today stays empty: the owner logs it themselves
            new_logs.extend(_day_logs(owner, tasks, day, zone, handed_off_since))
            day += timedelta(days=1)
        TimeLog.objects.bulk_create(new_logs, batch_size=1000)

        if not owner.gut_checks.exists():
            checked_at = datetime.combine(decided_on - timedelta(days=2), time(17), tzinfo=zone)
            create_gut_checks(owner, tasks, checked_at)
        if not has_decisions:
            for title, kind, contractor, rate, hours, management, handoff in DECISIONS:
                task = tasks[title]
                decision = Decision(
                    owner=owner,
                    task=task,
                    kind=kind,
                    decided_on=decided_on,
                    gut_check=task.gut_checks.first(),
                    contractor=Contractor.objects.get_or_create(
                        owner=owner, name=contractor, defaults={"rate": rate}
                    )[0]
                    if contractor
                    else None,
                    contractor_rate=rate,
                    contractor_hours_per_week=hours,
                    management_minutes_per_week=management,
                    handoff_hours=handoff,
                    reinvested_percent=owner_settings.reinvested_percent,
                )
                logged_hours.snapshot_decision(decision, owner_settings)
                decision.save()
                decision.activate(decided_on)
    return owner, len(new_logs)
