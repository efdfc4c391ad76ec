"""Shared set-up for the benchmarks: Django on PostgreSQL, percentiles, timing."""

import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def setup_django(allow_sqlite: bool = False) -> None:
    """Benchmarks run on PostgreSQL (DATABASE_URL must point at one), or on a SQLite file
    for those that compare the two."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("SECRET_KEY", "benchmark-only-" + "b" * 40)
    os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")
    os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
    os.environ.setdefault("STATIC_MANIFEST", "0")
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")) and not (
        allow_sqlite and url.startswith("sqlite:///")
    ):
        sys.exit("Benchmarks run on PostgreSQL: set DATABASE_URL=postgres://user:pass@host/db")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def bench_owner(username: str):
    """The bench's owner `username`, made if missing, and whether it was just made. It has an
    email (made before sign-up asked for one, it gets one): an owner without one is sent to
    add it before any page (triage.middleware.EmailRequiredMiddleware)."""
    from django.contrib.auth import get_user_model

    owner, created = get_user_model().objects.get_or_create(username=username)
    if not owner.email:
        owner.email = f"{username}@example.com"
        owner.save(update_fields=["email"])
    return owner, created


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def summary(values: list[float]) -> str:
    return (
        f"p50 {statistics.median(values) * 1000:7.1f} ms   "
        f"p95 {percentile(values, 0.95) * 1000:7.1f} ms"
    )


class Timer:
    def __enter__(self):
        self.started = time.perf_counter()
        return self

    def __exit__(self, *exc):
        self.seconds = time.perf_counter() - self.started
