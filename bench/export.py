"""Streaming CSV export of 1,000,000 time logs: rows per second and peak memory.

    DATABASE_URL=postgres://… .venv/bin/python bench/export.py [--rows 1000000]

The rows belong to one owner ("export-owner"), created once with COPY. The export goes
through the real view (Django's test client, streaming), so the figure includes the
query, the formatting and the CSV writer. Targets: ≥ 100k rows/s, < 150 MB peak.
"""

import argparse
import random
import resource
import tracemalloc
from datetime import UTC, datetime, timedelta

from common import Timer, bench_owner, setup_django


def ensure_owner(rows: int):

    from triage.demo import TASKS
    from triage.importing import insert_logs
    from triage.models import OwnerSettings, Task, TimeLog

    owner, _ = bench_owner("export-owner")
    OwnerSettings.of(owner)
    have = TimeLog.objects.filter(owner=owner).count()
    if have >= rows:
        return owner
    tasks = [
        Task.objects.get_or_create(
            owner=owner, title=spec.title, defaults={"category": spec.category}
        )[0]
        for spec in TASKS
    ]
    rng = random.Random(7)
    # Short logs close together from 2001 (12 minutes apart on average): a million of them end
    # in 2023, within the dates a log may have and none in the future.
    start = datetime(2001, 1, 1, 8, tzinfo=UTC) + timedelta(minutes=have * 12)
    batch = []
    for index in range(have, rows):
        end = start + timedelta(minutes=rng.randint(5, 9))
        batch.append((owner.pk, tasks[index % len(tasks)].pk, start, end, "", ""))
        start = end + timedelta(minutes=5)
        if len(batch) == 50_000:
            insert_logs(batch)
            batch = []
    insert_logs(batch)
    return owner


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    args = parser.parse_args()
    setup_django()
    from django.test import Client

    owner = ensure_owner(args.rows)
    client = Client()
    client.force_login(owner)

    def export() -> int:
        lines = 0
        for chunk in client.get("/export/timelogs.csv").streaming_content:
            lines += chunk.count(b"\n")
        return lines - 1

    # Speed first, untraced (tracemalloc slows every allocation), then memory in a second run.
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    with Timer() as timer:
        rows = export()
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"exported {rows:,} rows in {timer.seconds:.1f} s: {rows / timer.seconds:,.0f} rows/s")
    tracemalloc.start()
    export()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(
        f"peak Python allocations while streaming: {peak / 2**20:.1f} MB; "
        f"process peak RSS {rss_after:.0f} MB ({rss_before:.0f} MB before the export)"
    )


if __name__ == "__main__":
    main()
