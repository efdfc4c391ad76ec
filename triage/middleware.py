"""Request-wide concerns: the owner's settings and time zone, private caching, and the
upload size limit."""

import zoneinfo

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.cache import patch_cache_control

from triage.models import OwnerSettings


class OwnerSettingsMiddleware:
    """Put the logged-in owner's settings on `request.owner_settings` and show times in
    their time zone."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.owner_settings = None
        if request.user.is_authenticated:
            request.owner_settings = OwnerSettings.of(request.user)  # loaded with the user
            try:
                timezone.activate(request.owner_settings.zone)
            except zoneinfo.ZoneInfoNotFoundError:
                timezone.deactivate()
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()  # the next request on this thread starts clean


class PrivateCacheMiddleware:
    """Nothing a logged-in owner sees may be kept by a shared cache or shown again from the
    browser's history after logging out: `Cache-Control: private, no-store`."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not response.has_header("Cache-Control"):
            patch_cache_control(response, private=True, no_store=True)
        return response


API_MAX_BODY = 64 * 1024


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
        if request.path.startswith("/api/") and length > API_MAX_BODY:
            return JsonResponse({"detail": "Request bodies are limited to 64 KB."}, status=413)
        if length > self.limit:
            template = "triage/too_large.html" + (
                "#message" if request.headers.get("HX-Request") else ""
            )
            limit_mb = settings.IMPORT_MAX_BYTES // (1024 * 1024)
            return render(request, template, {"limit_mb": limit_mb}, status=413)
        return self.get_response(request)
