"""Sign-up with a verified email, onboarding, login by username or email, logout, password
reset over real SMTP, two-factor; every page behind a login."""

from datetime import timedelta

import pyotp
import pytest
import time_machine
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone

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
    "/accounts/password/change/",
    "/accounts/email/",
    "/accounts/2fa/",
]

SAM = {
    "email": "sam@example.com",
    "username": "sam",
    "password1": "a-long-unusual-passphrase",
    "password2": "a-long-unusual-passphrase",
}


def test_signup_asks_for_an_email_and_verifies_it_by_a_link_over_smtp(client, smtp):
    form = client.get("/accounts/signup/").content.decode()
    assert 'name="email"' in form and 'name="username"' in form
    response = client.post("/accounts/signup/", SAM)
    assert response.status_code == 302
    assert response["Location"] == "/welcome/"
    page = client.get("/welcome/").content.decode()
    assert "Welcome to Triage" in page
    assert "Please verify <strong>sam@example.com</strong>" in page  # usable, with a banner
    # The banner says it once: no "Confirmation email sent" or "Successfully signed in"
    # boxes piled above the welcome form.
    assert "Confirmation email sent" not in page and "Successfully signed in" not in page

    [message] = smtp.messages
    assert message["To"] == "sam@example.com"
    link = smtp.link(message, "/accounts/confirm-email/")
    assert "Confirm" in client.get(link).content.decode()
    assert client.post(link).status_code == 302
    assert EmailAddress.objects.get(email="sam@example.com").verified
    assert "Please verify" not in client.get("/welcome/").content.decode()


def test_sending_the_link_again_says_it_was_sent(client, smtp):
    client.post("/accounts/signup/", SAM)
    response = client.post(
        "/accounts/email/", {"action_send": "", "email": "sam@example.com"}, follow=True
    )
    # Within allauth's cooldown nothing more is sent; the page says why, not nothing.
    assert len(smtp.messages) == 1
    assert "The link sent to sam@example.com in the last 3 minutes still works" in (
        response.content.decode()
    )
    with time_machine.travel(timezone.now() + timedelta(minutes=4)):
        response = client.post(
            "/accounts/email/", {"action_send": "", "email": "sam@example.com"}, follow=True
        )
    assert "Confirmation email sent to sam@example.com" in response.content.decode()
    assert len(smtp.messages) == 2


def test_a_reused_or_made_up_verification_link_says_so(client, smtp):
    client.post("/accounts/signup/", SAM)
    link = smtp.link(smtp.messages[0], "/accounts/confirm-email/")
    client.post(link)
    for stale in (link, "/accounts/confirm-email/not-a-real-key/"):
        page = client.get(stale)
        assert page.status_code == 404
        text = page.content.decode()
        assert "expired or is invalid" in text and "/accounts/email/" in text  # ask for a new one


def test_signup_refuses_an_email_that_is_taken_in_any_case(client, owner):
    response = client.post(
        "/accounts/signup/", SAM | {"email": "Olivia@EXAMPLE.com", "username": "olivia2"}
    )
    assert response.status_code == 422
    assert "already registered" in response.content.decode()
    assert not get_user_model().objects.filter(username="olivia2").exists()


def test_onboarding_saves_the_owners_settings(client):
    client.post("/accounts/signup/", SAM)
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
    assert not saved.reminder_email  # asked, not assumed


def test_onboarding_offers_the_reminder_on_its_defaults(client):
    client.post("/accounts/signup/", SAM)
    assert 'name="reminder_email"' in client.get("/welcome/").content.decode()
    answers = {"currency": "EUR", "time_zone": "Europe/Lisbon", "mga_hourly_value": "95"}
    client.post("/welcome/", answers | {"default_contractor_rate": "28", "reminder_email": "on"})
    saved = OwnerSettings.objects.get(owner__username="sam")
    assert saved.reminder_email and (saved.reminder_days, saved.reminder_hour) == ("01234", 17)


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
    response = client.post("/accounts/signup/", SAM | {"password1": "123", "password2": "123"})
    assert response.status_code == 422
    assert "too short" in response.content.decode()


