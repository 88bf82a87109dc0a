"""Small builders for bank YAML in tests, so each test shows only the lines it is about.

``bank_with(question, ...)`` puts questions in a fixed frame: the first question's first
line is always line 10 (``FIRST_QUESTION_LINE``), its keys at column 9.
"""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import Any

from app.banks.validate import validate_text

FIXTURES = Path(__file__).parent / "fixtures"
FIRST_QUESTION_LINE = 10

HEADER = """\
id: sample-test
name: Sample test
language: en
time_limit: 30m
pass_mark: 70
sections:
  - id: main
    title: Main
    questions:
"""

TRUE_FALSE = """\
id: a-statement
type: true_false
prompt: Water is wet.
answer: true
"""


def bank_with(*questions: str) -> str:
    """A bank whose one section holds ``questions`` (YAML mappings, unindented)."""
    return HEADER + "".join(_as_item(question) for question in questions)


def _as_item(question: str) -> str:
    lines = textwrap.dedent(question).strip("\n").splitlines()
    first, rest = lines[0], lines[1:]
    return "\n".join(["      - " + first, *("        " + line for line in rest)]) + "\n"


def problems(text: str) -> list[str]:
    """Every problem of bank ``text`` (named bank.yaml) as a ``file:line:col: message``."""
    definition, found = validate_text(textwrap.dedent(text), "bank.yaml")
    assert (definition is None) == bool(found)
    return [str(problem) for problem in found]


def normalized(text: str) -> dict[str, Any]:
    """The normalized definition of a valid bank ``text``."""
    definition, found = validate_text(textwrap.dedent(text), "bank.yaml")
    assert found == [], [str(problem) for problem in found]
    assert definition is not None
    return definition


def question(text: str) -> dict[str, Any]:
    """The normalized form of one question, given as YAML."""
    definition = normalized(bank_with(text))
    item = definition["sections"][0]["items"][0]
    assert item["kind"] == "question"
    return item["question"]  # type: ignore[no-any-return]
