"""/tasks/ and /tasks/<id>/: hours, verdicts, create, rename, archive, the 12-week chart."""

import re
from datetime import datetime, time, timedelta
from decimal import Decimal as D

import pytest
from django.utils import timezone

from triage.models import Task, TimeLog

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture(autouse=True)
def _about_noon(owner):
    """Logs made a few hours ago belong to this week only where it is not early Monday: the
    owner lives where it is about noon now, whatever the hour the suite runs."""
    from tests.conftest import put_owner_where_it_is_about_noon

    put_owner_where_it_is_about_noon(owner)


def hours_ago(hours: float):
    return timezone.now() - timedelta(hours=hours)


def table_of(response) -> str:
    return response.content.decode().split('id="task-table"')[1]


def test_the_list_shows_this_weeks_hours_and_the_verdict(
    owner_client, owner, make_task, make_log, make_gut_check
):
    email = make_task(owner, "Email triage", category="email")
    make_log(email, hours_ago(2), 90)
    make_gut_check(email)
    html = owner_client.get("/tasks/").content.decode()
    assert "Email triage" in html
    assert "1.5 h" in html
    assert 'class="badge outsource"' in html


def test_filter_by_category_and_sort_by_hours(owner_client, owner, make_task, make_log):
    small = make_task(owner, "Alpha", category="admin")
    big = make_task(owner, "Zulu", category="admin")
    make_task(owner, "Other", category="sales")
    make_log(small, hours_ago(3), 30)
    make_log(big, hours_ago(2), 90)
    table = table_of(owner_client.get("/tasks/?category=admin&sort=hours"))
    assert "Other" not in table
    assert table.index("Zulu") < table.index("Alpha")
    by_name = table_of(owner_client.get("/tasks/?category=admin"))
    assert by_name.index("Alpha") < by_name.index("Zulu")


def test_htmx_filter_returns_only_the_table(owner_client, owner, make_task):
    make_task(owner)
    response = owner_client.get(
        "/tasks/?category=bookkeeping", HTTP_TRIAGE_PART="task_table", **HTMX
    )
    assert "<html" not in response.content.decode()
    assert "Invoicing" in response.content.decode()


def test_create_a_task_inline(owner_client, owner):
    response = owner_client.post(
        "/tasks/new/",
        {"title": "  Newsletter ", "category": "Marketing", "estimated_minutes_per_week": "1h30"},
        **HTMX,
    )
    assert response.status_code == 200
    task = Task.objects.get()
    assert (task.title, task.category, task.estimated_minutes_per_week) == (
        "Newsletter",
        "marketing",
        90,
    )
    assert "Newsletter" in response.content.decode()


def test_a_duplicate_title_is_explained(owner_client, owner, make_task):
    make_task(owner, "Invoicing")
    response = owner_client.post("/tasks/new/", {"title": "invoicing", "category": "admin"})
    assert response.status_code == 422
    assert "You already have a task called “Invoicing”." in response.content.decode()
    assert Task.objects.count() == 1


def test_rename_and_recategorise(owner_client, owner, make_task):
    task = make_task(owner, "Invoicing")
    response = owner_client.post(
        f"/tasks/{task.pk}/edit/", {"title": "Invoices", "category": "admin"}
    )
    assert response.status_code == 302
    task.refresh_from_db()
    assert (task.title, task.category) == ("Invoices", "admin")


