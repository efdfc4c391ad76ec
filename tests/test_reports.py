"""/reports/: any period's figures, equal to what the time-log export says."""

import csv
import io
import re
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from triage.models import Task, TimeLog

pytestmark = pytest.mark.django_db


def body(response) -> str:
    return b"".join(response.streaming_content).decode()


def some_logs(days: int, tasks: int, most: int):
    """Hypothesis: logs as (day, hour, minutes, which task), up to `most` of them."""
    return st.lists(
        st.tuples(
            st.integers(0, days), st.integers(0, 23), st.integers(5, 600), st.integers(0, tasks - 1)
        ),
        max_size=most,
    )


def write_logs(owner, tasks: list[Task], logs, first_day: datetime) -> None:
    """The owner's logs are these alone: each on its day from `first_day`, at its hour."""
    TimeLog.objects.all().delete()
    for day, hour, minutes, task in logs:
        start = first_day.replace(hour=hour) + timedelta(days=day)
        TimeLog.objects.create(
            owner=owner, task=tasks[task], start=start, end=start + timedelta(minutes=minutes)
        )


@settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(logs=some_logs(days=120, tasks=3, most=12))
def test_report_totals_equal_the_time_log_export(owner_client, owner, berlin, logs):
    tasks = [
        Task.objects.get_or_create(owner=owner, title=t, defaults={"category": c})[0]
        for t, c in (("A", "admin"), ("B", "sales"), ("C", "email"))
    ]
    write_logs(owner, tasks, logs, datetime(2026, 7, 1, tzinfo=berlin))
    query = "from=2026-08-01&to=2026-09-30"
    report = list(
        csv.DictReader(io.StringIO(body(owner_client.get(f"/export/report.csv?{query}"))))
    )
    export = list(
        csv.DictReader(io.StringIO(body(owner_client.get(f"/export/timelogs.csv?{query}"))))
    )
    in_range = sum(
        (
            min(datetime.fromisoformat(row["end"]), datetime(2026, 10, 1, tzinfo=berlin))
            - datetime.fromisoformat(row["start"])
        ).total_seconds()
        for row in export
    )
    starting_before = TimeLog.objects.filter(
        start__lt=datetime(2026, 8, 1, tzinfo=berlin), end__gt=datetime(2026, 8, 1, tzinfo=berlin)
    )
    in_range += sum(
        (log.end - datetime(2026, 8, 1, tzinfo=berlin)).total_seconds() for log in starting_before
    )
    total = sum(Decimal(row["hours"]) for row in report)
    assert abs(total - Decimal(in_range) / 3600) <= Decimal("0.01") * max(len(report), 1)


@settings(
    max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(logs=some_logs(days=40, tasks=4, most=10))
def test_each_clients_report_is_its_row_of_the_table_and_they_add_up_to_the_whole(
    owner, berlin, logs
):
    from django.utils import timezone

    from triage.period_report import report

    tasks = [
        Task.objects.get_or_create(owner=owner, title=title, defaults={"client": client})[0]
        for title, client in (("A", "Acme"), ("B", "Acme"), ("C", "Globex"), ("D", ""))
    ]
    write_logs(owner, tasks, logs, datetime(2026, 8, 20, tzinfo=berlin))
    settings_, now = owner.owner_settings, timezone.now()
    whole = report(owner, settings_, date(2026, 9, 1), date(2026, 9, 30), now)
    by_client = {name: hours for name, hours, _ in whole.clients}

    def shown(hours: Decimal) -> Decimal:  # as a page writes it (28 digits differ at the end)
        return hours.quantize(Decimal("0.01"))

    assert shown(sum(by_client.values(), Decimal(0))) == shown(
        whole.hours if whole.clients else Decimal(0)
    )
    for name in ("Acme", "Globex"):
        alone = report(owner, settings_, date(2026, 9, 1), date(2026, 9, 30), now, name)
        assert shown(alone.hours) == shown(by_client.get(name, Decimal(0)))
        assert {line.title for line in alone.tasks} <= {"A", "B"} if name == "Acme" else {"C"}


def test_presets_and_the_page(owner_client, owner, make_task, make_log, berlin):
    task = make_task(owner, "Client work", category="client work", is_mga=True)
    make_log(task, datetime(2026, 9, 2, 9, tzinfo=berlin), 120)
    make_log(make_task(owner, "Admin"), datetime(2026, 9, 3, 9, tzinfo=berlin), 60)
    html = owner_client.get("/reports/?from=2026-09-01&to=2026-11-30").content.decode()
    assert "3.0 h" in html and "67%" in html  # MGA share of 3 hours
    assert "Client work" in html and "Download CSV" in html
    assert "Hours by week" in html
    # Up to a month, by day (Toggl's summary): a week's days by name, a month's by date.
    week = owner_client.get("/reports/?from=2026-08-31&to=2026-09-06").content.decode()
    assert "Hours by day" in week
    assert '<a href="/log/?from=2026-09-02&amp;to=2026-09-02">Wed 2</a>' in week
    assert "<title>Wed 2: MGA 2.0 h, Other 0.0 h</title>" in week
    month = owner_client.get("/reports/?from=2026-09-01&to=2026-09-30").content.decode()
    assert "Hours by day" in month and '">3 Sep</a></td><td class="num">0.0</td>' in month
    assert (
        "Hours by week"
        in owner_client.get("/reports/?from=2026-09-01&to=2026-10-02").content.decode()
    )
    assert (
        "Hours by month"
        in owner_client.get("/reports/?from=2026-01-01&to=2026-11-30").content.decode()
    )
    for preset in ("this-month", "last-month", "this-quarter", "last-12-weeks", "this-year"):
        assert owner_client.get(f"/reports/?preset={preset}").status_code == 200


@pytest.mark.parametrize(
    ("today", "first_weekday", "preset", "first", "last"),
    [
        (date(2026, 11, 26), 0, "last-week", date(2026, 11, 16), date(2026, 11, 22)),
        (date(2026, 11, 26), 6, "last-week", date(2026, 11, 15), date(2026, 11, 21)),
        (date(2026, 11, 23), 0, "last-week", date(2026, 11, 16), date(2026, 11, 22)),
        (date(2026, 1, 2), 0, "last-year", date(2025, 1, 1), date(2025, 12, 31)),
        (date(2026, 3, 31), 0, "last-month", date(2026, 2, 1), date(2026, 2, 28)),
        (date(2026, 11, 26), 0, "this-quarter", date(2026, 10, 1), date(2026, 11, 26)),
    ],
)
def test_the_presets_periods(today, first_weekday, preset, first, last):
    from triage.period_report import presets

    assert presets(today, first_weekday)[preset][1:] == (first, last)


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("from=2026-11-30&to=2026-09-01", "“from” is after “to”"),
        ("from=2001-01-01&to=2026-01-01", "at most ten years"),
        ("from=1999-01-01&to=2000-01-01", "2000 to 2100"),
    ],
)
def test_bad_periods_get_a_message(owner_client, query, message):
    response = owner_client.get(f"/reports/?{query}")
    assert response.status_code == 400 and message in response.content.decode()
    # The dates typed stay in the form, to be corrected rather than typed again.
    first, last = (part.split("=")[1] for part in query.split("&"))
    assert f'id="report-from" value="{first}"' in response.content.decode()
    assert f'id="report-to" value="{last}"' in response.content.decode()
    assert owner_client.get(f"/export/report.csv?{query}").status_code == 400


