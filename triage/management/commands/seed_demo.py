import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from triage import demo


class Command(BaseCommand):
    help = (
        "Create the demo owner (demo / demo) with 12 weeks of history up to today, gut checks "
        "and active decisions. Safe to run again: it only tops the history up to today."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--force", action="store_true", help="create the demo owner even when DEBUG is off"
        )
        parser.add_argument(
            "--scale",
            type=int,
            default=0,
            metavar="N",
            help="also add N time logs spread over many owners and years (for benchmarks)",
        )

    def handle(self, *args, force: bool = False, scale: int = 0, **options):
        if scale < 0:
            raise CommandError("--scale takes a positive number of time logs.")
        if settings.DEBUG or force:
            # demo / demo opens the admin too, but only on a development machine (DEBUG).
            owner, added = demo.seed_demo_owner(admin=settings.DEBUG)
            self.stdout.write(
                f"Demo owner “{owner.username}” ready ({added} new time logs). "
                f"Log in as {demo.DEMO_USERNAME} / {demo.DEMO_PASSWORD}."
            )
        elif not scale:
            raise CommandError(
                "The demo owner has a known password: it is only created with "
                "DEBUG=1 or with --force."
            )
        if scale:
            started = time.perf_counter()

            def progress(done: int) -> None:
                rate = done / max(time.perf_counter() - started, 1e-9)
                self.stdout.write(f"  {done:,} / {scale:,} time logs ({rate:,.0f}/s)")

            added = demo.seed_scale(scale, progress=progress)
            elapsed = time.perf_counter() - started
            self.stdout.write(f"Added {added:,} time logs in {elapsed:.1f} s.")
