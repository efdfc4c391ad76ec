"""/dashboard/: the week's figures, charts, energy × value map and outsource next."""

import re
from datetime import date, datetime, time, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from triage import dashboard_figures
from triage.models import Contractor, Decision, Task
from triage.weeks import parse_week

pytestmark = pytest.mark.django_db
D = Decimal


@pytest.fixture
def week45(owner, make_task, make_log, berlin):
    """Week 2026-W45 (2–8 Nov, Berlin): 3 h of MGA work, 2 h of admin, and a log from
    Sunday 23:00 to Monday 01:00 that is half in this week and half in the next."""
    client_work = make_task(owner, "Client work", category="client work", is_mga=True)
    admin = make_task(owner, "Admin", category="admin")
    make_log(client_work, datetime(2026, 11, 2, 9, tzinfo=berlin), 180)
    make_log(admin, datetime(2026, 11, 4, 9, tzinfo=berlin), 120)
    make_log(admin, datetime(2026, 11, 8, 23, tzinfo=berlin), 120)
    return {"client_work": client_work, "admin": admin}


def dashboard_for(owner, label):
    owner_settings = owner.owner_settings
    week = parse_week(label, owner_settings.zone)
    return dashboard_figures.dashboard(owner, owner_settings, week, timezone.now())


def test_figures_for_a_hand_built_week(owner, week45):
    data = dashboard_for(owner, "2026-W45")
    assert data.hours_logged[data.this] == D(6)
    assert data.mga_hours[data.this] == D(3)
    assert data.mga_share(data.this) == D(50)
    assert dict(data.categories) == {"admin": D(3), "client work": D(3)}


def test_hours_are_compared_with_last_week_only_when_something_was_logged_then(
    owner_client, owner, week45
):
    first = dashboard_figures.headline(dashboard_for(owner, "2026-W45"), 48)
    assert first.hours == D(6) and first.hours_change is None  # nothing logged in W44
    second = dashboard_figures.headline(dashboard_for(owner, "2026-W46"), 48)
    assert second.hours_change == D(1) - D(6)  # W46 has the hour after midnight
    hours_change = re.compile(r'<span class="change">[+−±][\d.]+ h vs last week</span>')
    assert not hours_change.search(owner_client.get("/dashboard/?week=2026-W45").content.decode())
    html = owner_client.get("/dashboard/?week=2026-W46").content.decode()
    assert '<span class="change">−5.0 h vs last week</span>' in html


def test_a_log_crossing_into_the_next_week_counts_where_it_happened(owner, week45):
    data = dashboard_for(owner, "2026-W46")
    assert data.hours_logged[data.this] == D(1)
    assert data.hours_logged[data.this - 1] == D(6)


def test_a_dst_week_counts_real_hours(owner, make_task, make_log, berlin):
    task = make_task(owner)
    # Saturday 22:00 CEST to Sunday 03:00 CET: clocks go back at 03:00, so 6 real hours.
    start = datetime(2026, 10, 24, 22, tzinfo=berlin)
    make_log(task, start, 6 * 60)
    data = dashboard_for(owner, "2026-W43")
    assert data.week.length == timedelta(hours=169)
    assert data.hours_logged[data.this] == D(6)


def test_measured_and_estimated_hours_reclaimed_for_a_decision_activated_mid_history(
    owner, make_task, make_log, make_decision, berlin
):
    task = make_task(owner, "Bookkeeping")
    for monday in (date(2026, 10, 5), date(2026, 10, 12), date(2026, 10, 19), date(2026, 10, 26)):
        make_log(
            task,
            datetime.combine(monday, datetime.min.time(), tzinfo=berlin) + timedelta(hours=9),
            300,
        )
    make_log(task, datetime(2026, 11, 3, 9, tzinfo=berlin), 60)  # still an hour in the first week
    decision = make_decision(task, handoff_hours=D(0))
    decision.activate(date(2026, 11, 2))
    data = dashboard_for(owner, "2026-W46")
    w44, w45, w46 = data.this - 2, data.this - 1, data.this
    assert (data.measured_reclaimed[w44], data.estimated_reclaimed[w44]) == (0, 0)
    assert (data.measured_reclaimed[w45], data.estimated_reclaimed[w45]) == (D(4), D("4.5"))
    assert (data.measured_reclaimed[w46], data.estimated_reclaimed[w46]) == (D(5), D("4.5"))
    assert data.profit_impact[w46] == D(440)
    [row] = data.active_decisions
    assert (row.logged_hours, row.measured_hours, row.estimated_hours) == (0, D(5), D("4.5"))


