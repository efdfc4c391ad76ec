from django.core.management.base import BaseCommand
from django.utils import timezone

from triage import reminders


class Command(BaseCommand):
    help = (
        "Send the reminder email to every opted-in owner with nothing logged today, from "
        "their hour on weekdays (run it every hour; at most one per owner and day)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="list who would get one")

    def handle(self, *args, dry_run: bool = False, **options):
        outcome = reminders.send_due(timezone.now(), dry_run=dry_run, out=self.stdout)
        verb = "would send" if dry_run else "sent"
        self.stdout.write(
            f"{verb} {outcome.sent}, skipped {outcome.skipped}, failed {outcome.failed}"
        )
