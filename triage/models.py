"""Triage's data: every row belongs to one owner (a Django user)."""

import hashlib
import secrets
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.sessions.base_session import AbstractBaseSession
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import connection, models, transaction
from django.db.models import Count, Exists, ExpressionWrapper, F, OuterRef, Q, Sum
from django.db.models.functions import Lower
from django.utils import timezone

from triage import formatting, gutcheck, letting_go, outsourcing
from triage.categories import default_is_mga
from triage.choices import (  # noqa: F401  (models re-export the choices)
    BaselineSource,
    Blocker,
    Category,
    DecisionKind,
    DecisionStatus,
    Feeling,
    ReviewAnswer,
    Weekday,
)
from triage.durations import MAX_ENTRY
from triage.entries import day_name
from triage.text import one_line, tag_pattern
from triage.weeks import Week, week_of

OWNER = settings.AUTH_USER_MODEL
# 2000-01-01 00:00 in the easternmost time zone (UTC+14), and the end of 2100 anywhere.
EARLIEST_INSTANT = datetime(1999, 12, 31, 10, 0, tzinfo=UTC)
LATEST_INSTANT = datetime(2101, 1, 2, tzinfo=UTC)
ZERO = Decimal("0")
HOURS_IN_A_WEEK = 168


def _day(day: date) -> str:
    """`Thu 26 Nov` (with the year when it is not this year's), as every message names a day
    (`entries.day_name`); this year by the owner's time zone, which a request activates."""
    return day_name(day, timezone.localdate())


def record_state(values) -> str:
    """What a row holds, as 16 hex characters: an edit form carries it from when it was
    drawn, so its save can tell the row changed in the meantime."""
    return hashlib.sha256(repr(values).encode()).hexdigest()[:16]


class ChangedMeanwhile(Exception):
    """A row changed between the check that read it (a form's, a request's) and the write,
    by another tab or device saving at the same moment: nothing was written."""


def save_or_refuse_if_gone(row: models.Model) -> None:
    """Save a new row, or update an existing one, never inserting it again: Django's save
    inserts when its UPDATE finds nothing, so a row another tab deleted a moment ago came
    back (empty, for a form's fields only). Gone, it raises NotUpdated instead, which
    answers "deleted a moment ago" (`GoneMeanwhileMiddleware`)."""
    row.save(force_update=not row._state.adding)


def lock_owner(owner, find_task: str | None = None) -> "Task | None":
    """Serialise writes of one owner that must not interleave (timer clicks in two tabs, an
    import confirmed twice). Call inside a transaction; other owners are not held up.

    With `find_task`, the same statement also reads the owner's task of that title (in any
    case) and returns it, or None: a quick entry's lookup costs no round trip of its own. The
    task is read as of the statement's start, so one created while this waited is missed.

    The lock is FOR NO KEY UPDATE: it excludes the others' owner locks and any update of
    the owner's row, but not the KEY SHARE lock PostgreSQL's foreign-key checks take on it
    (a session saved, a row inserted that names the owner). FOR UPDATE conflicted with
    those: a session save checking its deferred key at COMMIT and a timer click waiting for
    the owner's row deadlocked (seen by the twenty-tabs test in CI).
    """
    if find_task is None:
        users = get_user_model().objects.select_for_update(no_key=True)
        users.filter(pk=owner.pk).values_list("pk").first()
        return None
    # Written out: the ORM's version of this join costs more to build than the round trip
    # it saves. The owner's row is locked; the task's side of the outer join cannot be.
    quote = connection.ops.quote_name
    users, tasks = quote(get_user_model()._meta.db_table), quote(Task._meta.db_table)
    features = connection.features
    lock = (
        f" FOR NO KEY UPDATE OF {users}"
        if features.has_select_for_update_of and features.has_select_for_no_key_update
        else ""
    )
    found = Task.objects.raw(
        f"SELECT task.* FROM {users} LEFT JOIN {tasks} AS task ON task.owner_id = {users}.id "
        f"AND UPPER(task.title) = UPPER(%s) WHERE {users}.id = %s ORDER BY task.id LIMIT 1{lock}",
        [find_task, owner.pk],
    )
    task = next(iter(found), None)
    return task if task is not None and task.pk is not None else None


