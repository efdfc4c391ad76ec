"""Friendly 404 and 500 pages; server errors logged to stderr with the request path."""

import logging

import pytest

pytestmark = pytest.mark.django_db


def test_a_missing_page_gets_our_404(owner_client):
    response = owner_client.get("/no/such/page/")
    assert response.status_code == 404
    assert "That page isn't here" in response.content.decode()


def test_a_server_error_gets_our_500_and_is_logged_with_its_path(owner_client, monkeypatch, caplog):
    from triage import dashboard_figures

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(dashboard_figures, "dashboard", broken)
    owner_client.raise_request_exception = False
    with caplog.at_level(logging.ERROR, logger="django.request"):
        response = owner_client.get("/dashboard/?week=2026-W45")
    assert response.status_code == 500
    assert "Something went wrong on our side" in response.content.decode()
    record = next(r for r in caplog.records if r.name == "django.request")
    assert "/dashboard/" in record.getMessage()
    assert record.exc_info[0] is RuntimeError


def _deleted_right_after_lookup(monkeypatch, module, name):
    """The other tab's delete landing between this request's check of the task and its
    write: the lookup finds the task, which is gone before the INSERT commits."""
    found = getattr(module, name)

    def lookup(*args, **kwargs):
        task = found(*args, **kwargs)
        type(task).objects.filter(pk=task.pk).delete()
        return task

    monkeypatch.setattr(module, name, lookup)


def _assert_told_it_is_gone(response, model) -> None:
    """A 404 that says so (htmx shows its own "no longer there"), and no row of `model`
    saved or brought back."""
    from triage.middleware import GONE_MEANWHILE

    assert response.status_code == 404
    assert GONE_MEANWHILE in response.content.decode()
    assert not model.objects.exists()


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("htmx", [False, True], ids=["plain form", "htmx"])
def test_a_gut_check_saved_on_a_task_deleted_meanwhile_is_a_404_that_says_so(
    owner_client, owner, make_task, monkeypatch, htmx
):
    from triage.models import GutCheck
    from triage.views import gutcheck

    task = make_task(owner)
    _deleted_right_after_lookup(monkeypatch, gutcheck, "get_task_for_user")
    answers = {"is_mga": "False", "need_to_do": "False", "need_to_learn": "False"}
    answers |= {"need_to_master": "False", "overwhelm": "4", "feeling": "hate"}
    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    response = owner_client.post(f"/tasks/{task.pk}/gut-check/", answers, **headers)
    _assert_told_it_is_gone(response, GutCheck)


@pytest.mark.django_db(transaction=True)
def test_a_timer_started_from_the_api_on_a_task_deleted_meanwhile_is_a_404(
    owner, make_task, monkeypatch
):
    from django.test import Client

    from triage import api
    from triage.middleware import GONE_MEANWHILE
    from triage.models import ApiToken, TimeLog

    task = make_task(owner)
    token = ApiToken.objects.issue(owner, "phone")[1]
    start = api.timer.start_timer

    def start_on_a_task_just_deleted(owner, task, *args, **kwargs):
        type(task).objects.filter(pk=task.pk).delete()  # the other tab, after the form's check
        return start(owner, task, *args, **kwargs)

    monkeypatch.setattr(api.timer, "start_timer", start_on_a_task_just_deleted)
    response = Client().post(
        "/api/v1/timer",
        {"task_id": task.pk},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert response.status_code == 404
    assert response.json() == {"detail": GONE_MEANWHILE}
    assert not TimeLog.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_an_edit_of_a_task_deleted_meanwhile_does_not_bring_it_back(
    owner_client, owner, make_task, monkeypatch
):
    """Django's save inserts a row again when its UPDATE finds none: the task deleted in
    another tab would come back, empty, under its old id. The edit is told it is gone."""
    from triage.models import Task
    from triage.views import tasks

    task = make_task(owner, "Invoicing")
    _deleted_right_after_lookup(monkeypatch, tasks, "get_task_for_user")
    response = owner_client.post(
        f"/tasks/{task.pk}/edit/", {"title": "Billing", "category": "bookkeeping"}
    )
    _assert_told_it_is_gone(response, Task)


@pytest.mark.django_db(transaction=True)
def test_an_edit_of_a_log_deleted_meanwhile_does_not_bring_it_back(
    owner_client, owner, make_task, make_log, monkeypatch
):
    from datetime import UTC, datetime

    from triage.models import TimeLog
    from triage.views import log as log_views

    task = make_task(owner)
    log = make_log(task, datetime(2026, 11, 2, 9, tzinfo=UTC))
    _deleted_right_after_lookup(monkeypatch, log_views, "get_log_for_user")
    edit = {"task": task.pk, "day": "2026-11-02", "start_time": "11:00", "end_time": "12:00"}
    response = owner_client.post(f"/log/{log.pk}/edit/", edit)
    _assert_told_it_is_gone(response, TimeLog)


@pytest.mark.django_db(transaction=True)
def test_a_decision_started_as_its_task_is_deleted_is_a_404(
    owner_client, owner, make_task, make_decision, monkeypatch
):
    from triage.models import Decision
    from triage.views import decisions

    decision = make_decision(make_task(owner))
    found = decisions.get_decision_for_user

    def lookup(*args, **kwargs):
        found_decision = found(*args, **kwargs)
        found_decision.task.delete()  # another tab deletes the task, and its decisions
        return found_decision

    monkeypatch.setattr(decisions, "get_decision_for_user", lookup)
    day = decision.decided_on.isoformat()
    response = owner_client.post(
        f"/decisions/{decision.pk}/status/", {"action": "activate", "on": day}
    )
    _assert_told_it_is_gone(response, Decision)


@pytest.mark.django_db(transaction=True)
def test_a_decision_edited_to_name_a_contractor_deleted_meanwhile_is_not_called_saved(
    owner_client, owner, make_task, make_decision, monkeypatch
):
    from triage.forms import DecisionForm
    from triage.models import Contractor, Decision

    decision = make_decision(make_task(owner))
    maya = Contractor.objects.create(owner=owner, name="Maya")
    checked = DecisionForm._post_clean  # the form's last check, the model's own

    def contractor_deleted_right_after_the_check(form):
        checked(form)
        Contractor.objects.filter(pk=maya.pk).delete()  # another tab, a moment later

    monkeypatch.setattr(DecisionForm, "_post_clean", contractor_deleted_right_after_the_check)
    edit = {"kind": "outsource", "decided_on": "2026-11-02", "contractor": maya.pk}
    edit |= {"contractor_rate": "25", "contractor_hours_per_week": "4"}
    edit |= {"management_minutes_per_week": "30", "handoff_hours": "10"}
    edit |= {"reinvested_percent": "100"}
    response = owner_client.post(f"/decisions/{decision.pk}/edit/", edit)
    from triage.middleware import GONE_MEANWHILE

    assert response.status_code == 404 and GONE_MEANWHILE in response.content.decode()
    assert Decision.objects.get().contractor is None  # nothing saved
