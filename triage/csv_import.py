"""CSV in, without the database: readers for Toggl Track, Clockify and Triage's own
time-log export, read strictly and as a stream.

Import rule for tasks (documented in the README):
- task title: Description when set, else Task (Clockify: Task or Activity), else Project;
- category: Triage's own column; otherwise a guess from the words of the title, then
  "client work" when the row has a Client, else a guess from the words of the title and
  project ("other" when nothing matches);
- money-generating (for tasks the import creates): Billable = Yes.

The same rules as typing hold for every row: at most 24 hours, from 2000-01-01 to now.
A file with any bad row imports nothing; the first MAX_ERRORS_SHOWN bad rows are named,
and reading stops once a file has more than MAX_BAD_ROWS (it is hopeless by then).
"""

import codecs
import csv
import functools
import io
import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal, InvalidOperation
from zoneinfo import ZoneInfo

from triage.categories import default_is_mga, guess_category
from triage.choices import Category
from triage.csv_export import DANGEROUS_FIRST, TIMELOG_HEADER
from triage.durations import MAX_ENTRY, format_duration
from triage.entries import EARLIEST_DAY, FUTURE_TOLERANCE, TITLE_LENGTH, WORKDAY_START
from triage.text import one_line
from triage.weeks import local_moment

DEFAULT_MAX_IMPORT_BYTES = 20 * 1024 * 1024
MAX_ERRORS_SHOWN = 100
MAX_BAD_ROWS = 1000

TOGGL = "Toggl Track"
CLOCKIFY = "Clockify"
HARVEST = "Harvest"
TRIAGE = "Triage"

# What each column of a file becomes, as the preview tells the owner ("" = not imported).
COLUMN_USES = {
    "description": "the task",
    "task": "the task (when there is no description)",
    "activity": "the task (when there is no description)",
    "client": "the task's client",
    "project": "the task's project",
    "tags": "the log's tags",
    "billable": "whether a new task makes money",
    "billable?": "whether a new task makes money",
    "notes": "the log's note",
    "note": "the log's note",
    "hours": "the log's length (placed from 09:00 that day)",
    "date": "the day",
    "start date": "the start",
    "start time": "the start",
    "end date": "the end",
    "end time": "the end",
    "start": "the start",
    "end": "the end",
    "category": "the task's category",
    "is_mga": "whether a new task makes money",
}

# A lead byte followed by continuation bytes: text that was meant to be UTF-8.
_UTF8_SEQUENCE = re.compile(rb"[\xc2-\xf4][\x80-\xbf]")


class ImportFileError(ValueError):
    """The whole file cannot be read (not a CSV, unknown header, too big, empty)."""


@dataclass(frozen=True, slots=True)
class ImportedLog:
    row_number: int  # the line in the file where the row starts, header = 1
    start: datetime
    end: datetime
    task_title: str
    category: str
    is_mga: bool
    note: str
    client: str = ""
    project: str = ""
    tags: str = ""


@dataclass
class ParsedFile:
    source: str
    encoding: str
    logs: list[ImportedLog] = field(default_factory=list)
    errors: list[tuple[int, str]] = field(default_factory=list)  # the first MAX_ERRORS_SHOWN
    error_count: int = 0
    rows: int = 0
    stopped_at_line: int | None = None  # reading gave up here: too many bad rows
    notices: list[str] = field(default_factory=list)
    columns: list[tuple[str, str]] = field(default_factory=list)  # (column, what it became)

    @property
    def ok(self) -> bool:
        return not self.error_count and bool(self.logs)

    @property
    def errors_not_shown(self) -> int:
        return self.error_count - len(self.errors)

    def add_error(self, line: int, message: str) -> None:
        self.error_count += 1
        if len(self.errors) < MAX_ERRORS_SHOWN:
            self.errors.append((line, message))
        self.logs.clear()  # the file will be refused: hold nothing more for it


def _line_of(raw: bytes, offset: int) -> int:
    return raw.count(b"\n", 0, offset) + 1


