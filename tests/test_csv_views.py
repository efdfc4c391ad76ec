"""CSV exports (streamed, exact headers) and the import with preview and confirm."""

import csv
import io
from datetime import UTC, datetime, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.http import StreamingHttpResponse

from tests.test_csv_import import CLOCKIFY, TOGGL
from triage import csv_import
from triage.models import ImportBatch, Task, TimeLog

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}

DECISIONS_HEADER = (
    "decision_id,task,category,decision,status,decided_on,is_mga,need_to_do,need_to_learn,need_to_master,"
    "overwhelm,feeling,recommendation,baseline_hours_per_week,management_hours_per_week,contractor,"
    "contractor_rate,contractor_hours_per_week,handoff_hours,mga_hourly_value,hours_reclaimed_per_week,"
    "weekly_cost,weekly_profit_impact,annual_profit_impact,break_even_rate,currency,notes,"
    # PRODUCT.md's columns of "letting go", then what it earned so far: all at the end.
    "blockers,review_on,checklist_done,checklist_total,contractor_email,"
    "hours_back_to_date,value_to_date,paid_to_date,net_to_date"
)
TIMELOGS_HEADER = "start,end,duration_hours,task,category,is_mga,note,client,project,tags"


def body(response) -> str:
    assert isinstance(response, StreamingHttpResponse)
    return b"".join(response.streaming_content).decode("utf-8")


@pytest.fixture
def decision(owner, make_task, make_gut_check, make_decision):
    task = make_task(owner, '=HYPERLINK("http://evil")')
    return make_decision(
        task, gut_check=make_gut_check(task), contractor="Ana", notes="@mention -1"
    )


