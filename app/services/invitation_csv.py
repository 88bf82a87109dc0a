"""Candidates from a CSV file, checked row by row before anything is sent.

Pure: no Flask, no database. The console's CSV upload parses the file here, shows every
problem of every row in a preview, and re-checks the rows here again before sending
(they come back from the browser, signed, and are never trusted more than a new upload).

The file: a header row naming the columns (any order, any case), then one candidate per
row. ``first_name``, ``last_name`` and ``email`` are required; ``preferred_name``,
``language`` and ``extra_time`` are optional and, when blank, take the form's choice.
UTF-8 with or without a byte order mark; commas, semicolons (Excel in many locales) or
tabs between cells.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from enum import StrEnum

from app.domain import LANGUAGES
from app.services.addresses import InvalidEmail, normalize_email

MAX_ROWS = 1000
MAX_BYTES = 512 * 1024
MAX_NAME_LENGTH = 200  # the invitation's name columns
MIN_EXTRA_TIME, MAX_EXTRA_TIME = 1.0, 4.0  # the invitation's check constraint
REQUIRED_COLUMNS = ("first_name", "last_name", "email")
OPTIONAL_COLUMNS = ("preferred_name", "language", "extra_time")
COLUMNS = REQUIRED_COLUMNS + OPTIONAL_COLUMNS
TEMPLATE = ("first_name,last_name,email,preferred_name,language,extra_time\r\n"
            "Olena,Kovalenko,olena.kovalenko@example.com,Lena,uk,\r\n"
            "John,Smith,john.smith@example.com,,,1.5\r\n")


class FileProblem(StrEnum):
    """Why a whole file is refused (the view words each one)."""

    EMPTY = "empty"
    TOO_BIG = "too_big"
    NOT_UTF8 = "not_utf8"
    NOT_CSV = "not_csv"
    MISSING_COLUMNS = "missing_columns"
    NO_ROWS = "no_rows"
    TOO_MANY_ROWS = "too_many_rows"


class RowProblem(StrEnum):
    """What is wrong with one row (the view words each one)."""

    FIRST_NAME_MISSING = "first_name_missing"
    LAST_NAME_MISSING = "last_name_missing"
    NAME_TOO_LONG = "name_too_long"
    EMAIL_MISSING = "email_missing"
    EMAIL_INVALID = "email_invalid"
    DUPLICATE_IN_FILE = "duplicate_in_file"
    LANGUAGE_UNKNOWN = "language_unknown"
    EXTRA_TIME_INVALID = "extra_time_invalid"


@dataclass
class CandidateRow:
    """One candidate as the file gave them; ``email`` normalized when it is valid."""

    line: int  # in the file, the header being line 1
    first_name: str
    last_name: str
    email: str
    preferred_name: str = ""
    language: str = ""  # blank: the form's choice
    extra_time: str = ""  # as typed; ``extra_time_factor`` once valid
    extra_time_factor: float | None = None  # None: the form's choice
    problems: list[RowProblem] = field(default_factory=list)
    duplicate_of_line: int | None = None  # the earlier row with the same email

    @property
    def valid(self) -> bool:
        return not self.problems

    def as_data(self) -> dict[str, object]:
        """What the preview signs and sends back: the cells as typed, and the line."""
        return {"line": self.line, "first_name": self.first_name,
                "last_name": self.last_name, "email": self.email,
                "preferred_name": self.preferred_name, "language": self.language,
                "extra_time": self.extra_time}


@dataclass
class ParsedFile:
    rows: list[CandidateRow] = field(default_factory=list)
    problem: FileProblem | None = None
    missing_columns: list[str] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)
    row_count: int = 0  # data rows found (also when there were too many)

    @property
    def valid_rows(self) -> list[CandidateRow]:
        return [row for row in self.rows if row.valid]


def parse_extra_time(value: str) -> float | None:
    """A factor from ``1.5``, ``1,5`` (a decimal comma), ``50%`` or ``+50%`` (time added);
    None when it is none of these or outside 1 to 4."""
    text = value.strip().replace(" ", "")
    match = re.fullmatch(r"\+?(\d{1,3}(?:[.,]\d{1,2})?)%", text)
    try:
        if match:
            factor = 1.0 + float(match.group(1).replace(",", ".")) / 100
        elif re.fullmatch(r"\d{1,2}(?:[.,]\d{1,4})?", text):
            factor = float(text.replace(",", "."))
        else:
            return None
    except ValueError:  # pragma: no cover  (the patterns only let numbers through)
        return None
    return round(factor, 4) if MIN_EXTRA_TIME <= factor <= MAX_EXTRA_TIME else None


def _column_name(header: str) -> str:
    return re.sub(r"[\s\-]+", "_", header.strip().lower())


def _delimiter(first_line: str) -> str:
    """Excel writes semicolons where the decimal mark is a comma; tabs come from pasting."""
    counts = {delimiter: first_line.count(delimiter) for delimiter in (",", ";", "\t")}
    best = max(counts, key=lambda delimiter: counts[delimiter])
    return best if counts[best] else ","


def _decode(data: bytes) -> str | None:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None


def _records(text: str, delimiter: str) -> list[tuple[int, list[str]]] | None:
    """The non-blank records, each with the line it starts on; None if it is no CSV."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    records, line = [], 1
    try:
        for record in reader:
            if any(cell.strip() for cell in record):
                records.append((line, record))
            line = reader.line_num + 1
    except csv.Error:
        return None
    return records


