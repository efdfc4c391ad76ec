"""Every page is well-formed enough for labels and shortcuts: no id appears twice."""

import re
from datetime import date

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "path",
    [
        "/log/",
        "/tasks/",
        "/tasks/{task}/",
        "/tasks/{task}/gut-check/",
        "/decisions/",
        "/dashboard/",
        "/settings/",
        "/welcome/",
        "/import/",
    ],
)
def test_no_id_appears_twice(
    owner_client, owner, make_task, make_log, make_gut_check, make_decision, path
):
    from datetime import UTC, datetime

    task = make_task(owner)
    make_log(task, datetime(2026, 11, 2, 9, tzinfo=UTC))
    make_gut_check(task)
    make_decision(task, decided_on=date(2026, 11, 2))
    response = owner_client.get(path.format(task=task.pk))
    assert response.status_code == 200, path  # a redirect has no ids to compare
    ids = re.findall(r'\sid="([^"]+)"', response.content.decode())
    assert {"header-timer", "main"} <= set(ids), path  # a whole page, logged in
    assert len(ids) == len(set(ids)), sorted({i for i in ids if ids.count(i) > 1})


@pytest.mark.parametrize(
    ("address", "page"),
    [
        ("/log/quick/", "/log/"),
        ("/log/move/", "/log/"),
        ("/timer/start/", "/log/"),
        ("/settings/tokens/", "/settings/"),
        ("/tasks/{task}/archive/", "/tasks/{task}/"),
        ("/tasks/{task}/gut-check/blockers/", "/tasks/{task}/gut-check/"),
        ("/tasks/{task}/gut-check/what-if/", "/tasks/{task}/gut-check/"),
        ("/decisions/{decision}/handoff/", "/decisions/{decision}/"),
        ("/decisions/{decision}/review/", "/decisions/{decision}/"),
        ("/decisions/{decision}/status/", "/decisions/{decision}/"),
    ],
)
def test_a_forms_address_opened_in_the_browser_goes_to_the_page_holding_the_form(
    owner_client, owner, make_task, make_gut_check, make_decision, address, page
):
    """Where a refused plain form leaves the browser: typed again or opened from history,
    the address shows the form's page, not a blank 405; other methods are still refused."""
    task = make_task(owner)
    decision = make_decision(task, gut_check=make_gut_check(task), decided_on=date(2026, 11, 2))
    ids = {"task": task.pk, "decision": decision.pk}
    status = decision.status
    response = owner_client.get(address.format(**ids))
    assert response.status_code == 302 and response["Location"] == page.format(**ids)
    assert owner_client.get(page.format(**ids)).status_code == 200
    assert owner_client.put(address.format(**ids)).status_code == 405
    task.refresh_from_db()
    decision.refresh_from_db()
    assert not task.archived and decision.status == status  # a GET changed nothing


def test_a_tokens_revoke_address_opened_in_the_browser_leaves_it_working(owner_client, owner):
    from triage.models import ApiToken

    token, _ = ApiToken.objects.issue(owner, "Phone")
    response = owner_client.get(f"/settings/tokens/{token.pk}/revoke/")
    assert response.status_code == 302 and response["Location"] == "/settings/#api-tokens"
    assert ApiToken.objects.filter(pk=token.pk).exists()
