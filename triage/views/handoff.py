"""/decisions/<id>/: one decision carried through — its numbers, what holds the owner back,
the handoff checklist, the trial's review, and what it earned so far."""

from django.contrib import messages
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from triage import charts, decision_rows, formatting, letting_go
from triage.forms import BlockersForm, HandoffForm, ReviewForm, StepForm
from triage.models import (
    ChecklistStep,
    DecisionKind,
    DecisionStatus,
    InvalidTransition,
    ReviewAnswer,
    lock_owner,
)
from triage.views.helpers import (
    INVALID,
    Linked,
    _id,
    get_decision_for_user,
    post_only,
    redirect_after_post,
    requested_part,
    save_changes,
    week_logs_addresses,
)


def decision_page(request: HttpRequest, decision, **bound) -> dict:
    """Everything the decision page shows; `bound` forms replace the empty ones."""
    owner_settings = request.owner_settings
    [row] = decision_rows.decision_rows([decision], owner_settings, timezone.now())
    steps = list(decision.steps.all())
    recommendation = decision.recommendation

    money = owner_settings.format_money
    return {
        "row": row,
        "decision": decision,
        "steps": steps,
        "steps_done": sum(step.done for step in steps),
        "template_steps": letting_go.checklist_template(
            decision.task.category, decision.task.title
        ),
        "reviews": list(decision.reviews.all()),
        "today": owner_settings.today(),
        **_before_and_since(decision, owner_settings),
        "against_recommendation": decision.kind == DecisionKind.KEEP
        and recommendation == DecisionKind.OUTSOURCE,
        "next_steps": letting_go.next_steps(decision.blockers, row.figures, decision.plan, money),
        # Someone to hire: only when the task goes to a person (not automated, not dropped).
        "job_brief": letting_go.job_brief(
            decision.task.title,
            decision.contractor_hours_per_week,
            row.figures.break_even_rate,
            [step.text for step in steps],
            decision.definition_of_done,
            money,
        )
        if decision.kind == DecisionKind.OUTSOURCE
        else "",
        "blockers_form": bound.get("blockers_form") or BlockersForm(instance=decision),
        "handoff_form": bound.get("handoff_form") or HandoffForm(instance=decision),
        "step_form": bound.get("step_form") or StepForm(),
        "review_form": bound.get("review_form") or ReviewForm(),
        "status_form": bound.get("status_form"),  # refused: its day and message stay
    }


def _before_and_since(decision, owner_settings) -> dict:
    """The chart of the task's weeks before the decision started and since."""
    if decision.kind == DecisionKind.KEEP:  # nothing handed off: no before and after
        return {}
    proof = decision_rows.before_and_since(decision, owner_settings, timezone.now())
    if proof is None:
        return {}
    labels = [week.short_name for week in proof.weeks]
    # Each week's column and row lead to the task's logs of that week.
    links = week_logs_addresses(proof.weeks, task=decision.task_id)
    # A week's two parts add up to its hours as the task's chart reads them.
    before, since = formatting.columns_adding_up(proof.before, proof.since)
    return {
        "proof": proof,
        # Since first: the chart's first colour is the product's own.
        "proof_chart": charts.column_chart(labels, {"Since": since, "Before": before}),
        "proof_links": links,
        "proof_rows": [
            (Linked(week.long_name, link), *figures)
            for week, link, *figures in zip(proof.weeks, links, before, since, strict=True)
        ],
    }


@require_GET
def decision_detail(request: HttpRequest, decision_id: int) -> HttpResponse:
    decision = get_decision_for_user(request, decision_id)
    context = decision_page(request, decision)
    if requested_part(request) == "checklist":
        return render(request, "triage/decision_detail.html#checklist", context)
    return render(request, "triage/decision_detail.html", context)


def _back(request: HttpRequest, decision, part: str = "") -> HttpResponse:
    """htmx gets the part that changed; a plain post goes back to the page."""
    if request.htmx and part:
        return render(
            request, f"triage/decision_detail.html#{part}", decision_page(request, decision)
        )
    return redirect_after_post(request, reverse("decision_detail", args=[decision.pk]))


def _invalid(request: HttpRequest, decision, part: str, **bound) -> HttpResponse:
    template = (
        f"triage/decision_detail.html#{part}" if request.htmx else "triage/decision_detail.html"
    )
    return render(request, template, decision_page(request, decision, **bound), status=INVALID)


