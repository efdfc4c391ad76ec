"""Display filters: money rounded half-up to cents, hours, durations, signed changes."""

from datetime import timedelta
from decimal import ROUND_HALF_UP, Decimal

from django import template
from django.contrib.humanize.templatetags.humanize import intcomma
from django.utils.html import format_html, format_html_join
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


@register.simple_tag
def column_chart(chart, title: str, chart_id: str):
    """An SVG column chart from `charts.column_chart` geometry, with a <title> per column.

    Written in Python rather than as a template loop: the dashboard draws two of these and
    the template engine was most of its render time. Every label is escaped by format_html.
    """
    grid = format_html_join(
        "",
        '<line class="grid" x1="{}" x2="{}" y1="{}" y2="{}"/>'
        '<text class="axis" x="{}" y="{}" dy="4" text-anchor="end">{}</text>',
        (
            (
                chart.plot_left,
                chart.width,
                line.y,
                line.y,
                chart.plot_left - 4,
                line.y,
                hours(line.value, 0),
            )
            for line in chart.grid
        ),
    )
    label_every = 1 if len(chart.columns) <= 6 else 2
    columns = []
    for index, column in enumerate(chart.columns):
        tooltip = ", ".join(f"{bar.series} {hours(bar.value)} h" for bar in column.bars)
        bars = format_html_join(
            "",
            '<rect class="series-{}" x="{}" y="{}" width="{}" height="{}" rx="2"/>',
            (
                (number, bar.x, bar.y, bar.width, bar.height)
                for number, bar in enumerate(column.bars, start=1)
            ),
        )
        show_label = index % label_every == 0 or index == len(chart.columns) - 1
        label = (
            format_html(
                '<text class="axis" x="{}" y="{}" text-anchor="middle">{}</text>',
                column.x_center,
                chart.height - 6,
                column.label,
            )
            if show_label
            else ""
        )
        columns.append(
            format_html("<g><title>{}: {}</title>{}{}</g>", column.label, tooltip, bars, label)
        )
    legend = ""
    if len(chart.series) > 1:
        legend = format_html(
            '<figcaption class="legend">{}</figcaption>',
            format_html_join(
                "",
                '<span class="key series-{}">{}</span>',
                ((number, name) for number, name in enumerate(chart.series, start=1)),
            ),
        )
    return format_html(
        '<figure class="chart"><svg viewBox="0 0 {} {}" role="img" aria-labelledby="{}-title" '
        'preserveAspectRatio="xMidYMid meet"><title id="{}-title">{}</title>{}{}</svg>{}</figure>',
        chart.width,
        chart.height,
        chart_id,
        chart_id,
        title,
        grid,
        mark_safe("".join(columns)),
        legend,
    )
