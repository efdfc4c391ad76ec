"""CSV out, without the database: the exports' headers and cells. Text the owner typed is
neutralised against formula injection; numbers stay plain (`1234.50`) for spreadsheets."""

import csv
import io
import zipfile
from collections.abc import Iterable, Iterator
from datetime import datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from triage import formatting
from triage.choices import GUT_CHECK_ANSWERS

DANGEROUS_FIRST = ("=", "+", "-", "@", "\t", "\r")

DECISION_HEADER = [
    "decision_id",
    "task",
    "category",
    "decision",
    "status",
    "decided_on",
    *GUT_CHECK_ANSWERS,
    "recommendation",
    "baseline_hours_per_week",
    "management_hours_per_week",
    "contractor",
    "contractor_rate",
    "contractor_hours_per_week",
    "handoff_hours",
    "mga_hourly_value",
    "hours_reclaimed_per_week",
    "weekly_cost",
    "weekly_profit_impact",
    "annual_profit_impact",
    "break_even_rate",
    "currency",
    "notes",
    # Added with "letting go"; new columns only ever go at the end.
    "blockers",
    "review_on",
    "checklist_done",
    "checklist_total",
    "contractor_email",
    "hours_back_to_date",
    "value_to_date",
    "paid_to_date",
    "net_to_date",
]
CONTRACTOR_HEADER = [
    "name",
    "rate",
    "contact",
    "active_decisions",
    "weekly_cost",
    "paid_to_date",
    "currency",
    # What handing work to them gave back so far, as their page reads it (added at the end:
    # columns never move).
    "hours_back_to_date",
    "value_to_date",
    "net_to_date",
]
REPORT_HEADER = [
    "task",
    "category",
    "is_mga",
    "hours",
    "share",
    "verdict",
    "hours_reclaimed_measured",
    "profit_impact",
    "currency",
    "client",
    "project",
]
TIMELOG_HEADER = [
    "start",
    "end",
    "duration_hours",
    "task",
    "category",
    "is_mga",
    "note",
    "client",
    "project",
    "tags",
]


def safe_cell(value: str) -> str:
    """Neutralise formula injection: a spreadsheet must not run a cell that starts with
    = + - @, a tab or a carriage return. A leading apostrophe makes it plain text."""
    if value and value.startswith(DANGEROUS_FIRST):
        return "'" + value
    return value


def number(value: Decimal | None, places: int = 2) -> str:
    """`1234.50`: no thousands separator, no exponent, half-up; empty for None."""
    if value is None:
        return ""
    return f"{formatting.rounded(value, places):f}"


def yes_no(value: bool | None) -> str:
    if value is None:
        return ""
    return "yes" if value else "no"


ROWS_PER_CHUNK = 1000


def stream_rows(header: list[str], rows: Iterable[list[str]], bom: bool = False) -> Iterator[str]:
    """CSV text in chunks of ROWS_PER_CHUNK rows: memory stays flat however many rows, and
    the response is not handed thousands of one-line pieces."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    if bom:
        buffer.write("\ufeff")
    writer.writerow(header)
    for count, row in enumerate(rows, start=1):
        writer.writerow(row)
        if count % ROWS_PER_CHUNK == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


class _Sink(io.RawIOBase):
    """Where a zip is written as it is made: a response takes its bytes in turns. It cannot
    seek, so zipfile writes each member's sizes after its data."""

    def __init__(self):
        self.chunks: list[bytes] = []
        self.size = 0

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        self.chunks.append(bytes(data))
        self.size += len(data)
        return len(data)

    def take(self) -> bytes:
        data = b"".join(self.chunks)
        self.chunks, self.size = [], 0
        return data


ZIP_CHUNK_BYTES = 256 * 1024