@post_only("decision_detail", "decision_id")
def decision_blockers(request: HttpRequest, decision_id: int) -> HttpResponse:
    decision = get_decision_for_user(request, decision_id)
    form = BlockersForm(request.POST, instance=decision)
    if not (form.is_valid() and save_changes(form)):
        return _invalid(request, decision, "blockers", blockers_form=form)
    return _back(request, decision, "blockers")


@post_only("decision_detail", "decision_id")
def decision_handoff(request: HttpRequest, decision_id: int) -> HttpResponse:
    decision = get_decision_for_user(request, decision_id)
    form = HandoffForm(request.POST, instance=decision)
    if not (form.is_valid() and save_changes(form)):
        return _invalid(request, decision, "handoff", handoff_form=form)
    messages.success(request, "Handoff saved.")
    return _back(request, decision)


@post_only("decision_detail", "decision_id")
def step_add(request: HttpRequest, decision_id: int) -> HttpResponse:
    """Add one step, or (with `template`) the template's steps not there yet."""
    decision = get_decision_for_user(request, decision_id)
    if "template" in request.POST:
        texts = letting_go.checklist_template(decision.task.category, decision.task.title)
    else:
        form = StepForm(request.POST)
        if not form.is_valid():
            return _invalid(request, decision, "checklist", step_form=form)
        texts = [form.cleaned_data["text"]]
    with transaction.atomic():
        lock_owner(request.user)  # two tabs adding steps get distinct positions
        have = set(decision.steps.values_list("text", flat=True))
        last = decision.steps.aggregate(last=Max("position"))["last"] or 0
        new = [text for text in texts if text not in have or "template" not in request.POST]
        ChecklistStep.objects.bulk_create(
            ChecklistStep(owner=request.user, decision=decision, position=last + 1 + i, text=text)
            for i, text in enumerate(new)
        )
    return _back(request, decision, "checklist")


@post_only("decision_detail", "decision_id")
def step_change(request: HttpRequest, decision_id: int, step_id: int) -> HttpResponse:
    """Tick, untick, rename, move up or down, or remove one step (`action`)."""
    decision = get_decision_for_user(request, decision_id)
    step = get_object_or_404(decision.steps, pk=_id(step_id))
    action = request.POST.get("action", "")
    if action in ("done", "undone"):  # what the button said, not a flip: two tabs agree
        step.done = action == "done"
        step.save(update_fields=["done"])
    elif action == "delete":
        step.delete()
    elif action in ("up", "down"):
        _move(decision, step, -1 if action == "up" else 1)
    elif action == "edit":
        form = StepForm(request.POST)
        if not form.is_valid():
            return _invalid(request, decision, "checklist", step_form=form)
        step.text = form.cleaned_data["text"]
        step.save(update_fields=["text"])
    else:
        raise Http404("No such change.")
    return _back(request, decision, "checklist")


def _move(decision, step, offset: int) -> None:
    """Swap a step with its neighbour; positions are renumbered 1…n in one transaction."""
    with transaction.atomic():
        steps = list(decision.steps.select_for_update())
        index = next(i for i, s in enumerate(steps) if s.pk == step.pk)
        other = index + offset
        if 0 <= other < len(steps):
            steps[index], steps[other] = steps[other], steps[index]
        for position, each in enumerate(steps, start=1):
            each.position = position
        ChecklistStep.objects.bulk_update(steps, ["position"])


@post_only("decision_detail", "decision_id")
def decision_review(request: HttpRequest, decision_id: int) -> HttpResponse:
    decision = get_decision_for_user(request, decision_id)
    form = ReviewForm(request.POST)
    if not form.is_valid():
        return _invalid(request, decision, "review", review_form=form)
    owner_settings = request.owner_settings
    if decision.status != DecisionStatus.ACTIVE or decision.review_on is None:
        messages.info(request, "That review was already answered.")
        return _back(request, decision)
    [row] = decision_rows.decision_rows([decision], owner_settings, timezone.now())
    try:
        with transaction.atomic():
            decision.answer_review(
                form.cleaned_data["answer"],
                form.cleaned_data["note"],
                owner_settings.today(),
                row.earned.hours_back,
                row.earned.estimated_hours,
            )
    except IntegrityError:  # the other tab answered first
        messages.info(request, "That review was already answered.")
        return _back(request, decision)
    except InvalidTransition as refused:  # answered or ended in another tab meanwhile
        messages.info(request, str(refused))
        return _back(request, decision)
    if form.cleaned_data["answer"] == ReviewAnswer.ADJUST:
        return redirect_after_post(request, reverse("decision_edit", args=[decision.pk]))
    messages.success(request, "Review saved.")
    return _back(request, decision)