def test_a_tasks_client_and_project_are_edited_on_its_page(owner_client, owner, make_task):
    make_task(owner, "Site build", client="Acme", project="Relaunch")
    task = make_task(owner, "Invoices")
    form = owner_client.get(f"/tasks/{task.pk}/edit/").content.decode()
    assert '<option value="Acme">' in form and '<option value="Relaunch">' in form  # suggested
    edit = {"title": "Invoices", "category": "admin", "client": " acme ", "project": "Q4 "}
    assert owner_client.post(f"/tasks/{task.pk}/edit/", edit).status_code == 302
    task.refresh_from_db()
    # Spelt as the owner already spells it, so the report's hours by client stay together.
    assert (task.client, task.project) == ("Acme", "Q4")
    page = owner_client.get(f"/tasks/{task.pk}/").content.decode()
    assert "Admin · for Acme · Q4 ·" in re.sub("<[^>]+>", "", page)
    # Each leads to its report (this month's, the report's default).
    assert '<a href="/reports/?client=Acme" title="This month' in page
    assert '<a href="/reports/?project=Q4" title="This month' in page
    too_long = owner_client.post(f"/tasks/{task.pk}/edit/", edit | {"client": "x" * 121})
    assert too_long.status_code == 422 and "at most 120 characters" in too_long.content.decode()
    # Left empty: no client.
    assert owner_client.post(f"/tasks/{task.pk}/edit/", edit | {"client": ""}).status_code == 302
    task.refresh_from_db()
    assert task.client == ""


def test_archive_hides_the_task_until_asked(owner_client, owner, make_task):
    task = make_task(owner, "Old chore")
    owner_client.post(f"/tasks/{task.pk}/archive/", {"archived": "1"})
    assert "Old chore" not in table_of(owner_client.get("/tasks/"))
    assert "Old chore" in table_of(owner_client.get("/tasks/?archived=1"))
    owner_client.post(f"/tasks/{task.pk}/archive/", {"archived": "0"})
    assert "Old chore" in table_of(owner_client.get("/tasks/"))


def test_an_archived_tasks_page_offers_restore_instead_of_a_timer_it_would_refuse(
    owner_client, owner, make_task
):
    task = make_task(owner, "Old chore")
    page = f"/tasks/{task.pk}/"
    assert 'name="archived" value="1"' in owner_client.get(page).content.decode()  # one tap
    archived = owner_client.post(f"/tasks/{task.pk}/archive/", {"archived": "1", "next": page})
    assert archived["Location"] == page
    html = owner_client.get(page).content.decode()
    assert "Archived Old chore." in html
    assert "Start timer" not in html and "Restore from archive" in html
    back = owner_client.post(f"/tasks/{task.pk}/archive/", {"archived": "0", "next": page})
    assert back.status_code == 302 and back["Location"] == page
    html = owner_client.get(page).content.decode()
    assert "Restored Old chore." in html and "Start timer" in html


def test_the_task_page_has_logs_checks_decisions_and_a_chart(
    owner_client, owner, make_task, make_log
):
    task = make_task(owner, "Invoicing <b>&</b>")
    log = make_log(task, hours_ago(2), 60, note="Acme")
    html = owner_client.get(f"/tasks/{task.pk}/").content.decode()
    assert "<svg" in html and "Hours a week on this task, last 12 weeks" in html
    assert html.count("<rect") == 12
    assert "Invoicing &lt;b&gt;&amp;&lt;/b&gt;" in html and "<b>&</b>" not in html
    assert "Acme" in html
    assert "Not checked yet" in html
    # Each week's column (and row) leads to the task's logs of that week: the log's week
    # holds its hour.
    weeks = re.findall(r'<a href="/log/\?task=\d+&amp;from=([\d-]+)&amp;to=([\d-]+)"', html)
    assert len(weeks) == 24  # twelve columns, twelve rows
    day = log.start.astimezone(owner.owner_settings.zone).date().isoformat()
    [(first, last)] = {week for week in weeks if week[0] <= day <= week[1]}
    found = owner_client.get("/log/", {"task": task.pk, "from": first, "to": last})
    assert '<span class="total">1h</span>' in found.content.decode()


