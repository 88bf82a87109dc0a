"""One run reports every problem of a file, in file order."""

from __future__ import annotations

from app.banks.validate import validate_file
from tests.banks.helpers import FIXTURES


def test_it_reports_every_problem_of_a_file_in_one_run() -> None:
    path = FIXTURES / "many-problems.yaml"
    definition, problems = validate_file(path)
    assert definition is None
    assert [str(problem).removeprefix(f"{path}:") for problem in problems] == [
        "1:5: 'Many_Problems' is not a valid id: use 3 to 100 lowercase letters, digits and "
        "hyphens, starting and ending with a letter or digit",
        "3:11: unknown language 'de'; use one of: en, uk, ru",
        "4:13: a time limit must be more than zero",
        "5:12: 'pass_mark' must be a percent from 0 to 100, not 170",
        "15:13: single-choice question 'len-of-list' has 2 correct options (a, b); mark "
        "exactly one with [x], or make it a multiple_choice question",
        "16:13: option 'none' is not marked: start it with \"[x] \" if it is correct or "
        "\"[ ] \" if it is not",
        "17:13: missing required key 'correct'",
        "18:13: unknown key 'corect'; did you mean 'correct'?",
        "19:13: duplicate question id 'len-of-list': already used on line 10",
        "20:15: unknown question type 'singel_choice'; did you mean 'single_choice'?",
        "24:17: pool 'loops' picks 3 questions but holds only 2",
        "29:23: 'answer' must be true or false, not the text 'yes'",
        "33:29: min 3 is greater than max 2",
        "37:34: the regex does not compile: missing ), unterminated subpattern at position 6",
        "43:11: the rubric's points add up to 4, but the question is worth 5 points",
        "48:16: an ordering question needs at least 2 items",
        "49:9: duplicate section id 'basics': already used on line 7",
        "51:17: a time limit must be more than zero",
        "52:16: section 'basics' has no questions; add at least one",
    ]


def test_it_names_the_file_as_given() -> None:
    _, problems = validate_file(FIXTURES / "many-problems.yaml")
    assert {problem.file for problem in problems} == {str(FIXTURES / "many-problems.yaml")}


def test_it_finds_no_problem_in_a_valid_bank() -> None:
    definition, problems = validate_file(FIXTURES / "every-type.yaml")
    assert problems == []
    assert definition is not None
