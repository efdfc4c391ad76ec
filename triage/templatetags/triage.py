"""Display filters: money rounded half-up to cents, hours, durations, signed changes."""

from datetime import timedelta
from decimal import ROUND_HALF_UP, Decimal

from django import template
from django.contrib.humanize.templatetags.humanize import intcomma

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
def get_item(mapping, key):
    return mapping.get(key)