def decode(raw: bytes, limit: int = DEFAULT_MAX_IMPORT_BYTES) -> tuple[str, str]:
    """Bytes → text, as Excel, Toggl and Clockify save CSV: UTF-8 (with or without BOM),
    UTF-16 with a BOM, or Windows-1252. Strict: a byte that is not text in the file's
    encoding, or a NUL, makes the file bad, naming its line. Returns (text, encoding)."""
    if len(raw) > limit:
        raise ImportFileError(
            f"The file is over {limit // (1024 * 1024)} MB. Export a shorter date range and "
            "import it in parts."
        )
    if not raw.strip():
        raise ImportFileError("The file is empty.")
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            text, encoding = raw.decode("utf-16"), "UTF-16"
        except UnicodeDecodeError as error:
            line = raw[: error.start].decode("utf-16", errors="replace").count("\n") + 1
            raise ImportFileError(
                f"Line {line} is cut off in the middle of a character: the UTF-16 file is "
                "damaged. Export it again."
            ) from None
    else:
        try:
            text, encoding = raw.decode("utf-8-sig"), "UTF-8"
        except UnicodeDecodeError as error:
            if _UTF8_SEQUENCE.search(raw):  # UTF-8 with a broken byte: not a Windows file
                raise ImportFileError(
                    f"Line {_line_of(raw, error.start)} holds bytes that are not UTF-8 text. "
                    "Save the file as UTF-8 CSV and upload it again."
                ) from None
            try:
                text, encoding = raw.decode("cp1252"), "Windows-1252 (Latin-1)"
            except UnicodeDecodeError as cp_error:
                raise ImportFileError(
                    f"Line {_line_of(raw, cp_error.start)} holds bytes that are not text. "
                    "Save the file as UTF-8 CSV and upload it again."
                ) from None
    nul = text.find("\x00")
    if nul >= 0:
        raise ImportFileError(
            f"This is not a CSV file: line {text.count(chr(10), 0, nul) + 1} holds binary "
            "data (a NUL byte)."
        )
    return text, encoding


def _normalise_header(name: str) -> str:
    return re.sub(r"\s+", " ", name.strip().lower())


def _canonical(header: list[str]) -> list[str]:
    # Money columns carry the currency: "Amount (USD)", "Billable Rate (EUR)".
    return [re.sub(r" \([a-z]{3}\)$", "", _normalise_header(h)) for h in header]


_REQUIRED = {
    HARVEST: {"date", "hours", "task"},
    TOGGL: {"description", "start date", "start time", "end date", "end time"},
    CLOCKIFY: {"description", "start date", "start time", "end date", "end time"},
    TRIAGE: set(TIMELOG_HEADER[:7]) - {"duration_hours"},  # client, project, tags optional
}


