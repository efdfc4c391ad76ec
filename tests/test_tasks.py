"""/tasks/ and /tasks/<id>/: hours, verdicts, create, rename, archive, the 12-week chart."""

from datetime import timedelta

import pytest
from django.utils import timezone

from triage.models import Task

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


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


def test_archive_hides_the_task_until_asked(owner_client, owner, make_task):
    task = make_task(owner, "Old chore")
    owner_client.post(f"/tasks/{task.pk}/archive/", {"archived": "1"})
    assert "Old chore" not in table_of(owner_client.get("/tasks/"))
    assert "Old chore" in table_of(owner_client.get("/tasks/?archived=1"))
    owner_client.post(f"/tasks/{task.pk}/archive/", {"archived": "0"})
    assert "Old chore" in table_of(owner_client.get("/tasks/"))


def test_the_task_page_has_logs_checks_decisions_and_a_chart(
    owner_client, owner, make_task, make_log
):
    task = make_task(owner, "Invoicing <b>&</b>")
    make_log(task, hours_ago(2), 60, note="Acme")
    html = owner_client.get(f"/tasks/{task.pk}/").content.decode()
    assert "<svg" in html and "Hours a week on this task, last 12 weeks" in html
    assert html.count("<rect") == 12
    assert "Invoicing &lt;b&gt;&amp;&lt;/b&gt;" in html and "<b>&</b>" not in html
    assert "Acme" in html
    assert "Not checked yet" in html


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
