from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from triage import csv_import, importing
from triage.models import OwnerSettings


class Command(BaseCommand):
    help = (
        "Import time logs from a Toggl Track or Clockify detailed export, or from Triage's own "
        "time-log export. All rows or none; rows already imported are skipped."
    )

    def add_arguments(self, parser):
        parser.add_argument("--owner", required=True, help="username of the owner")
        parser.add_argument("file", type=Path)
        parser.add_argument("--dry-run", action="store_true", help="show the preview only")

    def handle(self, *args, owner: str, file: Path, dry_run: bool = False, **options):
        try:
            user = get_user_model().objects.get(username=owner)
        except get_user_model().DoesNotExist:
            raise CommandError(f"No owner called “{owner}”.") from None
        owner_settings = OwnerSettings.of(user)
        try:
            text, encoding = csv_import.decode(file.read_bytes())
            parsed = csv_import.read_timelogs(
                text, owner_settings.zone, now=timezone.now(), encoding=encoding
            )
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror}.") from None
        except csv_import.ImportFileError as error:
            raise CommandError(str(error)) from None
        if parsed.errors:
            lines = "\n".join(f"  row {line}: {message}" for line, message in parsed.errors)
            more = f"\n  …and {parsed.errors_not_shown} more" if parsed.errors_not_shown else ""
            raise CommandError(f"Nothing imported: {parsed.error_count} bad row(s).\n{lines}{more}")
        preview = importing.preview(user, parsed)
        self.stdout.write(
            f"{parsed.source} file: {preview.rows} rows, {len(preview.new_logs)} new time logs, "
            f"{preview.duplicates} already here, {len(preview.new_tasks)} new tasks."
        )
        if dry_run:
            return
        applied = importing.apply(user, parsed)
        self.stdout.write(importing.summary(applied.imported, applied.skipped, applied.restored))