def test_the_csv_has_its_header(owner_client, owner, make_task, make_log, berlin):
    make_log(make_task(owner, "=cmd"), datetime(2026, 9, 2, 9, tzinfo=berlin), 90)
    rows = list(
        csv.reader(
            io.StringIO(body(owner_client.get("/export/report.csv?from=2026-09-01&to=2026-09-30")))
        )
    )
    assert rows[0] == [
        "task",
        "category",
        "is_mga",
        "hours",
        "share",
        "verdict",
        "hours_reclaimed_measured",
        "profit_impact",
        "currency",
        "client",
        "project",
    ]
    assert rows[1][:5] == ["'=cmd", "bookkeeping", "no", "1.50", "100.0"]


def test_hours_by_client_when_tasks_name_clients(owner_client, owner, make_task, make_log, berlin):
    def html() -> str:
        return owner_client.get("/reports/?from=2026-09-01&to=2026-09-30").content.decode()

    make_log(make_task(owner, "Admin"), datetime(2026, 9, 2, 9, tzinfo=berlin), 60)
    assert "By client" not in html()  # an owner who never names clients: no table of one row
    acme = make_task(owner, "Acme site", client="Acme", project="Relaunch")
    make_log(acme, datetime(2026, 9, 3, 9, tzinfo=berlin), 180)
    make_log(make_task(owner, "Acme calls", client="Acme"), datetime(2026, 9, 4, 9, tzinfo=berlin))
    globex = make_task(owner, "Globex audit", client="Globex")
    make_log(globex, datetime(2026, 8, 4, 9, tzinfo=berlin))  # before the period: not counted
    page = html()
    table = page.split("By client")[1].split("</table>")[0]
    rows = re.findall(
        r"<tr><td>(.*?)</td><td class=\"num\">(.*?)</td><td class=\"num\">(.*?)</td>", table
    )
    assert [
        (re.sub("<[^>]+>", "", name), re.sub("<[^>]+>", "", hours), share)
        for name, hours, share in rows
    ] == [("Acme", "4.0", "80%"), ("No client", "1.0", "20%")]
    # A client's hours lead to its logs of the period, which add up to them.
    logs = re.search(r'<a href="(/log/\?client=Acme[^"]+)"', table).group(1).replace("&amp;", "&")
    search = owner_client.get(logs).content.decode()
    assert "2 logs for" in search and '<span class="total">4h</span>' in search
    # A client's name leads to the report of that client's tasks alone, for the same period.
    link = re.search(r'<a href="([^"]+)" title="The report for Acme">Acme</a>', table).group(1)
    link = link.replace("&amp;", "&")
    assert link == "?from=2026-09-01&to=2026-09-30&client=Acme"
    acme = owner_client.get(f"/reports/{link}").content.decode()
    assert "Report for Acme" in acme and "Show every client" in acme
    assert "4.0 h" in acme and "Admin" not in acme and "By client" not in acme
    assert 'name="client" value="Acme"' in acme  # the dates form keeps to the client
    csv_link = re.search(r'href="(/export/report.csv[^"]+)"', acme).group(1).replace("&amp;", "&")
    acme_csv = owner_client.get(csv_link)
    assert (
        acme_csv["Content-Disposition"]
        == 'attachment; filename="triage-report-acme-2026-09-01-to-2026-09-30.csv"'
    )
    acme_rows = list(csv.DictReader(io.StringIO(body(acme_csv))))
    assert {row["task"] for row in acme_rows} == {"Acme site", "Acme calls"}
    this_month = re.search(r'href="([^"]+)"[^>]*>This month<', acme).group(1)
    assert "client=Acme" in this_month and "from=" not in this_month
    lower = owner_client.get("/reports/?from=2026-09-01&to=2026-09-30&client=acme")
    assert "Report for Acme" in lower.content.decode()  # as the owner spells it
    report = list(
        csv.DictReader(
            io.StringIO(body(owner_client.get("/export/report.csv?from=2026-09-01&to=2026-09-30")))
        )
    )
    assert {(row["task"], row["client"], row["project"]) for row in report} == {
        ("Acme site", "Acme", "Relaunch"),
        ("Acme calls", "Acme", ""),
        ("Admin", "", ""),
    }


