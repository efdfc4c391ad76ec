"""The hourly email commands (`send_weekly_reviews`, `send_reminders`): the same options and
the same report of what they did."""

from collections.abc import Callable

from django.core.management.base import BaseCommand
from django.utils import timezone


class SendingCommand(BaseCommand):
    """Runs `send_due(now, dry_run=, out=)` of an email's module (a `mailing.Outcome`)."""

    send_due: Callable  # each command names its module's, as a staticmethod

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="list who would get one")

    def handle(self, *args, dry_run: bool = False, **options):
        outcome = self.send_due(timezone.now(), dry_run=dry_run, out=self.stdout)
        verb = "would send" if dry_run else "sent"
        self.stdout.write(
            f"{verb} {outcome.sent}, skipped {outcome.skipped}, failed {outcome.failed}"
        )