class OwnerSettings(models.Model):
    owner = models.OneToOneField(OWNER, on_delete=models.CASCADE, related_name="owner_settings")
    currency = models.CharField(max_length=3, default="USD", help_text="ISO 4217 code")
    # How money and numbers are written (`€325.00` or `325,00 €`): a Babel locale.
    locale = models.CharField(max_length=20, default="en_US")
    time_zone = models.CharField(max_length=64, default="UTC")
    first_weekday = models.PositiveSmallIntegerField(
        choices=Weekday.choices, default=Weekday.MONDAY
    )
    mga_hourly_value = models.DecimalField(
        "MGA hourly value",
        max_digits=10,
        decimal_places=2,
        default=Decimal("100.00"),
        validators=[MinValueValidator(ZERO)],
        help_text="What one hour of money-generating work earns you.",
    )
    default_contractor_rate = models.DecimalField(
        max_digits=10,
        decimal_places=2,
        default=Decimal("30.00"),
        validators=[MinValueValidator(ZERO)],
    )
    weeks_per_year = models.PositiveSmallIntegerField(
        default=48, validators=[MinValueValidator(1), MaxValueValidator(53)]
    )
    monthly_income = models.DecimalField(
        max_digits=12, decimal_places=2, null=True, blank=True, validators=[MinValueValidator(ZERO)]
    )
    # What the MGA hourly value can be worked out from (revenue ÷ MGA hours), kept as typed.
    monthly_revenue = models.DecimalField(
        max_digits=12, decimal_places=2, null=True, blank=True, validators=[MinValueValidator(ZERO)]
    )
    monthly_mga_hours = models.DecimalField(
        "monthly MGA hours",
        max_digits=6,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(ZERO)],
    )
    reinvested_percent = models.DecimalField(
        "share of freed hours put into MGAs (%)",
        max_digits=5,
        decimal_places=2,
        default=Decimal("100"),
        validators=[MinValueValidator(ZERO), MaxValueValidator(Decimal("100"))],
    )
    # Goals for a week, both optional: the dashboard, the email and the API say how a week did.
    mga_share_goal = models.PositiveSmallIntegerField(
        "MGA share goal (%)",
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )
    weekly_hours_cap = models.DecimalField(
        "hours a week, at most",
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("1")), MaxValueValidator(Decimal("168"))],
    )
    onboarded = models.BooleanField(default=False)
    # The weekly review email: opt-in, on the owner's day and hour in their time zone.
    weekly_email = models.BooleanField("send me the weekly review", default=False)
    weekly_email_weekday = models.PositiveSmallIntegerField(
        "on", choices=Weekday.choices, default=Weekday.MONDAY
    )
    weekly_email_hour = models.PositiveSmallIntegerField(
        "at (hour)", default=8, validators=[MaxValueValidator(23)]
    )
    # The tracking reminder (Toggl's): on the owner's days from their hour, when nothing is
    # logged that day yet and no timer runs.
    reminder_email = models.BooleanField("remind me when nothing is logged", default=False)
    # The days, as weekday digits (0 Monday … 6 Sunday): "01234", Monday to Friday.
    reminder_days = models.CharField(
        "on",
        max_length=7,
        default="01234",
        blank=True,
        validators=[RegexValidator(r"^[0-6]*$", "Days are digits 0 (Monday) to 6 (Sunday).")],
    )
    reminder_hour = models.PositiveSmallIntegerField(
        "from (hour)", default=17, validators=[MaxValueValidator(23)]
    )

    class Meta:
        verbose_name_plural = "owner settings"
        constraints = [
            models.CheckConstraint(
                condition=Q(mga_hourly_value__gte=0)
                & Q(default_contractor_rate__gte=0)
                & (Q(monthly_income__isnull=True) | Q(monthly_income__gte=0)),
                name="owner_settings_money_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(reinvested_percent__gte=0) & Q(reinvested_percent__lte=100),
                name="owner_settings_reinvested_percent_range",
            ),
            models.CheckConstraint(
                condition=Q(weeks_per_year__gte=1) & Q(weeks_per_year__lte=53),
                name="owner_settings_weeks_per_year_range",
            ),
            models.CheckConstraint(
                condition=(
                    Q(mga_share_goal__isnull=True)
                    | (Q(mga_share_goal__gte=1) & Q(mga_share_goal__lte=100))
                )
                & (
                    Q(weekly_hours_cap__isnull=True)
                    | (Q(weekly_hours_cap__gte=1) & Q(weekly_hours_cap__lte=168))
                ),
                name="owner_settings_goals_range",
            ),
        ]

    def __str__(self) -> str:
        return f"Settings of {self.owner}"

    @classmethod
    def of(cls, owner) -> "OwnerSettings":
        """The owner's settings, created with the defaults the first time they are needed
        (sign-up, an account made with createsuperuser, a command). The one place that
        creates them."""
        try:
            return owner.owner_settings
        except cls.DoesNotExist:
            owner_settings, _ = cls.objects.get_or_create(owner=owner)
            owner.owner_settings = owner_settings
            return owner_settings

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.time_zone)

    @property
    def reminder_weekdays(self) -> set[int]:
        return {int(day) for day in self.reminder_days}

    @property
    def weekly_hours_cap_duration(self) -> timedelta | None:
        """The cap as the log page writes time (`37h 30m`)."""
        cap = self.weekly_hours_cap
        return None if cap is None else timedelta(minutes=int(cap * 60))

    @property
    def reinvested_share(self) -> Decimal:
        return self.reinvested_percent / 100

    def today(self) -> date:
        """Today in the owner's time zone: the one "today" every page and rule uses."""
        return timezone.localtime(timezone.now(), self.zone).date()

    def format_money(self, value: Decimal | None, whole: bool = False) -> str:
        """Money as this owner reads it (`€325.00`, `325,00 €`)."""
        return formatting.money(value, self.currency, self.locale, whole=whole)

    def week_of(self, moment: datetime | date) -> Week:
        """The owner's week holding an instant or a local day (their zone, first weekday)."""
        return week_of(moment, self.zone, self.first_weekday)

    def this_week(self) -> Week:
        return self.week_of(timezone.now())

    def default_plan(self, baseline_hours: Decimal) -> outsourcing.Plan:
        """The first guess at handing off a task with this baseline, from these settings."""
        return outsourcing.default_plan(
            baseline_hours,
            self.mga_hourly_value,
            self.default_contractor_rate,
            self.reinvested_share,
        )


