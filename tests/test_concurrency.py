"""Nothing lost, nothing doubled: concurrent timer clicks and all-or-nothing writes.

They run on both databases: PostgreSQL (CI's) serialises an owner's writes with a row lock;
SQLite (the embedded default, a file in tests) with IMMEDIATE transactions that queue on
its busy timeout instead of failing with "database is locked".
"""

import collections
import itertools
import os
import threading
import time
from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone

from tests.test_csv_import import NOW, TOGGL
from triage import importing, weekly_email
from triage.csv_import import read_timelogs
from triage.models import ApiToken, Contractor, Task, TimeLog, WeeklyReviewSent

WORKERS = 8


def run_together(action, workers: int = WORKERS) -> list:
    """Run `action(i)` in `workers` threads released at the same moment; collect failures."""
    barrier = threading.Barrier(workers)
    failures = []

    def worker(index):
        try:
            barrier.wait()
            action(index)
        except Exception as error:  # collected and asserted on below
            failures.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return failures


@pytest.mark.django_db(transaction=True)
def test_concurrent_timer_starts_leave_exactly_one_running(owner, make_task):
    tasks = [make_task(owner, f"Task {i}") for i in range(WORKERS)]
    statuses = []

    def start(index):
        client = Client()
        client.force_login(owner)
        statuses.append(client.post("/timer/start/", {"task": tasks[index].pk}).status_code)

    assert run_together(start) == []
    assert statuses == [302] * WORKERS
    assert TimeLog.objects.filter(owner=owner, end__isnull=True).count() == 1
    # Each start stopped the one before within a second of its start: those recorded
    # nothing and are gone, rather than a second's log each, lying under the next one.
    assert_no_overlap(owner)


def log_two_days_ago(owner, task, hours: int) -> TimeLog:
    """A log of `hours` from 08:00 two days ago, in the owner's zone: a past day's, whole."""
    zone = owner.owner_settings.zone
    day = timezone.now().astimezone(zone).date() - timedelta(days=2)
    start = datetime(day.year, day.month, day.day, 8, tzinfo=zone)
    return TimeLog.objects.create(
        owner=owner, task=task, start=start, end=start + timedelta(hours=hours)
    )


def assert_no_overlap(owner) -> None:
    logs = sorted(TimeLog.objects.filter(owner=owner), key=lambda log: log.start)
    now = timezone.now()
    for earlier, later in itertools.pairwise(logs):
        assert (earlier.end or now) <= later.start, f"{earlier} overlaps {later}"


@pytest.mark.django_db(transaction=True)
def test_the_same_timer_clicked_in_twenty_tabs_at_once_is_one_log(owner, make_task):
    task = make_task(owner)
    statuses = []

    def start(_):
        tab = Client()
        tab.force_login(owner)
        statuses.append(tab.post("/timer/start/", {"task": task.pk}).status_code)

    assert run_together(start, workers=20) == []
    assert statuses == [302] * 20
    assert TimeLog.objects.filter(owner=owner).count() == 1
    assert TimeLog.objects.get().end is None


@pytest.mark.django_db(transaction=True)
def test_two_decisions_of_one_task_started_in_two_tabs_at_once_leave_one_in_force(
    owner, make_task, make_decision
):
    task = make_task(owner)
    decisions = [make_decision(task), make_decision(task, kind="automate")]
    statuses = []

    def activate(index):
        tab = Client()
        tab.force_login(owner)
        url = f"/decisions/{decisions[index].pk}/status/"
        statuses.append(tab.post(url, {"action": "activate", "on": "2026-11-16"}).status_code)

    assert run_together(activate, workers=2) == []
    assert sorted(statuses) == [302, 422]  # the second is refused, its message on the list
    assert task.decisions.filter(activated_on__isnull=False).count() == 1


