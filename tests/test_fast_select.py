"""The one-pass <select> renders what Django's Select would, option for option."""

import pytest
from django import forms
from django.db import connection
from django.test.html import parse_html
from django.test.utils import CaptureQueriesContext

from triage.forms import FastSelect, OwnersChoiceField, TimerStartForm
from triage.models import Task

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("value", [None, "", "Europe/Berlin", "Not/A_Zone"])
def test_same_html_as_djangos_select(value):
    choices = [("", "Pick one…"), ("Europe/Berlin", "Europe/Berlin"), ("A&B", "<A & B>")]
    attrs = {"id": "id_zone", "required": True, "aria-invalid": "true"}
    ours = FastSelect(choices=choices).render("zone", value, attrs)
    django = forms.Select(choices=choices).render("zone", value, attrs)
    assert parse_html(ours) == parse_html(django)


def test_the_task_list_is_one_plain_query_and_marks_the_chosen_task(owner, make_task):
    tasks = [make_task(owner, f"Task {n} <b>") for n in range(3)]
    form = TimerStartForm(owner=owner, initial={"task": tasks[1].pk})
    with CaptureQueriesContext(connection) as queries:
        html = str(form["task"])
    assert len(queries.captured_queries) == 1
    assert "DECLARE" not in queries.captured_queries[0]["sql"].upper()  # no server-side cursor
    assert f'<option value="{tasks[1].pk}" selected>Task 1 &lt;b&gt;</option>' in html
    assert html.count("<option") == 4  # "Pick a task…" and the three


def test_a_chosen_task_still_validates_as_the_owners_only(owner, other_owner, make_task):
    mine, theirs = make_task(owner, "Mine"), make_task(other_owner, "Theirs")
    field = OwnersChoiceField(queryset=Task.objects.filter(owner=owner))
    assert field.clean(str(mine.pk)) == mine
    with pytest.raises(forms.ValidationError):
        field.clean(str(theirs.pk))
