"""The tracking reminder: on weekdays from the owner's hour, an email when nothing is logged
that day and no timer runs — at most one a day, with a one-click unsubscribe of its own."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.core import mail
from django.core.management import call_command

from triage import reminders
from triage.models import ReminderSent, TimeLog

pytestmark = pytest.mark.django_db
BERLIN = ZoneInfo("Europe/Berlin")
FRIDAY_EVENING = datetime(2026, 11, 27, 17, 30, tzinfo=BERLIN)


@pytest.fixture
def reminded(owner):
    owner_settings = owner.owner_settings  # Berlin
    owner_settings.reminder_email = True
    owner_settings.reminder_hour = 17
    owner_settings.save()
    return owner


def test_due_on_weekdays_from_the_owners_hour_in_their_zone(reminded):
    owner_settings = reminded.owner_settings
    assert reminders.is_due(owner_settings, FRIDAY_EVENING)
    assert not reminders.is_due(owner_settings, FRIDAY_EVENING - timedelta(minutes=31))  # 16:59
    assert not reminders.is_due(owner_settings, FRIDAY_EVENING + timedelta(days=1))  # Saturday
    assert reminders.is_due(owner_settings, FRIDAY_EVENING + timedelta(days=3))  # Monday
    owner_settings.time_zone = "America/New_York"  # 11:30 there
    assert not reminders.is_due(owner_settings, FRIDAY_EVENING)
    owner_settings.time_zone = "Europe/Berlin"
    owner_settings.reminder_days = "56"  # a weekend worker's days
    assert reminders.is_due(owner_settings, FRIDAY_EVENING + timedelta(days=1))  # Saturday
    assert not reminders.is_due(owner_settings, FRIDAY_EVENING)


def test_one_reminder_a_day_when_nothing_is_logged(reminded, make_task, make_log):
    make_log(make_task(reminded, "Invoicing"), FRIDAY_EVENING - timedelta(days=1), 60)  # Thursday
    outcome = reminders.send_due(FRIDAY_EVENING)
    assert (outcome.sent, outcome.skipped) == (1, 0)
    assert reminders.send_due(FRIDAY_EVENING + timedelta(hours=1)).skipped == 1
    assert len(mail.outbox) == 1 and ReminderSent.objects.get().day.isoformat() == "2026-11-27"
    message = mail.outbox[0]
    assert message.to == ["olivia@example.com"]
    assert message.subject == "Nothing logged today (Fri 27 Nov) — what did you work on?"
    assert "This week so far: 1.0 h logged." in message.body
    assert f"{settings.SITE_URL.rstrip('/')}/log/\n" in message.body
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    # Monday is another day: reminded again.
    assert reminders.send_due(FRIDAY_EVENING + timedelta(days=3)).sent == 1


@pytest.mark.parametrize("what", ["a log today", "a timer running", "a log from last night"])
def test_no_reminder_once_anything_is_logged_or_running(reminded, make_task, make_log, what):
    task = make_task(reminded, "Invoicing")
    if what == "a log today":
        make_log(task, FRIDAY_EVENING - timedelta(hours=8), 20)
    elif what == "a timer running":
        TimeLog.objects.create(owner=reminded, task=task, start=FRIDAY_EVENING - timedelta(days=1))
    else:  # Thursday 23:30 to Friday 00:30: half an hour of it is Friday's
        make_log(task, datetime(2026, 11, 26, 23, 30, tzinfo=BERLIN), 60)
    assert reminders.send_due(FRIDAY_EVENING).sent == 0 and not mail.outbox


def test_only_opted_in_owners_with_a_verified_address(reminded, other_owner):
    from allauth.account.models import EmailAddress

    # Mallory never turned it on; Olivia's address is no longer verified.
    EmailAddress.objects.filter(user=reminded).update(verified=False)
    assert reminders.send_due(FRIDAY_EVENING).sent == 0
    EmailAddress.objects.filter(user=reminded).update(verified=True)
    assert reminders.send_due(FRIDAY_EVENING).sent == 1
    assert mail.outbox[0].to == ["olivia@example.com"]


def test_the_week_so_far_is_held_against_the_cap(reminded, make_task, make_log):
    owner_settings = reminded.owner_settings
    owner_settings.weekly_hours_cap = 35
    owner_settings.save()
    make_log(make_task(reminded, "Client work"), datetime(2026, 11, 23, 9, tzinfo=BERLIN), 150)
    message = reminders.compose(owner_settings, FRIDAY_EVENING)
    assert "This week so far: 2.5 h logged, of your 35.0 h." in message.body
    assert "2.5 h logged, of your 35.0 h" in message.alternatives[0][0]


def test_its_unsubscribe_link_stops_reminders_and_not_the_weekly_review(client, reminded):
    owner_settings = reminded.owner_settings
    owner_settings.weekly_email = True
    owner_settings.save()
    message = reminders.compose(owner_settings, FRIDAY_EVENING)
    address = message.extra_headers["List-Unsubscribe"].strip("<>")
    path = address[address.index("/unsubscribe/") :]
    assert "Stop the reminder email?" in client.get(path).content.decode()
    assert "No more reminder emails" in client.post(path).content.decode()  # no login, no CSRF
    owner_settings.refresh_from_db()
    assert owner_settings.reminder_email is False and owner_settings.weekly_email is True


def test_over_smtp_a_failed_send_is_retried_on_the_next_run(reminded, smtp):
    smtp.stop()
    outcome = reminders.send_due(FRIDAY_EVENING)
    assert outcome.failed == 1 and not ReminderSent.objects.exists()  # the claim given back
    smtp.start()
    assert reminders.send_due(FRIDAY_EVENING + timedelta(hours=1)).sent == 1
    assert smtp.messages[0]["Subject"].startswith("Nothing logged today (Fri 27 Nov)")
    assert smtp.link(smtp.messages[0], "/log/") == "/log/"


def test_the_command_says_what_it_did(reminded, capsys, monkeypatch):
    # Whatever the day the suite runs, the owner is due now (the rule is tested above).
    monkeypatch.setattr(reminders, "is_due", lambda owner_settings, now: True)
    call_command("send_reminders", "--dry-run")
    assert "would send" in capsys.readouterr().out and not mail.outbox
    call_command("send_reminders")
    call_command("send_reminders")
    out = capsys.readouterr().out
    assert "sent 1, skipped 0, failed 0" in out and "sent 0, skipped 1, failed 0" in out


def test_reminders_are_turned_on_in_settings(owner_client, owner, settings_form):
    page = owner_client.get("/settings/").content.decode()
    assert 'name="reminder_email"' in page and 'name="reminder_hour"' in page
    assert page.count('name="reminder_days"') == 7 and page.count("checked") >= 5  # Mon–Fri
    form = settings_form | {"reminder_email": "on", "reminder_hour": "16"}
    form["reminder_days"] = ["6", "0", "5", "0"]  # as ticked, in any order, once each
    assert owner_client.post("/settings/", form).status_code == 302
    owner.owner_settings.refresh_from_db()
    assert owner.owner_settings.reminder_email and owner.owner_settings.reminder_hour == 16
    assert owner.owner_settings.reminder_days == "056"
    no_days = owner_client.post("/settings/", form | {"reminder_days": []})
    assert (
        no_days.status_code == 422
        and "Tick the days to be reminded on." in no_days.content.decode()
    )
    for bad in (["7"], ["x"]):
        assert owner_client.post("/settings/", form | {"reminder_days": bad}).status_code == 422
    refused = owner_client.post("/settings/", form | {"reminder_hour": "24"})
    assert refused.status_code == 422 and "less than or equal to 23" in refused.content.decode()


def test_the_preview_in_settings(owner_client, reminded):
    html = owner_client.get("/settings/reminder-email/").content.decode()
    assert "Reminder email" in html and "Sent on Mon, Tue, Wed, Thu, Fri from 17:00" in html
    assert "Nothing logged today" in html
    assert 'href="/settings/reminder-email/html/"' in html
    mail_html = owner_client.get("/settings/reminder-email/html/").content.decode()
    assert "Log today's work</a>" in mail_html
    assert 'href="/settings/reminder-email/"' in owner_client.get("/settings/").content.decode()
