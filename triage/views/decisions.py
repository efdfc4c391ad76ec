"""/decisions/: every outsourcing decision, its status and numbers."""

from decimal import Decimal

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from triage.forms import DecisionForm, DecisionStatusForm
from triage.models import DecisionStatus
from triage.views.helpers import INVALID, get_decision_for_user, redirect_back

ZERO = Decimal(0)


def _with_numbers(decision, owner_settings) -> object:
    decision.figures = decision.numbers(owner_settings.weeks_per_year)
    decision.status_form = DecisionStatusForm(
        decision=decision,
        today=owner_settings.today(),
        initial={
            "action": "activate" if decision.status == DecisionStatus.PLANNED else "end",
            "on": owner_settings.today(),
        },
    )
    return decision


@require_GET
def decision_list(request: HttpRequest) -> HttpResponse:
    owner_settings = request.owner_settings
    status = request.GET.get("status", "")
    decisions = request.user.decisions.select_related("task", "gut_check")
    all_decisions = [_with_numbers(d, owner_settings) for d in decisions]
    active = [d for d in all_decisions if d.status == DecisionStatus.ACTIVE]
    shown = [d for d in all_decisions if not status or d.status == status]
    context = {
        "decisions": shown,
        "status": status,
        "statuses": DecisionStatus.choices,
        "active_count": len(active),
        "active_hours": sum((d.figures.hours_reclaimed_per_week for d in active), ZERO),
        "active_weekly": sum((d.figures.weekly_profit_impact for d in active), ZERO),
        "active_annual": sum((d.figures.annual_profit_impact for d in active), ZERO),
        "currency": owner_settings.currency,
    }
    if request.htmx and request.htmx.target == "decision-table":
        return render(request, "triage/decision_list.html#decision_table", context)
    return render(request, "triage/decision_list.html", context)


@require_POST
def decision_status(request: HttpRequest, decision_id: int) -> HttpResponse:
    decision = get_decision_for_user(request, decision_id)
    owner_settings = request.owner_settings
    form = DecisionStatusForm(request.POST, decision=decision, today=owner_settings.today())
    if form.is_valid():
        if form.cleaned_data["action"] == "activate":
            decision.activate(form.cleaned_data["on"])
        else:
            decision.end(form.cleaned_data["on"])
        status = 200
    else:
        status = INVALID
    if request.htmx:
        _with_numbers(decision, owner_settings)
        if status == INVALID:
            decision.status_form = form
        response = render(
            request,
            "triage/decision_list.html#decision_row",
            {"decision": decision, "currency": owner_settings.currency},
            status=status,
        )
        response["HX-Trigger"] = "decisions-changed"
        return response
    if status == INVALID:
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    else:
        messages.success(request, f"{decision} is now {decision.get_status_display().lower()}.")
    return redirect_back(request, reverse("decision_list"))


@require_http_methods(["GET", "POST"])
def decision_edit(request: HttpRequest, decision_id: int) -> HttpResponse:
    decision = get_decision_for_user(request, decision_id)
    owner_settings = request.owner_settings
    form = DecisionForm(request.POST or None, instance=decision, today=owner_settings.today())
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Decision saved.")
        return redirect_back(request, reverse("decision_list") + f"#decision-{decision.pk}")
    status = INVALID if request.method == "POST" else 200
    return render(
        request, "triage/decision_form.html", {"decision": decision, "form": form}, status=status
    )
