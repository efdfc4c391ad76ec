"""One-line names as people type or paste them (`triage.text.one_line`), and where that
shows: a pasted title with a zero-width space is the task the owner already has."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from triage.models import Task, TimeLog
from triage.text import one_line, tag_list


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("  Client   call\t\n", "Client call"),
        ("Invoicing\u200b", "Invoicing"),  # a zero-width space pasted from a document
        ("\ufeffInvoicing", "Invoicing"),  # a byte-order mark from a file's first cell
        ("\u202eevil", "evil"),  # a right-to-left override turns the row around
        ("soft\u00adhyphen", "softhyphen"),
        ("a\x00b\x07c", "a b c"),  # control characters are spaces
        ("\u200b\u2060\ufeff", ""),  # nothing visible: nothing
        ("\u200d", ""),
        ("family 👨\u200d👩\u200d👧", "family 👨\u200d👩\u200d👧"),  # a joined emoji stays
        ("می\u200cخواهم", "می\u200cخواهم"),  # Persian needs its non-joiner
        ("Café\u00a0Ops", "Café Ops"),  # a no-break space is a space
    ],
)
def test_one_line_keeps_what_shows_and_drops_what_does_not(typed, kept):
    assert one_line(typed) == kept


@given(st.text())
def test_one_line_is_one_clean_line_and_settles(text):
    line = one_line(text)
    assert line == line.strip() and "  " not in line
    assert not any(char in line for char in "\u200b\ufeff\u202e\n\r\t\x00")
    assert one_line(line) == line


@given(st.text(alphabet="aé7Ж \t\n\x00\x1f\u00a0\u200b\u2060\ufeff\u202e\u2066"))
def test_one_line_keeps_every_visible_character_in_order(text):
    assert one_line(text).replace(" ", "") == "".join(char for char in text if char.isalnum())


@pytest.mark.django_db
def test_a_pasted_title_with_an_invisible_character_is_the_task_already_there(
    owner_client, noon_owner, make_task
):
    task = make_task(noon_owner, "Invoicing")
    response = owner_client.post("/log/quick/", {"entry": "45m Invoicing\u200b"})
    assert response.status_code == 302 and TimeLog.objects.get().task == task
    only_invisible = owner_client.post(
        "/log/quick/", {"entry": "45m \u200b\ufeff", "category": "admin", "is_mga": "False"}
    )
    assert only_invisible.status_code == 422
    assert "Add the task after the duration" in only_invisible.content.decode()
    refused = owner_client.post("/tasks/new/", {"title": "\u200b", "category": "admin"})
    assert "Give the task a name." in refused.content.decode()
    renamed = owner_client.post(
        f"/tasks/{task.pk}/edit/", {"title": "\u202eInvoicing\u200b", "category": "admin"}
    )
    assert renamed.status_code == 302
    task.refresh_from_db()
    assert task.title == "Invoicing" and Task.objects.count() == 1


@given(st.text(max_size=60))
def test_a_tag_list_is_each_tag_once_and_reads_back_the_same(tags):
    listed = tag_list(tags)
    assert all(tag and tag == one_line(tag) and "," not in tag for tag in listed)
    assert len({tag.casefold() for tag in listed}) == len(listed)
    assert tag_list(", ".join(listed)) == listed  # what the form saves reads back unchanged


def test_close_matches_catch_a_typo_not_another_task():
    from triage.text import close_matches

    titles = ["Invoicing", "Inbox", "Client call", "Proposals"]
    assert close_matches("invocing", titles) == ["Invoicing"]
    assert close_matches("Proposal", titles) == ["Proposals"]
    assert close_matches("client calls", titles) == ["Client call"]
    assert close_matches("newsletter", titles) == []
    assert close_matches("INVOICING", titles) == []  # that one exists: no question is asked


@pytest.mark.django_db
def test_a_typo_in_a_new_tasks_name_offers_the_task_meant(owner_client, noon_owner, make_task):
    invoicing = make_task(noon_owner, "Invoicing")
    asked = owner_client.post("/log/quick/", {"entry": "45m invocing yesterday - Acme"})
    html = asked.content.decode()
    assert asked.status_code == 200 and "“invocing” is a new task" in html
    assert '<button type="submit" name="meant" value="Invoicing" class="small">' in html
    # The button: the entry as typed, on the task meant; nothing new made.
    meant = owner_client.post(
        "/log/quick/", {"entry": "45m invocing yesterday - Acme", "meant": "Invoicing"}
    )
    assert meant.status_code == 302
    log = TimeLog.objects.get()
    assert (log.task, log.note) == (invoicing, "Acme") and Task.objects.count() == 1
    # The timer's new task the same way.
    asked = owner_client.post("/timer/start/", {"new_task": "invocing"})
    assert 'name="meant" value="Invoicing"' in asked.content.decode()
    # In both forms the first submit button is the form's own: Enter in a field (which
    # clicks the first) saves or starts, never a suggestion.
    entry_asked = owner_client.post("/log/quick/", {"entry": "5m invocing"}).content.decode()
    for html, action, first in (
        (asked.content.decode(), "/timer/start/", "Start timer"),
        (entry_asked, "/log/quick/", "Log it"),
    ):
        form = html[html.index(f'action="{action}"') :]
        assert "Or did you mean" in form
        button = form.split('type="submit"', 1)[1].split("</button>", 1)[0]
        assert button.endswith(first), (action, button)
    owner_client.post("/timer/start/", {"new_task": "invocing", "meant": "Invoicing"})
    assert TimeLog.objects.get(end__isnull=True).task == invoicing
    assert Task.objects.count() == 1


def test_names_saved_before_the_cleaning_are_cleaned_unless_two_would_become_one(migrate):
    old = migrate([("triage", "0015_database_cache")])
    # As the tables were then: today's model (and its signal making today's settings) would
    # ask for columns that came later.
    owner = old.get_model("auth", "User").objects.create(username="olga")
    Task = old.get_model("triage", "Task")
    Contractor = old.get_model("triage", "Contractor")
    pasted = Task.objects.create(
        owner_id=owner.pk,
        title="Invoicing\u200b",
        category=" Admin\u00ad ",
        client="Acme\ufeff",
        project="Q4\nrelaunch",
    )
    twin = Task.objects.create(owner_id=owner.pk, title="email\u200b", category="email")
    Task.objects.create(owner_id=owner.pk, title="Email", category="email")
    invisible = Task.objects.create(owner_id=owner.pk, title="\u200b\u200b", category="other")
    contractor = Contractor.objects.create(owner_id=owner.pk, name="Maya\u202e (VA)")
    new = migrate([("triage", "0016_names_without_invisible_characters")])
    Task = new.get_model("triage", "Task")
    cleaned = Task.objects.get(pk=pasted.pk)
    assert (cleaned.title, cleaned.category, cleaned.client, cleaned.project) == (
        "Invoicing",
        "admin",
        "Acme",
        "Q4 relaunch",
    )
    # "Email" is taken: merging the two is the owner's call, from the task's page.
    assert Task.objects.get(pk=twin.pk).title == "email\u200b"
    assert Task.objects.get(pk=invisible.pk).title == "\u200b\u200b"  # nothing left to name it
    assert new.get_model("triage", "Contractor").objects.get(pk=contractor.pk).name == "Maya (VA)"
