"""Dashboard speed at three table sizes, next to the raw SQL the page runs.

    DATABASE_URL=postgres://… .venv/bin/python bench/dashboard.py [--sizes 10000,1000000,10000000]

An owner with 5 years of daily logs is measured while the whole time-log table grows to each
size (other owners' rows added with bench/seed_scale.py's bulk insert). For each size: p50 and
p95 of the dashboard request through Django's test client, and of the same SQL statements
run bare on a cursor, measured in the same run. Targets: p95 ≤ 100 ms; p95 at the largest
size within 1.2× of the smallest; page ≤ 3× its raw SQL.

Next to them, a "floor" page (bench/floor_urls.py) that goes through the same middleware and
runs the same SQL statements, but builds no models and renders no HTML: the part of the
page's time that no change to the dashboard's own code can remove.
Use an empty database: the table only grows, so the sizes must come in rising order.
"""

import argparse
import random
import statistics
from datetime import UTC, date, datetime, timedelta

from common import Timer, bench_owner, percentile, setup_django, summary


def ensure_bench_owner():
    from django.utils import timezone

    from triage.demo import TASKS, create_gut_checks
    from triage.models import Decision, OwnerSettings, Task, TimeLog

    owner, created = bench_owner("bench-owner")
    if not created:
        return owner
    settings = OwnerSettings.of(owner)
    settings.time_zone = "America/New_York"
    settings.monthly_income = 12000
    settings.onboarded = True
    settings.save()
    tasks = [
        Task.objects.create(
            owner=owner, title=spec.title, category=spec.category, is_mga=spec.is_mga
        )
        for spec in TASKS
    ]
    rng = random.Random(5)
    logs, today = [], date.today()
    for day_index in range(5 * 365):
        day = today - timedelta(days=day_index + 1)
        cursor = datetime(day.year, day.month, day.day, 13, tzinfo=UTC)
        for task in rng.sample(tasks, 3):  # three stretches of work every day for 5 years
            end = cursor + timedelta(minutes=rng.randint(20, 150))
            logs.append(TimeLog(owner=owner, task=task, start=cursor, end=end))
            cursor = end
    TimeLog.objects.bulk_create(logs, batch_size=5000)
    by_title = {task.title: task for task in tasks}
    create_gut_checks(owner, by_title, timezone.now() - timedelta(days=62))
    for title in ("Bookkeeping", "Social media"):
        decision = Decision.objects.create(
            owner=owner,
            task=by_title[title],
            kind="outsource",
            decided_on=today - timedelta(days=60),
            baseline_hours_per_week=3,
            contractor_hours_per_week=2,
            contractor_rate=30,
            mga_hourly_value=150,
        )
        decision.activate(today - timedelta(days=55))
    return owner


def measure(owner, requests: int) -> dict[str, list[float] | int]:
    """Interleaved timings of the dashboard, its SQL run bare, and the floor page."""
    import floor_urls
    from django.db import connection
    from django.test import Client, override_settings
    from django.test.utils import CaptureQueriesContext

    client = Client()
    client.force_login(owner)
    for _ in range(3):  # warm caches and connections
        client.get("/dashboard/")
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/dashboard/").status_code == 200
    statements = [query["sql"] for query in captured.captured_queries]
    with override_settings(ROOT_URLCONF="floor_urls"):
        floor_urls.STATEMENTS.clear()
        with CaptureQueriesContext(connection) as framework:  # session and user, no page SQL
            assert client.get("/bench-floor/").status_code == 200
        # The middleware's statements come first; the floor page runs the rest itself.
        floor_urls.STATEMENTS[:] = statements[len(framework.captured_queries) :]
        timings = {"page": [], "sql": [], "floor": []}
        for _ in range(requests):
            with Timer() as page:
                response = client.get("/dashboard/")
            assert response.status_code == 200
            timings["page"].append(page.seconds)
            with Timer() as bare, connection.cursor() as cursor:
                for sql in statements:
                    cursor.execute(sql)
                    cursor.fetchall() if cursor.description else None
            timings["sql"].append(bare.seconds)
            with Timer() as floor:
                assert client.get("/bench-floor/").status_code == 200
            timings["floor"].append(floor.seconds)
    timings["queries"] = len(statements)
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="10000,1000000,10000000")
    parser.add_argument("--requests", type=int, default=60)
    args = parser.parse_args()
    setup_django()
    from django.db import connection
    from seed_scale import seed_scale

    from triage.models import TimeLog

    owner = ensure_bench_owner()
    own_rows = TimeLog.objects.filter(owner=owner).count()
    print(f"bench owner: {own_rows:,} time logs over 5 years")
    results = []
    for size in (int(s) for s in args.sizes.split(",")):
        total = TimeLog.objects.count()
        if total < size:
            with Timer() as grow:
                seed_scale(size - total)
            print(f"grew the table to {size:,} rows in {grow.seconds:.0f} s")
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        total = TimeLog.objects.count()
        timings = measure(owner, args.requests)
        page, sql, floor = timings["page"], timings["sql"], timings["floor"]
        results.append((total, page, sql))
        median = statistics.median
        print(
            f"{total:>11,} rows  page {summary(page)}   "
            f"raw SQL ({timings['queries']} queries) {summary(sql)}   "
            f"page/SQL {median(page) / median(sql):.1f}×"
        )
        print(
            f"{'':>17}floor {summary(floor)}   (same middleware and SQL, no ORM, no HTML: "
            f"{median(floor) / median(sql):.1f}× SQL; the page spends "
            f"{(median(page) - median(floor)) * 1000:.1f} ms above it)"
        )
    smallest, largest = results[0], results[-1]
    growth = percentile(largest[1], 0.95) / percentile(smallest[1], 0.95)
    print(f"p95 at {largest[0]:,} rows / p95 at {smallest[0]:,} rows: {growth:.2f}×")


if __name__ == "__main__":
    main()
