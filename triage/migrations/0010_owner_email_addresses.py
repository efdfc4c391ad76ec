"""Owners from before accounts moved to allauth: their email (if they gave one at a password
reset) becomes their address, not yet verified, so the banner can send them the link."""

from django.conf import settings
from django.db import migrations


def addresses_for_existing_owners(apps, schema_editor):
    User = apps.get_model(*settings.AUTH_USER_MODEL.split("."))
    EmailAddress = apps.get_model("account", "EmailAddress")
    taken = {email.lower() for email in EmailAddress.objects.values_list("email", flat=True)}
    owners = User.objects.exclude(email="").filter(emailaddress__isnull=True).order_by("pk")
    for owner in owners:
        email = owner.email.strip().lower()
        if email in taken:  # a second owner with the same address is asked for another one
            continue
        taken.add(email)
        EmailAddress.objects.create(user=owner, email=email, verified=False, primary=True)


class Migration(migrations.Migration):
    dependencies = [
        ("triage", "0009_weekly_review"),
        ("account", "0009_emailaddress_unique_primary_email"),
    ]

    operations = [migrations.RunPython(addresses_for_existing_owners, migrations.RunPython.noop)]
