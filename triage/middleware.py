"""Request-wide concerns: the login, the owner's settings and time zone, private caching,
the upload size limit, and a write that lost its row to another tab."""

import zoneinfo

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import middleware as auth_middleware
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ObjectNotUpdated
from django.db import IntegrityError
from django.http import JsonResponse
from django.shortcuts import redirect, render, resolve_url
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django_htmx.http import HttpResponseClientRedirect

from triage import formatting
from triage.models import ChangedMeanwhile, OwnerSettings


class OwnerSettingsMiddleware:
    """Put the logged-in owner's settings on `request.owner_settings`, and show times in
    their time zone and hours in their locale."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.owner_settings = None
        locale = formatting.DEFAULT_LOCALE
        if request.user.is_authenticated:
            request.owner_settings = OwnerSettings.of(request.user)  # loaded with the user
            locale = request.owner_settings.locale
            try:
                timezone.activate(request.owner_settings.zone)
            except zoneinfo.ZoneInfoNotFoundError:
                timezone.deactivate()
        try:
            with formatting.numbers_in(locale):
                return self.get_response(request)
        finally:
            timezone.deactivate()  # the next request on this thread starts clean


class EmailRequiredMiddleware:
    """An owner from before sign-up asked for an email is asked for one on their next page:
    without it, neither a password reset nor the weekly review nor a reminder can reach them."""

    EXEMPT = (
        "/accounts/",
        "/api/",
        "/static/",
        "/healthz",
        "/unsubscribe/",
        "/offline/",
        "/sw.js",
        "/manifest.webmanifest",
        "/settings/export.zip",
        "/settings/delete-account/",
    )

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            user.is_authenticated
            and not user.email
            and request.method == "GET"
            and not request.htmx  # a fragment is no place for a redirect; the next page asks
            and not request.path.startswith(self.EXEMPT)
            and not EmailAddress.objects.filter(user=user).exists()  # none given, not even
        ):  # one waiting for its link
            messages.info(
                request,
                "Add your email, so a password reset, the weekly review and reminders can "
                "reach you.",
            )
            return redirect("account_email")
        return self.get_response(request)


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


class AccountPageStatusMiddleware:
    """allauth's account pages answer a refused form, and a verification or reset link that
    expired or was used, with 200. Ours say what happened in the status too: 422 for the
    form, 404 for the dead link, so htmx, scripts and tests see a refusal everywhere alike."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code != 200 or not request.path.startswith("/accounts/"):
            return response
        context = getattr(response, "context_data", None) or {}
        form = context.get("form")
        if request.method == "POST" and form is not None and form.is_bound and form.errors:
            response.status_code = 422
        elif context.get("token_fail") or (
            "confirmation" in context and not context["confirmation"]
        ):
            response.status_code = 404
        return response


def htmx_page_path(request) -> str | None:
    """The path of the page an htmx request came from (HX-Current-URL), when it is this
    site's; None otherwise — also for a header that is no address (`http://[`), where
    django-htmx's `current_url_abs_path` raises ValueError (it was a 500)."""
    try:
        return request.htmx.current_url_abs_path
    except ValueError:
        return None


class LoginRequiredMiddleware(auth_middleware.LoginRequiredMiddleware):
    """Django's: every page needs a login unless its view says otherwise. An htmx request
    whose session has ended (logged out in another tab, expired) sends the whole page to
    the login, to come back to that page — not the login form swapped into a corner of it."""

    def handle_no_permission(self, request, view_func):
        if not request.htmx:
            return super().handle_no_permission(request, view_func)
        login = redirect_to_login(
            htmx_page_path(request) or "/",
            resolve_url(self.get_login_url(view_func)),
            self.get_redirect_field_name(view_func),
        )
        return HttpResponseClientRedirect(login.url)


CHANGED_MEANWHILE = (
    "This changed a moment ago, in another tab or on another device, as you saved it: "
    "nothing was saved. Look at it again, then save what you meant."
)
GONE_MEANWHILE = (
    "What this change names was deleted a moment ago, in another tab or window (a task "
    "merged or deleted while a log, a timer, a gut check or a decision was saved on it): "
    "nothing was saved."
)


def is_foreign_key_violation(error: IntegrityError) -> bool:
    """The write named a row that is not there (any more)."""
    cause = error.__cause__
    return getattr(cause, "sqlstate", None) == "23503" or (  # PostgreSQL's code
        "FOREIGN KEY constraint failed" in str(error)  # SQLite's message
    )


class GoneMeanwhileMiddleware:
    """A write naming a row that another tab deleted after this request read it (each form
    checks its task when it arrives, not at the moment its INSERT commits) fails the
    foreign key and its transaction rolls back: nothing is half-written. Say so as what it
    is — the thing is gone, a 404 the page, htmx and the API each explain — not a 500."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, ChangedMeanwhile):  # saved at the same moment elsewhere
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": CHANGED_MEANWHILE}, status=409)
            return render(request, "409.html", {"exception": CHANGED_MEANWHILE}, status=409)
        gone = isinstance(exception, ObjectNotUpdated) or (  # an edit of a deleted row
            isinstance(exception, IntegrityError) and is_foreign_key_violation(exception)
        )
        if not gone:
            return None
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": GONE_MEANWHILE}, status=404)
        return render(request, "404.html", {"exception": GONE_MEANWHILE}, status=404)
