import zoneinfo

from django.conf import settings
from django.shortcuts import render
from django.utils import timezone

from triage.models import OwnerSettings


class OwnerTimezoneMiddleware:
    """Show times in the logged-in owner's time zone, and keep their settings at hand."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.owner_settings = None
        if request.user.is_authenticated:
            try:
                owner_settings = request.user.owner_settings  # loaded with the user
            except OwnerSettings.DoesNotExist:  # an account made outside the app (createsuperuser)
                owner_settings, _ = OwnerSettings.objects.get_or_create(owner=request.user)
            request.owner_settings = owner_settings
            try:
                timezone.activate(owner_settings.zone)
            except zoneinfo.ZoneInfoNotFoundError:
                timezone.deactivate()
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()  # the next request on this thread starts clean


class UploadSizeLimitMiddleware:
    """Refuse a request body over the import limit before anything reads it (CSRF included).

    Sits before CsrfViewMiddleware, which would otherwise read the whole body first.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.limit = settings.IMPORT_MAX_BYTES + 1024 * 1024  # the file plus the form around it

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > self.limit:
            template = "triage/too_large.html" + (
                "#message" if request.headers.get("HX-Request") else ""
            )
            return render(
                request,
                template,
                {"limit_mb": settings.IMPORT_MAX_BYTES // (1024 * 1024)},
                status=413,
            )
        return self.get_response(request)
