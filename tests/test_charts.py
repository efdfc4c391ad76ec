"""Chart geometry (triage/charts.py) and the SVG the column_chart tag writes from it."""

import re
from decimal import Decimal

import pytest

from triage import charts
from triage.templatetags.triage import column_chart

D = Decimal


@pytest.mark.parametrize(
    ("peak", "top"),
    [
        (D(0), D(1)),
        (D("0.3"), D("0.5")),
        (D(1), D(1)),
        (D(37), D(50)),
        (D(50), D(50)),
        (D(101), D(200)),
    ],
)
def test_the_axis_tops_out_at_a_round_number_at_or_above_the_peak(peak, top):
    assert charts.nice_ceiling(peak) == top


def test_stacked_columns_sit_on_each_other_and_the_tallest_reaches_the_top():
    chart = charts.column_chart(["a", "b"], {"MGA": [D(30), D(10)], "Other": [D(20), D(5)]})
    top_line = min(line.y for line in chart.grid)
    first = chart.columns[0]
    mga, other = first.bars
    assert mga.y + mga.height == pytest.approx(chart.baseline_y)  # first series on the axis
    assert other.y + other.height == pytest.approx(mga.y, abs=0.1)  # the next one on top
    assert other.y == pytest.approx(top_line, abs=0.1)  # 30 + 20 = 50, the axis top
    assert first.total == D(50)
    second_height = sum(bar.height for bar in chart.columns[1].bars)
    assert second_height == pytest.approx((mga.height + other.height) * 15 / 50, abs=0.2)


def test_side_by_side_columns_share_the_slot_and_ignore_negative_values():
    chart = charts.column_chart(["w"], {"Measured": [D(-2)], "Estimated": [D(4)]}, stacked=False)
    measured, estimated = chart.columns[0].bars
    assert measured.height == 0 and measured.value == D(-2)  # drawn flat, listed as it is
    assert estimated.x == pytest.approx(measured.x + measured.width, abs=0.1)
    plot_height = chart.baseline_y - min(line.y for line in chart.grid)
    assert estimated.height == pytest.approx(plot_height * 4 / 5, abs=0.1)  # axis top is 5


def test_bars_in_a_bar_list_are_scaled_to_the_largest():
    bars = charts.bar_list([("client work", D(8)), ("admin", D(2))]).bars
    assert [bar.label for bar in bars] == ["client work", "admin"]
    assert bars[1].width == pytest.approx(bars[0].width / 4, abs=0.1)
    assert bars[1].y > bars[0].y


def test_the_svg_escapes_every_text_and_labels_back_from_the_last_week():
    labels = [f"<w{index}>" for index in range(12)]
    chart = charts.column_chart(labels, {"A&B": [D(1)] * 12, "C": [D(2)] * 12})
    svg = column_chart(chart, 'Hours "<b>"', "chart-id")
    assert "<w" not in svg and "<b>" not in svg and "A&B" not in svg
    assert "&lt;w11&gt;" in svg and "A&amp;B" in svg and "Hours &quot;&lt;b&gt;&quot;" in svg
    assert svg.count("<rect") == 24 and svg.count("<g>") == 12
    shown = re.findall(r'text-anchor="middle">&lt;w(\d+)&gt;<', svg)
    assert shown == ["1", "3", "5", "7", "9", "11"]
    # A month's days: every fourth, back from the last; eight columns or fewer: each.
    days = column_chart(
        charts.column_chart([f"d{n}" for n in range(31)], {"A": [D(1)] * 31}), "", "d"
    )
    assert re.findall(r'text-anchor="middle">d(\d+)<', days) == [
        "2",
        "6",
        "10",
        "14",
        "18",
        "22",
        "26",
        "30",
    ]
    eight = column_chart(
        charts.column_chart([f"d{n}" for n in range(8)], {"A": [D(1)] * 8}), "", "e"
    )
    assert len(re.findall(r'text-anchor="middle">d\d<', eight)) == 8
