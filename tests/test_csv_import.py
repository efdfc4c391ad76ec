"""CSV cells and readers, without a database."""

import csv
import io
from datetime import UTC, date, datetime, time
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from triage import csv_export, csv_import

BERLIN = ZoneInfo("Europe/Berlin")
NOW = datetime(2026, 11, 25, 12, tzinfo=UTC)


@pytest.mark.parametrize("cell", ['=HYPERLINK("http://x")', "+1", "-2", "@SUM(A1)", "\tx", "\rx"])
def test_formula_injection_is_neutralised(cell):
    assert csv_export.safe_cell(cell) == "'" + cell


def test_plain_cells_are_untouched():
    assert csv_export.safe_cell("Invoicing") == "Invoicing"
    assert csv_export.safe_cell("") == ""


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (Decimal("1234.5"), "1234.50"),
        (Decimal("2.675"), "2.68"),
        (Decimal("1E+3"), "1000.00"),
        (Decimal("-0.005"), "-0.01"),
        (None, ""),
    ],
)
def test_numbers_are_plain_and_half_up(value, text):
    assert csv_export.number(value) == text


@given(st.text(max_size=30))
def test_a_neutralised_cell_never_starts_a_formula(text):
    assert not csv_export.safe_cell(text).startswith(("=", "+", "-", "@", "\t", "\r"))


def read(text: str, zone=BERLIN) -> csv_import.ParsedFile:
    return csv_import.read_timelogs(text, zone, now=NOW)


TOGGL = (
    "\ufeffUser,Email,Client,Project,Task,Description,Billable,Start date,Start time,End date,End time,"
    "Duration,Tags,Amount (USD)\n"
    "Olivia,o@example.com,Acme,Website,,Homepage copy,Yes,2026-11-02,09:00:00,2026-11-02,10:30:00,01:30:00,,150\n"
    "Olivia,o@example.com,,Admin,Invoicing,,No,2026-11-03,23:30:00,2026-11-04,00:15:00,00:45:00,,0\n"
    "Olivia,o@example.com,,Admin,,,No,2026-11-05,08:00:00,2026-11-05,08:20:00,00:20:00,,0\n"
)


def test_toggl_detailed_export():
    parsed = read(TOGGL)
    assert parsed.source == csv_import.TOGGL and not parsed.errors
    first, second, third = parsed.logs
    assert first.task_title == "Homepage copy"
    assert first.category == "client work" and first.is_mga
    assert first.start == datetime(2026, 11, 2, 9, tzinfo=BERLIN)
    assert first.end - first.start == datetime(2026, 11, 2, 10, 30) - datetime(2026, 11, 2, 9)
    assert second.task_title == "Invoicing" and second.category == "bookkeeping"
    assert second.end.astimezone(BERLIN).date() == date(2026, 11, 4)  # over midnight
    assert third.task_title == "Admin"


CLOCKIFY = (
    "Project,Client,Description,Task,User,Group,Email,Tags,Type,Billable,Invoiced,Invoice ID,"
    "Start Date,Start Time,End Date,End Time,Duration (h),Duration (decimal),Billable Rate (USD),"
    "Billable Amount (USD),Date of creation\n"
    "Sales,,Discovery call,,Olivia,,o@example.com,,REGULAR,Yes,No,,11/02/2026,10:23:52 AM,11/02/2026,"
    "11:08:52 AM,00:45:00,0.75,100,75,11/02/2026\n"
    "Admin,,,Email,Olivia,,o@example.com,,REGULAR,No,No,,11/03/2026,1:05 PM,11/03/2026,1:35 PM,"
    "00:30:00,0.50,0,0,11/03/2026\n"
)


def test_clockify_detailed_export_with_12_hour_times():
    parsed = read(CLOCKIFY)
    assert parsed.source == csv_import.CLOCKIFY and not parsed.errors
    call, email = parsed.logs
    assert call.task_title == "Discovery call" and call.category == "sales" and call.is_mga
    assert call.start == datetime(2026, 11, 2, 10, 23, 52, tzinfo=BERLIN)
    assert email.task_title == "Email"
    assert email.start.astimezone(BERLIN).time() == time(13, 5)


def test_older_clockify_exports_with_activity_and_day_first_dates():
    text = (
        "Project,Client,Description,Activity,User,Group,Email,Tags,Billable,Start Date,Start Time,"
        "End Date,End Time,Duration (h),Duration (decimal)\n"
        "Admin,,,Bookkeeping,Olivia,,o@x.com,,No,13/10/2026,14:00,13/10/2026,15:00,01:00:00,1.00\n"
        "Admin,,,Bookkeeping,Olivia,,o@x.com,,No,02/11/2026,14:00,02/11/2026,15:00,01:00:00,1.00\n"
    )
    parsed = read(text)
    assert not parsed.errors
    assert [log.start.date() for log in parsed.logs] == [date(2026, 10, 13), date(2026, 11, 2)]
    assert parsed.logs[0].task_title == "Bookkeeping"


