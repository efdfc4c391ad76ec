import zoneinfo

from django.utils import timezone

from triage.models import OwnerSettings


class OwnerTimezoneMiddleware:
    """Show times in the logged-in owner's time zone, and keep their settings at hand."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.owner_settings = None
        if request.user.is_authenticated:
            owner_settings, _ = OwnerSettings.objects.get_or_create(owner=request.user)
            request.owner_settings = owner_settings
            try:
                timezone.activate(owner_settings.zone)
            except zoneinfo.ZoneInfoNotFoundError:
                timezone.deactivate()
        else:
            timezone.deactivate()
        return self.get_response(request)