def test_a_task_with_more_logs_than_its_page_lists_leads_to_all_of_them(
    owner_client, owner, make_task, make_log
):
    task = make_task(owner, "Invoicing")
    for day in range(55):
        make_log(task, hours_ago(24 * day + 2), 30, note=f"run {day}")
    html = owner_client.get(f"/tasks/{task.pk}/").content.decode()
    assert "run 49" in html and "run 50" not in html  # the newest fifty
    more = html.split('id="more-logs"')[1].split("</p>")[0]
    assert "The latest 50 of 55" in more
    assert f'href="/log/?task={task.pk}"' in more and "export all 55 as CSV" in more
    everything = owner_client.get("/log/", {"task": task.pk}).content.decode()
    assert "run 54" in everything and "run 0" in everything


def test_an_empty_task_list_says_what_to_do(owner_client):
    assert "No tasks yet." in owner_client.get("/tasks/").content.decode()


@pytest.mark.parametrize("path", ["/tasks/{id}/", "/tasks/{id}/edit/", "/tasks/{id}/gut-check/"])
def test_another_owners_task_is_404(owner_client, other_owner, make_task, path):
    theirs = make_task(other_owner, "Their task")
    assert owner_client.get(path.format(id=theirs.pk)).status_code == 404
    assert owner_client.post(path.format(id=theirs.pk), {"title": "Mine now"}).status_code in {
        404,
        405,
    }
    assert owner_client.post(f"/tasks/{theirs.pk}/archive/").status_code == 404
    theirs.refresh_from_db()
    assert (theirs.title, theirs.archived) == ("Their task", False)


def test_a_typo_task_merges_into_the_real_one_in_one_go(
    owner_client, owner, make_task, make_log, make_gut_check, make_decision
):
    from datetime import UTC, datetime

    from triage.models import Decision, GutCheck, TimeLog

    typo, real = make_task(owner, "emial"), make_task(owner, "Email")
    make_log(typo, datetime(2026, 11, 2, 9, tzinfo=UTC), 60)
    make_gut_check(typo)
    make_decision(typo)
    renamed = owner_client.post(f"/tasks/{typo.pk}/edit/", {"title": "email", "category": "email"})
    html = renamed.content.decode()
    assert renamed.status_code == 422 and f"/tasks/{typo.pk}/merge/?into={real.pk}" in html
    asked = owner_client.get(f"/tasks/{typo.pk}/merge/?into={real.pk}").content.decode()
    assert "1 log (1.0 h), 1 gut check and 1 decision move" in asked
    bare = make_task(owner, "Scratch")
    asked = owner_client.get(f"/tasks/{bare.pk}/merge/").content.decode()
    assert "Its logs (none yet), no gut checks and no decisions move" in asked
    assert "Pick a task…" in asked
    owner_client.post(f"/tasks/{typo.pk}/merge/", {"into": real.pk})
    assert not Task.objects.filter(pk=typo.pk).exists()
    assert TimeLog.objects.get().task == real and GutCheck.objects.get().task == real
    assert Decision.objects.get().task == real


def test_two_tasks_with_decisions_in_force_on_the_same_days_are_not_merged(
    owner_client, owner, make_task, make_decision
):
    from datetime import date

    typo, real = make_task(owner, "emial"), make_task(owner, "Email")
    handed_off = make_decision(typo)
    handed_off.activate(date(2026, 11, 9))
    automated = make_decision(real, kind="automate")
    automated.activate(date(2026, 11, 16))
    refused = owner_client.post(f"/tasks/{typo.pk}/merge/", {"into": real.pk})
    assert refused.status_code == 422
    assert "both in force on some of the same days" in refused.content.decode()
    assert Task.objects.filter(pk=typo.pk).exists()

    handed_off.end(date(2026, 11, 15))  # one after the other: they can be one task's history
    owner_client.post(f"/tasks/{typo.pk}/merge/", {"into": real.pk})
    assert not Task.objects.filter(pk=typo.pk).exists()
    assert real.decisions.count() == 2


