"""The phone app without a network: the offline page keeps what is typed on the device, and
the log page logs it, at the time it was typed, once the network is back."""

import json
from datetime import UTC, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.e2e.conftest import log_in, settle
from triage.models import Task, TimeLog

pytestmark = pytest.mark.django_db(transaction=True)

CONTROLLED = "async () => { await navigator.serviceWorker.ready; return !!navigator.serviceWorker.controller; }"


def test_an_entry_typed_offline_is_logged_when_the_network_is_back(page, noon_owner):
    owner = noon_owner  # "45m" fits in today whatever the hour the suite runs
    Task.objects.create(owner=owner, title="Invoicing", category="bookkeeping")
    log_in(page, "olivia", "correct-horse-battery")
    page.goto("/log/")
    page.wait_for_function(CONTROLLED)  # installed, with the offline page kept
    page.context.set_offline(True)
    page.goto("/log/")
    expect(page.locator("h1")).to_have_text("You're offline")
    page.fill("#offline-text", "45m invoicing")
    page.press("#offline-text", "Enter")
    expect(page.locator("#offline-list li")).to_have_count(1)
    expect(page.locator("#offline-kept")).to_contain_text("1 entry kept on this device")
    assert not TimeLog.objects.exists()
    page.context.set_offline(False)
    # Back online, the page goes to the log by itself (it asks every few seconds), which
    # logs what was kept.
    expect(page.locator("h1")).to_have_text("Log", timeout=15_000)
    expect(page.locator("#offline-status")).to_contain_text("Logged what you typed offline (1).")
    expect(page.locator("#week-logs")).to_contain_text("Invoicing")
    settle(page)
    assert page.evaluate("localStorage.getItem('triage-offline-entries')") == "[]"
    log = TimeLog.objects.get()
    assert log.end - log.start == timedelta(minutes=45)
    # The only errors: the browser's own, for the page it could not fetch while offline.
    assert all("ERR_INTERNET_DISCONNECTED" in error for error in page.console_errors)


def test_a_new_task_typed_offline_is_asked_about_then_logged_at_its_time(page, noon_owner):
    log_in(page, "olivia", "correct-horse-battery")
    page.goto("/log/")
    typed_at = (timezone.now() - timedelta(hours=2)).replace(microsecond=0).astimezone(UTC)
    queue = [
        {
            "text": "20m filing",
            "typed_at": typed_at.isoformat(),
            "key": "filing-key-1",
            "owner": "",
        },
        {"text": "nonsense", "typed_at": typed_at.isoformat(), "key": "bad-key-123", "owner": ""},
    ]
    page.evaluate(
        f"localStorage.setItem('triage-offline-entries', {json.dumps(json.dumps(queue))})"
    )
    page.reload()
    # A new task: its question waits for the owner, the entry's time and key kept with it.
    expect(page.locator(".new-task-question")).to_be_visible()
    expect(page.locator("#offline-status")).to_contain_text("Typed offline")
    expect(page.locator("#offline-status")).to_contain_text("“20m filing”")
    page.click("#quick-entry button.primary")
    # Logged as of two hours ago; then the next one, which cannot be read, waits too.
    expect(page.locator("#quick-entry .errorlist")).to_contain_text("is not a duration")
    expect(page.locator("#offline-status")).to_contain_text("“nonsense”")
    log = TimeLog.objects.get()
    assert log.end == typed_at and log.task.title == "filing"
    # Emptied and typed over, the box holds a new entry of now; the kept one stays kept.
    page.fill("#id_entry", "")
    page.fill("#id_entry", "10m filing")
    page.press("#id_entry", "Enter")
    expect(page.locator("#week-logs")).to_contain_text("10m")
    settle(page)
    newest = TimeLog.objects.latest("pk")
    assert abs(newest.end - timezone.now()) < timedelta(minutes=1)
    assert "bad-key-123" in page.evaluate("localStorage.getItem('triage-offline-entries')")
    TimeLog.objects.filter(pk=newest.pk).delete()
    page.reload()  # sent again on the next visit, and waits again
    expect(page.locator("#offline-status")).to_contain_text("“nonsense” — it waits for you")
    settle(page)
    page.click("[data-discard-offline]")
    expect(page.locator("#offline-status")).to_be_hidden()  # nothing kept, nothing sent here
    assert page.evaluate("localStorage.getItem('triage-offline-entries')") == "[]"
    assert page.input_value('input[name="typed_at"]') == ""  # the next entry is typed now
    assert TimeLog.objects.count() == 1
    assert page.console_errors == [] or all("422" in error for error in page.console_errors)