@pytest.mark.parametrize("login", ["olivia", "olivia@example.com", "OLIVIA@example.com"])
def test_login_by_username_or_email_and_logout(client, owner, login):
    response = client.post(
        "/accounts/login/", {"login": login, "password": "correct-horse-battery"}
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


def test_an_htmx_click_after_the_session_ended_takes_the_whole_page_to_the_login(client):
    """Logged out in another tab: the list's refresh, a quick entry, a timer click go to the
    login and back to the page they came from — not a login form swapped into the list."""
    htmx = {"HX-Request": "true", "HX-Current-URL": "http://testserver/log/?week=2026-W47"}
    for method, path in [("get", "/log/?part=week_logs"), ("post", "/log/quick/")]:
        response = getattr(client, method)(path, headers=htmx)
        assert response.status_code == 200 and response.content == b""
        assert response["HX-Redirect"] == "/accounts/login/?next=/log/%3Fweek%3D2026-W47"
    foreign = {"HX-Request": "true", "HX-Current-URL": "https://elsewhere.example/phish"}
    assert client.get("/dashboard/", headers=foreign)["HX-Redirect"] == "/accounts/login/?next=/"


@pytest.mark.parametrize(
    "path", ["/", "/healthz", "/accounts/login/", "/accounts/signup/", "/accounts/password/reset/"]
)
def test_public_pages_need_no_login(client, path):
    assert client.get(path).status_code == 200


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("/accounts/password_reset/", "/accounts/password/reset/"),
        ("/accounts/reset/MQ/set-password/", "/accounts/password/reset/"),
        ("/accounts/password_change/", "/accounts/password/change/"),
    ],
)
def test_the_old_account_addresses_still_lead_somewhere(client, old, new):
    response = client.get(old)
    assert (response.status_code, response["Location"]) == (301, new)


def test_the_landing_page_becomes_the_dashboard_once_logged_in(client, owner):
    assert "Which tasks should you stop doing" in client.get("/").content.decode()
    client.force_login(owner)
    page = client.get("/")
    assert page.status_code == 200
    assert page.templates[0].name == "triage/dashboard.html"


def test_a_password_reset_mail_arrives_over_smtp_and_its_link_sets_a_new_password(
    client, owner, smtp
):
    response = client.post("/accounts/password/reset/", {"email": "olivia@example.com"})
    assert response.status_code == 302
    [message] = smtp.messages
    assert message["To"] == "olivia@example.com"
    link = smtp.link(message, "/accounts/password/reset/key/")
    form_page = client.get(link, follow=True)  # allauth moves the key out of the address
    assert 'name="password1"' in form_page.content.decode()
    new_password = {"password1": "a-brand-new-passphrase", "password2": "a-brand-new-passphrase"}
    assert client.post(form_page.redirect_chain[-1][0], new_password).status_code == 302

    fresh = Client()
    refused = fresh.post(
        "/accounts/login/", {"login": "olivia", "password": "correct-horse-battery"}
    )
    assert refused.status_code == 422
    accepted = fresh.post(
        "/accounts/login/", {"login": "olivia", "password": "a-brand-new-passphrase"}
    )
    assert accepted.status_code == 302 and fresh.get("/dashboard/").status_code == 200

    used_again = client.get(link, follow=True).content.decode()
    assert "invalid" in used_again and "/accounts/password/reset/" in used_again


@pytest.mark.parametrize("login", ["olivia", "olivia@example.com"])
def test_repeated_failed_logins_are_throttled(client, owner, login):
    for _ in range(4):
        response = client.post("/accounts/login/", {"login": login, "password": "guess"})
        assert response.status_code == 422
    fifth = client.post("/accounts/login/", {"login": login, "password": "guess"})
    assert fifth.status_code == 429
    for locked_login in ("olivia", "Olivia@Example.com"):  # one account, however it is typed
        locked = client.post(
            "/accounts/login/", {"login": locked_login, "password": "correct-horse-battery"}
        )
        assert locked.status_code == 429
        assert "Too many failed logins" in locked.content.decode()
    assert client.get("/dashboard/").status_code == 302  # still not logged in


def turn_on_two_factor(client) -> pyotp.TOTP:
    """Through the pages, as an owner does: the password once more, the secret shown, a
    code from the app."""
    asked = client.get("/accounts/2fa/totp/activate/")
    assert asked["Location"].startswith("/accounts/reauthenticate/")
    assert client.post(asked["Location"], {"password": "correct-horse-battery"}).status_code == 302
    page = client.get("/accounts/2fa/totp/activate/")
    secret = page.context["form"].secret
    response = client.post("/accounts/2fa/totp/activate/", {"code": pyotp.TOTP(secret).now()})
    assert response.status_code == 302
    return pyotp.TOTP(secret)


def log_in(client, login="olivia", password="correct-horse-battery"):
    """Through the login page: allauth asks for a recent login before two-factor changes,
    which force_login does not give."""
    response = client.post("/accounts/login/", {"login": login, "password": password})
    assert response.status_code == 302
    return response


def test_two_factor_with_an_authenticator_app_and_recovery_codes(client, owner):
    log_in(client)
    assert "Turn it on with an authenticator app" in client.get("/settings/").content.decode()
    totp = turn_on_two_factor(client)
    assert Authenticator.objects.filter(user=owner, type="totp").exists()
    assert "on (authenticator app)" in client.get("/settings/").content.decode()
    codes = client.get("/accounts/2fa/recovery-codes/").content.decode()
    assert "recovery" in codes.lower()
    client.post("/accounts/logout/")

    password_step = client.post(
        "/accounts/login/", {"login": "olivia", "password": "correct-horse-battery"}
    )
    assert password_step["Location"] == "/accounts/2fa/authenticate/"
    assert client.get("/dashboard/").status_code == 302  # the password alone is not enough
    wrong = client.post("/accounts/2fa/authenticate/", {"code": "000000"})
    assert wrong.status_code == 422 and "Incorrect code" in wrong.content.decode()
    right = client.post("/accounts/2fa/authenticate/", {"code": totp.now()})
    assert right.status_code == 302
    assert client.get("/dashboard/").status_code == 200