def test_triages_own_export_round_trips_losslessly():
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(csv_export.TIMELOG_HEADER)
    start = datetime(2026, 11, 2, 8, 0, 12, tzinfo=UTC)  # exports write whole seconds
    end = datetime(2026, 11, 2, 9, 30, tzinfo=UTC)
    writer.writerow(
        csv_export.timelog_cells(start, end, "Invoicing", "bookkeeping", True, "Q4, final", BERLIN)
    )
    parsed = read(out.getvalue())
    assert parsed.source == csv_import.TRIAGE
    [log] = parsed.logs
    assert (log.start, log.end, log.task_title, log.category, log.is_mga, log.note) == (
        start,
        end,
        "Invoicing",
        "bookkeeping",
        True,
        "Q4, final",
    )
    assert "+01:00" in out.getvalue()


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (
            "Olivia,o@x.com,,Admin,,x,No,2026-13-02,09:00:00,2026-11-02,10:00:00,01:00:00,",
            "is not a date",
        ),
        (
            "Olivia,o@x.com,,Admin,,x,No,2026-11-02,25:00:00,2026-11-02,10:00:00,01:00:00,",
            "not a time of day",
        ),
        (
            "Olivia,o@x.com,,Admin,,x,No,2026-11-02,11:00:00,2026-11-02,10:00:00,01:00:00,",
            "end is not after",
        ),
        (
            "Olivia,o@x.com,,Admin,,x,No,2027-11-02,09:00:00,2027-11-02,10:00:00,01:00:00,",
            "in the future",
        ),
        (  # in the hour Berlin's clocks skip: it would have ended before it started
            "Olivia,o@x.com,,Admin,,x,No,2026-03-29,02:30:00,2026-03-29,03:15:00,00:45:00,",
            "02:30 does not exist on Sun 29 Mar 2026 in Europe/Berlin",
        ),
    ],
)
def test_each_bad_row_is_named_with_its_line(row, message):
    header = TOGGL.splitlines()[0].lstrip("\ufeff").rsplit(",", 1)[0]
    good = "Olivia,o@x.com,,Admin,,x,No,2026-11-02,09:00:00,2026-11-02,10:00:00,01:00:00,"
    parsed = read("\n".join([header, good, row, good]) + "\n")
    assert [line for line, _ in parsed.errors] == [3]
    assert message in parsed.errors[0][1]


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b"", "empty"),
        (b"   \n", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "not a CSV"),
    ],
)
def test_unreadable_files_are_refused(raw, message):
    with pytest.raises(csv_import.ImportFileError, match=message):
        csv_import.decode(raw)


def test_an_unknown_header_is_refused():
    with pytest.raises(csv_import.ImportFileError, match="Unknown header"):
        read("name,age,city\nBob,3,Paris\n")


def test_missing_columns_are_named():
    with pytest.raises(csv_import.ImportFileError, match="lacks the column"):
        read(
            "User,Email,Project,Start date,Start time,Duration\nO,o,P,2026-11-02,09:00:00,01:00:00\n"
        )


def test_a_header_without_rows_is_refused():
    with pytest.raises(csv_import.ImportFileError, match="no rows"):
        read(TOGGL.splitlines()[0] + "\n")


def test_too_big_files_are_refused_before_decoding():
    with pytest.raises(csv_import.ImportFileError, match="over 20 MB"):
        csv_import.decode(b"x" * (csv_import.DEFAULT_MAX_IMPORT_BYTES + 1))


def test_excel_encodings_are_read():
    latin = TOGGL.replace("Homepage copy", "Café menu").lstrip("\ufeff")
    text, encoding = csv_import.decode(latin.encode("cp1252"))
    assert encoding.startswith("Windows-1252") and "Café menu" in text
    text, encoding = csv_import.decode(latin.encode("utf-16"))
    assert encoding == "UTF-16" and "Café menu" in text
    parsed = csv_import.read_timelogs(text, BERLIN, now=NOW, encoding=encoding)
    assert parsed.logs[0].task_title == "Café menu"
    assert parsed.notices == ["Read as UTF-16, as Excel saves it."]


def test_semicolon_separated_files_are_read():
    parsed = read(TOGGL.replace(",", ";"))
    assert len(parsed.logs) == 3 and not parsed.errors


@given(st.integers(min_value=0, max_value=10**12))
def test_hours_cells_round_half_up_like_decimal(microseconds):
    from datetime import timedelta

    expected = csv_export.number(Decimal(microseconds) / Decimal(3_600_000_000))
    assert csv_export.hours_cell(timedelta(microseconds=microseconds)) == expected


def test_rows_stream_in_chunks_not_one_line_at_a_time():
    chunks = list(csv_export.stream_rows(["a"], ([str(i)] for i in range(2500))))
    assert len(chunks) == 3
    assert "".join(chunks).count("\n") == 2501


