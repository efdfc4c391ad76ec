"""The JSON API: personal tokens, the same rules as the pages, owners kept apart."""

import itertools
import json
import re
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from triage.models import ApiToken, Task, TimeLog

pytestmark = pytest.mark.django_db


@pytest.fixture
def token(owner):
    return ApiToken.objects.issue(owner, "phone")[1]


@pytest.fixture
def api(token):
    client = Client(enforce_csrf_checks=True)  # as curl: no cookie, no CSRF token
    client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {token}"
    return client


def post(client, url, body):
    return client.post(url, json.dumps(body), content_type="application/json")


def test_a_token_logs_a_quick_entry_that_shows_on_the_log_page(
    api, noon_owner, owner_client, make_task
):
    owner = noon_owner
    make_task(owner, "Invoicing")
    response = post(api, "/api/v1/entries", {"text": "45m invoicing"})
    assert response.status_code == 201
    body = response.json()
    assert body["task"] == "Invoicing" and body["duration_hours"] == "0.75"
    assert re.match(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$", body["start"])
    assert TimeLog.objects.get().task.title == "Invoicing"
    assert "Invoicing" in owner_client.get("/log/").content.decode()


def test_an_entry_with_times_is_logged_at_them(api, noon_owner, make_task):
    make_task(noon_owner, "Invoicing")
    response = post(api, "/api/v1/entries", {"text": "9:00-10:30 invoicing yesterday"})
    assert response.status_code == 201
    body = response.json()
    assert body["duration_hours"] == "1.50"
    assert body["start"][11:19] == "09:00:00" and body["end"][11:19] == "10:30:00"
    refused = post(api, "/api/v1/entries", {"text": "9:00-9:00 invoicing yesterday"})
    assert refused.status_code == 422 and "nothing to log" in refused.json()["detail"]


def test_the_api_says_what_the_page_says(api, owner):
    refused = post(api, "/api/v1/entries", {"text": "2h proposals tomorrow"})
    assert refused.status_code == 422 and "is in the future" in refused.json()["detail"]
    new = post(api, "/api/v1/entries", {"text": "20m brand new thing yesterday"})
    assert new.status_code == 422
    assert (
        "is a new task: pick its category" in new.json()["detail"]
        and '"category"' in new.json()["detail"]
    )
    assert not Task.objects.exists()
    created = post(
        api, "/api/v1/entries", {"text": "20m client call yesterday", "category": "client work"}
    )
    assert created.status_code == 201
    assert Task.objects.get().is_mga is True  # the same MGA rule


def test_the_timer_from_the_api(api, owner):
    assert api.get("/api/v1/timer").status_code == 204
    started = post(api, "/api/v1/timer", {"new_task": "Email", "category": "email"})
    assert started.status_code == 201 and started.json()["end"] is None
    assert api.get("/api/v1/timer").json()["task"] == "Email"
    task_id = started.json()["task_id"]
    again = post(api, "/api/v1/timer", {"task_id": task_id})  # a retried request
    assert again.status_code == 200 and again.json()["id"] == started.json()["id"]
    TimeLog.objects.update(start=timezone.now() - timedelta(minutes=20))
    stopped = post(api, "/api/v1/timer/stop", {})
    assert stopped.status_code == 200 and Decimal(stopped.json()["duration_hours"]) >= Decimal(
        "0.33"
    )
    assert post(api, "/api/v1/timer/stop", {}).status_code == 204
    post(api, "/api/v1/timer", {"task_id": task_id})
    assert post(api, "/api/v1/timer/stop", {}).status_code == 204  # within a second: nothing
    assert TimeLog.objects.count() == 1


def test_the_api_says_when_the_running_timers_work_began(api, owner, make_task, make_log):
    assert api.patch(
        "/api/v1/timer", json.dumps({"start": "2026-11-26T09:00:00+01:00"}), "application/json"
    ).json() == {"detail": "No timer is running (stopped in another tab?)."}
    now = timezone.now()
    make_log(make_task(owner, "Invoicing"), now - timedelta(minutes=60), 30)
    started = post(api, "/api/v1/timer", {"new_task": "Email", "category": "email"})
    began = (now - timedelta(minutes=20)).replace(microsecond=0)

    def change(start):
        return api.patch("/api/v1/timer", json.dumps({"start": start}), "application/json")

    moved = change(began.isoformat())
    assert moved.status_code == 200 and moved.json()["id"] == started.json()["id"]
    assert TimeLog.objects.get(pk=started.json()["id"]).start == began
    over_a_log = change((now - timedelta(minutes=45)).isoformat())
    assert (
        over_a_log.status_code == 422 and "Invoicing is logged until" in over_a_log.json()["detail"]
    )
    naive = change("2026-11-26T09:00:00")  # no offset: which 09:00?
    assert naive.status_code == 422
    assert TimeLog.objects.get(pk=started.json()["id"]).start == began


def test_the_api_gives_the_running_timer_a_note(api, owner):
    def change(body):
        return api.patch("/api/v1/timer", json.dumps(body), "application/json")

    assert change({"note": "Inbox zero"}).json() == {
        "detail": "No timer is running (stopped in another tab?)."
    }
    started = post(
        api, "/api/v1/timer", {"new_task": "Email", "category": "email", "note": "Replies"}
    ).json()
    assert started["note"] == "Replies"
    noted = change({"note": "Inbox zero"})
    assert noted.status_code == 200 and noted.json()["note"] == "Inbox zero"
    assert noted.json()["id"] == started["id"] and noted.json()["end"] is None
    assert change({}).status_code == 422
    assert change({"note": "x" * 501}).status_code == 422
    assert change({"note": "a\x00b"}).status_code == 422  # PostgreSQL's text takes no NUL
    nul = post(api, "/api/v1/timer", {"new_task": "Other", "category": "email", "note": "\x00"})
    assert nul.status_code == 422 and TimeLog.objects.get(pk=started["id"]).end is None
    TimeLog.objects.filter(pk=started["id"]).update(start=timezone.now() - timedelta(minutes=5))
    stopped = api.post("/api/v1/timer/stop").json()
    assert stopped["note"] == "Inbox zero"


def test_the_api_tags_the_running_timer(api, owner):
    started = post(
        api, "/api/v1/timer", {"new_task": "Site", "category": "other", "tags": ["billable"]}
    ).json()
    assert started["tags"] == ["billable"]

    def change(body):
        return api.patch("/api/v1/timer", json.dumps(body), "application/json")

    tagged = change({"tags": ["Retainer", "retainer", " Q4 "]})
    assert tagged.status_code == 200 and tagged.json()["tags"] == ["Retainer", "Q4"]
    noted = change({"note": "Home page"})  # no tags sent: they stay
    assert noted.json()["tags"] == ["Retainer", "Q4"] and noted.json()["note"] == "Home page"
    assert change({"tags": ["x" * 301]}).status_code == 422
    assert TimeLog.objects.get(pk=started["id"]).tags == "Retainer, Q4"
    # A control character (PostgreSQL's text takes no NUL) is a space, as in every tag.
    assert change({"tags": ["a\x00b"]}).json()["tags"] == ["a b"]
    assert change({"tags": []}).json()["tags"] == []


def test_timelogs_list_read_change_and_delete(api, owner, make_task, make_log, berlin):
    task = make_task(owner)
    log = make_log(task, datetime(2026, 11, 2, 9, tzinfo=berlin), 60)
    make_log(task, datetime(2026, 10, 2, 9, tzinfo=berlin), 60)
    page = api.get("/api/v1/timelogs?from=2026-11-01&to=2026-11-30").json()
    assert page["count"] == 1 and page["items"][0]["id"] == log.pk
    assert api.get(f"/api/v1/timelogs/{log.pk}").json()["start"] == "2026-11-02T09:00:00+01:00"
    changed = api.patch(
        f"/api/v1/timelogs/{log.pk}",
        json.dumps({"end_time": "11:30"}),
        content_type="application/json",
    )
    assert changed.status_code == 200 and changed.json()["duration_hours"] == "2.50"
    bad = api.patch(
        f"/api/v1/timelogs/{log.pk}",
        json.dumps({"end_time": "08:00"}),
        content_type="application/json",
    )
    assert bad.status_code == 422 and "The end is before the start" in bad.json()["detail"]
    assert api.delete(f"/api/v1/timelogs/{log.pk}").status_code == 204
    assert not TimeLog.objects.filter(pk=log.pk).exists()
    assert api.get("/api/v1/timelogs?to=9999-12-31").status_code == 422


def test_a_patch_with_if_match_does_not_overwrite_a_change_made_meanwhile(
    api, owner, make_task, make_log, berlin
):
    """The page's "changed elsewhere" for scripts: a GET's ETag sent back as If-Match."""
    log = make_log(make_task(owner), datetime(2026, 11, 2, 9, tzinfo=berlin), 60)
    url = f"/api/v1/timelogs/{log.pk}"
    etag = api.get(url)["ETag"]
    assert etag == f'"{log.state()}"'
    body = json.dumps({"note": "from the script"})
    api.patch(url, json.dumps({"end_time": "11:00"}), "application/json")  # meanwhile
    refused = api.patch(url, body, "application/json", headers={"If-Match": etag})
    assert refused.status_code == 412 and "changed since you read it" in refused.json()["detail"]
    log.refresh_from_db()
    assert log.note == "" and log.end - log.start == timedelta(hours=2)
    fresh = api.get(url)["ETag"]
    changed = api.patch(url, body, "application/json", headers={"If-Match": fresh})
    assert changed.status_code == 200 and changed.json()["note"] == "from the script"
    assert changed["ETag"] != fresh  # the log as it is now, for the next change
    # Without If-Match (or with *), a PATCH changes the log as before.
    assert api.patch(url, body, "application/json", headers={"If-Match": "*"}).status_code == 200


def test_a_log_is_split_in_two_as_its_edit_splits_it(
    api, owner, other_owner, make_task, make_log, berlin
):
    log = make_log(make_task(owner), datetime(2026, 11, 2, 9, tzinfo=berlin), 180, note="Q4")
    email = make_task(owner, "Email", category="email")
    url = f"/api/v1/timelogs/{log.pk}/split"
    response = post(api, url, {"at": "2026-11-02T10:15:00+01:00", "task_id": email.pk})
    assert response.status_code == 201
    earlier, later = response.json()
    assert (earlier["id"], earlier["end"][11:19], earlier["task"]) == (
        log.pk,
        "10:15:00",
        "Invoicing",
    )
    assert (later["start"][11:19], later["end"][11:19]) == ("10:15:00", "12:00:00")
    assert (later["task"], later["note"]) == ("Email", "")  # other work: not the Q4 note
    assert TimeLog.objects.count() == 2
    # The page's rules and words: a minute or more inside the log.
    refused = post(api, url, {"at": "2026-11-02T10:15:30+01:00"})
    assert refused.status_code == 422 and "between 09:01–10:14" in refused.json()["detail"]
    # No offset: not an instant. Another owner's task: theirs is no business of this token.
    assert post(api, url, {"at": "2026-11-02T09:30:00"}).status_code == 422
    theirs = make_task(other_owner, "Theirs")
    assert (
        post(api, url, {"at": "2026-11-02T09:30:00+01:00", "task_id": theirs.pk}).status_code == 404
    )
    # The page offers open tasks only for the later part: an archived one says so.
    archived = make_task(owner, "Old client work")
    Task.objects.filter(pk=archived.pk).update(archived=True)
    refused = post(api, url, {"at": "2026-11-02T09:30:00+01:00", "task_id": archived.pk})
    assert refused.status_code == 422 and "restore it on its page" in refused.json()["detail"]
    assert TimeLog.objects.count() == 2
    # An If-Match from before a change is a 412, as for a PATCH.
    stale = f'"{log.state()}"'
    log.refresh_from_db()
    body = json.dumps({"at": "2026-11-02T09:30:00+01:00"})
    assert api.post(url, body, "application/json", headers={"If-Match": stale}).status_code == 412
    assert TimeLog.objects.count() == 2


def test_a_logs_tags_are_a_list_read_and_replaced(api, owner, make_task, make_log, berlin):
    log = make_log(make_task(owner), datetime(2026, 11, 2, 9, tzinfo=berlin), 60)
    TimeLog.objects.filter(pk=log.pk).update(tags="billable, Q4")  # as an import keeps them
    url = f"/api/v1/timelogs/{log.pk}"
    assert api.get(url).json()["tags"] == ["billable", "Q4"]
    note_only = api.patch(url, json.dumps({"note": "call"}), content_type="application/json")
    assert note_only.json()["tags"] == ["billable", "Q4"]  # not sent: kept
    replaced = api.patch(
        url, json.dumps({"tags": ["retainer", " Retainer ", "q1"]}), "application/json"
    )
    assert replaced.json()["tags"] == ["retainer", "q1"]
    tagged = api.get("/api/v1/timelogs?tag=RETAINER").json()  # a tag's logs, any case
    assert [item["id"] for item in tagged["items"]] == [log.pk]
    assert api.get("/api/v1/timelogs?tag=retain").json()["count"] == 0  # whole tags only
    cleared = api.patch(url, json.dumps({"tags": []}), content_type="application/json")
    assert cleared.json()["tags"] == [] and TimeLog.objects.get(pk=log.pk).tags == ""


def test_timelogs_are_listed_by_client_project_category_and_task(
    api, owner, other_owner, make_task, make_log, berlin
):
    """The log search's filters (`TimeLog.objects.matching`), in the API's list."""
    acme = make_task(owner, "Site", client="Acme", project="Relaunch", category="client work")
    admin = make_task(owner, "Admin", category="admin")
    site_log = make_log(acme, datetime(2026, 11, 2, 9, tzinfo=berlin), 60)
    admin_log = make_log(admin, datetime(2026, 11, 3, 9, tzinfo=berlin), 60)

    def listed(query: str) -> list[int]:
        return [item["id"] for item in api.get(f"/api/v1/timelogs?{query}").json()["items"]]

    assert listed("client=ACME") == [site_log.pk]
    assert listed("project=relaunch") == [site_log.pk]
    assert listed("project=Relaunch&client=Globex") == []
    assert listed("category=Admin") == [admin_log.pk]
    assert listed(f"task_id={acme.pk}") == [site_log.pk]
    assert listed(f"task_id={admin.pk}&client=acme") == []
    theirs = make_task(other_owner, "Theirs")
    assert api.get(f"/api/v1/timelogs?task_id={theirs.pk}").status_code == 404


def test_a_tasks_tags_for_new_logs_reach_the_apis_new_logs(api, noon_owner, make_task):
    site = make_task(noon_owner, "Site", default_tags="billable")
    listed = api.get(f"/api/v1/tasks/{site.pk}").json()
    assert listed["default_tags"] == ["billable"]
    entry = post(api, "/api/v1/entries", {"text": "15m site"})
    assert entry.status_code == 201 and entry.json()["tags"] == ["billable"]
    tagged = post(api, "/api/v1/entries", {"text": "5m site #Q4 #retainer"})  # its own win
    assert tagged.status_code == 201 and tagged.json()["tags"] == ["Q4", "retainer"]
    started = post(api, "/api/v1/timer", {"task_id": site.pk})
    assert started.json()["tags"] == ["billable"]
    api.post("/api/v1/timer/stop")
    TimeLog.objects.filter(end__isnull=True).delete()
    own = post(api, "/api/v1/timer", {"task_id": site.pk, "tags": ["retainer"]})
    assert own.json()["tags"] == ["retainer"]  # its own win


def test_timelogs_are_paged_within_bounds(api, owner, make_task, make_log, berlin):
    task = make_task(owner, "Invoicing")
    for day in range(1, 4):
        make_log(task, datetime(2026, 11, day, 9, tzinfo=berlin), 30)
    page = api.get("/api/v1/timelogs?limit=2&offset=1").json()
    assert page["count"] == 3 and len(page["items"]) == 2
    assert page["items"][0]["start"].startswith("2026-11-02")  # newest first, one skipped
    huge = "100000000000000000000"  # past any database integer: was a 500
    for query in (f"limit={huge}", f"offset={huge}", "limit=1001", "limit=0", "offset=-1"):
        assert api.get(f"/api/v1/timelogs?{query}").status_code == 422, query


def test_the_week_has_the_dashboards_figures(
    api, owner, owner_client, make_task, make_log, make_decision, berlin
):
    task = make_task(owner, "Admin")
    make_log(task, datetime(2026, 11, 3, 9, tzinfo=berlin), 120)
    decision = make_decision(task, decided_on=date(2026, 10, 1))
    decision.activate(date(2026, 10, 5))
    week = api.get("/api/v1/weeks/2026-W45").json()
    assert week["hours_logged"] == "2.00" and week["currency"] == "USD"
    assert week["profit_impact"] == "440.00"  # the worked example, a whole past week
    assert week["hours_counted_twice"] == "0.00"  # no logs overlap
    make_log(task, datetime(2026, 11, 3, 10, tzinfo=berlin), 60)  # inside the first hour's end
    week = api.get("/api/v1/weeks/2026-W45").json()
    assert (week["hours_logged"], week["hours_counted_twice"]) == ("3.00", "1.00")
    html = owner_client.get("/dashboard/?week=2026-W45").content.decode()
    assert "$440.00" in html and "2.0 h" in html
    assert api.get("/api/v1/weeks/2026-W99").status_code == 404


def test_the_report_has_the_report_pages_figures(
    api, owner, other_owner, owner_client, make_task, make_log, make_decision, berlin
):
    """`GET /api/v1/reports`: the report of any period, as its page and CSV have it."""
    import csv
    import io

    admin = make_task(owner, "Admin")
    site = make_task(owner, "Site", client="Acme", project="Relaunch", is_mga=True)
    make_log(admin, datetime(2026, 10, 6, 9, tzinfo=berlin), 120)  # the worked example's B
    make_log(site, datetime(2026, 10, 7, 9, tzinfo=berlin), 90)
    tagged = make_log(site, datetime(2026, 10, 8, 9, tzinfo=berlin), 30)
    TimeLog.objects.filter(pk=tagged.pk).update(tags="billable")
    make_log(make_task(other_owner, "Theirs", client="Acme"), datetime(2026, 10, 7, 9), 60)
    make_decision(admin, decided_on=date(2026, 10, 1)).activate(date(2026, 10, 5))
    query = "from=2026-10-05&to=2026-10-18"
    report = api.get(f"/api/v1/reports?{query}")
    assert report.status_code == 200
    data = report.json()
    assert (data["from"], data["to"], data["currency"]) == ("2026-10-05", "2026-10-18", "USD")
    assert data["hours_logged"] == "4.00" and data["mga_share"] == "50.0"
    assert data["profit_impact"] == "880.00"  # two whole weeks of the worked example
    exported = owner_client.get(f"/export/report.csv?{query}")
    rows = csv.DictReader(io.StringIO(b"".join(exported.streaming_content).decode()))
    by_csv = {row["task"]: (row["hours"], row["profit_impact"]) for row in rows}
    by_api = {line["task"]: (line["hours"], line["profit_impact"]) for line in data["tasks"]}
    assert by_api == {"Admin": ("2.00", "880.00"), "Site": ("2.00", None)}
    assert by_csv == {"Admin": ("2.00", "880.00"), "Site": ("2.00", "")}  # no figure: none
    assert sorted(data["clients"], key=lambda client: client["name"]) == [
        {"name": "", "hours": "2.00", "share": "50.0"},  # no client
        {"name": "Acme", "hours": "2.00", "share": "50.0"},
    ]
    assert {"name": "Relaunch", "hours": "2.00", "share": "50.0"} in data["projects"]
    assert data["tags"] == [{"name": "billable", "hours": "0.50", "share": "12.5"}]
    assert data["period_unit"] == "day" and len(data["periods"]) == 14  # up to a month
    assert [p["label"] for p in data["periods"]][:2] == ["5 Oct", "6 Oct"]
    assert data["before"] == {
        "from": "2026-09-21",
        "to": "2026-10-04",
        "hours_logged": "0.00",
        "mga_share": None,
    }
    # Narrowed as the page narrows: a project's, a tag's (no reclaimed hours or impact).
    relaunch = api.get(f"/api/v1/reports?{query}&project=relaunch").json()
    assert relaunch["project"] == "Relaunch" and relaunch["hours_logged"] == "2.00"
    billable = api.get(f"/api/v1/reports?{query}&tag=billable").json()
    assert billable["hours_logged"] == "0.50" and billable["profit_impact"] is None
    assert billable["tasks"][0]["hours_reclaimed_measured"] is None
    # This month by default; a period the page refuses, refused with its reason.
    assert api.get("/api/v1/reports").json()["from"].endswith("-01")
    for bad, said in [
        ("from=2026-10-18&to=2026-10-05", "ends before it starts"),
        ("from=2000-01-01&to=2026-10-05", "at most ten years"),
        ("from=2026-13-01", "YYYY-MM-DD"),
    ]:
        refused = api.get(f"/api/v1/reports?{bad}")
        assert refused.status_code == 422 and said in refused.json()["detail"], bad


def test_a_task_is_created_with_the_tasks_pages_rules(api, owner, other_owner, make_task):
    make_task(owner, "Invoices", category="admin", client="Acme")
    make_task(other_owner, "Site", category="admin")  # theirs: no clash with it
    made = post(
        api, "/api/v1/tasks", {"title": " Site ", "category": "Client Work", "client": "acme"}
    )
    assert made.status_code == 201
    assert {k: made.json()[k] for k in ("title", "category", "is_mga", "client")} == {
        "title": "Site",
        "category": "client work",
        "is_mga": True,  # left out: yes for client work, as on the page
        "client": "Acme",  # as the owner's other task spells it
    }
    assert Task.objects.get(pk=made.json()["id"]).owner == owner
    bare = post(api, "/api/v1/tasks", {"title": "Filing", "default_tags": ["q4"]}).json()
    assert (bare["category"], bare["is_mga"], bare["default_tags"]) == ("other", False, ["q4"])
    clash = post(api, "/api/v1/tasks", {"title": "INVOICES"})
    assert clash.status_code == 422 and "You already have a task called" in clash.json()["detail"]
    assert post(api, "/api/v1/tasks", {"title": ""}).status_code == 422
    assert post(api, "/api/v1/tasks", {}).status_code == 422


def test_a_task_is_changed_with_its_edit_pages_rules(api, owner, other_owner, make_task):
    """`PATCH /api/v1/tasks/{id}`: what is sent changes, the rest stays; the Edit page's
    refusals, as 422s with its words."""
    site = make_task(owner, "Site", category="client work", is_mga=True, client="Acme")
    make_task(owner, "Invoices", category="admin", project="Books")

    def patch(task_id, body):
        return api.patch(f"/api/v1/tasks/{task_id}", json.dumps(body), "application/json")

    changed = patch(site.pk, {"project": "books", "default_tags": ["billable", "Q4"]})
    assert changed.status_code == 200
    assert changed.json() | {"id": 0} == {
        "id": 0,
        "title": "Site",
        "category": "client work",
        "is_mga": True,
        "archived": False,
        "estimated_minutes_per_week": None,
        "client": "Acme",
        "project": "Books",  # as the owner's other task spells it
        "default_tags": ["billable", "Q4"],
        "pinned": False,
    }
    assert patch(site.pk, {"pinned": True}).json()["pinned"] is True
    assert patch(site.pk, {"is_mga": False, "archived": True}).json()["archived"] is True
    site = Task.objects.get(pk=site.pk)
    assert (site.is_mga, site.archived, site.client, site.pinned) == (False, True, "Acme", True)
    assert patch(site.pk, {"client": ""}).json()["client"] == ""
    clash = patch(site.pk, {"title": "invoices"})
    assert clash.status_code == 422
    assert "You already have a task called “Invoices”" in clash.json()["detail"]
    assert patch(site.pk, {"title": " "}).status_code == 422
    assert patch(site.pk, {"name": "x"}).status_code == 422  # a field it does not know
    theirs = make_task(other_owner, "Theirs")
    assert patch(theirs.pk, {"title": "Mine"}).status_code == 404
    assert Task.objects.get(pk=theirs.pk).title == "Theirs"


@settings(
    max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None
)
@given(
    body=st.dictionaries(
        st.sampled_from(
            ["title", "category", "is_mga", "client", "project", "default_tags", "archived"]
        ),
        st.one_of(
            st.text(max_size=130),
            st.integers(),
            st.booleans(),
            st.none(),
            st.lists(st.text(max_size=20), max_size=3),
        ),
    )
)
def test_fuzzed_task_changes_never_break_the_api_nor_the_task(api, owner, body):
    task = Task.objects.titled(owner, "Invoicing", "bookkeeping")  # one, for every example
    response = api.patch(f"/api/v1/tasks/{task.pk}", json.dumps(body), "application/json")
    assert response.status_code in {200, 422}, (body, response.content)
    task.refresh_from_db()
    assert task.title.strip() and len(task.title) <= 120 and len(task.default_tags) <= 300


def test_other_owners_see_nothing_and_tokens_must_be_live(
    api, owner, other_owner, make_task, make_log, berlin, token
):
    theirs = make_log(make_task(other_owner, "Secret"), datetime(2026, 11, 2, 9, tzinfo=berlin))
    for method, url in (
        ("get", f"/api/v1/timelogs/{theirs.pk}"),
        ("get", f"/api/v1/tasks/{theirs.task_id}"),
        ("delete", f"/api/v1/timelogs/{theirs.pk}"),
    ):
        assert getattr(api, method)(url).status_code == 404
    assert (
        api.get("/api/v1/timelogs").json()["count"] == 0 and api.get("/api/v1/tasks").json() == []
    )
    assert TimeLog.objects.filter(pk=theirs.pk).exists()
    assert Client().get("/api/v1/tasks").status_code == 401
    assert Client(HTTP_AUTHORIZATION="Bearer trg_nope").get("/api/v1/tasks").status_code == 401
    ApiToken.objects.all().delete()  # revoked
    assert api.get("/api/v1/tasks").status_code == 401


def test_a_session_cookie_is_not_an_api_login(owner_client):
    assert owner_client.get("/api/v1/tasks").status_code == 401
    assert owner_client.post("/api/v1/entries", {"text": "45m x"}).status_code == 401


def test_tokens_are_made_listed_and_revoked_in_settings(owner_client, owner):
    response = owner_client.post("/settings/tokens/", {"name": "iPhone shortcut"})
    secret = re.search(r"trg_[\w-]+", response.content.decode()).group(0)
    token = ApiToken.objects.get()
    assert token.digest != secret and secret not in token.digest  # stored hashed
    assert Client(HTTP_AUTHORIZATION=f"Bearer {secret}").get("/api/v1/tasks").status_code == 200
    page = owner_client.get("/settings/").content.decode()
    assert "iPhone shortcut" in page and secret not in page  # shown once
    owner_client.post(f"/settings/tokens/{token.pk}/revoke/")
    assert Client(HTTP_AUTHORIZATION=f"Bearer {secret}").get("/api/v1/tasks").status_code == 401


def test_the_command_prints_a_token(owner, capsys):
    call_command("api_token", "--owner", "olivia", "--name", "script")
    secret = capsys.readouterr().out.strip()
    assert secret.startswith("trg_")
    assert Client(HTTP_AUTHORIZATION=f"Bearer {secret}").get("/api/v1/tasks").status_code == 200


def test_the_openapi_schema_lists_the_routes(client):
    schema = client.get("/api/openapi.json").json()
    assert schema["openapi"].startswith("3.")
    for path in (
        "/api/v1/entries",
        "/api/v1/timer",
        "/api/v1/timer/stop",
        "/api/v1/timelogs",
        "/api/v1/timelogs/{log_id}",
        "/api/v1/timelogs/{log_id}/split",
        "/api/v1/tasks",
        "/api/v1/tasks/{task_id}",
        "/api/v1/weeks/{iso_week}",
        "/api/v1/reports",
        "/api/v1/decisions",
    ):
        assert path in schema["paths"], path
    docs = client.get("/api/docs")
    assert docs.status_code == 200 and "cdn" not in docs.content.decode().lower()


def test_big_bodies_are_refused(api):
    response = api.post(
        "/api/v1/entries", json.dumps({"text": "x" * 70_000}), content_type="application/json"
    )
    assert response.status_code == 413


def test_the_rate_limit_says_when_to_come_back(api, owner, api_allowance):
    other = Client(HTTP_AUTHORIZATION=f"Bearer {ApiToken.objects.issue(owner, 'phone')[1]}")
    api_allowance(3, 3600)

    statuses = [api.get("/api/v1/tasks").status_code for _ in range(5)]
    assert statuses == [200, 200, 200, 429, 429]
    assert 0 < int(api.get("/api/v1/tasks")["Retry-After"]) <= 3600
    assert other.get("/api/v1/tasks").status_code == 200  # another token of the same name


def test_the_limit_is_counted_in_the_tokens_row_and_a_new_window_starts_afresh(
    api, owner, api_allowance
):
    token = ApiToken.objects.get(owner=owner)
    api_allowance(2, 3600)

    assert [api.get("/api/v1/tasks").status_code for _ in range(3)] == [200, 200, 429]
    token.refresh_from_db()
    assert token.window_hits == 3 and token.last_used_at is not None
    # The window ends: its count no longer holds the token back.
    ApiToken.objects.filter(pk=token.pk).update(
        window_start=token.window_start - timedelta(hours=1)
    )
    assert api.get("/api/v1/tasks").status_code == 200
    token.refresh_from_db()
    assert token.window_hits == 1


@settings(
    max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None
)
@given(
    body=st.dictionaries(
        st.sampled_from(["text", "category", "is_mga", "new_task", "task_id", "note", "title"]),
        st.one_of(st.text(max_size=40), st.integers(), st.booleans(), st.none()),
    )
)
def test_fuzzed_bodies_never_break_the_api(api, body):
    fields = {
        "/api/v1/entries": {"text", "category", "is_mga"},
        "/api/v1/timer": {"new_task", "task_id", "category", "is_mga", "note"},
        "/api/v1/tasks": {"title", "category", "is_mga"},
    }
    for url, names in fields.items():
        known = {name: value for name, value in body.items() if name in names}
        response = post(api, url, known)
        assert response.status_code < 500, (url, known, response.content)


@settings(
    max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None
)
@given(
    body=st.dictionaries(
        st.sampled_from(
            [
                "task_id",
                "day",
                "start_time",
                "end_time",
                "ends_next_day",
                "duration",
                "note",
                "tags",
            ]
        ),
        st.one_of(
            st.text(max_size=30),
            st.integers(min_value=-(10**20), max_value=10**20),
            st.booleans(),
            st.none(),
            st.dates().map(date.isoformat),
            st.sampled_from(["09:00", "23:59", "24:00", "25m", "1h30", "0", "-1", "1e309"]),
        ),
    )
)
def test_fuzzed_log_changes_never_break_the_api_nor_the_rules(api, owner, make_log, body):
    task = Task.objects.titled(owner, "Invoicing", "bookkeeping")  # one, for every example
    log = make_log(task, timezone.now() - timedelta(days=3), 60)
    response = api.patch(f"/api/v1/timelogs/{log.pk}", json.dumps(body), "application/json")
    assert response.status_code in {200, 404, 422}, (body, response.content)
    log.refresh_from_db()  # whatever was accepted obeys the rules typing obeys
    assert timedelta(0) < log.end - log.start <= timedelta(hours=24)
    # Days are the owner's: 1 Jan 2000 00:05 in Berlin is 31 Dec 1999 in UTC.
    zone = owner.owner_settings.zone
    assert date(2000, 1, 1) <= log.start.astimezone(zone).date() and log.end <= timezone.now()


# What a script might send for a moment: text, a number, nothing, any instant anywhere.
ODD_MOMENTS = st.one_of(
    st.text(max_size=40),
    st.integers(),
    st.none(),
    st.datetimes(timezones=st.timezones()).map(lambda moment: moment.isoformat()),
)
FUZZ_API = settings(
    max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None
)


@FUZZ_API
@given(
    at=st.one_of(
        ODD_MOMENTS,
        st.datetimes(  # around the log: a split that goes in, or one at its very edge
            min_value=datetime(2026, 11, 2, 7, 59), max_value=datetime(2026, 11, 2, 11, 1)
        ).map(lambda moment: moment.replace(tzinfo=UTC).isoformat()),
    ),
    task_id=st.one_of(st.none(), st.integers(), st.text(max_size=10)),
)
def test_fuzzed_splits_never_break_the_api_nor_make_an_overlap(api, owner, make_task, at, task_id):
    log = TimeLog.objects.filter(owner=owner).order_by("start").first() or TimeLog.objects.create(
        owner=owner,
        task=make_task(owner),
        start=datetime(2026, 11, 2, 8, tzinfo=UTC),
        end=datetime(2026, 11, 2, 11, tzinfo=UTC),
    )
    body = {"at": at} | ({} if task_id is None else {"task_id": task_id})
    response = post(api, f"/api/v1/timelogs/{log.pk}/split", body)
    assert response.status_code in {201, 404, 422}, (body, response.content)
    logs = list(TimeLog.objects.filter(owner=owner).order_by("start"))
    assert all(a.end <= b.start for a, b in itertools.pairwise(logs))
    assert (logs[0].start, logs[-1].end) == (
        datetime(2026, 11, 2, 8, tzinfo=UTC),
        datetime(2026, 11, 2, 11, tzinfo=UTC),
    )


@FUZZ_API
@given(start=ODD_MOMENTS)
def test_fuzzed_timer_starts_never_break_the_api(api, owner, make_task, start):
    if not TimeLog.objects.filter(end__isnull=True).exists():
        post(api, "/api/v1/timer", {"new_task": "Email", "category": "email"})
    response = api.patch("/api/v1/timer", json.dumps({"start": start}), "application/json")
    assert response.status_code in {200, 422}, (start, response.content)
    note = start if isinstance(start, str) else None  # odd text as a note too
    response = api.patch("/api/v1/timer", json.dumps({"note": note}), "application/json")
    assert response.status_code in {200, 422}, (note, response.content)
    running = TimeLog.objects.get(end__isnull=True)
    assert running.start <= timezone.now()  # never moved into the future
    assert timezone.now() - running.start <= timedelta(hours=24)


def test_a_field_the_api_does_not_know_is_refused_not_dropped(api, owner, make_task, make_log):
    log = make_log(make_task(owner), datetime(2026, 11, 2, 9, tzinfo=UTC), 60)
    # `start` is how a log is read; it is changed with day, start_time and end_time. A 200
    # here would say a change was made that was not.
    moved = api.patch(
        f"/api/v1/timelogs/{log.pk}",
        json.dumps({"start": "2026-11-03T09:00:00+00:00"}),
        content_type="application/json",
    )
    assert moved.status_code == 422
    assert moved.json()["detail"][0]["loc"][-1] == "start"
    assert TimeLog.objects.get(pk=log.pk).start == log.start
    typo = post(api, "/api/v1/entries", {"text": "45m invoicing", "categroy": "admin"})
    assert typo.status_code == 422 and typo.json()["detail"][0]["loc"][-1] == "categroy"
    assert TimeLog.objects.count() == 1


def test_the_app_installs_on_a_phone(client, owner):
    import struct

    manifest = client.get("/manifest.webmanifest")
    assert manifest["Content-Type"] == "application/manifest+json"
    data = manifest.json()
    assert (data["start_url"], data["display"], data["name"]) == ("/log/", "standalone", "Triage")
    assert data["theme_color"] and data["background_color"]
    sizes = {}
    for icon in data["icons"]:
        served = b"".join(client.get(icon["src"]).streaming_content)
        assert served.startswith(b"\x89PNG")
        width, height = struct.unpack(">II", served[16:24])
        assert icon["sizes"] == f"{width}x{height}"
        sizes[(icon["sizes"], icon.get("purpose", "any"))] = True
    assert {("192x192", "any"), ("512x512", "any"), ("512x512", "maskable")} <= set(sizes)
    # A long press on the icon: log time, start a timer, this week — pages that answer.
    assert [shortcut["short_name"] for shortcut in data["shortcuts"]] == [
        "Log",
        "Timer",
        "Dashboard",
    ]
    logged_in = Client()
    logged_in.force_login(owner)
    for shortcut in data["shortcuts"]:
        assert logged_in.get(shortcut["url"]).status_code == 200
    page = Client().get("/accounts/login/").content.decode()
    assert 'rel="manifest" href="/manifest.webmanifest"' in page
    assert 'rel="apple-touch-icon"' in page and 'name="theme-color"' in page
    worker = client.get("/sw.js")
    assert (
        worker["Content-Type"].startswith("text/javascript")
        and "/offline/" in worker.content.decode()
    )
    offline = client.get("/offline/")
    assert offline.status_code == 200 and "You're offline" in offline.content.decode()
    # Asked for by browsers where a page names no icon: the icon, logged in or not.
    favicon = client.get("/favicon.ico", follow=True)
    assert b"".join(favicon.streaming_content).startswith(b"\x89PNG")


@pytest.mark.django_db(transaction=True)
def test_counting_a_request_does_not_wait_for_the_disk_and_nothing_else_stops_waiting(owner):
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    from triage.models import token_digest
    from triage.owner_rows import changed_with_owner

    if connection.vendor != "postgresql":
        pytest.skip("synchronous_commit is PostgreSQL's")

    def setting() -> str:
        with connection.cursor() as cursor:
            cursor.execute("SHOW synchronous_commit")
            return cursor.fetchone()[0]

    digest = token_digest(ApiToken.objects.issue(owner, "script")[1])
    count = "window_hits = window_hits + %s"
    with CaptureQueriesContext(connection) as queries:
        token = changed_with_owner(ApiToken, "digest", digest, count, [1], wait_for_disk=False)
    assert token.window_hits == 1 and token.owner == owner
    assert "set_config('synchronous_commit', 'off', true)" in queries[0]["sql"]
    assert setting() == "on"  # it ended with its own statement's commit
    # Inside a transaction the setting would reach the transaction's other writes: not used.
    with transaction.atomic(), CaptureQueriesContext(connection) as queries:
        token = changed_with_owner(ApiToken, "digest", digest, count, [1], wait_for_disk=False)
    assert token.window_hits == 2
    assert "synchronous_commit" not in queries[-1]["sql"]
    assert setting() == "on"


def test_times_carry_an_offset_for_an_owner_on_utc_too(api, owner, make_task):
    """Pydantic writes a UTC time as `…Z`; the API writes `+00:00`, as for every zone."""
    owner.owner_settings.time_zone = "UTC"
    owner.owner_settings.save()
    make_task(owner, "Invoicing")
    body = post(api, "/api/v1/entries", {"text": "45m invoicing yesterday"}).json()
    assert body["start"].endswith("+00:00") and body["end"].endswith("+00:00"), body
    listed = api.get("/api/v1/timelogs").json()
    assert listed["items"][0]["start"] == body["start"]


def test_timing_an_archived_task_says_why_it_is_refused(api, owner, make_task):
    task = make_task(owner, "Old thing")
    task.archived = True
    task.save()
    refused = post(api, "/api/v1/timer", {"task_id": task.pk})
    assert refused.status_code == 422
    assert "archived" in refused.json()["detail"]  # not Django's "Select a valid choice"
    assert not TimeLog.objects.exists()


def test_an_entry_or_a_timer_naming_an_archived_task_restores_it(api, noon_owner, make_task):
    invoicing, email = make_task(noon_owner, "Invoicing"), make_task(noon_owner, "Email")
    Task.objects.update(archived=True)
    assert post(api, "/api/v1/entries", {"text": "45m invoicing"}).status_code == 201
    assert post(api, "/api/v1/timer", {"new_task": "EMAIL"}).json()["task_id"] == email.pk
    assert not Task.objects.filter(archived=True).exists()
    assert [task["title"] for task in api.get("/api/v1/tasks").json()] == ["Email", "Invoicing"]
    assert TimeLog.objects.filter(task=invoicing).count() == 1


def test_a_typo_in_a_new_tasks_name_is_answered_with_the_task_meant(api, noon_owner, make_task):
    make_task(noon_owner, "Invoicing")
    response = post(api, "/api/v1/entries", {"text": "45m invocing"})
    assert response.status_code == 422
    assert response.json()["detail"].endswith("Or did you mean “Invoicing”?")
    assert not TimeLog.objects.exists()


def test_tasks_are_found_by_name_as_on_the_task_list(api, owner, make_task):
    make_task(owner, "Invoices for Acme")
    make_task(owner, "Invoicing")
    Task.objects.filter(title="Invoicing").update(archived=True)
    make_task(owner, "Client call")

    def titles(query):
        return [task["title"] for task in api.get(f"/api/v1/tasks{query}").json()]

    assert titles("") == ["Client call", "Invoices for Acme", "Invoicing"]
    assert titles("?q=acme+INVOICES") == ["Invoices for Acme"]
    assert titles("?q=invoic") == ["Invoices for Acme", "Invoicing"]
    assert titles("?q=invoic&archived=false") == ["Invoices for Acme"]
    assert titles("?archived=true") == ["Invoicing"]
    assert api.get("/api/v1/tasks?q=" + "x" * 121).status_code == 422
    assert api.get("/api/v1/tasks?q=%00").status_code == 200  # a NUL is a space
    make_task(owner, "Site build", client="Globex", project="Relaunch")
    assert titles("?q=globex") == ["Site build"]  # by client or project too
    [site] = api.get("/api/v1/tasks?q=relaunch").json()
    assert (site["client"], site["project"]) == ("Globex", "Relaunch")


def test_the_api_takes_when_an_entry_was_typed_and_its_key(api, noon_owner, make_task):
    owner = noon_owner  # typed two hours ago: in Berlin at 00:10 "45m" was not that day's
    make_task(owner, "Invoicing")
    when = (timezone.now() - timedelta(hours=2)).astimezone(UTC).replace(microsecond=0).isoformat()
    body = {"text": "45m invoicing", "typed_at": when, "entry_key": "shortcut-queue-7"}
    first = api.post("/api/v1/entries", json.dumps(body), content_type="application/json")
    assert first.status_code == 201 and first.json()["end"] == (
        datetime.fromisoformat(when).astimezone(owner.owner_settings.zone).isoformat()
    )
    again = api.post("/api/v1/entries", json.dumps(body), content_type="application/json")
    assert again.status_code == 200 and again.json()["id"] == first.json()["id"]
    assert TimeLog.objects.count() == 1
    TimeLog.objects.all().delete()
    gone = api.post("/api/v1/entries", json.dumps(body), content_type="application/json")
    assert gone.status_code == 409 and not TimeLog.objects.exists()
    bad = api.post(
        "/api/v1/entries",
        json.dumps(body | {"entry_key": "no spaces allowed"}),
        content_type="application/json",
    )
    assert bad.status_code == 422
