"""`seed_demo`: the demo owner with believable history, and bulk rows for benchmarks."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.utils import timezone

from triage.models import Decision, TimeLog

pytestmark = pytest.mark.django_db


def test_the_demo_owner_is_only_created_with_debug_or_force(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG=1 or with --force"):
        call_command("seed_demo")
    assert not get_user_model().objects.filter(username="demo").exists()


def test_demo_has_twelve_weeks_of_logs_gut_checks_and_active_decisions(client):
    call_command("seed_demo", "--force")
    demo = get_user_model().objects.get(username="demo")
    response = client.post("/accounts/login/", {"login": "demo", "password": "demo"})
    assert response.status_code == 302  # the demo owner logs in with demo / demo
    # Work happens on weekdays and today stays empty, so count weeks rather than days: the
    # span in days is two or three shorter at a weekend (a test of days failed on Sundays).
    zone = demo.owner_settings.zone
    today = timezone.now().astimezone(zone).date()
    days = {log.start.astimezone(zone).date() for log in demo.time_logs.all()}
    assert len({day.isocalendar()[:2] for day in days}) >= 12
    assert max(days) >= today - timedelta(days=3)  # up to the last working day
    assert demo.tasks.count() == 10
    client_work = demo.time_logs.filter(task__title="Client work")
    assert client_work.exists() and not client_work.exclude(tags="billable").exists()
    last_week = demo.owner_settings.week_of(timezone.now() - timedelta(days=7)).label
    assert ">billable</a>" in client.get(f"/log/?week={last_week}").content.decode()
    assert demo.gut_checks.count() >= 8
    active = demo.decisions.filter(status="active")
    assert active.count() == 3
    for decision in active:
        assert decision.baseline_hours_per_week > 0
        assert decision.baseline_source == "logs"
        assert 28 <= (today - decision.activated_on).days <= 42


def test_seeding_twice_adds_nothing():
    call_command("seed_demo", "--force")
    counts = (TimeLog.objects.count(), Decision.objects.count())
    call_command("seed_demo", "--force")
    assert (TimeLog.objects.count(), Decision.objects.count()) == counts


def test_bulk_rows_for_benchmarks_spread_over_many_owners():
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
    from seed_scale import seed_scale

    assert seed_scale(2500) == 2500
    assert TimeLog.objects.count() == 2500
    assert get_user_model().objects.filter(username__startswith="scale-").count() == 3


def test_demo_opens_the_admin_only_in_development(client, settings):
    call_command("seed_demo", "--force")
    assert not get_user_model().objects.get(username="demo").is_staff
    settings.DEBUG = True
    call_command("seed_demo")
    client.post("/accounts/login/", {"login": "demo", "password": "demo"})
    response = client.get("/admin/triage/decision/")
    assert response.status_code == 200
    assert "Ledger &amp; Co" in response.content.decode()