@pytest.mark.parametrize(
    ("action", "day_field", "told"),
    [
        ("activate", "activated_on", "This decision is active."),
        ("end", "ended_on", "This decision is ended."),
    ],
)
@pytest.mark.django_db(transaction=True)
def test_a_decision_started_or_ended_in_two_tabs_at_once_moves_once(
    owner, make_task, make_decision, action, day_field, told
):
    """The second tab's day does not overwrite the first's: it is told why not."""
    decision = make_decision(make_task(owner))
    if action == "end":
        decision.activate(decision.decided_on)
    responses = []

    def move(index):
        tab = Client()
        tab.force_login(owner)
        day = f"2026-11-{20 + index:02d}"
        url = f"/decisions/{decision.pk}/status/"
        responses.append((tab.post(url, {"action": action, "on": day}), day))

    assert run_together(move, workers=2) == []
    assert sorted(response.status_code for response, _ in responses) == [302, 422]
    [moved_day] = [day for response, day in responses if response.status_code == 302]
    [refused] = [response for response, _ in responses if response.status_code == 422]
    assert told in refused.content.decode()
    decision.refresh_from_db()
    assert getattr(decision, day_field).isoformat() == moved_day


@pytest.mark.django_db(transaction=True)
def test_concurrent_stops_make_one_log(owner, make_task):
    TimeLog.objects.create(
        owner=owner, task=make_task(owner), start=timezone.now() - timezone.timedelta(minutes=5)
    )
    statuses = []

    def stop(_):
        other_tab = Client()
        other_tab.force_login(owner)
        statuses.append(other_tab.post("/timer/stop/").status_code)

    assert run_together(stop) == []
    assert set(statuses) == {302}
    assert TimeLog.objects.filter(owner=owner).count() == 1
    assert TimeLog.objects.get().end is not None


@pytest.mark.django_db(transaction=True)
def test_the_same_file_imported_twice_at_once_adds_nothing_twice(owner):
    parsed = read_timelogs(TOGGL, owner.owner_settings.zone, now=NOW)

    def do_import(_):
        importing.apply(owner, parsed)

    failures = run_together(do_import)
    # Either a run imports, or it waits for the other and finds everything already there.
    assert failures == []
    assert TimeLog.objects.filter(owner=owner).count() == 3
    assert Task.objects.filter(owner=owner).count() == 3