def test_the_page_shows_every_element(owner_client, owner, week45, make_gut_check):
    make_gut_check(week45["admin"])
    make_gut_check(week45["client_work"], is_mga=True, need_to_do=True, overwhelm=1, feeling="love")
    html = owner_client.get("/dashboard/?week=2026-W45").content.decode()
    for text in (
        "Hours logged",
        "6.0 h",
        "MGA share",
        "50%",
        "Hours reclaimed",
        "measured",
        "estimated",
        "Profit impact",
        "No decision in force that week",  # under hours reclaimed, in place of ±0 h
        "Hand a task off to see it here",  # under the profit impact
        "Hours, last 12 weeks",
        "measured vs estimated",
        "Where this week went",
        "Energy × value",
        "Outsource next",
        "Active decisions this week",
        "Show the numbers",
    ):
        assert text in html, text
    # No decision in these 12 weeks: no chart of zeros, but what would fill it and where
    # to start (the first task to hand off, to decide on).
    assert html.count("<svg") == 2 and 'id="reclaimed-chart' not in html
    empty = html.split('id="reclaimed-empty">')[1].split("</p>")[0]
    assert "No task was handed off in these weeks yet" in empty
    assert f'/tasks/{week45["admin"].pk}/gut-check/#result">Admin</a>' in empty
    # The figures lead to what they count: the week's logs, its report by task.
    assert '<a class="more" href="/log/?week=2026-W45">The week’s logs</a>' in html
    assert '<a class="more" href="/reports/?from=2026-11-02&amp;to=2026-11-08">By task</a>' in html
    assert 'href="#active-decisions">By decision' not in html  # none in force that week
    # Each category's bar (and row of its numbers) leads to the week's logs of it, whose
    # total is the bar's: admin's Sunday log counts only its hour inside the week.
    admin_logs = "/log/?from=2026-11-02&amp;to=2026-11-08&amp;category=admin"
    # The bar (for the pointer) and the table's row (for the keyboard) lead there.
    assert f'<a href="{admin_logs}" tabindex="-1">' in html and f'<a href="{admin_logs}">' in html
    assert ">admin: 3.0 h</title>" in html
    search = owner_client.get(admin_logs.replace("&amp;", "&")).content.decode()
    assert "2 logs in" in search and '<span class="total">3h</span>' in search
    outsource_next = html.split("Outsource next")[1].split("</section>")[0]
    assert "Admin" in outsource_next and "Client work" not in outsource_next
    # Decide opens the task's verdict and figures, with the decision below them.
    assert f'/tasks/{week45["admin"].pk}/gut-check/#result">Decide' in outsource_next


def test_the_reclaimed_chart_shows_the_weeks_a_decision_was_in_force(
    owner_client, owner, week45, make_decision
):
    decision = make_decision(week45["admin"], decided_on=date(2026, 8, 31))
    decision.activate(date(2026, 9, 1))
    decision.end(date(2026, 9, 20))
    html = owner_client.get("/dashboard/?week=2026-W45").content.decode()
    assert 'id="reclaimed-chart-title"' in html and 'id="reclaimed-empty"' not in html
    # Once its weeks are off the chart's twelve, it says so, not a row of zeros.
    html = owner_client.get("/dashboard/?week=2026-W51").content.decode()
    assert 'id="reclaimed-chart-title"' not in html and 'id="reclaimed-empty"' in html