IDLE_WEEKS = 12  # a task with no time in this many weeks is idle (`idle_since`)


class TaskQuerySet(models.QuerySet):
    def spellings(self, field: str) -> dict[str, str]:
        """The clients (or projects) of these tasks as written, by their case-folded form:
        "acme" typed or imported where "Acme" exists becomes "Acme", so the report's hours
        by client are not split between two spellings."""
        names = self.exclude(**{field: ""}).values_list(field, flat=True).distinct()
        spelt: dict[str, str] = {}
        for name in names.order_by(field):
            spelt.setdefault(name.casefold(), name)
        return spelt

    def spelt_as(self, field: str, typed: str) -> str:
        """A client or project typed (`field`), on one line and as these tasks already
        write it ("acme" where "Acme" exists); "" for nothing typed."""
        typed = one_line(typed)
        return self.spellings(field).get(typed.casefold(), typed) if typed else ""

    def names(self, field: str, most: int = 200) -> list[str]:
        """The clients (or projects) of these tasks as `spellings` writes them, A to Z: a
        form's suggestions."""
        return sorted(self.spellings(field).values(), key=str.casefold)[:most]

    def tagged(self, tag: str) -> "TaskQuerySet":
        """Tasks whose tags for new logs carry `tag` as one whole tag, in any case: those a
        tag's rename changes, as `TimeLogQuerySet.tagged` finds its logs."""
        return self.filter(default_tags__iregex=tag_pattern(tag))

    def found_by(self, query: str) -> "TaskQuerySet":
        """Tasks with every word of `query` in their title, client or project, in any case
        and order (the task list's search and the API's `?q=`): "acme" finds the tasks done
        for Acme. All of them for an empty query."""
        for word in one_line(query).split():
            self = self.filter(
                Q(title__icontains=word) | Q(client__icontains=word) | Q(project__icontains=word)
            )
        return self

    def idle_since(self, since: datetime) -> "TaskQuerySet":
        # (IDLE_WEEKS: how far back "idle" looks, for the task list's clean-up and imports.)
        """Open tasks with nothing logged from `since` on (no timer running on them either)
        and no decision planned or in force — but with older logs, or made before `since`
        (a task made today for work to come is not idle): after an imported history, the
        one-off descriptions that crowd every list and picker."""
        has_logs = Exists(TimeLog.objects.filter(task=OuterRef("pk")))
        return (
            self.filter(Q(created_at__lt=since) | Q(has_logs), archived=False)
            .exclude(time_logs__end__gte=since)
            .exclude(time_logs__end__isnull=True)
            .exclude(decisions__status__in=[DecisionStatus.PLANNED, DecisionStatus.ACTIVE])
        )

    def titled(self, owner, title: str, category: str, is_mga: bool | None = None) -> "Task":
        """The owner's task with this title (in any case), created when missing, money-
        generating as answered or by its category's default. Two requests creating it at
        once both get the one task (get_or_create retries)."""
        if is_mga is None:
            is_mga = default_is_mga(category)
        task, _ = self.get_or_create(
            owner=owner,
            title__iexact=title,
            defaults={"title": title, "category": category, "is_mga": is_mga},
        )
        return task