def test_a_decision_started_in_another_tab_after_the_merge_form_checked_refuses_the_merge(
    owner_client, owner, make_task, make_decision, monkeypatch
):
    """The form checks the decisions when it arrives; the merge checks again under the
    lock, and a clash found there is a message on the form (422), not a 500."""
    from datetime import date

    from triage.forms import MergeForm

    typo, real = make_task(owner, "emial"), make_task(owner, "Email")
    make_decision(typo).activate(date(2026, 11, 9))
    make_decision(real, kind="automate").activate(date(2026, 11, 16))
    monkeypatch.setattr(MergeForm, "clean_into", lambda form: form.cleaned_data["into"])
    refused = owner_client.post(f"/tasks/{typo.pk}/merge/", {"into": real.pk})
    assert refused.status_code == 422
    assert "in force on some of the same days" in refused.content.decode()
    assert Task.objects.filter(pk=typo.pk).exists() and real.decisions.count() == 1


def test_merging_into_itself_or_someone_elses_task_is_refused(
    owner_client, owner, other_owner, make_task
):
    task = make_task(owner)
    theirs = make_task(other_owner, "Theirs")
    assert owner_client.post(f"/tasks/{task.pk}/merge/", {"into": task.pk}).status_code == 422
    assert owner_client.post(f"/tasks/{task.pk}/merge/", {"into": theirs.pk}).status_code == 404
    assert Task.objects.count() == 2


def test_deleting_a_task_says_how_many_hours_go_then_removes_only_its_rows(
    owner_client, owner, make_task, make_log
):
    from datetime import UTC, datetime

    from triage.models import TimeLog

    task, other = make_task(owner, "Junk"), make_task(owner, "Keep")
    make_log(task, datetime(2026, 11, 2, 9, tzinfo=UTC), 90)
    make_log(other, datetime(2026, 11, 3, 9, tzinfo=UTC), 30)
    page = owner_client.get(f"/tasks/{task.pk}/delete/").content.decode()
    assert "1 log — 1.5 h — go with it" in page
    assert owner_client.post(f"/tasks/{task.pk}/delete/").status_code == 302
    assert list(TimeLog.objects.values_list("task__title", flat=True)) == ["Keep"]


def test_the_new_task_address_leads_to_the_form_on_the_list(owner_client):
    response = owner_client.get("/tasks/new/")
    assert response.status_code == 302 and response["Location"] == "/tasks/#task-create"
    assert 'id="task-create"' in owner_client.get(response["Location"]).content.decode()


def test_a_task_added_twice_by_a_double_click_comes_back_with_the_forms_message(
    owner_client, owner, monkeypatch
):
    """The twin is saved after this form checked the title and before it saves (a double
    click, another tab): the unique constraint refuses it, and the form says why (422)."""
    from triage.forms import TaskForm

    checked = TaskForm.clean_title

    def twin_saved_right_after_the_check(form):
        title = checked(form)
        Task.objects.create(owner=owner, title=title, category="bookkeeping")
        return title

    monkeypatch.setattr(TaskForm, "clean_title", twin_saved_right_after_the_check)
    response = owner_client.post("/tasks/new/", {"title": "Invoicing", "category": "bookkeeping"})
    assert response.status_code == 422
    assert "You already have a task called “Invoicing”." in response.content.decode()
    assert Task.objects.filter(owner=owner).count() == 1