def test_hours_by_project_when_tasks_name_projects(
    owner_client, owner, other_owner, make_task, make_log, berlin
):
    """Toggl's first report: the period's hours by project, each project's report, and the
    logs behind its hours."""

    def page(query="") -> str:
        return owner_client.get(f"/reports/?from=2026-09-01&to=2026-09-30{query}").content.decode()

    def rows(html: str, table: str) -> list[tuple[str, str, str]]:
        if table not in html:
            return []
        found = re.findall(
            r"<tr><td>(.*?)</td><td class=\"num\">(.*?)</td><td class=\"num\">(.*?)</td>",
            html.split(table)[1].split("</table>")[0],
        )
        return [(re.sub("<[^>]+>", "", n), re.sub("<[^>]+>", "", h), s) for n, h, s in found]

    make_log(make_task(owner, "Admin"), datetime(2026, 9, 1, 9, tzinfo=berlin), 60)
    assert "By project" not in page()  # no task names a project: no table
    design = make_task(owner, "Design", client="Acme", project="Relaunch")
    build = make_task(owner, "Build", client="Acme", project="relaunch")  # the same project
    audit = make_task(owner, "Audit", client="Globex", project="Audit 2026")
    make_log(design, datetime(2026, 9, 2, 9, tzinfo=berlin), 150)
    make_log(build, datetime(2026, 9, 3, 9, tzinfo=berlin), 60)
    make_log(build, datetime(2026, 9, 30, 23, tzinfo=berlin), 120)  # one hour in the period
    make_log(audit, datetime(2026, 9, 4, 9, tzinfo=berlin), 120)
    make_log(audit, datetime(2026, 8, 4, 9, tzinfo=berlin), 60)  # before the period
    make_log(make_task(other_owner, "Theirs", project="Relaunch"), datetime(2026, 9, 2, 9), 60)
    html = page()
    # 7.5 hours in all; Relaunch 2.5 + 1 + 1, named as most of its hours spell it.
    assert rows(html, "By project") == [
        ("Relaunch", "4.5", "60%"),
        ("Audit 2026", "2.0", "27%"),
        ("No project", "1.0", "13%"),
    ]
    assert "Acme · Relaunch" in html  # a task's row says for whom and of what
    # A project's hours lead to its logs of the period, which add up to them.
    logs = re.search(r'href="(/log/\?project=Relaunch[^"]+)" title="The period', html)
    search = owner_client.get(logs.group(1).replace("&amp;", "&")).content.decode()
    assert "3 logs on" in search and '<span class="total">4h 30m</span>' in search
    assert "1h of these logs lies outside the period" in search
    assert '<a class="tag" href="/log/?from=2026-09-01&amp;to=2026-09-30" title="Every project' in (
        search
    )
    # Its name leads to the report of that project's tasks alone, for the same period.
    link = re.search(r'<a href="([^"]+)" title="The report of Relaunch">', html).group(1)
    assert link.replace("&amp;", "&") == "?from=2026-09-01&to=2026-09-30&project=Relaunch"
    relaunch = page("&project=RELAUNCH")
    assert "Report on Relaunch" in relaunch and "Show every project" in relaunch
    assert ">4.5 h<" in relaunch.replace("</span>", "<") and "By project" not in relaunch
    assert 'name="project" value="Relaunch"' in relaunch  # the dates form keeps to it
    assert rows(relaunch, "By client") == [("Acme", "4.5", "100%")]  # whose project it is
    assert rows(page("&client=Acme"), "By project") == [("Relaunch", "4.5", "100%")]
    # Within the project, a task's hours and the logs behind them keep to the project.
    build_link = re.search(
        r'href="(/log/\?task=\d+[^"]+)" title="The period.s logs of Build"', relaunch
    ).group(1)
    assert "project=Relaunch" in build_link
    csv_link = re.search(r'href="(/export/report.csv[^"]+)"', relaunch).group(1)
    exported = owner_client.get(csv_link.replace("&amp;", "&"))
    assert (
        "triage-report-relaunch-2026-09-01-to-2026-09-30.csv" in (exported["Content-Disposition"])
    )
    assert {row["task"] for row in csv.DictReader(io.StringIO(body(exported)))} == {
        "Design",
        "Build",
    }
    assert "Report on Nothing" in page("&project=Nothing")  # no such project: nothing found
    assert "Nothing logged between" in page("&project=Nothing")