class Task(models.Model):
    owner = models.ForeignKey(OWNER, on_delete=models.CASCADE, related_name="tasks")
    title = models.CharField(max_length=120)
    # The standard categories are suggestions; an owner may type their own.
    category = models.CharField(max_length=40, default=Category.OTHER)
    is_mga = models.BooleanField("money-generating activity", default=False)
    # Kept from imports (Toggl, Clockify, Harvest) and shown with the task.
    client = models.CharField(max_length=120, blank=True)
    project = models.CharField(max_length=120, blank=True)
    # Toggl's "billable by default": a new log of the task that comes without tags of its own
    # (a quick entry, a timer start, a timesheet cell, the full form) gets these.
    default_tags = models.CharField("Tags for new logs", max_length=300, blank=True)
    # Toggl's favourites: always among the log page's one-tap timer chips, first.
    pinned = models.BooleanField("Pinned to the timer", default=False)
    estimated_minutes_per_week = models.PositiveIntegerField(null=True, blank=True)
    archived = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = TaskQuerySet.as_manager()

    class Meta:
        ordering = [Lower("title")]
        constraints = [
            models.UniqueConstraint(Lower("title"), "owner", name="task_title_unique_per_owner"),
            models.CheckConstraint(condition=~Q(title=""), name="task_title_not_empty"),
        ]

    def __str__(self) -> str:
        return self.title

    def tags_for_new_log(self, tags: str = "") -> str:
        """A new log's tags: its own when it comes with some, else the task's defaults."""
        return tags or self.default_tags

    def restore_if_archived(self) -> bool:
        """Work logged on an archived task (its title typed in a quick entry, a timer or
        the API) brings it back to the task lists, where its hours are shown: True when
        this restored it. A task picked from a list is never archived (the lists leave
        those out)."""
        if not self.archived:
            return False
        self.archived = False
        return bool(Task.objects.filter(pk=self.pk, archived=True).update(archived=False))

    def decisions_in_force_with(self, other: "Task") -> "tuple[Decision, Decision] | None":
        """A decision of this task and one of `other` in force on some same day: merged,
        the one task would be handed off twice over those days (its hours counted twice)."""
        theirs = list(other.decisions.started())
        for mine in self.decisions.started():
            clash = next((decision for decision in theirs if mine.shares_days_with(decision)), None)
            if clash is not None:
                return mine, clash
        return None

    def merge_into(self, other: "Task") -> None:
        """Move this task's logs, gut checks and decisions to `other`, then delete it. One
        transaction: a failure leaves both tasks as they were."""
        if other.pk == self.pk or other.owner_id != self.owner_id:
            raise ValueError("A task merges into another task of the same owner.")
        with transaction.atomic():
            # Under the owner's lock: a merge the other way (or a delete) in another tab
            # waits, then finds the task gone, instead of moving logs onto a deleted task.
            lock_owner(self.owner)
            if len(self._locked_rows(self.pk, other.pk)) != 2:
                raise Task.DoesNotExist("The task was merged or deleted meanwhile.")
            if self.decisions_in_force_with(other):
                raise ValueError(
                    "Both tasks now have a decision in force on some of the same days: as one "
                    "task its hours would count twice. End one of them first."
                )
            self.time_logs.update(task=other)
            self.gut_checks.update(task=other)
            self.decisions.update(task=other)
            self.delete()

    def delete_with_history(self) -> None:
        """Delete the task with its logs, gut checks and decisions, under the owner's lock
        (not while another tab merges into it)."""
        with transaction.atomic():
            lock_owner(self.owner)
            if self._locked_rows(self.pk):
                self.delete()

    @staticmethod
    def _locked_rows(*pks: int) -> list[int]:
        """Which of these tasks still exist, their rows locked until the transaction ends:
        a write naming one from another tab (a log, a gut check) waits, then finds it gone,
        instead of slipping in between Django collecting what goes with a task and its
        DELETE (which then failed on that new row)."""
        return list(
            Task.objects.select_for_update().filter(pk__in=pks).values_list("pk", flat=True)
        )

    @property
    def estimated_hours_per_week(self) -> Decimal | None:
        if self.estimated_minutes_per_week is None:
            return None
        return Decimal(self.estimated_minutes_per_week) / 60


def overlapping(start: datetime, end: datetime, via: str = "") -> Q:
    """Finished logs covering any part of [start, end), as a condition; `via` is the path to
    the log from the queried model (e.g. "time_logs__"). A log is at most 24 hours, so none
    that started a day before `start` can reach it: that bound keeps the read an index range
    on (owner, start), not a scan of the owner's whole history."""
    return Q(
        **{f"{via}start__gte": start - MAX_ENTRY, f"{via}start__lt": end, f"{via}end__gt": start}
    )


class TimeLogQuerySet(models.QuerySet):
    def running(self) -> "TimeLogQuerySet":
        return self.filter(end__isnull=True)

    def overlapping(self, start: datetime, end: datetime) -> "TimeLogQuerySet":
        """Finished logs that cover any part of [start, end) (see `overlapping`)."""
        return self.filter(overlapping(start, end))

    def tagged(self, tag: str) -> "TimeLogQuerySet":
        """Logs that carry `tag` as one whole tag, in any case (`text.tag_pattern`): the log
        search's `?tag=`, the time-log export's and the API's."""
        return self.filter(tags__iregex=tag_pattern(tag))

    def matching(
        self, tag: str = "", client: str = "", project: str = "", category: str = "", task=None
    ) -> "TimeLogQuerySet":
        """Logs with that whole tag, of that client's, that project's or that category's
        tasks (each in any case), of that task: each given filter narrows. The log search,
        its CSV, the report and the API's list filter alike."""
        logs = self.tagged(tag) if tag else self
        if client:
            logs = logs.filter(task__client__iexact=client)
        if project:
            logs = logs.filter(task__project__iexact=project)
        if category:
            logs = logs.filter(task__category__iexact=category)
        if task is not None:
            logs = logs.filter(task=task)
        return logs

    def totals(self) -> dict:
        """How many finished logs, and their whole time: `{"count": n, "time": timedelta}`."""
        duration = ExpressionWrapper(F("end") - F("start"), output_field=models.DurationField())
        return self.filter(end__isnull=False).aggregate(
            count=Count("pk"), time=Sum(duration, default=timedelta(0))
        )


