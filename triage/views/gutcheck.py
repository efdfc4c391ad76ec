"""/tasks/<id>/gut-check/: six answers, a recommendation with reasons, a live what-if."""

from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from triage import gutcheck, letting_go, logged_hours, outsourcing
from triage.forms import (
    WHAT_IF_FIELDS,
    DecisionForm,
    GutCheckBlockersForm,
    GutCheckForm,
    TaskEstimateForm,
    WhatIfForm,
)
from triage.models import Blocker, Decision, DecisionKind, DecisionStatus
from triage.views.helpers import (
    INVALID,
    get_task_for_user,
    post_only,
    redirect_after_post,
    refused_in_place,
    save_changes,
)


def _result_context(request: HttpRequest, task, what_if_data=None) -> dict:
    """Everything the result panel shows: recommendation, reasons, numbers, what-if."""
    owner_settings = request.owner_settings
    today = owner_settings.today()
    baseline, baseline_source = logged_hours.task_baseline(task, today, owner_settings)
    defaults = WhatIfForm.defaults(owner_settings, baseline)
    what_if = WhatIfForm(what_if_data if what_if_data is not None else defaults)
    valid = what_if.is_valid()
    buyback, buyback_note = logged_hours.buyback_rate_for(owner_settings, today)
    latest = task.gut_checks.first()
    plan = what_if.plan(baseline, owner_settings.mga_hourly_value) if valid else None
    # No baseline: the page asks for an estimate rather than showing zeros.
    numbers = None
    if plan and baseline_source != "none":
        numbers = outsourcing.numbers_for(plan, owner_settings.weeks_per_year)
    verdict = None
    if latest:
        verdict = gutcheck.evaluate(
            latest.answers,
            weekly_hours=baseline,
            contractor_rate=what_if.cleaned_data["contractor_rate"] if valid else None,
            buyback_rate=buyback,
            money=owner_settings.format_money,  # the same rounding as the numbers beside it
        )
    decision_initial = (what_if.cleaned_data if valid else defaults) | {
        "kind": verdict.recommendation if verdict else DecisionKind.OUTSOURCE
    }
    return {
        "task": task,
        "latest": latest,
        "verdict": verdict,
        "baseline": baseline,
        "baseline_source": baseline_source,
        "what_if": what_if,
        "numbers": numbers,
        "buyback_rate": buyback,
        "buyback_note": buyback_note,
        "what_if_fields": WHAT_IF_FIELDS,
        "estimate_form": TaskEstimateForm(instance=task) if baseline_source == "none" else None,
        **_blockers(request, task, latest, verdict, numbers, plan),
        "owner_settings": owner_settings,
        "decision_form": DecisionForm(initial=decision_initial, today=today, owner=request.user),
        # Checked: on to the next task taking time without a verdict (after an import, many).
        "next_to_check": (
            logged_hours.next_to_check(request.user, owner_settings, task) if latest else None
        ),
    }


def _blockers(request: HttpRequest, task, latest, verdict, numbers, plan) -> dict:
    """When the verdict is to hand it off and nothing is planned or active yet: what holds
    the owner back, and each answer's next step with their own numbers."""
    open_decision = task.decisions.filter(
        status__in=[DecisionStatus.PLANNED, DecisionStatus.ACTIVE]
    ).exists()
    if not latest or verdict.recommendation != DecisionKind.OUTSOURCE or open_decision:
        return {"blockers_form": None, "next_steps": [], "job_brief": ""}
    owner_settings = request.owner_settings

    money = owner_settings.format_money
    brief = ""
    if Blocker.WHO in latest.blockers and plan is not None:
        break_even = numbers.break_even_rate if numbers else None
        brief = letting_go.job_brief(task.title, plan.contractor_hours, break_even, [], "", money)
    return {
        "blockers_form": GutCheckBlockersForm(instance=latest),
        "next_steps": letting_go.next_steps(latest.blockers, numbers, plan, money),
        "job_brief": brief,
    }


def _refused(request: HttpRequest, task, part: str, **bound) -> HttpResponse:
    """A form of the gut check's page refused (422), saying why: htmx gets the page's `part`
    that holds it again, a plain post the whole page."""
    context = _result_context(request, task) | bound
    if request.htmx and part:
        return render(request, f"triage/gut_check.html#{part}", context, status=INVALID)
    context["form"] = _check_form(task, context["latest"])
    return render(request, "triage/gut_check.html", context, status=INVALID)


def _check_form(task, latest) -> GutCheckForm:
    """The six questions, answered as last time. The first time only "does it make money"
    is filled in (the task says); the rest wait for the owner: answers given for them would
    make a verdict they never gave — an overwhelm of 3 already counts as draining."""
    if latest:
        initial = {field: getattr(latest, field) for field in GutCheckForm.Meta.fields}
    else:
        initial = {"is_mga": task.is_mga}
    return GutCheckForm(initial=initial)


