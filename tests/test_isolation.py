"""Owners are isolated on every URL: walk the URL resolver, fill each pattern's ids with
another owner's objects, and check that GET and POST never read or change them.

New URLs are covered automatically. A URL that is deliberately public is listed below
with its reason; a new id parameter needs an entry in OTHER_OWNERS_IDS.
"""

import itertools
from datetime import UTC, date, datetime, timedelta

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from tests.conftest import create_owner
from triage.models import (
    ApiToken,
    ChecklistStep,
    Contractor,
    Decision,
    GutCheck,
    ImportBatch,
    OwnerSettings,
    Review,
    Task,
    TimeLog,
)

pytestmark = pytest.mark.django_db

SECRET = "Mallory's secret client"

PUBLIC = {
    "": "the landing page (the dashboard once logged in, covered as the owner's own)",
    "healthz": "load balancers probe it without a session",
    "accounts/signup/": "sign-up",
    "accounts/login/": "login",
    "accounts/logout/": "logging out needs no session to be safe",
    "accounts/inactive/": "allauth's page for a deactivated account",
    "accounts/login/code/confirm/": "allauth's login-by-code step (off: it redirects)",
    "accounts/2fa/authenticate/": "the second step of a login, for the owner who just gave the password",
    "accounts/confirm-email/": "allauth's page after a verification mail was sent",
    "accounts/^confirm-email/(?P<key>[-:\\w]+)/$": "the link from the verification mail, checked by its key",
    "accounts/password/reset/": "asking for a reset mail",
    "accounts/password/reset/done/": "confirmation of the above",
    "accounts/^password/reset/key/(?P<uidb36>[0-9A-Za-z]+)-(?P<key>.+)/$": "the link from the reset mail, checked by its key",
    "accounts/password/reset/key/done/": "confirmation of a reset",
    "accounts/password_reset/": "old address: redirects to the reset page",
    "accounts/password_reset/done/": "old address: redirects to the reset page",
    "accounts/reset/<str:uidb64>/<str:token>/": "old reset link: redirects to the reset page",
    "accounts/password_change/": "old address: redirects to the change page (which needs a login)",
    "api/openapi.json": "the API's schema: routes and types, no data",
    "api/docs": "the API's documentation page, no data",
    "manifest.webmanifest": "the installable app's manifest",
    "sw.js": "the service worker, which caches only the offline page",
    "offline/": "the page shown when the network is gone",
    "favicon.ico": "the icon browsers ask for where a page names none",
    "unsubscribe/<str:token>/": "the weekly email's one-click unsubscribe, checked by its signature",
}
# Public routes with parameters, and an address a visitor might make up for each.
PUBLIC_EXAMPLES = {
    "unsubscribe/<str:token>/": "/unsubscribe/x/",
    "accounts/^confirm-email/(?P<key>[-:\\w]+)/$": "/accounts/confirm-email/made-up/",
    "accounts/^password/reset/key/(?P<uidb36>[0-9A-Za-z]+)-(?P<key>.+)/$": (
        "/accounts/password/reset/key/1-made-up/"
    ),
    "accounts/reset/<str:uidb64>/<str:token>/": "/accounts/reset/MQ/set-password/",
}
# allauth's pages that exist only once two-factor is on (404 until then).
ALLAUTH_TWO_FACTOR_ONLY = {
    "accounts/2fa/recovery-codes/",
    "accounts/2fa/recovery-codes/download/",
    "accounts/2fa/totp/deactivate/",
}
API_PREFIX = "api/v1/"  # token-authenticated: walked by test_the_api_never_touches_…
ADMIN_PREFIX = "admin/"  # staff only: owners (not staff) are sent to the admin login