def test_hours_by_tag_when_logs_have_tags(
    owner_client, owner, other_owner, make_task, make_log, berlin
):
    def tagged(task, day, minutes, tags, hour=9):
        log = make_log(task, datetime(2026, 9, day, hour, tzinfo=berlin), minutes)
        TimeLog.objects.filter(pk=log.pk).update(tags=tags)

    def table(query="") -> list[tuple[str, str, str]]:
        page = owner_client.get(f"/reports/?from=2026-09-01&to=2026-09-30{query}").content.decode()
        if "By tag" not in page:
            return []
        rows = re.findall(
            r"<tr><td>(.*?)</td><td class=\"num\">(.*?)</td><td class=\"num\">(.*?)</td>",
            page.split("By tag")[1].split("</table>")[0],
        )
        return [
            (re.sub("<[^>]+>", "", name), re.sub("<[^>]+>", "", hours), share)
            for name, hours, share in rows
        ]

    admin = make_task(owner, "Admin")
    make_log(admin, datetime(2026, 9, 1, 9, tzinfo=berlin), 60)
    assert table() == []  # no tags, no table
    acme = make_task(owner, "Acme site", client="Acme")
    tagged(acme, 2, 120, "billable, Q4")
    tagged(acme, 3, 60, "Billable")  # the same tag
    tagged(admin, 4, 60, "q4")
    tagged(admin, 30, 120, "billable", hour=23)  # 23:00–01:00: one hour in the period
    tagged(admin, 10, 60, "")
    make_log(make_task(owner, "Old"), datetime(2026, 8, 3, 9, tzinfo=berlin), 60)
    theirs = make_log(make_task(other_owner, "Theirs"), datetime(2026, 9, 2, 9, tzinfo=berlin))
    TimeLog.objects.filter(pk=theirs.pk).update(tags="billable")
    # 7 hours in all: billable 2 + 1 + 1, Q4 2 + 1 (a log tagged with both counts in both).
    assert table() == [("billable", "4.0", "57%"), ("Q4", "3.0", "43%")]
    assert table("&client=Acme") == [("billable", "3.0", "100%"), ("Q4", "2.0", "67%")]
    # Each tag links to the period's logs with that tag, whose total is the report's hours
    # (the log across the period's end counts its hour inside, and says so).
    for query, tag, total, count in [
        ("", "billable", "4h", 3),
        ("", "Q4", "3h", 2),
        ("&client=Acme", "billable", "3h", 2),
    ]:
        page = owner_client.get(f"/reports/?from=2026-09-01&to=2026-09-30{query}")
        link = re.search(
            rf'<a href="(/log/\?tag={tag}[^"]*)" title="The period.s logs tagged {tag}">',
            page.content.decode(),
        )
        assert link, (query, tag)
        search = owner_client.get(link.group(1).replace("&amp;", "&")).content.decode()
        assert f'{count} logs tagged <a class="tag"' in search, (query, tag)
        assert f'<span class="total">{total}</span>' in search, (query, tag)
        assert ("1h of these logs lies outside the period" in search) == (
            tag == "billable" and not query
        )
    # A task's hours link to its logs of the period, which add up to them.
    page = owner_client.get("/reports/?from=2026-09-01&to=2026-09-30").content.decode()
    assert 'title="The period\'s logs of Admin">4.0</a>' in page
    link = re.search(r'<a href="(/log/\?task=[^"]*)" title="The period.s logs of Admin">', page)
    search = owner_client.get(link.group(1).replace("&amp;", "&")).content.decode()
    assert "4 logs of" in search and '<span class="total">4h</span>' in search  # as the row
    # A category's row, the same: its logs of the period add up to it.
    link = re.search(r'<a href="(/log/\?category=bookkeeping[^"]*)" title="The period', page)
    search = owner_client.get(link.group(1).replace("&amp;", "&")).content.decode()
    assert '<td class="num">7.0</td>' in page.split("By category")[1].split("</table>")[0]
    assert "6 logs in" in search and '<span class="total">7h</span>' in search