def test_an_entry_discarded_while_it_is_being_sent_stays_discarded(page, noon_owner):
    """The owner discards a kept entry as it goes out: the answer that comes back (a
    refusal, with the entry's text, time and key) does not put it back in the box."""
    log_in(page, "olivia", "correct-horse-battery")
    page.goto("/log/")
    typed_at = (timezone.now() - timedelta(hours=1)).replace(microsecond=0).astimezone(UTC)
    kept = [
        {"text": "nonsense", "typed_at": typed_at.isoformat(), "key": "bad-key-456", "owner": ""}
    ]
    page.evaluate(f"localStorage.setItem('triage-offline-entries', {json.dumps(json.dumps(kept))})")
    held = []  # the entry's request, held until the owner has discarded it

    def hold(route):
        held.append(route)

    page.route("**/log/quick/", hold)
    page.reload()
    expect(page.locator("#offline-status")).to_contain_text("Logging what you typed offline")
    while not held:
        page.wait_for_timeout(20)
    page.click("[data-discard-offline]")
    with page.expect_response("**/log/quick/"):
        held[0].continue_()
    settle(page)
    page.unroute("**/log/quick/", hold)
    expect(page.locator("#id_entry")).to_have_value("")
    expect(page.locator("#quick-entry .errorlist")).to_have_count(0)
    expect(page.locator("#offline-status")).to_be_hidden()
    assert page.input_value('input[name="typed_at"]') == ""
    assert page.input_value('input[name="entry_key"]') == ""
    page.fill("#id_entry", "10m filing")  # the next entry is of now, on a task it asks about
    page.press("#id_entry", "Enter")
    expect(page.locator(".new-task-question")).to_be_visible()
    assert page.input_value('input[name="typed_at"]') == ""
    assert TimeLog.objects.count() == 0


def test_an_entry_sent_as_the_network_drops_is_kept_and_logged_when_it_is_back(page, noon_owner):
    owner = noon_owner
    Task.objects.create(owner=owner, title="Invoicing", category="bookkeeping")
    log_in(page, "olivia", "correct-horse-battery")
    page.goto("/log/")
    page.context.set_offline(True)
    page.fill("#id_entry", "45m invoicing")
    page.press("#id_entry", "Enter")
    expect(page.locator("#offline-status")).to_contain_text(
        "No connection: “45m invoicing” is kept on this device"
    )
    expect(page.locator("#id_entry")).to_have_value("")
    assert not TimeLog.objects.exists()
    assert len(json.loads(page.evaluate("localStorage.getItem('triage-offline-entries')"))) == 1
    # Any other click is not kept: it says nothing was saved.
    page.select_option("#timer select[name=task]", label="Invoicing")
    page.click("#timer button.primary")
    expect(page.locator("#messages")).to_contain_text("No connection: nothing was saved.")
    page.context.set_offline(False)  # the page tries again by itself, every few seconds
    expect(page.locator("#offline-status")).to_contain_text(
        "Logged what you typed offline (1).", timeout=15_000
    )
    expect(page.locator("#week-logs")).to_contain_text("Invoicing")
    settle(page)
    assert TimeLog.objects.count() == 1
    assert page.evaluate("localStorage.getItem('triage-offline-entries')") == "[]"
    # The only errors: the browser's and htmx's own, for the request it could not send.
    expected = ("ERR_INTERNET_DISCONNECTED", "htmx:sendError", "htmx:afterRequest")
    assert all(any(word in error for word in expected) for error in page.console_errors)


def test_other_pages_say_that_entries_typed_offline_wait_for_the_log(page, owner):
    log_in(page, "olivia", "correct-horse-battery")
    page.goto("/dashboard/")
    queue = [{"text": "20m filing", "typed_at": "2026-11-27T09:00:00Z", "key": "wait-key-1"}]
    page.evaluate(
        f"localStorage.setItem('triage-offline-entries', {json.dumps(json.dumps(queue))})"
    )
    page.reload()
    waiting = page.locator("#messages .offline-waiting")
    expect(waiting).to_contain_text("1 entry typed offline on this device waits")
    waiting.get_by_role("link", name="open the Log to log it").click()
    expect(page.locator("#offline-status")).to_contain_text("“20m filing”")  # sent from there
    expect(page.locator("#messages .offline-waiting")).to_have_count(0)
    # Another owner's kept entries are not theirs to see or send.
    page.evaluate(
        "localStorage.setItem('triage-offline-entries', JSON.stringify([{text: '5m x', typed_at: '2026-11-27T09:00:00Z', key: 'someone-else-1', owner: '999999'}]))"
    )
    page.goto("/dashboard/")
    expect(page.locator("h1")).to_be_visible()
    assert page.locator("#messages .offline-waiting").count() == 0
