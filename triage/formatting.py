"""How numbers read on a page: money by Babel for the owner's currency and locale, hours with
the locale's decimal sign, percentages one way. Money's caller passes the currency and
locale; hours take the locale of the request or email being drawn (`numbers_in`).

- money: the currency's own decimals (`€325.00`, `325,00 €`, `¥12,000`), rounded half-up;
  yearly and cumulative totals without cents (`€15,600`);
- percentages: whole numbers (`28%`);
- hours: a figure (an average, hours reclaimed) as decimal hours to one place (`4.5 h`,
  `4,5 h` in German: beside `325,00 €` a point would read as another number's);
  a stretch of logged time as hours and minutes (`1h 30m`, `durations.format_duration`);
- a log's times: `09:00–09:45` on the owner's 24-hour clock (`time_range`).
Exports and the API keep plain numbers (`csv_export.number`).
"""

import copy
import functools
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date, datetime, timedelta, tzinfo
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Context, Decimal

from babel import Locale, UnknownLocaleError
from babel.core import get_global
from babel.numbers import (
    get_currency_precision,
    get_decimal_symbol,
    get_territory_currencies,
    list_currencies,
    parse_pattern,
)
from django.utils import timezone

DEFAULT_LOCALE = "en_US"


@functools.cache
def currencies() -> frozenset[str]:
    """ISO 4217 codes Babel knows."""
    return frozenset(list_currencies())


def is_currency(code: str) -> bool:
    return code in currencies()


@functools.cache
def _locale(identifier: str) -> Locale:
    try:
        return Locale.parse(identifier or DEFAULT_LOCALE)
    except (UnknownLocaleError, ValueError, TypeError):
        return Locale.parse(DEFAULT_LOCALE)


@functools.cache
def _pattern(identifier: str, whole: bool):
    pattern = copy.copy(parse_pattern(_locale(identifier).currency_formats["standard"].pattern))
    if whole:
        pattern.frac_prec = (0, 0)
    return pattern


# Hours are seconds divided by 3600, so two sums of the same time may differ in Decimal's
# 28th digit (four weeks' hours added up read 0.7499…98 h a week, their total ÷ 4 reads
# 0.75): a figure on a rounding edge would read 0.7 in one place and 0.8 in another.
# Settled to 12 decimals before it is rounded to be read, the same time reads the same
# everywhere; no figure from whole seconds lies that close to an edge but on one.
NOISE = Decimal("1e-12")
_WIDE = Context(prec=60)  # room for the 12 decimals beside any whole part


def settled(value) -> Decimal:
    """`value` without the noise of Decimal's last digits (`NOISE`)."""
    return _WIDE.quantize(value if type(value) is Decimal else Decimal(value), NOISE)


def whole_units(value: Decimal) -> Decimal:
    """A sum of money as it is shown without cents (half up, as `money(whole=True)`)."""
    return settled(value).quantize(Decimal(1), rounding=ROUND_HALF_UP)


def rounded(value, places: int = 1) -> Decimal:
    """`value` as it reads to `places` decimals, half up (hours to a tenth: `4.5`)."""
    return settled(value).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP) + 0


def sum_as_shown(values: Iterable[Decimal], places: int = 1) -> Decimal:
    """The values added up as each reads, to `places` decimals: the total of rows that are
    figures in their own right (each decision's "a year" is the same on its own page)."""
    return sum((rounded(value, places) for value in values), Decimal(0))


def adding_up(values: Sequence[Decimal], places: int = 1) -> list[Decimal]:
    """The values rounded to `places` so that they add up to their total rounded, as a
    column reads under its total (68.8 + 17.7 + … = 112.6 h, shares making 100%): each is
    its own value rounded down or up, the ones closest to rounding up going up first (the
    largest remainder method). The same values always read the same."""
    unit = Decimal(1).scaleb(-places)
    values = [settled(v) for v in values]
    floors = [v.quantize(unit, rounding=ROUND_FLOOR) for v in values]
    ups = int((rounded(sum(values, Decimal(0)), places) - sum(floors, Decimal(0))) / unit)
    going_up = rounding_up([v - f for v, f in zip(values, floors, strict=True)], ups)
    return [f + unit * (i in going_up) + 0 for i, f in enumerate(floors)]


def columns_adding_up(*series: Sequence[Decimal], places: int = 1) -> list[list[Decimal]]:
    """The series of a stacked chart, each column's figures rounded (`adding_up`) so that
    they add up to the column's total as it reads: a week's MGA and other hours, a task's
    hours handed off and its own, before a decision and since."""
    columns = [adding_up(column, places) for column in zip(*series, strict=True)]
    return [list(figures) for figures in zip(*columns, strict=True)] or [[] for _ in series]


def rounding_up(remainders: Sequence, count: int) -> set[int]:
    """Which figures of a column go up (`adding_up`): the `count` whose remainders are the
    largest; among equals, the earlier (the rows come biggest first)."""
    return set(sorted(range(len(remainders)), key=lambda i: (-remainders[i], i))[:count])


def money_places(currency: str) -> int:
    """The decimals `currency` is written with: 2 for USD, 0 for JPY."""
    return get_currency_precision(currency)