def test_decisions_export_has_the_exact_header_and_the_numbers(owner_client, decision):
    response = owner_client.get("/export/decisions.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="triage-decisions-' in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(body(response))))
    assert ",".join(rows[0]) == DECISIONS_HEADER
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["task"] == '\'=HYPERLINK("http://evil")'
    assert row["notes"] == "'@mention -1"
    assert (row["weekly_cost"], row["weekly_profit_impact"], row["annual_profit_impact"]) == (
        "100.00",
        "440.00",
        "21120.00",
    )
    assert (
        row["break_even_rate"],
        row["hours_reclaimed_per_week"],
        row["management_hours_per_week"],
    ) == ("135.00", "4.50", "0.50")
    assert (row["recommendation"], row["overwhelm"], row["feeling"], row["need_to_do"]) == (
        "outsource",
        "4",
        "hate",
        "no",
    )
    assert (row["decided_on"], row["currency"], row["status"]) == ("2026-11-02", "USD", "planned")


def test_timelogs_export_has_the_owners_offset(owner_client, owner, make_task, make_log):
    make_log(
        make_task(owner, "Invoicing"), datetime(2026, 11, 2, 8, tzinfo=UTC), 90, note="+44 call"
    )
    rows = list(csv.reader(io.StringIO(body(owner_client.get("/export/timelogs.csv")))))
    assert ",".join(rows[0]) == TIMELOGS_HEADER
    assert rows[1] == [
        "2026-11-02T09:00:00+01:00",
        "2026-11-02T10:30:00+01:00",
        "1.50",
        "Invoicing",
        "bookkeeping",
        "no",
        "'+44 call",
        "",  # client, project and tags: none on this one
        "",
        "",
    ]


def test_exports_filter_by_date_and_excel_gets_a_bom(owner_client, owner, make_task, make_log):
    task = make_task(owner)
    make_log(task, datetime(2026, 10, 30, 8, tzinfo=UTC))
    make_log(task, datetime(2026, 11, 2, 8, tzinfo=UTC))
    response = owner_client.get("/export/timelogs.csv?from=2026-11-01&to=2026-11-30&excel=1")
    text = body(response)
    assert text.startswith("\ufeff")
    assert text.count("\n") == 2
    # Named by the period it holds, not the day it was downloaded.
    assert (
        'filename="triage-timelogs-2026-11-01-to-2026-11-30.csv"'
        in (response["Content-Disposition"])
    )
    since = owner_client.get("/export/decisions.csv?from=2026-11-01")["Content-Disposition"]
    assert 'filename="triage-decisions-from-2026-11-01.csv"' in since


@pytest.mark.parametrize(
    "query", ["from=yesterday", "to=2026-13-01", "from=2026-11-05&to=2026-11-01"]
)
def test_bad_export_dates_are_400(owner_client, query):
    assert owner_client.get(f"/export/timelogs.csv?{query}").status_code == 400
    assert owner_client.get(f"/export/decisions.csv?{query}").status_code == 400


def test_exports_never_hold_another_owners_rows(owner_client, other_owner, make_task, make_log):
    make_log(make_task(other_owner, "Their secret"), datetime(2026, 11, 2, 8, tzinfo=UTC))
    assert "Their secret" not in body(owner_client.get("/export/timelogs.csv"))


def upload(client, text: str | bytes, name="export.csv", **extra):
    raw = text.encode("utf-8") if isinstance(text, str) else text
    return client.post("/import/", {"file": SimpleUploadedFile(name, raw, "text/csv")}, **extra)


def confirm(client, **extra):
    batch = ImportBatch.objects.filter(imported_at__isnull=True).latest("created_at")
    return client.post("/import/", {"batch": batch.pk, "confirm": "1"}, **extra)


def test_preview_then_confirm_imports_toggl(owner_client, owner):
    preview = upload(owner_client, TOGGL)
    html = preview.content.decode()
    assert preview.status_code == 200
    assert "Toggl Track" in html and "3 new tasks" in html and "Homepage copy" in html
    assert "2 Nov 2026 – 5 Nov 2026" in html
    assert not TimeLog.objects.exists()
    response = confirm(owner_client)
    assert response.status_code == 302
    assert TimeLog.objects.filter(owner=owner).count() == 3
    audit = owner_client.get(response["Location"]).content.decode()
    assert "Imported 3 time logs" in audit and "/gut-check/" in audit


def toggl_history(tasks: int, month: str = "2026-11") -> str:
    """A Toggl export with one log on each of `tasks` different descriptions (one-offs)."""
    rows = [
        f"O,o@x.com,,Admin,,Call {number:03d},No,{month}-{1 + number % 20:02d},"
        f"{8 + number // 20 % 10:02d}:00:00,{month}-{1 + number % 20:02d},"
        f"{8 + number // 20 % 10:02d}:{10 + number % 40:02d}:00,00:10:00,,0"
        for number in range(tasks)
    ]
    return "\n".join([TOGGL.splitlines()[0], *rows]) + "\n"


def test_a_history_of_many_tasks_previews_the_first_thirty_and_counts_the_rest(owner_client):
    html = upload(owner_client, toggl_history(120)).content.decode()
    assert "120 new tasks" in html and "and 90 more." in html
    assert "Call 119" not in html.split("new tasks")[1].split("</p>")[0]
    assert "90 more tasks have fewer" in html


def test_importing_the_same_file_twice_adds_nothing(owner_client):
    upload(owner_client, CLOCKIFY)
    confirm(owner_client)
    again = upload(owner_client, CLOCKIFY)
    assert "Already here</dt><dd>2</dd>" in again.content.decode()
    assert "Everything in this file is already imported" in again.content.decode()
    assert TimeLog.objects.count() == 2 and Task.objects.count() == 2


def test_a_round_trip_of_triages_own_export_changes_nothing(
    owner_client, owner, make_task, make_log
):
    make_log(make_task(owner, "Invoicing"), datetime(2026, 11, 2, 8, 0, 7, 123456, tzinfo=UTC), 90)
    exported = body(owner_client.get("/export/timelogs.csv"))
    preview = upload(owner_client, exported)
    assert "Already here</dt><dd>1</dd>" in preview.content.decode()


def test_a_broken_file_imports_nothing_and_names_the_bad_rows(owner_client):
    broken = (
        TOGGL + "Olivia,o@x.com,,Admin,,x,No,2026-11-31,09:00:00,2026-11-02,10:00:00,01:00:00,,0\n"
    )
    response = upload(owner_client, broken)
    assert response.status_code == 422
    html = response.content.decode()
    assert "Nothing will be imported" in html
    assert '<td class="num">5</td>' in html and "is not a date" in html
    assert not ImportBatch.objects.exists() and not TimeLog.objects.exists()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("", "The file is empty."),
        ("name,age,city\nBob,3,Paris\n", "Unknown header"),
        (b"\x00\x01\x02binary", "not a CSV"),
        (
            "User,Email,Project,Start date,Start time,Duration\nO,o,P,2026-11-02,09:00:00,01:00:00\n",
            "lacks the column",
        ),
    ],
)
def test_bad_files_get_a_clear_message(owner_client, content, message):
    response = upload(owner_client, content, **HTMX)
    assert response.status_code == 422
    assert message in response.content.decode()
    assert not TimeLog.objects.exists()


def test_an_oversized_upload_is_refused_early(owner_client):
    response = owner_client.post(
        "/import/",
        {"file": SimpleUploadedFile("big.csv", b"x")},
        CONTENT_LENGTH=str(csv_import.DEFAULT_MAX_IMPORT_BYTES + 2 * 1024 * 1024),
    )
    assert response.status_code == 413