def test_the_week_chart_labels_the_shown_week_and_every_second_one_before_it(owner_client, week45):
    html = owner_client.get("/dashboard/?week=2026-W45").content.decode()
    chart = html.split('id="hours-chart-title"')[1].split("</svg>")[0]
    labels = re.findall(r'<text class="axis( minor)?"[^>]*text-anchor="middle">([^<]+)<', chart)
    # 12 weeks ending with 2 Nov: every second week back from the shown one, which is last;
    # the ones marked minor are hidden on a phone, leaving every fourth week.
    assert labels == [
        (" minor", "24 Aug"),
        ("", "7 Sep"),
        (" minor", "21 Sep"),
        ("", "5 Oct"),
        (" minor", "19 Oct"),
        ("", "2 Nov"),
    ]


def test_a_week_before_any_logs_has_a_readable_axis(owner_client, week45):
    html = owner_client.get("/dashboard/?week=2026-W10").content.decode()
    chart = html.split('id="hours-chart-title"')[1].split("</svg>")[0]
    # Nothing logged in those 12 weeks: the axis runs 0, 0.5, 1 (not 0, 1, 1).
    assert re.findall(r'text-anchor="end">([^<]+)<', chart) == ["0", "0.5", "1"]


def test_outsource_next_skips_tasks_with_a_decision_and_ranks_by_impact(
    owner, make_task, make_log, berlin, make_gut_check
):
    small, big, decided = (make_task(owner, title) for title in ("Small", "Big", "Decided"))
    for task, minutes in ((small, 60), (big, 240), (decided, 300)):
        for weeks_back in range(1, 5):
            make_log(
                task, datetime(2026, 11, 2, 9, tzinfo=berlin) - timedelta(weeks=weeks_back), minutes
            )
        make_gut_check(task)
    Decision.objects.create(owner=owner, task=decided, kind="keep", decided_on=date(2026, 11, 1))
    data = dashboard_for(owner, "2026-W45")
    assert [p.task.title for p in data.outsource_next] == ["Big", "Small"]


def test_week_navigation(owner_client, week45):
    html = owner_client.get("/dashboard/?week=2026-W45").content.decode()
    assert "?week=2026-W44" in html and "?week=2026-W46" in html
    assert owner_client.get("/dashboard/?week=2026-W60").status_code == 404


def test_a_new_owner_sees_how_to_start_not_zeros(owner_client):
    html = owner_client.get("/dashboard/").content.decode()
    assert "Start your audit" in html
    assert "/import/" in html and "45m invoicing" in html
    assert "Hours logged" not in html


def test_another_owners_data_is_never_counted(
    owner, other_owner, week45, make_task, make_log, berlin
):
    make_log(
        make_task(other_owner, "Client work", is_mga=True),
        datetime(2026, 11, 3, 9, tzinfo=berlin),
        600,
    )
    data = dashboard_for(owner, "2026-W45")
    assert data.hours_logged[data.this] == D(6)


def test_task_names_are_escaped_inside_the_svg(
    owner_client, owner, make_task, make_log, berlin, make_gut_check
):
    task = make_task(owner, '<script>alert("x")</script>', category="<img src=x onerror=alert(1)>")
    make_log(task, datetime(2026, 11, 3, 9, tzinfo=berlin), 60)
    make_gut_check(task)
    html = owner_client.get("/dashboard/?week=2026-W45").content.decode()
    assert "<script>alert" not in html and "<img src=x" not in html
    assert "&lt;script&gt;" in html and "&lt;img src=x" in html


def test_the_page_runs_a_fixed_number_of_queries(
    owner_client, owner, make_task, make_log, berlin, make_gut_check
):
    def count_queries() -> int:
        with CaptureQueriesContext(connection) as context:
            assert owner_client.get("/dashboard/?week=2026-W45").status_code == 200
        return len(context)

    task = make_task(owner, "First")
    make_log(task, datetime(2026, 11, 3, 9, tzinfo=berlin), 60)
    make_gut_check(task)
    Decision.objects.create(owner=owner, task=task, kind="eliminate", decided_on=date(2026, 10, 1))
    Decision.objects.get().activate(date(2026, 10, 5))
    small = count_queries()
    for index in range(15):
        more = make_task(owner, f"Task {index}", is_mga=index % 2 == 0)
        make_gut_check(more)
        for day in range(20):
            make_log(more, datetime(2026, 9, 1, 8, tzinfo=berlin) + timedelta(days=day * 3), 45)
        decision = Decision.objects.create(
            owner=owner,
            task=more,
            kind="outsource",
            decided_on=date(2026, 10, 1),
            baseline_hours_per_week=D(2),
            contractor=Contractor.objects.create(owner=owner, name=f"VA {index}", rate=D(20)),
        )
        decision.activate(date(2026, 10, 5))
    assert count_queries() == small


