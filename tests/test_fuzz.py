"""Hostile input on every form and query parameter: a clear 4xx, never a 500.

Hypothesis throws text, numbers, huge and odd values, NUL bytes and other owners' ids at
each endpoint as the owner.
"""

import re
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from triage import views
from triage.forms import (
    BlockersForm,
    ContractorForm,
    DecisionForm,
    DecisionStatusForm,
    GutCheckBlockersForm,
    GutCheckForm,
    HandoffForm,
    MergeForm,
    OnboardingForm,
    OwnerSettingsForm,
    QuickEntryForm,
    ReviewForm,
    SplitLogForm,
    StepForm,
    TagRenameForm,
    TaskChangeForm,
    TaskEditForm,
    TaskEstimateForm,
    TaskForm,
    TimeLogForm,
    TimerNoteForm,
    TimerStartedAtForm,
    TimerStartForm,
    TimerStopForm,
    TimerSwitchForm,
    WhatIfForm,
)
from triage.models import ChecklistStep, Contractor, Decision, Task, TimeLog
from triage.views.log import NAMED_TERMS, SEARCH_TERMS

pytestmark = pytest.mark.django_db

ODD = [
    "",
    " ",
    "-1",
    "0",
    "1e309",
    "NaN",
    "Infinity",
    "-0",
    "99999999999999999999",
    "2026-W48",
    "2026-W00",
    "9999-99-99",
    "2026-02-30",
    "25:61",
    "１２",
    "\x00",
    "<script>",
    "=1+1",
    "1h30",
    "1:30",
    "1.5h",
    "45m",
    "24:00",
    "2026-11-02T10:00",
    "True",
    "False",
    "on",
    "ok",
    "%",
    "../../",
    "full",  # the log page's `form=full` and its parts, with odd values beside them
    "full_form_card",
]
VALUES = st.one_of(
    st.sampled_from(ODD),
    st.text(max_size=30),
    st.integers(min_value=-(10**20), max_value=10**20).map(str),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
    st.dates().map(date.isoformat),
)
FUZZ = settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.fixture
def world(owner, other_owner, make_task):
    task = make_task(owner, "Invoicing")
    now = date.today()
    log = TimeLog.objects.create(owner=owner, task=task, start=_dt(now, 8), end=_dt(now, 9))
    decision = Decision.objects.create(
        owner=owner,
        task=task,
        kind="outsource",
        decided_on=now - timedelta(days=2),
        baseline_hours_per_week=Decimal(2),
    )
    theirs = make_task(other_owner, "Theirs")
    contractor = Contractor.objects.create(owner=owner, name="Maya")
    step = ChecklistStep.objects.create(
        owner=owner, decision=decision, text="Share the logins", position=1
    )
    return {
        "task": task.pk,
        "log": log.pk,
        "decision": decision.pk,
        "their_task": theirs.pk,
        "contractor": contractor.pk,
        "step": step.pk,
    }


def _dt(day, hour):
    from datetime import UTC, datetime

    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC) - timedelta(days=1)


def fields(*field_names):
    return st.fixed_dictionaries({name: VALUES for name in field_names})


FUZZED_FORMS: set[type] = set()


def names(form_class) -> list[str]:
    """Every field of a form: a field added later is fuzzed too."""
    FUZZED_FORMS.add(form_class)
    return list(form_class.base_fields)


QUERY_PAGES = [
    ("/dashboard/", ["week"]),
    (
        "/log/",
        [
            "week",
            "q",
            "tag",
            "view",
            "day",
            "part",
            "form",
            "start_time",
            "end_time",
            "ends_next_day",
            "before",
            *SEARCH_TERMS,
        ],
    ),
    ("/tasks/", ["category", "sort", "archived", "q", "page"]),
    ("/tasks/{task}/merge/", ["into"]),
    ("/decisions/", ["status"]),
    ("/reports/", ["from", "to", "preset", "client", "project", "tag"]),
    ("/export/report.csv", ["from", "to", "preset", "excel", "client", "project", "tag"]),
    ("/export/timelogs.csv", ["from", "to", "excel", "task", *NAMED_TERMS]),
    ("/export/decisions.csv", ["from", "to", "excel"]),
    ("/tasks/{task}/gut-check/what-if/", names(WhatIfForm)),
    ("/import/", ["done"]),
    ("/settings/", ["next"]),
]


