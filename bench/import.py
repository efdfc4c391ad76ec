"""Import of 100,000 Toggl Track rows: decode, parse, preview and import, timed.

    DATABASE_URL=postgres://… .venv/bin/python bench/import.py [--rows 100000]

The file is written in memory like Toggl's detailed export. A fresh owner imports it
once (all rows new), then again (all rows recognised as duplicates). Target: < 15 s.
"""

import argparse
import random
from datetime import datetime, timedelta

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
    start = datetime(2017, 1, 1, 8)
    lines = [HEADER]
    for _ in range(rows):
        minutes = rng.randint(10, 59)
        end = start + timedelta(minutes=minutes)
        lines.append(
            f"Olivia,o@example.com,{rng.choice(['', 'Acme'])},Ops,,{rng.choice(DESCRIPTIONS)},No,"
            f"{start:%Y-%m-%d},{start:%H:%M:%S},{end:%Y-%m-%d},{end:%H:%M:%S},"
            f"00:{minutes:02d}:00,,0\n"
        )
        start = end + timedelta(minutes=rng.randint(1, 5))
    return "".join(lines).encode("utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=100_000)
    args = parser.parse_args()
    setup_django()
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from triage import csv_import, importing
    from triage.models import OwnerSettings

    raw = toggl_file(args.rows)
    owner = get_user_model().objects.create_user(f"import-{timezone.now():%H%M%S%f}")
    zone = OwnerSettings.objects.get(owner=owner).zone
    for attempt in ("first import", "same file again"):
        with Timer() as total:
            with Timer() as parse:
                text, encoding = csv_import.decode(raw)
                parsed = csv_import.read_timelogs(text, zone, now=timezone.now(), encoding=encoding)
            with Timer() as preview_timer:
                preview = importing.preview(owner, parsed)
            with Timer() as write:
                imported, skipped, _ = importing.apply(owner, parsed)
        print(
            f"{attempt}: {args.rows:,} rows ({len(raw) / 2**20:.1f} MB) in {total.seconds:.1f} s — "
            f"parse {parse.seconds:.1f} s, preview {preview_timer.seconds:.1f} s, "
            f"import {write.seconds:.1f} s; {imported:,} imported, {skipped:,} skipped, "
            f"{len(preview.new_tasks)} new tasks"
        )


if __name__ == "__main__":
    main()
