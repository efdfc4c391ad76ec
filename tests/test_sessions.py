"""Sessions bring their owner along: one query for the session, the user and their settings,
and nothing of the usual safety lost."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from triage.models import OwnerSession

pytestmark = pytest.mark.django_db


def log_in(client):
    response = client.post(
        "/accounts/login/", {"login": "olivia", "password": "correct-horse-battery"}
    )
    assert response.status_code == 302


def test_session_owner_and_settings_come_in_one_query(client, owner):
    log_in(client)
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/timer/")  # the header's timer: session, owner, running timer
    assert response.status_code == 200
    first = queries.captured_queries[0]["sql"]
    assert "triage_ownersession" in first and "auth_user" in first and "ownersettings" in first
    assert len(queries.captured_queries) == 2


def test_the_session_row_names_its_owner_and_goes_on_logout(client, owner):
    log_in(client)
    assert OwnerSession.objects.get().owner == owner
    client.post("/accounts/logout/")
    assert not OwnerSession.objects.filter(owner=owner).exists()


def test_a_password_changed_elsewhere_ends_the_other_sessions(client, owner):
    log_in(client)
    owner.set_password("a-new-long-passphrase")
    owner.save()
    response = client.get("/dashboard/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_two_owners_on_one_thread_each_get_their_own(owner, other_owner):
    mine, theirs = Client(), Client()
    log_in(mine)
    theirs.post("/accounts/login/", {"login": "mallory", "password": "another-long-password"})
    for _ in range(2):  # alternating on one thread: no owner carried over
        my_page, their_page = (c.get("/settings/").content.decode() for c in (mine, theirs))
        assert "<dd>olivia</dd>" in my_page and "<dd>mallory</dd>" not in my_page
        assert "<dd>mallory</dd>" in their_page and "<dd>olivia</dd>" not in their_page
    anonymous = Client().get("/dashboard/")
    assert anonymous.status_code == 302


def test_the_loaded_rows_read_as_the_orm_reads_them(client, owner):
    """The written-out query gives the same values, of the same types, as the ORM."""
    from decimal import Decimal

    from django.contrib.auth import get_user_model

    from triage.models import OwnerSettings
    from triage.owner_rows import load_with_owner

    settings = OwnerSettings.of(owner)
    settings.mga_hourly_value = Decimal("152.50")
    settings.save()
    log_in(client)
    key = client.session.session_key
    loaded = load_with_owner(OwnerSession, "session_key", key)
    expected = OwnerSession.objects.get(session_key=key)
    assert loaded.expire_date == expected.expire_date and loaded.expire_date.tzinfo is not None
    fresh = get_user_model().objects.get(pk=owner.pk)  # the login set last_login
    for field in get_user_model()._meta.concrete_fields:
        assert getattr(loaded.owner, field.attname) == getattr(fresh, field.attname)
    assert loaded.owner.owner_settings.mga_hourly_value == Decimal("152.50")
    assert isinstance(loaded.owner.owner_settings.mga_hourly_value, Decimal)
    assert load_with_owner(OwnerSession, "session_key", "no-such-key") is None
