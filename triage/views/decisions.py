"""/decisions/: every outsourcing decision, its status and numbers."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from triage import formatting, logged_hours
from triage.decision_rows import DecisionRow, decision_rows, total_earned
from triage.entries import day_name
from triage.forms import DecisionForm, DecisionStatusForm
from triage.models import DecisionStatus, InvalidTransition
from triage.views.handoff import decision_page
from triage.views.helpers import (
    INVALID,
    get_decision_for_user,
    next_url,
    post_only,
    redirect_after_post,
    redirect_back,
    requested_part,
    save_changes,
)


def _rows(request: HttpRequest, decisions, bound_form=None) -> list[DecisionRow]:
    """The decisions as listed; one whose start or end was refused carries that form as
    posted (the others draw a fresh one)."""
    owner_settings = request.owner_settings
    rows = decision_rows(list(decisions), owner_settings, timezone.now())
    for row in rows:
        if bound_form is not None and bound_form.decision.pk == row.decision.pk:
            row.status_form = bound_form
    return rows


@require_GET
def decision_list(request: HttpRequest) -> HttpResponse:
    context = _list(request)
    if requested_part(request) == "decision_table":
        return render(request, "triage/decision_list.html#decision_table", context)
    return render(request, "triage/decision_list.html", context)


def _list(request: HttpRequest, bound_form=None) -> dict:
    """Everything the decision list shows; `bound_form` is a row's refused start/end."""
    status = request.GET.get("status", "")
    if status not in DecisionStatus.values:  # an old or mistyped link lists them all
        status = ""
    rows = _rows(request, request.user.decisions.select_related("task", "gut_check"), bound_form)
    active = [row.figures for row in rows if row.decision.status == DecisionStatus.ACTIVE]
    cents = formatting.money_places(request.owner_settings.currency)
    # Each total is its rows as they read, added up: each row is that decision's own figure.
    return {
        "rows": [row for row in rows if not status or row.decision.status == status],
        "status": status,
        "statuses": DecisionStatus.choices,
        "active_count": len(active),
        "active_hours": formatting.sum_as_shown(f.hours_reclaimed_per_week for f in active),
        "active_weekly": formatting.sum_as_shown((f.weekly_profit_impact for f in active), cents),
        "active_annual": formatting.sum_as_shown((f.annual_profit_impact for f in active), 0),
        "earned": total_earned(rows),
    }


@post_only("decision_detail", "decision_id")
def decision_rebaseline(request: HttpRequest, decision_id: int) -> HttpResponse:
    """Take the baseline the owner's logs now give for the decision's day."""
    decision = get_decision_for_user(request, decision_id)
    owner_settings = request.owner_settings
    hours, source = logged_hours.decision_baselines([decision], owner_settings)[decision.pk]
    decision.rebaseline(hours, source, owner_settings.today())
    messages.success(request, f"{decision.task.title}: the baseline now follows your logs.")
    return redirect_after_post(
        request, request.POST.get("next") or reverse("decision_list") + f"#decision-{decision.pk}"
    )


@post_only("decision_detail", "decision_id")
def decision_status(request: HttpRequest, decision_id: int) -> HttpResponse:
    decision = get_decision_for_user(request, decision_id)
    owner_settings = request.owner_settings
    form = DecisionStatusForm(request.POST, decision=decision, today=owner_settings.today())
    replaced, status = None, INVALID
    if form.is_valid():
        on = form.cleaned_data["on"]
        try:
            if form.cleaned_data["action"] == "activate":
                replaced = decision.activate(on)
            else:
                decision.end(on)
            status = 200
        except InvalidTransition as refused:  # another tab got there first
            decision.refresh_from_db()
            form.add_error("on", str(refused))
    if status == 200:
        done = f"{decision} is now {decision.get_status_display().lower()}."
        if replaced is not None:
            ended = replaced.ended_on
            done += f" {replaced} ended the day before ({day_name(ended, owner_settings.today())})."
    if request.htmx and replaced is None:
        [row] = _rows(request, [decision], bound_form=form if status == INVALID else None)
        response = render(
            request, "triage/decision_list.html#decision_row", {"row": row}, status=status
        )
        response["HX-Trigger"] = "decisions-changed"
        return response
    if status == INVALID:  # the page it was sent from, again, the message beside the day
        if next_url(request, "") == reverse("decision_detail", args=[decision.pk]):
            context = decision_page(request, decision, status_form=form)
            return render(request, "triage/decision_detail.html", context, status=INVALID)
        return render(request, "triage/decision_list.html", _list(request, form), status=INVALID)
    messages.success(request, done)
    if request.htmx:  # two rows changed: the page comes again, with the message
        response = HttpResponse(status=204)
        response["HX-Refresh"] = "true"
        return response
    return redirect_back(request, reverse("decision_list"))


@require_http_methods(["GET", "POST"])
def decision_edit(request: HttpRequest, decision_id: int) -> HttpResponse:
    decision = get_decision_for_user(request, decision_id)
    owner_settings = request.owner_settings
    form = DecisionForm(
        request.POST or None, instance=decision, today=owner_settings.today(), owner=request.user
    )
    if request.method == "POST" and form.is_valid() and save_changes(form):
        messages.success(request, "Decision saved.")
        return redirect_back(request, reverse("decision_list") + f"#decision-{decision.pk}")
    status = INVALID if request.method == "POST" else 200
    return render(
        request, "triage/decision_form.html", {"decision": decision, "form": form}, status=status
    )