def check_row(row: CandidateRow) -> CandidateRow:
    """Fill ``problems`` (and the normalized email and factor) from the cells alone."""
    row.problems = []
    row.first_name, row.last_name = row.first_name.strip(), row.last_name.strip()
    row.preferred_name, row.language = row.preferred_name.strip(), row.language.strip().lower()
    if not row.first_name:
        row.problems.append(RowProblem.FIRST_NAME_MISSING)
    if not row.last_name:
        row.problems.append(RowProblem.LAST_NAME_MISSING)
    if any(len(name) > MAX_NAME_LENGTH
           for name in (row.first_name, row.last_name, row.preferred_name)):
        row.problems.append(RowProblem.NAME_TOO_LONG)
    if not row.email.strip():
        row.problems.append(RowProblem.EMAIL_MISSING)
    else:
        try:
            row.email = normalize_email(row.email)
        except InvalidEmail:
            row.email = row.email.strip()
            row.problems.append(RowProblem.EMAIL_INVALID)
    if row.language and row.language not in LANGUAGES:
        row.problems.append(RowProblem.LANGUAGE_UNKNOWN)
    row.extra_time_factor = None
    if row.extra_time.strip():
        row.extra_time_factor = parse_extra_time(row.extra_time)
        if row.extra_time_factor is None:
            row.problems.append(RowProblem.EXTRA_TIME_INVALID)
    return row


def mark_duplicates(rows: list[CandidateRow]) -> None:
    """A second row with an email already in the file is a problem (the first is kept)."""
    first_line: dict[str, int] = {}
    for row in rows:
        key = row.email.lower()
        if not key or RowProblem.EMAIL_INVALID in row.problems:
            continue
        if key in first_line:
            row.problems.append(RowProblem.DUPLICATE_IN_FILE)
            row.duplicate_of_line = first_line[key]
        else:
            first_line[key] = row.line


def parse_candidates(data: bytes, *, max_rows: int = MAX_ROWS,
                     max_bytes: int = MAX_BYTES) -> ParsedFile:
    """Every row of the file with its problems, or the one reason the file is refused."""
    if not data.strip():
        return ParsedFile(problem=FileProblem.EMPTY)
    if len(data) > max_bytes:
        return ParsedFile(problem=FileProblem.TOO_BIG)
    text = _decode(data)
    if text is None:
        return ParsedFile(problem=FileProblem.NOT_UTF8)
    if "\x00" in text:
        return ParsedFile(problem=FileProblem.NOT_CSV)
    first_line = text.split("\n", 1)[0].strip()
    if re.fullmatch(r"sep=.", first_line):  # Excel's hint naming the delimiter
        delimiter, text = first_line[4], text.split("\n", 1)[1] if "\n" in text else ""
    else:
        delimiter = _delimiter(first_line)
    records = _records(text, delimiter)
    if records is None:
        return ParsedFile(problem=FileProblem.NOT_CSV)
    if not records:
        return ParsedFile(problem=FileProblem.EMPTY)
    header = [_column_name(cell) for cell in records[0][1]]
    missing = [column for column in REQUIRED_COLUMNS if column not in header]
    if missing:
        return ParsedFile(problem=FileProblem.MISSING_COLUMNS, missing_columns=missing)
    parsed = ParsedFile(ignored_columns=[name for name in header
                                         if name and name not in COLUMNS],
                        row_count=len(records) - 1)
    if parsed.row_count == 0:
        parsed.problem = FileProblem.NO_ROWS
        return parsed
    if parsed.row_count > max_rows:
        parsed.problem = FileProblem.TOO_MANY_ROWS
        return parsed
    position = {name: header.index(name) for name in COLUMNS if name in header}
    for number, record in records[1:]:
        def cell(name: str, record: list[str] = record) -> str:
            index = position.get(name)
            return record[index] if index is not None and index < len(record) else ""
        parsed.rows.append(check_row(CandidateRow(
            line=number, first_name=cell("first_name"), last_name=cell("last_name"),
            email=cell("email"), preferred_name=cell("preferred_name"),
            language=cell("language"), extra_time=cell("extra_time"))))
    mark_duplicates(parsed.rows)
    return parsed


def rows_from_data(items: list[dict[str, object]]) -> list[CandidateRow]:
    """Rows sent back from a preview (:meth:`CandidateRow.as_data`), checked again."""
    rows = [check_row(CandidateRow(
        line=int(str(item.get("line", 0))), first_name=str(item.get("first_name", "")),
        last_name=str(item.get("last_name", "")), email=str(item.get("email", "")),
        preferred_name=str(item.get("preferred_name", "")),
        language=str(item.get("language", "")), extra_time=str(item.get("extra_time", ""))))
        for item in items]
    mark_duplicates(rows)
    return rows
