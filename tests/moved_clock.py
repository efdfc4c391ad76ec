"""Run the suite at another moment: the clock starts there and ticks on.

    TRIAGE_TEST_CLOCK=2026-12-31T23:30:00+00:00 make test PYTEST_ARGS="-p tests.moved_clock"

Tests have failed on some days only: at weekends, from mid-December, in one hour of the
day. CI runs the suite at such moments (a Sunday night, New Year's Eve in week 53 or 52) to
find the next one before the calendar does. Python's clock moves (time-machine), and a
browser's with it (tests/e2e/conftest.py); the database's does not.
"""

import os
from datetime import datetime

import pytest
import time_machine

_travel = None


def _moment() -> datetime:
    text = os.environ.get("TRIAGE_TEST_CLOCK", "")
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise pytest.UsageError(f"TRIAGE_TEST_CLOCK={text!r}: give an ISO 8601 instant") from None
    if moment.tzinfo is None:
        raise pytest.UsageError("TRIAGE_TEST_CLOCK needs an offset, e.g. +00:00")
    return moment


def pytest_configure(config):
    global _travel
    _travel = time_machine.travel(_moment(), tick=True)
    _travel.start()


def pytest_unconfigure(config):
    if _travel is not None:
        _travel.stop()


def pytest_report_header(config):
    return f"clock moved to {os.environ.get('TRIAGE_TEST_CLOCK')} (ticking on from there)"
