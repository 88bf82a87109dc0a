"""Properties of draw and score_attempt over generated definitions and answers."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from app.scoring import compile_test, draw, score_attempt
from tests.scoring import builders as b

SETTINGS = settings(max_examples=100, deadline=None)
Answers = dict[str, object]
Grades = dict[str, float]
Attempt = tuple[dict[str, Any], list[dict[str, Any]], Answers, Grades]
STATUSES = {"correct", "partial", "incorrect", "unanswered", "pending"}
POINTS = st.sampled_from([0.5, 1.0, 2.0, 3.0])
OPTION_IDS = "abcdef"

_SCALARS = st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8)
# Anything a buggy page or a hostile candidate could store.
WILD_ANSWERS = st.one_of(
    st.sampled_from([None, "", [], "   "]),
    st.sampled_from(list(OPTION_IDS)),
    st.lists(st.sampled_from(list(OPTION_IDS)), max_size=7),
    st.text(alphabet="0123456789,.-e ", max_size=8),
    _SCALARS,
    st.lists(_SCALARS, max_size=3),
    st.dictionaries(st.text(max_size=3), _SCALARS, max_size=2),
)


@st.composite
def choice_question(draw_: st.DrawFn, question_id: str) -> dict[str, Any]:
    ids = OPTION_IDS[:draw_(st.integers(2, 6))]
    negative_marking = draw_(st.booleans())
    points = draw_(POINTS)
    if draw_(st.booleans()):
        correct = draw_(st.sampled_from(ids))
        credits = {option_id: draw_(st.sampled_from([-100.0, -50.0, 0.0, 25.0, 50.0]))
                   for option_id in ids if option_id != correct}
        return b.single_choice(question_id, correct=correct, ids=ids, weights=credits,
                               negative_marking=negative_marking, points=points,
                               shuffle_options=draw_(st.booleans()))
    correct = "".join(sorted(draw_(st.sets(st.sampled_from(ids), min_size=1))))
    scoring = draw_(st.sampled_from(["all_or_nothing", "partial", "weighted"]))
    weights: dict[str, float] | None = None
    if scoring == "weighted":
        share = max(draw_(st.sampled_from([60.0, 100.0])), 100.0 / len(correct))  # sum >= 100
        penalty = draw_(st.sampled_from([-100.0, -50.0, 0.0]))
        weights = {option_id: share if option_id in correct else penalty for option_id in ids}
    return b.multiple_choice(question_id, correct=correct, ids=ids, scoring=scoring,
                             weights=weights, negative_marking=negative_marking, points=points,
                             shuffle_options=draw_(st.booleans()))


@st.composite
def typed_question(draw_: st.DrawFn, question_id: str) -> dict[str, Any]:
    points = draw_(POINTS)
    if draw_(st.booleans()):
        centre = draw_(st.floats(-1e6, 1e6, allow_nan=False))
        tolerance = draw_(st.sampled_from([0.0, 0.01, 0.5]))
        ranges = [(centre - tolerance, centre + tolerance, 100.0)]
        if draw_(st.booleans()):
            ranges.append((centre - 10 * tolerance - 1, centre + 10 * tolerance + 1, 50.0))
        return b.numeric(question_id, ranges=ranges, points=points)
    value = draw_(st.text(alphabet="aBcß é\u0301  \t", min_size=1, max_size=12).filter(
        lambda text: not text.isspace()))
    answers = [("exact", value, 100.0)]
    if draw_(st.booleans()):
        answers.append(("regex", r"[a-z ]+", draw_(st.sampled_from([10.0, 50.0]))))
    return b.short_text(question_id, answers=answers, points=points,
                        case_sensitive=draw_(st.booleans()),
                        whitespace=draw_(st.sampled_from(["normalize", "ignore", "exact"])),
                        max_length=draw_(st.integers(len(value), 40)))


@st.composite
def question(draw_: st.DrawFn, question_id: str) -> dict[str, Any]:
    kind = draw_(st.sampled_from(["choice", "typed", "true_false", "essay", "ordering"]))
    if kind == "choice":
        return draw_(choice_question(question_id))
    if kind == "typed":
        return draw_(typed_question(question_id))
    if kind == "true_false":
        return b.true_false(question_id, answer=draw_(st.booleans()), points=draw_(POINTS))
    if kind == "essay":
        return b.essay(question_id, points=draw_(POINTS))
    return b.ordering(question_id, ids=OPTION_IDS[:draw_(st.integers(2, 6))],
                      scoring=draw_(st.sampled_from(["partial", "all_or_nothing"])),
                      points=draw_(POINTS))


@st.composite
def definitions(draw_: st.DrawFn) -> dict[str, Any]:
    counter = iter(range(1000))
    sections = []
    for section_number in range(draw_(st.integers(1, 2))):
        items: list[dict[str, Any]] = []
        for _ in range(draw_(st.integers(1, 4))):
            if draw_(st.integers(0, 3)) == 0:
                members = [draw_(question(f"q{next(counter)}"))
                           for _ in range(draw_(st.integers(1, 4)))]
                pick = draw_(st.integers(1, len(members)))
                items.append(b.pool(f"pool{len(items)}", pick, *members))
            else:
                items.append(draw_(question(f"q{next(counter)}")))
        sections.append(b.section(f"s{section_number}", *items,
                                  weight=draw_(st.sampled_from([0.5, 1.0, 2.0])),
                                  shuffle_questions=draw_(st.booleans())))
    return b.definition(*sections, pass_mark=draw_(st.sampled_from([0.0, 50.0, 70.0, 100.0])))


@st.composite
def attempts(draw_: st.DrawFn) -> Attempt:
    """A definition, a drawn layout, answers to some drawn questions and some essay grades."""
    test = draw_(definitions())
    layout = draw(test, draw_(st.integers(0, 2**63 - 1)))
    questions = b.all_questions(test)
    answers: dict[str, object] = {}
    grades: dict[str, float] = {}
    for question_id in b.drawn_ids(layout):
        how = draw_(st.sampled_from(["missing", "correct", "wild"]))
        if how == "correct":
            answers[question_id] = b.correct_answer(questions[question_id])
        elif how == "wild":
            answers[question_id] = draw_(WILD_ANSWERS)
        if questions[question_id]["type"] == "essay" and draw_(st.booleans()):
            grades[question_id] = draw_(st.floats(-10, 10))
    return test, layout, answers, grades


def _full_marks(test: dict[str, Any], layout: list[dict[str, Any]]) -> tuple[Answers, Grades]:
    questions = b.all_questions(test)
    drawn = b.drawn_ids(layout)
    answers = {question_id: b.correct_answer(questions[question_id]) for question_id in drawn}
    grades = {question_id: questions[question_id]["points"] for question_id in drawn
              if questions[question_id]["type"] == "essay"}
    return answers, grades


@SETTINGS
@given(attempts())
def test_the_score_stays_within_bounds_whatever_the_answers(attempt: Attempt) -> None:
    test, layout, answers, grades = attempt
    result = score_attempt(test, layout, answers, grades)
    assert 0.0 <= result.percent <= 100.0
    assert all(0.0 <= section.percent <= 100.0 for section in result.sections)
    assert result.passed is (result.percent >= test["pass_mark"])
    assert list(result.questions) == b.drawn_ids(layout)
    for scored in result.questions.values():
        assert scored.status in STATUSES
        assert -scored.max_points <= scored.points <= scored.max_points


@SETTINGS
@given(definitions(), st.integers(0, 2**63 - 1))
def test_all_correct_answers_score_one_hundred(test: dict[str, Any], seed: int) -> None:
    layout = draw(test, seed)
    answers, grades = _full_marks(test, layout)
    result = score_attempt(test, layout, answers, grades)
    assert {scored.status for scored in result.questions.values()} == {"correct"}
    assert result.percent == 100.0
    assert result.passed and not result.awaiting_review
    assert result.points == result.max_points


@SETTINGS
@given(attempts(), st.data())
def test_unanswered_questions_score_nothing(attempt: Attempt, data: st.DataObject) -> None:
    test, layout, answers, grades = attempt
    drawn = b.drawn_ids(layout)
    blank = data.draw(st.sets(st.sampled_from(drawn)))
    for question_id in blank:
        answers[question_id] = data.draw(st.sampled_from([None, "", [], "  "]))
    result = score_attempt(test, layout, answers, grades)
    for question_id in blank:
        assert result.questions[question_id].points == 0.0
        assert result.questions[question_id].status == "unanswered"
    assert result.questions.keys() == set(drawn)


@SETTINGS
@given(attempts())
def test_scoring_is_deterministic(attempt: Attempt) -> None:
    test, layout, answers, grades = attempt
    cached = score_attempt(test, layout, answers, grades).to_dict()
    fresh = compile_test(test, key=object())  # a key never seen: compiled anew
    assert score_attempt(test, layout, answers, grades, compiled=fresh).to_dict() == cached
    assert score_attempt(test, layout, answers, grades).to_dict() == cached


@SETTINGS
@given(definitions(), st.integers(0, 2**63 - 1))
def test_the_draw_is_a_function_of_the_seed_and_keeps_pools_honest(test: dict[str, Any],
                                                                   seed: int) -> None:
    layout = draw(test, seed)
    assert draw(test, seed) == layout
    drawn = b.drawn_ids(layout)
    assert len(drawn) == len(set(drawn))
    for section, entry in zip(test["sections"], layout, strict=True):
        ids = {q["id"] for q in entry["questions"]}
        for item in section["items"]:
            if item["kind"] == "pool":
                assert len(ids & {q["id"] for q in item["questions"]}) == item["pick"]
            else:
                assert item["question"]["id"] in ids
