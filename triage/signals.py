from django.conf import settings
from django.db.models.signals import post_save
from django.dispatch import receiver

from triage.models import OwnerSettings


@receiver(post_save, sender=settings.AUTH_USER_MODEL)
def create_owner_settings(sender, instance, created: bool, raw: bool = False, **kwargs) -> None:
    """Every owner has settings from the moment the account exists."""
    if created and not raw:
        OwnerSettings.of(instance)
