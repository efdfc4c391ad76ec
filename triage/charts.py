"""Geometry for small server-rendered SVG charts; templates draw what this computes.

No chart library and nothing from outside: a chart is a list of rectangles and labels.
"""

from dataclasses import dataclass
from decimal import ROUND_CEILING, Decimal

WIDTH = 600
HEIGHT = 180
PAD_LEFT = 36
PAD_BOTTOM = 22
PAD_TOP = 8


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    value: Decimal
    series: str


@dataclass(frozen=True)
class Column:
    label: str
    x_center: float
    bars: list[Bar]
    total: Decimal


@dataclass(frozen=True)
class GridLine:
    y: float
    value: Decimal


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    columns: list[Column]
    grid: list[GridLine]
    series: list[str]
    baseline_y: float
    plot_left: int
    limit: GridLine | None = None  # a line across the columns: the owner's cap on them


def nice_ceiling(value: Decimal) -> Decimal:
    """A round number at or above `value` for the top of the axis (1, 2, 5, 10, 20, …)."""
    if value <= 0:
        return Decimal(1)
    magnitude = Decimal(10) ** (value.adjusted())
    for step in (1, 2, 5, 10):
        candidate = magnitude * step
        if candidate >= value:
            return candidate
    return (value / magnitude).to_integral_value(ROUND_CEILING) * magnitude  # pragma: no cover


def column_chart(
    labels: list[str],
    series: dict[str, list[Decimal]],
    stacked: bool = True,
    width: int = WIDTH,
    height: int = HEIGHT,
    limit: Decimal | None = None,
) -> Chart:
    """Columns per label; several series either stacked or side by side; with `limit`, a
    line across at that value (the axis reaches up to it)."""
    names = list(series)
    count = len(labels)
    plot_width = width - PAD_LEFT
    plot_height = height - PAD_BOTTOM - PAD_TOP
    baseline_y = height - PAD_BOTTOM
    if stacked:
        peak = max(
            (sum((series[n][i] for n in names), Decimal(0)) for i in range(count)), default=0
        )
    else:
        peak = max((v for n in names for v in series[n]), default=Decimal(0))
    top = nice_ceiling(max(Decimal(peak), limit or 0))
    slot = plot_width / max(count, 1)
    bar_width = slot * 0.7
    columns = []
    for index, label in enumerate(labels):
        left = PAD_LEFT + index * slot + (slot - bar_width) / 2
        bars: list[Bar] = []
        stacked_height = 0.0
        for series_index, name in enumerate(names):
            value = max(series[name][index], Decimal(0))
            bar_height = float(value / top) * plot_height
            if stacked:
                x, this_width = left, bar_width
                y = baseline_y - stacked_height - bar_height
                stacked_height += bar_height
            else:
                this_width = bar_width / len(names)
                x = left + series_index * this_width
                y = baseline_y - bar_height
            bars.append(
                Bar(
                    round(x, 1),
                    round(y, 1),
                    round(this_width, 1),
                    round(bar_height, 1),
                    series[name][index],
                    name,
                )
            )
        columns.append(
            Column(
                label,
                round(left + bar_width / 2, 1),
                bars,
                sum((series[n][index] for n in names), Decimal(0)),
            )
        )
    grid = [
        GridLine(round(baseline_y - plot_height * fraction, 1), top * Decimal(str(fraction)))
        for fraction in (0, 0.5, 1)
    ]
    limit_line = None
    if limit is not None:
        limit_line = GridLine(round(baseline_y - float(limit / top) * plot_height, 1), limit)
    return Chart(width, height, columns, grid, names, baseline_y, PAD_LEFT, limit_line)


@dataclass(frozen=True)
class HorizontalBar:
    label: str
    value: Decimal
    y: float
    width: float


@dataclass(frozen=True)
class BarList:
    width: int
    height: int
    label_width: int
    bars: list[HorizontalBar]
    row_height: int = 26


def bar_list(
    rows: list[tuple[str, Decimal]], width: int = WIDTH, label_width: int = 120
) -> BarList:
    """One horizontal bar per row, longest first, scaled to the largest value."""
    row_height = 26
    peak = max((value for _, value in rows), default=Decimal(0)) or Decimal(1)
    plot_width = width - label_width - 60
    bars = [
        HorizontalBar(label, value, index * row_height, round(float(value / peak) * plot_width, 1))
        for index, (label, value) in enumerate(rows)
    ]
    return BarList(width, max(len(rows), 1) * row_height, label_width, bars, row_height)