def stream_zip(members: Iterable[tuple[str, Iterable[str]]]) -> Iterator[bytes]:
    """A zip of text members, each given as its name and its text in pieces, in chunks of
    about ZIP_CHUNK_BYTES: never the whole archive (or a whole member) in memory. Members
    are read in turn, so a member's query runs when the zip reaches it."""
    sink = _Sink()
    with zipfile.ZipFile(sink, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, pieces in members:
            with archive.open(name, "w") as member:  # a member holds up to 2 GiB
                for piece in pieces:
                    member.write(piece.encode())
                    if sink.size >= ZIP_CHUNK_BYTES:
                        yield sink.take()
    yield sink.take()


def hours_cell(duration: timedelta) -> str:
    """`1.50`: a duration in hours, half-up to the hundredth, in exact integer arithmetic."""
    # From its parts: `duration // timedelta(microseconds=1)` took twice as long, and this is
    # one of the export's busiest lines.
    microseconds = (duration.days * 86_400 + duration.seconds) * 1_000_000 + duration.microseconds
    hundredths = (microseconds * 100 + 1_800_000_000) // 3_600_000_000
    return f"{hundredths // 100}.{hundredths % 100:02d}"


def timestamp(moment: datetime, zone: ZoneInfo) -> str:
    """`2026-11-02T09:00:07+01:00`: ISO 8601 to the second, with the owner's UTC offset."""
    return moment.astimezone(zone).isoformat(timespec="seconds")


def timelog_cells(
    start: datetime,
    end: datetime,
    task: str,
    category: str,
    is_mga: bool,
    note: str,
    zone: ZoneInfo,
    client: str = "",
    project: str = "",
    tags: str = "",
) -> list[str]:
    """One exported time log. Text the owner typed is neutralised; times and numbers are
    ours and stay as they are."""
    return [
        timestamp(start, zone),
        timestamp(end, zone),
        hours_cell(end - start),
        safe_cell(task),
        safe_cell(category),
        "yes" if is_mga else "no",
        safe_cell(note),
        safe_cell(client),
        safe_cell(project),
        safe_cell(tags),
    ]


def decision_cells(decision, weeks_per_year: int, currency: str, earned=None) -> list[str]:
    """One exported decision. Text the owner typed is neutralised against formula
    injection; numbers stay numbers (a negative impact is still a number to a spreadsheet)."""
    figures = decision.numbers(weeks_per_year)
    check = decision.gut_check
    n, text = number, safe_cell
    return [
        str(decision.pk),
        text(decision.task.title),
        text(decision.task.category),
        decision.kind,
        decision.status,
        decision.decided_on.isoformat(),
        yes_no(check.is_mga if check else decision.task.is_mga),
        yes_no(check.need_to_do if check else None),
        yes_no(check.need_to_learn if check else None),
        yes_no(check.need_to_master if check else None),
        str(check.overwhelm) if check else "",
        check.feeling if check else "",
        decision.recommendation,
        n(decision.baseline_hours_per_week),
        n(decision.plan.management_hours),
        text(decision.contractor.name if decision.contractor else ""),
        n(decision.contractor_rate),
        n(decision.contractor_hours_per_week),
        n(decision.handoff_hours),
        n(decision.mga_hourly_value),
        n(figures.hours_reclaimed_per_week),
        n(figures.weekly_cost),
        n(figures.weekly_profit_impact),
        n(figures.annual_profit_impact),
        n(figures.break_even_rate),
        currency,
        text(decision.notes),
        ";".join(decision.blockers),
        decision.review_on.isoformat() if decision.review_on else "",
        str(getattr(decision, "checklist_done", 0)),
        str(getattr(decision, "checklist_total", 0)),
        text(decision.contractor.email if decision.contractor else ""),
        n(earned.hours_back) if earned else "",
        n(earned.value) if earned else "",
        n(earned.paid) if earned else "",
        n(earned.net) if earned else "",
    ]


def contractor_cells(row, currency: str) -> list[str]:
    """One exported contractor (a `ContractorRow`)."""
    contractor = row.contractor
    return [
        safe_cell(contractor.name),
        number(contractor.rate),
        safe_cell(contractor.contact),
        str(len(row.active)),
        number(row.weekly_cost),
        number(row.paid_to_date),
        currency,
        number(row.earned.hours_back),
        number(row.earned.value),
        number(row.earned.net_of_whole_figures),
    ]


def report_cells(line, currency: str) -> list[str]:
    """One task of a period report (a `period_report.TaskLine`). A task not handed off in
    the period (and every task of a report by tag) has no reclaimed hours or impact: the
    cells are empty, as the page shows "—" and the API `null`, not a figure of 0.00."""
    handed_off = line.handed_off
    return [
        safe_cell(line.title),
        safe_cell(line.category),
        yes_no(line.is_mga),
        number(line.hours),
        number(line.share, 1),
        line.verdict,
        number(line.hours_reclaimed_measured if handed_off else None),
        number(line.profit_impact if handed_off else None),
        currency,
        safe_cell(line.client),
        safe_cell(line.project),
    ]
