from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from triage import demo


class Command(BaseCommand):
    help = (
        "Create the demo owner (demo / demo) with 12 weeks of history up to today, gut checks "
        "and active decisions. Safe to run again: it only tops the history up to today. "
        "(Bulk rows for benchmarks: bench/seed_scale.py.)"
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--force", action="store_true", help="create the demo owner even when DEBUG is off"
        )

    def handle(self, *args, force: bool = False, **options):
        if not (settings.DEBUG or force):
            raise CommandError(
                "The demo owner has a known password: it is only created with "
                "DEBUG=1 or with --force."
            )
        # demo / demo opens the admin too, but only on a development machine (DEBUG).
        owner, added = demo.seed_demo_owner(admin=settings.DEBUG)
        self.stdout.write(
            f"Demo owner “{owner.username}” ready ({added} new time logs). "
            f"Log in as {demo.DEMO_USERNAME} / {demo.DEMO_PASSWORD}."
        )