def test_tasks_taking_time_without_a_gut_check_are_offered_to_check(
    owner_client, owner, make_task, make_log
):
    from tests.conftest import put_owner_where_it_is_about_noon

    put_owner_where_it_is_about_noon(owner)
    zone = owner.owner_settings.zone
    noon = timezone.now().astimezone(zone).replace(hour=12, minute=0, second=0, microsecond=0)
    day = noon - timedelta(days=7)  # last week: in the 7 days before now
    for title, minutes, is_mga in [
        ("Inbox", 180, False),
        ("Receipts", 60, False),
        ("Client calls", 240, True),  # money-generating: the gut check would keep it
        ("Old chore", 300, False),  # archived below
    ]:
        task = make_task(owner, title, is_mga=is_mga)
        make_log(task, day, minutes)
        day += timedelta(minutes=minutes + 5)
    Task.objects.filter(title="Old chore").update(archived=True)
    make_task(owner, "Never logged")
    html = owner_client.get("/dashboard/").content.decode()
    section = html.split("Not gut-checked yet", 1)[1].split("</ul>", 1)[0]
    assert "Nothing recommended for outsourcing is waiting" in html
    assert section.index("Inbox") < section.index("Receipts")  # the biggest first
    # A week's average over the 4 weeks before this one, as the gut check will show it.
    assert "0.8 h/week" in section and "0.3 h/week" in section
    for left_out in ("Client calls", "Old chore", "Never logged"):
        assert left_out not in section


def test_a_decision_active_for_part_of_the_week_shows_the_baseline_its_logs_are_held_against(
    owner, owner_client, make_task, make_log, make_decision, berlin
):
    """Started on Thursday: 4 of the week's 7 days count, so the row holds its logs against
    4/7 of the 5-hour baseline, not all of it, and says so."""
    task = make_task(owner, "Bookkeeping")
    for monday in (date(2026, 10, 5), date(2026, 10, 12), date(2026, 10, 19), date(2026, 10, 26)):
        make_log(task, datetime.combine(monday, time(9), tzinfo=berlin), 300)
    decision = make_decision(task, handoff_hours=D(0))
    decision.activate(date(2026, 11, 5))
    make_log(task, datetime(2026, 11, 6, 9, tzinfo=berlin), 60)  # an hour still, on Friday
    html = owner_client.get("/dashboard/?week=2026-W45").content.decode()
    assert html.count('<a class="more" href="#active-decisions">By decision</a>') == 2
    assert 'id="active-decisions"' in html  # where the reclaimed hours and impact come from
    table = html.split("Active decisions this week")[1]
    assert "Each row counts the part of the week with its decision active" in table
    # 5 × 4/7 = 2.86 before; 1 logged; 1.86 back; $440 a week × 4/7 = $251.43.
    assert '2.9<span class="note">5.0 a week × 57%</span>' in table
    assert '<td class="num" data-label="Logged h">1.0</td>' in table
    assert ">1.9 <span" in table or ">1.9</td>" in table
    assert '$251.43<span class="note">$440.00 a week</span>' in table
    # A week the decision ran whole: its baseline alone, no share, no caption.
    whole = owner_client.get("/dashboard/?week=2026-W46").content.decode()
    whole = whole.split("Active decisions this week")[1]
    assert "5.0</td>" in whole and "a week ×" not in whole and "Each row counts" not in whole
    assert "a tenth off" not in whole  # 5.0 − 0.0 = 5.0: nothing to explain