def test_many_tasks_come_a_page_at_a_time_and_a_search_finds_one(owner_client, owner):
    """An imported Toggl history can bring thousands of tasks (one per description)."""
    Task.objects.bulk_create(
        [Task(owner=owner, title=f"Call {number:03d}", category="sales") for number in range(230)]
        + [Task(owner=owner, title="Invoices for Acme", category="bookkeeping")]
    )
    first = table_of(owner_client.get("/tasks/"))
    assert first.count('<tr id="task-') == 100
    html = owner_client.get("/tasks/").content.decode()
    assert "1–100 of 231" in html and 'rel="next"' in html and 'rel="prev"' not in html
    last = owner_client.get("/tasks/?page=3").content.decode()
    assert "201–231 of 231" in last and "Invoices for Acme" in last and 'rel="next"' not in last
    # A page past the end is the last one; one that is not a number, the first.
    assert "201–231 of 231" in owner_client.get("/tasks/?page=999").content.decode()
    assert "1–100 of 231" in owner_client.get("/tasks/?page=x").content.decode()
    # The search: words in any order and case; the other filters and the sort still apply.
    found = table_of(owner_client.get("/tasks/?q=acme+INVOICES"))
    assert found.count('<tr id="task-') == 1 and "Invoices for Acme" in found
    assert "no-such" not in table_of(owner_client.get("/tasks/?q=acme&category=sales"))
    none = owner_client.get("/tasks/?q=zzz&category=sales").content.decode()
    assert "No task in “sales” has “zzz” in its name, client or project." in none
    # The pages keep the filter: page 2 of a search is that search's.
    second = table_of(owner_client.get("/tasks/?q=call&sort=title&page=2"))
    assert "Call 100" in second and "Call 099" not in second  # (the timer's picker has all)
    assert "q=call" in second.split('rel="next"')[0].rsplit("href=", 1)[1]


def test_the_task_list_shows_and_finds_a_tasks_client_and_project(owner_client, owner):
    Task.objects.create(owner=owner, title="Site build", client="Acme", project="Relaunch")
    Task.objects.create(owner=owner, title="Acme-free task")
    Task.objects.create(owner=owner, title="Invoicing")
    table = table_of(owner_client.get("/tasks/"))
    assert '<span class="note">Acme · Relaunch</span>' in table
    found = table_of(owner_client.get("/tasks/?q=relaunch"))
    assert found.count('<tr id="task-') == 1 and "Site build" in found
    both = table_of(owner_client.get("/tasks/?q=acme"))  # the client's, and the one so named
    assert both.count('<tr id="task-') == 2 and "Invoicing" not in both
    assert table_of(owner_client.get("/tasks/?q=acme+build")).count('<tr id="task-') == 1


def test_tasks_idle_for_twelve_weeks_are_archived_in_one_go(
    owner_client, owner, other_owner, make_task, make_log, make_decision
):
    from datetime import date

    long_ago = timezone.now() - timedelta(weeks=20)
    old_tasks = {}
    for title in ("One-off call", "Old report", "Logged lately", "Timing now", "Handed off"):
        old_tasks[title] = make_task(owner, title)
        make_log(old_tasks[title], long_ago, 30)
    Task.objects.filter(owner=owner).update(created_at=long_ago)
    make_log(old_tasks["Logged lately"], timezone.now() - timedelta(weeks=2), 30)
    TimeLog.objects.create(owner=owner, task=old_tasks["Timing now"], start=timezone.now())
    make_decision(old_tasks["Handed off"], decided_on=date.today()).activate(date.today())
    make_task(owner, "Made today")  # nothing logged yet, but new
    imported = make_task(owner, "Imported one-off")  # made today by an import, logs of old
    make_log(imported, long_ago, 45)
    theirs = make_task(other_owner, "Their idle task")
    Task.objects.filter(pk=theirs.pk).update(created_at=long_ago)

    page = owner_client.get("/tasks/archive-idle/").content.decode()
    assert "Archive 3 idle tasks?" in page
    assert "Imported one-off, Old report, One-off call" in page
    done = owner_client.post("/tasks/archive-idle/", follow=True)
    assert "Archived 3 tasks with no time in 12 weeks." in done.content.decode()
    archived = set(Task.objects.filter(archived=True).values_list("title", flat=True))
    # Nobody else's, nothing in use, nothing new without logs.
    assert archived == {"One-off call", "Old report", "Imported one-off"}
    assert "No idle tasks" in owner_client.get("/tasks/archive-idle/").content.decode()
    # Their hours still count.
    assert TimeLog.objects.filter(task__archived=True).count() == 3


