"""The tracking reminder (Toggl's): on the owner's days, from their hour in their time zone,
an email when nothing is logged that day yet and no timer runs — a day forgotten is a hole
in every figure of the week.

Sent by `manage.py send_reminders`, run every hour like the weekly review: at most one per
owner and day (`mailing.send_once`), none once anything is logged or a timer started.
"""

from datetime import date, datetime

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db.models import Q
from django.urls import reverse

from triage import logged_hours, mailing
from triage.entries import day_name
from triage.models import OwnerSettings, ReminderSent, TimeLog, overlapping
from triage.weeks import day_window


def is_due(owner_settings: OwnerSettings, now: datetime) -> bool:
    """One of the owner's days in their zone (Monday to Friday unless they chose), from
    their hour on."""
    local = now.astimezone(owner_settings.zone)
    days = owner_settings.reminder_weekdays
    return local.weekday() in days and local.hour >= owner_settings.reminder_hour


def local_day(owner_settings: OwnerSettings, now: datetime) -> date:
    return now.astimezone(owner_settings.zone).date()


def has_logged_today(owner_settings: OwnerSettings, now: datetime) -> bool:
    """Anything logged on the owner's day of `now`, or a timer running."""
    start, end = day_window(local_day(owner_settings, now), owner_settings.zone)
    logged_or_running = overlapping(start, min(end, now)) | Q(end__isnull=True)
    return TimeLog.objects.filter(logged_or_running, owner=owner_settings.owner).exists()


def due(now: datetime):
    """Opted-in owners with a verified email, past their hour on one of their days, with
    nothing logged today."""
    return (
        owner_settings
        for owner_settings in mailing.opted_in("reminder_email")
        if is_due(owner_settings, now) and not has_logged_today(owner_settings, now)
    )


def compose(owner_settings: OwnerSettings, now: datetime) -> EmailMultiAlternatives:
    today = local_day(owner_settings, now)
    week = owner_settings.week_of(now)
    site = settings.SITE_URL.rstrip("/")
    context = {
        "day": day_name(today, today),
        "week_hours": TimeLog.objects.filter(owner=owner_settings.owner).aggregate(
            time=logged_hours.window_sum(week.start, now)
        )["time"],
        "cap": owner_settings.weekly_hours_cap,
        "log_url": f"{site}{reverse('log')}",
    }
    subject = f"Nothing logged today ({context['day']}) — what did you work on?"
    return mailing.message(owner_settings, "email/reminder", subject, context, "reminder")


def send_due(now: datetime, dry_run: bool = False, out=None) -> mailing.Outcome:
    """Remind every owner who is due, at most once a day."""
    due_now = ((s, {"day": local_day(s, now)}) for s in due(now))
    return mailing.send_once(
        due_now, ReminderSent, lambda s: compose(s, now), dry_run=dry_run, out=out
    )
