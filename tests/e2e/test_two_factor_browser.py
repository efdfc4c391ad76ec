"""Two-factor in Chromium: turn it on from Settings with a code from the app (pyotp plays
the phone), then log in with the password and a code. No CSP violation on the way."""

import pyotp
import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import log_in, screenshot

pytestmark = pytest.mark.django_db(transaction=True)


def submit(page) -> None:
    page.click("main form.stacked button[type=submit]")


def test_turn_on_two_factor_and_log_in_with_a_code(page, owner):
    log_in(page, "olivia", "correct-horse-battery")
    for path in ("/accounts/email/", "/accounts/password/change/", "/accounts/2fa/"):
        page.goto(path)
        expect(page.locator("main h1")).to_be_visible()
    page.goto("/settings/")
    page.click("text=Turn it on with an authenticator app")
    page.wait_for_url("**/reauthenticate/**")  # the password once more first
    page.fill("#id_password", "correct-horse-battery")
    submit(page)
    page.wait_for_url("**/2fa/totp/activate/")
    expect(page.locator("img.qr")).to_be_visible()
    secret = page.locator("#authenticator_secret").input_value()
    screenshot(page, "two-factor-activate-1280")
    page.fill("#id_code", pyotp.TOTP(secret).now())
    submit(page)
    page.wait_for_url(lambda url: "/activate/" not in url)
    page.goto("/accounts/2fa/recovery-codes/")
    expect(page.locator("main")).to_contain_text("recovery codes")
    page.goto("/settings/")
    expect(page.locator("#account")).to_contain_text("on (authenticator app)")

    page.click("text=Log out")
    page.goto("/accounts/login/")
    page.fill("#id_login", "olivia@example.com")
    page.fill("#id_password", "correct-horse-battery")
    submit(page)
    page.wait_for_url("**/2fa/authenticate/")
    page.fill("#id_code", "000000")
    submit(page)
    expect(page.locator(".errorlist")).to_contain_text("Incorrect code")
    page.fill("#id_code", pyotp.TOTP(secret).now())
    submit(page)
    page.wait_for_url("**/dashboard/")
    expect(page.locator("h1")).to_contain_text("This week")
    refused_code = "status of 422"  # the wrong code above, answered as a refused form
    assert [error for error in page.console_errors if refused_code not in error] == []
