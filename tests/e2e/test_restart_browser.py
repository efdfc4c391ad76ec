"""A running timer survives a server restart: it lives in the database, not in a process."""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import log_in

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def server(tmp_path):
    """A real gunicorn on its own SQLite file, which the test can stop and start again."""
    port = free_port()
    env = os.environ | {
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DEBUG": "0",
        "SECRET_KEY": "restart-test-" + "k" * 40,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_HTTPS": "0",
        "STATIC_MANIFEST": "0",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'restart.sqlite3'}",
        "PORT": str(port),
        "WEB_CONCURRENCY": "1",
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    manage = [sys.executable, "manage.py"]
    subprocess.run([*manage, "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    subprocess.run(
        [
            *manage,
            "shell",
            "-c",
            "from django.contrib.auth.models import User; "
            "User.objects.create_user('restarter', password='a-long-unusual-passphrase')",
        ],
        cwd=ROOT,
        env=env,
        check=True,
    )
    processes = []

    def start():
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "config.wsgi",
                "--config",
                "config/gunicorn.py",
                "--bind",
                f"127.0.0.1:{port}",
                "--access-logfile",
                "/dev/null",
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        processes.append(process)
        for _ in range(100):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1)
                return process
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("gunicorn did not start")

    def stop():
        processes[-1].terminate()
        processes[-1].wait(timeout=20)

    start()
    yield {"url": f"http://127.0.0.1:{port}", "start": start, "stop": stop}
    for process in processes:
        if process.poll() is None:
            process.kill()


def test_a_running_timer_survives_a_server_restart(browser, server):
    context = browser.new_context(base_url=server["url"])
    page = context.new_page()
    log_in(page, "restarter", "a-long-unusual-passphrase")
    page.goto("/log/")
    page.fill("#timer-start #id_new_task", "Bookkeeping")
    page.click("#timer-start button[type=submit]")
    expect(page.locator("#header-timer .timer.running")).to_contain_text("Bookkeeping")

    server["stop"]()
    server["start"]()

    page.reload()
    expect(page.locator("#header-timer .timer.running")).to_contain_text("Bookkeeping")
    page.locator("#header-timer button").click()
    expect(page.locator("#header-timer .timer.idle")).to_be_visible()
    page.goto("/log/")
    expect(page.locator(".log-row", has_text="Bookkeeping")).to_be_visible()
    context.close()
