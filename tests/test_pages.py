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