class TimeLog(models.Model):
    owner = models.ForeignKey(OWNER, on_delete=models.CASCADE, related_name="time_logs")
    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="time_logs")
    start = models.DateTimeField()
    end = models.DateTimeField(null=True, blank=True, help_text="Empty while the timer runs.")
    note = models.CharField(max_length=500, blank=True)
    tags = models.CharField(max_length=300, blank=True, help_text="Comma-separated, as imported.")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = TimeLogQuerySet.as_manager()

    class Meta:
        ordering = ["-start"]
        constraints = [
            # The timer lives in the database: one running log per owner, whatever the tab.
            models.UniqueConstraint(
                "owner", condition=Q(end__isnull=True), name="one_running_timer_per_owner"
            ),
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gt=F("start")),
                name="time_log_end_after_start",
            ),
            # Every log lies between 2000-01-01 (in any time zone) and the year 2100: no
            # owner's time zone can then push a row beyond what dates can hold.
            models.CheckConstraint(
                condition=Q(start__gte=EARLIEST_INSTANT)
                & (Q(end__isnull=True) | Q(end__lt=LATEST_INSTANT)),
                name="time_log_within_supported_dates",
            ),
        ]
        indexes = [models.Index(fields=["owner", "start"], name="time_log_owner_start")]

    def __str__(self) -> str:
        return f"{self.task} from {self.start:%Y-%m-%d %H:%M}"

    @property
    def is_running(self) -> bool:
        return self.end is None

    @property
    def duration(self) -> timedelta:
        return (self.end or timezone.now()) - self.start

    def state(self) -> str:
        """What the row holds, in 16 hex characters: an edit form carries it from when it
        was drawn, so saving it can tell that the log changed meanwhile (another tab, the
        phone) instead of quietly putting the old times back."""
        ends = self.end and self.end.timestamp()
        return record_state((self.task_id, self.start.timestamp(), ends, self.note, self.tags))


