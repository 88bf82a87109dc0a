"""Each validation rule, as the exact ``file:line:col: message`` an author sees.

Questions sit in the frame of ``helpers.bank_with``: the first one starts on line 10 and
its keys are at column 9.
"""

from __future__ import annotations

from tests.banks.helpers import HEADER, TRUE_FALSE, bank_with, problems


def test_it_reports_an_unknown_key_at_the_key_with_a_suggestion() -> None:
    assert problems(bank_with("""
        id: a-statement
        type: true_false
        prompt: Water is wet.
        answer: true
        explantion: Because.
    """)) == ["bank.yaml:14:9: unknown key 'explantion'; did you mean 'explanation'?"]


def test_it_suggests_keys_of_the_test_and_of_sections_too() -> None:
    text = HEADER.replace("pass_mark: 70", "passmark: 70").replace(
        "    title: Main", "    titel: Main") + "      - " + TRUE_FALSE.replace("\n", "\n        ")
    assert problems(text) == [
        "bank.yaml:1:1: missing required key 'pass_mark' in the test",
        "bank.yaml:5:1: unknown key 'passmark'; did you mean 'pass_mark'?",
        "bank.yaml:7:5: missing required key 'title' in section 'main'",
        "bank.yaml:8:5: unknown key 'titel'; did you mean 'title'?",
    ]


def test_it_lists_the_allowed_keys_when_nothing_is_close() -> None:
    assert problems(bank_with("""
        id: a-statement
        type: true_false
        prompt: Water is wet.
        answer: true
        colour: blue
    """)) == ["bank.yaml:14:9: unknown key 'colour'; the keys allowed here are id, type, "
              "points, prompt, explanation, answer"]


def test_it_says_which_question_types_a_misplaced_key_belongs_to() -> None:
    assert problems(bank_with("""
        id: a-statement
        type: true_false
        prompt: Water is wet.
        answer: true
        options: ["[x] yes", "[ ] no"]
    """)) == ["bank.yaml:14:9: unknown key 'options': true_false questions have no 'options' "
              "(it belongs to single_choice, multiple_choice)"]


def test_it_reports_a_missing_key_at_the_mapping_that_lacks_it() -> None:
    assert problems(bank_with("""
        id: a-statement
        type: true_false
        answer: true
    """)) == ["bank.yaml:10:9: missing required key 'prompt' in question 'a-statement'"]


def test_it_reports_wrong_types_in_words() -> None:
    assert problems(bank_with("""
        id: a-statement
        type: true_false
        points: "2"
        prompt: 42
        answer: "true"
    """)) == [
        "bank.yaml:12:17: 'points' must be a number, not the text '2'",
        "bank.yaml:13:17: 'prompt' must be text, not the number 42; put it in quotes: \"42\"",
        "bank.yaml:14:17: 'answer' must be true or false, not the text 'true'",
    ]


def test_it_does_not_take_yes_for_true() -> None:
    assert problems(bank_with(TRUE_FALSE.replace("answer: true", "answer: yes"))) == [
        "bank.yaml:13:17: 'answer' must be true or false, not the text 'yes'"]


def test_it_reports_a_question_without_a_type() -> None:
    assert problems(bank_with("""
        id: a-statement
        prompt: Water is wet.
    """)) == ["bank.yaml:10:9: this question has no 'type'; add one of: single_choice, "
              "multiple_choice, true_false, numeric, short_text, essay, ordering, cloze, "
              "matching"]


def test_it_suggests_the_question_type_meant() -> None:
    assert problems(bank_with(TRUE_FALSE.replace("type: true_false", "type: true-false"))) == [
        "bank.yaml:11:15: unknown question type 'true-false'; did you mean 'true_false'?"]


def test_it_reports_a_single_choice_question_without_a_correct_option() -> None:
    assert problems(bank_with("""
        id: pick-one
        type: single_choice
        prompt: Pick one.
        options: ["[ ] a", "[ ] b"]
    """)) == ["bank.yaml:13:18: single-choice question 'pick-one' has no correct option; "
              "mark exactly one with [x]"]


def test_it_reports_a_single_choice_question_with_two_correct_options_at_the_second() -> None:
    assert problems(bank_with("""
        id: pick-one
        type: single_choice
        prompt: Pick one.
        options:
          - "[x] a"
          - "[ ] b"
          - "[x] c"
    """)) == ["bank.yaml:16:13: single-choice question 'pick-one' has 2 correct options "
              "(a, c); mark exactly one with [x], or make it a multiple_choice question"]


