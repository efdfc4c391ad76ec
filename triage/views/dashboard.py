"""/dashboard/: the week at a glance — hours, MGA share, hours reclaimed, profit impact."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from triage import charts, dashboard_figures
from triage.views.helpers import requested_week


def _change(values: list, index: int):
    """This week's figure minus last week's, or None when either is missing."""
    if index < 1 or values[index] is None or values[index - 1] is None:
        return None
    return values[index] - values[index - 1]


@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    owner_settings = request.owner_settings
    week, now = requested_week(request), timezone.now()
    data = dashboard_figures.dashboard(request.user, owner_settings, week, now)
    this = data.this
    # The 12 weeks shown (the first one only feeds "vs last week"), up to the current one:
    # a chart never draws a week that has not happened.
    shown = [i for i in range(1, this + 1) if data.weeks[i].start <= now]
    labels = [data.weeks[i].short_name for i in shown]
    mga = [data.mga_hours[i] for i in shown]
    other = [data.hours_logged[i] - data.mga_hours[i] for i in shown]
    measured = [data.measured_reclaimed[i] for i in shown]
    estimated = [data.estimated_reclaimed[i] for i in shown]
    mga_shares = [data.mga_share(i) for i in range(len(data.weeks))]
    impact = data.profit_impact[this]
    context = {
        "data": data,
        "week": week,
        "is_current_week": week.contains(now),
        "headline": {
            "hours": data.hours_logged[this],
            "hours_change": _change(data.hours_logged, this),
            "mga_share": mga_shares[this],
            "mga_share_change": _change(mga_shares, this),
            "measured": data.measured_reclaimed[this],
            "measured_change": _change(data.measured_reclaimed, this),
            "estimated": data.estimated_reclaimed[this],
            "impact": impact,
            "impact_change": _change(data.profit_impact, this),
            "annual": None if impact is None else impact * owner_settings.weeks_per_year,
        },
        "hours_chart": charts.column_chart(labels, {"MGA": mga, "Other": other}),
        "hours_rows": list(zip(labels, mga, other, strict=True)),
        "reclaimed_chart": charts.column_chart(
            labels,
            {"Measured": [max(v, 0) for v in measured], "Estimated": estimated},
            stacked=False,
        ),
        "reclaimed_rows": list(zip(labels, measured, estimated, strict=True)),
        "category_chart": charts.bar_list(data.categories),
    }
    return render(request, "triage/dashboard.html", context)
