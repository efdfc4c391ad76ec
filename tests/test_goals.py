"""Goals for a week (Settings): an MGA share to reach and hours not to go over — judged on
the figures as they read, shown on the dashboard, in the weekly email and by the API."""

from datetime import datetime, timedelta
from decimal import Decimal as D
from types import SimpleNamespace

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from triage import goals, weekly_email
from triage.models import ApiToken, OwnerSettings


def settings_with(share_goal=None, cap=None):
    return SimpleNamespace(mga_share_goal=share_goal, weekly_hours_cap=cap)


# The rules, without a request


def test_a_share_that_reads_as_the_goal_meets_it():
    assert goals.ShareGoal(70, D("6.95"), D(10)).met  # 69.5% reads 70%
    assert not goals.ShareGoal(70, D("6.94"), D(10)).met  # 69.4% reads 69%
    assert goals.ShareGoal(70, D(1), D(0)).met is None  # nothing logged: no verdict


def test_the_other_work_over_a_share_goal_is_not_a_tenth_more_for_decimals_last_digit():
    """7 h of MGA work beside 3.1 h of other against 70%: 0.1 h over. Hours carry noise in
    Decimal's last digit (seconds ÷ 3600 added up): a hair above 0.1 still reads 0.1, not
    the 0.2 that rounding up would make of it."""
    noise = D("1e-26")
    assert goals.ShareGoal(70, D(7), D("10.1")).other_over == D("0.1")
    assert goals.ShareGoal(70, D(7), D("10.1") + noise).other_over == D("0.1")
    assert goals.ShareGoal(70, D(7), D("10.11")).other_over == D("0.2")


def test_the_other_work_over_the_goal_is_what_handing_off_would_take():
    # 21 h of MGA work beside 14 h of other: 60%. At 70%, 21 h of MGA allow 9 h of other.
    goal = goals.ShareGoal(70, D(21), D(35))
    assert goal.met is False and goal.other_over == D("5.0")
    assert goals.ShareGoal(70, D(28), D(35)).other_over is None  # 80%: met
    assert goals.ShareGoal(70, D(0), D(10)).other_over is None  # no MGA hours to share


@given(
    goal=st.integers(1, 100),
    mga=st.decimals("0.01", "80", places=2),
    other=st.decimals("0.01", "80", places=2),
)
def test_handing_off_the_hours_said_meets_the_goal_as_it_reads(goal, mga, other):
    share_goal = goals.ShareGoal(goal, mga, mga + other)
    if share_goal.met:
        return
    over = share_goal.other_over
    assert over > 0 and over <= other + D("0.1")
    after = goals.ShareGoal(goal, mga, mga + max(other - over, D(0)))
    assert after.met  # what the dashboard says would meet it does


def test_the_cap_is_held_against_the_hours_as_they_read():
    assert goals.HoursCap(D(40), D("40.04")).met  # reads 40.0 h
    cap = goals.HoursCap(D(40), D("40.05"))  # reads 40.1 h
    assert not cap.met and cap.over == D("0.1") and cap.to_spare == 0
    assert goals.HoursCap(D("37.5"), D(30)).to_spare == D("7.5")


def test_weeks_met_counts_only_weeks_with_logs_and_only_goals_set():
    both = settings_with(70, D(35))
    counted = goals.weeks_met(both, [D(40), D(0), D(30)], [D(30), D(0), D(15)])
    assert (counted.weeks, counted.share, counted.cap) == (2, 1, 1)
    assert goals.weeks_met(settings_with(), [D(40)], [D(30)]) is None
    assert goals.weeks_met(both, [D(0)], [D(0)]) is None
    assert goals.weeks_met(settings_with(cap=D(35)), [D(40)], [D(30)]).share is None


# Where the owner sees them


@pytest.fixture
def week45(owner, make_task, make_log, berlin):
    """2026-W45, Berlin: 3 h of client work and 3 h of admin (one of them the Sunday-night
    hour of a log that runs into the next week): 6.0 h, 50% MGA."""
    client_work = make_task(owner, "Client work", category="client work", is_mga=True)
    admin = make_task(owner, "Admin", category="admin")
    make_log(client_work, datetime(2026, 11, 2, 9, tzinfo=berlin), 180)
    make_log(admin, datetime(2026, 11, 4, 9, tzinfo=berlin), 120)
    make_log(admin, datetime(2026, 11, 8, 23, tzinfo=berlin), 120)


def set_goals(owner, share_goal, cap):
    owner_settings = owner.owner_settings
    owner_settings.mga_share_goal, owner_settings.weekly_hours_cap = share_goal, cap
    owner_settings.save()


@pytest.mark.django_db
def test_the_dashboard_holds_the_week_against_both_goals(owner_client, owner, week45):
    set_goals(owner, 70, D(5))
    html = owner_client.get("/dashboard/?week=2026-W45").content.decode()
    # 3 h of MGA allow 3 × 30/70 = 1.29 h of other work beside them; 3 h were logged.
    assert "Goal 70%: 1.8 h less other work would meet it" in html
    assert "1.0 h over your 5.0 h" in html
    assert 'class="limit"' in html and "Your cap 5.0 h" in html  # the line on the chart
    assert "Of the 1 finished week charted, 0 reached your 70% MGA share and 0 stayed" in html
    set_goals(owner, 50, D(8))
    html = owner_client.get("/dashboard/?week=2026-W45").content.decode()
    assert "Goal 50%: met" in html and "2.0 h under your 8.0 h" in html
    assert "Set a goal" not in html
    assert "1 reached your 50% MGA share and 1 stayed within your 8.0 h" in html


