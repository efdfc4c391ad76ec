"""/tasks/: every task with its hours and verdicts; /tasks/<id>/: one task's history."""

from datetime import timedelta
from decimal import Decimal

from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models.functions import Lower
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from triage import charts, formatting, gutcheck, logged_hours
from triage.decision_rows import decision_rows, weekly_hours_handed_off
from triage.durations import hours
from triage.forms import MergeForm, TaskChangeForm, TaskEditForm, TaskForm, TimerStartForm
from triage.models import IDLE_WEEKS, BaselineSource, Category, Task
from triage.text import one_line
from triage.views.helpers import (
    INVALID,
    Linked,
    _id,
    get_task_for_user,
    next_url,
    post_only,
    redirect_after_post,
    redirect_back,
    refused_in_place,
    requested_part,
    save_changes,
    week_logs_addresses,
)
from triage.weeks import weeks_ending_with

# Explicit orderings: a model's Meta.ordering is dropped from GROUP BY queries.
SORTS = {
    "title": [Lower("title")],
    "hours": ["-time_this_week", Lower("title")],
    "average": ["-time_averaged", Lower("title")],
}
CHART_WEEKS = 12
# An imported history can bring thousands of tasks (every Toggl description is one): the
# list shows them a page at a time, and a search finds one by its name.
TASKS_PER_PAGE = 100
SEARCH_MAX_LENGTH = 120


def _task_rows(request: HttpRequest) -> dict:
    owner_settings = request.owner_settings
    this_week = owner_settings.this_week()
    average_weeks = logged_hours.baseline_weeks(owner_settings.today(), owner_settings)
    tasks = logged_hours.tasks_with_hours(request.user, this_week, average_weeks)

    categories = sorted(
        set(Category.values) | set(request.user.tasks.values_list("category", flat=True).distinct())
    )
    category = request.GET.get("category", "")
    if category:
        # Only categories that exist reach the query (a NUL byte would upset PostgreSQL).
        tasks = tasks.filter(category=category) if category in categories else tasks.none()
    show_archived = request.GET.get("archived") == "1"
    if not show_archived:
        tasks = tasks.filter(archived=False)
    query = one_line(request.GET.get("q", ""))[:SEARCH_MAX_LENGTH]
    tasks = tasks.found_by(query)
    sort = request.GET.get("sort", "title")
    tasks = tasks.order_by(*SORTS.get(sort, SORTS["title"]))
    page = Paginator(tasks, TASKS_PER_PAGE).get_page(request.GET.get("page"))
    return {
        "rows": logged_hours.task_rows(page.object_list, len(average_weeks)),
        "change_form": TaskChangeForm(owner=request.user),
        "page": page,
        "categories": categories,
        "category": category,
        "query": query,
        "sort": sort,
        "show_archived": show_archived,
    }


@require_GET
def task_list(request: HttpRequest) -> HttpResponse:
    context = _task_rows(request)
    if requested_part(request) == "task_table":
        return render(request, "triage/task_list.html#task_table", context)
    return render(request, "triage/task_list.html", context | _page_forms(request))


def _page_forms(request: HttpRequest) -> dict:
    """What the whole page has besides the table: the new-task and timer cards, and the
    clients and projects the ticked tasks' form suggests."""
    return {
        "task_form": TaskForm(owner=request.user),
        "timer_form": TimerStartForm(owner=request.user),
        "ticked_clients": request.user.tasks.names("client"),
        "ticked_projects": request.user.tasks.names("project"),
    }


