"""`migrate`, one container at a time: what the image runs at start.

Containers started together (a scale-out, a rolling deploy) each migrate at start. Two
`migrate` runs at once on PostgreSQL make the second fail on the tables the first creates
(the container exits and restarts), and a data migration could run twice. Here each waits
for a PostgreSQL advisory lock, then migrates what is left — nothing, for all but the
first. SQLite has one file and one server: it needs no lock.
"""

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connection

# Any fixed number, the same in every container: the advisory lock's name.
MIGRATION_LOCK = 7_215_044_101


class Command(BaseCommand):
    help = "Apply migrations, one container at a time (PostgreSQL advisory lock)."

    def handle(self, *args, **options):
        verbosity = options["verbosity"]
        if connection.vendor != "postgresql":
            call_command("migrate", interactive=False, verbosity=verbosity)
            return
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_lock(%s)", [MIGRATION_LOCK])
            try:
                call_command("migrate", interactive=False, verbosity=verbosity)
            finally:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [MIGRATION_LOCK])