def test_the_tasks_chart_shows_the_hours_while_it_was_handed_off_apart(
    owner_client, owner, make_task, make_log, make_decision
):
    """Started on a Saturday, its week's Wednesday stays the owner's own; ended on a
    Tuesday, that week's Thursday is the owner's again. A decision to keep it hands nothing
    off."""
    from triage.decision_rows import weekly_hours_handed_off
    from triage.weeks import weeks_ending_with

    task = make_task(owner, "Social media")
    plain = owner_client.get(f"/tasks/{task.pk}/").content.decode()
    assert "Handed off" not in plain  # nothing handed off: one series, no legend
    this_week = owner.owner_settings.this_week()
    weeks = weeks_ending_with(this_week, 12)
    started_week = weeks[5]
    kept_from = started_week.first_day - timedelta(weeks=1)
    make_decision(task, kind="keep", decided_on=kept_from).activate(kept_from)
    assert "Handed off" not in owner_client.get(f"/tasks/{task.pk}/").content.decode()

    def at(week, weekday):  # in the owner's zone (where it is about noon now)
        return datetime.combine(week.first_day + timedelta(days=weekday), time(10), week.zone)

    make_log(task, at(started_week, 2), 60)  # its Wednesday: before it started
    make_log(task, at(started_week, 6), 30)  # its Sunday: handed off
    make_log(task, at(weeks[6], 0), 20)  # the next Monday: handed off
    make_log(task, at(weeks[7], 0), 15)  # the Monday of the week it ended: handed off
    make_log(task, at(weeks[7], 3), 45)  # that week's Thursday, after its end: the owner's
    handed = make_decision(task, decided_on=started_week.first_day)
    handed.activate(started_week.first_day + timedelta(days=5))  # Saturday; ends the keep
    handed.end(weeks[7].first_day + timedelta(days=1))  # Tuesday
    hours, handed_off = weekly_hours_handed_off(
        task.pk, owner.pk, list(task.decisions.all()), weeks
    )
    assert hours[5:8] == [D("1.5"), D(20) / 60, D(1)]
    assert handed_off[5:8] == [D("0.5"), D(20) / 60, D("0.25")]
    assert sum(handed_off[:5]) == sum(handed_off[8:]) == 0
    page = owner_client.get(f"/tasks/{task.pk}/").content.decode()
    assert '<span class="key series-1">Handed off</span>' in page
    assert '<span class="key series-2">Yours</span>' in page
    assert f"<title>{started_week.short_name}: Handed off 0.5 h, Yours 1.0 h</title>" in page
    # "Show the numbers" has both columns, as the chart's titles do (a keyboard's way in).
    assert (
        '<th scope="col" class="num">Handed off</th><th scope="col" class="num">Yours</th>' in page
    )
    row = re.search(rf"{started_week.long_name}</a></td>(.*?)</tr>", page)[1]
    assert row == '<td class="num">0.5</td><td class="num">1.0</td>'
    # 0.25 h and 0.75 h read as parts of the week's 1.0 h, not 0.3 h and 0.8 h.
    assert f"<title>{weeks[7].short_name}: Handed off 0.3 h, Yours 0.7 h</title>" in page