def test_it_counts_correct_options_even_when_another_key_is_wrong() -> None:
    assert problems(bank_with("""
        id: pick-one
        type: single_choice
        prompt: Pick one.
        shufle_options: false
        options:
          - "[x] a"
          - text: b
            correct: true
    """)) == [
        "bank.yaml:13:9: unknown key 'shufle_options'; did you mean 'shuffle_options'?",
        "bank.yaml:16:13: single-choice question 'pick-one' has 2 correct options (a, b); "
        "mark exactly one with [x], or make it a multiple_choice question",
    ]


def test_it_reports_a_multiple_choice_question_without_a_correct_option() -> None:
    assert problems(bank_with("""
        id: pick-some
        type: multiple_choice
        prompt: Pick some.
        options: ["[ ] a", "[ ] b"]
    """)) == ["bank.yaml:13:18: multiple-choice question 'pick-some' has no correct option; "
              "mark at least one with [x]"]


def test_it_reports_an_option_string_without_a_mark() -> None:
    assert problems(bank_with("""
        id: pick-one
        type: single_choice
        prompt: Pick one.
        options:
          - "[x] a"
          - "b"
    """)) == ["bank.yaml:15:13: option 'b' is not marked: start it with \"[x] \" if it is "
              "correct or \"[ ] \" if it is not"]


def test_it_allows_negative_option_weights_only_with_negative_marking() -> None:
    assert problems(bank_with("""
        id: pick-one
        type: single_choice
        prompt: Pick one.
        options:
          - "[x] a"
          - {text: b, correct: false, weight: -25}
    """)) == ["bank.yaml:15:47: option weight -25 is negative, which needs "
              "'negative_marking: true' on the question"]


def test_it_keeps_the_correct_single_choice_option_at_100() -> None:
    assert problems(bank_with("""
        id: pick-one
        type: single_choice
        prompt: Pick one.
        options:
          - {text: a, correct: true, weight: 50}
          - "[ ] b"
    """)) == ["bank.yaml:14:46: the correct option of a single-choice question is always "
              "worth 100; put partial credit on the wrong options instead"]


def test_it_refuses_weights_outside_weighted_multiple_choice() -> None:
    assert problems(bank_with("""
        id: pick-some
        type: multiple_choice
        prompt: Pick some.
        options:
          - "[x] a"
          - {text: b, correct: false, weight: -50}
    """)) == ["bank.yaml:15:47: option weights only count with 'scoring: weighted' (this "
              "question has scoring: all_or_nothing)"]


def test_it_wants_weights_on_every_option_or_none() -> None:
    assert problems(bank_with("""
        id: pick-some
        type: multiple_choice
        scoring: weighted
        prompt: Pick some.
        options:
          - {text: a, correct: true, weight: 100}
          - "[ ] b"
    """)) == ["bank.yaml:16:13: give every option a weight, or none (then the correct options "
              "share 100 equally)"]


def test_it_wants_the_correct_weights_to_reach_100() -> None:
    assert problems(bank_with("""
        id: pick-some
        type: multiple_choice
        scoring: weighted
        prompt: Pick some.
        options:
          - {text: a, correct: true, weight: 40}
          - {text: b, correct: true, weight: 40}
          - {text: c, correct: false, weight: -50}
    """)) == ["bank.yaml:15:11: the correct options' weights add up to 80, so no answer can "
              "earn full points; they must add up to at least 100"]


def test_it_reports_duplicate_option_ids() -> None:
    assert problems(bank_with("""
        id: pick-one
        type: single_choice
        prompt: Pick one.
        options:
          - "[x] a"
          - {text: b, correct: false, id: a}
    """)) == ["bank.yaml:15:13: option id 'a' is already used by option 1; give the options "
              "distinct ids"]


def test_it_reports_a_pool_that_picks_more_than_it_holds() -> None:
    assert problems(bank_with("""
        pool:
          id: a-pool
          pick: 3
          questions:
            - {id: first-one, type: true_false, prompt: A, answer: true}
            - {id: second-one, type: true_false, prompt: B, answer: false}
    """)) == ["bank.yaml:12:17: pool 'a-pool' picks 3 questions but holds only 2"]


