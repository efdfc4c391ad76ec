from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from triage.models import ApiToken


class Command(BaseCommand):
    help = "Print a new personal API token for an owner (stored hashed; shown only now)."

    def add_arguments(self, parser):
        parser.add_argument("--owner", required=True, help="the owner's username")
        parser.add_argument("--name", default="command line", help="a label for the token")

    def handle(self, *args, owner: str, name: str, **options):
        try:
            user = get_user_model().objects.get(username=owner)
        except get_user_model().DoesNotExist:
            raise CommandError(f"No owner called “{owner}”.") from None
        _, secret = ApiToken.objects.issue(user, name)
        self.stdout.write(secret)