def test_a_tasks_tags_for_new_logs_tag_every_new_log_that_brings_none(
    owner_client, noon_owner, make_task, make_log
):
    """Toggl's "billable by default": set on the task's page, given to each new log of it
    — a quick entry, a timer start, a timesheet cell, the full form — that comes without
    tags of its own; logs already there and edits keep theirs."""

    owner = noon_owner
    site = make_task(owner, "Site", category="client work")
    earlier = make_log(site, timezone.now() - timedelta(days=9), 30)
    edit = owner_client.post(
        f"/tasks/{site.pk}/edit/",
        {
            "title": "Site",
            "category": "client work",
            "is_mga": "True",
            "default_tags": " billable, Acme ,billable",
        },
    )
    assert edit.status_code == 302
    site.refresh_from_db()
    assert site.default_tags == "billable, Acme"
    assert TimeLog.objects.get(pk=earlier.pk).tags == ""  # logs already there keep theirs
    page = owner_client.get(f"/tasks/{site.pk}/").content.decode()
    assert 'new logs tagged <span class="tags"' in page and ">Acme</a>" in page
    assert 'value="billable, Acme"' in owner_client.get(f"/tasks/{site.pk}/edit/").content.decode()

    def newest() -> TimeLog:
        return TimeLog.objects.filter(task=site).order_by("-created_at", "-pk").first()

    owner_client.post("/log/quick/", {"entry": "15m site"})  # a quick entry
    assert newest().tags == "billable, Acme"
    typed = owner_client.post("/log/quick/", {"entry": "5m #retainer site"}, follow=True)
    assert newest().tags == "retainer"  # tagged as typed, and told so
    assert "Logged 5m on Site tagged retainer, " in typed.content.decode()
    owner_client.post("/timer/start/", {"task": site.pk})  # a timer start
    assert newest().end is None and newest().tags == "billable, Acme"
    owner_client.post("/timer/stop/")
    TimeLog.objects.filter(end__isnull=True).delete()
    today = timezone.localdate(timezone.now(), owner.owner_settings.zone)
    full = {"task": site.pk, "day": today.isoformat(), "duration": "10m", "note": ""}
    owner_client.post("/log/new/", full | {"tags": ""})  # the full form, tags left empty
    assert newest().tags == "billable, Acme"
    owner_client.post("/log/new/", full | {"tags": "retainer"})  # its own: they win
    assert newest().tags == "retainer"
    week = f"{today.isocalendar().year}-W{today.isocalendar().week:02d}"
    cell = f"t{site.pk}_{today:%Y%m%d}"
    zone = owner.owner_settings.zone
    logged = sum(
        (
            log.duration
            for log in TimeLog.objects.filter(task=site, end__isnull=False)
            if log.start.astimezone(zone).date() == today
        ),
        timedelta(),
    )
    typed = f"{int(logged.total_seconds() // 60) + 5}m"
    owner_client.post(f"/log/timesheet/?week={week}", {cell: typed, f"was_{cell}": ""})
    assert newest().tags == "billable, Acme" and newest().duration == timedelta(minutes=5)
    # An edit of a log keeps what it is given: emptied, it has none.
    log = newest()
    owner_client.post(
        f"/log/{log.pk}/edit/",
        {
            "task": site.pk,
            "day": today.isoformat(),
            "start_time": f"{log.start.astimezone(owner.owner_settings.zone):%H:%M}",
            "end_time": f"{log.end.astimezone(owner.owner_settings.zone):%H:%M}",
            "note": "",
            "tags": "",
        },
    )
    assert TimeLog.objects.get(pk=log.pk).tags == ""