def test_it_reports_a_pool_that_picks_fewer_than_one() -> None:
    assert problems(bank_with("""
        pool:
          id: a-pool
          pick: 0
          questions:
            - {id: first-one, type: true_false, prompt: A, answer: true}
    """)) == ["bank.yaml:12:17: 'pick' must be at least 1, not 0"]


def test_it_refuses_a_pool_inside_a_pool() -> None:
    assert problems(bank_with("""
        pool:
          id: a-pool
          pick: 1
          questions:
            - pool: {id: inner, pick: 1, questions: []}
    """)) == ["bank.yaml:14:15: a pool cannot hold another pool"]


def test_it_reports_a_duplicate_question_id_at_the_second_with_the_first_line() -> None:
    assert problems(bank_with(TRUE_FALSE, """
        pool:
          id: a-pool
          pick: 1
          questions:
            - {id: a-statement, type: true_false, prompt: A, answer: true}
    """)) == ["bank.yaml:18:20: duplicate question id 'a-statement': already used on line 10"]


def test_it_keeps_pool_ids_apart_from_question_ids() -> None:
    assert problems(bank_with(TRUE_FALSE, """
        pool:
          id: a-statement
          pick: 1
          questions:
            - {id: another, type: true_false, prompt: A, answer: true}
    """)) == ["bank.yaml:15:15: duplicate pool id 'a-statement': already used by the question "
              "on line 10"]


def test_it_reports_duplicate_section_ids_and_empty_sections() -> None:
    text = bank_with(TRUE_FALSE) + "  - id: main\n    title: Again\n    questions: []\n"
    assert problems(text) == [
        "bank.yaml:14:9: duplicate section id 'main': already used on line 7",
        "bank.yaml:16:16: section 'main' has no questions; add at least one",
    ]


def test_it_reports_time_limits_that_are_not_more_than_zero() -> None:
    text = bank_with(TRUE_FALSE).replace("time_limit: 30m", "time_limit: 0").replace(
        "    title: Main\n", "    title: Main\n    time_limit: -10m\n")
    assert problems(text) == [
        "bank.yaml:4:13: a time limit must be more than zero",
        "bank.yaml:9:17: a time limit must be more than zero",
    ]


def test_it_reports_a_time_limit_it_cannot_read() -> None:
    text = bank_with(TRUE_FALSE).replace("time_limit: 30m", "time_limit: half an hour")
    assert problems(text) == [
        "bank.yaml:4:13: 'half an hour' is not a duration; write it like \"45m\", \"1h30m\", "
        "\"90s\" or a number of minutes"]


def test_it_reports_a_pass_mark_outside_0_to_100() -> None:
    assert problems(bank_with(TRUE_FALSE).replace("pass_mark: 70", "pass_mark: 101")) == [
        "bank.yaml:5:12: 'pass_mark' must be a percent from 0 to 100, not 101"]
    assert problems(bank_with(TRUE_FALSE).replace("pass_mark: 70", "pass_mark: -1")) == [
        "bank.yaml:5:12: 'pass_mark' must be a percent from 0 to 100, not -1"]


def test_it_reports_an_unknown_language() -> None:
    assert problems(bank_with(TRUE_FALSE).replace("language: en", "language: de")) == [
        "bank.yaml:3:11: unknown language 'de'; use one of: en, uk, ru"]


def test_it_reports_ids_that_are_not_slugs() -> None:
    text = bank_with(TRUE_FALSE.replace("id: a-statement", "id: A_Statement"))
    assert problems(text.replace("id: sample-test", "id: -sample")) == [
        "bank.yaml:1:5: '-sample' is not a valid id: use 3 to 100 lowercase letters, digits "
        "and hyphens, starting and ending with a letter or digit",
        "bank.yaml:10:13: 'A_Statement' is not a valid id: use 3 to 100 lowercase letters, "
        "digits and hyphens, starting and ending with a letter or digit",
    ]


def test_it_reports_rubric_points_that_do_not_add_up() -> None:
    assert problems(bank_with("""
        id: an-essay
        type: essay
        points: 10
        prompt: Explain.
        rubric:
          - {criterion: Correct, points: 6}
          - {criterion: Clear, points: 3}
    """)) == ["bank.yaml:15:11: the rubric's points add up to 9, but the question is worth "
              "10 points"]


