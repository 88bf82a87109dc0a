"""The invitations list as CSV, written while it is read.

The columns have stable English names, and statuses and sources their stored values
("completed", "greenhouse"), whatever the page's language: the file feeds spreadsheets
and scripts, and a header that changes with the reader's language would break them.
Times are ISO 8601 in UTC. The file starts with a UTF-8 byte order mark so Excel reads
names in Cyrillic right. Results links are left out on purpose: a file is shared and
kept where nobody revokes it; each row links to the invitation's console page instead.

Spreadsheets run a cell that starts with ``=``, ``+``, ``-`` or ``@`` (or a tab or
carriage return, which some skip first) as a formula: such a cell, which a candidate's
name can be, is written with a leading ``'`` so it stays text.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator

from app.services.invitation_list import ExportRow

HEADER = ("invitation_id", "first_name", "last_name", "preferred_name", "email", "tests",
          "test_versions", "status", "score_percent", "source", "sent_at", "expires_at",
          "console_url")
BOM = "\ufeff"
ROWS_PER_CHUNK = 200  # one write to the socket per chunk, not per row
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralize(cell: str) -> str:
    """``cell`` made safe to open in a spreadsheet (see the module's docstring)."""
    return "'" + cell if cell.startswith(_FORMULA_STARTS) else cell


def _cells(row: ExportRow, console_base: str) -> list[str]:
    """The row's cells. Only text people typed (names, addresses, test names) can start
    like a formula; ids, statuses, scores (never negative), times and links are Assay's."""
    score = "" if row.score_percent is None else f"{row.score_percent:.2f}"
    return [
        row.public_id, neutralize(row.first_name), neutralize(row.last_name),
        neutralize(row.preferred_name or ""), neutralize(row.email),
        neutralize("; ".join(test.name for test in row.tests)),
        neutralize("; ".join(f"{test.slug} v{test.version}" for test in row.tests)),
        row.status, score, row.source,
        row.created_at.isoformat(timespec="seconds"),
        row.expires_at.isoformat(timespec="seconds"),
        console_base + row.public_id]


def csv_chunks(rows: Iterable[ExportRow], console_base: str) -> Iterator[str]:
    """The CSV text in chunks of ROWS_PER_CHUNK rows, the header (after the BOM) first.
    ``console_base`` is the absolute URL of the console's invitations list."""
    console_base = console_base.rstrip("/") + "/"
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(HEADER)
    yield BOM + buffer.getvalue()
    buffer.seek(0)
    buffer.truncate()
    pending = 0
    for row in rows:
        writer.writerow(_cells(row, console_base))
        pending += 1
        if pending == ROWS_PER_CHUNK:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
            pending = 0
    if pending:
        yield buffer.getvalue()
