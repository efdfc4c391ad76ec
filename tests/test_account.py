"""Your data, yours: all of it as one zip; deleting the account removes only yours."""

import csv
import io
import json
import zipfile
from datetime import UTC, date, datetime

import pytest

from triage.models import ApiToken, Contractor, Decision, GutCheck, Task, TimeLog

pytestmark = pytest.mark.django_db


@pytest.fixture
def history(owner, make_task, make_log, make_gut_check, make_decision):
    task = make_task(owner, "Invoicing", client="Acme")
    make_log(task, datetime(2026, 11, 2, 9, tzinfo=UTC), 60, tags="q4")
    make_gut_check(task, blockers=["money"])
    decision = make_decision(task, contractor="Ana", decided_on=date(2026, 11, 2))
    decision.steps.create(owner=owner, position=1, text="Share the login")
    ApiToken.objects.issue(owner, "phone")
    return task


def test_the_zip_holds_all_of_the_owners_data(
    owner_client, owner, other_owner, history, make_task, make_log
):
    make_log(make_task(other_owner, "Theirs"), datetime(2026, 11, 2, 9, tzinfo=UTC), 60)
    response = owner_client.get("/settings/export.zip")
    assert response["Content-Type"] == "application/zip"
    assert response.streaming  # made as it is sent, never whole in memory
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    assert archive.testzip() is None  # every member's checksum holds
    names = set(archive.namelist())
    assert {
        "timelogs.csv",
        "decisions.csv",
        "contractors.json",
        "tasks.json",
        "gut_checks.json",
        "checklists.json",
        "reviews.json",
        "settings.json",
    } <= names
    logs = list(csv.DictReader(io.StringIO(archive.read("timelogs.csv").decode())))
    assert [(row["task"], row["client"], row["tags"]) for row in logs] == [
        ("Invoicing", "Acme", "q4")
    ]
    assert json.loads(archive.read("tasks.json"))[0]["title"] == "Invoicing"
    assert json.loads(archive.read("gut_checks.json"))[0]["blockers"] == ["money"]
    assert json.loads(archive.read("contractors.json"))[0]["name"] == "Ana"
    assert json.loads(archive.read("checklists.json"))[0]["steps__text"] == "Share the login"
    assert json.loads(archive.read("settings.json"))["time_zone"] == "Europe/Berlin"
    assert b"Theirs" not in b"".join(archive.read(name) for name in names)
    # The CSVs are the exports, row for row: the decisions' checklists and what each earned
    # so far included (a copy of its own had left them out).
    for name in ("timelogs", "decisions"):
        export = b"".join(owner_client.get(f"/export/{name}.csv").streaming_content)
        assert archive.read(f"{name}.csv") == export, name
    decision = next(csv.DictReader(io.StringIO(archive.read("decisions.csv").decode())))
    assert decision["checklist_total"] == "1"


def test_deleting_the_account_needs_the_password_and_removes_only_theirs(
    owner_client, owner, other_owner, history, make_task, make_log
):
    theirs = make_log(make_task(other_owner, "Theirs"), datetime(2026, 11, 2, 9, tzinfo=UTC), 60)
    wrong = owner_client.post("/settings/delete-account/", {"password": "guess"})
    assert wrong.status_code == 422 and "nothing was deleted" in wrong.content.decode()
    assert Task.objects.filter(owner=owner).exists()
    response = owner_client.post("/settings/delete-account/", {"password": "correct-horse-battery"})
    assert response.status_code == 302
    for model in (Task, TimeLog, GutCheck, Decision, Contractor, ApiToken):
        assert not model.objects.filter(owner_id=owner.pk).exists(), model
    assert TimeLog.objects.filter(pk=theirs.pk).exists()
    assert owner_client.get("/dashboard/").status_code == 302  # logged out


def test_with_two_factor_a_current_code_also_confirms_the_deletion(
    owner_client, owner, other_owner, history
):
    import pyotp
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP

    secret = pyotp.random_base32()
    TOTP.activate(owner, secret)
    TOTP.activate(other_owner, pyotp.random_base32())
    page = owner_client.get("/settings/delete-account/").content.decode()
    assert 'name="code"' in page  # offered only to owners who have a second factor
    wrong = owner_client.post("/settings/delete-account/", {"code": "000000"})
    assert wrong.status_code == 422 and "nothing was deleted" in wrong.content.decode()
    assert Task.objects.filter(owner=owner).exists()
    code = pyotp.TOTP(secret).now()
    assert owner_client.post("/settings/delete-account/", {"code": code}).status_code == 302
    for model in (Authenticator, EmailAddress):
        assert not model.objects.filter(user_id=owner.pk).exists(), model
        assert model.objects.filter(user=other_owner).exists(), model


def test_guessing_the_password_on_the_delete_page_locks_out_like_a_login(owner_client, owner):
    statuses = [
        owner_client.post("/settings/delete-account/", {"password": "guess"}).status_code
        for _ in range(6)
    ]
    assert statuses[:4] == [422] * 4 and statuses[4:] == [429, 429]
    right = owner_client.post("/settings/delete-account/", {"password": "correct-horse-battery"})
    assert right.status_code == 429
    assert type(owner).objects.filter(pk=owner.pk).exists()  # nothing deleted while locked