def test_toggl_client_project_and_tags_are_kept_not_put_in_the_note():
    text = (
        "User,Email,Client,Project,Task,Description,Billable,Start date,Start time,End date,"
        "End time,Duration,Tags,Amount (USD)\n"
        "O,o@x.com,Acme,Website,,Homepage copy,Yes,2026-11-02,09:00:00,2026-11-02,10:30:00,"
        '01:30:00,"design, urgent",150\n'
    )
    parsed = read(text)
    [log] = parsed.logs
    assert (log.task_title, log.client, log.project, log.tags, log.note) == (
        "Homepage copy",
        "Acme",
        "Website",
        "design, urgent",
        "",
    )
    uses = dict(parsed.columns)
    assert uses["Client"] == "the task's client" and uses["Tags"] == "the log's tags"
    assert uses["Amount (USD)"] == "" and uses["User"] == ""  # said: not imported


def test_a_toggl_description_too_long_for_a_title_is_kept_whole_as_the_note():
    description = "Call with Acme about the Q3 campaign " * 5  # 185 characters
    text = (
        "User,Email,Client,Project,Task,Description,Billable,Start date,Start time,End date,"
        "End time,Duration,Tags,Amount (USD)\n"
        f"O,o@x.com,Acme,Website,,{description},Yes,2026-11-02,09:00:00,2026-11-02,10:30:00,"
        "01:30:00,,150\n"
    )
    [log] = read(text).logs
    assert log.task_title == description.strip()[:120]
    assert log.note == description.strip()  # nothing of it lost


HARVEST = (
    "Date,Client,Project,Project Code,Task,Notes,Hours,Hours Rounded,Billable?,Invoiced?,"
    "Approved?,First Name,Last Name,Roles,Employee?,Billable Rate,Billable Amount,Cost Rate,"
    "Cost Amount,Currency,External Reference URL\n"
    "2026-11-02,Acme,Website,WEB,Design,Hero section,1.5,1.5,Yes,No,No,Olivia,O,,Yes,100,150,0,0,"
    "US Dollar - USD,\n"
    "2026-11-02,,Admin,,Bookkeeping,Receipts,0.75,0.75,No,No,No,Olivia,O,,Yes,0,0,0,0,"
    "US Dollar - USD,\n"
)


def test_a_harvest_export_lines_up_a_days_hours_from_nine():
    parsed = read(HARVEST)
    assert parsed.source == csv_import.HARVEST and not parsed.errors
    design, books = parsed.logs
    assert design.start == datetime(2026, 11, 2, 9, tzinfo=BERLIN)
    assert design.end == datetime(2026, 11, 2, 10, 30, tzinfo=BERLIN)
    assert books.start == design.end and books.end - books.start == time_delta(minutes=45)
    assert (design.task_title, design.client, design.project, design.note) == (
        "Design",
        "Acme",
        "Website",
        "Hero section",
    )
    assert design.is_mga and not books.is_mga
    assert read(HARVEST).logs == parsed.logs  # the same places every time: a re-import matches


def test_a_harvest_row_with_bad_hours_is_named():
    bad = HARVEST.replace(",0.75,0.75,", ",lots,0.75,")
    parsed = read(bad)
    assert [(line, "lots" in message) for line, message in parsed.errors] == [(3, True)]


def time_delta(**kwargs):
    from datetime import timedelta

    return timedelta(**kwargs)


def test_clockify_client_project_and_tags_are_kept():
    row = "Sales,,Discovery call,,Olivia,,o@example.com,,"
    parsed = read(
        CLOCKIFY.replace(row, 'Sales,Acme,Discovery call,,Olivia,,o@example.com,"lead, q4",', 1)
    )
    call = parsed.logs[0]
    assert (call.task_title, call.client, call.project, call.tags) == (
        "Discovery call",
        "Acme",
        "Sales",
        "lead, q4",
    )
    assert call.category == "sales"  # its own words say what it is, for a client or not


def test_a_clients_row_is_client_work_unless_its_words_say_otherwise():
    row = "Olivia,o@example.com,Acme,Website,,{title},No,2026-11-02,09:00:00,2026-11-02,10:00:00,01:00:00,,0"
    header = TOGGL.splitlines()[0]
    parsed = read(
        "\n".join([header] + [row.format(title=t) for t in ("Homepage copy", "Invoices for Acme")])
        + "\n"
    )
    copy, invoices = parsed.logs
    assert copy.category == "client work"  # nothing in its words: the client decides
    assert invoices.category == "bookkeeping"  # work for a client, but the kind one hands off


def test_an_hour_the_clocks_repeat_is_read_as_its_first_time():
    header = TOGGL.splitlines()[0].lstrip("\ufeff").rsplit(",", 1)[0]
    row = "Olivia,o@x.com,,Admin,,x,No,2026-10-25,02:10:00,2026-10-25,02:40:00,00:30:00,"
    (log,) = read(header + "\n" + row + "\n").logs
    assert (log.start, log.end) == (
        datetime(2026, 10, 25, 0, 10, tzinfo=UTC),  # 02:10 summer time, the first 02:10
        datetime(2026, 10, 25, 0, 40, tzinfo=UTC),
    )
