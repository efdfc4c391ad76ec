"""/dashboard/: the week at a glance — hours, MGA share, hours reclaimed, profit impact."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from triage import charts, dashboard_figures, decision_rows, formatting, goals
from triage.views.helpers import Linked, requested_week


@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    owner_settings = request.owner_settings
    week, now = requested_week(request), timezone.now()
    data = dashboard_figures.dashboard(request.user, owner_settings, week, now)
    trend = dashboard_figures.trend(data, now)
    # Each column as it adds up to its total (formatting.adding_up): a week's MGA and other
    # hours to the week's, the categories to the hours logged above them.
    mga, other = formatting.columns_adding_up(trend.mga, trend.other)
    category_hours = formatting.adding_up([hours for _, hours in data.categories])
    categories = [(name, h) for (name, _), h in zip(data.categories, category_hours, strict=True)]
    # Each week's columns and rows lead to that week's dashboard.
    address = reverse("dashboard")
    week_links = [f"{address}?week={shown.label}" for shown in trend.weeks]
    labels = [Linked(*pair) for pair in zip(trend.labels, week_links, strict=True)]
    # The goals: held against the shown week, and counted over the charted weeks that are
    # over (a week under way has not met or missed a cap yet).
    ended = [i for i, shown in enumerate(trend.weeks) if shown.end <= now]
    this = data.this
    context = {
        "goals": goals.of_week(owner_settings, data.hours_logged[this], data.mga_hours[this]),
        "goals_met": goals.weeks_met(
            owner_settings,
            [trend.mga[i] + trend.other[i] for i in ended],
            [trend.mga[i] for i in ended],
        ),
        "data": data,
        # Overlapping logs count their shared time once each in the hours: say how much.
        "counted_twice": dashboard_figures.counted_twice(request.user, week),
        "week_links": week_links,
        "week": week,
        "is_current_week": week.contains(now),
        "headline": dashboard_figures.headline(data, owner_settings.weeks_per_year),
        "hours_chart": charts.column_chart(
            trend.labels, {"MGA": mga, "Other": other}, limit=owner_settings.weekly_hours_cap
        ),
        "hours_rows": list(zip(labels, mga, other, strict=True)),
        "reclaimed_chart": charts.column_chart(
            trend.labels,
            {"Measured": [max(v, 0) for v in trend.measured], "Estimated": trend.estimated},
            stacked=False,
        ),
        "reclaimed_rows": list(zip(labels, trend.measured, trend.estimated, strict=True)),
        "reclaimed_to_chart": trend.handed_off,
        "categories": categories,
        "category_chart": charts.bar_list(categories),
        # Each category's bar and row lead to the week's logs of that category.
        "category_logs": reverse("log") + f"?from={week.first_day}&to={week.last_day}&category=",
        "active_decisions": (
            shown := dashboard_figures.decisions_as_shown(
                data.active_decisions, owner_settings.currency
            )
        ),
        "part_of_week": any(row.part_of_week for row in shown),
        "a_row_reads_off": any(row.reads_off for row in shown),
        "reviews_due": data.reviews_due(today := owner_settings.today()),
        "today": today,
        "earned": decision_rows.earned_in_all(data.started_decisions, owner_settings, now),
    }
    return render(request, "triage/dashboard.html", context)
