"""/contractors/: the people tasks are handed to — what they cost now, were paid, and gave
back."""

from dataclasses import dataclass
from decimal import Decimal

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from triage import formatting, letting_go
from triage.decision_rows import DecisionRow, decision_rows, total_earned
from triage.forms import ContractorForm
from triage.models import Contractor, DecisionKind, DecisionStatus
from triage.views.helpers import INVALID, _id, redirect_after_post, save_changes

ZERO = Decimal(0)


@dataclass(frozen=True)
class ContractorRow:
    contractor: Contractor
    decisions: list[DecisionRow]
    money_places: int  # the currency's decimals: a total reads as its rows added up

    @property
    def active(self) -> list[DecisionRow]:
        return [r for r in self.decisions if r.decision.status == DecisionStatus.ACTIVE]

    @property
    def weekly_hours(self) -> Decimal:
        return sum((r.decision.contractor_hours_per_week for r in self.outsourced_active), ZERO)

    @property
    def weekly_cost(self) -> Decimal:
        """Each handoff's weekly cost as it reads, added up (1.25 h × $45.50 is $56.88)."""
        costs = (r.figures.weekly_cost for r in self.outsourced_active)
        return formatting.sum_as_shown(costs, self.money_places)

    @property
    def paid_to_date(self) -> Decimal:
        """What each of their handoffs reads as paid, added up: it sits above them."""
        return formatting.sum_as_shown((r.earned.paid for r in self.decisions), 0)

    @property
    def earned(self) -> letting_go.Earned:
        """What handing work to them earned so far: the hours back and their value against
        what they were paid, each decision's as it reads, added up (as the decisions page
        totals all of them)."""
        return total_earned(self.decisions)

    @property
    def outsourced_active(self) -> list[DecisionRow]:
        return [r for r in self.active if r.decision.kind == DecisionKind.OUTSOURCE]


def contractor_rows(request: HttpRequest, contractors) -> list[ContractorRow]:
    """Each contractor with their decisions and figures: three queries, whatever the count."""
    contractors = list(contractors)
    decisions = request.user.decisions.filter(contractor__in=contractors).select_related("task")
    rows = decision_rows(list(decisions), request.owner_settings, timezone.now())
    places = formatting.money_places(request.owner_settings.currency)
    return [
        ContractorRow(c, [r for r in rows if r.decision.contractor_id == c.pk], places)
        for c in contractors
    ]


def _get(request: HttpRequest, contractor_id) -> Contractor:
    return get_object_or_404(Contractor, pk=_id(contractor_id), owner=request.user)


@require_GET
def contractor_list(request: HttpRequest) -> HttpResponse:
    rows = contractor_rows(request, request.user.contractors.all())
    return render(
        request,
        "triage/contractor_list.html",
        {"rows": rows, "form": ContractorForm(owner=request.user)},
    )


@require_http_methods(["GET", "POST"])
def contractor_create(request: HttpRequest) -> HttpResponse:
    form = ContractorForm(request.POST or None, owner=request.user)
    contractor = request.method == "POST" and form.is_valid() and save_changes(form)
    if contractor:
        messages.success(request, f"Added {contractor.name}.")
        return redirect_after_post(request, reverse("contractor_detail", args=[contractor.pk]))
    status = INVALID if form.is_bound else 200
    return render(request, "triage/contractor_form.html", {"form": form}, status=status)


@require_GET
def contractor_detail(request: HttpRequest, contractor_id: int) -> HttpResponse:
    [row] = contractor_rows(request, [_get(request, contractor_id)])
    return render(request, "triage/contractor_detail.html", {"row": row})


@require_http_methods(["GET", "POST"])
def contractor_edit(request: HttpRequest, contractor_id: int) -> HttpResponse:
    contractor = _get(request, contractor_id)
    form = ContractorForm(request.POST or None, instance=contractor, owner=request.user)
    if request.method == "POST" and form.is_valid() and save_changes(form):
        messages.success(request, "Saved.")
        return redirect_after_post(request, reverse("contractor_detail", args=[contractor.pk]))
    status = INVALID if form.is_bound else 200
    context = {"form": form, "contractor": contractor}
    return render(request, "triage/contractor_form.html", context, status=status)


@require_http_methods(["GET", "POST"])
def contractor_delete(request: HttpRequest, contractor_id: int) -> HttpResponse:
    """GET says what happens to the decisions that name them; POST deletes."""
    contractor = _get(request, contractor_id)
    [row] = contractor_rows(request, [contractor])
    if request.method == "GET":
        return render(request, "triage/contractor_confirm_delete.html", {"row": row})
    contractor.delete_unnaming_decisions()
    messages.success(
        request, f"Deleted {contractor.name}; {len(row.decisions)} decision(s) now name nobody."
    )
    return redirect_after_post(request, reverse("contractor_list"))