def test_a_report_of_one_tag(owner_client, owner, other_owner, make_task, make_log, berlin):
    """Clockify's report by tag: the period's hours of the logs with that tag, by task,
    category and week (the hours SQL filters them: PostgreSQL's buckets, SQLite's windows);
    no hours reclaimed or profit impact, which belong to whole tasks."""

    def tagged(task, day, minutes, tags, hour=9):
        log = make_log(task, datetime(2026, 9, day, hour, tzinfo=berlin), minutes)
        TimeLog.objects.filter(pk=log.pk).update(tags=tags)

    acme = make_task(owner, "Acme site", client="Acme", category="client work")
    admin = make_task(owner, "Admin", category="admin")
    tagged(acme, 2, 120, "billable, Q4")
    tagged(acme, 3, 60, "Billable")
    tagged(acme, 4, 45, "non-billable")  # not the tag
    tagged(admin, 30, 120, "billable", hour=23)  # 23:00–01:00: one hour in the period
    tagged(admin, 10, 60, "C++")
    tagged(admin, 11, 30, "")
    theirs = make_log(make_task(other_owner, "Theirs"), datetime(2026, 9, 2, 9, tzinfo=berlin))
    TimeLog.objects.filter(pk=theirs.pk).update(tags="billable")
    page = owner_client.get("/reports/?from=2026-09-01&to=2026-09-30&tag=BILLABLE")
    html = page.content.decode()
    assert page.status_code == 200 and "Report tagged BILLABLE" in html
    figures = html.split('aria-label="The period')[1].split("</section>")[0]
    assert '<span class="value">4.0 h</span>' in figures  # 2 + 1 + the hour inside
    assert figures.count("not by tag") == 2
    by_task = html.split("By task")[1]
    assert re.findall(r'logs of (\w[\w ]*)">([\d.]+)</a>', by_task) == [
        ("Acme site", "3.0"),
        ("Admin", "1.0"),
    ]
    assert f"/log/?task={acme.pk}&amp;from=2026-09-01&amp;to=2026-09-30&amp;tag=BILLABLE" in html
    assert '<input type="hidden" name="tag" value="BILLABLE">' in html  # kept by the dates
    assert 'href="?from=2026-09-01&amp;to=2026-09-30"' in html  # its × and "Every log"
    # Regular-expression characters are the tag's own.
    plus = owner_client.get("/reports/?from=2026-09-01&to=2026-09-30&tag=c%2B%2B").content.decode()
    assert '<span class="value">1.0 h</span>' in plus
    # Its CSV: the same tasks and hours, named after the tag.
    exported = owner_client.get("/export/report.csv?from=2026-09-01&to=2026-09-30&tag=billable")
    rows = list(csv.DictReader(io.StringIO(b"".join(exported.streaming_content).decode())))
    assert [(row["task"], row["hours"]) for row in rows] == [
        ("Acme site", "3.00"),
        ("Admin", "1.00"),
    ]
    # No hours reclaimed or impact by tag, as the page's "not by tag": empty, not 0.00.
    assert {(row["hours_reclaimed_measured"], row["profit_impact"]) for row in rows} == {("", "")}
    assert "triage-report-billable-2026-09-01-to-2026-09-30" in exported["Content-Disposition"]


def test_a_fixed_number_of_queries(owner_client, owner, make_task, make_log, make_decision, berlin):
    def count() -> int:
        with CaptureQueriesContext(connection) as context:
            assert owner_client.get("/reports/?from=2026-01-01&to=2026-11-30").status_code == 200
        return len(context)

    first = make_task(owner, "First")
    make_log(first, datetime(2026, 9, 2, 9, tzinfo=berlin), 60)
    make_decision(first, decided_on=date(2026, 9, 1)).activate(date(2026, 9, 2))
    small = count()
    for index in range(10):
        task = make_task(owner, f"Task {index}")
        make_log(task, datetime(2026, 9, 3, 9, tzinfo=berlin) + timedelta(days=index), 60)
        make_decision(task, decided_on=date(2026, 9, 1)).activate(date(2026, 9, 2))
    assert count() == small


def test_the_demos_report_equals_its_time_log_export(client):
    from triage import demo

    owner, _ = demo.seed_demo_owner()
    client.force_login(owner)
    query = "from=2026-09-01&to=2026-11-30"
    html = client.get(f"/reports/?{query}").content.decode()
    report = list(csv.DictReader(io.StringIO(body(client.get(f"/export/report.csv?{query}")))))
    export = list(csv.DictReader(io.StringIO(body(client.get(f"/export/timelogs.csv?{query}")))))
    exported = sum(
        Decimal(row["duration_hours"]) for row in export
    )  # demo logs never cross midnight
    reported = sum(Decimal(row["hours"]) for row in report)
    assert abs(reported - exported) <= Decimal("0.01") * len(export)
    # The page's total is of the exact hours, the CSV's rows are each rounded to 0.01 h: the
    # two agree to within those roundings (an exact match would hold on some days only).
    shown = re.search(r'Hours logged</span><span class="value">([\d,.]+) h', html)
    assert abs(Decimal(shown[1].replace(",", "")) - reported) <= Decimal("0.05") + Decimal(
        "0.005"
    ) * len(report)


