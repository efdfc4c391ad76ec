"""/dashboard/: the week at a glance — hours, MGA share, hours reclaimed, profit impact."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from triage import charts, dashboard_figures, decision_rows
from triage.views.helpers import requested_week


@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    owner_settings = request.owner_settings
    week, now = requested_week(request), timezone.now()
    data = dashboard_figures.dashboard(request.user, owner_settings, week, now)
    trend = dashboard_figures.trend(data, now)
    context = {
        "data": data,
        "week": week,
        "is_current_week": week.contains(now),
        "headline": dashboard_figures.headline(data, owner_settings.weeks_per_year),
        "hours_chart": charts.column_chart(trend.labels, {"MGA": trend.mga, "Other": trend.other}),
        "hours_rows": list(zip(trend.labels, trend.mga, trend.other, strict=True)),
        "reclaimed_chart": charts.column_chart(
            trend.labels,
            {"Measured": [max(v, 0) for v in trend.measured], "Estimated": trend.estimated},
            stacked=False,
        ),
        "reclaimed_rows": list(zip(trend.labels, trend.measured, trend.estimated, strict=True)),
        "category_chart": charts.bar_list(data.categories),
        "part_of_week": any(row.part_of_week for row in data.active_decisions),
        "reviews_due": data.reviews_due(today := owner_settings.today()),
        "today": today,
        "earned": decision_rows.earned_in_all(data.started_decisions, owner_settings, now),
    }
    return render(request, "triage/dashboard.html", context)