class GutCheck(models.Model):
    owner = models.ForeignKey(OWNER, on_delete=models.CASCADE, related_name="gut_checks")
    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="gut_checks")
    checked_at = models.DateTimeField(default=timezone.now)
    is_mga = models.BooleanField("is it a money-generating activity?")
    need_to_do = models.BooleanField("do I need to do it myself?")
    need_to_learn = models.BooleanField("do I need to learn it?")
    need_to_master = models.BooleanField("do I need to master it?")
    overwhelm = models.PositiveSmallIntegerField(
        "does it drain me? (1–5)", validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    feeling = models.CharField(max_length=5, choices=Feeling.choices)
    # What holds the owner back from handing it off (Blocker codes), asked with the verdict.
    blockers = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["-checked_at"]
        get_latest_by = "checked_at"
        constraints = [
            models.CheckConstraint(
                condition=Q(overwhelm__gte=1) & Q(overwhelm__lte=5),
                name="gut_check_overwhelm_1_to_5",
            ),
            models.CheckConstraint(
                condition=Q(feeling__in=Feeling.values), name="gut_check_feeling_valid"
            ),
        ]
        indexes = [models.Index(fields=["task", "-checked_at"], name="gut_check_task_latest")]

    def __str__(self) -> str:
        return f"Gut check of {self.task} on {self.checked_at:%Y-%m-%d}"

    @property
    def answers(self) -> gutcheck.Answers:
        return gutcheck.Answers(
            is_mga=self.is_mga,
            need_to_do=self.need_to_do,
            need_to_learn=self.need_to_learn,
            need_to_master=self.need_to_master,
            overwhelm=self.overwhelm,
            feeling=self.feeling,
        )


class ContractorQuerySet(models.QuerySet):
    def named(self, owner, name: str, rate: Decimal | None = None) -> "Contractor":
        """The owner's contractor of this name (any case), added when missing."""
        contractor, _ = self.get_or_create(
            owner=owner, name__iexact=name, defaults={"name": name, "rate": rate}
        )
        return contractor


class Contractor(models.Model):
    """Someone who loves the kind of dish the owner hands off."""

    owner = models.ForeignKey(OWNER, on_delete=models.CASCADE, related_name="contractors")
    name = models.CharField(max_length=120)
    loves_doing = models.CharField("what they do and love doing", max_length=300, blank=True)
    rate = models.DecimalField(
        "rate (per hour)",
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(ZERO)],
    )
    contact = models.CharField("email or URL", max_length=300, blank=True)
    notes = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ContractorQuerySet.as_manager()

    class Meta:
        ordering = [Lower("name")]
        constraints = [
            models.UniqueConstraint(
                Lower("name"), "owner", name="contractor_name_unique_per_owner"
            ),
            models.CheckConstraint(
                condition=Q(rate__isnull=True) | Q(rate__gte=0), name="contractor_rate_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def delete_unnaming_decisions(self) -> None:
        """Delete the contractor; the decisions that named them stay, naming nobody. Their
        row is locked first (as `Task.delete_with_history` locks a task's): a decision
        naming them from another tab — its foreign key's check shares the row — waits and
        finds them gone, or landed before and is unnamed. Without it, a decision saved
        between the delete's unnaming and its DELETE failed the delete at its commit."""
        with transaction.atomic():
            list(Contractor.objects.select_for_update().filter(pk=self.pk).values("pk"))
            self.delete()

    @property
    def email(self) -> str:
        return self.contact if "@" in self.contact and "/" not in self.contact else ""


class InvalidTransition(Exception):
    """A decision was asked to move to a status it cannot reach from where it is."""


class DecisionQuerySet(models.QuerySet):
    def started(self) -> "DecisionQuerySet":
        """Decisions that have been active at some point (active now, or ended)."""
        return self.filter(activated_on__isnull=False)


class Decision(models.Model):
    owner = models.ForeignKey(OWNER, on_delete=models.CASCADE, related_name="decisions")
    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="decisions")
    gut_check = models.ForeignKey(
        GutCheck, on_delete=models.SET_NULL, null=True, blank=True, related_name="decisions"
    )
    kind = models.CharField("decision", max_length=10, choices=DecisionKind.choices)
    decided_on = models.DateField()
    status = models.CharField(
        max_length=7, choices=DecisionStatus.choices, default=DecisionStatus.PLANNED
    )
    activated_on = models.DateField(null=True, blank=True)
    ended_on = models.DateField(null=True, blank=True)
    contractor = models.ForeignKey(
        Contractor, on_delete=models.SET_NULL, null=True, blank=True, related_name="decisions"
    )
    contractor_rate = models.DecimalField(
        "contractor rate (per hour)",
        max_digits=10,
        decimal_places=2,
        default=ZERO,
        validators=[MinValueValidator(ZERO)],
    )
    contractor_hours_per_week = models.DecimalField(
        "contractor hours a week",
        max_digits=6,
        decimal_places=2,
        default=ZERO,
        validators=[MinValueValidator(ZERO), MaxValueValidator(HOURS_IN_A_WEEK)],
    )
    management_minutes_per_week = models.PositiveIntegerField(
        "your management minutes a week",
        default=0,
        validators=[MaxValueValidator(HOURS_IN_A_WEEK * 60)],
    )
    handoff_hours = models.DecimalField(
        "one-time handoff hours",
        max_digits=6,
        decimal_places=2,
        default=ZERO,
        validators=[MinValueValidator(ZERO)],
    )
    notes = models.TextField(blank=True)
    blockers = models.JSONField(default=list, blank=True)  # Blocker codes, as on the gut check
    # The handoff: how it is done, and when the trial is reviewed.
    sop_url = models.URLField("SOP link", max_length=500, blank=True)
    definition_of_done = models.TextField(blank=True)
    review_on = models.DateField(null=True, blank=True)
    # Snapshots taken when the decision is made, so later logs do not rewrite history.
    baseline_hours_per_week = models.DecimalField(max_digits=7, decimal_places=2, default=ZERO)
    baseline_source = models.CharField(
        max_length=8, choices=BaselineSource.choices, default=BaselineSource.NONE
    )
    mga_hourly_value = models.DecimalField(max_digits=10, decimal_places=2, default=ZERO)
    reinvested_percent = models.DecimalField(
        "freed hours you'll put into MGAs (%)",
        max_digits=5,
        decimal_places=2,
        default=Decimal("100"),
        validators=[MinValueValidator(ZERO), MaxValueValidator(100)],
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = DecisionQuerySet.as_manager()

    class Meta:
        ordering = ["-decided_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(contractor_rate__gte=0)
                & Q(contractor_hours_per_week__gte=0)
                & Q(handoff_hours__gte=0)
                & Q(baseline_hours_per_week__gte=0)
                & Q(mga_hourly_value__gte=0),
                name="decision_numbers_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(reinvested_percent__gte=0) & Q(reinvested_percent__lte=100),
                name="decision_reinvested_percent_range",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=DecisionKind.values), name="decision_kind_valid"
            ),
            models.CheckConstraint(
                condition=(
                    Q(status="planned") & Q(activated_on__isnull=True) & Q(ended_on__isnull=True)
                )
                | (Q(status="active") & Q(activated_on__isnull=False) & Q(ended_on__isnull=True))
                | (
                    Q(status="ended")
                    & Q(activated_on__isnull=False)
                    & Q(ended_on__isnull=False)
                    & Q(ended_on__gte=F("activated_on"))
                ),
                name="decision_status_dates_consistent",
            ),
        ]
        indexes = [models.Index(fields=["owner", "status"], name="decision_owner_status")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.task}"

    # The status a decision must have for each action, and the one it moves to.
    TRANSITIONS = {
        "activate": (DecisionStatus.PLANNED, DecisionStatus.ACTIVE),
        "end": (DecisionStatus.ACTIVE, DecisionStatus.ENDED),
    }

    def transition_problem(self, action: str, on: date) -> tuple[str, str] | None:
        """Why the decision cannot take `action` ("activate" or "end") on `on`, as
        (field, message) for a form; None when it can. The one home of these rules."""
        required, _ = self.TRANSITIONS[action]
        if self.status != required:
            return "action", f"This decision is {self.get_status_display().lower()}."
        if on < self.decided_on:
            return "on", f"That is before the decision was made ({_day(self.decided_on)})."
        if action == "end" and on < self.activated_on:
            return "on", "It cannot end before it started."
        other = self.in_force_beside(on) if action == "activate" else None
        if other is not None and (other.status == DecisionStatus.ENDED or other.activated_on >= on):
            until = f" to {_day(other.ended_on)}" if other.ended_on else ""
            return "on", (
                f"{other} is in force on this task from {_day(other.activated_on)}{until}: "
                f"one decision at a time counts its hours, so start this one after that."
            )
        return None

    def in_force_during(self, first: date, last: date | None) -> bool:
        """In force on some day from `first` through `last` (None: from then on); ended_on
        is a day in force."""
        return (
            self.activated_on is not None
            and (last is None or self.activated_on <= last)
            and (self.ended_on is None or self.ended_on >= first)
        )

    def shares_days_with(self, other: "Decision") -> bool:
        """Both have been in force on some same day."""
        return self.activated_on is not None and other.in_force_during(
            self.activated_on, self.ended_on
        )

    def review_is_due(self, today: date) -> bool:
        """Active, and its review date has come."""
        return (
            self.status == DecisionStatus.ACTIVE
            and self.review_on is not None
            and self.review_on <= today
        )

    def in_force_beside(self, on: date) -> "Decision | None":
        """Another decision on this task in force on `on` or later: a task is handed off (or
        kept, or automated) one way at a time, or its hours would count twice."""
        others = Decision.objects.filter(task_id=self.task_id).started().exclude(pk=self.pk)
        in_force = (
            other for other in others.order_by("-activated_on") if other.in_force_during(on, None)
        )
        return next(in_force, None)

    def _move(self, action: str, on: date, date_field: str) -> None:
        """The move, checked on the decision as stored now: call it under the owner's lock
        with the decision read under it (`_lock_and_reread`, or a read made under the lock),
        so a move another tab made meanwhile is seen and two tabs do it once."""
        problem = self.transition_problem(action, on)
        if problem:
            raise InvalidTransition(problem[1])
        self.status = self.TRANSITIONS[action][1]
        setattr(self, date_field, on)
        self.save(update_fields=["status", date_field])

    def _lock_and_reread(self, *fields: str) -> None:
        """Take the owner's lock and read the decision's state as stored now (inside the
        caller's transaction): what another tab did meanwhile counts."""
        lock_owner(self.owner)
        try:
            self.refresh_from_db(fields=["status", "activated_on", "ended_on", *fields])
        except Decision.DoesNotExist:  # its task deleted in another tab: "gone" (404)
            raise self.NotUpdated("The decision was deleted meanwhile.") from None

    def activate(self, on: date) -> "Decision | None":
        """Start the handoff as a trial: its first review two weeks later. A decision on the
        same task that is active since before `on` ends the day before (the owner changed
        course); that one is returned. Under the owner's lock: two tabs activating two
        decisions of one task leave one in force."""
        with transaction.atomic():
            self._lock_and_reread()
            replaced = self.in_force_beside(on)  # read under the lock
            self._move("activate", on, "activated_on")  # checks the rules again, as stored
            if replaced is not None:
                replaced._move("end", on - timedelta(days=1), "ended_on")
            if self.review_on is None or self.review_on < on:
                self.review_on = letting_go.first_review(on)
                self.save(update_fields=["review_on"])
        return replaced

    def answer_review(self, answer: str, note: str, on: date, measured, estimated) -> "Review":
        """Record the answer to the review that is due (once: two tabs record one), then keep
        going (next review in four weeks), adjust (in two) or take it back (it ends). Raises
        InvalidTransition when another tab answered it or ended the decision meanwhile."""
        with transaction.atomic():
            due_on = self.review_on  # the review the owner was asked about
            self._lock_and_reread("review_on", "notes")
            if self.status != DecisionStatus.ACTIVE:
                raise InvalidTransition(f"{self} has ended: there is no review to answer.")
            if self.review_on != due_on:
                raise InvalidTransition("That review was already answered.")
            review = Review.objects.create(
                owner_id=self.owner_id,
                decision=self,
                due_on=due_on,
                reviewed_on=on,
                answer=answer,
                note=note,
                measured_hours=measured.quantize(outsourcing.CENT),
                estimated_hours=estimated.quantize(outsourcing.CENT),
            )
            if answer == ReviewAnswer.TAKE_BACK:
                self.notes = f"{self.notes}\n{on.isoformat()}: taken back. {note}".strip()
                self.save(update_fields=["notes"])
                self._move("end", max(on, self.activated_on), "ended_on")  # locked, reread
            else:
                self.review_on = on + letting_go.NEXT_REVIEW_AFTER[answer]
                self.save(update_fields=["review_on"])
        return review

    def end(self, on: date) -> None:
        with transaction.atomic():
            self._lock_and_reread()
            self._move("end", on, "ended_on")

    def rebaseline(self, hours: Decimal, source: str, on: date) -> None:
        """Take the baseline the logs now give; the old one stays in the notes. Once: a
        double click or a second tab finds it taken and writes no second line."""
        with transaction.atomic():
            self._lock_and_reread("baseline_hours_per_week", "baseline_source", "notes")
            hours = hours.quantize(outsourcing.CENT)
            if (self.baseline_hours_per_week, self.baseline_source) == (hours, source):
                return
            old = f"{self.baseline_hours_per_week:.2f} h ({self.get_baseline_source_display()})"
            self.baseline_hours_per_week, self.baseline_source = hours, source
            new = f"{hours:.2f} h ({self.get_baseline_source_display()})"
            line = f"{on.isoformat()}: baseline updated from {old} to {new}."
            self.notes = f"{self.notes}\n{line}".strip()
            self.save(update_fields=["baseline_hours_per_week", "baseline_source", "notes"])

    @property
    def plan(self) -> outsourcing.Plan:
        return outsourcing.plan_from(
            baseline_hours=self.baseline_hours_per_week,
            management_minutes=self.management_minutes_per_week,
            contractor_hours=self.contractor_hours_per_week,
            contractor_rate=self.contractor_rate,
            mga_hourly_value=self.mga_hourly_value,
            reinvested_percent=self.reinvested_percent,
            handoff_hours=self.handoff_hours,
        )

    @property
    def recommendation(self) -> str:
        """What the gut check it was made from recommended ("" without one)."""
        if self.gut_check is None:
            return ""
        return gutcheck.evaluate(
            self.gut_check.answers, self.baseline_hours_per_week
        ).recommendation

    @property
    def effective_plan(self) -> outsourcing.Plan:
        """Outsourced: the plan as typed. Automated or eliminated: the hours come back and
        nobody is paid. Kept: nothing changes."""
        return {
            DecisionKind.OUTSOURCE: self.plan,
            DecisionKind.KEEP: self.plan.kept(),
        }.get(self.kind, self.plan.without_contractor())

    def numbers(self, weeks_per_year: int) -> outsourcing.Numbers:
        return outsourcing.numbers_for(self.effective_plan, weeks_per_year)


