"""Holds under abuse: lock-out per client behind a trusted proxy, private caching of every
logged-in page, redirects only inside the site, decision dates not before the decision."""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.test import Client

from tests.test_isolation import OWNER_ROUTES, content_of, fill, mallory  # noqa: F401

pytestmark = pytest.mark.django_db
PROXY = "10.0.0.5"


def failed_logins(client: Client, times: int, **meta) -> list[int]:
    return [
        client.post(
            "/accounts/login/", {"login": "olivia", "password": "guess"}, **meta
        ).status_code
        for _ in range(times)
    ]


@pytest.fixture
def behind_proxy(settings):
    settings.TRUSTED_PROXIES = [PROXY]


def test_two_clients_behind_the_trusted_proxy_are_locked_out_separately(
    client, owner, behind_proxy
):
    attacker = {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "203.0.113.9"}
    assert failed_logins(client, 5, **attacker)[-1] == 429
    owner_from_home = Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="198.51.100.7")
    response = owner_from_home.post(
        "/accounts/login/", {"login": "olivia", "password": "correct-horse-battery"}
    )
    assert response.status_code == 302  # not locked out by the attacker behind the same proxy


def test_a_forged_header_through_the_proxy_does_not_hide_the_client(client, owner, behind_proxy):
    # The attacker puts a fresh address on the left each time; the proxy appends the real one.
    statuses = [
        client.post(
            "/accounts/login/",
            {"login": "olivia", "password": "guess"},
            REMOTE_ADDR=PROXY,
            HTTP_X_FORWARDED_FOR=f"192.0.2.{n}, 203.0.113.9",
        ).status_code
        for n in range(5)
    ]
    assert statuses[-1] == 429


def test_a_forwarded_header_from_outside_the_proxy_changes_nothing(client, owner, behind_proxy):
    statuses = [
        client.post(
            "/accounts/login/",
            {"login": "olivia", "password": "guess"},
            REMOTE_ADDR="203.0.113.9",
            HTTP_X_FORWARDED_FOR=f"192.0.2.{n}",
        ).status_code
        for n in range(5)
    ]
    assert statuses[-1] == 429  # still one client: the header was not believed


def test_without_a_trusted_proxy_the_header_is_ignored(client, owner):
    statuses = failed_logins(client, 5, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.9")
    assert statuses[-1] == 429
    other = Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert (
        other.post(
            "/accounts/login/", {"login": "olivia", "password": "correct-horse-battery"}
        ).status_code
        == 429
    )


@pytest.mark.parametrize("route", OWNER_ROUTES)
def test_every_logged_in_page_is_private_and_not_stored(route, owner_client, owner, mallory):  # noqa: F811
    ids = {"task_id": 0, "log_id": 0, "decision_id": 0, "contractor_id": 0, "step_id": 0}
    ids["token_id"] = 0
    if "<int:" in route:
        from triage.models import ApiToken, ChecklistStep, Contractor, Decision, Task, TimeLog

        task = Task.objects.create(owner=owner, title="Mine", category="admin")
        start = datetime(2026, 11, 2, 9, tzinfo=UTC)
        log = TimeLog.objects.create(
            owner=owner, task=task, start=start, end=start + timedelta(hours=1)
        )
        decision = Decision.objects.create(
            owner=owner, task=task, kind="keep", decided_on=date(2026, 11, 2)
        )
        contractor = Contractor.objects.create(owner=owner, name="Ana")
        step = ChecklistStep.objects.create(owner=owner, decision=decision, text="Write it down")
        ids = {
            "task_id": task.pk,
            "log_id": log.pk,
            "decision_id": decision.pk,
            "contractor_id": contractor.pk,
            "step_id": step.pk,
            "token_id": ApiToken.objects.issue(owner, "phone")[0].pk,
        }
    response = owner_client.get(fill(route, ids))
    content_of(response)
    cache_control = response.get("Cache-Control", "")
    assert "private" in cache_control and "no-store" in cache_control, (route, response.status_code)


def test_exports_are_private_and_not_stored(owner_client):
    for url in ("/export/timelogs.csv", "/export/decisions.csv"):
        response = owner_client.get(url)
        assert response["Cache-Control"] == "private, no-store"


@pytest.mark.parametrize("path", ["/tasks/{id}/edit/", "/tasks/{id}/archive/"])
@pytest.mark.parametrize(
    "target", ["//evil.example", "https://evil.example/x", "javascript:alert(1)"]
)
def test_htmx_redirects_never_leave_the_site(owner_client, owner, make_task, path, target):
    task = make_task(owner)
    data = {"title": "Invoicing", "category": "admin", "is_mga": "", "next": target}
    response = owner_client.post(path.format(id=task.pk), data, HTTP_HX_REQUEST="true")
    location = (
        response.get("HX-Location") or response.get("HX-Redirect") or response.get("Location", "")
    )
    assert "evil" not in location and "javascript" not in location
    assert location.startswith("/")


def test_a_decision_cannot_start_before_it_was_made(owner_client, owner, make_task, make_decision):
    decision = make_decision(make_task(owner), decided_on=date(2026, 11, 10))
    response = owner_client.post(
        f"/decisions/{decision.pk}/status/",
        {"action": "activate", "on": "2026-11-01"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 422
    assert "before the decision was made" in response.content.decode()
    decision.refresh_from_db()
    assert decision.status == "planned"
