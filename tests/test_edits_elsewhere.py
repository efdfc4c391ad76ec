"""Two tabs (or the laptop and the phone) editing one row: a save over a change made since
the form was opened says so and keeps that change; a second save means it."""

import re
from decimal import Decimal
from html.parser import HTMLParser

import pytest

from triage.models import Contractor, Decision, Task


class _FormValues(HTMLParser):
    """What a browser would post from the page's form that carries `as_loaded`."""

    def __init__(self):
        super().__init__()
        self.forms, self.select, self.textarea = [], None, None

    def handle_starttag(self, tag, attributes):
        attrs = dict(attributes)
        if tag == "form":
            self.forms.append({})
        elif not self.forms:
            return
        elif tag == "input" and attrs.get("name") and attrs.get("type") not in ("submit",):
            if attrs.get("type") in ("checkbox", "radio") and "checked" not in attrs:
                return
            self.forms[-1][attrs["name"]] = attrs.get("value") or ""
        elif tag == "select":
            self.select = attrs.get("name")
        elif tag == "option" and self.select and "selected" in attrs:
            self.forms[-1][self.select] = attrs.get("value", "")
        elif tag == "textarea":
            self.textarea = attrs.get("name")
            self.forms[-1][self.textarea] = ""

    def handle_endtag(self, tag):
        if tag == "select":
            self.select = None
        elif tag == "textarea":
            self.textarea = None

    def handle_data(self, data):
        if self.textarea:
            self.forms[-1][self.textarea] += data.lstrip("\n")


def form_of(html: str, action: str | None = None) -> dict:
    """The page's form that carries `as_loaded` (the one posting to `action`, when told and
    the page has several)."""
    if action and f'action="{action}"' in html:
        html = "<form " + html.split(f'action="{action}"', 1)[1].split("</form>")[0]
    parser = _FormValues()
    parser.feed(html)
    [form] = [form for form in parser.forms if "as_loaded" in form]
    return form


@pytest.fixture
def rows(owner, make_task, make_decision):
    task = make_task(owner, "Invoicing")
    decision = make_decision(task, contractor="Maya")
    return {"task": task, "decision": decision, "contractor": decision.contractor}


EDITS = [
    # (address, the row, a field another tab changes and to what, how the page then names
    # it, a field this tab types)
    ("/tasks/{task}/edit/", "task", ("title", "Bills"), "Title now reads “Bills”", ("project", "Q4")),
    ("/decisions/{decision}/edit/", "decision", ("notes", "from the phone"),
     "Notes now reads “from the phone”", ("notes", "mine")),
    ("/decisions/{decision}/handoff/", "decision", ("sop_url", "https://a.example/sop"),
     "SOP link now reads “https://a.example/sop”", None),
    ("/contractors/{contractor}/edit/", "contractor", ("rate", Decimal("40")),
     "Rate (per hour) now reads “40.00”", ("contact", "maya@example.com")),
]  # fmt: skip


def open_and_type(client, rows, address: str, row: str, typed) -> tuple[str, dict, type]:
    """The edit's address for the row, its form as the page drew it with this tab's typing
    in it (a handoff's definition of done), and the row's model."""
    address = address.format(**{name: value.pk for name, value in rows.items()})
    page_address = address if "handoff" not in address else address.replace("handoff/", "")
    opened = form_of(client.get(page_address).content.decode(), address)
    if "handoff" in address:
        opened |= {"definition_of_done": "Filed by Friday"}
    elif typed:
        opened[typed[0]] = typed[1]
    return address, opened, {"task": Task, "decision": Decision, "contractor": Contractor}[row]


@pytest.mark.parametrize(("address", "row", "elsewhere", "named", "typed"), EDITS)
def test_a_save_over_a_change_made_meanwhile_asks_first(
    owner_client, rows, address, row, elsewhere, named, typed
):
    address, opened, model = open_and_type(owner_client, rows, address, row, typed)
    model.objects.filter(pk=rows[row].pk).update(**dict([elsewhere]))  # another tab saves
    refused = owner_client.post(address, opened)
    assert refused.status_code == 422
    assert f"Changed elsewhere (another tab or device) since you opened this: {named}." in (
        refused.content.decode()
    )
    kept = model.objects.get(pk=rows[row].pk)
    assert getattr(kept, elsewhere[0]) == elsewhere[1]  # the other tab's change stays
    # The refused form carries the row as it is now: saving it again is meant, and goes in.
    again = form_of(refused.content.decode(), address)
    assert again["as_loaded"] != opened["as_loaded"]
    assert owner_client.post(address, again).status_code == 302
    saved = model.objects.get(pk=rows[row].pk)
    if "handoff" in address:
        assert saved.definition_of_done == "Filed by Friday"
    else:
        assert getattr(saved, typed[0]) == typed[1]


