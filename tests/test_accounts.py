"""Sign-up, onboarding, login, logout, password reset; every page behind a login."""

import pytest
from django.core import mail

from triage.models import OwnerSettings

pytestmark = pytest.mark.django_db

PRIVATE_PAGES = [
    "/dashboard/",
    "/log/",
    "/tasks/",
    "/tasks/1/",
    "/tasks/1/gut-check/",
    "/decisions/",
    "/export/decisions.csv",
    "/export/timelogs.csv",
    "/import/",
    "/settings/",
    "/welcome/",
    "/timer/",
    "/accounts/password_change/",
]


def test_signup_logs_in_and_lands_on_onboarding(client):
    response = client.post(
        "/accounts/signup/",
        {
            "username": "sam",
            "password1": "a-long-unusual-passphrase",
            "password2": "a-long-unusual-passphrase",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == "/welcome/"
    page = client.get("/welcome/")
    assert page.status_code == 200
    assert b"Welcome to Triage" in page.content


def test_onboarding_saves_the_owners_settings(client):
    client.post(
        "/accounts/signup/",
        {
            "username": "sam",
            "password1": "a-long-unusual-passphrase",
            "password2": "a-long-unusual-passphrase",
        },
    )
    response = client.post(
        "/welcome/",
        {
            "currency": "eur",
            "time_zone": "Europe/Lisbon",
            "mga_hourly_value": "95",
            "default_contractor_rate": "28",
        },
    )
    assert response.status_code == 302
    saved = OwnerSettings.objects.get(owner__username="sam")
    assert (saved.currency, saved.time_zone, str(saved.mga_hourly_value), saved.onboarded) == (
        "EUR",
        "Europe/Lisbon",
        "95.00",
        True,
    )


def test_onboarding_explains_a_bad_currency(owner_client):
    response = owner_client.post(
        "/welcome/",
        {
            "currency": "euro",
            "time_zone": "UTC",
            "mga_hourly_value": "95",
            "default_contractor_rate": "28",
        },
    )
    assert response.status_code == 422
    assert "is not an ISO 4217 currency code" in response.content.decode()


def test_signup_refuses_a_weak_password(client):
    response = client.post(
        "/accounts/signup/", {"username": "sam", "password1": "123", "password2": "123"}
    )
    assert response.status_code == 422
    assert "too short" in response.content.decode()


def test_login_and_logout(client, owner):
    response = client.post(
        "/accounts/login/", {"username": "olivia", "password": "correct-horse-battery"}
    )
    assert response.status_code == 302
    assert client.get("/dashboard/").status_code == 200
    client.post("/accounts/logout/")
    assert client.get("/dashboard/").status_code == 302


@pytest.mark.parametrize("path", PRIVATE_PAGES)
def test_anonymous_visitors_are_sent_to_login(client, path):
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")


@pytest.mark.parametrize(
    "path", ["/", "/healthz", "/accounts/login/", "/accounts/signup/", "/accounts/password_reset/"]
)
def test_public_pages_need_no_login(client, path):
    assert client.get(path).status_code == 200


def test_the_landing_page_becomes_the_dashboard_once_logged_in(client, owner):
    assert "Which tasks should you stop doing" in client.get("/").content.decode()
    client.force_login(owner)
    page = client.get("/")
    assert page.status_code == 200
    assert page.templates[0].name == "triage/dashboard.html"


def test_password_reset_sends_a_mail(client, owner):
    owner.email = "olivia@example.com"
    owner.save()
    response = client.post("/accounts/password_reset/", {"email": "olivia@example.com"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert "/accounts/reset/" in mail.outbox[0].body


def test_repeated_failed_logins_are_throttled(client, owner):
    for _ in range(4):
        response = client.post("/accounts/login/", {"username": "olivia", "password": "guess"})
        assert response.status_code == 200
    fifth = client.post("/accounts/login/", {"username": "olivia", "password": "guess"})
    assert fifth.status_code == 429
    locked = client.post(
        "/accounts/login/", {"username": "olivia", "password": "correct-horse-battery"}
    )
    assert locked.status_code == 429
    assert "Too many failed logins" in locked.content.decode()
    assert client.get("/dashboard/").status_code == 302  # still not logged in
