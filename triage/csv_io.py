"""CSV in and out, without the database: cell formatting for exports, and readers for
Toggl Track, Clockify and Triage's own time-log export.

Import rule for tasks (documented in the README):
- task title: Description when set, else Task (Clockify: Task or Activity), else Project;
- category: Triage's own column; otherwise "client work" when the row has a Client, else a
  guess from the words of the title and project ("other" when nothing matches);
- money-generating (for tasks the import creates): Billable = Yes.
"""

import codecs
import csv
import io
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo

from triage import gutcheck
from triage.categories import guess_category

MAX_IMPORT_BYTES = 20 * 1024 * 1024
_DANGEROUS_FIRST = ("=", "+", "-", "@", "\t", "\r")

DECISION_HEADER = [
    "decision_id",
    "task",
    "category",
    "decision",
    "status",
    "decided_on",
    "is_mga",
    "need_to_do",
    "need_to_learn",
    "need_to_master",
    "overwhelm",
    "feeling",
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
]
TIMELOG_HEADER = ["start", "end", "duration_hours", "task", "category", "is_mga", "note"]

TOGGL = "Toggl Track"
CLOCKIFY = "Clockify"
TRIAGE = "Triage"


# ---------------------------------------------------------------- export cells


def safe_cell(value: str) -> str:
    """Neutralise formula injection: a spreadsheet must not run a cell that starts with
    = + - @, a tab or a carriage return. A leading apostrophe makes it plain text."""
    if value and value.startswith(_DANGEROUS_FIRST):
        return "'" + value
    return value


def number(value: Decimal | None, places: int = 2) -> str:
    """`1234.50`: no thousands separator, no exponent, half-up; empty for None."""
    if value is None:
        return ""
    quantum = Decimal(1).scaleb(-places)
    return f"{value.quantize(quantum, rounding=ROUND_HALF_UP):f}"


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


def hours_cell(duration: timedelta) -> str:
    """`1.50`: a duration in hours, half-up to the hundredth, in exact integer arithmetic."""
    microseconds = duration // timedelta(microseconds=1)
    hundredths = (microseconds * 100 + 1_800_000_000) // 3_600_000_000
    return f"{hundredths // 100}.{hundredths % 100:02d}"


def timelog_cells(
    start: datetime,
    end: datetime,
    task: str,
    category: str,
    is_mga: bool,
    note: str,
    zone: ZoneInfo,
) -> list[str]:
    """One exported time log. Text the owner typed is neutralised; times and numbers are
    ours and stay as they are."""
    return [
        start.astimezone(zone).isoformat(),
        end.astimezone(zone).isoformat(),
        hours_cell(end - start),
        safe_cell(task),
        safe_cell(category),
        "yes" if is_mga else "no",
        safe_cell(note),
    ]


def decision_cells(decision, weeks_per_year: int, currency: str) -> list[str]:
    """One exported decision. Text the owner typed is neutralised against formula
    injection; numbers stay numbers (a negative impact is still a number to a spreadsheet)."""
    figures = decision.numbers(weeks_per_year)
    check = decision.gut_check
    recommendation = (
        gutcheck.evaluate(check.answers, decision.baseline_hours_per_week).recommendation
        if check
        else ""
    )
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
        recommendation,
        n(decision.baseline_hours_per_week),
        n(decision.plan.management_hours),
        text(decision.contractor),
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
    ]


# ---------------------------------------------------------------- import


class ImportFileError(ValueError):
    """The whole file cannot be read (not a CSV, unknown header, too big, empty)."""


@dataclass(frozen=True)
class ImportedLog:
    row_number: int  # the line in the file, header = 1
    start: datetime
    end: datetime
    task_title: str
    category: str
    is_mga: bool
    note: str


@dataclass
class ParsedFile:
    source: str
    encoding: str
    logs: list[ImportedLog] = field(default_factory=list)
    errors: list[tuple[int, str]] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.logs)


def decode(raw: bytes) -> tuple[str, str]:
    """Bytes → text, as Excel, Toggl and Clockify save CSV: UTF-8 (with or without BOM),
    UTF-16 with a BOM, or Windows-1252/Latin-1. Returns the text and the encoding used."""
    if len(raw) > MAX_IMPORT_BYTES:
        raise ImportFileError(
            "The file is over 20 MB. Export a shorter date range and import it in parts."
        )
    if not raw.strip():
        raise ImportFileError("The file is empty.")
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return raw.decode("utf-16"), "UTF-16"
    if b"\x00" in raw[:1000]:
        raise ImportFileError("This is not a CSV file (it holds binary data).")
    try:
        return raw.decode("utf-8-sig"), "UTF-8"
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace"), "Windows-1252 (Latin-1)"


def _normalise_header(name: str) -> str:
    return re.sub(r"\s+", " ", name.strip().lower())


def _canonical(header: list[str]) -> list[str]:
    # Money columns carry the currency: "Amount (USD)", "Billable Rate (EUR)".
    return [re.sub(r" \([a-z]{3}\)$", "", _normalise_header(h)) for h in header]


_REQUIRED = {
    TOGGL: {"description", "start date", "start time", "end date", "end time"},
    CLOCKIFY: {"description", "start date", "start time", "end date", "end time"},
    TRIAGE: set(TIMELOG_HEADER) - {"duration_hours"},
}


