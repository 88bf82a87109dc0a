"""A problem found in a bank file: where it is and what is wrong, in a sentence."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True, slots=True)
class Problem:
    """One thing to fix. ``line`` and ``col`` are 1-based; 0 means "the whole file"
    (it could not be read at all)."""

    file: str
    line: int
    col: int
    message: str

    def __str__(self) -> str:
        if self.line == 0:
            return f"{self.file}: {self.message}"
        return f"{self.file}:{self.line}:{self.col}: {self.message}"