def test_the_two_factor_pages_speak_in_sentences_and_lead_back_to_settings(client, owner):
    # allauth writes Title Case ("Two-Factor Authentication", "Authenticator App", "Change
    # Email"); every other page of Triage writes sentences.
    log_in(client)
    pages = {
        path: client.get(path).content.decode() for path in ("/accounts/2fa/", "/accounts/email/")
    }
    index, email = pages["/accounts/2fa/"], pages["/accounts/email/"]
    assert "<title>Two-factor authentication · Triage</title>" in index
    assert "Two-factor authentication</h1>" in index and "Authenticator app</h2>" in index
    assert "Recovery codes</h2>" in index and "Two-Factor" not in index
    assert "Email address" in email and "Change email" in email and "Change Email" not in email
    for page in pages.values():
        assert 'href="/settings/">Back to settings' in page
    client.post("/accounts/logout/")
    assert "Back to settings" not in client.get("/accounts/password/reset/").content.decode()


def test_wrong_codes_count_towards_the_same_lock_out(client, owner):
    log_in(client)
    totp = turn_on_two_factor(client)
    client.post("/accounts/logout/")
    client.post("/accounts/login/", {"login": "olivia", "password": "correct-horse-battery"})
    for _ in range(4):
        assert client.post("/accounts/2fa/authenticate/", {"code": "000000"}).status_code == 422
    assert client.post("/accounts/2fa/authenticate/", {"code": "000000"}).status_code == 429
    locked = client.post("/accounts/2fa/authenticate/", {"code": totp.now()})
    assert locked.status_code == 429  # even the right code, until the lock-out ends
    assert client.get("/dashboard/").status_code == 302
    elsewhere = Client().post(
        "/accounts/login/", {"login": "olivia", "password": "correct-horse-battery"}
    )
    assert elsewhere.status_code == 429  # the password login is locked as well


def test_an_owner_without_an_email_is_asked_for_one(client, django_user_model):
    old_timer = django_user_model.objects.create_user("oldtimer", password="a-long-passphrase")
    client.force_login(old_timer)
    response = client.get("/dashboard/")
    assert (response.status_code, response["Location"]) == (302, "/accounts/email/")
    page = client.get("/accounts/email/").content.decode()
    assert "Add your email" in page
    assert client.get("/log/", headers={"HX-Request": "true"}).status_code == 200  # fragments go on
    response = client.post("/accounts/email/", {"action_add": "", "email": "old@example.com"})
    assert response.status_code == 302
    assert client.get("/dashboard/").status_code == 200


def test_changing_the_email_verifies_the_new_one_first(owner_client, owner, smtp):
    response = owner_client.post("/accounts/email/", {"action_add": "", "email": "liv@example.org"})
    assert response.status_code == 302
    owner.refresh_from_db()
    assert owner.email == "olivia@example.com"  # the old one holds until the new is verified
    link = smtp.link(smtp.messages[0], "/accounts/confirm-email/")
    owner_client.post(link)
    owner.refresh_from_db()
    assert owner.email == "liv@example.org"


def test_the_reset_pages_speak_as_the_rest_and_promise_no_contact(client):
    page = client.get("/accounts/password/reset/").content.decode()
    assert "<h1>Reset your password</h1>" in page and "Send me the link" in page
    assert "contact us" not in page.lower()
    done = client.post("/accounts/password/reset/", {"email": "nobody@example.com"}, follow=True)
    text = done.content.decode()
    assert "<h1>Check your email</h1>" in text and "If an account has that address" in text
    assert "contact us" not in text.lower()
    bad = client.post("/accounts/password/reset/", {"email": "not an address"})
    assert bad.status_code in (200, 422) and "Enter a valid email address." in bad.content.decode()


def test_a_password_is_changed_from_its_page(owner_client, owner):
    page = owner_client.get("/accounts/password/change/").content.decode()
    assert "<h1>Change your password</h1>" in page and 'href="/settings/">Back to settings' in page
    wrong = owner_client.post(
        "/accounts/password/change/",
        {
            "oldpassword": "not-it",
            "password1": "a-fresh-passphrase",
            "password2": "a-fresh-passphrase",
        },
    )
    assert wrong.status_code in (200, 422) and "aria-invalid" in wrong.content.decode()
    changed = owner_client.post(
        "/accounts/password/change/",
        {
            "oldpassword": "correct-horse-battery",
            "password1": "a-fresh-passphrase",
            "password2": "a-fresh-passphrase",
        },
    )
    assert changed.status_code == 302
    owner.refresh_from_db()
    assert owner.check_password("a-fresh-passphrase")
