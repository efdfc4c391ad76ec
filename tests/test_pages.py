"""Every page is well-formed enough for labels and shortcuts: no id appears twice."""

import re
from datetime import date
from html.parser import HTMLParser

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "path",
    [
        "/log/",
        "/tasks/",
        "/tasks/{task}/",
        "/tasks/{task}/gut-check/",
        "/decisions/",
        "/dashboard/",
        "/settings/",
        "/welcome/",
        "/import/",
        "/log/{log}/edit/",  # the edit and the split beside it
    ],
)
def test_no_id_appears_twice(
    owner_client, owner, make_task, make_log, make_gut_check, make_decision, path
):
    from datetime import UTC, datetime

    task = make_task(owner)
    log = make_log(task, datetime(2026, 11, 2, 9, tzinfo=UTC))
    make_gut_check(task)
    make_decision(task, decided_on=date(2026, 11, 2))
    response = owner_client.get(path.format(task=task.pk, log=log.pk))
    assert response.status_code == 200, path  # a redirect has no ids to compare
    ids = re.findall(r'\sid="([^"]+)"', response.content.decode())
    assert {"header-timer", "main"} <= set(ids), path  # a whole page, logged in
    assert len(ids) == len(set(ids)), sorted({i for i in ids if ids.count(i) > 1})


@pytest.mark.parametrize(
    ("address", "page"),
    [
        ("/log/quick/", "/log/"),
        ("/log/move/", "/log/"),
        ("/timer/start/", "/log/"),
        ("/settings/tokens/", "/settings/"),
        ("/tasks/{task}/archive/", "/tasks/{task}/"),
        ("/tasks/{task}/gut-check/blockers/", "/tasks/{task}/gut-check/"),
        ("/tasks/{task}/gut-check/what-if/", "/tasks/{task}/gut-check/"),
        ("/decisions/{decision}/handoff/", "/decisions/{decision}/"),
        ("/decisions/{decision}/review/", "/decisions/{decision}/"),
        ("/decisions/{decision}/status/", "/decisions/{decision}/"),
    ],
)
def test_a_forms_address_opened_in_the_browser_goes_to_the_page_holding_the_form(
    owner_client, owner, make_task, make_gut_check, make_decision, address, page
):
    """Where a refused plain form leaves the browser: typed again or opened from history,
    the address shows the form's page, not a blank 405; other methods are still refused."""
    task = make_task(owner)
    decision = make_decision(task, gut_check=make_gut_check(task), decided_on=date(2026, 11, 2))
    ids = {"task": task.pk, "decision": decision.pk}
    status = decision.status
    response = owner_client.get(address.format(**ids))
    assert response.status_code == 302 and response["Location"] == page.format(**ids)
    assert owner_client.get(page.format(**ids)).status_code == 200
    assert owner_client.put(address.format(**ids)).status_code == 405
    task.refresh_from_db()
    decision.refresh_from_db()
    assert not task.archived and decision.status == status  # a GET changed nothing


def test_a_tokens_revoke_address_opened_in_the_browser_leaves_it_working(owner_client, owner):
    from triage.models import ApiToken

    token, _ = ApiToken.objects.issue(owner, "Phone")
    response = owner_client.get(f"/settings/tokens/{token.pk}/revoke/")
    assert response.status_code == 302 and response["Location"] == "/settings/#api-tokens"
    assert ApiToken.objects.filter(pk=token.pk).exists()


class _Controls(HTMLParser):
    """The form controls a person fills in, and whether each has a name a screen reader says."""

    def __init__(self):
        super().__init__()
        self.controls, self.label_targets, self.open_labels = [], set(), 0

    def handle_starttag(self, tag, attributes):
        attrs = dict(attributes)
        if tag == "label":
            self.open_labels += 1
            self.label_targets.add(attrs.get("for"))
        elif tag in ("input", "select", "textarea") and attrs.get("type") not in SELF_NAMED:
            named = self.open_labels or attrs.get("aria-label") or attrs.get("aria-labelledby")
            self.controls.append((attrs.get("name"), attrs.get("id"), bool(named)))

    def handle_endtag(self, tag):
        if tag == "label":
            self.open_labels -= 1

    def unlabelled(self) -> list:
        return [
            name
            for name, id_, named in self.controls
            if not named and id_ not in self.label_targets
        ]


