"""Discarding the running timer, started by mistake: none of it logged, with an undo."""

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from triage.models import ApiToken, TimeLog

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true", "HTTP_HX_CURRENT_URL": "http://testserver/log/"}


@pytest.fixture
def running(owner, make_task):
    """A timer on Invoicing since 25 minutes ago, with a note and a tag."""
    return TimeLog.objects.create(
        owner=owner,
        task=make_task(owner),
        start=timezone.now() - timedelta(minutes=25),
        note="Q4 invoices",
        tags="billable",
    )


def undo_token(html: str) -> str:
    return re.search(r'name="token" value="([^"]+)"', html).group(1)


def test_without_javascript_a_page_asks_first_then_nothing_is_logged(owner_client, running):
    page = owner_client.get("/timer/discard/?next=/tasks/").content.decode()
    assert "Discard the timer on Invoicing?" in page and "none of it is logged" in page
    assert f'name="running" value="{running.pk}"' in page
    response = owner_client.post(
        "/timer/discard/", {"running": running.pk, "next": "/tasks/"}, follow=True
    )
    assert response.redirect_chain[-1][0] == "/tasks/"
    html = response.content.decode()
    assert "Discarded the timer on Invoicing" in html and "nothing logged" in html
    assert "No timer running" in html
    assert not TimeLog.objects.exists()


def test_with_htmx_it_goes_at_once_and_undo_sets_it_running_again(owner_client, owner, running):
    response = owner_client.post("/timer/discard/", {"running": running.pk}, **HTMX)
    assert response.status_code == 200
    assert response["HX-Retarget"] == "#header-timer" and response["HX-Trigger"] == "timer-changed"
    html = response.content.decode()
    assert "No timer running" in html and "Discarded the timer on Invoicing" in html
    assert not TimeLog.objects.exists()
    token = undo_token(html)
    back = owner_client.post("/timer/discard/undo/", {"token": token}, **HTMX)
    assert back.status_code == 200 and "runs again" in back.content.decode()
    again = TimeLog.objects.get()
    assert (again.task_id, again.start, again.end) == (running.task_id, running.start, None)
    assert (again.note, again.tags) == ("Q4 invoices", "billable")
    assert 'class="timer running"' in back.content.decode()  # the header shows it
    # Once: a second click (or a second tab) brings nothing more back.
    twice = owner_client.post("/timer/discard/undo/", {"token": token}, **HTMX)
    assert twice.status_code == 410 and "brought back already" in twice.content.decode()
    assert TimeLog.objects.count() == 1


def test_the_undo_waits_for_another_running_timer_to_stop(owner_client, owner, running, make_task):
    token = undo_token(owner_client.post("/timer/discard/", {}, **HTMX).content.decode())
    owner_client.post("/timer/start/", {"task": make_task(owner, "Email").pk})
    refused = owner_client.post("/timer/discard/undo/", {"token": token}, **HTMX)
    assert refused.status_code == 422
    assert "A timer runs on Email now: stop it first" in refused.content.decode()
    assert TimeLog.objects.get().task.title == "Email"  # left running, nothing added
    owner_client.post("/timer/stop/")
    assert owner_client.post("/timer/discard/undo/", {"token": token}, **HTMX).status_code == 200
    assert TimeLog.objects.get(end__isnull=True).task.title == "Invoicing"


def test_a_timer_another_tab_started_since_is_not_discarded_in_its_place(
    owner_client, owner, running, make_task
):
    owner_client.post("/timer/start/", {"task": make_task(owner, "Email").pk})  # stops running
    refused = owner_client.post("/timer/discard/", {"running": running.pk}, **HTMX)
    assert refused.status_code == 422 and "now runs on Email" in refused.content.decode()
    assert TimeLog.objects.filter(end__isnull=True).get().task.title == "Email"
    assert TimeLog.objects.count() == 2


def test_with_no_timer_running_it_says_so(owner_client):
    refused = owner_client.post("/timer/discard/", {}, **HTMX)
    assert refused.status_code == 422 and "No timer is running" in refused.content.decode()
    assert "No timer is running" in owner_client.get("/timer/discard/").content.decode()
    page = owner_client.post("/timer/discard/", {}, follow=True).content.decode()
    assert "No timer is running" in page


def test_another_owners_timer_and_undo_are_out_of_reach(
    client, owner, other_owner, running, make_task
):
    client.force_login(other_owner)
    theirs = client.post("/timer/discard/", {"running": running.pk}, **HTMX)
    assert theirs.status_code == 422  # they have no timer running; ours runs on
    assert TimeLog.objects.filter(pk=running.pk, end__isnull=True).exists()
    client.force_login(owner)
    token = undo_token(client.post("/timer/discard/", {}, **HTMX).content.decode())
    client.force_login(other_owner)
    make_task(other_owner, "Invoicing")
    stolen = client.post("/timer/discard/undo/", {"token": token}, **HTMX)
    assert stolen.status_code == 410 and not TimeLog.objects.exists()
    forged = client.post("/timer/discard/undo/", {"token": token + "x"}, **HTMX)
    assert forged.status_code == 410


def test_the_timer_card_and_the_forgotten_timers_page_offer_it(owner_client, owner, running):
    card = owner_client.get("/log/").content.decode()
    assert 'hx-post="/timer/discard/"' in card and f'"running": "{running.pk}"' in card
    TimeLog.objects.filter(pk=running.pk).update(start=timezone.now() - timedelta(hours=14))
    page = owner_client.get("/timer/stop/").content.decode()
    assert 'href="/timer/discard/?next=/log/"' in page


def test_a_script_discards_the_running_timer(owner, running):
    api = Client(enforce_csrf_checks=True)
    api.defaults["HTTP_AUTHORIZATION"] = f"Bearer {ApiToken.objects.issue(owner, 'cli')[1]}"
    assert api.delete("/api/v1/timer").status_code == 204
    assert not TimeLog.objects.exists()
    none = api.delete("/api/v1/timer")
    assert none.status_code == 422 and "No timer is running" in none.json()["detail"]
