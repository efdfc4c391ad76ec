"""Bulk rows for the benchmarks: N time logs spread over many owners and years.

    DATABASE_URL=postgres://… .venv/bin/python bench/seed_scale.py 1000000

Written with the import's fast insert (COPY on PostgreSQL). Benchmark code, so it lives
here and not in the app.
"""

import argparse
import random
import time as clock
from datetime import UTC, datetime, time, timedelta

from common import setup_django


def seed_scale(count: int, years: int = 5, progress=None) -> int:
    """Add `count` time logs spread over many owners and `years`. Returns how many."""
    from django.contrib.auth import get_user_model
    from django.db import transaction
    from django.utils import timezone

    from triage.demo import TASKS
    from triage.importing import insert_logs
    from triage.models import OwnerSettings, Task

    SCALE_TASKS = [(spec.title, spec.category, spec.is_mga) for spec in TASKS]
    User = get_user_model()
    existing = User.objects.filter(username__startswith="scale-").count()
    owners_needed = -(-count // SCALE_LOGS_PER_OWNER)
    today = timezone.now().date()
    span_days = years * 365
    added = 0
    batch_owners = 200
    for batch_start in range(0, owners_needed, batch_owners):
        with transaction.atomic():
            names = [
                f"scale-{existing + batch_start + i:07d}"
                for i in range(min(batch_owners, owners_needed - batch_start))
            ]
            User.objects.bulk_create([User(username=name, password="!") for name in names])
            owners = list(User.objects.filter(username__in=names).order_by("username"))
            OwnerSettings.objects.bulk_create(
                [OwnerSettings(owner=o, onboarded=True) for o in owners], ignore_conflicts=True
            )
            Task.objects.bulk_create(
                [
                    Task(owner=o, title=title, category=category, is_mga=is_mga)
                    for o in owners
                    for title, category, is_mga in SCALE_TASKS
                ]
            )
            task_ids: dict[int, list[int]] = {}
            for owner_id, task_id in Task.objects.filter(owner__in=owners).values_list(
                "owner_id", "id"
            ):
                task_ids.setdefault(owner_id, []).append(task_id)
            rows = []
            for owner in owners:
                wanted = min(SCALE_LOGS_PER_OWNER, count - added - len(rows))
                if wanted <= 0:
                    break
                rng = random.Random(owner.pk)
                ids = task_ids[owner.pk]
                offset = rng.randint(0, max(0, span_days - wanted // 3 - 1))
                for i in range(wanted):
                    day = today - timedelta(days=span_days - offset - i // 3)
                    start = datetime.combine(day, time(8 + (i % 3) * 3), tzinfo=UTC)
                    end = start + timedelta(minutes=rng.randint(20, 160))
                    rows.append((owner.pk, ids[i % len(ids)], start, end))
            insert_logs((o, t, s, e, "", "") for o, t, s, e in rows)
            added += len(rows)
        if progress:
            progress(added)
    return added


SCALE_LOGS_PER_OWNER = 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("count", type=int)
    args = parser.parse_args()
    setup_django(allow_sqlite=True)
    started = clock.perf_counter()

    def progress(done: int) -> None:
        rate = done / max(clock.perf_counter() - started, 1e-9)
        print(f"  {done:,} / {args.count:,} time logs ({rate:,.0f}/s)")

    added = seed_scale(args.count, progress=progress)
    print(f"Added {added:,} time logs in {clock.perf_counter() - started:.1f} s.")


if __name__ == "__main__":
    main()
