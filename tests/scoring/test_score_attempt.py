"""score_attempt: statuses, sections, the weighted total, the pass mark and the §4 shape."""

from __future__ import annotations

import pytest

from app.scoring import compile_test, draw, score_attempt
from app.scoring.compiled import clear_cache
from tests.scoring.builders import (
    definition,
    essay,
    multiple_choice,
    numeric,
    only,
    pool,
    section,
    short_text,
    single_choice,
    true_false,
)


@pytest.mark.parametrize("answer", [None, "", [], " \t"])
def test_it_counts_empty_answers_as_unanswered(answer: object) -> None:
    test = only(short_text("s"))
    result = score_attempt(test, draw(test, 1), {"s": answer})
    assert result.questions["s"] == (0.0, 1.0, "unanswered")


def test_it_counts_a_missing_answer_as_unanswered() -> None:
    test = only(true_false("t", answer=False))
    result = score_attempt(test, draw(test, 1), {})
    assert result.questions["t"] == (0.0, 1.0, "unanswered")
    assert result.percent == 0.0


def test_it_counts_false_as_an_answer() -> None:
    test = only(true_false("t", answer=False))
    assert score_attempt(test, draw(test, 1), {"t": False}).percent == 100.0


def test_it_weights_the_sections_percents() -> None:
    test = definition(
        section("easy", true_false("t1"), true_false("t2"), weight=1.0),
        section("hard", true_false("t3"), true_false("t4"), true_false("t5"), true_false("t6"),
                weight=3.0),
    )
    answers = {"t1": True, "t2": True, "t3": True}  # easy 100 %, hard 25 %
    result = score_attempt(test, draw(test, 1), answers)
    assert [(s.id, s.points, s.max_points, s.percent) for s in result.sections] == [
        ("easy", 2.0, 2.0, 100.0), ("hard", 1.0, 4.0, 25.0),
    ]
    assert result.percent == 43.75  # (1 × 100 + 3 × 25) / 4
    assert (result.points, result.max_points) == (3.0, 6.0)


def test_it_clamps_a_negative_section_to_zero_percent() -> None:
    test = definition(
        section("penalised", single_choice("s", weights={"b": -100.0}, negative_marking=True)),
        section("plain", true_false("t")),
    )
    result = score_attempt(test, draw(test, 1), {"s": "b", "t": True})
    assert result.sections[0].points == -1.0
    assert result.sections[0].percent == 0.0
    assert result.percent == 50.0
    assert result.points == 0.0


def test_it_leaves_sections_with_nothing_to_earn_out_of_the_total() -> None:
    test = definition(section("warm-up", true_false("w", points=0.0)),
                      section("real", true_false("t")))
    result = score_attempt(test, draw(test, 1), {"t": True})
    assert result.sections[0].percent == 0.0
    assert result.percent == 100.0


def test_it_rounds_the_total_to_two_decimals() -> None:
    test = only(true_false("a"), true_false("b"), true_false("c"))
    assert score_attempt(test, draw(test, 1), {"a": True}).percent == 33.33


@pytest.mark.parametrize(("answers", "passed"), [({"a": True, "b": True}, False),
                                                 ({"a": True, "b": True, "c": True}, True)])
def test_it_passes_at_the_pass_mark(answers: dict[str, bool], passed: bool) -> None:
    test = only(true_false("a"), true_false("b"), true_false("c"), true_false("d"), pass_mark=75.0)
    assert score_attempt(test, draw(test, 1), answers).passed is passed


def test_it_passes_on_the_rounded_percent() -> None:
    # 2/3 is 66.67 once rounded, which meets a 66.67 pass mark
    test = only(true_false("a"), true_false("b"), true_false("c"), pass_mark=66.67)
    assert score_attempt(test, draw(test, 1), {"a": True, "b": True}).passed is True


def test_it_reports_pass_on_the_provisional_score_while_awaiting_review() -> None:
    test = only(true_false("t", points=8.0), essay("e", points=2.0), pass_mark=70.0)
    result = score_attempt(test, draw(test, 1), {"t": True, "e": "text"})
    assert (result.percent, result.passed, result.awaiting_review) == (80.0, True, True)


def test_it_counts_only_the_drawn_questions() -> None:
    test = definition(section("s", pool("p", 1, true_false("x"), true_false("y"))))
    layout = draw(test, 5)
    drawn = layout[0]["questions"][0]["id"]
    result = score_attempt(test, layout, {"x": True, "y": True})
    assert list(result.questions) == [drawn]
    assert result.max_points == 1.0


def test_it_produces_exactly_the_contract_shape() -> None:
    test = definition(section("basics", single_choice("q1"), numeric("q2"), weight=2.0),
                      pass_mark=50.0)
    result = score_attempt(test, draw(test, 1), {"q1": "a", "q2": "3"}).to_dict()
    assert result == {
        "percent": 50.0, "passed": True, "pass_mark": 50.0, "awaiting_review": False,
        "points": 1.0, "max_points": 2.0,
        "sections": [{"id": "basics", "title": "Basics", "weight": 2.0, "points": 1.0,
                      "max_points": 2.0, "percent": 50.0}],
        "questions": {"q1": {"points": 1.0, "max_points": 1.0, "status": "correct"},
                      "q2": {"points": 0.0, "max_points": 1.0, "status": "incorrect"}},
    }


def test_it_refuses_a_layout_from_another_test() -> None:
    test = only(true_false("t"))
    layout = [{"section": "main", "questions": [{"id": "elsewhere", "order": None}]}]
    with pytest.raises(ValueError, match="elsewhere"):
        score_attempt(test, layout, {})


def test_it_scores_the_same_with_a_precompiled_test() -> None:
    test = only(multiple_choice("m", scoring="partial"), true_false("t"))
    layout, answers = draw(test, 3), {"m": ["a"], "t": True}
    assert score_attempt(test, layout, answers, compiled=compile_test(test, key="sha")) == \
        score_attempt(test, layout, answers)


def test_it_compiles_a_definition_once_per_object() -> None:
    clear_cache()
    test = only(true_false("t"))
    assert compile_test(test) is compile_test(test)
    assert compile_test(only(true_false("t"))) is not compile_test(test)


def test_it_shares_a_compiled_test_between_equal_content_keys() -> None:
    clear_cache()
    first = compile_test(only(true_false("t")), key=("t", 1))
    assert compile_test(only(true_false("t")), key=("t", 1)) is first


def test_it_refuses_an_unknown_question_type_when_compiling() -> None:
    test = only(true_false("t"))
    test["sections"][0]["items"][0]["question"]["type"] = "drawing"
    with pytest.raises(ValueError, match="unknown type 'drawing'"):
        compile_test(test)


def test_it_refuses_a_question_id_used_twice_when_compiling() -> None:
    with pytest.raises(ValueError, match="used twice"):
        compile_test(only(true_false("t"), true_false("t")))


def test_it_refuses_a_bad_regex_when_compiling() -> None:
    with pytest.raises(ValueError, match="bad regex"):
        compile_test(only(short_text("s", answers=[("regex", "(unclosed", 100.0)])))