@pytest.mark.parametrize("zone", ["America/New_York", "Europe/Berlin"])
def test_a_reports_week_has_the_dashboards_figures_in_clock_change_weeks_too(
    owner, make_task, make_log, make_decision, zone
):
    """One number everywhere: the report of a week says what the dashboard says of it. In
    the week the clocks went back (169 hours) the report had counted 1.006 weeks of plan."""
    from zoneinfo import ZoneInfo

    from triage import dashboard_figures, period_report
    from triage.weeks import parse_week

    owner_settings = owner.owner_settings
    owner_settings.time_zone = zone
    owner_settings.save()
    tz = ZoneInfo(zone)
    task = make_task(owner, "Bookkeeping")
    make_decision(task, decided_on=date(2026, 9, 20)).activate(date(2026, 10, 1))
    for day in range(20, 32):  # 20–31 Oct: across both zones' clock changes
        make_log(task, datetime(2026, 10, day, 9, tzinfo=tz), 20)
    now = datetime(2026, 11, 20, 12, tzinfo=UTC)
    for label in ("2026-W43", "2026-W44", "2026-W45"):
        week = parse_week(label, tz)
        data = dashboard_figures.dashboard(owner, owner_settings, week, now)
        report = period_report.report(owner, owner_settings, week.first_day, week.last_day, now)
        this = data.this
        pairs = [
            (report.hours, data.hours_logged[this]),
            (report.hours_reclaimed_measured, data.measured_reclaimed[this]),
            (report.hours_reclaimed_estimated, data.estimated_reclaimed[this]),
            (report.profit_impact, data.profit_impact[this]),
        ]
        # Equal to the 20th decimal place (sums of thirds of an hour differ in the 28th).
        assert all(abs(shown - dashboard) < Decimal("1e-20") for shown, dashboard in pairs), (
            label,
            pairs,
        )


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    zone=st.sampled_from(["Europe/Berlin", "America/New_York", "Asia/Kathmandu"]),
    decisions=st.lists(
        st.tuples(
            st.integers(0, 2),  # which task
            st.integers(0, 40),  # decided, days after 21 Sep
            st.integers(0, 20),  # active, days after deciding
            st.one_of(st.none(), st.integers(0, 30)),  # ended, days after it began
            st.decimals(Decimal("0.25"), Decimal(9), places=2),  # baseline hours a week
        ),
        max_size=3,
        unique_by=lambda decision: decision[0],  # one a task: two in force are refused
    ),
    logs=some_logs(days=45, tasks=3, most=15),
    now_day=st.integers(0, 30),  # now: from 1 Nov, at noon UTC
)
def test_any_weeks_report_has_the_dashboards_figures_and_four_weeks_their_sum(
    owner, make_decision, zone, decisions, logs, now_day
):
    """One number everywhere, whatever the decisions (started, ended mid-week or still in
    force), the logs, the time zone and the day: a week's report has its dashboard's hours,
    reclaimed hours (measured and estimated) and profit impact, and the report of four
    whole weeks their sum — nothing counted in a week still to come."""
    from zoneinfo import ZoneInfo

    from triage import dashboard_figures, period_report
    from triage.models import Decision
    from triage.weeks import parse_week

    owner_settings = owner.owner_settings
    owner_settings.time_zone = zone
    owner_settings.save()
    Decision.objects.all().delete()
    tasks = [
        Task.objects.get_or_create(owner=owner, title=title, defaults={"category": "admin"})[0]
        for title in ("Bookkeeping", "Email", "Scheduling")
    ]
    write_logs(owner, tasks, logs, datetime(2026, 10, 5, tzinfo=ZoneInfo(zone)))
    for task, decided, active_after, ended_after, baseline in decisions:
        decided_on = date(2026, 9, 21) + timedelta(days=decided)
        decision = make_decision(
            tasks[task], decided_on=decided_on, baseline_hours_per_week=baseline
        )
        decision.activate(decided_on + timedelta(days=active_after))
        if ended_after is not None:
            decision.end(decision.activated_on + timedelta(days=ended_after))
    now = datetime(2026, 11, 1, 12, tzinfo=UTC) + timedelta(days=now_day)
    TimeLog.objects.filter(end__gt=now).delete()  # nothing is logged after now
    labels = ("2026-W42", "2026-W43", "2026-W44", "2026-W45", "2026-W46", "2026-W47")

    def figures(first_day: date, last_day: date):
        shown = period_report.report(owner, owner_settings, first_day, last_day, now)
        return [
            shown.hours,
            shown.hours_reclaimed_measured,
            shown.hours_reclaimed_estimated,
            shown.profit_impact,
        ]

    def close(one, other) -> bool:  # sums of thirds of an hour differ in the 28th digit
        if one is None or other is None:
            return one is other or (one or 0) == (other or 0) == 0
        return abs(one - other) < Decimal("1e-20")

    weeks = []
    for label in labels:
        week = parse_week(label, owner_settings.zone)
        data = dashboard_figures.dashboard(owner, owner_settings, week, now)
        this = data.this
        dashboard = [
            data.hours_logged[this],
            data.measured_reclaimed[this],
            data.estimated_reclaimed[this],
            data.profit_impact[this],
        ]
        report = figures(week.first_day, week.last_day)
        assert all(map(close, report, dashboard)), (label, report, dashboard)
        weeks.append((week, report))
    for first in range(len(weeks) - 3):
        four = weeks[first : first + 4]
        whole = figures(four[0][0].first_day, four[-1][0].last_day)
        for place, figure in enumerate(whole):
            parts = [report[place] for _, report in four if report[place] is not None]
            summed = sum(parts, Decimal(0)) if parts else None
            assert close(figure, summed), (four[0][0].label, place, figure, summed)


def test_an_empty_period_says_so_instead_of_drawing_an_empty_chart(
    owner_client, owner, make_task, make_log, berlin
):
    html = owner_client.get("/reports/?from=2026-09-01&to=2026-09-30").content.decode()
    assert "Nothing logged in this period: no bars to draw." in html
    assert 'id="report-chart-title"' not in html and "Nothing logged between 1 Sep 2026" in html
    make_log(make_task(owner), datetime(2026, 9, 2, 9, tzinfo=berlin), 60)
    html = owner_client.get("/reports/?from=2026-09-01&to=2026-09-30").content.decode()
    assert 'id="report-chart-title"' in html and "no bars to draw" not in html


