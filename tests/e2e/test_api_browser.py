"""The API's documentation page in Chromium: drawn from assets served by the app, no CSP
violation, no error; and the log page registers the service worker."""

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import log_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_api_docs_render_under_the_csp(page):
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto("/api/docs")
    expect(page.locator(".swagger-ui .title")).to_contain_text("Triage API")
    expect(page.locator(".opblock-summary-path", has_text="/api/v1/entries")).to_be_visible()
    # The header to send, as written (a bare `<token>` was taken for an HTML tag and vanished).
    expect(page.locator(".swagger-ui .info .description")).to_contain_text(
        "Authorization: Bearer <token>"
    )
    assert page.console_errors == []
    assert all(url.startswith(page.url.split("/api/")[0]) for url in requests), requests
    # Part of Triage: in English for a screen reader, and a way back to the tokens it needs.
    assert page.locator("html").get_attribute("lang") == "en"
    page.get_by_role("link", name="← Triage: your API tokens").click()
    page.wait_for_url("**/accounts/login/**")  # the settings, once logged in


def test_the_service_worker_registers(page, owner):
    log_in(page, "olivia", "correct-horse-battery")
    page.goto("/log/")
    page.wait_for_function("() => navigator.serviceWorker.getRegistration().then(Boolean)")
    assert page.console_errors == []
