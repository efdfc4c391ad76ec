"""The landing page, health check, onboarding and settings."""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from triage import formatting
from triage.forms import COMMON_CURRENCIES, OnboardingForm, OwnerSettingsForm, SignupForm
from triage.views.helpers import INVALID


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


@login_not_required
@require_http_methods(["GET", "POST"])
def signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("dashboard")
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        login(request, user, backend="triage.auth.OwnerBackend")
        return redirect("welcome")
    status = INVALID if form.is_bound else 200
    return render(request, "registration/signup.html", {"form": form}, status=status)


def _settings_page(
    request: HttpRequest, form_class, template: str, saved: str, then: str, **context
) -> HttpResponse:
    """Onboarding and settings: the same owner settings, a short or a full form."""
    initial = {}
    if not request.owner_settings.onboarded:  # numbers written as the browser's language
        initial["locale"] = formatting.locale_from_header(
            request.headers.get("Accept-Language", "")
        )
    form = form_class(request.POST or None, instance=request.owner_settings, initial=initial)
    if request.method == "POST" and form.is_valid():
        form.save()
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