def test_an_edit_with_nothing_changed_meanwhile_saves_at_once(owner_client, rows):
    task = rows["task"]
    opened = form_of(owner_client.get(f"/tasks/{task.pk}/edit/").content.decode())
    assert owner_client.post(f"/tasks/{task.pk}/edit/", opened | {"title": "Bills"}).status_code
    assert Task.objects.get(pk=task.pk).title == "Bills"


def test_a_fingerprint_tampered_with_is_asked_about_not_a_silent_refusal(owner_client, rows):
    task = rows["task"]
    opened = form_of(owner_client.get(f"/tasks/{task.pk}/edit/").content.decode())
    for odd in ("x" * 5000, "a.b", "\x00"):
        refused = owner_client.post(f"/tasks/{task.pk}/edit/", opened | {"as_loaded": odd})
        html = refused.content.decode()
        assert refused.status_code == 422
        assert "Changed elsewhere" in html or "Null characters are not allowed" in html


def test_settings_saved_over_a_change_made_in_another_tab_say_so(owner_client, owner):
    opened = form_of(owner_client.get("/settings/").content.decode())
    from triage.models import OwnerSettings

    OwnerSettings.objects.filter(owner=owner).update(currency="EUR")  # another tab saves
    refused = owner_client.post("/settings/", opened | {"weeks_per_year": "46"})
    assert refused.status_code == 422
    assert "Changed elsewhere (another tab or device) since you opened this: Currency" in (
        refused.content.decode()
    )
    assert OwnerSettings.objects.get(owner=owner).currency == "EUR"
    again = form_of(refused.content.decode())
    assert owner_client.post("/settings/", again).status_code == 302
    saved = OwnerSettings.objects.get(owner=owner)
    assert (saved.weeks_per_year, saved.currency) == (46, "USD")  # the typed page, whole


@pytest.mark.parametrize(("address", "row", "elsewhere", "named", "typed"), EDITS)
def test_a_change_saved_elsewhere_between_the_check_and_the_save_is_not_undone(
    owner_client, rows, address, row, elsewhere, named, typed, monkeypatch
):
    """Another tab's save lands after this one's check passed but before it writes (two
    saves at the same moment): the row is read again, locked, as it is written — nothing
    is saved, the form says what changed as it would have a moment later, and the other
    tab's change stays."""
    from triage.forms import KeepsChangesMadeElsewhere

    address, opened, model = open_and_type(owner_client, rows, address, row, typed)
    as_opened = getattr(model.objects.get(pk=rows[row].pk), elsewhere[0])
    checked = KeepsChangesMadeElsewhere.clean

    def check_then_another_tab_saves(form):
        cleaned = checked(form)
        model.objects.filter(pk=rows[row].pk).update(**dict([elsewhere]))
        return cleaned

    with monkeypatch.context() as patched:
        patched.setattr(KeepsChangesMadeElsewhere, "clean", check_then_another_tab_saves)
        refused = owner_client.post(address, opened)
        assert refused.status_code == 422
        said = f"Changed elsewhere (another tab or device) since you opened this: {named}."
        assert said in refused.content.decode()
        kept = model.objects.get(pk=rows[row].pk)
        assert getattr(kept, elsewhere[0]) == elsewhere[1]
        if typed:
            assert getattr(kept, typed[0]) != typed[1]  # nothing of this tab's save went in
        # Through htmx too, the form says so.
        model.objects.filter(pk=rows[row].pk).update(**{elsewhere[0]: as_opened})
        refused_in_place = owner_client.post(address, opened, HTTP_HX_REQUEST="true")
        assert refused_in_place.status_code == 422
        assert said in refused_in_place.content.decode()
    # The refused form carries the row as it is now: saving it again is meant, and goes in.
    assert owner_client.post(address, form_of(refused.content.decode(), address)).status_code == 302
    saved = model.objects.get(pk=rows[row].pk)
    if "handoff" in address:
        assert saved.definition_of_done == "Filed by Friday"
    else:
        assert getattr(saved, typed[0]) == typed[1]