class RestoredDelete(models.Model):
    """An undo token that has been used: a replayed token finds its row here and restores
    nothing."""

    owner = models.ForeignKey(OWNER, on_delete=models.CASCADE, related_name="+")
    token_digest = models.CharField(max_length=64, unique=True)
    restored_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"Undo used at {self.restored_at:%Y-%m-%d %H:%M}"


class ChecklistStep(models.Model):
    """One step of handing a task over, ticked when done; ordered by position."""

    owner = models.ForeignKey(OWNER, on_delete=models.CASCADE, related_name="+")
    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="steps")
    position = models.PositiveIntegerField(default=0)
    text = models.CharField(max_length=300)
    done = models.BooleanField(default=False)

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.text


class Review(models.Model):
    """The answer to "is it working?" on a review date, with what was measured by then."""

    owner = models.ForeignKey(OWNER, on_delete=models.CASCADE, related_name="+")
    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="reviews")
    due_on = models.DateField()
    reviewed_on = models.DateField()
    answer = models.CharField(max_length=10, choices=ReviewAnswer.choices)
    note = models.TextField(blank=True)
    measured_hours = models.DecimalField(max_digits=9, decimal_places=2)
    estimated_hours = models.DecimalField(max_digits=9, decimal_places=2)

    class Meta:
        ordering = ["-reviewed_on", "-pk"]
        constraints = [
            # Two tabs answering the same due review record one review.
            models.UniqueConstraint("decision", "due_on", name="one_review_per_due_date"),
        ]

    def __str__(self) -> str:
        return f"{self.get_answer_display()} on {self.reviewed_on}"