SELF_NAMED = {"hidden", "submit", "button", "reset", "image"}  # their value or alt says it


FORM_PAGES = [
    "/log/",
    "/log/?form=full",
    "/log/?view=timeline",
    "/log/?q=task",
    "/log/{log}/edit/",
    "/tasks/",
    "/tasks/{task}/edit/",
    "/tasks/{task}/merge/",
    "/tasks/{task}/gut-check/",
    "/decisions/",
    "/decisions/{decision}/",
    "/decisions/{decision}/edit/",
    "/contractors/new/",
    "/contractors/{contractor}/edit/",
    "/reports/",
    "/settings/",
    "/welcome/",
    "/import/",
]


@pytest.fixture
def page_ids(owner, make_task, make_log, make_gut_check, make_decision) -> dict:
    """A task with a log, a gut check and a decision handed to a contractor."""
    from datetime import UTC, datetime

    task = make_task(owner, "A task")
    log = make_log(task, datetime(2026, 11, 2, 9, tzinfo=UTC))
    decision = make_decision(
        task, gut_check=make_gut_check(task), contractor="Maya", decided_on=date(2026, 11, 2)
    )
    return {
        "task": task.pk,
        "decision": decision.pk,
        "contractor": decision.contractor_id,
        "log": log.pk,
    }


@pytest.mark.parametrize("path", FORM_PAGES)
def test_every_field_has_a_label(owner_client, page_ids, path):
    """A placeholder is not a label: a screen reader, or a person who has typed, needs one
    (the handoff checklist's "Next step…" box had none)."""
    response = owner_client.get(path.format(**page_ids))
    assert response.status_code == 200, path
    page = _Controls()
    page.feed(response.content.decode())
    assert page.controls, path
    assert page.unlabelled() == [], path


@pytest.mark.parametrize(
    "path",
    [
        *FORM_PAGES,
        "/dashboard/",
        "/tasks/{task}/",
        "/tasks/{task}/delete/",
        "/tasks/archive-idle/",
        "/timer/switch/",
        "/contractors/",
        "/contractors/{contractor}/",
        "/settings/weekly-email/",
        "/settings/weekly-email/html/",
        "/settings/delete-account/",
        "/offline/",
    ],
)
def test_every_page_parses_without_an_html_error(owner_client, owner, page_ids, path):
    """Browsers forgive mis-nested markup by moving it (a form inside a <p> ends the <p>),
    and then a fragment htmx swaps by its id is not where the template put it. With a
    timer running, so its card's forms are there too."""
    import html5lib

    owner_client.post("/timer/start/", {"new_task": "Timed", "category": "admin"})
    response = owner_client.get(path.format(**page_ids))
    assert response.status_code == 200, path
    parser = html5lib.HTMLParser()
    parser.parse(response.content)
    assert parser.errors == [], (path, parser.errors[:5])


def test_the_settings_page_shows_every_setting_in_its_part(owner_client):
    from django.utils.text import slugify

    from triage.forms import OwnerSettingsForm

    in_parts = [name for _, names in OwnerSettingsForm.SECTIONS for name in names]
    assert sorted(in_parts) == sorted(OwnerSettingsForm.Meta.fields)  # none left out, none twice
    page = owner_client.get("/settings/").content.decode()
    for legend in ("Money", "Your week", "Goals", "Emails"):
        assert f'id="{slugify(legend)}"><legend>{legend}</legend>' in page
    goals = page.split("<legend>Goals</legend>")[1].split("</fieldset>")[0]
    assert 'name="mga_share_goal"' in goals and 'name="weekly_hours_cap"' in goals
    assert all(f'name="{name}"' in page for name in OwnerSettingsForm.Meta.fields)