def test_a_row_whose_figures_do_not_subtract_as_they_read_says_why(
    owner, owner_client, make_task, make_log, make_decision, berlin
):
    """1.94 h a week before, 16 minutes (0.27 h) logged: 1.67 h back. Each rounded reads
    1.9 − 0.3 = 1.7, a tenth apart: the page says why rather than leave the owner to find it."""
    task = make_task(owner, "Bookkeeping")
    decision = make_decision(task, baseline_hours_per_week=D("1.94"), handoff_hours=D(0))
    decision.activate(date(2026, 11, 2))
    make_log(task, datetime(2026, 11, 10, 9, tzinfo=berlin), 16)
    table = owner_client.get("/dashboard/?week=2026-W46").content.decode()
    table = table.split("Active decisions this week")[1]
    assert '<td class="num" data-label="Baseline h">1.9</td>' in table
    assert '<td class="num" data-label="Logged h">0.3</td>' in table
    assert ">1.7 <span" in table or ">1.7</td>" in table
    assert "so a row may be a tenth off" in table


def test_a_year_at_the_weeks_rate_counts_whole_weeks_of_its_decisions(
    owner, make_task, make_log, make_decision, berlin
):
    """Active from Thursday: the week's impact is 4/7 of $440, but a year at that rate is
    48 whole weeks of $440 — as the decisions page says — not 48 of the part-week."""
    task = make_task(owner, "Bookkeeping")
    for monday in (date(2026, 10, 5), date(2026, 10, 12), date(2026, 10, 19), date(2026, 10, 26)):
        make_log(task, datetime.combine(monday, time(9), tzinfo=berlin), 300)
    make_decision(task, handoff_hours=D(0)).activate(date(2026, 11, 5))
    figures = dashboard_figures.headline(dashboard_for(owner, "2026-W45"), 48)
    assert figures.impact == D(440) * 4 / 7
    assert figures.annual == D(440) * 48


def test_a_week_under_way_is_shown_beside_last_weeks_whole_figures_not_a_change(
    owner_client, noon_owner, make_task, make_log
):
    """On a Thursday "−10.6 h vs last week" read as falling behind: the week under way says
    what all of last week came to instead; a past week keeps its change."""
    task = make_task(noon_owner, "Invoicing")
    this_week = noon_owner.owner_settings.this_week()
    make_log(task, this_week.previous.start + timedelta(days=1, hours=9), 120)
    html = owner_client.get("/dashboard/").content.decode()
    hours_logged = html.split("Hours logged</span>")[1].split("</div>")[0]
    assert '<span class="change">2.0 h all last week</span>' in hours_logged
    assert "vs last week" not in html.split("</section>")[0]
    make_log(task, this_week.previous.previous.start + timedelta(days=1, hours=9), 60)
    past = owner_client.get(f"/dashboard/?week={this_week.previous.label}").content.decode()
    assert '<span class="change">+1.0 h vs last week</span>' in past
    assert "all last week" not in past


def test_each_weeks_columns_and_rows_lead_to_that_weeks_dashboard(owner_client, owner, week45):
    """The 12-week charts are a way back through the weeks: a column (or its row under
    "Show the numbers") opens that week's dashboard, whose headline is that column."""
    page = owner_client.get("/dashboard/?week=2026-W46").content.decode()
    hours_chart = page.split('id="hours-chart-title"')[1].split("</svg>")[0]
    weeks = re.findall(r'<a href="/dashboard/\?week=(\d{4}-W\d\d)" tabindex="-1">', hours_chart)
    assert len(weeks) == 12 and weeks[-1] == "2026-W46" and weeks[-2] == "2026-W45"
    row = re.search(
        r'<td><a href="/dashboard/\?week=2026-W45">[^<]+</a></td>'
        r'<td class="num">([\d.]+)</td><td class="num">([\d.]+)</td>',
        page,
    )
    week45 = owner_client.get("/dashboard/?week=2026-W45").content.decode()
    logged = Decimal(row[1]) + Decimal(row[2])
    assert f'<span class="value">{logged} h</span>' in week45
