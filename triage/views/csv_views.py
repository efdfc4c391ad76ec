"""CSV exports (streamed) and the import with its preview."""

from collections.abc import Iterator
from datetime import date, timedelta

from django.conf import settings
from django.contrib import messages
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.views.decorators.http import require_GET, require_http_methods

from triage import csv_export, csv_import, importing, logged_hours
from triage import decision_rows as decision_rows_module
from triage.models import ImportBatch
from triage.views.helpers import (
    BadRange,
    date_range,
    get_import_for_user,
    redirect_after_post,
)
from triage.views.log import NAMED_TERMS, SEARCH_MAX_LENGTH, filter_logs, search_terms
from triage.weeks import local_midnight, weeks_ending_with

EXPORT_CHUNK = 2000


def _bad_range(error: BadRange) -> HttpResponse:
    return HttpResponse(str(error), status=400, content_type="text/plain; charset=utf-8")


def _csv_response(
    request: HttpRequest,
    name: str,
    header: list[str],
    rows,
    period: tuple[date | None, date | None] = (None, None),
    about: str = "",
) -> StreamingHttpResponse:
    """A streamed CSV download, named by what it covers: the client or task it is `about`,
    if one, and the period when it covers one (last year's logs, sent to the accountant, say
    so: `triage-timelogs-2025-01-01-to-2025-12-31`), else today."""
    name = "-".join(filter(None, [name, slugify(about)]))
    first, last = period
    if first and last:
        dated = f"{first:%Y-%m-%d}-to-{last:%Y-%m-%d}"
    elif first or last:
        dated = f"from-{first:%Y-%m-%d}" if first else f"to-{last:%Y-%m-%d}"
    else:
        dated = f"{request.owner_settings.today():%Y-%m-%d}"
    response = StreamingHttpResponse(
        csv_export.stream_rows(header, rows, bom=request.GET.get("excel") == "1"),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="triage-{name}-{dated}.csv"'
    return response


@require_GET
def export_timelogs(request: HttpRequest) -> HttpResponse:
    try:
        bounds = date_range(request)
    except BadRange as error:
        return _bad_range(error)
    zone = request.owner_settings.zone
    # The log search's filters (one task's logs: its page's "Export all"; a tag's, a
    # client's, a project's, a category's: the search's Export CSV), the file named after
    # them (and the task's title).
    terms = {
        name: value[:SEARCH_MAX_LENGTH]
        for name, value in search_terms(request.GET).items()
        if name not in {"q", "from", "to"}
    }
    logs, task = filter_logs(request, request.user.time_logs.filter(end__isnull=False), terms)
    about = " ".join(
        filter(None, [task.title if task else "", *(terms.get(name) for name in NAMED_TERMS)])
    )
    if bounds[0]:
        logs = logs.filter(start__gte=local_midnight(bounds[0], zone))
    if bounds[1]:
        logs = logs.filter(start__lt=local_midnight(bounds[1] + timedelta(days=1), zone))
    rows = timelog_export_rows(logs, zone)
    return _csv_response(request, "timelogs", csv_export.TIMELOG_HEADER, rows, bounds, about)


@require_GET
def export_decisions(request: HttpRequest) -> HttpResponse:
    try:
        bounds = date_range(request)
    except BadRange as error:
        return _bad_range(error)
    decisions = request.user.decisions.all()
    if bounds[0]:
        decisions = decisions.filter(decided_on__gte=bounds[0])
    if bounds[1]:
        decisions = decisions.filter(decided_on__lte=bounds[1])
    rows = decision_export_rows(decisions, request.owner_settings)
    return _csv_response(request, "decisions", csv_export.DECISION_HEADER, rows, bounds)


def timelog_export_rows(logs, zone) -> Iterator[list[str]]:
    """The time-log export's rows for `logs` (finished ones), oldest first, read as plain
    values a chunk at a time: this export and the data download's timelogs.csv."""
    values = logs.order_by("start", "pk").values_list(
        "start",
        "end",
        "task__title",
        "task__category",
        "task__is_mga",
        "note",
        "task__client",
        "task__project",
        "tags",
    )
    for start, end, title, category, is_mga, note, *kept in values.iterator(
        chunk_size=EXPORT_CHUNK
    ):
        yield csv_export.timelog_cells(start, end, title, category, is_mga, note, zone, *kept)


def decision_export_rows(decisions, owner_settings) -> Iterator[list[str]]:
    """The decision export's rows for `decisions`, with their checklists and what each
    earned so far: this export and the data download's decisions.csv."""
    decisions = (
        decisions.select_related("task", "gut_check", "contractor")
        .annotate(
            checklist_done=Count("steps", filter=Q(steps__done=True)),
            checklist_total=Count("steps"),
        )
        .order_by("decided_on", "pk")
    )
    # A chunk at a time: what each decision earned so far is one query per chunk.
    chunk = []
    for decision in decisions.iterator(chunk_size=EXPORT_CHUNK):
        chunk.append(decision)
        if len(chunk) == EXPORT_CHUNK:
            yield from _decision_chunk(chunk, owner_settings)
            chunk = []
    yield from _decision_chunk(chunk, owner_settings)


def _decision_chunk(decisions, owner_settings):
    earned = decision_rows_module.earned(decisions, owner_settings, timezone.now())
    for decision in decisions:
        yield csv_export.decision_cells(
            decision, owner_settings.weeks_per_year, owner_settings.currency, earned[decision.pk]
        )


@require_GET
def export_contractors(request: HttpRequest) -> HttpResponse:
    from triage.views.contractors import contractor_rows

    rows = contractor_rows(request, request.user.contractors.all())
    currency = request.owner_settings.currency
    cells = (csv_export.contractor_cells(row, currency) for row in rows)
    return _csv_response(request, "contractors", csv_export.CONTRACTOR_HEADER, cells)


@require_http_methods(["GET", "POST"])
def import_page(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":
        batch_id = request.GET.get("done")
        context = {}
        if batch_id:
            batch = get_import_for_user(request, batch_id, imported=True)
            context = _imported_context(request, batch)
        return render(request, "triage/import.html", context)
    if "confirm" in request.POST:
        return _confirm(request)
    return _upload(request)


def _upload(request: HttpRequest) -> HttpResponse:
    upload = request.FILES.get("file")
    if upload is None:
        return _import_error(request, "Choose a CSV file to import.")
    if upload.size > settings.IMPORT_MAX_BYTES:
        limit_mb = settings.IMPORT_MAX_BYTES // (1024 * 1024)
        return _import_error(
            request,
            f"The file is over {limit_mb} MB. Export a shorter date range and import it in parts.",
            status=413,
        )
    try:
        text, encoding = csv_import.decode(upload.read(), settings.IMPORT_MAX_BYTES)
        parsed = csv_import.read_timelogs(
            text, request.owner_settings.zone, now=timezone.now(), encoding=encoding
        )
    except csv_import.ImportFileError as error:
        return _import_error(request, str(error))
    plan = importing.preview(request.user, parsed)
    batch = None
    if not parsed.errors:
        ImportBatch.objects.filter(owner=request.user, imported_at__isnull=True).delete()
        batch = ImportBatch.objects.create(
            owner=request.user,
            filename=upload.name[:255],
            source=parsed.source,
            encoding=encoding,
            content=text,
        )
    context = {
        "parsed": parsed,
        "preview": plan,
        "batch": batch,
        "filename": upload.name,
    }
    status = 422 if parsed.errors else 200
    template = "triage/import.html#preview" if request.htmx else "triage/import.html"
    return render(request, template, context, status=status)


def _import_error(request: HttpRequest, message: str, status: int = 422) -> HttpResponse:
    template = "triage/import.html#preview" if request.htmx else "triage/import.html"
    return render(request, template, {"file_error": message}, status=status)


def _confirm(request: HttpRequest) -> HttpResponse:
    batch = get_import_for_user(request, request.POST.get("batch"), imported=False)
    parsed = csv_import.read_timelogs(
        batch.content, request.owner_settings.zone, now=timezone.now(), encoding=batch.encoding
    )
    if parsed.errors:
        return _import_error(request, "The file has errors; nothing was imported.")
    imported, skipped, task_ids, restored = importing.apply(request.user, parsed)
    batch.imported_at = timezone.now()
    batch.imported_count, batch.skipped_count = imported, skipped
    batch.content = ""  # the logs are in; the raw file is no longer needed
    batch.task_ids = task_ids
    batch.save(
        update_fields=["imported_at", "imported_count", "skipped_count", "content", "task_ids"]
    )
    messages.success(request, importing.summary(imported, skipped, restored))
    return redirect_after_post(request, reverse("import") + f"?done={batch.pk}")


AUDIT_ROWS = 30  # the biggest imported tasks; a long history brings thousands


def _imported_context(request: HttpRequest, batch: ImportBatch) -> dict:
    """Into the audit: the imported tasks, ranked by weekly hours, with gut-check links.

    Weekly hours are averaged over the weeks the imported history covers (up to a year).
    """
    owner_settings = request.owner_settings
    this_week = owner_settings.this_week()
    first = (
        request.user.time_logs.filter(task__in=batch.task_ids)
        .order_by("start")
        .values_list("start", flat=True)
        .first()
    )
    weeks_span = 1 if first is None else max(1, min(52, (this_week.end - first).days // 7 + 1))
    weeks = weeks_ending_with(this_week, weeks_span)
    tasks = logged_hours.tasks_with_hours(request.user, this_week, weeks)
    rows = logged_hours.task_rows(tasks.filter(pk__in=batch.task_ids), weeks_span)
    rows.sort(key=lambda row: -row.average_hours)
    return {
        "batch": batch,
        "imported_rows": rows[:AUDIT_ROWS],
        "more_rows": max(0, len(rows) - AUDIT_ROWS),
        "weeks_span": weeks_span,
    }