@require_http_methods(["GET", "POST"])
def task_create(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":  # a typed or bookmarked address: the form is on the list
        return redirect(reverse("task_list") + "#task-create")
    form = TaskForm(request.POST, owner=request.user)
    task = form.is_valid() and save_changes(form)  # None: a twin got in first (a double click)
    if not task:
        if request.htmx:
            return refused_in_place(
                request, "triage/task_list.html#task_create", {"task_form": form}, "#task-create"
            )
        context = _task_rows(request) | _page_forms(request) | {"task_form": form}
        return render(request, "triage/task_list.html", context, status=INVALID)
    if request.htmx:
        context = _task_rows(request) | {
            "task_form": TaskForm(owner=request.user),
            "highlight_id": task.pk,
        }
        return render(request, "triage/task_list.html#task_panel", context)
    messages.success(request, f"Added {task.title}.")
    return redirect("task_list")


@require_http_methods(["GET", "POST"])
def task_edit(request: HttpRequest, task_id: int) -> HttpResponse:
    task = get_task_for_user(request, task_id)
    form = TaskEditForm(request.POST or None, instance=task, owner=request.user)
    status = 200
    if request.method == "POST":
        if form.is_valid() and save_changes(form):
            messages.success(request, f"Saved {task.title}.")
            if request.htmx:  # edited inline on the task list: show the list again
                target = next_url(request, reverse("task_list"))
                return redirect_after_post(request, target, page_load=False)
            return redirect_back(request, reverse("task_detail", args=[task.pk]))
        status = INVALID
    template = "triage/task_form.html#task_edit_form" if request.htmx else "triage/task_form.html"
    context = {
        "task": task,
        "form": form,
        "clients": request.user.tasks.names("client"),
        "projects": request.user.tasks.names("project"),
    }
    return render(request, template, context, status=status)


@post_only("task_detail", "task_id")
def task_archive(request: HttpRequest, task_id: int) -> HttpResponse:
    task = get_task_for_user(request, task_id)
    task.archived = request.POST.get("archived", "1") == "1"
    task.save(update_fields=["archived"])
    verb = "Archived" if task.archived else "Restored"
    messages.success(request, f"{verb} {task.title}.")
    if request.htmx:
        target = next_url(request, reverse("task_list"))
        return redirect_after_post(request, target, page_load=False)
    return redirect_back(request, reverse("task_list"))


@post_only("task_list")
def task_change_ticked(request: HttpRequest) -> HttpResponse:
    """Set a category, money or not, a client or a project on every ticked task, or archive
    (or restore) them: all or none (one UPDATE; a task not the owner's, or gone meanwhile,
    changes none). The list comes back as it was filtered, the address's query the list's."""
    ticked = {_id(value) for value in request.POST.getlist("task")}
    archive = {"1": True, "0": False}.get(request.POST.get("archive", ""))  # or restore
    form = TaskChangeForm(request.POST, owner=request.user, ticked=ticked, archive=archive)
    if not form.is_valid():
        context = _task_rows(request) | {
            "change_form": form,
            "ticked": {str(task_id) for task_id in ticked},  # still ticked, to put right
        }
        if request.htmx:
            return render(request, "triage/task_list.html#task_table", context, status=INVALID)
        context |= _page_forms(request)
        return render(request, "triage/task_list.html", context, status=INVALID)
    changes = form.changes()
    with transaction.atomic():
        changed = request.user.tasks.filter(pk__in=ticked).update(**changes)
        if changed != len(ticked):
            raise Http404("No such task.")  # (the atomic block undoes the UPDATE)
    message = _changed_message(changed, changes)
    if request.htmx:
        context = _task_rows(request) | {"changed_message": message}
        return render(request, "triage/task_list.html#task_table", context)
    messages.success(request, message)
    return redirect(reverse("task_list") + (f"?{request.GET.urlencode()}" if request.GET else ""))


def _changed_message(count: int, changes: dict) -> str:
    """`Changed 3 tasks: category bookkeeping, client Acme.` or `Archived 3 tasks.`"""
    tasks = f"{count} task{'s' if count != 1 else ''}"
    words = {
        "is_mga": ("money-generating", "not money-generating"),
        "pinned": ("pinned", "unpinned"),
    }
    said = [
        words[name][0 if value else 1] if name in words else f"{name} {value}"
        for name, value in changes.items()
        if name != "archived"
    ]
    if "archived" in changes:
        verb = "Archived" if changes["archived"] else "Restored"
        return f"{verb} {tasks}" + (f", first set to {', '.join(said)}." if said else ".")
    return f"Changed {tasks}: {', '.join(said)}."


@require_GET
def task_detail(request: HttpRequest, task_id: int) -> HttpResponse:
    task = get_task_for_user(request, task_id)
    owner_settings = request.owner_settings
    this_week = owner_settings.this_week()
    weeks = weeks_ending_with(this_week, CHART_WEEKS)
    gut_checks = list(task.gut_checks.all()[:20])
    latest = gut_checks[0] if gut_checks else None
    baseline, baseline_source = logged_hours.task_baseline(
        task, owner_settings.today(), owner_settings
    )
    decisions = decision_rows(
        list(task.decisions.select_related("task")), owner_settings, timezone.now()
    )
    weekly_hours, handed_off = weekly_hours_handed_off(
        task.pk, task.owner_id, [row.decision for row in decisions], weeks
    )
    if handed_off is None:
        series = {"hours": weekly_hours}
    else:  # the hours while someone else had it in the product's colour, as proof
        yours = [total - part for total, part in zip(weekly_hours, handed_off, strict=True)]
        handed_off, yours = formatting.columns_adding_up(handed_off, yours)
        series = {"Handed off": handed_off, "Yours": yours}
    chart = charts.column_chart([w.short_name for w in weeks], series)
    week_links = week_logs_addresses(weeks, task=task.pk)  # each week's column and row
    context = {
        "task": task,
        "logs": task.time_logs.order_by("-start")[:50],
        "log_count": task.time_logs.count(),
        "gut_checks": gut_checks,
        "verdict": gutcheck.evaluate(latest.answers, baseline) if latest else None,
        "decisions": decisions,
        "chart": chart,
        "week_links": week_links,
        # The chart's figures as a table, its series as columns (handed off and yours).
        "chart_headers": ",".join(["Week of", *(name.capitalize() for name in series)]),
        "chart_rows": [
            (Linked(w.long_name, link), *figures)
            for w, link, *figures in zip(weeks, week_links, *series.values(), strict=True)
        ],
        "baseline_label": BaselineSource(baseline_source).label,
        "total_hours": sum(weekly_hours, Decimal(0)),
        "baseline": baseline,
        "baseline_source": baseline_source,
        "timer_form": TimerStartForm(owner=request.user, initial={"task": task.pk}),
    }
    return render(request, "triage/task_detail.html", context)


@require_http_methods(["GET", "POST"])
def task_merge(request: HttpRequest, task_id: int) -> HttpResponse:
    """GET asks which task to merge into (a rename onto an existing title links here);
    POST moves everything and deletes this one, in one transaction."""
    task = get_task_for_user(request, task_id)
    if request.method == "POST" and request.POST.get("into"):
        get_task_for_user(request, request.POST["into"])  # another owner's task: 404
    initial = {"into": request.GET.get("into")} if request.GET.get("into") else None
    form = MergeForm(request.POST or None, task=task, initial=initial)
    if request.method == "POST" and form.is_valid():
        into = form.cleaned_data["into"]
        try:
            task.merge_into(into)
        except Task.DoesNotExist:  # another tab merged or deleted one of them first
            raise Http404("That task was merged or deleted meanwhile.") from None
        except ValueError as refused:  # a decision started in another tab since the check
            form.add_error("into", str(refused))
        else:
            messages.success(request, f"Merged {task.title} into {into.title}.")
            return redirect_after_post(request, reverse("task_detail", args=[into.pk]))
    status = INVALID if form.is_bound else 200
    context = {"task": task, "form": form, "counts": _counts(task)}
    return render(request, "triage/task_merge.html", context, status=status)


@require_http_methods(["GET", "POST"])
def task_archive_idle(request: HttpRequest) -> HttpResponse:
    """GET says which open tasks had no time in 12 weeks; POST archives them all, in one
    statement (their hours still count; each comes back with Restore)."""
    since = timezone.now() - timedelta(weeks=IDLE_WEEKS)
    idle = request.user.tasks.idle_since(since)
    if request.method == "GET":
        titles = list(idle.order_by(Lower("title")).values_list("title", flat=True))
        context = {"titles": titles, "weeks": IDLE_WEEKS}
        return render(request, "triage/task_archive_idle.html", context)
    count = idle.update(archived=True)
    messages.success(
        request,
        f"Archived {count} task{'s' if count != 1 else ''} with no time in {IDLE_WEEKS} weeks. "
        "Their hours still count; “Show archived” lists them, each with Restore.",
    )
    return redirect_after_post(request, reverse("task_list"))


@require_http_methods(["GET", "POST"])
def task_delete(request: HttpRequest, task_id: int) -> HttpResponse:
    """GET says how many logs and hours go with the task; POST deletes them all."""
    task = get_task_for_user(request, task_id)
    if request.method == "GET":
        context = {"task": task, "counts": _counts(task)}
        return render(request, "triage/task_confirm_delete.html", context)
    task.delete_with_history()
    messages.success(request, f"Deleted {task.title} and its logs.")
    return redirect_after_post(request, reverse("task_list"))


def _counts(task) -> dict:
    logs = task.time_logs.totals()
    return {
        "logs": logs["count"],
        "hours": hours(logs["time"]),
        "gut_checks": task.gut_checks.count(),
        "decisions": task.decisions.count(),
    }
