from django.core.management.base import BaseCommand
from django.utils import timezone

from triage import weekly_email


class Command(BaseCommand):
    help = (
        "Send every weekly review email that is due and not yet sent (run it every hour; "
        "each owner gets at most one a week, however often it runs)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="list who would get one")

    def handle(self, *args, dry_run: bool = False, **options):
        outcome = weekly_email.send_due(timezone.now(), dry_run=dry_run, out=self.stdout)
        verb = "would send" if dry_run else "sent"
        self.stdout.write(
            f"{verb} {outcome.sent}, skipped {outcome.skipped}, failed {outcome.failed}"
        )
