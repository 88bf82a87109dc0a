"""The examples in docs/question-banks.md are valid banks, so the guide cannot drift."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pytest

from app.banks.validate import validate_text
from tests.banks.helpers import HEADER

GUIDE = Path(__file__).parents[2] / "docs" / "question-banks.md"
BLOCKS = re.findall(r"```yaml\n(.*?)```", GUIDE.read_text(encoding="utf-8"), re.DOTALL)
QUESTIONS = [block for block in BLOCKS if block.startswith("- id:")]


def test_the_complete_example_is_valid() -> None:
    assert BLOCKS[0].startswith("# yaml-language-server: $schema=schema.json\nid: ")
    definition, problems = validate_text(BLOCKS[0], "guide")
    assert [str(problem) for problem in problems] == []
    assert definition is not None


def test_the_guide_shows_a_full_example_of_every_type() -> None:
    types = {re.search(r"^  type: (\w+)$", block, re.MULTILINE).group(1)  # type: ignore[union-attr]
             for block in QUESTIONS}
    assert types == {"single_choice", "multiple_choice", "true_false", "numeric", "short_text",
                     "essay", "ordering", "cloze",
                     "matching"}


@pytest.mark.parametrize("block", QUESTIONS, ids=lambda block: block.split("\n")[0][6:])
def test_each_question_example_is_valid(block: str) -> None:
    _, problems = validate_text(HEADER + textwrap.indent(block, "      "), "guide")
    assert [str(problem) for problem in problems] == []
