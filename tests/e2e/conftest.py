"""End-to-end tests in Debian's Chromium, driven by Playwright.

Under CI=true a missing Chromium fails the run; elsewhere the browser tests are left out
with one loud line saying how to get it.
"""

import os
import shutil
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("CHROMIUM", shutil.which("chromium") or "/usr/bin/chromium")
HAVE_CHROMIUM = Path(CHROMIUM).exists()
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
MISSING = "Chromium not found: browser tests skipped. Install it with `sudo apt-get install chromium` (or set CHROMIUM=/path)."

LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def pytest_collection_modifyitems(config, items):
    browser_items = [item for item in items if "e2e" in item.nodeid.split("/")]
    for item in browser_items:
        item.add_marker(pytest.mark.browser)
    if HAVE_CHROMIUM or IN_CI or not browser_items:
        return
    config._triage_browser_skipped = len(browser_items)
    skipped = set(browser_items)
    items[:] = [item for item in items if item not in skipped]
    config.hook.pytest_deselected(items=browser_items)


def pytest_terminal_summary(terminalreporter, config):
    count = getattr(config, "_triage_browser_skipped", 0)
    if count:
        terminalreporter.write_line(f"!!! {count} {MISSING}", yellow=True, bold=True)


@pytest.fixture(scope="session")
def browser():
    if not HAVE_CHROMIUM:
        pytest.fail(f"CI needs Chromium for the browser tests, and {CHROMIUM} is missing.")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=LAUNCH_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def page_factory(browser, live_server, settings):
    # The live server speaks plain HTTP on localhost.
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False
    contexts = []

    def open_page(width: int = 1280, javascript: bool = True):
        context = browser.new_context(
            viewport={"width": width, "height": 900},
            java_script_enabled=javascript,
            base_url=live_server.url,
        )
        context.set_default_timeout(10_000)
        # A CSP violation shows in the console too; this names the directive for certain.
        context.add_init_script(
            "document.addEventListener('securitypolicyviolation', event => console.error("
            "'CSP violation: ' + event.violatedDirective + ' ' + (event.blockedURI || '')));"
        )
        contexts.append(context)
        if os.environ.get("TRIAGE_TEST_CLOCK"):
            # The suite's clock is moved (tests/moved_clock.py): the browser's moves with it,
            # its timers running as usual.
            from django.utils import timezone

            context.clock.set_system_time(timezone.now())
        page = context.new_page()
        page.console_errors = []
        page.on(
            "console",
            lambda message: message.type == "error" and page.console_errors.append(message.text),
        )
        page.on("pageerror", lambda error: page.console_errors.append(str(error)))
        return page

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def page(page_factory):
    return page_factory()


@pytest.fixture
def demo_page(page_factory):
    """`demo_page(width)`: a page that wide, logged in as the demo owner (seeded)."""
    from triage import demo

    demo.seed_demo_owner()

    def open_as_demo(width: int = 1280):
        page = page_factory(width=width)
        log_in(page, "demo", "demo")
        return page

    return open_as_demo


def screenshot(page, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def log_in(page, username: str, password: str) -> None:
    page.goto("/accounts/login/")
    page.fill("#id_login", username)
    page.fill("#id_password", password)
    page.click("form.stacked button[type=submit]")
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


def settle(page) -> None:
    """Wait until htmx has no request in flight and has finished swapping and settling."""
    page.wait_for_function(
        "() => !document.querySelector('.htmx-request, .htmx-settling, .htmx-swapping')"
    )


def answer_gut_check(page, overwhelm: int, feeling: str, yes: tuple[str, ...] = ()) -> None:
    """Answer the six questions as an owner clicks them (the yes/no ones "No" unless named in
    `yes`), ask for the verdict and wait for it."""
    for question in ("is_mga", "need_to_do", "need_to_learn", "need_to_master"):
        answer = question in yes
        page.locator(f"input[name={question}][value={answer}]").check(force=True)
    page.locator(f"input[name=overwhelm][value='{overwhelm}']").check(force=True)
    page.locator(f"input[name=feeling][value={feeling}]").check(force=True)
    page.click("text=See the verdict")
    settle(page)


def set_zone_where_it_is_about_noon(owner) -> None:
    from tests.conftest import put_owner_where_it_is_about_noon

    put_owner_where_it_is_about_noon(owner)
