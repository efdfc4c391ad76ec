"""The weekly review email: who is due, what it says, and sending it at most once a week.

Sent by `manage.py send_weekly_reviews`, run every hour by the platform's scheduler: an
opted-in owner with an email address is due from their chosen day and hour (their time
zone) until the review of last week is sent. A row per owner and week is claimed before
sending; a failed send gives the claim back, so the next run tries again.
"""

from datetime import datetime, time, timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.urls import reverse

from triage import dashboard_figures, decision_rows, goals, mailing
from triage.models import OwnerSettings, WeeklyReviewSent


def is_due(owner_settings: OwnerSettings, now: datetime) -> bool:
    """From the owner's day and hour of this week on (their zone), last week is reviewed."""
    this_week = owner_settings.week_of(now)
    offset = (owner_settings.weekly_email_weekday - this_week.first_day.weekday()) % 7
    send_day = this_week.first_day + timedelta(days=offset)
    send_at = datetime.combine(
        send_day, time(owner_settings.weekly_email_hour), tzinfo=owner_settings.zone
    )
    return now >= send_at


def due(now: datetime):
    """Opted-in owners with a verified email whose moment has come this week."""
    return (s for s in mailing.opted_in("weekly_email") if is_due(s, now))


def compose(owner_settings: OwnerSettings, now: datetime) -> EmailMultiAlternatives:
    owner = owner_settings.owner
    week = owner_settings.week_of(now).previous
    data = dashboard_figures.dashboard(owner, owner_settings, week, now)
    headline = dashboard_figures.headline(data, owner_settings.weeks_per_year)
    # What to hand off next is today's (the dashboard's, whatever week it shows), as the gut
    # check the mail links to shows it, not as it stood a week ago.
    top = data.outsource_next[0] if data.outsource_next else None
    # Nothing to hand off yet: the task that takes most time with no verdict, to check.
    check_next = data.to_check[0] if top is None and data.to_check else None
    site = settings.SITE_URL.rstrip("/")
    today = owner_settings.today()
    context = {
        "owner_settings": owner_settings,
        "week": week,
        "headline": headline,
        "counted_twice": dashboard_figures.counted_twice(owner, week),
        "goals": goals.of_week(owner_settings, headline.hours, data.mga_hours[data.this]),
        "decisions_in_force": bool(data.active_decisions),
        # Each with its proof: what is still logged on it against the hours before.
        "active_decisions": (
            shown := dashboard_figures.decisions_as_shown(
                data.active_decisions, owner_settings.currency
            )
        ),
        "a_row_reads_off": any(row.reads_off for row in shown),
        # What letting go has earned up to now, as the dashboard and the decisions page say.
        "earned": decision_rows.earned_in_all(data.started_decisions, owner_settings, now),
        "top": top,
        "top_yearly": top.weekly_profit_impact * owner_settings.weeks_per_year if top else None,
        # Each with the address of its review form, as the dashboard links them.
        "reviews_due": [
            (decision, f"{site}{reverse('decision_detail', args=[decision.pk])}#review")
            for decision in data.reviews_due(today)
        ],
        "today": today,
        "dashboard_url": f"{site}{reverse('dashboard')}?week={week.label}",
        "decide_url": f"{site}{reverse('gut_check', args=[top.task.pk])}#result" if top else "",
        "check_next": check_next,
        "check_url": (
            f"{site}{reverse('gut_check', args=[check_next.task.pk])}" if check_next else ""
        ),
    }
    subject = f"Your week {week.label}: what you got off your plate"
    return mailing.message(owner_settings, "email/weekly_review", subject, context, "weekly")


def send_due(now: datetime, dry_run: bool = False, out=None) -> mailing.Outcome:
    """Send every review that is due, at most one per owner and week."""
    due_now = ((s, {"week": s.week_of(now).previous.label}) for s in due(now))
    return mailing.send_once(
        due_now, WeeklyReviewSent, lambda s: compose(s, now), dry_run=dry_run, out=out
    )