def detect_format(header: list[str]) -> str:
    names = set(_canonical(header))
    if {"start", "end", "task"} <= names and "start date" not in names:
        source = TRIAGE
    elif {"date", "hours"} <= names and "start time" not in names:
        source = HARVEST
    elif "duration (decimal)" in names or "duration (h)" in names or "invoice id" in names:
        source = CLOCKIFY
    elif {"start date", "start time", "duration"} & names and (
        "user" in names or "project" in names
    ):
        source = TOGGL
    else:
        shown = ", ".join(h.strip() for h in header[:8])
        raise ImportFileError(
            f"Unknown header: {shown}. Import a Toggl Track, Clockify or Harvest detailed "
            "report, or a Triage time-log export."
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
    try:
        return time.fromisoformat(text)  # 24-hour `09:00:00`: most files, and fast
    except ValueError:
        pass
    for fmt in _TIME_FORMATS:
        try:
            return datetime.strptime(text, fmt).time()
        except ValueError:
            continue
    raise ValueError(f"“{text}” is not a time of day")


def text_cell(value: str | None) -> str:
    """A text cell as the owner typed it: the `'` an export put before `= + - @`, a tab or
    a CR to stop formulas is taken off again, so an export re-imports as itself."""
    value = value or ""
    if value.startswith("'") and value[1:].startswith(DANGEROUS_FIRST):
        return value[1:]
    return value


def _title(row: dict, *columns: str, whole: bool = False) -> str:
    """The first of `columns` with words in it, as a task's title (`TITLE_LENGTH` characters), or
    `whole` (then the caller keeps what does not fit)."""
    for column in columns:
        value = one_line(text_cell(row.get(column)))
        if value:
            return value if whole else value[:TITLE_LENGTH]
    return "(no description)"


def _category_for(row: dict, title: str) -> str:
    if (row.get("client") or "").strip():
        # Work for a client is client work unless its own words say what it is: invoicing
        # a client is bookkeeping, the very kind of work an owner might hand off.
        guessed = _guess(title)
        return Category.CLIENT_WORK if guessed == Category.OTHER else guessed
    return _guess(f"{title} {text_cell(row.get('project'))}")


_guess = functools.lru_cache(maxsize=4096)(guess_category)  # a file repeats its titles


def _is_yes(value: str | None) -> bool:
    return (value or "").strip().lower() in {"yes", "true", "1", "billable"}


def _is_day_first(row: dict) -> bool:
    """Clockify writes dates in the user's format: 13/01/2026 can only be day-first."""
    for column in ("start date", "end date", "date"):
        parts = re.split(r"[/.-]", (row.get(column) or "").strip())
        if len(parts) == 3 and len(parts[0]) <= 2 and parts[0].isdigit() and int(parts[0]) > 12:
            return True
    return False


def _kept(row: dict, column: str, length: int = 120) -> str:
    return one_line(text_cell(row.get(column)))[:length]


def _read_row(source: str, row: dict, zone: ZoneInfo, day_first: bool, placed: dict):
    """One CSV row → an ImportedLog's fields after the row number; raises ValueError."""
    if source == TRIAGE:
        start = datetime.fromisoformat(row["start"].strip())
        end = datetime.fromisoformat(row["end"].strip())
        start = start if start.tzinfo else local_moment(start.date(), start.time(), zone)
        end = end if end.tzinfo else local_moment(end.date(), end.time(), zone)
        category = one_line(text_cell(row.get("category"))).lower()[:40] or "other"
        note = text_cell(row.get("note"))[:500]
        title, is_mga = _title(row, "task"), _is_yes(row.get("is_mga"))
    elif source == HARVEST:
        start, end = _harvest_span(row, zone, day_first, placed)
        title = _title(row, "task", "project")
        note = text_cell(row.get("notes"))[:500]
        category = _category_for(row, title)
        is_mga = _is_yes(row["billable?"]) if "billable?" in row else default_is_mga(category)
    else:
        start = local_moment(
            parse_date(row["start date"], day_first), parse_time(row["start time"]), zone
        )
        end = local_moment(
            parse_date(row["end date"], day_first), parse_time(row["end time"]), zone
        )
        task_column = "task" if row.get("task") else "activity"
        description = _title(row, "description", task_column, "project", whole=True)
        title = description[:TITLE_LENGTH]
        # The description is the task; client, project and tags are kept apart. One too
        # long for a title is kept whole as the note, not cut.
        note = description[:500] if len(description) > len(title) else ""
        category = _category_for(row, title)
        # Billable says whether the work pays; without that column, the category's default.
        is_mga = _is_yes(row["billable"]) if "billable" in row else default_is_mga(category)
    tags = _kept(row, "tags", 300)
    return (
        start,
        end,
        title,
        category,
        is_mga,
        note,
        _kept(row, "client"),
        _kept(row, "project"),
        tags,
    )


def _harvest_span(row: dict, zone: ZoneInfo, day_first: bool, placed: dict):
    """Harvest writes a day and decimal hours, no times: the file's entries of a day line up
    from 09:00 in the order they come, the same way every time (so a re-import matches)."""
    day = parse_date(row["date"], day_first)
    try:
        length = Decimal(row["hours"].strip().replace(",", "."))
    except (InvalidOperation, AttributeError):
        raise ValueError(f"“{row['hours']}” is not a number of hours") from None
    if length <= 0:
        raise ValueError("The hours are not more than zero")
    if length > 24:
        raise ValueError(f"One log can be at most 24 hours; this one is {length} h")
    start = placed.get(day) or datetime.combine(day, WORKDAY_START, tzinfo=zone).astimezone(UTC)
    end = start + timedelta(seconds=round(length * 3600))
    placed[day] = end
    return start, end


def _check_span(start: datetime, end: datetime, zone: ZoneInfo, now: datetime | None) -> str:
    """The rules typing obeys, for one imported row: why it is refused, or ''."""
    if end <= start:
        return "The end is not after the start."
    if end - start > MAX_ENTRY:
        return f"One log can be at most 24 hours; this one is {format_duration(end - start)}."
    if start.astimezone(zone).date() < EARLIEST_DAY:
        return "Triage keeps logs from 1 Jan 2000 on; this one is earlier."
    if now is not None and end > now + FUTURE_TOLERANCE:
        return "The entry ends in the future."
    return ""


def _delimiter(text: str) -> str:
    first_line = text.split("\n", 1)[0]
    return max([",", ";", "\t"], key=first_line.count)


def _line_text(text: str, line: int, length: int = 200_000) -> str:
    """The start of a physical line of the file (only read when a row is bad)."""
    position = 0
    for _ in range(line - 1):
        position = text.find("\n", position) + 1
        if position == 0:
            return ""
    return text[position : position + length]


def _rows(reader, text: str):
    """(line, values) for each non-blank row; the line is where the row starts. An unclosed
    quote or broken quoting makes the whole file unreadable, naming the line."""
    while True:
        line = reader.line_num + 1
        try:
            values = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            if "field larger" in str(error) and '"' not in _line_text(text, line):
                raise ImportFileError(
                    f"Line {line} has a cell of over {csv.field_size_limit():,} characters: this "
                    "does not look like a time export."
                ) from None
            if "end of data" in str(error) or "field larger" in str(error):
                raise ImportFileError(
                    f"Line {line} opens a quote that never closes, so the rest of the file "
                    "would run into one cell. Fix the quote and upload it again."
                ) from None
            raise ImportFileError(f"Line {line} is not valid CSV: {error}.") from None
        if any(value.strip() for value in values):
            yield line, values


DAY_FIRST_SAMPLE = 200


def read_timelogs(
    text: str, zone: ZoneInfo, now: datetime | None = None, encoding: str = "UTF-8"
) -> ParsedFile:
    """Parse a file as a stream. Every bad row is named (the first MAX_ERRORS_SHOWN); the
    caller imports nothing if any is."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text), strict=True)
    rows = _rows(reader, text)
    try:
        _, header = next(rows)
    except StopIteration:
        raise ImportFileError("The file is empty.") from None
    if len(header) < 3:
        raise ImportFileError("This does not look like a CSV file: the first line has no columns.")
    source = detect_format(header)
    names = _canonical(header)
    parsed = ParsedFile(source=source, encoding=encoding)
    parsed.columns = [
        (shown.strip(), COLUMN_USES.get(name, ""))
        for shown, name in zip(header, names, strict=True)
    ]
    placed: dict = {}  # Harvest: where each day's next entry starts
    if encoding != "UTF-8":
        parsed.notices.append(f"Read as {encoding}, as Excel saves it.")
    # Day-first dates show in any of the first rows; look at them before reading on.
    sample = []
    for row in rows:
        sample.append(row)
        if len(sample) == DAY_FIRST_SAMPLE:
            break
    day_first = any(_is_day_first(dict(zip(names, values, strict=False))) for _, values in sample)
    for line, values in _chain(sample, rows):
        parsed.rows += 1
        if len(values) != len(names):
            parsed.add_error(
                line, f"This row has {len(values)} fields; the header has {len(names)}."
            )
        else:
            row = dict(zip(names, values, strict=True))
            _read_one(parsed, line, row, zone, now, day_first, placed)
        if parsed.error_count > MAX_BAD_ROWS:
            parsed.stopped_at_line = line
            break
    if not parsed.rows:
        raise ImportFileError("The file has a header but no rows.")
    return parsed


def _chain(first, rest):
    yield from first
    yield from rest


def _read_one(
    parsed: ParsedFile, line: int, row: dict, zone, now, day_first: bool, placed: dict
) -> None:
    try:
        fields = _read_row(parsed.source, row, zone, day_first, placed)
        start, end = fields[0], fields[1]
        problem = _check_span(start, end, zone, now)
    except (ValueError, KeyError, AttributeError, OverflowError) as error:
        parsed.add_error(line, _row_error(error))
        return
    if problem:
        parsed.add_error(line, problem)
    elif not parsed.error_count:  # a refused file holds no rows
        parsed.logs.append(ImportedLog(line, *fields))


def _row_error(error: Exception) -> str:
    if isinstance(error, OverflowError):
        return "This date is out of range: Triage keeps logs from 1 Jan 2000 on."
    if isinstance(error, KeyError):
        return f"The column {error} is empty or missing."
    message = str(error)
    return (message[0].upper() + message[1:] + ".") if message else "This row cannot be read."
