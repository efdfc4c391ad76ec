"""The weekly review email: due on the owner's day and hour, sent once a week whatever runs
it, retried after a failed send, one-click unsubscribe."""

import re
from datetime import datetime, timedelta
from decimal import Decimal as D
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from triage import mailing, weekly_email
from triage.models import WeeklyReviewSent

pytestmark = pytest.mark.django_db
BERLIN = ZoneInfo("Europe/Berlin")


@pytest.fixture
def subscribed(owner, make_task, make_log, make_gut_check, make_decision):
    owner.email = "olivia@example.com"
    owner.save()
    settings = owner.owner_settings
    settings.weekly_email = True  # due from Monday 00:00: any moment of this week
    settings.weekly_email_weekday = settings.weekly_email_hour = 0
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
    assert f"<title>Your week {week.label}</title>" in html  # named, for a screen reader


def test_the_mail_writes_hours_in_the_owners_locale(subscribed):
    # Sent from a command: no request sets the locale, so the mail sets it itself.
    settings = subscribed.owner_settings
    settings.currency, settings.locale = "EUR", "de_DE"
    settings.save()
    call_command("send_weekly_reviews")
    [message] = mail.outbox
    assert "Hours logged: 2,0 h" in message.body and "2,0 h" in message.alternatives[0].content


def test_with_nothing_to_hand_off_the_mail_names_the_task_to_gut_check(subscribed, make_task):
    from triage.models import GutCheck

    GutCheck.objects.all().delete()  # Email triage has no verdict now: nothing to hand off
    call_command("send_weekly_reviews")
    [message] = mail.outbox
    html = message.alternatives[0].content
    assert "Hand off next" not in message.body
    # Today's figure, as the gut check it links to shows it: the 2 hours of the week just
    # reviewed over the 4 complete weeks before this one.
    assert "Gut-check next: Email triage — 0.5 h a week, no verdict yet." in message.body
    assert re.search(r"Check it: http\S+/tasks/\d+/gut-check/", message.body)
    assert "Gut-check next" in html and "/gut-check/" in html


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
    address = mailing.unsubscribe_url(subscribed, "weekly")
    token = address.rstrip("/").rsplit("/", 1)[1]
    assert "weekly review" in client.get(f"/unsubscribe/{token}/").content.decode()
    assert client.post(f"/unsubscribe/{token}/").status_code == 200  # no login, no CSRF token
    subscribed.owner_settings.refresh_from_db()
    assert subscribed.owner_settings.weekly_email is False
    tampered = client.post(f"/unsubscribe/{token[:-3]}abc/")
    assert tampered.status_code == 400 and "nothing was changed" in tampered.content.decode()


def test_the_preview_in_settings(owner_client, subscribed):
    html = owner_client.get("/settings/weekly-email/").content.decode()
    assert "Hours logged: 2.0 h" in html and "Subject:" in html
    assert owner_client.get("/settings/weekly-email/html/").status_code == 200


@pytest.fixture
def two_subscribed(subscribed, other_owner, make_task, make_log, django_user_model):
    """Olivia (2 h email triage last week) and Mallory (1 h email, 1 h client work) opted in;
    a third owner with an email did not."""
    settings = other_owner.owner_settings
    settings.weekly_email = True  # due from Monday 00:00: any moment of this week
    settings.weekly_email_weekday = settings.weekly_email_hour = 0
    settings.save()
    last_week = settings.this_week().previous
    make_log(
        make_task(other_owner, "Inbox", category="email"), last_week.start + timedelta(hours=9)
    )
    client_work = make_task(other_owner, "Client calls", category="client work", is_mga=True)
    make_log(client_work, last_week.start + timedelta(hours=11))
    django_user_model.objects.create_user("quiet", email="quiet@example.com", password="x" * 20)
    return subscribed, other_owner


def test_over_smtp_twice_in_a_row_one_mail_per_opted_in_owner(two_subscribed, smtp, capsys):
    _, mallory = two_subscribed
    call_command("send_weekly_reviews")
    call_command("send_weekly_reviews")
    out = capsys.readouterr().out
    assert "sent 2, skipped 0, failed 0" in out and "sent 0, skipped 2, failed 0" in out
    by_address = {message["To"]: message for message in smtp.messages}
    assert sorted(by_address) == ["mallory@example.com", "olivia@example.com"]

    week = mallory.owner_settings.this_week().previous
    text = smtp.text(by_address["mallory@example.com"])
    assert week.label in by_address["mallory@example.com"]["Subject"]
    assert "Hours logged: 2.0 h" in text and "MGA share: 50%" in text
    assert "Hours reclaimed: none yet, no decision was in force." in text  # not "0.0 h"
    assert smtp.link(by_address["mallory@example.com"], "/dashboard/") == (
        f"/dashboard/?week={week.label}"
    )
    assert "Hand off next: Email triage" in smtp.text(by_address["olivia@example.com"])
    html = by_address["olivia@example.com"].get_body(preferencelist=("html",)).get_content()
    assert "<img" not in html and "Email triage" in html