def test_every_query_parameter_a_view_reads_is_fuzzed():
    """A parameter a view starts reading later is thrown odd values too (the log search's
    `q` was not, and a NUL in it answered 500 on PostgreSQL)."""
    read = set()
    for module in Path(views.__file__).parent.glob("*.py"):
        read |= set(re.findall(r'GET\.get\("(\w+)"', module.read_text()))
        read |= set(re.findall(r'_named\(request, "(\w+)"', module.read_text()))  # the report's
    read |= set(SEARCH_TERMS)  # the log search reads its terms in a loop
    fuzzed = {name for _, field_names in QUERY_PAGES for name in field_names}
    assert read and read <= fuzzed


FORMS = [
    ("/log/quick/", names(QuickEntryForm)),
    ("/log/new/", names(TimeLogForm)),
    ("/log/{log}/edit/", names(TimeLogForm)),
    ("/log/{log}/split/", names(SplitLogForm)),
    ("/log/{log}/times/", ["day", "start_time", "end_time", "ends_next_day", "as_loaded"]),
    ("/log/restore/", ["token"]),
    ("/timer/start/", names(TimerStartForm)),
    ("/timer/stop/", names(TimerStopForm)),
    ("/timer/started-at/", names(TimerStartedAtForm)),
    ("/timer/note/", names(TimerNoteForm)),
    ("/timer/switch/", names(TimerSwitchForm)),
    ("/timer/discard/", ["running", "next"]),
    ("/timer/discard/undo/", ["token", "next"]),
    ("/tasks/new/", names(TaskForm)),
    ("/tasks/{task}/edit/", names(TaskEditForm)),
    ("/tasks/{task}/archive/", ["archived"]),
    ("/tasks/{task}/gut-check/", names(GutCheckForm)),
    ("/tasks/{task}/decisions/new/", names(DecisionForm)),
    ("/decisions/{decision}/status/", names(DecisionStatusForm)),
    ("/decisions/{decision}/edit/", names(DecisionForm)),
    ("/settings/", names(OwnerSettingsForm)),
    ("/welcome/", names(OnboardingForm)),
    ("/import/", ["batch", "confirm"]),
    ("/log/move/", ["task", "log"]),
    ("/log/delete-ticked/", ["log", "confirm"]),
    ("/log/tag-ticked/", ["log", "tag"]),
    (
        "/tasks/change-ticked/",
        ["task", "archive", *(f"{TaskChangeForm.prefix}-{name}" for name in names(TaskChangeForm))],
    ),
    ("/settings/tokens/", ["name"]),
    ("/tasks/{task}/estimate/", names(TaskEstimateForm)),
    ("/tasks/{task}/merge/", names(MergeForm)),
    ("/tasks/{task}/gut-check/blockers/", names(GutCheckBlockersForm)),
    ("/decisions/{decision}/blockers/", names(BlockersForm)),
    ("/decisions/{decision}/handoff/", names(HandoffForm)),
    ("/decisions/{decision}/review/", names(ReviewForm)),
    ("/decisions/{decision}/steps/", names(StepForm)),
    ("/decisions/{decision}/steps/{step}/", ["action", *names(StepForm)]),
    ("/contractors/new/", names(ContractorForm)),
    ("/contractors/{contractor}/edit/", names(ContractorForm)),
    ("/tags/rename/", ["tag", "from", "to", "preset", *names(TagRenameForm)]),
]


def test_every_form_is_fuzzed():
    """A form added later is thrown odd values too: each form class of `triage.forms` is in
    FORMS (or, read from a query, in QUERY_PAGES). Seven were not, until this test."""
    import inspect

    from django import forms as django_forms

    from triage import forms

    declared = {
        cls
        for _, cls in inspect.getmembers(forms, inspect.isclass)
        if issubclass(cls, django_forms.BaseForm)
        and cls.__module__ == forms.__name__
        and cls is not forms.KeepsChangesMadeElsewhere  # a base of four, with no model
    }
    # (OnboardingForm is OwnerSettingsForm's subclass, fuzzed at /welcome/.)
    assert sorted(cls.__name__ for cls in declared - FUZZED_FORMS) == []


