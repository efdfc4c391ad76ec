"""A real gunicorn serving Triage in a child process, for tests and benchmarks that need a
server they can stop, restart or load: the timer across a restart, /healthz during a
database outage, bench/load.py."""

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from config.healthcheck import host_to_send

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def health(url: str, host: str | None = None) -> int:
    """The status /healthz answers (asked as `host` when given), or 0 while nothing
    listens."""
    request = urllib.request.Request(url, headers={"Host": host} if host else {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except OSError:
        return 0


def wait_for_health(url: str, status: int, seconds: float = 30, host: str | None = None) -> int:
    deadline = time.monotonic() + seconds
    seen = health(url, host)
    while seen != status and time.monotonic() < deadline:
        time.sleep(0.2)
        seen = health(url, host)
    return seen


class GunicornServer:
    """Production settings over plain HTTP on 127.0.0.1; `env` adds or overrides variables."""

    def __init__(self, workers: int = 1, quiet: bool = True, app: str = "config.wsgi", **env: str):
        self.app = app
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.quiet = quiet
        self.env = (
            os.environ
            | {
                "DJANGO_SETTINGS_MODULE": "config.settings",
                "DEBUG": "0",
                "SECRET_KEY": os.environ.get("SECRET_KEY") or "gunicorn-test-" + "k" * 40,
                "ALLOWED_HOSTS": "127.0.0.1",
                "SECURE_HTTPS": "0",
                "STATIC_MANIFEST": "0",
                "WEB_CONCURRENCY": str(workers),
            }
            | env
        )
        self.env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # only the test process needs it
        self.process: subprocess.Popen | None = None

    def manage(self, *args: str) -> None:
        subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=self.env, check=True)

    def start(self) -> "GunicornServer":
        output = subprocess.DEVNULL if self.quiet else None
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                self.app,
                "--config",
                "config/gunicorn.py",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--access-logfile",
                "/dev/null",
            ],
            cwd=ROOT,
            env=self.env,
            stdout=output,
            stderr=output,
        )
        # Asked as the container's health check asks (by a name the app serves).
        host = host_to_send(self.env["ALLOWED_HOSTS"])
        if wait_for_health(f"{self.url}/healthz", 200, host=host) != 200:
            self.stop()
            raise RuntimeError("gunicorn did not answer /healthz")
        return self

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def stop(self) -> None:
        if self.running:
            self.process.terminate()
            self.process.wait(timeout=30)
