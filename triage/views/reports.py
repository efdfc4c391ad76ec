"""/reports/: any period's hours, shares, hours reclaimed and profit impact; its CSV."""

from datetime import date

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from triage import charts, csv_export, period_report
from triage.text import one_line
from triage.views.csv_views import _csv_response
from triage.views.helpers import BadRange, Linked, date_range, report_logs_address


def _period(request: HttpRequest) -> tuple[date, date, str]:
    owner_settings = request.owner_settings
    choices = period_report.presets(owner_settings.today(), owner_settings.first_weekday)
    preset = request.GET.get("preset", "")
    if preset in choices:
        return choices[preset][1], choices[preset][2], preset
    first, last = date_range(request)
    default = choices["this-month"]
    return first or default[1], last or default[2], "" if first or last else "this-month"


def _named(request: HttpRequest, name: str) -> str:
    """`?client=Acme`, `?project=Website`: the report of one client's or project's tasks."""
    return one_line(request.GET.get(name, ""))[:120]


def _tag(request: HttpRequest) -> str:
    """`?tag=billable`: the report of the logs with that tag (Clockify's report by tag)."""
    return one_line(request.GET.get("tag", ""))[:200]


def _report(request: HttpRequest) -> tuple[period_report.Report, str]:
    """The report the address asks for (period, client, project, tag) and its preset's
    name; raises BadRange or BadPeriod saying why there is none. The page and its CSV read
    it alike."""
    first, last, preset = _period(request)
    report = period_report.report(
        request.user,
        request.owner_settings,
        first,
        last,
        timezone.now(),
        _named(request, "client"),
        _tag(request),
        project=_named(request, "project"),
    )
    return report, preset


@require_GET
def report_page(request: HttpRequest) -> HttpResponse:
    owner_settings = request.owner_settings
    choices = period_report.presets(owner_settings.today(), owner_settings.first_weekday)
    try:
        data, preset = _report(request)
    except (BadRange, period_report.BadPeriod) as error:
        context = {"error": str(error), "presets": choices}
        return render(request, "triage/report.html", context, status=400)
    columns = period_report.as_shown(data, owner_settings.currency)
    labels = [label for label, _, _ in columns.buckets]
    mga = [m for _, m, _ in columns.buckets]
    other = [o for _, _, o in columns.buckets]
    # Each week's (or month's) column and row leads to its logs, which add up to it.
    links = [
        report_logs_address(data, **{"from": f"{a:%Y-%m-%d}", "to": f"{b:%Y-%m-%d}"})
        for a, b in data.bucket_days
    ]
    context = {
        "report": data,
        "columns": columns,
        "preset": preset,
        "presets": choices,
        "chart": charts.column_chart(labels, {"MGA": mga, "Other": other}),
        "chart_links": links,
        "chart_rows": [
            (Linked(label, link), m, o)
            for label, link, m, o in zip(labels, links, mga, other, strict=True)
        ],
    }
    return render(request, "triage/report.html", context)


@require_GET
def export_report(request: HttpRequest) -> HttpResponse:
    owner_settings = request.owner_settings
    try:
        data, _ = _report(request)
    except (BadRange, period_report.BadPeriod) as error:
        return HttpResponse(str(error), status=400, content_type="text/plain; charset=utf-8")
    rows = (csv_export.report_cells(line, owner_settings.currency) for line in data.tasks)
    # Named by what it covers: last year's report, sent to the accountant, says so.
    period = (data.first_day, data.last_day)
    about = " ".join(filter(None, [data.client, data.project, data.tag]))
    return _csv_response(request, "report", csv_export.REPORT_HEADER, rows, period, about)
