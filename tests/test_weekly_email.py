"""The weekly review email: due on the owner's day and hour, sent once a week whatever runs
it, retried after a failed send, one-click unsubscribe."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.management import call_command

from triage import weekly_email
from triage.models import WeeklyReviewSent

pytestmark = pytest.mark.django_db
BERLIN = ZoneInfo("Europe/Berlin")


@pytest.fixture
def subscribed(owner, make_task, make_log, make_gut_check, make_decision):
    owner.email = "olivia@example.com"
    owner.save()
    settings = owner.owner_settings
    settings.weekly_email, settings.weekly_email_weekday, settings.weekly_email_hour = True, 0, 8
    settings.save()
    task = make_task(owner, "Email triage", category="email")
    last_week = settings.this_week().previous
    make_log(task, last_week.start + timedelta(hours=9), 120)
    make_gut_check(task)
    return owner


def test_due_from_the_owners_day_and_hour_in_their_zone(owner):
    settings = owner.owner_settings
    settings.weekly_email_weekday, settings.weekly_email_hour = 0, 8  # Monday 08:00 Berlin
    assert not weekly_email.is_due(settings, datetime(2026, 11, 23, 7, 59, tzinfo=BERLIN))
    assert weekly_email.is_due(settings, datetime(2026, 11, 23, 8, 0, tzinfo=BERLIN))
    assert weekly_email.is_due(settings, datetime(2026, 11, 25, 12, tzinfo=BERLIN))


def test_sent_once_a_week_however_often_it_runs(subscribed, capsys):
    call_command("send_weekly_reviews")
    call_command("send_weekly_reviews")
    out = capsys.readouterr().out
    assert "sent 1, skipped 0, failed 0" in out and "sent 0, skipped 1, failed 0" in out
    [message] = mail.outbox
    assert message.to == ["olivia@example.com"]
    week = subscribed.owner_settings.this_week().previous
    assert week.label in message.subject
    assert "Hours logged: 2.0 h" in message.body
    assert f"/dashboard/?week={week.label}" in message.body
    assert "Hand off next: Email triage" in message.body
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    html = message.alternatives[0].content
    assert "<img" not in html and "http" in html  # links, no images, no tracking


def test_a_failed_send_is_retried_on_the_next_run(subscribed, monkeypatch, capsys):
    def down(*args, **kwargs):
        raise ConnectionRefusedError("SMTP is down")

    monkeypatch.setattr("django.core.mail.EmailMultiAlternatives.send", down)
    call_command("send_weekly_reviews")
    assert "failed 1" in capsys.readouterr().out
    assert not WeeklyReviewSent.objects.exists()  # nothing marked sent
    monkeypatch.undo()
    call_command("send_weekly_reviews")
    assert len(mail.outbox) == 1


def test_dry_run_lists_and_sends_nothing(subscribed, capsys):
    call_command("send_weekly_reviews", "--dry-run")
    assert "would send" in capsys.readouterr().out and not mail.outbox
    assert not WeeklyReviewSent.objects.exists()


def test_one_click_unsubscribe_and_a_tampered_link(client, subscribed):
    token = weekly_email.unsubscribe_token(subscribed)
    assert client.get(f"/unsubscribe/{token}/").status_code == 200
    assert client.post(f"/unsubscribe/{token}/").status_code == 200  # no login, no CSRF token
    subscribed.owner_settings.refresh_from_db()
    assert subscribed.owner_settings.weekly_email is False
    tampered = client.post(f"/unsubscribe/{token[:-3]}abc/")
    assert tampered.status_code == 400 and "nothing was changed" in tampered.content.decode()


def test_the_preview_in_settings(owner_client, subscribed):
    html = owner_client.get("/settings/weekly-email/").content.decode()
    assert "Hours logged: 2.0 h" in html and "Subject:" in html
    assert owner_client.get("/settings/weekly-email/html/").status_code == 200