def test_ticked_tasks_change_together(owner_client, owner, other_owner, make_task):
    """Toggl's bulk edit: what is given is set on every ticked task, the rest stays; all or
    none; back to the list as it was filtered."""
    invoices = make_task(owner, "Invoices", category="admin")
    receipts = make_task(owner, "Receipts", category="admin", client="acme")
    calls = make_task(owner, "Calls", category="sales", client="Acme", project="Q4", is_mga=True)
    url = "/tasks/change-ticked/?q=admin&sort=hours"

    def change(*tasks, archive="", **fields):
        data = {"task": [str(task.pk) for task in tasks], "archive": archive}
        data |= {f"ticked-{name}": value for name, value in fields.items()}
        return owner_client.post(url, data)

    done = change(invoices, receipts, category="Bookkeeping", client="ACME", is_mga="False")
    assert done.status_code == 302 and done["Location"] == "/tasks/?q=admin&sort=hours"
    for task in (invoices, receipts, calls):
        task.refresh_from_db()
    # Set as given, spelt as the owner writes the client on a task not ticked; the project
    # left blank stays as each had it.
    assert [(t.category, t.client, t.project, t.is_mga) for t in (invoices, receipts)] == [
        ("bookkeeping", "Acme", "", False),
        ("bookkeeping", "Acme", "", False),
    ]
    assert (calls.category, calls.client, calls.project) == ("sales", "Acme", "Q4")
    page = owner_client.get(done["Location"]).content.decode()
    assert "Changed 2 tasks: category bookkeeping, not money-generating, client Acme." in page
    # A client renamed on all its tasks: as typed, in any case.
    assert change(invoices, receipts, calls, client="ACME Corp").status_code == 302
    assert set(Task.objects.filter(owner=owner).values_list("client", flat=True)) == {"ACME Corp"}

    # Archived together; and back.
    def archived() -> set[bool]:
        tasks = Task.objects.filter(pk__in=[invoices.pk, receipts.pk])
        return set(tasks.values_list("archived", flat=True))

    assert change(invoices, receipts, archive="1").status_code == 302 and archived() == {True}
    shown = owner_client.get("/tasks/?archived=1").content.decode()
    assert "Archived 2 tasks." in shown and ">Restore ticked</button>" in shown
    assert change(invoices, receipts, archive="0").status_code == 302 and archived() == {False}
    # Pinned together (the timer's chips and the timesheet's rows), and unpinned.
    assert change(invoices, calls, pinned="True").status_code == 302
    assert set(Task.objects.filter(pinned=True).values_list("title", flat=True)) == {
        "Invoices",
        "Calls",
    }
    assert "Changed 2 tasks: pinned." in owner_client.get("/tasks/").content.decode()
    assert change(invoices, pinned="False").status_code == 302
    assert set(Task.objects.filter(pinned=True).values_list("title", flat=True)) == {"Calls"}


def test_ticked_tasks_refused_say_why_and_change_nothing(
    owner_client, owner, other_owner, make_task
):
    mine = make_task(owner, "Invoices", category="admin")
    theirs = make_task(other_owner, "Theirs", category="admin")
    nothing_ticked = owner_client.post("/tasks/change-ticked/", {"ticked-category": "sales"})
    assert nothing_ticked.status_code == 422
    assert "Tick the tasks to change first." in nothing_ticked.content.decode()
    nothing_given = owner_client.post("/tasks/change-ticked/", {"task": [mine.pk]})
    page = nothing_given.content.decode()
    assert nothing_given.status_code == 422 and "Type or pick what to change" in page
    assert f'value="{mine.pk}" form="change-tasks" aria-label="Tick Invoices" checked' in page
    too_long = owner_client.post(
        "/tasks/change-ticked/", {"task": [mine.pk], "ticked-client": "x" * 121}
    )
    assert too_long.status_code == 422 and "at most 120 characters" in too_long.content.decode()
    # Another owner's task among the ticked: 404, and neither changes.
    crossed = owner_client.post(
        "/tasks/change-ticked/", {"task": [mine.pk, theirs.pk], "ticked-category": "sales"}
    )
    assert crossed.status_code == 404
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert (mine.category, theirs.category) == ("admin", "admin")
    # With htmx: the table again, saying so, as the list was filtered.
    htmx = owner_client.post(
        "/tasks/change-ticked/?q=invoices",
        {"task": [mine.pk], "ticked-project": "Books"},
        headers={"HX-Request": "true"},
    )
    answer = htmx.content.decode()
    assert htmx.status_code == 200 and "<html" not in answer
    assert "Changed 1 task: project Books." in answer and 'id="task-' in answer
    assert 'action="/tasks/change-ticked/?q=invoices"' in answer
    refused = owner_client.post(
        "/tasks/change-ticked/", {"task": [mine.pk]}, headers={"HX-Request": "true"}
    )
    assert refused.status_code == 422 and "<html" not in refused.content.decode()