def test_no_file_chosen(owner_client):
    assert "Choose a CSV file" in owner_client.post("/import/", {}).content.decode()


def test_another_owners_pending_import_cannot_be_confirmed(owner_client, other_owner):
    theirs = ImportBatch.objects.create(
        owner=other_owner, filename="x.csv", source="Toggl Track", content=TOGGL
    )
    assert owner_client.post("/import/", {"batch": theirs.pk, "confirm": "1"}).status_code == 404
    assert not TimeLog.objects.exists()


def test_the_command_uses_the_same_code_path(owner, tmp_path, capsys):
    path = tmp_path / "toggl.csv"
    path.write_text(TOGGL, encoding="utf-8")
    call_command("import_timelogs", "--owner", "olivia", str(path), "--dry-run")
    assert not TimeLog.objects.exists()
    assert "3 new time logs" in capsys.readouterr().out
    call_command("import_timelogs", "--owner", "olivia", str(path))
    call_command("import_timelogs", "--owner", "olivia", str(path))
    assert TimeLog.objects.count() == 3
    assert "Imported 0 time logs; 3 were already here." in capsys.readouterr().out


def test_the_command_refuses_a_broken_file(owner, tmp_path):
    path = tmp_path / "broken.csv"
    path.write_text(TOGGL.replace("2026-11-03", "2026-02-30"), encoding="utf-8")
    with pytest.raises(CommandError, match="row 3"):
        call_command("import_timelogs", "--owner", "olivia", str(path))
    assert not TimeLog.objects.exists()


def test_an_oversized_upload_gets_a_message_htmx_can_show(owner_client):
    response = owner_client.post(
        "/import/",
        {"file": SimpleUploadedFile("big.csv", b"x")},
        CONTENT_LENGTH=str(csv_import.DEFAULT_MAX_IMPORT_BYTES + 2 * 1024 * 1024),
        **HTMX,
    )
    assert response.status_code == 413
    assert "over 20 MB" in response.content.decode() and "<html" not in response.content.decode()


def test_imported_client_project_and_tags_export_again(owner_client, owner):
    toggl = (
        "User,Email,Client,Project,Task,Description,Billable,Start date,Start time,End date,"
        "End time,Duration,Tags,Amount (USD)\n"
        "O,o@x.com,Acme,Website,,Homepage copy,Yes,2026-11-02,09:00:00,2026-11-02,10:30:00,"
        '01:30:00,"design, urgent",150\n'
    )
    preview = upload(owner_client, toggl).content.decode()
    assert "What each column becomes" in preview and "not imported" in preview
    batch = ImportBatch.objects.get()
    owner_client.post("/import/", {"batch": batch.pk, "confirm": "1"})
    task = owner.tasks.get()
    assert (task.client, task.project) == ("Acme", "Website")
    assert TimeLog.objects.get().tags == "design, urgent"
    exported = body(owner_client.get("/export/timelogs.csv"))
    row = next(csv.DictReader(io.StringIO(exported)))
    assert (row["client"], row["project"], row["tags"]) == ("Acme", "Website", "design, urgent")
    again = upload(owner_client, exported).content.decode()
    assert "Already here</dt><dd>1</dd>" in again  # the export re-imports as a no-op


def test_imported_clients_are_spelt_as_the_owners_tasks_already_spell_them(
    owner_client, owner, make_task
):
    make_task(owner, "Site build", client="Acme", project="Relaunch")
    toggl = (
        "User,Email,Client,Project,Task,Description,Billable,Start date,Start time,End date,"
        "End time,Duration,Tags,Amount (USD)\n"
        "O,o@x.com,ACME,relaunch,,Homepage copy,Yes,2026-11-02,09:00:00,2026-11-02,10:30:00,"
        "01:30:00,,150\n"
        "O,o@x.com,Globex,,,Audit,Yes,2026-11-03,09:00:00,2026-11-03,10:00:00,01:00:00,,0\n"
        "O,o@x.com,GLOBEX,,,Audit call,Yes,2026-11-04,09:00:00,2026-11-04,10:00:00,01:00:00,,0\n"
    )
    upload(owner_client, toggl)
    confirm(owner_client)
    spelt = dict(owner.tasks.values_list("title", "client"))
    # One client, one spelling: the report's hours by client stay together.
    assert spelt == {
        "Site build": "Acme",
        "Homepage copy": "Acme",
        "Audit": "Globex",
        "Audit call": "Globex",  # as the file first wrote it
    }
    assert owner.tasks.get(title="Homepage copy").project == "Relaunch"