@pytest.mark.django_db
def test_an_import_that_fails_midway_writes_nothing(owner, monkeypatch):
    parsed = read_timelogs(TOGGL, owner.owner_settings.zone, now=NOW)

    def explode(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(importing, "insert_logs", explode)
    with pytest.raises(RuntimeError):
        importing.apply(owner, parsed)
    assert not Task.objects.exists()  # the tasks created before the failure are rolled back


@pytest.mark.django_db
def test_a_quick_entry_that_fails_leaves_no_new_task(owner_client, noon_owner, monkeypatch):
    def explode(*args, **kwargs):
        raise RuntimeError("connection lost")

    monkeypatch.setattr(TimeLog, "save", explode)
    owner_client.raise_request_exception = False
    response = owner_client.post(
        "/log/quick/", {"entry": "45m brand new task", "category": "admin"}
    )
    assert response.status_code == 500
    assert not Task.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_the_same_new_task_typed_in_two_tabs_at_once_is_created_once(noon_owner):
    owner = noon_owner
    statuses = []

    def quick_entry(_):
        tab = Client()
        tab.force_login(owner)
        statuses.append(
            tab.post(
                "/log/quick/", {"entry": "20m Brand new chore", "category": "admin"}
            ).status_code
        )

    assert run_together(quick_entry) == []
    assert statuses == [302] * WORKERS
    assert Task.objects.filter(owner=owner).count() == 1
    assert TimeLog.objects.filter(owner=owner).count() == WORKERS


@pytest.mark.django_db(transaction=True)
def test_twenty_parallel_quick_entries_for_a_past_day_never_overlap(owner, make_task):
    make_task(owner, "Invoicing")
    statuses = []

    def quick_entry(_):
        tab = Client()
        tab.force_login(owner)
        statuses.append(tab.post("/log/quick/", {"entry": "15m invoicing yesterday"}).status_code)

    assert run_together(quick_entry, workers=20) == []
    assert statuses == [302] * 20
    logs = list(TimeLog.objects.filter(owner=owner).order_by("start"))
    assert len(logs) == 20
    for earlier, later in itertools.pairwise(logs):
        assert earlier.end <= later.start, f"{earlier} overlaps {later}"
    zone = owner.owner_settings.zone
    assert logs[0].start.astimezone(zone).strftime("%H:%M") == "09:00"
    assert logs[-1].end.astimezone(zone).strftime("%H:%M") == "14:00"  # 20 × 15m, one after another


@pytest.mark.django_db(transaction=True)
def test_an_entry_typed_offline_sent_from_twenty_tabs_at_once_is_logged_once(noon_owner, make_task):
    """Every tab of the log page sends the phone's queue when it opens: one key, one log."""
    owner = noon_owner  # typed an hour ago: in Berlin just after midnight, "15m" is not today's
    make_task(owner, "Invoicing")
    typed_at = (timezone.now() - timedelta(hours=1)).isoformat()
    statuses = []

    def send(_):
        tab = Client()
        tab.force_login(owner)
        entry = {"entry": "15m invoicing", "typed_at": typed_at, "entry_key": "one-phone-key"}
        statuses.append(tab.post("/log/quick/", entry, HTTP_HX_REQUEST="true").status_code)

    assert run_together(send, workers=20) == []
    assert statuses == [200] * 20
    assert TimeLog.objects.filter(owner=owner).count() == 1


@pytest.mark.django_db(transaction=True)
def test_ticked_logs_tagged_in_twenty_tabs_at_once_keep_every_tag(owner, make_task):
    """Each tab reads the logs' tags and writes them back with its own: without the
    owner's lock, a tab would write over the tags another gave a moment before."""
    task = make_task(owner, "Site")
    start = datetime(2026, 11, 2, 9, tzinfo=UTC)
    logs = [
        TimeLog.objects.create(
            owner=owner,
            task=task,
            start=start + timedelta(hours=n),
            end=start + timedelta(hours=n, minutes=30),
        )
        for n in range(2)
    ]
    statuses = []

    def tag(index):
        tab = Client()
        tab.force_login(owner)
        ticked = {"log": [log.pk for log in logs], "tag": f"t{index}"}
        statuses.append(tab.post("/log/tag-ticked/", ticked).status_code)

    assert run_together(tag, workers=20) == []
    assert statuses == [302] * 20
    for log in TimeLog.objects.filter(pk__in=[log.pk for log in logs]):
        assert sorted(log.tags.split(", ")) == sorted(f"t{index}" for index in range(20))


@pytest.mark.django_db(transaction=True)
def test_twenty_parallel_timer_starts_and_stops_fail_none_and_leave_one_running(owner, make_task):
    tasks = [make_task(owner, f"Task {i}") for i in range(20)]
    statuses = []

    def start_stop_start(index):
        tab = Client()
        tab.force_login(owner)
        statuses.append(tab.post("/timer/start/", {"task": tasks[index].pk}).status_code)
        statuses.append(tab.post("/timer/stop/").status_code)
        statuses.append(tab.post("/timer/start/", {"task": tasks[index].pk}).status_code)

    assert run_together(start_stop_start, workers=20) == []
    assert statuses == [302] * 60
    assert TimeLog.objects.filter(owner=owner, end__isnull=True).count() == 1
    assert_no_overlap(owner)


@pytest.mark.django_db(transaction=True)
def test_twenty_parallel_api_requests_get_exactly_the_tokens_allowance(owner, api_allowance):
    _, secret = ApiToken.objects.issue(owner, "script")
    api_allowance(5, 3600)
    statuses = []

    def request(_):
        tab = Client(HTTP_AUTHORIZATION=f"Bearer {secret}")
        statuses.append(tab.get("/api/v1/tasks").status_code)

    assert run_together(request, workers=20) == []
    assert sorted(statuses) == [200] * 5 + [429] * 15


MIXED_SECONDS = float(os.environ.get("TRIAGE_MIXED_LOAD_SECONDS", "30"))


@pytest.mark.django_db(transaction=True)
def test_weekly_reviews_sent_from_parallel_runs_reach_each_owner_once(
    owner, other_owner, make_task, make_log, smtp
):
    """Two schedulers (here eight) running send_weekly_reviews at the same moment."""
    for each in (owner, other_owner):
        settings = each.owner_settings
        settings.weekly_email = True  # due from Monday 00:00: any moment of this week
        settings.weekly_email_weekday = settings.weekly_email_hour = 0
        settings.save()
        make_log(make_task(each, "Inbox"), settings.this_week().previous.start)
    outcomes = []
    now = timezone.now()
    assert run_together(lambda _: outcomes.append(weekly_email.send_due(now))) == []
    assert sum(outcome.sent for outcome in outcomes) == 2
    assert sum(outcome.failed for outcome in outcomes) == 0
    assert sorted(message["To"] for message in smtp.messages) == [
        "mallory@example.com",
        "olivia@example.com",
    ]
    assert WeeklyReviewSent.objects.count() == 2


@pytest.mark.django_db(transaction=True)
def test_ten_writers_and_twenty_readers_for_thirty_seconds_get_no_error(owner, make_task):
    make_task(owner, "Invoicing")
    deadline = time.monotonic() + MIXED_SECONDS
    outcomes = collections.Counter()
    # A day holds 1,440 one-minute entries, and a fast machine makes more than that in 30 s
    # (then a full day is rightly refused, 422): the writers spread over the past 30 days.
    today = owner.owner_settings.today()
    days = itertools.cycle([today - timezone.timedelta(days=n) for n in range(1, 31)])

    def work(index):
        tab = Client()
        tab.force_login(owner)
        while time.monotonic() < deadline:
            if index < 10:
                response = tab.post("/log/quick/", {"entry": f"1m invoicing {next(days)}"})
            else:
                response = tab.get("/log/" if index % 2 else "/dashboard/")
            outcomes[response.status_code] += 1

    assert run_together(work, workers=30) == []
    assert set(outcomes) <= {200, 302}, outcomes  # no 500 "database is locked"
    logs = list(TimeLog.objects.filter(owner=owner).order_by("start"))
    assert len(logs) == outcomes[302] > 0
    for earlier, later in itertools.pairwise(logs):
        assert earlier.end <= later.start


@pytest.fixture
def two_tasks_with_three_logs_each(owner, make_task):
    invoicing, billing = make_task(owner, "Invoicing"), make_task(owner, "Billing")
    day = datetime(2026, 11, 2, 9, tzinfo=UTC)
    for index, task in enumerate([invoicing, billing] * 3):
        start = day + timedelta(hours=index)
        TimeLog.objects.create(
            owner=owner, task=task, start=start, end=start + timedelta(minutes=30)
        )
    return invoicing, billing


@pytest.mark.django_db(transaction=True)
def test_two_tasks_merged_into_each_other_in_two_tabs_at_once_lose_no_log(
    owner, two_tasks_with_three_logs_each
):
    """Invoicing into Billing in one tab, Billing into Invoicing in the other: one merge
    happens, the other is told the task is gone; every log is still there, on one task."""
    invoicing, billing = two_tasks_with_three_logs_each
    statuses = []

    def merge(index):
        tab = Client()
        tab.force_login(owner)
        task, into = [(invoicing, billing), (billing, invoicing)][index]
        statuses.append(tab.post(f"/tasks/{task.pk}/merge/", {"into": into.pk}).status_code)

    assert run_together(merge, workers=2) == []
    # The second finds a task gone: as it looks them up (404), or in its form's choices in
    # the moment between (422).
    winner, loser = sorted(statuses)
    assert winner == 302 and loser in {404, 422}, statuses
    assert TimeLog.objects.filter(owner=owner).count() == 6
    assert Task.objects.filter(owner=owner).count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_task_deleted_while_another_tab_merges_into_it_fails_nothing(
    owner, two_tasks_with_three_logs_each
):
    """One tab merges Invoicing into Billing, the other deletes Billing: one after the
    other, never a half-moved task or an error page."""
    invoicing, billing = two_tasks_with_three_logs_each
    statuses = {}

    def act(index):
        tab = Client()
        tab.force_login(owner)
        if index == 0:
            statuses["merge"] = tab.post(
                f"/tasks/{invoicing.pk}/merge/", {"into": billing.pk}
            ).status_code
        else:
            statuses["delete"] = tab.post(f"/tasks/{billing.pk}/delete/").status_code

    assert run_together(act, workers=2) == []
    # The merge's form finds Billing gone (422), or the merge itself under the lock (404).
    assert statuses["delete"] == 302 and statuses["merge"] in {302, 404, 422}
    # Merged first: Billing went with all six logs. Deleted first: Invoicing kept its three.
    left = 0 if statuses["merge"] == 302 else 3
    assert TimeLog.objects.filter(owner=owner).count() == left
    assert not Task.objects.filter(pk=billing.pk).exists()


WRITES_ON_A_TASK = {  # each names the task by its id, as its form posts it
    "full log form": lambda task: (
        "/log/new/",
        {"task": task.pk, "day": "2026-11-02", "start_time": "09:00", "end_time": "10:00"},
    ),
    "timer start": lambda task: ("/timer/start/", {"task": task.pk}),
    "gut check": lambda task: (
        f"/tasks/{task.pk}/gut-check/",
        {"is_mga": "False", "need_to_do": "False", "need_to_learn": "False"}
        | {"need_to_master": "False", "overwhelm": "4", "feeling": "hate"},
    ),
    "decision": lambda task: (
        f"/tasks/{task.pk}/decisions/new/",
        {"kind": "keep", "decided_on": "2026-11-02", "contractor_rate": "10"}
        | {"contractor_hours_per_week": "1", "management_minutes_per_week": "0"}
        | {"handoff_hours": "0", "reinvested_percent": "100"},
    ),
}


@pytest.mark.parametrize("write", list(WRITES_ON_A_TASK))
@pytest.mark.django_db(transaction=True)
def test_a_write_on_a_task_deleted_in_another_tab_at_once_is_never_a_500(owner, make_task, write):
    """The write lands first (and goes with the task), or is told the task is gone."""
    task = make_task(owner, "Invoicing")
    statuses = {}

    def act(index):
        tab = Client()
        tab.force_login(owner)
        if index == 0:
            url, data = WRITES_ON_A_TASK[write](task)
            statuses["write"] = tab.post(url, data).status_code
        else:
            statuses["delete"] = tab.post(f"/tasks/{task.pk}/delete/").status_code

    assert run_together(act, workers=2) == []
    # (422: its form's choices no longer hold the task, in the moment after the lookup.)
    assert statuses["delete"] == 302 and statuses["write"] in {200, 302, 404, 422}, statuses
    assert not Task.objects.filter(owner=owner).exists()
    assert not TimeLog.objects.filter(owner=owner).exists()


@pytest.mark.django_db(transaction=True)
def test_a_contractor_deleted_while_another_tab_hands_them_a_task_fails_nothing(owner, make_task):
    """The decision lands first (and then names nobody) or is told the contractor is gone
    (its form, 422, or a 404 when the delete landed between the form's check and its
    save); the delete always goes through."""
    task = make_task(owner)
    maya = Contractor.objects.create(owner=owner, name="Maya")
    statuses = {}

    def act(index):
        tab = Client()
        tab.force_login(owner)
        if index == 0:
            _, data = WRITES_ON_A_TASK["decision"](task)
            data |= {"kind": "outsource", "contractor": maya.pk}
            statuses["decide"] = tab.post(f"/tasks/{task.pk}/decisions/new/", data).status_code
        else:
            statuses["delete"] = tab.post(f"/contractors/{maya.pk}/delete/").status_code

    assert run_together(act, workers=2) == []
    assert statuses["delete"] == 302 and statuses["decide"] in {302, 404, 422}, statuses
    assert not Contractor.objects.exists()
    assert task.decisions.filter(contractor__isnull=False).count() == 0


@pytest.mark.django_db(transaction=True)
def test_a_decision_saved_in_the_middle_of_a_contractors_delete_does_not_fail_the_delete(
    owner, make_task
):
    """The interleaving the test above met once in many runs on PostgreSQL, made to happen:
    the delete has unnamed the decisions naming the contractor (none) and pauses before its
    DELETE; another tab saves a decision naming them. Before, that decision committed and
    the delete then failed its foreign key (a 404, the contractor still there). Now the
    delete holds the contractor's row from the start: the decision waits, finds them gone
    and gets its 404, and the delete goes through. (Without the lock this fails every time on
    PostgreSQL: the decision lands, the delete gets a 404.)"""
    from unittest import mock

    from django.db.models.sql import DeleteQuery

    task = make_task(owner)
    maya = Contractor.objects.create(owner=owner, name="Maya")
    unnamed, statuses = threading.Event(), {}
    original = DeleteQuery.delete_batch

    def pausing_delete_batch(query, pk_list, using):
        if query.model is Contractor:
            unnamed.set()
            time.sleep(0.5)  # the other tab's decision arrives now
        return original(query, pk_list, using)

    def delete():
        tab = Client()
        tab.force_login(owner)
        statuses["delete"] = tab.post(f"/contractors/{maya.pk}/delete/").status_code
        connection.close()

    with mock.patch.object(DeleteQuery, "delete_batch", pausing_delete_batch):
        deleting = threading.Thread(target=delete)
        deleting.start()
        assert unnamed.wait(10)
        tab = Client()
        tab.force_login(owner)
        _, data = WRITES_ON_A_TASK["decision"](task)
        data |= {"kind": "outsource", "contractor": maya.pk}
        statuses["decide"] = tab.post(f"/tasks/{task.pk}/decisions/new/", data).status_code
        deleting.join(30)
    # (On SQLite the decision's request waits for the delete's write lock and its form is
    # told the contractor is gone: 422.)
    assert statuses["delete"] == 302 and statuses["decide"] in {404, 422}, statuses
    assert not Contractor.objects.exists() and not task.decisions.exists()


@pytest.mark.django_db(transaction=True)
def test_a_review_taking_it_back_while_another_tab_ends_the_decision_fails_nothing(
    owner, make_task, make_decision
):
    """One tab answers the review "take it back", the other ends the decision: it ends
    once, and the tab that came second is told why, not shown an error page."""
    decision = make_decision(make_task(owner))
    decision.activate(decision.decided_on)  # its review is due two weeks later
    responses = {}

    def act(index):
        tab = Client()
        tab.force_login(owner)
        url = f"/decisions/{decision.pk}/"
        if index == 0:
            data = {"answer": "take_back", "note": "Not working"}
            responses["review"] = tab.post(f"{url}review/", data, follow=True)
        else:
            data = {"action": "end", "on": "2026-11-20", "next": url}
            responses["end"] = tab.post(f"{url}status/", data, follow=True)

    assert run_together(act, workers=2) == []
    assert {kind: response.status_code for kind, response in responses.items()} in (
        {"review": 200, "end": 200},  # the end came second and was refused on the page: 422
        {"review": 200, "end": 422},
    )
    decision.refresh_from_db()
    assert decision.status == "ended"
    assert decision.reviews.count() <= 1


@pytest.mark.parametrize(
    ("url", "data", "model", "told"),
    [
        ("/tasks/new/", {"title": "Invoicing", "category": "bookkeeping"}, Task, "a task called"),
        ("/contractors/new/", {"name": "Maya"}, Contractor, "a contractor called"),
    ],
    ids=["task", "contractor"],
)
@pytest.mark.django_db(transaction=True)
def test_the_same_new_row_added_from_four_tabs_at_once_is_added_once(owner, url, data, model, told):
    """A double click, or four tabs: each form checked the name before any was saved; the
    unique constraint refuses the later ones, which come back with the form's message."""
    responses = []

    def add(_):
        tab = Client()
        tab.force_login(owner)
        responses.append(tab.post(url, data))

    assert run_together(add, workers=4) == []
    assert sorted(response.status_code for response in responses) == [302, 422, 422, 422]
    for response in responses:
        if response.status_code == 422:
            assert f"You already have {told}" in response.content.decode()
    assert model.objects.filter(owner=owner).count() == 1


@pytest.mark.django_db(transaction=True)
def test_one_timesheet_total_typed_in_twenty_tabs_at_once_adds_it_once(owner, make_task):
    """Each tab's cell says "2h" where the page showed nothing: the first adds two hours, the
    others find the day at 2h already and add nothing."""
    task = make_task(owner, "Invoicing")
    week = owner.owner_settings.week_of(timezone.now() - timedelta(days=7))
    name = f"t{task.pk}_{week.first_day:%Y%m%d}"
    statuses = []

    def type_it(_):
        tab = Client()
        tab.force_login(owner)
        posted = tab.post(f"/log/timesheet/?week={week.label}", {name: "2h", f"was_{name}": ""})
        statuses.append(posted.status_code)

    assert run_together(type_it, workers=20) == []
    assert statuses == [302] * 20
    [log] = TimeLog.objects.filter(owner=owner)
    assert log.duration == timedelta(hours=2)


@pytest.mark.django_db(transaction=True)
def test_ticked_tasks_changed_in_twenty_tabs_while_one_is_deleted_fail_nothing(owner, make_task):
    """Twenty tabs give the same ticked tasks a client, one tab deletes one of them: each
    change is whole (all the ticked tasks, or a 404 once one is gone), never a 500."""
    tasks = [make_task(owner, f"Call {n}", category="sales") for n in range(5)]
    statuses = []

    def act(index):
        tab = Client()
        tab.force_login(owner)
        if index == 0:
            statuses.append(tab.post(f"/tasks/{tasks[0].pk}/delete/").status_code)
            return
        ticked = {"task": [task.pk for task in tasks], "ticked-client": f"Client {index}"}
        statuses.append(tab.post("/tasks/change-ticked/", ticked).status_code)

    assert run_together(act, workers=21) == []
    assert set(statuses) <= {302, 404} and len(statuses) == 21
    left = Task.objects.filter(pk__in=[task.pk for task in tasks])
    assert left.count() == 4  # deleted once
    assert len(set(left.values_list("client", flat=True))) == 1  # one change won, whole


@pytest.mark.django_db(transaction=True)
def test_one_log_split_in_twenty_tabs_at_once_is_split_once(owner, make_task):
    """Each tab opened the log as it was and splits it at its own minute: the first split
    goes in, the others find the log changed and say so; no part overlaps another."""
    task = make_task(owner)
    log = log_two_days_ago(owner, task, hours=3)
    start = log.start
    opened = log.state()
    statuses = []

    def split(index):
        tab = Client()
        tab.force_login(owner)
        data = {"at": f"09:{index:02d}", "as_loaded": opened}
        statuses.append(tab.post(f"/log/{log.pk}/split/", data).status_code)

    assert run_together(split, workers=20) == []
    assert sorted(statuses) == [302] + [422] * 19
    assert TimeLog.objects.filter(owner=owner).count() == 2
    assert_no_overlap(owner)
    parts = TimeLog.objects.filter(owner=owner).order_by("start")
    assert (parts[0].start, parts[1].end) == (start, start + timedelta(hours=3))


@pytest.mark.django_db(transaction=True)
def test_a_timer_discarded_in_twenty_tabs_at_once_and_brought_back_in_twenty_runs_once(
    owner, make_task
):
    """Twenty tabs showed the timer and discard it at once: one does, nineteen are told no
    timer runs. Its Undo clicked in twenty tabs at once: one timer runs again, not twenty
    (nor a 500 from the one-running-timer constraint)."""
    running = TimeLog.objects.create(
        owner=owner, task=make_task(owner), start=timezone.now() - timedelta(minutes=5)
    )
    htmx = {"HTTP_HX_REQUEST": "true"}
    answers = []

    def discard(index):
        tab = Client()
        tab.force_login(owner)
        answers.append(tab.post("/timer/discard/", {"running": running.pk}, **htmx))

    assert run_together(discard, workers=20) == []
    assert sorted(answer.status_code for answer in answers) == [200] + [422] * 19
    assert not TimeLog.objects.filter(owner=owner).exists()
    [done] = [answer for answer in answers if answer.status_code == 200]
    token = done.content.decode().split('name="token" value="')[1].split('"')[0]
    statuses = []

    def bring_back(index):
        tab = Client()
        tab.force_login(owner)
        statuses.append(tab.post("/timer/discard/undo/", {"token": token}, **htmx).status_code)

    assert run_together(bring_back, workers=20) == []
    assert sorted(statuses) == [200] + [410] * 19
    again = TimeLog.objects.get(owner=owner)
    assert (again.start, again.end) == (running.start, None)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("path", ["edit", "times"])
def test_one_log_saved_from_twenty_tabs_at_once_takes_one_save(owner, make_task, path):
    """Twenty tabs drew the log as it was and each saves (the edit form, the timeline's
    drag) its own times at the same moment: each passes the changed-elsewhere check as it
    reads the log (or, reading it after the first save, is told it changed elsewhere), but
    under the owner's lock only the first goes in; nineteen are told it changed."""
    from triage.forms import TimeLogForm

    zone = owner.owner_settings.zone
    log = log_two_days_ago(owner, make_task(owner), hours=1)
    drawn = TimeLogForm.as_posted(log, owner=owner, now=timezone.now(), zone=zone)
    statuses, asked = [], {}

    def save(index):
        tab = Client()
        tab.force_login(owner)
        times = {"start_time": f"{10 + index // 6}:{index % 6 * 10:02d}"}
        times["end_time"] = f"{10 + index // 6}:{index % 6 * 10 + 5:02d}"
        asked[index] = times
        response = tab.post(f"/log/{log.pk}/{path}/", drawn | times)
        statuses.append(response.status_code)
        if response.status_code == 422:  # read before the first save went in, or after
            said = response.content.decode()
            assert "changed a moment ago" in said or "changed elsewhere" in said

    assert run_together(save, workers=20) == []
    assert sorted(statuses) == [302] + [422] * 19
    log.refresh_from_db()
    saved = f"{log.start.astimezone(zone):%-H:%M}", f"{log.end.astimezone(zone):%-H:%M}"
    assert saved in {(times["start_time"], times["end_time"]) for times in asked.values()}


@pytest.mark.django_db(transaction=True)
def test_one_log_patched_through_the_api_twenty_times_at_once_on_one_etag_takes_one(
    owner, make_task, api_allowance
):
    log = log_two_days_ago(owner, make_task(owner), hours=1)
    _, secret = ApiToken.objects.issue(owner, "script")
    etag = Client(HTTP_AUTHORIZATION=f"Bearer {secret}").get(f"/api/v1/timelogs/{log.pk}")["ETag"]
    statuses = []

    def patch(index):
        tab = Client(HTTP_AUTHORIZATION=f"Bearer {secret}", HTTP_IF_MATCH=etag)
        body = {"note": f"tab {index}"}
        response = tab.patch(f"/api/v1/timelogs/{log.pk}", body, content_type="application/json")
        statuses.append(response.status_code)

    assert run_together(patch, workers=20) == []
    assert sorted(statuses) == [200] + [412] * 19


@pytest.mark.django_db(transaction=True)
def test_one_task_renamed_in_twenty_tabs_at_once_takes_one_name(owner, make_task):
    """Each tab opened the task's edit as it was and saves its own name at the same moment:
    one goes in; the others are told the task changed (at their check, or — checked on the
    same reading — as they write), and no name quietly replaces another."""
    task = make_task(owner, "Invoicing")
    opener = Client()
    opener.force_login(owner)
    from tests.test_edits_elsewhere import form_of

    opened = form_of(opener.get(f"/tasks/{task.pk}/edit/").content.decode())
    statuses = []

    def rename(index):
        tab = Client()
        tab.force_login(owner)
        statuses.append(
            tab.post(f"/tasks/{task.pk}/edit/", opened | {"title": f"Bills {index}"}).status_code
        )

    assert run_together(rename, workers=20) == []
    assert statuses.count(302) == 1 and set(statuses) <= {302, 409, 422}, statuses
    task.refresh_from_db()
    assert task.title.startswith("Bills ")