def test_a_long_history_lists_the_biggest_tasks_and_every_handed_off_one(
    owner_client, owner, make_task, make_log, make_decision, berlin
):
    from triage.models import Task, TimeLog

    tasks = Task.objects.bulk_create(
        [Task(owner=owner, title=f"Call {n:03d}", category="sales") for n in range(105)]
    )
    TimeLog.objects.bulk_create(
        [
            TimeLog(
                owner=owner,
                task=task,
                start=datetime(2026, 9, 2, 8, tzinfo=berlin) + timedelta(minutes=40 * n),
                end=datetime(2026, 9, 2, 8, tzinfo=berlin) + timedelta(minutes=40 * n + 30),
            )
            for n, task in enumerate(tasks)
        ]
    )
    handed_off = make_task(owner, "Bookkeeping")  # a few minutes: it was handed off
    make_log(handed_off, datetime(2026, 9, 3, 9, tzinfo=berlin), 5)
    make_decision(handed_off, decided_on=date(2026, 8, 1)).activate(date(2026, 8, 2))
    html = owner_client.get("/reports/?from=2026-09-01&to=2026-09-30").content.decode()
    table = html.split("By task", 1)[1]
    assert table.count('<th scope="row"') == 101 and "Bookkeeping" in table
    assert "101 of 106 tasks" in html
    assert 'href="/export/report.csv?from=2026-09-01&amp;to=2026-09-30"' in html


def test_a_task_never_handed_off_has_no_reclaimed_hours_or_impact_to_show(
    owner_client, owner, make_task, make_log, make_decision, berlin
):
    """ "0.0 reclaimed, $0.00" beside client work read as a handoff that failed: a task no
    decision touched in the period shows a dash; a handed-off one its figures, even nil."""
    kept, handed_off = make_task(owner, "Client work"), make_task(owner, "Bookkeeping")
    make_log(kept, datetime(2026, 9, 3, 9, tzinfo=berlin), 120)
    make_log(handed_off, datetime(2026, 9, 3, 13, tzinfo=berlin), 300)  # as much as before
    for monday in (date(2026, 8, 3), date(2026, 8, 10), date(2026, 8, 17), date(2026, 8, 24)):
        make_log(handed_off, datetime.combine(monday, time(9), tzinfo=berlin), 60)
    make_decision(handed_off, decided_on=date(2026, 8, 31)).activate(date(2026, 8, 31))
    html = owner_client.get("/reports/?from=2026-09-01&to=2026-09-06").content.decode()
    by_task = html.split("By task")[1]  # (the category table names them too)
    rows = {
        title: by_task.split(f">{title}</a>")[1].split("</tr>")[0]
        for title in ("Client work", "Bookkeeping")
    }
    assert rows["Client work"].count('title="Not handed off in this period">—</td>') == 2
    assert "—</td>" not in rows["Bookkeeping"]
    assert re.search(r'data-label="Reclaimed, measured">[−-]?\d+\.\d</td>', rows["Bookkeeping"])


def test_each_column_adds_up_to_the_total_above_it(
    owner_client, owner, make_task, make_log, berlin
):
    # Twenty minutes in each of three categories: 1.0 h in all, a third each. Each rounded
    # alone would read 0.3 + 0.3 + 0.3 h and 33% + 33% + 33% under "1.0 h".
    for title, category in (
        ("Invoicing", "bookkeeping"),
        ("Posts", "marketing"),
        ("Mail", "email"),
    ):
        make_log(
            make_task(owner, title, category=category), datetime(2026, 9, 2, 9, tzinfo=berlin), 20
        )
    html = owner_client.get("/reports/?from=2026-09-01&to=2026-09-30").content.decode()
    assert '<span class="value">1.0 h</span>' in html
    by_category = html.split("By category")[1].split("</table>")[0]
    hours = re.findall(r'<td class="num">([\d.]+)</td><td class="num">(\d+)%</td>', by_category)
    assert sorted(hours) == [("0.3", "33"), ("0.3", "33"), ("0.4", "34")]
    by_task = html.split("By task")[1].split("</table>")[0]
    assert sorted(re.findall(r'data-label="Hours"><a [^>]*>([\d.]+)<', by_task)) == [
        "0.3",
        "0.3",
        "0.4",
    ]
    assert sorted(re.findall(r'data-label="Share">(\d+)%<', by_task)) == ["33", "33", "34"]
    # A week before: a quarter of an hour of MGA work and one of other work read 0.5 h.
    selling = make_task(owner, "Sales calls", category="sales", is_mga=True)
    make_log(selling, datetime(2026, 8, 25, 9, tzinfo=berlin), 15)
    make_log(make_task(owner, "Filing"), datetime(2026, 8, 25, 10, tzinfo=berlin), 15)
    week = owner_client.get("/dashboard/?week=2026-W36").content.decode()
    where = week.split("Where this week went")[1].split("</details>")[0]
    assert sorted(re.findall(r'<td class="num">([\d.]+)</td>', where)) == ["0.3", "0.3", "0.4"]
    weeks = week.split("Hours, last 12 weeks")[1].split("</details>")[0]
    pair = re.search(
        r'<td><a href="/dashboard/\?week=2026-W35">24 Aug</a></td>'
        r'<td class="num">([\d.]+)</td><td class="num">([\d.]+)</td>',
        weeks,
    )
    assert Decimal(pair[1]) + Decimal(pair[2]) == Decimal("0.5")
    report = owner_client.get("/reports/?from=2026-08-24&to=2026-09-27").content.decode()
    week_row = (
        '<td><a href="/log/?from=2026-08-24&amp;to=2026-08-30">24 Aug</a></td>'
        f'<td class="num">{pair[1]}</td><td class="num">{pair[2]}</td>'
    )
    assert week_row in report
    # The week's column and row lead to its logs, which add up to it.
    assert report.count('href="/log/?from=2026-08-24&amp;to=2026-08-30"') == 2
    logs = owner_client.get("/log/?from=2026-08-24&to=2026-08-30").content.decode()
    assert '<span class="total">30m</span>' in logs