# A plain request, or an htmx one from the page it names (HX-Current-URL), whatever that is:
# the log page, another site, an address that does not parse (`http://[` was a 500).
CURRENT_URLS = [
    "http://testserver/log/",
    "http://testserver/log/?week=2026-W45&view=list",
    "http://testserver/log/?week=%00",
    "http://[",
    "https://evil.example/log/",
    "javascript:alert(1)",
    "\x00",
    "",
]
HTMX_HEADERS = st.one_of(
    st.just({}),
    st.sampled_from(CURRENT_URLS).map(
        lambda url: {"HTTP_HX_REQUEST": "true", "HTTP_HX_CURRENT_URL": url}
    ),
)


@pytest.mark.parametrize(("path", "field_names"), QUERY_PAGES, ids=[p for p, _ in QUERY_PAGES])
def test_query_parameters_never_cause_a_500(owner_client, world, path, field_names):
    @FUZZ
    @given(params=fields(*field_names), htmx=HTMX_HEADERS)
    def run(params, htmx):
        response = owner_client.get(path.format(**world), params, **htmx)
        if response.streaming:
            b"".join(response.streaming_content)
        assert response.status_code < 500, (path, params)

    run()


@pytest.mark.parametrize(("path", "field_names"), FORMS, ids=[p for p, _ in FORMS])
def test_forms_never_cause_a_500(owner_client, world, path, field_names):
    @FUZZ
    @given(data=fields(*field_names), htmx=HTMX_HEADERS)
    def run(data, htmx):
        response = owner_client.post(path.format(**world), data, **htmx)
        assert response.status_code < 500, (path, data)

    run()
    # Whatever was thrown at it, the other owner's task is untouched.
    assert Task.objects.get(pk=world["their_task"]).title == "Theirs"


@pytest.mark.parametrize(
    "url",
    [
        "/tasks/?category=%00",
        "/decisions/?status=%00",
        "/dashboard/?week=%00",
        "/export/timelogs.csv?from=%00",
        "/log/?week=%00",
        "/import/?done=%00",
        "/log/?q=%00",
        "/log/?q=invoicing%00",
        "/reports/?from=%00",
        "/reports/?project=%00",
        "/log/?project=a%00",
    ],
)
def test_nul_bytes_in_query_parameters_are_harmless(owner_client, url):
    # PostgreSQL refuses NUL in text: such a value must never reach a query.
    assert owner_client.get(url).status_code < 500


def test_nul_bytes_in_forms_are_refused_with_a_message(owner_client):
    for path, data in [
        ("/log/quick/", {"entry": "45m in\x00voicing", "category": "sales"}),
        ("/tasks/new/", {"title": "a\x00b", "category": "x"}),
        ("/timer/start/", {"new_task": "a\x00b"}),
    ]:
        response = owner_client.post(path, data)
        assert 400 <= response.status_code < 500, (path, response.status_code)
        assert "Null characters are not allowed." in response.content.decode(), path
    assert [task.title for task in Task.objects.all()] == []


def test_the_timesheet_never_causes_a_500(owner_client, world):
    """Its fields are named after a task and a day (`t12_20261103`, and `was_…` beside
    each): odd values in the owner's cells, in another owner's, in ones that name no day."""
    today = date.today()
    cells = [f"t{world['task']}_{today - timedelta(days=days):%Y%m%d}" for days in range(3)]
    cells += [f"t{world['their_task']}_{today:%Y%m%d}", "t999999999999999999_20261399"]
    optional = {name: VALUES for name in cells} | {f"was_{name}": VALUES for name in cells}

    @FUZZ
    @given(
        data=st.fixed_dictionaries({}, optional=optional),
        htmx=st.booleans(),
        week=st.sampled_from(["", "2026-W45", "%00", "9999-W99", "2026-W53"]),
    )
    def run(data, htmx, week):
        extra = {"HTTP_HX_REQUEST": "true"} if htmx else {}
        response = owner_client.post(f"/log/timesheet/?week={week}", data, **extra)
        assert response.status_code < 500, data

    run()
    assert not TimeLog.objects.filter(task_id=world["their_task"]).exists()