def test_a_review_that_is_due_is_in_the_mail_with_a_link_to_its_form(
    subscribed, smtp, owner_client, make_decision
):
    task = subscribed.tasks.get(title="Email triage")
    today = subscribed.owner_settings.today()
    decision = make_decision(task, decided_on=today - timedelta(days=20))
    decision.activate(today - timedelta(days=20))
    call_command("send_weekly_reviews")
    [message] = smtp.messages
    # Due six days ago (reviews come 14 days after the start): said, with how long it waited.
    # (With its year when that was last year: on 1 January, "due 26 Dec 2026".)
    due = rf"due {decision.review_on:%-d %b}( {decision.review_on.year})?, 6 days ago"
    assert re.search(rf"- Outsource Email triage \({due}\):", smtp.text(message))
    assert re.search(r"Hours reclaimed: [\d.]+ h measured, [\d.]+ h estimated", smtp.text(message))
    # Each decision with its proof: last week's 2 hours on the task against the 5 before
    # (under the plan's 4.5 h back: half an hour of managing it was planned, not two).
    proof = (
        "Email triage: 2.0 h still logged, against 5.0 h a week before — 3.0 h back (below plan)"
    )
    assert f"  - {proof}\n" in smtp.text(message).replace("\r\n", "\n")
    review = smtp.link(message, f"/decisions/{decision.pk}/")
    page = owner_client.get(review).content.decode()
    assert "Review due: is it working?" in page and 'id="review"' in page
    html = message.get_body(preferencelist=("html",)).get_content()
    assert f'/decisions/{decision.pk}/#review">Outsource Email triage</a>' in html
    assert proof in html


def test_the_unsubscribe_link_in_the_mail_works_in_one_click(subscribed, smtp, client):
    call_command("send_weekly_reviews")
    [message] = smtp.messages
    header_url = message["List-Unsubscribe"].strip("<>")
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert smtp.link(message, "/unsubscribe/") in header_url
    # What a mail client does with the header: a POST, no login, no CSRF token.
    response = client.post(smtp.link(message, "/unsubscribe/"), {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    subscribed.owner_settings.refresh_from_db()
    assert subscribed.owner_settings.weekly_email is False


def test_with_the_smtp_server_down_nothing_is_marked_sent_and_the_next_run_sends(
    subscribed, smtp, capsys
):
    smtp.stop()
    call_command("send_weekly_reviews")
    assert "sent 0, skipped 0, failed 1" in capsys.readouterr().out
    assert not WeeklyReviewSent.objects.exists()
    smtp.start()
    call_command("send_weekly_reviews")
    assert "sent 1, skipped 0, failed 0" in capsys.readouterr().out
    assert [message["To"] for message in smtp.messages] == ["olivia@example.com"]


def test_an_address_nobody_verified_gets_no_weekly_review(subscribed, smtp, capsys):
    from allauth.account.models import EmailAddress

    EmailAddress.objects.filter(user=subscribed).update(verified=False)
    call_command("send_weekly_reviews")
    assert "sent 0" in capsys.readouterr().out and smtp.messages == []


def test_a_line_whose_figures_do_not_subtract_as_they_read_says_why(
    subscribed, make_task, make_log, make_decision
):
    task = make_task(subscribed, "Bookkeeping")
    last_week = subscribed.owner_settings.this_week().previous
    make_log(task, last_week.start + timedelta(hours=13), 16)  # 0.27 h
    decision = make_decision(task, baseline_hours_per_week=D("1.94"))
    decision.activate(last_week.first_day - timedelta(days=7))
    text = weekly_email.compose(subscribed.owner_settings, timezone.now()).body
    assert "Bookkeeping: 0.3 h still logged, against 1.9 h a week before — 1.7 h back" in text
    assert "a line may be a tenth off" in text
    decision.baseline_hours_per_week = D("2.00")  # 2.0 − 0.3 = 1.7, and 1.73 back: as it reads
    decision.save()
    assert "tenth off" not in weekly_email.compose(subscribed.owner_settings, timezone.now()).body


def test_a_decision_started_mid_week_is_held_against_the_part_of_its_baseline_it_ran(
    subscribed, smtp, make_decision
):
    task = subscribed.tasks.get(title="Email triage")
    thursday = subscribed.owner_settings.this_week().previous.first_day + timedelta(days=3)
    decision = make_decision(task, decided_on=thursday)
    decision.activate(thursday)  # 4 of last week's 7 days: 5 h a week × 4/7 = 2.9 h
    call_command("send_weekly_reviews")
    [message] = smtp.messages
    proof = r"Email triage: [\d.]+ h still logged, against 2\.9 h before in the 57% of the week it ran — [\d.]+ h back"
    assert re.search(proof, smtp.text(message))
    html = message.get_body(preferencelist=("html",)).get_content()
    assert re.search(proof, html)


def test_the_task_to_hand_off_next_has_the_money_its_gut_check_shows(subscribed, owner_client):
    call_command("send_weekly_reviews")
    [message] = mail.outbox
    task = subscribed.tasks.get(title="Email triage")
    shown = re.search(r"Hand off next: Email triage — about (\S+) a week", message.body).group(1)
    page = owner_client.get(f"/tasks/{task.pk}/gut-check/").content.decode()
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page))
    assert f"Weekly profit impact {shown}" in text


def test_the_mail_says_what_letting_go_has_earned_as_the_dashboard_does(
    subscribed, smtp, owner_client, make_decision
):
    task = subscribed.tasks.get(title="Email triage")
    today = subscribed.owner_settings.today()
    make_decision(task, decided_on=today - timedelta(days=20)).activate(today - timedelta(days=20))
    call_command("send_weekly_reviews")
    [message] = smtp.messages
    line = re.search(r"Since you started letting go: (.+ net)\.", smtp.text(message)).group(1)
    dashboard = owner_client.get("/dashboard/").content.decode()
    said = re.search(r"What letting go earned so far: (.+?)\. <a", dashboard).group(1)
    assert re.sub(r"<[^>]+>", "", said) == line
    html = message.get_body(preferencelist=("html",)).get_content()
    assert "Since you started letting go" in html and line.split(",")[0] in html


def test_before_any_decision_the_mail_has_no_earned_line(subscribed, smtp):
    call_command("send_weekly_reviews")
    [message] = smtp.messages
    assert "Since you started letting go" not in smtp.text(message)