def money(value: Decimal | None, currency: str, locale: str = DEFAULT_LOCALE, whole=False) -> str:
    """`€325.00` (en), `325,00 €` (de), `¥12,000`; `whole` drops the cents of a big total."""
    if value is None:
        return "—"
    shown = rounded(value, 0 if whole else money_places(currency))
    return _pattern(locale, whole).apply(
        shown, _locale(locale), currency=currency, currency_digits=not whole
    )


# The locale hours are written in, for the request or email being drawn (a filter has no
# page context to ask). A context variable: each gunicorn thread has its own.
_number_locale: ContextVar[str] = ContextVar("number_locale", default=DEFAULT_LOCALE)


@contextmanager
def numbers_in(locale: str) -> Iterator[None]:
    """Write hours the way `locale` does while drawing a page or an email."""
    token = _number_locale.set(locale or DEFAULT_LOCALE)
    try:
        yield
    finally:
        _number_locale.reset(token)


@functools.cache
def _decimal_symbol(identifier: str) -> str:
    return get_decimal_symbol(_locale(identifier))


def with_decimal_sign(text: str) -> str:
    """`20.8` as the locale being drawn writes it (`20,8` in German)."""
    symbol = _decimal_symbol(_number_locale.get())
    return text if symbol == "." else text.replace(".", symbol)


def hours(value, places: int = 1) -> str:
    """`4.5` (`4,5` in German): hours, or a count of weeks, to one decimal, half-up — on a
    page, in its running text and in an email alike (the gut check's "You log 0.2 h" once
    rounded half-even where the task list said 0.3)."""
    shown = rounded(value, places)  # + 0 inside: no "-0.0"
    return with_decimal_sign(f"−{abs(shown):f}" if shown < 0 else f"{shown:f}")


def percent(value: Decimal | None) -> str:
    """`28%`: a share out of 100, as a whole number."""
    if value is None:
        return "—"
    return f"{rounded(value, 0)}%"


def time_range(start: datetime, end: datetime | None, zone: tzinfo | None = None) -> str:
    """`09:00–09:45`: a log's times on the clock of `zone` (by default the time zone active
    for the request); `23:00–01:00 (next day)` past midnight (a piece up to midnight,
    `23:00–00:00`, ends on its own day); `09:00–` while its timer runs."""
    start, end = (timezone.localtime(moment, zone) if moment else None for moment in (start, end))
    if not end:
        return f"{start:%H:%M}–"
    next_day = (end - timedelta(microseconds=1)).date() > start.date()
    return f"{start:%H:%M}–{end:%H:%M}" + (" (next day)" if next_day else "")


def due_on(day: date, today: date) -> str:
    """`due today`, `due yesterday`, `due 4 Nov, 22 days ago`, `due 4 Sep 2025, 14 months
    ago`: a review date that has come, with how long it has waited."""
    waited = (today - day).days
    if waited <= 0:
        return "due today"
    if waited == 1:
        return "due yesterday"
    when = f"{day.day} {day:%b}" if day.year == today.year else f"{day.day} {day:%b %Y}"
    if waited < 14:
        ago = f"{waited} days"
    elif waited < 61:
        ago = f"{waited // 7} weeks"
    else:
        ago = f"{(today.year - day.year) * 12 + today.month - day.month} months"
    return f"due {when}, {ago} ago"


def locale_from_header(accept_language: str) -> str:
    """The browser's first language Babel can write numbers for (`de-DE` → `de_DE`)."""
    for part in accept_language.split(","):
        tag = part.split(";")[0].strip().replace("-", "_")
        if not tag or tag == "*":
            continue
        try:
            locale = Locale.parse(tag)
        except (UnknownLocaleError, ValueError):
            continue
        if locale.territory is None:  # `de` alone: the language's main country
            likely = get_global("likely_subtags").get(locale.language, "")
            territory = likely.split("_")[-1] if likely else ""
            if territory.isalpha() and territory.isupper():
                return f"{locale.language}_{territory}"
        return str(locale)
    return DEFAULT_LOCALE


def currency_of(locale: str) -> str | None:
    """The money of the locale's country today (`de_DE` → EUR, `en_GB` → GBP, `ja_JP` →
    JPY): a new owner's likely currency. None when the country has none Babel knows."""
    territory = _locale(locale).territory
    found = get_territory_currencies(territory) if territory else []
    return found[0] if found and is_currency(found[0]) else None


@functools.cache
def locale_choices(currency: str = "EUR") -> list[tuple[str, str]]:
    """Language and country pairs an owner can pick, by name, each with an amount in
    `currency` as it would read there (`German (Germany) · 1.234,50 $`)."""
    from babel.localedata import locale_identifiers

    choices = []
    for identifier in locale_identifiers():
        parts = identifier.split("_")
        if len(parts) != 2 or not parts[1].isalpha() or not parts[1].isupper():
            continue  # language_TERRITORY only: no scripts, no regions like 001
        locale = _locale(identifier)
        example = money(Decimal("1234.5"), currency, identifier)
        choices.append((identifier, f"{locale.get_display_name('en')} · {example}"))
    return sorted(choices, key=lambda choice: choice[1].lower())
