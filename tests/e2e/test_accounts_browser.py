"""Sign up with an email, follow the link from the mail, onboard with the weekly email on,
preview it, log out and log in, through the real pages in Chromium (mail over real SMTP)."""

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import log_in, screenshot
from triage.models import OwnerSettings

pytestmark = pytest.mark.django_db(transaction=True)


def test_sign_up_verify_onboard_preview_log_out_and_log_in(page, smtp):
    page.goto("/")
    page.click("text=Start your audit")
    page.fill("#id_email", "casey@example.com")
    page.fill("#id_username", "casey")
    page.fill("#id_password1", "a-long-unusual-passphrase")
    page.fill("#id_password2", "a-long-unusual-passphrase")
    page.click("text=Create account")
    page.wait_for_url("**/welcome/")
    expect(page.locator(".verify-banner")).to_contain_text("Please verify casey@example.com")

    [message] = smtp.messages
    assert message["To"] == "casey@example.com"
    page.goto(smtp.link(message, "/accounts/confirm-email/"))
    page.click("form.stacked button[type=submit]")  # "Confirm"
    expect(page.locator(".message").first).to_contain_text("confirmed")
    page.goto("/welcome/")
    expect(page.locator(".verify-banner")).to_have_count(0)
    # The time zone is guessed from the browser (Chromium here runs in UTC or the host's zone).
    page.fill("#id_currency", "eur")
    page.fill("#id_mga_hourly_value", "140")
    page.fill("#id_default_contractor_rate", "35")
    page.check("#id_weekly_email")
    screenshot(page, "onboarding-1280")
    page.click("text=Start logging")
    page.wait_for_url("**/log/")
    expect(page.locator(".message")).to_contain_text("You're set up")
    saved = OwnerSettings.objects.get(owner__username="casey")
    assert (saved.currency, str(saved.mga_hourly_value), saved.onboarded) == ("EUR", "140.00", True)
    assert saved.weekly_email

    page.goto("/settings/")
    page.click("text=Preview the weekly email")
    expect(page.locator("body")).to_contain_text("Subject:")
    expect(page.locator("body")).to_contain_text("Hours logged")
    screenshot(page, "weekly-email-preview-1280")

    page.click("text=Log out")
    page.wait_for_url(
        lambda url: url.rstrip("/").endswith(page.url.split("/")[2]) or url.endswith("/")
    )
    page.goto("/dashboard/")
    assert "/accounts/login/" in page.url

    log_in(page, "casey", "a-long-unusual-passphrase")
    expect(page.locator("h1")).to_contain_text("This week")
    assert page.console_errors == []


def test_a_wrong_password_is_explained(page, owner):
    page.goto("/accounts/login/")
    page.fill("#id_login", "olivia")
    page.fill("#id_password", "wrong")
    page.click("form.stacked button[type=submit]")
    expect(page.locator(".errorlist")).to_contain_text("not correct")