def detect_format(header: list[str]) -> str:
    names = set(_canonical(header))
    if {"start", "end", "task"} <= names and "start date" not in names:
        source = TRIAGE
    elif "duration (decimal)" in names or "duration (h)" in names or "invoice id" in names:
        source = CLOCKIFY
    elif {"start date", "start time", "duration"} & names and (
        "user" in names or "project" in names
    ):
        source = TOGGL
    else:
        shown = ", ".join(h.strip() for h in header[:8])
        raise ImportFileError(
            f"Unknown header: {shown}. Import a Toggl Track or Clockify detailed report, "
            "or a Triage time-log export."
        )
    missing = _REQUIRED[source] - names
    if missing:
        raise ImportFileError(
            f"The {source} file lacks the column(s): {', '.join(sorted(missing))}."
        )
    return source


_DATE_FORMATS_DMY = ["%d/%m/%Y", "%d.%m.%Y", "%d-%m-%Y"]
_DATE_FORMATS_MDY = ["%m/%d/%Y", "%m-%d-%Y"]
_TIME_FORMATS = ["%H:%M:%S", "%H:%M", "%I:%M:%S %p", "%I:%M %p", "%I:%M:%S%p", "%I:%M%p"]


def parse_date(text: str, day_first: bool = False) -> date:
    text = text.strip()
    try:
        return date.fromisoformat(text)
    except ValueError:
        pass
    formats = (
        (_DATE_FORMATS_DMY + _DATE_FORMATS_MDY)
        if day_first
        else (_DATE_FORMATS_MDY + _DATE_FORMATS_DMY)
    )
    for fmt in formats:
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(f"“{text}” is not a date")


def parse_time(text: str) -> time:
    text = text.strip().upper()
    for fmt in _TIME_FORMATS:
        try:
            return datetime.strptime(text, fmt).time()
        except ValueError:
            continue
    raise ValueError(f"“{text}” is not a time of day")


def _localise(day: date, moment: time, zone: ZoneInfo) -> datetime:
    return datetime.combine(day, moment, tzinfo=zone)


def _title(row: dict, *columns: str) -> str:
    for column in columns:
        value = " ".join((row.get(column) or "").split())
        if value:
            return value[:120]
    return "(no description)"


def _category_for(row: dict, title: str) -> str:
    if (row.get("client") or "").strip():
        return "client work"
    return guess_category(f"{title} {row.get('project') or ''}")


def _is_yes(value: str | None) -> bool:
    return (value or "").strip().lower() in {"yes", "true", "1", "billable"}


def _guess_day_first(rows: list[dict]) -> bool:
    """Clockify writes dates in the user's format: 13/01/2026 can only be day-first."""
    for row in rows:
        for column in ("start date", "end date"):
            parts = re.split(r"[/.-]", (row.get(column) or "").strip())
            if len(parts) == 3 and len(parts[0]) <= 2 and parts[0].isdigit() and int(parts[0]) > 12:
                return True
    return False


def _read_row(source: str, row: dict, zone: ZoneInfo, day_first: bool):
    """One CSV row → (start, end, title, category, is_mga, note); raises ValueError."""
    if source == TRIAGE:
        start = datetime.fromisoformat(row["start"].strip())
        end = datetime.fromisoformat(row["end"].strip())
        start = start if start.tzinfo else start.replace(tzinfo=zone)
        end = end if end.tzinfo else end.replace(tzinfo=zone)
        title = _title(row, "task")
        category = " ".join((row.get("category") or "").split()).lower()[:40] or "other"
        return (
            start,
            end,
            title,
            category,
            _is_yes(row.get("is_mga")),
            (row.get("note") or "")[:500],
        )
    start = _localise(parse_date(row["start date"], day_first), parse_time(row["start time"]), zone)
    end = _localise(parse_date(row["end date"], day_first), parse_time(row["end time"]), zone)
    task_column = "task" if row.get("task") else "activity"
    title = _title(row, "description", task_column, "project")
    note = ", ".join(
        part for part in (row.get("project"), row.get("tags")) if part and part.strip()
    )
    return start, end, title, _category_for(row, title), _is_yes(row.get("billable")), note[:500]


def read_timelogs(
    text: str, zone: ZoneInfo, now: datetime | None = None, encoding: str = "UTF-8"
) -> ParsedFile:
    """Parse a whole file. Every bad row is named; the caller imports nothing if any is."""
    sample = text[:4096]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    try:
        header = next(reader)
    except (StopIteration, csv.Error):
        raise ImportFileError("The file is empty.") from None
    if len(header) < 3:
        raise ImportFileError("This does not look like a CSV file: the first line has no columns.")
    source = detect_format(header)
    names = _canonical(header)
    parsed = ParsedFile(source=source, encoding=encoding)
    if encoding != "UTF-8":
        parsed.notices.append(f"Read as {encoding}, as Excel saves it.")
    try:
        rows = [
            (number, dict(zip(names, values, strict=False)))
            for number, values in enumerate(reader, start=2)
            if any(v.strip() for v in values)
        ]
    except csv.Error as error:
        raise ImportFileError(f"This is not a readable CSV file: {error}.") from None
    day_first = _guess_day_first([row for _, row in rows[:200]])
    for line, row in rows:
        try:
            start, end, title, category, is_mga, note = _read_row(source, row, zone, day_first)
        except (ValueError, KeyError, AttributeError) as error:
            parsed.errors.append((line, _row_error(error)))
            continue
        if end <= start:
            parsed.errors.append((line, "The end is not after the start."))
            continue
        if now is not None and end > now + timedelta(minutes=1):
            parsed.errors.append((line, "The entry ends in the future."))
            continue
        parsed.logs.append(ImportedLog(line, start, end, title, category, is_mga, note))
    if not rows:
        raise ImportFileError("The file has a header but no rows.")
    return parsed


def _row_error(error: Exception) -> str:
    if isinstance(error, KeyError):
        return f"The column {error} is empty or missing."
    message = str(error)
    return (message[0].upper() + message[1:] + ".") if message else "This row cannot be read."
