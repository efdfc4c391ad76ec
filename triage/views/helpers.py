"""Small helpers every view uses: owner-scoped lookups, the week in the URL, redirects, a
refused htmx form, an address that only takes a form's answer, an edit saved."""

from collections.abc import Callable
from datetime import date
from functools import wraps
from typing import NamedTuple
from urllib.parse import urlencode

from django.core.exceptions import ObjectDoesNotExist
from django.db import IntegrityError, transaction
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST
from django_htmx.http import reswap, retarget

from triage.middleware import is_foreign_key_violation
from triage.models import (
    ChangedMeanwhile,
    Decision,
    ImportBatch,
    Task,
    TimeLog,
    save_or_refuse_if_gone,
)
from triage.weeks import Week, parse_day, parse_week

# htmx swaps these; a plain form post re-renders the page with the same status.
INVALID = 422


def _id(value) -> int:
    """An id from a URL or a form field; anything else is simply not found."""
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        raise Http404("No such object.") from None
    if not 0 < number < 2**63:
        raise Http404("No such object.")
    return number


class BadRange(Exception):
    """A page's or an export's ?from= / ?to= cannot be read; the message says why (a 400)."""


def date_range(request: HttpRequest) -> tuple[date | None, date | None]:
    """`?from=YYYY-MM-DD&to=YYYY-MM-DD`, both optional and inclusive, years 2000–2100."""
    bounds: list[date | None] = []
    for name in ("from", "to"):
        try:
            bounds.append(parse_day(request.GET.get(name, ""), f"?{name}"))
        except ValueError as error:
            raise BadRange(str(error)) from None
    if bounds[0] and bounds[1] and bounds[0] > bounds[1]:
        raise BadRange("“from” is after “to”.")
    return bounds[0], bounds[1]


def get_task_for_user(request: HttpRequest, task_id) -> Task:
    return get_object_or_404(Task, pk=_id(task_id), owner=request.user)


def get_log_for_user(request: HttpRequest, log_id) -> TimeLog:
    return get_object_or_404(
        TimeLog.objects.select_related("task"), pk=_id(log_id), owner=request.user
    )


def get_decision_for_user(request: HttpRequest, decision_id) -> Decision:
    return get_object_or_404(
        Decision.objects.select_related("task", "gut_check"),
        pk=_id(decision_id),
        owner=request.user,
    )


def get_import_for_user(request: HttpRequest, batch_id, imported: bool) -> ImportBatch:
    """A pending upload (imported=False) or a finished import (True) of this owner."""
    return get_object_or_404(
        ImportBatch, pk=_id(batch_id), owner=request.user, imported_at__isnull=not imported
    )


def restored_note(task: Task) -> str:
    """Said after work was logged on a task that was archived (`Task.restore_if_archived`)."""
    return f"{task.title} was archived and is back on your task list."


def requested_part(request: HttpRequest) -> str:
    """The fragment an htmx element asked for: `?part=` in its URL, or a `Triage-Part`
    header when the URL is pushed to the history (a reload must get the whole page)."""
    return request.GET.get("part") or request.headers.get("Triage-Part", "")


def requested_week(request: HttpRequest) -> Week:
    """The week in `?week=2026-W48`, or this week. A malformed week is a 404."""
    owner_settings = request.owner_settings
    label = request.GET.get("week")
    if not label:
        return owner_settings.this_week()
    try:
        return parse_week(label, owner_settings.zone, owner_settings.first_weekday)
    except ValueError as error:
        raise Http404(str(error)) from None


def is_local(request: HttpRequest, target: str) -> bool:
    return bool(target) and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )


def next_url(request: HttpRequest, fallback: str) -> str:
    """Where to go after a post: the form's `next` when it is one of our pages, else the
    fallback. The one place a redirect target from the request is checked."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    return target if is_local(request, target) else fallback


def redirect_back(request: HttpRequest, fallback: str) -> HttpResponse:
    """After a plain form post: back where the form was, if that is one of our pages."""
    return HttpResponseRedirect(next_url(request, fallback))


def redirect_after_post(request: HttpRequest, target: str, page_load: bool = True) -> HttpResponse:
    """A plain form post is redirected; an htmx post tells htmx where to go instead:
    a full page load (HX-Redirect) or an in-place swap of the new page (HX-Location).
    Only ever to one of our pages."""
    if not is_local(request, target):
        target = "/"
    if not request.htmx:
        return HttpResponseRedirect(target)
    response = HttpResponse()
    response["HX-Redirect" if page_load else "HX-Location"] = target
    return response


def refused_in_place(
    request: HttpRequest, template: str, context: dict, target: str
) -> HttpResponse:
    """A form htmx posted, refused: drawn again with its messages inside `target` (its own
    card), not into the element the form names for its success — the verdict's column, the
    whole list — which would lose what stood there."""
    response = render(request, template, context, status=INVALID)
    return reswap(retarget(response, target), "innerHTML")


def post_only(page: str, *pass_on: str) -> Callable:
    """`require_POST` for an address that only takes a form's answer, except that a GET
    goes to the page holding the form (the URL `page`, given the URL arguments named in
    `pass_on`). A plain form refused there leaves the browser on this address; typed
    again, bookmarked or opened from history it was a blank 405."""

    def decorator(view: Callable) -> Callable:
        only_post = require_POST(view)

        @wraps(view)
        def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if request.method in ("GET", "HEAD"):
                return redirect(page, **{name: kwargs[name] for name in pass_on})
            return only_post(request, *args, **kwargs)

        return wrapper

    return decorator


def save_changes(form):
    """Save a ModelForm (a new row, or an edit of one), or return None with the form's own
    message when a twin made by a double click or another tab got in between the form's
    check and this write (the unique constraint refuses the second), or another tab's edit
    of the row did (two saves at the same moment): checked again, the form now says what is
    wrong, as it would have a moment later. An edit of a row another tab deleted meanwhile
    is not saved back (`save_or_refuse_if_gone`)."""
    try:
        with transaction.atomic():  # with what the form's save adds (a new contractor)
            instance = form.save(commit=False)
            if hasattr(form, "refuse_if_changed_meanwhile"):  # saved elsewhere a moment ago
                form.refuse_if_changed_meanwhile()
            save_or_refuse_if_gone(instance)
            form.save_m2m()
    except ChangedMeanwhile:
        try:
            form.instance.refresh_from_db()  # as the other tab left it, before it is checked
        except ObjectDoesNotExist:
            raise ChangedMeanwhile from None  # deleted since, too: the 409 says so
        form.full_clean()
        if form.errors:  # "Changed elsewhere …: Title now reads …"
            return None
        raise
    except IntegrityError as refused:
        if is_foreign_key_violation(refused):
            raise  # a row it names is gone: "deleted a moment ago"
        form.full_clean()
        if form.errors:
            return None
        raise  # not a twin the form knows of: a bug, to be seen as one
    return instance


def report_logs_address(report, **terms) -> str:
    """The address of the logs behind one of a report's figures: the report's period and
    what it is narrowed to (a client, a project, a tag), and the figure's own `terms` (a
    task, a category, a week's days…) in their place. They add up to the figure."""
    narrowed = {
        "from": f"{report.first_day:%Y-%m-%d}",
        "to": f"{report.last_day:%Y-%m-%d}",
        "client": report.client,
        "project": report.project,
        "tag": report.tag,
    }
    query = terms | {name: value for name, value in narrowed.items() if name not in terms}
    return reverse("log") + "?" + urlencode({name: v for name, v in query.items() if v})


class Linked(NamedTuple):
    """A label of a chart's numbers table that leads somewhere (`includes/numbers_table`):
    a report's week to its logs, the dashboard's week to its dashboard."""

    text: str
    url: str

    def __str__(self) -> str:
        return self.text


def week_logs_addresses(weeks: list[Week], **terms) -> list[str]:
    """For each week, the address of its logs narrowed to `terms` (a task's): a chart's
    columns and rows lead there, and the search there totals the column."""
    narrowed = urlencode(terms)
    address = reverse("log") + "?" + (f"{narrowed}&" if narrowed else "")
    return [f"{address}from={week.first_day}&to={week.last_day}" for week in weeks]