def walk(patterns, prefix=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            yield from walk(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry


ROUTES = sorted({route for route, _ in walk(get_resolver().url_patterns)})
OWNER_ROUTES = [
    r
    for r in ROUTES
    if r not in PUBLIC and not r.startswith((ADMIN_PREFIX, API_PREFIX)) and r != "api/"
]
API_ROUTES = sorted({r for r in ROUTES if r.startswith(API_PREFIX)})


@pytest.fixture
def mallory(db, make_gut_check, make_decision):
    other = create_owner("mallory", "another-long-password")
    task = Task.objects.create(owner=other, title=SECRET, category="client work", is_mga=True)
    now = timezone.now()
    log = TimeLog.objects.create(
        owner=other,
        task=task,
        start=now - timedelta(hours=3),
        end=now - timedelta(hours=2),
        note="secret note",
    )
    running = TimeLog.objects.create(owner=other, task=task, start=now - timedelta(minutes=30))
    decision = make_decision(
        task,
        gut_check=make_gut_check(task, overwhelm=5),
        decided_on=date.today() - timedelta(days=3),
        contractor="Secret VA",
    )
    their_token = ApiToken.objects.issue(other, "Secret VA's phone")[0]
    step = ChecklistStep.objects.create(
        owner=other, decision=decision, position=1, text="secret note step"
    )
    batch = ImportBatch.objects.create(
        owner=other,
        filename="x.csv",
        source="Triage",
        content="start,end,duration_hours,task,category,is_mga,note\n"
        "2026-11-02T09:00:00+00:00,2026-11-02T10:00:00+00:00,1,"
        f"{SECRET},other,no,\n",
    )
    return {
        "user": other,
        "task_id": task.pk,
        "log_id": log.pk,
        "decision_id": decision.pk,
        "batch": batch.pk,
        "contractor_id": decision.contractor_id,
        "step_id": step.pk,
        "token_id": their_token.pk,
        "running_id": running.pk,
    }


def snapshot(user) -> list:
    """Everything another owner has, to prove nothing of it changed."""
    return [
        list(model.objects.filter(owner=user).order_by("pk").values())
        for model in (
            Task,
            TimeLog,
            GutCheck,
            Decision,
            ImportBatch,
            OwnerSettings,
            Contractor,
            ChecklistStep,
            Review,
            ApiToken,
        )
    ]


def fill(route: str, ids: dict) -> str:
    url = route
    for name in ("task_id", "log_id", "decision_id", "contractor_id", "step_id", "token_id"):
        url = url.replace(f"<int:{name}>", str(ids[name]))
    assert "<" not in url, f"{route}: add its parameter to the isolation test"
    return "/" + url


def hostile_post_data(ids: dict) -> dict:
    """Form fields of every page, pointing at the other owner's rows."""
    return {
        "task": ids["task_id"],
        "batch": ids["batch"],
        "confirm": "1",
        "entry": f"45m {SECRET}",
        "category": "sales",
        "new_task": SECRET,
        "title": SECRET,
        "day": "2026-11-02",
        "start_time": "09:00",
        "end_time": "10:00",
        "duration": "1h",
        "note": "x",
        "action": "activate",
        "on": "2026-11-02",
        "kind": "keep",
        "decided_on": "2026-11-02",
        "contractor_rate": "1",
        "contractor_hours_per_week": "1",
        "management_minutes_per_week": "1",
        "handoff_hours": "1",
        "reinvested_percent": "50",
        "archived": "1",
        "end": "2026-11-02T10:00",
        "token": "",
        "currency": "EUR",
        "time_zone": "UTC",
        "mga_hourly_value": "1",
        "default_contractor_rate": "1",
        "weeks_per_year": "40",
        "first_weekday": "0",
        "is_mga": "True",
        "need_to_do": "False",
        "need_to_learn": "False",
        "need_to_master": "False",
        "overwhelm": "3",
        "feeling": "love",
        "old_password": "x",
        "new_password1": "y",
        "new_password2": "y",
        "contractor": ids["contractor_id"],
        "new_contractor": SECRET,
        "name": SECRET,
        "text": SECRET,
        "answer": "take_back",
        "blockers": ["control"],
        "sop_url": "https://example.com/sop",
        "definition_of_done": "x",
        "review_on": "2026-11-02",
        "contact": "x@example.com",
        "rate": "10",
        "template": "1",
        "log": ids["log_id"],  # the ticked logs of the week's move, tag and delete
        "tag": SECRET,
        "again": ids["log_id"],  # a log's ▶: the timer on its task, with its note
        "running": ids["running_id"],  # the timer a page showed: theirs, not to be discarded
    }


def content_of(response) -> str:
    raw = b"".join(response.streaming_content) if response.streaming else response.content
    return raw.decode("utf-8", errors="replace")


def test_every_url_pattern_is_covered():
    assert len(ROUTES) > 30
    for route in OWNER_ROUTES:
        assert route.startswith(
            (
                "dashboard",
                "log",
                "tasks",
                "decisions",
                "export",
                "import",
                "settings",
                "welcome",
                "timer",
                "accounts/",  # allauth's own pages act on the logged-in owner only
                "contractors",
                "reports",
                "tags",
            )
        ), route


@pytest.mark.parametrize("route", OWNER_ROUTES)
def test_another_owners_objects_are_never_read_or_changed(route, owner, mallory):
    client = Client()
    client.force_login(owner)
    before = snapshot(mallory["user"])
    url = fill(route, mallory)
    has_ids = "<int:" in route
    # A GET of a form's own address goes to the page holding the form: follow it there.
    for response in (client.get(url, follow=True), client.post(url, hostile_post_data(mallory))):
        if has_ids:
            assert response.status_code in {404, 405}, (route, response.status_code)
        else:
            assert response.status_code < 500, (route, response.status_code)
        body = content_of(response)
        assert SECRET not in body and "Secret VA" not in body and "secret note" not in body, route
    assert snapshot(mallory["user"]) == before, f"{route} changed another owner's data"


@pytest.mark.parametrize("route", [r for r in OWNER_ROUTES if r not in ALLAUTH_TWO_FACTOR_ONLY])
def test_every_address_of_the_owner_opened_in_a_browser_shows_a_page(route, mallory):
    """Typed in, bookmarked or opened from history (where a refused plain form leaves the
    browser), no address answers with a blank 405: a form's own address sends the browser on
    to the page that holds the form. And a GET changes nothing."""
    client = Client()
    client.force_login(mallory["user"])
    before = snapshot(mallory["user"])
    response = client.get(fill(route, mallory), follow=True)
    assert response.status_code == 200, (route, response.status_code, response.redirect_chain)
    assert snapshot(mallory["user"]) == before, f"a GET of {route} changed the owner's data"


@pytest.mark.parametrize("route", OWNER_ROUTES)
def test_anonymous_visitors_are_sent_to_log_in(route, mallory, client):
    before = snapshot(mallory["user"])
    url = fill(route, mallory)
    for response in (client.get(url), client.post(url, hostile_post_data(mallory))):
        assert response.status_code in {302, 405}, (route, response.status_code)
        if response.status_code == 302:
            assert response["Location"].startswith("/accounts/login/"), route
    assert snapshot(mallory["user"]) == before


def test_an_htmx_request_whose_session_ended_sends_the_page_to_log_in(client):
    for page in ("http://testserver/log/?week=2026-W45", "http://[", "https://evil.example/x"):
        response = client.get(
            "/log/?part=week_logs", HTTP_HX_REQUEST="true", HTTP_HX_CURRENT_URL=page
        )
        assert response.status_code == 200 and response["HX-Redirect"].startswith(
            "/accounts/login/?next="
        ), page
        assert "evil" not in response["HX-Redirect"]


def test_the_admin_is_for_staff_only(client, owner, mallory):
    assert client.get("/admin/triage/task/").status_code == 302
    client.force_login(owner)
    response = client.get(f"/admin/triage/task/{mallory['task_id']}/change/")
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")


@pytest.mark.parametrize("route", sorted(PUBLIC))
def test_public_pages_show_nothing_of_an_owner(route, mallory, client):
    url = PUBLIC_EXAMPLES.get(route, "/" + route)
    response = client.get(url)
    assert response.status_code in {200, 301, 302, 405} or (
        route in PUBLIC_EXAMPLES and response.status_code in {400, 404}  # made up: refused
    ), (route, response.status_code)
    assert SECRET not in content_of(response)


def test_the_owner_still_sees_their_own_data(owner, mallory, make_task, make_log):
    mine = make_task(owner, "My own task")
    make_log(mine, datetime(2026, 11, 2, 9, tzinfo=UTC))
    client = Client()
    client.force_login(owner)
    assert "My own task" in content_of(client.get("/export/timelogs.csv"))
    assert "My own task" in client.get(f"/tasks/{mine.pk}/").content.decode()


def _unknown_fields(response) -> bool:
    """A 422 for fields the route does not take (or lacks one it needs): refused before any
    row is looked up."""
    if response.status_code != 422:
        return False
    detail = response.json()["detail"]
    return isinstance(detail, list) and all(
        e["type"] in {"extra_forbidden", "missing"} for e in detail
    )


@pytest.mark.parametrize("route", API_ROUTES)
def test_the_api_never_reads_or_changes_another_owners_rows(route, owner, mallory):
    import json

    token = ApiToken.objects.issue(owner, "walker")[1]
    client = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    url = "/" + (
        route.replace("<log_id>", str(mallory["log_id"]))
        .replace("<task_id>", str(mallory["task_id"]))
        .replace("<iso_week>", "2026-W45")
    )
    assert "<" not in url, f"{route}: add its parameter to the API walker"
    # A body each route takes (a field a route does not know is a 422 before any lookup):
    # an entry, a timer start on their task, a log moved onto their task, a task renamed,
    # a log split onto their task.
    bodies = [
        {"text": "45m walking", "category": "sales"},
        {"task_id": mallory["task_id"]},
        {"task_id": mallory["task_id"], "note": "x"},
        {"title": "Walked", "archived": True},
        {"at": "2026-11-02T10:00:00+00:00", "task_id": mallory["task_id"]},  # a split
    ]
    before = snapshot(mallory["user"])
    for method, body in itertools.product(("get", "post", "patch", "delete"), bodies):
        response = client.generic(
            method.upper(), url, json.dumps(body), content_type="application/json"
        )
        assert response.status_code < 500, (route, method, response.status_code)
        if ("<log_id>" in route or "<task_id>" in route) and not _unknown_fields(response):
            assert response.status_code in {404, 405}, (route, method, body, response.status_code)
        text = content_of(response)
        assert SECRET not in text and "secret note" not in text, (route, method)
    assert snapshot(mallory["user"]) == before, f"{route} changed another owner's data"
    anonymous = Client().get(url)
    assert anonymous.status_code in {401, 405}
