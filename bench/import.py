"""Imports in bounded memory and time.

    DATABASE_URL=postgres://… .venv/bin/python bench/import.py [--rows 250000]
    DATABASE_URL=sqlite:////tmp/bench.sqlite3 .venv/bin/python bench/import.py

1. A valid Toggl Track file of `--rows` rows, in process: decode + parse + preview (what
   the upload does), then confirm (parse again + write), then the same file again (all
   duplicates). Target: preview and import each under 15 s, on PostgreSQL and on SQLite.
2. Over HTTP, on gunicorn with config/gunicorn.py (gthread): two 20 MB garbage uploads at
   once (a Toggl header and 3.3M lines of `a,b,c`). Targets: each answered with a message
   in under 5 s; the workers' RSS back within 100 MB of before; /healthz answering in
   under 1 s while they run.
"""

import argparse
import http.client
import os
import random
import threading
import time
import uuid
from datetime import datetime, timedelta
from pathlib import Path

from common import Timer, setup_django

HEADER = (
    "User,Email,Client,Project,Task,Description,Billable,Start date,Start time,End date,"
    "End time,Duration,Tags,Amount (USD)\n"
)
DESCRIPTIONS = [
    "Client call",
    "Invoicing",
    "Email triage",
    "Proposal",
    "Bookkeeping",
    "Research",
    "Social media",
    "Website updates",
    "Scheduling",
    "Design review",
]


def toggl_file(rows: int) -> bytes:
    rng = random.Random(3)
    start = datetime(2000, 1, 3, 8)  # 250,000 rows run to 2017: all of it in the past
    lines = [HEADER]
    for _ in range(rows):
        minutes = rng.randint(10, 59)
        end = start + timedelta(minutes=minutes)
        lines.append(
            f"Olivia,,{rng.choice(['', 'Acme'])},Ops,,{rng.choice(DESCRIPTIONS)},No,"
            f"{start:%Y-%m-%d},{start:%H:%M:%S},{end:%Y-%m-%d},{end:%H:%M:%S},"
            f"00:{minutes:02d}:00,,0\n"
        )
        start = end + timedelta(minutes=rng.randint(1, 5))
    return "".join(lines).encode("utf-8")


def garbage_file(megabytes: float = 19.9) -> bytes:
    line = b"a,b,c\n"
    return HEADER.encode() + line * int(megabytes * 2**20 / len(line))


def in_process(rows: int) -> None:
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.utils import timezone

    from triage import csv_import, importing
    from triage.models import OwnerSettings

    raw = toggl_file(rows)
    owner = get_user_model().objects.create_user(f"import-{uuid.uuid4().hex[:12]}")
    zone = OwnerSettings.of(owner).zone
    print(f"{connection.vendor}: {rows:,} Toggl rows ({len(raw) / 2**20:.1f} MB)")
    for attempt in ("first import", "same file again"):
        with Timer() as preview_timer:
            text, encoding = csv_import.decode(raw)
            parsed = csv_import.read_timelogs(text, zone, now=timezone.now(), encoding=encoding)
            preview = importing.preview(owner, parsed)
        with Timer() as confirm_timer:
            parsed = csv_import.read_timelogs(text, zone, now=timezone.now(), encoding=encoding)
            imported, skipped, _, _ = importing.apply(owner, parsed)
        print(
            f"  {attempt}: preview {preview_timer.seconds:.1f} s, "
            f"confirm {confirm_timer.seconds:.1f} s "
            f"({imported:,} imported, {skipped:,} skipped, {len(preview.new_tasks)} new tasks)"
        )


def worker_pids(master: int) -> list[int]:
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    return [int(pid) for pid in children]


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def multipart(raw: bytes, csrf: str) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="csrfmiddlewaretoken"\r\n\r\n'
            f"{csrf}\r\n--{boundary}\r\n"
            'Content-Disposition: form-data; name="file"; filename="garbage.csv"\r\n'
            "Content-Type: text/csv\r\n\r\n"
        ).encode()
        + raw
        + f"\r\n--{boundary}--\r\n".encode()
    )
    return body, f"multipart/form-data; boundary={boundary}"


def over_http() -> None:
    from django.contrib.auth import get_user_model
    from load import PASSWORD, Session

    from tests.gunicorn_server import GunicornServer

    name = f"garbage-{uuid.uuid4().hex[:8]}"
    get_user_model().objects.create_user(name, f"{name}@example.com", PASSWORD)
    raw = garbage_file()
    server = GunicornServer(workers=2, AXES_FAILURE_LIMIT="1000").start()
    try:
        workers = worker_pids(server.process.pid)
        sessions = [Session(server.port) for _ in range(2)]
        for session in sessions:
            session.log_in(name)
            session.request("GET", "/import/")  # warm: templates and forms loaded once
        before = {pid: rss_mb(pid) for pid in workers}
        peak = dict(before)
        answers, health = [], []
        done = threading.Event()

        def upload(session: Session) -> None:
            body, content_type = multipart(raw, session.cookies.get("csrftoken", ""))
            connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=60)
            started = time.perf_counter()
            connection.request(
                "POST",
                "/import/",
                body=body,
                headers={
                    "Content-Type": content_type,
                    "Cookie": "; ".join(f"{k}={v}" for k, v in session.cookies.items()),
                    "X-CSRFToken": session.cookies.get("csrftoken", ""),
                    "Host": "127.0.0.1",
                },
            )
            response = connection.getresponse()
            text = response.read().decode(errors="replace")
            answers.append(
                (time.perf_counter() - started, response.status, "can't be read" in text)
            )

        def watch() -> None:
            while not done.is_set():
                for pid in workers:
                    peak[pid] = max(peak[pid], rss_mb(pid))
                started = time.perf_counter()
                connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
                connection.request("GET", "/healthz")
                connection.getresponse().read()
                health.append(time.perf_counter() - started)
                time.sleep(0.05)

        watcher = threading.Thread(target=watch)
        watcher.start()
        uploads = [threading.Thread(target=upload, args=(session,)) for session in sessions]
        for thread in uploads:
            thread.start()
        for thread in uploads:
            thread.join()
        done.set()
        watcher.join()
        time.sleep(1)
        after = {pid: rss_mb(pid) for pid in workers}
        print(
            f"two {len(raw) / 2**20:.1f} MB garbage uploads at once (gunicorn gthread, 2 workers):"
        )
        for seconds, status, named in answers:
            print(f"  answered {status} in {seconds:.2f} s, bad rows named: {named}")
        for pid in workers:
            print(
                f"  worker {pid}: RSS {before[pid]:.0f} MB before, peak {peak[pid]:.0f} MB, "
                f"{after[pid]:.0f} MB after ({after[pid] - before[pid]:+.0f} MB)"
            )
        print(
            f"  /healthz while they ran: {len(health)} probes, slowest {max(health) * 1000:.0f} ms"
        )
    finally:
        server.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=250_000)
    parser.add_argument("--skip-http", action="store_true")
    args = parser.parse_args()
    setup_django(allow_sqlite=True)
    in_process(args.rows)
    if not args.skip_http and os.environ.get("DATABASE_URL", "").startswith("postgres"):
        over_http()


if __name__ == "__main__":
    main()
