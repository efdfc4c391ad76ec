"""Load: gunicorn (2 workers) on PostgreSQL, 50 concurrent users for 2 minutes.

    DATABASE_URL=postgres://… .venv/bin/python bench/load.py [--users 50 --seconds 120]

Each user is its own owner with 12 weeks of demo-like history, logged in through the real
login form, and loops over a mix, pausing between clicks as a person does (`--think`, mean
seconds; 0 for none): dashboard 30%, log page 30%, quick-entry
POST 20%, timer start/stop 10%, CSV export 10%. Stops by itself. Prints requests/s,
p50/p95/p99 per endpoint and the error count. Target: 0 errors, p95 < 300 ms.
"""

import argparse
import http.client
import random
import threading
import time
import urllib.parse
from collections import defaultdict
from datetime import date, timedelta

from common import bench_owner, percentile, setup_django

MIX = [("dashboard", 30), ("log page", 30), ("quick entry", 20), ("timer", 10), ("export", 10)]
PASSWORD = "load-test-passphrase"


def ensure_users(count: int) -> list[str]:
    from django.utils import timezone

    from triage.demo import TASKS, _day_logs
    from triage.models import OwnerSettings, Task, TimeLog

    names = [f"load-{i:03d}" for i in range(count)]
    for name in names:
        user, created = bench_owner(name)
        if not created:
            continue
        user.set_password(PASSWORD)
        user.save(update_fields=["password"])
        owner_settings = OwnerSettings.objects.get(owner=user)
        owner_settings.onboarded = True
        owner_settings.save()
        tasks = {
            spec.title: Task.objects.create(
                owner=user, title=spec.title, category=spec.category, is_mga=spec.is_mga
            )
            for spec in TASKS
        }
        today = timezone.now().date()
        logs = []
        for days_back in range(84, 0, -1):
            logs += _day_logs(
                user, tasks, today - timedelta(days=days_back), owner_settings.zone, None
            )
        TimeLog.objects.bulk_create(logs)
    return names


class Session:
    """One user's keep-alive connection and cookies, from an address of their own (as seen
    through a trusted proxy): fifty people do not share one IP, and the login limit per
    address would otherwise refuse the bench's own logins."""

    def __init__(self, port: int, index: int = 0):
        self.port = port
        self.address = f"10.0.{index // 250}.{index % 250 + 1}"
        self.cookies: dict[str, str] = {}
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)

    def request(
        self, method: str, path: str, form: dict | None = None, extra_headers: dict | None = None
    ) -> tuple[int, bytes]:
        headers = {
            "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()),
            "Host": "127.0.0.1",
            "X-Forwarded-For": self.address,
            **(extra_headers or {}),
        }
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["X-CSRFToken"] = self.cookies.get("csrftoken", "")
        for attempt in range(2):
            try:
                self.connection.request(method, path, body=body, headers=headers)
                response = self.connection.getresponse()
                data = response.read()
                break
            except (http.client.HTTPException, OSError):
                self.connection.close()
                self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
                if attempt:
                    raise
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name] = rest.split(";", 1)[0]
        return response.status, data

    def log_in(self, username: str, password: str = PASSWORD) -> None:
        self.request("GET", "/accounts/login/")
        status, _ = self.request(
            "POST",
            "/accounts/login/",
            {
                "login": username,
                "password": password,
                "csrfmiddlewaretoken": self.cookies.get("csrftoken", ""),
            },
        )
        if status != 302:
            raise RuntimeError(f"login failed for {username}: {status}")


def entry_day(rng: random.Random) -> date:
    """A day for a quick entry: one of ten years long past, so that repeated runs do not fill
    today (a full day refuses an entry, rightly) and the entry does the same work."""
    return date(2001, 1, 1) + timedelta(days=rng.randrange(3650))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=120)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--think",
        type=float,
        default=1.0,
        help="mean pause between a user's clicks, in seconds (0: none)",
    )
    args = parser.parse_args()
    setup_django(allow_sqlite=True)
    from triage.models import TimeLog

    names = ensure_users(args.users)
    print(f"{args.users} owners ready; time-log table holds {TimeLog.objects.count():,} rows")
    from tests.gunicorn_server import GunicornServer  # after setup_django put ROOT on the path

    # Room for the bench's own logins: the throttle is not what is measured here. Each user
    # comes from their own address through a trusted proxy.
    server = GunicornServer(
        workers=args.workers, AXES_FAILURE_LIMIT="1000", TRUSTED_PROXIES="127.0.0.1"
    )
    server.start()
    try:
        run(args, names, server.port)
    finally:
        server.stop()


def run(args, names: list[str], port: int) -> None:
    latencies: dict[str, list[float]] = defaultdict(list)
    errors: dict[str, int] = defaultdict(int)
    lock = threading.Lock()
    endpoints, weights = zip(*MIX, strict=True)
    # Everyone logs in first (password hashing is deliberately slow), then the clock starts.
    window = {}
    logged_in = threading.Barrier(
        args.users + 1, action=lambda: window.update(deadline=time.monotonic() + args.seconds)
    )

    def user(index: int) -> None:
        rng = random.Random(index)
        session = Session(port, index)
        session.log_in(names[index])
        logged_in.wait()
        timer_running = False
        while time.monotonic() < window["deadline"]:
            endpoint = rng.choices(endpoints, weights)[0]
            started = time.perf_counter()
            try:
                if endpoint == "dashboard":
                    status, _ = session.request("GET", "/dashboard/")
                    ok = status == 200
                elif endpoint == "log page":
                    status, _ = session.request("GET", "/log/")
                    ok = status == 200
                elif endpoint == "quick entry":
                    status, _ = session.request(
                        "POST",
                        "/log/quick/",
                        {
                            "entry": f"{rng.randint(5, 40)}m email triage {entry_day(rng)}",
                            "next": "/log/",
                        },
                    )
                    ok = status == 302
                elif endpoint == "timer":
                    path = "/timer/stop/" if timer_running else "/timer/start/"
                    status, body = session.request(
                        "POST",
                        path,
                        {"new_task": "Research", "category": "content", "next": "/log/"},
                    )
                    ok = status == 302
                    timer_running = not timer_running
                else:
                    status, body = session.request("GET", "/export/timelogs.csv")
                    ok = status == 200 and body.startswith(b"start,end")
            except Exception:  # a dropped connection counts as an error
                ok = False
            elapsed = time.perf_counter() - started
            with lock:
                latencies[endpoint].append(elapsed)
                if not ok:
                    errors[endpoint] += 1
            if args.think:
                time.sleep(rng.uniform(0.5, 1.5) * args.think)

    threads = [threading.Thread(target=user, args=(i,)) for i in range(args.users)]
    for thread in threads:
        thread.start()
    logged_in.wait()
    started = time.monotonic()
    for thread in threads:
        thread.join()
    wall = time.monotonic() - started
    total = sum(len(v) for v in latencies.values())
    print(
        f"{total:,} requests in {wall:.0f} s: {total / wall:,.1f} requests/s, "
        f"{sum(errors.values())} errors ({args.users} users, think time {args.think:.1f} s, "
        f"{args.workers} gunicorn workers)"
    )
    for endpoint, _ in MIX:
        values = latencies[endpoint]
        if not values:
            continue
        p50, p95, p99 = (percentile(values, q) * 1000 for q in (0.5, 0.95, 0.99))
        print(
            f"  {endpoint:<12} {len(values):>6}  p50 {p50:6.0f} ms  p95 {p95:6.0f} ms  "
            f"p99 {p99:6.0f} ms  errors {errors[endpoint]}"
        )


if __name__ == "__main__":
    main()