def test_the_period_before_is_compared(owner_client, owner, make_task, make_log, berlin):
    """Toggl's "compared with the previous period": the same number of days just before,
    narrowed alike, in the same query."""
    from django.utils import timezone

    from triage.period_report import report

    sales = make_task(owner, "Calls", category="sales", client="Acme", is_mga=True)
    admin = make_task(owner, "Admin")
    make_log(sales, datetime(2026, 10, 6, 9, tzinfo=berlin), 120)  # in 5–18 Oct
    make_log(admin, datetime(2026, 10, 7, 9, tzinfo=berlin), 120)
    make_log(sales, datetime(2026, 9, 22, 9, tzinfo=berlin), 60)  # in 21 Sep–4 Oct
    make_log(admin, datetime(2026, 10, 4, 23, tzinfo=berlin), 120)  # its hour before midnight
    make_log(admin, datetime(2026, 9, 20, 9, tzinfo=berlin), 600)  # earlier still

    def period(first, last, **narrowed):
        return report(owner, owner.owner_settings, first, last, timezone.now(), **narrowed)

    whole = period(date(2026, 10, 5), date(2026, 10, 18))
    assert whole.before == date(2026, 9, 21) and whole.days_before == 14
    assert (whole.hours, whole.hours_before) == (Decimal(5), Decimal(2))  # the hour each side
    assert whole.mga_share_before == Decimal(50)
    assert whole.hours == sum(line.hours for line in whole.tasks)  # not mixed into the period
    acme = period(date(2026, 10, 5), date(2026, 10, 18), client="acme")
    assert (acme.hours, acme.hours_before, acme.mga_share_before) == (2, 1, 100)
    assert period(date(2000, 1, 1), date(2000, 1, 31)).before is None  # nothing kept before
    page = owner_client.get("/reports/?from=2026-10-05&to=2026-10-18").content.decode()
    assert "2.0 h the 14 days before" in page and "50% before" in page
    assert 'title="21 Sep 2026 – 4 Oct 2026"' in page


def test_the_chart_stops_at_today_in_a_period_that_runs_on(
    owner_client, owner, make_task, make_log
):
    """Days still to come have no hours to show, not 0.0 h (as the dashboard's charts stop
    at the current week); the period's figures still cover all of it."""
    from triage.period_report import report

    owner_settings = owner.owner_settings
    today = owner_settings.today()
    yesterday = today - timedelta(days=1)
    make_log(
        make_task(owner, "Site"), datetime.combine(yesterday, time(9), owner_settings.zone), 60
    )
    first, last = today - timedelta(days=2), today + timedelta(days=3)
    data = report(owner, owner_settings, first, last, timezone.now())
    assert data.bucket_days == [(day, day) for day in (first, yesterday, today)]
    # Compared with as many days before as it has had: three, not six.
    assert data.before == first - timedelta(days=3) and data.days_before == 3
    assert [mga + other for _, mga, other in data.buckets] == [0, 1, 0] and data.unit == "day"
    page = owner_client.get(f"/reports/?from={first}&to={last}").content.decode()
    assert 'id="report-chart-title"' in page
    assert f'href="/log/?from={today}&amp;to={today}"' in page
    assert f"/log/?from={today + timedelta(days=1)}" not in page
    assert "h the 3 days before" in page
    coming = report(owner, owner_settings, today + timedelta(days=1), last, timezone.now())
    assert coming.before is None and coming.buckets == []  # nothing of it has happened


def test_a_report_says_how_much_of_its_hours_overlapping_logs_count_twice(
    owner_client, owner, make_task, make_log, berlin
):
    """As the dashboard: the hours add both overlapping logs up; the report says by how
    much — of the logs it reports on (a client's report, of that client's logs alone)."""
    from triage.models import ApiToken

    site = make_task(owner, "Site", client="Acme")
    make_log(site, datetime(2026, 10, 5, 9, tzinfo=berlin), 90)
    make_log(make_task(owner, "Email"), datetime(2026, 10, 5, 10, tzinfo=berlin), 60)
    make_log(site, datetime(2026, 10, 20, 9, tzinfo=berlin), 60)
    period = {"from": "2026-10-01", "to": "2026-10-31"}
    page = owner_client.get("/reports/", period).content.decode()
    said = page.split('id="counted-twice">')[1].split("</span>")[0]
    assert said.startswith("30m of it counted twice: logs overlap")
    assert 'href="/log/?from=2026-10-01&amp;to=2026-10-31">see them</a>' in said
    acme = owner_client.get("/reports/", period | {"client": "acme"}).content.decode()
    assert 'id="counted-twice"' not in acme  # Acme's logs do not overlap each other
    assert (
        'id="counted-twice"'
        not in owner_client.get(
            "/reports/", {"from": "2026-10-10", "to": "2026-10-31"}
        ).content.decode()
    )
    _, secret = ApiToken.objects.issue(owner, "script")
    api = owner_client.__class__(HTTP_AUTHORIZATION=f"Bearer {secret}")
    report = api.get("/api/v1/reports", period).json()
    assert (report["hours_logged"], report["hours_counted_twice"]) == ("3.50", "0.50")
