"""A year's report: /reports/ for the last 12 months of an owner with 5 years of daily logs,
through Django's test client, p50/p95 over repeated requests.

    DATABASE_URL=postgres://… .venv/bin/python bench/reports.py [--requests 60]

Target: p95 under 100 ms on PostgreSQL. Uses bench/dashboard.py's owner (made the first
time), so the table holds at least 5 years × 3 logs a day.
"""

import argparse
import statistics

from common import Timer, percentile, setup_django


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--requests", type=int, default=60)
    args = parser.parse_args()
    setup_django()
    from dashboard import ensure_bench_owner
    from django.test import Client
    from django.utils import timezone

    from triage.models import TimeLog

    owner = ensure_bench_owner()
    client = Client()
    client.force_login(owner)
    today = timezone.now().date()
    year_ago = today.replace(year=today.year - 1)
    urls = {
        "a year (by month)": f"/reports/?from={year_ago.isoformat()}&to={today.isoformat()}",
        "this year": "/reports/?preset=this-year",
        "last 12 weeks (by week)": "/reports/?preset=last-12-weeks",
    }
    print(f"owner with {TimeLog.objects.filter(owner=owner).count():,} logs")
    for name, url in urls.items():
        assert client.get(url).status_code == 200  # warm
        times = []
        for _ in range(args.requests):
            with Timer() as timer:
                response = client.get(url)
            assert response.status_code == 200
            times.append(timer.seconds)
        print(
            f"  {name:<24} p50 {statistics.median(times) * 1000:6.1f} ms   "
            f"p95 {percentile(times, 0.95) * 1000:6.1f} ms   (target p95 < 100 ms)"
        )


if __name__ == "__main__":
    main()
