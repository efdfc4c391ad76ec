"""Display filters: money rounded half-up to cents, hours, durations, signed changes."""

from datetime import timedelta
from decimal import ROUND_HALF_UP, Decimal

from django import template
from django.contrib.humanize.templatetags.humanize import intcomma
from django.utils.html import escape
from django.utils.safestring import mark_safe

from triage.durations import format_duration

register = template.Library()

CENT = Decimal("0.01")


@register.filter
def money(value, places: int = 2) -> str:
    """`21,120.00`: half-up to cents, with thousands separators; an em dash for None."""
    if value is None or value == "":
        return "—"
    quantum = Decimal(1).scaleb(-int(places))
    rounded = Decimal(value).quantize(quantum, rounding=ROUND_HALF_UP) + 0  # + 0: no "-0.00"
    sign = "−" if rounded < 0 else ""
    whole, _, fraction = f"{abs(rounded):f}".partition(".")
    text = intcomma(int(whole))
    return f"{sign}{text}.{fraction}" if fraction else f"{sign}{text}"


@register.filter
def hours(value, places: int = 1) -> str:
    """`4.5`: hours to one decimal, half-up."""
    if value is None or value == "":
        return "—"
    if isinstance(value, timedelta):
        value = Decimal(value.total_seconds()) / 3600
    quantum = Decimal(1).scaleb(-int(places))
    rounded = Decimal(value).quantize(quantum, rounding=ROUND_HALF_UP) + 0  # + 0: no "-0.0"
    return f"−{abs(rounded):f}" if rounded < 0 else f"{rounded:f}"


@register.filter
def duration(value) -> str:
    if value is None:
        return "—"
    return format_duration(value)


@register.filter
def signed(value, kind: str = "hours") -> str:
    """`+1.5` / `−2.0`: the change against last week, with its sign."""
    if value is None:
        return ""
    formatted = money(abs(value)) if kind == "money" else hours(abs(Decimal(value)))
    if Decimal(value) > 0:
        return f"+{formatted}"
    if Decimal(value) < 0:
        return f"−{formatted}"
    return "±0"


@register.filter
def percent(value) -> str:
    if value is None:
        return "—"
    return f"{Decimal(value).quantize(Decimal(1), rounding=ROUND_HALF_UP)}%"


@register.filter
def hourly_rate(value) -> str:
    """A break-even rate as `135.00/h`. Below zero no rate pays off (managing the handoff
    takes longer than the task did), so say that rather than show a negative rate."""
    if value is None:
        return "—"
    if value <= 0:
        return "none: managing it takes longer than it frees"
    return f"{money(value)}/h"


@register.simple_tag
def column_chart(chart, title: str, chart_id: str):
    """An SVG column chart from `charts.column_chart` geometry, with a <title> per column.

    Written in Python rather than as a template loop: the dashboard draws two of these and
    the template engine was most of its render time. The geometry is numbers, written as
    they are; every piece of text (title, labels, series names) goes through escape().
    """
    parts = [
        f'<figure class="chart"><svg viewBox="0 0 {chart.width} {chart.height}" role="img" '
        f'aria-labelledby="{escape(chart_id)}-title" preserveAspectRatio="xMidYMid meet">'
        f'<title id="{escape(chart_id)}-title">{escape(title)}</title>'
    ]
    for line in chart.grid:
        parts.append(
            f'<line class="grid" x1="{chart.plot_left}" x2="{chart.width}" y1="{line.y}" '
            f'y2="{line.y}"/><text class="axis" x="{chart.plot_left - 4}" y="{line.y}" dy="4" '
            f'text-anchor="end">{line.value.normalize():f}</text>'  # 0.5, 25, 50
        )
    # Week labels counted back from the latest column, which is always labelled: every
    # second one when there are many; on a phone (bigger text) every other of those (CSS).
    label_every = 1 if len(chart.columns) <= 6 else 2
    last = len(chart.columns) - 1
    for index, column in enumerate(chart.columns):
        from_last = last - index
        label = escape(column.label)
        tooltip = ", ".join(f"{escape(bar.series)} {hours(bar.value)} h" for bar in column.bars)
        parts.append(f"<g><title>{label}: {tooltip}</title>")
        parts.extend(
            f'<rect class="series-{number}" x="{bar.x}" y="{bar.y}" width="{bar.width}" '
            f'height="{bar.height}" rx="2"/>'
            for number, bar in enumerate(column.bars, start=1)
        )
        if from_last % label_every == 0:
            sparse = "" if from_last % (2 * label_every) == 0 else " minor"
            parts.append(
                f'<text class="axis{sparse}" x="{column.x_center}" y="{chart.height - 6}" '
                f'text-anchor="middle">{label}</text>'
            )
        parts.append("</g>")
    parts.append("</svg>")
    if len(chart.series) > 1:
        keys = "".join(
            f'<span class="key series-{number}">{escape(name)}</span>'
            for number, name in enumerate(chart.series, start=1)
        )
        parts.append(f'<figcaption class="legend">{keys}</figcaption>')
    parts.append("</figure>")
    return mark_safe("".join(parts))  # numbers and escaped text only


@register.simple_tag(takes_context=True)
def week_query(context) -> str:
    """`?week=2026-W48` when the page shows a chosen week, so a form posted from it answers
    with that week; empty for the current week."""
    request = context.get("request")
    week = request.GET.get("week", "") if request else ""
    return f"?week={escape(week)}" if week else ""
