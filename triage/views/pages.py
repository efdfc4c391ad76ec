"""The landing page, health check, onboarding and settings."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from triage import formatting
from triage.forms import COMMON_CURRENCIES, OnboardingForm, OwnerSettingsForm
from triage.models import ApiToken
from triage.text import one_line
from triage.views.helpers import INVALID, _id, post_only, save_changes

THEME_COLOR = "#0f766e"


@login_not_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        from triage.views.dashboard import dashboard

        return dashboard(request)
    return render(request, "triage/home.html")


@login_not_required
@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        # A broken connection must not stay cached for the next probe.
        connection.close_if_unusable_or_obsolete()
        connection.close()
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


def _settings_page(
    request: HttpRequest, form_class, template: str, saved: str, then: str, **context
) -> HttpResponse:
    """Onboarding and settings: the same owner settings, a short or a full form."""
    initial = {}
    if not request.owner_settings.onboarded:
        # Numbers written as the browser's language, money its country's.
        initial["locale"] = formatting.locale_from_header(
            request.headers.get("Accept-Language", "")
        )
        if currency := formatting.currency_of(initial["locale"]):
            initial["currency"] = currency
    form = form_class(request.POST or None, instance=request.owner_settings, initial=initial)
    if request.method == "POST" and form.is_valid() and save_changes(form):
        messages.success(request, saved)
        return redirect(then)
    return render(
        request,
        template,
        {"form": form, "currencies": COMMON_CURRENCIES, **context},
        status=INVALID if form.is_bound else 200,
    )


@require_http_methods(["GET", "POST"])
def welcome(request: HttpRequest) -> HttpResponse:
    return _settings_page(
        request,
        OnboardingForm,
        "triage/welcome.html",
        saved="You're set up. Log your first task to start the audit.",
        then="log",
        guess_time_zone=not request.owner_settings.onboarded,
    )


@require_http_methods(["GET", "POST"])
def settings_view(request: HttpRequest) -> HttpResponse:
    return _settings_page(
        request, OwnerSettingsForm, "triage/settings.html", saved="Settings saved.", then="settings"
    )


@post_only("settings")
def token_create(request: HttpRequest) -> HttpResponse:
    """A new personal API token: its secret is on this page once, and never again."""
    name = one_line(request.POST.get("name", ""))[:80]
    _, secret = ApiToken.objects.issue(request.user, name)
    form = OwnerSettingsForm(instance=request.owner_settings)
    context = {"form": form, "currencies": COMMON_CURRENCIES, "new_token": secret}
    return render(request, "triage/settings.html", context)


@require_http_methods(["GET", "POST"])
def token_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    token = get_object_or_404(ApiToken, pk=_id(token_id), owner=request.user)
    if request.method == "GET":  # the address opened in a browser: the tokens, untouched
        return redirect(reverse("settings") + "#api-tokens")
    token.delete()
    messages.success(request, f"Revoked “{token.name}”: it no longer works.")
    return redirect("settings")


@login_not_required
@require_GET
def manifest(request: HttpRequest) -> JsonResponse:
    """The web app manifest: Triage on a phone's home screen opens the log."""
    icons = [
        {"src": static("icons/icon-192.png"), "sizes": "192x192", "type": "image/png"},
        {"src": static("icons/icon-512.png"), "sizes": "512x512", "type": "image/png"},
        {
            "src": static("icons/icon-maskable-512.png"),
            "sizes": "512x512",
            "type": "image/png",
            "purpose": "maskable",
        },
    ]
    data = {
        "name": "Triage",
        "short_name": "Triage",
        "description": "Decide which tasks to get off your plate, and what that is worth.",
        "start_url": "/log/",
        "scope": "/",
        "display": "standalone",
        "theme_color": THEME_COLOR,
        "background_color": "#f7f7f5",
        "icons": icons,
        # A long press on the home-screen icon offers these (Android; Chrome on a desktop).
        "shortcuts": [
            {"name": "Log time", "short_name": "Log", "url": "/log/#quick-entry"},
            {"name": "Start a timer", "short_name": "Timer", "url": "/log/#timer"},
            {"name": "This week", "short_name": "Dashboard", "url": "/dashboard/"},
        ],
    }
    response = JsonResponse(data, content_type="application/manifest+json")
    return response


@login_not_required
@require_GET
def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers ask for /favicon.ico where a page names no icon (the HTML email's preview,
    a JSON answer): the app's icon, not a 404."""
    return redirect(static("icons/icon-192.png"), permanent=True)


@login_not_required
@require_GET
def service_worker(request: HttpRequest) -> HttpResponse:
    """Served from the root so it may answer for every page (its scope is where it lives)."""
    script = (settings.BASE_DIR / "static" / "js" / "sw.js").read_text()
    response = HttpResponse(script, content_type="text/javascript; charset=utf-8")
    response["Cache-Control"] = "no-cache"  # a new version is picked up on the next visit
    return response


@login_not_required
@require_GET
def offline(request: HttpRequest) -> HttpResponse:
    return render(request, "triage/offline.html")
