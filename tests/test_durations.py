"""What people type for a duration, and formatting it back."""

from datetime import timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from triage.durations import DurationError, format_duration, hours, parse_duration


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        ("45m", 45),
        ("1h30", 90),
        ("1h 30m", 90),
        ("1:30", 90),
        ("1.5h", 90),
        ("90", 90),
        ("2h15", 135),
        ("2h", 120),
        ("45 min", 45),
        ("1,5h", 90),
        ("2 hours 15 minutes", 135),
        (" 1H30 ", 90),
        ("0:05", 5),
        ("24h", 1440),
    ],
)
def test_it_reads_what_people_type(text, minutes):
    assert parse_duration(text) == timedelta(minutes=minutes)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "Enter a duration"),
        ("banana", "not a duration"),
        ("0", "longer than zero"),
        ("0m", "longer than zero"),
        ("-30m", "negative"),
        ("25h", "at most 24 hours"),
        ("1.5", "Add a unit"),
        ("1h75", "under 60"),
        ("1:75", "not a duration"),
    ],
)
def test_it_refuses_nonsense_with_a_reason(text, message):
    with pytest.raises(DurationError, match=message):
        parse_duration(text)


@pytest.mark.parametrize(("minutes", "text"), [(90, "1h 30m"), (45, "45m"), (120, "2h"), (0, "0m")])
def test_it_formats_like_a_person_writes(minutes, text):
    assert format_duration(timedelta(minutes=minutes)) == text


@pytest.mark.parametrize(
    ("seconds", "text"),
    [(1.7, "1s"), (12, "12s"), (29.9, "29s"), (30, "1m"), (31, "1m"), (150, "3m")],  # half up
)
def test_a_log_under_half_a_minute_shows_its_seconds_not_0m(seconds, text):
    assert format_duration(timedelta(seconds=seconds)) == text


@given(st.integers(min_value=1, max_value=24 * 60))
def test_parsing_what_formatting_wrote_gives_the_same_duration(minutes):
    duration = timedelta(minutes=minutes)
    assert parse_duration(format_duration(duration)) == duration


@given(st.text(max_size=12))
def test_any_text_parses_or_fails_with_a_message_never_a_crash(text):
    try:
        duration = parse_duration(text)
    except DurationError as error:
        assert str(error)
    else:
        assert timedelta(0) < duration <= timedelta(hours=24)


def test_hours_are_exact_decimals():
    assert hours(timedelta(minutes=90)) == 1.5
    assert str(hours(timedelta(minutes=20))).startswith("0.3333")


def test_absurdly_large_numbers_are_refused_not_overflowed():
    with pytest.raises(DurationError, match="at most 24 hours"):
        parse_duration("1440000000000")
    with pytest.raises(DurationError, match="at most 24 hours"):
        parse_duration("99999999999999999999h")
