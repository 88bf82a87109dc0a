"""Validate a bank file: every problem at once, each at its line and column.

    definition, problems = validate_file("question_banks/python-fundamentals.yaml")

``definition`` is the normalized dict of docs/design/contracts.md §1 when there is no
problem, else None. Nothing here raises on bad input: an unreadable file, text that is
not UTF-8, broken YAML and every validation rule all come back as problems.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from app.banks.checks import check_raw
from app.banks.format import Bank
from app.banks.messages import problems_from_errors
from app.banks.normalize import normalize
from app.banks.problems import Problem
from app.banks.source import read_source

Result = tuple[dict[str, Any] | None, list[Problem]]


def validate_file(path: str | os.PathLike[str]) -> Result:
    """Read, validate and normalize the bank at ``path``; problems name it as given."""
    file = str(path)
    try:
        raw = Path(path).read_bytes()
    except IsADirectoryError:
        return None, [Problem(file, 0, 0, "is a directory, not a bank file")]
    except FileNotFoundError:
        return None, [Problem(file, 0, 0, "no such file")]
    except OSError as error:
        return None, [Problem(file, 0, 0, f"cannot be read: {error.strerror or error}")]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        return None, [_not_utf8(file, raw, error)]
    return validate_text(text, file)


def validate_text(text: str, file: str = "<text>") -> Result:
    """Validate and normalize bank YAML given as text; ``file`` names it in problems."""
    with paused_gc():
        return _validate(text, file)


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector for a burst of allocation.

    A big bank allocates about a million small objects and no reference cycles; the
    collector would rescan all of them again and again, for nothing (docs/performance.md
    says how much that costs). Reference counting still frees everything as usual.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _validate(text: str, file: str) -> Result:
    source = read_source(text, file)
    problems = list(source.problems)
    if source.data is None:
        return None, sorted(problems)
    if not isinstance(source.data, dict):
        return None, sorted([*problems, Problem(
            file, 1, 1, "a question bank must be a mapping with keys like 'id', 'name' and "
                        "'sections', not a list or a single value")])
    problems += check_raw(source)
    try:
        bank = Bank.model_validate(source.data)
    except ValidationError as error:
        problems += problems_from_errors(error.errors(include_url=False), source)
        bank = None
    if problems or bank is None:
        return None, sorted(set(problems))
    return normalize(bank), []


def _not_utf8(file: str, raw: bytes, error: UnicodeDecodeError) -> Problem:
    before = raw[:error.start]
    line = before.count(b"\n") + 1
    line_start = before.rfind(b"\n") + 1
    col = len(raw[line_start:error.start].decode("utf-8", errors="replace")) + 1  # characters
    byte = raw[error.start]
    return Problem(file, line, col, f"the file is not valid UTF-8 (byte 0x{byte:02x} here); "
                                    "save it as UTF-8")
