"""/dashboard/: the week at a glance — hours, MGA share, hours reclaimed, profit impact."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from triage import charts, reports
from triage.views.helpers import requested_week


def _change(values: list, index: int):
    """This week's figure minus last week's, or None when either is missing."""
    if index < 1 or values[index] is None or values[index - 1] is None:
        return None
    return values[index] - values[index - 1]


@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    owner_settings = request.owner_settings
    week = requested_week(request)
    data = reports.dashboard(request.user, owner_settings, week)
    now = this = data.this
    trend = slice(1, None)  # the 12 weeks shown; the first one only feeds "vs last week"
    labels = [w.short_name for w in data.weeks[trend]]
    other_hours = [a - m for a, m in zip(data.hours_logged, data.mga_hours, strict=True)]
    mga_shares = [data.mga_share(i) for i in range(len(data.weeks))]
    annual = [impact * owner_settings.weeks_per_year for impact in data.profit_impact]
    quarters = {name: [] for name in ("replace later", "produce", "hand off", "invest")}
    max_hours = max((p.average_hours for p in data.placements), default=0) or 1
    for placement in data.placements:
        # Chip sizes 1–4 by share of the busiest task's hours (CSS classes, no inline style).
        placement.size = 1 + min(3, int(placement.average_hours / max_hours * 4))
        quarters[placement.verdict.quarter].append(placement)
    context = {
        "data": data,
        "week": week,
        "is_current_week": week.contains(timezone.now()),
        "currency": owner_settings.currency,
        "headline": {
            "hours": data.hours_logged[now],
            "hours_change": _change(data.hours_logged, this),
            "mga_share": mga_shares[now],
            "mga_share_change": _change(mga_shares, this),
            "measured": data.measured_reclaimed[now],
            "measured_change": _change(data.measured_reclaimed, this),
            "estimated": data.estimated_reclaimed[now],
            "impact": data.profit_impact[now],
            "impact_change": _change(data.profit_impact, this),
            "annual": annual[now],
        },
        "hours_chart": charts.column_chart(
            labels, {"MGA": data.mga_hours[trend], "Other": other_hours[trend]}
        ),
        "hours_rows": list(zip(labels, data.mga_hours[trend], other_hours[trend], strict=True)),
        "reclaimed_chart": charts.column_chart(
            labels,
            {
                "Measured": [max(v, 0) for v in data.measured_reclaimed[trend]],
                "Estimated": data.estimated_reclaimed[trend],
            },
            stacked=False,
        ),
        "reclaimed_rows": list(
            zip(
                labels, data.measured_reclaimed[trend], data.estimated_reclaimed[trend], strict=True
            )
        ),
        "category_chart": charts.bar_list(data.categories),
        "quarters": quarters,
    }
    return render(request, "triage/dashboard.html", context)