def test_it_reports_min_words_above_max_words() -> None:
    assert problems(bank_with("""
        id: an-essay
        type: essay
        prompt: Explain.
        min_words: 300
        max_words: 100
    """)) == ["bank.yaml:14:20: min_words (300) is more than max_words (100)"]


def test_it_reports_a_regex_that_does_not_compile() -> None:
    assert problems(bank_with("""
        id: a-capital
        type: short_text
        prompt: The capital of France?
        answers:
          - Paris
          - regex: "^paris( city$"
    """)) == ["bank.yaml:15:20: the regex does not compile: missing ), unterminated subpattern "
              "at position 6"]


def test_it_wants_a_short_text_answer_worth_100() -> None:
    assert problems(bank_with("""
        id: a-capital
        type: short_text
        prompt: The capital of France?
        answers: [{text: Paris, weight: 50}]
    """)) == ["bank.yaml:13:18: no answer is worth 100, so nobody can earn full points; give "
              "the best answer weight 100"]


def test_it_reports_an_accepted_answer_longer_than_max_length() -> None:
    assert problems(bank_with("""
        id: a-capital
        type: short_text
        prompt: The capital of France?
        max_length: 3
        answers: [Paris]
    """)) == ["bank.yaml:14:19: this answer is 5 characters long but max_length is 3, so "
              "nobody could type it"]


def test_it_asks_for_quotes_around_a_numeric_short_text_answer() -> None:
    assert problems(bank_with("""
        id: a-year
        type: short_text
        prompt: When?
        answers: [1969]
    """)) == ["bank.yaml:13:19: the accepted answer 1969 must be text; put it in quotes: \"1969\""]


def test_it_reports_a_numeric_range_with_min_above_max() -> None:
    assert problems(bank_with("""
        id: a-number
        type: numeric
        prompt: How many?
        answer: {min: 3, max: 2}
    """)) == ["bank.yaml:13:23: min 3 is greater than max 2"]


def test_it_reports_a_numeric_answer_it_cannot_read() -> None:
    assert problems(bank_with("""
        id: a-number
        type: numeric
        prompt: How many?
        answer: "about 3"
    """)) == ["bank.yaml:13:17: 'about 3' is not a number (the answer)"]


def test_it_wants_one_of_answer_and_answers() -> None:
    assert problems(bank_with("""
        id: a-number
        type: numeric
        prompt: How many?
    """)) == ["bank.yaml:10:9: numeric question 'a-number' needs either 'answer' or 'answers' "
              "(not both)"]


def test_it_refuses_a_tolerance_beside_a_range() -> None:
    assert problems(bank_with("""
        id: a-number
        type: numeric
        prompt: How many?
        answer: {min: 1, max: 2}
        tolerance: 0.1
    """)) == ["bank.yaml:14:20: 'tolerance' goes with a one-number 'answer'; write the range "
              "with min and max only"]


def test_it_reports_an_ordering_question_with_fewer_than_two_items() -> None:
    assert problems(bank_with("""
        id: an-order
        type: ordering
        prompt: Order these.
        items: [only]
    """)) == ["bank.yaml:13:16: an ordering question needs at least 2 items"]


def test_it_reports_repeated_ordering_items() -> None:
    assert problems(bank_with("""
        id: an-order
        type: ordering
        prompt: Order these.
        items: [one, two, one]
    """)) == ["bank.yaml:13:27: item 3 repeats item 1; a candidate could not tell them apart"]


def test_it_reports_a_blank_prompt() -> None:
    assert problems(bank_with(TRUE_FALSE.replace("prompt: Water is wet.", "prompt: '  '"))) == [
        "bank.yaml:12:17: 'prompt' must not be blank"]


def test_it_reports_a_bank_that_is_not_a_mapping() -> None:
    assert problems("- id: x\n") == [
        "bank.yaml:1:1: a question bank must be a mapping with keys like 'id', 'name' and "
        "'sections', not a list or a single value"]


def test_it_reports_a_question_that_is_not_a_mapping() -> None:
    assert problems(HEADER + "      - just text\n") == [
        "bank.yaml:10:9: entry 1 of 'questions' must be a question (a mapping with 'id', "
        "'type' and 'prompt') or a pool, not the text 'just text'"]
