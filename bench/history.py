"""What an owner's history costs: the busiest requests for an owner with one year of logs
and for one with twenty, in one run.

    DATABASE_URL=postgres://… .venv/bin/python bench/history.py [--requests 60 --logs-a-day 20]

Two owners with the same demo tasks and twenty logs a day: for a year (~7,300 logs), and for
twenty years (~146,000). Through Django's test client, interleaved, medians: a plain
quick entry (for a day of the last week, removed again untimed), `/log/`, its week fragment
and `/dashboard/`. Every read of "the logs overlapping a window" is bounded to a day before
the window (a log is at most 24 hours), so the twenty-year owner should cost what the
one-year owner costs; before that bound the quick entry's locked read alone took 73 ms for
an owner with 250,000 logs.
"""

import argparse
import statistics
import time
from datetime import UTC, date, datetime, timedelta

from common import bench_owner, setup_django

YEARS = (1, 20)


def ensure_owner(name: str, years: int, per_day: int):
    from django.db import connection

    from triage.demo import TASKS
    from triage.models import OwnerSettings, Task, TimeLog

    owner, created = bench_owner(name)
    if not created:
        return owner
    settings = OwnerSettings.of(owner)
    settings.time_zone, settings.onboarded = "America/New_York", True
    settings.save()
    tasks = [
        Task.objects.create(owner=owner, title=spec.title, category=spec.category) for spec in TASKS
    ]
    today, logs = date.today(), []
    for day_index in range(1, years * 365 + 1):
        day = today - timedelta(days=day_index)
        cursor = datetime(day.year, day.month, day.day, 12, tzinfo=UTC)
        for index in range(per_day):
            end = cursor + timedelta(minutes=20)
            logs.append(TimeLog(owner=owner, task=tasks[index % len(tasks)], start=cursor, end=end))
            cursor = end + timedelta(minutes=5)
    TimeLog.objects.bulk_create(logs, batch_size=10000)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return owner


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--requests", type=int, default=60)
    parser.add_argument("--logs-a-day", type=int, default=20)
    args = parser.parse_args()
    setup_django()
    from django.test import Client
    from django.utils import timezone

    from triage.models import TimeLog

    per_day = args.logs_a_day
    owners = {}
    for years in YEARS:
        name = f"history-{years}y" + ("" if per_day == 20 else f"-{per_day}-a-day")
        owners[name] = ensure_owner(name, years, per_day)
    clients = {}
    for name, owner in owners.items():
        clients[name] = Client()
        clients[name].force_login(owner)
        print(f"{name}: {TimeLog.objects.filter(owner=owner).count():,} logs")
    started = timezone.now()
    day = (date.today() - timedelta(days=3)).isoformat()

    def ok(response):
        assert response.status_code == 200, response.status_code

    def entry(client):
        assert client.post("/log/quick/", {"entry": f"1m scheduling {day}"}).status_code == 302

    kinds = {
        "quick entry (plain POST)": entry,
        "/log/": lambda client: ok(client.get("/log/")),
        "/log/ week fragment": lambda client: ok(
            client.get("/log/?part=week_logs", headers={"HX-Request": "true"})
        ),
        "/dashboard/": lambda client: ok(client.get("/dashboard/")),
    }
    timings = {(kind, name): [] for kind in kinds for name in owners}
    for _ in range(3):
        for send in kinds.values():
            for client in clients.values():
                send(client)
    for _ in range(args.requests):
        for kind, send in kinds.items():
            for name, client in clients.items():
                begun = time.perf_counter()
                send(client)
                timings[(kind, name)].append(time.perf_counter() - begun)
                if kind.startswith("quick"):  # untimed: the day stays as it was
                    TimeLog.objects.filter(owner=owners[name], created_at__gte=started).delete()
    print(f"\n{date.today()}, {args.requests} interleaved rounds, medians in ms\n")
    small_logs, large_logs = (TimeLog.objects.filter(owner=o).count() for o in owners.values())
    print(f"| request | 1 year ({small_logs:,} logs) | 20 years ({large_logs:,} logs) | ratio |")
    print("| --- | --- | --- | --- |")
    for kind in kinds:
        small, large = (statistics.median(timings[(kind, name)]) * 1000 for name in owners)
        print(f"| {kind} | {small:.1f} | {large:.1f} | {large / small:.2f}× |")


if __name__ == "__main__":
    main()