def test_a_row_changed_and_then_deleted_between_the_check_and_the_save_says_so(
    owner_client, rows, monkeypatch
):
    """Another tab edits the task and a third deletes it, both after this save's check:
    nothing is saved and a 409 says it changed (there is no form left to show)."""
    from triage.forms import KeepsChangesMadeElsewhere
    from triage.models import ChangedMeanwhile

    address, opened, _ = open_and_type(owner_client, rows, EDITS[0][0], "task", ("project", "Q4"))
    refuse = KeepsChangesMadeElsewhere.refuse_if_changed_meanwhile

    def refused_then_deleted(form):
        Task.objects.filter(pk=rows["task"].pk).update(title="Bills")
        try:
            refuse(form)
        except ChangedMeanwhile:
            Task.objects.filter(pk=rows["task"].pk).delete()
            raise

    monkeypatch.setattr(
        KeepsChangesMadeElsewhere, "refuse_if_changed_meanwhile", refused_then_deleted
    )
    refused = owner_client.post(address, opened)
    assert refused.status_code == 409
    assert "This changed a moment ago, in another tab or on another device" in (
        refused.content.decode()
    )


def test_settings_saved_elsewhere_between_the_check_and_the_save_are_not_undone(
    owner_client, owner, monkeypatch
):
    from triage.forms import KeepsChangesMadeElsewhere
    from triage.models import OwnerSettings

    opened = form_of(owner_client.get("/settings/").content.decode())
    checked = KeepsChangesMadeElsewhere.clean

    def check_then_another_tab_saves(form):
        cleaned = checked(form)
        OwnerSettings.objects.filter(owner=owner).update(currency="EUR")
        return cleaned

    monkeypatch.setattr(KeepsChangesMadeElsewhere, "clean", check_then_another_tab_saves)
    refused = owner_client.post("/settings/", opened | {"weeks_per_year": "46"})
    assert refused.status_code == 422
    assert "Changed elsewhere (another tab or device) since you opened this: " in (
        refused.content.decode()
    )
    saved = OwnerSettings.objects.get(owner=owner)
    assert (saved.currency, saved.weeks_per_year) == ("EUR", 48)


def _as_loaded_of(html: str, action: str) -> str:
    """The fingerprint the form posting to `action` carries."""
    form = html.split(f'action="{action}"')[1].split("</form>")[0]
    return re.search(r'name="as_loaded" value="([^"]*)"', form).group(1)


@pytest.mark.parametrize("on", ["decision", "gut check"])
def test_blockers_ticked_over_those_ticked_in_another_tab_say_so(
    owner_client, owner, make_task, make_gut_check, make_decision, on
):
    """What holds the owner back, ticked in two tabs: the later save names what the other
    ticked and keeps it; saved again, it is meant."""
    task = make_task(owner, "Invoicing", estimated_minutes_per_week=300)
    check = make_gut_check(task, blockers=["who"])
    row = check if on == "gut check" else make_decision(task, kind="keep", blockers=["who"])
    page, action = (
        (f"/tasks/{task.pk}/gut-check/", f"/tasks/{task.pk}/gut-check/blockers/")
        if on == "gut check"
        else (f"/decisions/{row.pk}/", f"/decisions/{row.pk}/blockers/")
    )
    opened = _as_loaded_of(owner_client.get(page).content.decode(), action)
    type(row).objects.filter(pk=row.pk).update(blockers=["control", "money"])  # the phone
    refused = owner_client.post(action, {"blockers": ["time"], "as_loaded": opened})
    html = refused.content.decode()
    assert refused.status_code == 422
    assert "Changed elsewhere (another tab or device) since you opened this: What" in html
    # Named as the boxes are: "Control: nobody does it like me, Money: I can't afford it".
    assert "now reads “Control: nobody does it like me, Money: I can&#x27;t afford it”" in html
    row.refresh_from_db()
    assert row.blockers == ["control", "money"]
    again = owner_client.post(
        action, {"blockers": ["time"], "as_loaded": _as_loaded_of(html, action)}
    )
    assert again.status_code == 302
    row.refresh_from_db()
    assert row.blockers == ["time"]