def test_a_harvest_file_imports_with_nothing_dropped(owner_client, owner):
    from tests.test_csv_import import HARVEST

    upload(owner_client, HARVEST)
    owner_client.post("/import/", {"batch": ImportBatch.objects.get().pk, "confirm": "1"})
    design = owner.tasks.get(title="Design")
    assert (design.client, design.project, design.is_mga) == ("Acme", "Website", True)
    assert design.time_logs.get().note == "Hero section"
    upload(owner_client, HARVEST)
    assert "Already here</dt><dd>2</dd>" in upload(owner_client, HARVEST).content.decode()


@pytest.mark.django_db(databases=[])  # pure: no database
def test_a_zip_is_streamed_in_bounded_chunks_and_reads_back_whole():
    import random
    import zipfile

    from triage.csv_export import ZIP_CHUNK_BYTES, stream_zip

    rng = random.Random(7)
    # Text that compresses poorly, so the zip is several chunks long.
    pieces = ["".join(rng.choices("abcdefghij0123456789,", k=2000)) + "\n" for _ in range(1500)]
    chunks = list(stream_zip([("big.csv", iter(pieces)), ("small.json", ['{"a": 1}'])]))
    assert len(chunks) > 3
    # Bounded: the compressor hands out its output in blocks, so a chunk may run a block past.
    assert max(len(chunk) for chunk in chunks) < 2 * ZIP_CHUNK_BYTES
    archive = zipfile.ZipFile(io.BytesIO(b"".join(chunks)))
    assert archive.testzip() is None
    assert archive.read("big.csv").decode() == "".join(pieces)
    assert archive.read("small.json") == b'{"a": 1}'


def test_the_audit_after_a_long_history_shows_the_biggest_tasks_and_points_to_the_rest(
    owner_client,
):
    upload(owner_client, toggl_history(45, month="2026-10"))
    audit = owner_client.get(confirm(owner_client)["Location"]).content.decode()
    assert audit.count('<th scope="row"') == 30
    assert "15 more imported tasks are on" in audit and "/tasks/archive-idle/" in audit


def test_a_tasks_page_exports_its_own_logs_and_links_each_to_its_edit(
    owner_client, owner, other_owner, make_task, make_log
):
    invoicing, email = make_task(owner, "Invoicing"), make_task(owner, "Email triage")
    for hours in range(52):  # more than the page lists
        make_log(invoicing, datetime(2026, 9, 1, 8, tzinfo=UTC) + timedelta(hours=hours), 30)
    make_log(email, datetime(2026, 8, 1, 8, tzinfo=UTC), 30)
    page = owner_client.get(f"/tasks/{invoicing.pk}/").content.decode()
    assert f'href="/export/timelogs.csv?task={invoicing.pk}">export all 52 as CSV</a>' in page
    latest = invoicing.time_logs.latest("start")
    assert f'href="/log/{latest.pk}/edit/?next=/tasks/{invoicing.pk}/">Edit</a>' in page
    response = owner_client.get(f"/export/timelogs.csv?task={invoicing.pk}")
    rows = list(csv.reader(io.StringIO(body(response))))[1:]
    assert len(rows) == 52 and {row[3] for row in rows} == {"Invoicing"}
    assert 'filename="triage-timelogs-invoicing-' in response["Content-Disposition"]
    theirs = make_task(other_owner, "Theirs")
    assert owner_client.get(f"/export/timelogs.csv?task={theirs.pk}").status_code == 404
    assert owner_client.get("/export/timelogs.csv?task=abc").status_code == 404


def test_recent_time_imported_on_an_archived_task_brings_it_back(owner_client, owner, make_task):
    """As typing its name does: an archived task that gets time of the last 12 weeks is no
    longer idle and comes back to the lists; an older history leaves it archived."""
    from datetime import timedelta

    from django.utils import timezone

    recent = make_task(owner, "Call 000", category="admin")
    old = make_task(owner, "Call 001", category="admin")
    Task.objects.filter(pk__in=[recent.pk, old.pk]).update(archived=True)
    last_month = (timezone.localdate() - timedelta(days=30)).strftime("%Y-%m")
    header = TOGGL.splitlines()[0]
    rows = (
        toggl_history(1, last_month).splitlines()[1:] + toggl_history(2, "2025-01").splitlines()[2:]
    )
    upload(owner_client, "\n".join([header, *rows]) + "\n")
    done = confirm(owner_client)
    recent.refresh_from_db()
    old.refresh_from_db()
    assert (recent.archived, old.archived) == (False, True)
    page = owner_client.get(done["Location"]).content.decode()
    assert "1 archived task got recent time and is back in the lists." in page