@require_http_methods(["GET", "POST"])
def gut_check(request: HttpRequest, task_id: int) -> HttpResponse:
    task = get_task_for_user(request, task_id)
    if request.method == "POST":
        form = GutCheckForm(request.POST)
        if not form.is_valid():
            context = _result_context(request, task) | {"form": form}
            if request.htmx:
                return refused_in_place(
                    request, "triage/gut_check.html#check_form", context, "#check-form"
                )
            return render(request, "triage/gut_check.html", context, status=INVALID)
        with transaction.atomic():
            check = form.save(commit=False)
            check.owner, check.task = request.user, task
            check.save()
            # The first question is the task's MGA flag: the latest answer wins.
            if task.is_mga != check.is_mga:
                task.is_mga = check.is_mga
                task.save(update_fields=["is_mga"])
        if not request.htmx:
            return redirect(reverse("gut_check", args=[task.pk]) + "#result")
        return render(request, "triage/gut_check.html#result", _result_context(request, task))
    what_if_data = request.GET if "contractor_rate" in request.GET else None
    context = _result_context(request, task, what_if_data)
    context["form"] = _check_form(task, context["latest"])
    return render(request, "triage/gut_check.html", context)


@require_http_methods(["GET", "POST"])
def what_if(request: HttpRequest, task_id: int) -> HttpResponse:
    """Recompute the numbers for the values typed; nothing is saved. Posted, so the CSRF
    token in the form never lands in a URL (server logs, history); a GET link still works."""
    task = get_task_for_user(request, task_id)
    if request.method == "GET" and not request.GET:  # the address alone: nothing to try
        return redirect("gut_check", task.pk)
    context = _result_context(
        request, task, request.POST if request.method == "POST" else request.GET
    )
    status = 200 if context["what_if"].is_valid() else INVALID
    if request.htmx:
        return render(request, "triage/gut_check.html#numbers", context, status=status)
    context["form"] = _check_form(task, context["latest"])
    return render(request, "triage/gut_check.html", context, status=status)


@require_http_methods(["GET", "POST"])
def decision_create(request: HttpRequest, task_id: int) -> HttpResponse:
    task = get_task_for_user(request, task_id)
    if request.method == "GET":  # a typed or bookmarked address: the form ends the gut check
        return redirect(reverse("gut_check", args=[task.pk]) + "#decide")
    owner_settings = request.owner_settings
    form = DecisionForm(request.POST, today=owner_settings.today(), owner=request.user)
    if not form.is_valid():
        return _refused(request, task, "decide", decision_form=form)
    decision: Decision = form.save(commit=False)
    decision.owner, decision.task = request.user, task
    decision.gut_check = task.gut_checks.first()
    if decision.gut_check:  # what holds the owner back goes with the decision
        decision.blockers = decision.gut_check.blockers
    logged_hours.snapshot_decision(decision, owner_settings)
    decision.save()
    next_step = (
        " Open it for who takes it, the handoff checklist and its trial; start it when the"
        " handoff begins."
        if decision.kind == DecisionKind.OUTSOURCE
        else ""
    )
    messages.success(request, f"Decided: {decision}.{next_step}")
    return redirect_after_post(request, reverse("decision_list") + f"#decision-{decision.pk}")


@post_only("task_detail", "task_id")
def task_estimate(request: HttpRequest, task_id: int) -> HttpResponse:
    """The gut check's one-field question when a task has no logs: how long a week?"""
    task = get_task_for_user(request, task_id)
    form = TaskEstimateForm(request.POST, instance=task)
    if not (form.is_valid() and save_changes(form)):
        return _refused(request, task, "", estimate_form=form)  # a plain form: the page
    return redirect_after_post(request, reverse("gut_check", args=[task.pk]) + "#result")


@post_only("gut_check", "task_id")
def gut_check_blockers(request: HttpRequest, task_id: int) -> HttpResponse:
    """What holds the owner back, saved with the latest gut check; the next steps follow."""
    task = get_task_for_user(request, task_id)
    latest = task.gut_checks.first()
    if latest is None:
        return redirect_after_post(request, reverse("gut_check", args=[task.pk]))
    form = GutCheckBlockersForm(request.POST, instance=latest)
    if not (form.is_valid() and save_changes(form)):  # ticked elsewhere since: it says what
        return _refused(request, task, "result", blockers_form=form)
    if request.htmx:
        return render(request, "triage/gut_check.html#result", _result_context(request, task))
    return redirect_after_post(request, reverse("gut_check", args=[task.pk]) + "#blockers")