class ImportBatch(models.Model):
    """An uploaded file waiting for the owner to confirm its preview, then its outcome.

    The text is kept in the database, not on one server's disk, so the confirm can land on
    any web container.
    """

    owner = models.ForeignKey(OWNER, on_delete=models.CASCADE, related_name="import_batches")
    filename = models.CharField(max_length=255)
    source = models.CharField(max_length=20)
    encoding = models.CharField(max_length=40, default="UTF-8")
    content = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)
    imported_at = models.DateTimeField(null=True, blank=True)
    imported_count = models.PositiveIntegerField(default=0)
    skipped_count = models.PositiveIntegerField(default=0)
    task_ids = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.filename} ({self.source})"


class WeeklyReviewSent(models.Model):
    """One weekly review email per owner and week: the row is claimed before sending, so two
    schedulers running at once, or a re-run after a crash, send it once."""

    owner = models.ForeignKey(OWNER, on_delete=models.CASCADE, related_name="+")
    week = models.CharField(max_length=8)  # the ISO label of the week it reviews
    claimed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint("owner", "week", name="one_weekly_review_per_week")]

    def __str__(self) -> str:
        return f"Weekly review {self.week}"


class ReminderSent(models.Model):
    """One reminder per owner and day, claimed before sending (as `WeeklyReviewSent`)."""

    owner = models.ForeignKey(OWNER, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()  # the owner's local day it reminded of
    claimed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint("owner", "day", name="one_reminder_per_day")]

    def __str__(self) -> str:
        return f"Reminder {self.day}"


class ApiTokenQuerySet(models.QuerySet):
    def issue(self, owner, name: str) -> tuple["ApiToken", str]:
        """A new token for `owner`: the row (which keeps only a hash) and the secret, which
        is shown once and never stored."""
        secret = "trg_" + secrets.token_urlsafe(32)
        token = self.create(owner=owner, name=name or "API token", digest=token_digest(secret))
        return token, secret


def token_digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


class ApiToken(models.Model):
    """A personal API token: `Authorization: Bearer <secret>` acts as its owner."""

    owner = models.ForeignKey(OWNER, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=80)
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    # The API's rate limit (triage.api.TokenRateLimit): the requests made in the window that
    # began at `window_start`, counted by the statement that authenticates each request.
    window_start = models.DateTimeField(null=True, blank=True)
    window_hits = models.PositiveIntegerField(default=0)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.name


class OwnerSession(AbstractBaseSession):
    """A session with its owner in a column of its own, so the session, the owner and their
    settings load in one query on every request (triage.sessions)."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )

    @classmethod
    def get_session_store_class(cls):
        from triage.sessions import SessionStore

        return SessionStore
