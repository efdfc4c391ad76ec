"""A running timer survives a server restart: it lives in the database, not in a process."""

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import log_in
from tests.gunicorn_server import GunicornServer


@pytest.fixture
def server(tmp_path):
    """A real gunicorn on its own SQLite file, which the test can stop and start again."""
    server = GunicornServer(DATABASE_URL=f"sqlite:///{tmp_path / 'restart.sqlite3'}")
    server.manage("migrate", "-v0")
    server.manage(
        "shell",
        "-c",
        "from django.contrib.auth.models import User; "
        "User.objects.create_user('restarter', 'restarter@example.com', 'a-long-unusual-passphrase')",
    )
    yield server.start()
    server.stop()


def test_a_running_timer_survives_a_server_restart(browser, server):
    context = browser.new_context(base_url=server.url)
    page = context.new_page()
    log_in(page, "restarter", "a-long-unusual-passphrase")
    page.goto("/log/")
    page.fill("#timer_new_task", "Bookkeeping")
    page.click("#timer-start button[type=submit]")
    # A new task: the card asks its category (a guess picked) and whether it pays.
    expect(page.locator("#timer-start .new-task-question")).to_contain_text("is a new task")
    page.click("#timer-start button[type=submit]")
    expect(page.locator("#header-timer .timer.running")).to_contain_text("Bookkeeping")

    server.stop()
    server.start()

    page.reload()
    expect(page.locator("#header-timer .timer.running")).to_contain_text("Bookkeeping")
    page.locator("#header-timer button").click()
    expect(page.locator("#header-timer .timer.idle")).to_be_visible()
    page.goto("/log/")
    expect(page.locator(".log-row", has_text="Bookkeeping")).to_be_visible()
    context.close()
