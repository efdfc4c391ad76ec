"""The stylesheet's colours, light and dark, against WCAG 2.2's contrast minimums: text
4.5:1 on the page and on a card, the charts' two series 3:1 on a card (1.4.11: a chart's
bars are what it says)."""

import re
from pathlib import Path

import pytest

STYLESHEET = Path(__file__).resolve().parent.parent / "static" / "css" / "triage.css"


def _schemes() -> dict[str, dict[str, str]]:
    css = STYLESHEET.read_text()
    light, dark = css.split("@media (prefers-color-scheme: dark)")[:2]
    return {"light": _variables(light), "dark": _variables(dark.split("}")[0])}


def _variables(block: str) -> dict[str, str]:
    return dict(re.findall(r"--([a-z0-9-]+): (#[0-9a-f]{6})", block))


def _luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(one: str, other: str) -> float:
    lighter, darker = sorted((_luminance(one), _luminance(other)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def test_contrast_is_computed_as_wcag_does():
    assert round(contrast("#000000", "#ffffff"), 1) == 21.0
    assert round(contrast("#767676", "#ffffff"), 2) == 4.54  # the usual grey at the line


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize(
    "foreground, background, minimum",
    [
        ("text", "bg", 4.5),
        ("text", "surface", 4.5),
        ("muted", "bg", 4.5),
        ("muted", "surface", 4.5),
        ("muted", "warn-soft", 4.5),  # a figure's note in a row below plan
        ("muted", "accent-soft", 4.5),
        ("accent", "surface", 4.5),  # links
        ("accent", "bg", 4.5),
        ("accent-text", "accent", 4.5),  # a primary button
        ("accent", "accent-soft", 4.5),  # a badge
        ("warn", "warn-soft", 4.5),
        ("danger", "danger-soft", 4.5),
        ("danger", "surface", 4.5),
        ("good", "surface", 4.5),
        ("series-1", "surface", 3),
        ("series-2", "surface", 3),
    ],
)
def test_colours_meet_their_contrast_minimum(scheme, foreground, background, minimum):
    colours = _schemes()[scheme]
    assert contrast(colours[foreground], colours[background]) >= minimum