@pytest.mark.django_db
def test_without_goals_the_dashboard_offers_to_set_one(owner_client, week45):
    html = owner_client.get("/dashboard/?week=2026-W45").content.decode()
    assert "Goal " not in html and 'class="limit"' not in html and "finished week" not in html
    assert '<a href="/settings/#goals">Set a goal</a>' in html
    assert 'id="goals"><legend>Goals</legend>' in owner_client.get("/settings/").content.decode()


@pytest.mark.django_db
def test_the_week_under_way_counts_down_to_the_cap(owner_client, noon_owner, make_task, make_log):
    owner = noon_owner  # it is about noon there: three hours ago was this week
    set_goals(owner, None, D(30))
    make_log(make_task(owner, "Client work", is_mga=True), timezone.now() - timedelta(hours=3), 60)
    html = owner_client.get("/dashboard/").content.decode()
    assert "29.0 h left of your 30.0 h" in html
    assert "finished week" not in html  # nothing but this week has logs, and it is not over


@pytest.mark.django_db
def test_goals_are_set_and_cleared_in_settings(owner_client, owner, settings_form):
    response = owner_client.post(
        "/settings/", settings_form | {"mga_share_goal": "70", "weekly_hours_cap": "37.5"}
    )
    assert response.status_code == 302
    owner_settings = OwnerSettings.objects.get(owner=owner)
    assert (owner_settings.mga_share_goal, owner_settings.weekly_hours_cap) == (70, D("37.5"))
    owner_client.post("/settings/", settings_form)
    owner_settings.refresh_from_db()
    assert owner_settings.mga_share_goal is None and owner_settings.weekly_hours_cap is None


@pytest.mark.django_db
@pytest.mark.parametrize(
    "field, value, message",
    [
        ("mga_share_goal", "0", "greater than or equal to 1"),
        ("mga_share_goal", "101", "less than or equal to 100"),
        ("mga_share_goal", "-5", "greater than or equal to"),
        ("weekly_hours_cap", "169", "less than or equal to 168"),
        ("weekly_hours_cap", "0.5", "greater than or equal to 1"),
        ("weekly_hours_cap", "40.25", "no more than 1 decimal place"),
    ],
)
def test_goals_out_of_range_are_refused_next_to_the_field(
    owner_client, settings_form, field, value, message
):
    response = owner_client.post("/settings/", settings_form | {field: value})
    assert response.status_code == 422
    assert message in response.content.decode()


@pytest.mark.django_db
def test_the_database_refuses_a_goal_out_of_range(owner):
    for change in ({"mga_share_goal": 150}, {"weekly_hours_cap": D(200)}):
        with pytest.raises(IntegrityError), transaction.atomic():
            OwnerSettings.objects.filter(owner=owner).update(**change)


@pytest.mark.django_db
def test_the_api_week_says_the_goals_and_whether_it_met_them(owner, week45, client):
    set_goals(owner, 70, D(8))
    token = ApiToken.objects.issue(owner, "phone")[1]
    week = client.get("/api/v1/weeks/2026-W45", HTTP_AUTHORIZATION=f"Bearer {token}").json()
    assert (week["mga_share_goal"], week["mga_share_goal_met"]) == (70, False)
    assert (week["weekly_hours_cap"], week["weekly_hours_cap_met"]) == ("8.0", True)
    future = client.get("/api/v1/weeks/2099-W01", HTTP_AUTHORIZATION=f"Bearer {token}").json()
    assert future["mga_share_goal_met"] is None and future["weekly_hours_cap_met"] is None


@pytest.mark.django_db
def test_the_weekly_email_holds_last_week_against_the_goals(owner, make_task, make_log):
    owner.email = "olivia@example.com"
    owner.save()
    set_goals(owner, 60, D(2))
    last_week = owner.owner_settings.this_week().previous
    make_log(make_task(owner, "Client work", is_mga=True), last_week.start + timedelta(hours=9), 90)
    make_log(make_task(owner, "Admin"), last_week.start + timedelta(hours=11), 90)
    message = weekly_email.compose(owner.owner_settings, timezone.now())
    assert "Hours logged: 3.0 h — 1.0 h over your 2.0 h" in message.body
    # 1.5 h of MGA allow 1.0 h of other work at 60%: 0.5 h too much.
    assert "MGA share: 50% — Goal 60%: 0.5 h less other work would meet it" in message.body
    html = message.alternatives[0][0]
    assert "1.0 h over your 2.0 h" in html and "Goal 60%: 0.5 h less other work" in html


@pytest.mark.django_db
def test_the_log_page_writes_the_weeks_total_against_the_cap(owner_client, owner, week45):
    set_goals(owner, None, D("37.5"))
    html = owner_client.get("/log/?week=2026-W45").content.decode()
    assert (
        '<span class="total" id="week-total">6h <small class="muted">of your 37h 30m</small>'
        in html
    )
    set_goals(owner, 70, None)
    assert "of your" not in owner_client.get("/log/?week=2026-W45").content.decode()
