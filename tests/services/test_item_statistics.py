"""Item statistics: the figures per question, by hand on small data, and read from the
database for one test version."""

from __future__ import annotations

import math
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import event

from app.extensions import db
from app.models import Organization
from app.scoring.records import QuestionScoreRecord
from app.services.item_statistics import (
    CandidateResult,
    QuestionStatistics,
    item_statistics,
    load_item_statistics,
)
from tests.fixtures.attempts import finished, graded
from tests.fixtures.definitions import definition, essay, multi, section, single, true_false
from tests.fixtures.factories import make_test

SETTINGS = settings(max_examples=100, deadline=None)
THREE = definition(section("only", single("q1"), true_false("q2"), single("q3")))


def score(credit: float, status: str | None = None, max_points: float = 1.0,
          ) -> QuestionScoreRecord:
    if status is None:
        status = "correct" if credit >= 1 else "incorrect" if credit <= 0 else "partial"
    return QuestionScoreRecord(points=credit * max_points, max_points=max_points, status=status)


def candidate(**credits: float) -> CandidateResult:
    return CandidateResult({question_id: score(credit) for question_id, credit in credits.items()})


# Right (1) or wrong (0) on q1, q2, q3, six candidates.
SIX = [(1, 1, 1), (1, 1, 0), (1, 1, 1), (0, 0, 0), (0, 1, 0), (0, 0, 0)]


def by_id(statistics: tuple[QuestionStatistics, ...]) -> dict[str, QuestionStatistics]:
    return {question.id: question for question in statistics}


def test_it_computes_the_point_biserial_by_hand() -> None:
    stats = by_id(item_statistics(THREE, [candidate(q1=a, q2=b, q3=c) for a, b, c in SIX]))
    # q1: right for 3 of 6 (p = q = 1/2). Rest of the test (q2 + q3, as a share of 2):
    # right 1, .5, 1 (mean 5/6); wrong 0, .5, 0 (mean 1/6); all six: mean 1/2, population
    # variance (4 × .25) / 6 = 1/6. r = (5/6 - 1/6) / sqrt(1/6) × sqrt(1/2 × 1/2) = sqrt(2/3).
    assert stats["q1"].discrimination == round(math.sqrt(2 / 3), 4) == 0.8165
    assert stats["q1"].difficulty == 0.5
    # q2: right for 4 (rests 1, .5, 1, 0: mean 5/8), wrong for 2 (rests 0, 0). Mean 5/12,
    # variance 2.25/6 - (5/12)^2 = 29/144. r = (5/8) / sqrt(29/144) × sqrt(4/6 × 2/6).
    expected = (5 / 8) / math.sqrt(29 / 144) * math.sqrt(8 / 36)
    assert stats["q2"].discrimination == round(expected, 4) == 0.6565
    assert stats["q2"].difficulty == round(4 / 6, 4)
    assert stats["q1"].discrimination_kind == "point_biserial"
    assert [s.seen for s in stats.values()] == [6, 6, 6]


def test_it_says_none_when_discrimination_is_undefined() -> None:
    everyone_right = [candidate(q1=1, q2=b, q3=c) for _, b, c in SIX]
    stats = by_id(item_statistics(THREE, everyone_right))
    assert stats["q1"].discrimination is None  # q1 never varies
    assert stats["q1"].difficulty == 1.0
    only_one = by_id(item_statistics(THREE, [candidate(q1=1)]))
    assert only_one["q1"].discrimination is None  # no rest of the test
    nobody = by_id(item_statistics(THREE, []))
    assert (nobody["q1"].seen, nobody["q1"].difficulty, nobody["q1"].mean_credit) == (0, None,
                                                                                      None)


def test_it_flags_questions_everyone_gets_right_or_wrong() -> None:
    rows = [candidate(q1=1, q2=0, q3=c) for *_, c in SIX]
    stats = by_id(item_statistics(THREE, rows))
    assert stats["q1"].flags == ("too_easy",)
    assert stats["q2"].flags == ("too_hard",)
    assert stats["q3"].flags == ()


def test_it_flags_negative_discrimination() -> None:
    # q3 is right exactly for those who got q1 and q2 wrong.
    rows = [candidate(q1=a, q2=b, q3=1 - a) for a, b, _ in SIX]
    stats = by_id(item_statistics(THREE, rows))
    assert stats["q3"].discrimination is not None and stats["q3"].discrimination < 0
    assert "negative_discrimination" in stats["q3"].flags


def test_too_few_candidates_is_the_only_flag_below_the_minimum() -> None:
    rows = [candidate(q1=1, q2=0, q3=1) for _ in range(4)]
    stats = by_id(item_statistics(THREE, rows))
    assert stats["q1"].flags == stats["q2"].flags == ("too_few_candidates",)
    assert by_id(item_statistics(THREE, rows, min_candidates=4))["q1"].flags == ("too_easy",)


def test_only_candidates_who_drew_a_question_count_for_it() -> None:
    rows = [candidate(q1=1, q2=1), candidate(q1=0, q2=0), candidate(q1=1, q3=0)]
    stats = by_id(item_statistics(THREE, rows))
    assert (stats["q2"].seen, stats["q2"].difficulty) == (2, 1 / 2)
    assert (stats["q3"].seen, stats["q3"].difficulty) == (1, 0.0)


def test_partial_credit_gives_a_mean_credit_and_a_plain_correlation() -> None:
    rows = [candidate(q1=a, q2=b, q3=0.5 * c) for a, b, c in SIX]
    q3 = by_id(item_statistics(THREE, rows))["q3"]
    assert q3.difficulty == 0.0  # nobody had full points
    assert q3.mean_credit == round(0.5 * 2 / 6, 4)
    assert q3.discrimination_kind == "correlation"
    assert q3.discrimination == 0.6565  # a linear change of the credit changes no correlation


def test_essays_awaiting_grading_are_left_out_until_graded() -> None:
    test = definition(section("only", single("q1"), essay("e1")))
    rows = [CandidateResult({"q1": score(1.0), "e1": score(0, "pending", 5.0)}),
            CandidateResult({"q1": score(0.0), "e1": score(0.4, "partial", 5.0)}),
            CandidateResult({"q1": score(1.0), "e1": score(1.0, max_points=5.0)})]
    e1 = by_id(item_statistics(test, rows))["e1"]
    assert (e1.seen, e1.answered, e1.awaiting_grading, e1.scored) == (3, 3, 1, 2)
    assert (e1.difficulty, e1.mean_credit) == (0.5, 0.7)
    assert e1.options is None


def test_choice_questions_count_each_option() -> None:
    test = definition(section("only", single("q1"), multi("q2"), true_false("q3")))
    rows = [CandidateResult({"q1": score(1), "q2": score(1), "q3": score(1)},
                            answers={"q1": "a", "q2": ["a", "b"], "q3": True}),
            CandidateResult({"q1": score(0), "q2": score(0), "q3": score(0)},
                            answers={"q1": "b", "q2": ["a", "c"], "q3": False}),
            CandidateResult({"q1": score(0, "unanswered"), "q2": score(0), "q3": score(1)},
                            answers={"q2": ["b"], "q3": True})]
    stats = by_id(item_statistics(test, rows))
    q1 = {o.id: (o.chosen, o.share, o.correct) for o in stats["q1"].options or ()}
    assert q1 == {"a": (1, 0.3333, True), "b": (1, 0.3333, False), "c": (0, 0.0, False)}
    assert stats["q1"].answered == 2
    assert [(o.id, o.chosen) for o in stats["q2"].options or ()] == [("a", 2), ("b", 2),
                                                                     ("c", 1)]
    assert [(o.id, o.text, o.chosen) for o in stats["q3"].options or ()] == [
        ("true", "True", 2), ("false", "False", 1)]


def test_the_median_time_is_over_candidates_with_time_recorded() -> None:
    rows = [CandidateResult({"q1": score(1)}, times_ms={"q1": ms})
            for ms in (30_000, 90_000, 45_000, 0)]
    q1 = by_id(item_statistics(THREE, rows))["q1"]
    assert (q1.median_seconds, q1.timed) == (45.0, 3)
    assert by_id(item_statistics(THREE, rows[3:]))["q1"].median_seconds is None


# --- properties ---------------------------------------------------------------------------

credits = st.sampled_from([0.0, 0.25, 0.5, 1.0])
drawn = st.dictionaries(st.sampled_from(["q1", "q2", "q3"]), credits, min_size=1)
cohorts = st.lists(drawn, max_size=25)


@SETTINGS
@given(cohorts)
def test_every_figure_stays_within_its_range(rows: list[dict[str, float]]) -> None:
    for question in item_statistics(THREE, [candidate(**row) for row in rows]):
        assert question.discrimination is None or -1.0 <= question.discrimination <= 1.0
        assert question.difficulty is None or 0.0 <= question.difficulty <= 1.0
        assert question.mean_credit is None or 0.0 <= question.mean_credit <= 1.0
        assert question.seen == sum(question.id in row for row in rows)


@SETTINGS
@given(cohorts, st.randoms(use_true_random=False))
def test_the_order_of_candidates_changes_nothing(rows: list[dict[str, float]],
                                                 rng: Any) -> None:
    shuffled = list(rows)
    rng.shuffle(shuffled)
    assert (item_statistics(THREE, [candidate(**row) for row in rows])
            == item_statistics(THREE, [candidate(**row) for row in shuffled]))


# --- from the database ----------------------------------------------------------------------

ANSWERS = {1: ("a", True, "a"), 0: ("b", False, "c")}


def _six(organization: Organization) -> Any:
    test = make_test(THREE)
    for n, row in enumerate(SIX):
        answers = {f"q{i + 1}": ANSWERS[right][i] for i, right in enumerate(row)}
        finished(organization, test, answers, times_ms={"q1": (n + 1) * 10_000})
    return test


def test_it_reads_finished_attempts_of_one_version(organization: Organization) -> None:
    test = _six(organization)
    statistics = load_item_statistics(db.session, test)
    assert (statistics.slug, statistics.version, statistics.candidates) == ("basics", 1, 6)
    q1, q2, _ = statistics.questions
    assert (q1.discrimination, q2.discrimination) == (0.8165, 0.6565)
    assert q1.median_seconds == 35.0  # 10..60 s: the mean of 30 and 40
    assert {o.id: o.chosen for o in q1.options or ()} == {"a": 3, "b": 3, "c": 0}


def test_unfinished_attempts_and_other_versions_are_left_out(
        organization: Organization) -> None:
    test = _six(organization)
    newer = make_test({**THREE}, version=2)
    finished(organization, newer, {"q1": "a"})
    from tests.fixtures.definitions import invite

    invite(organization, [test])  # invited, never started
    assert load_item_statistics(db.session, test).candidates == 6
    assert load_item_statistics(db.session, newer).candidates == 1


def test_it_reads_in_chunks_with_a_few_queries_each(organization: Organization) -> None:
    test = _six(organization)
    assert test.definition  # loaded now (the commits expired it), not in the count below
    statements: list[str] = []

    def count(*args: Any) -> None:
        statements.append(args[2])

    engine = db.session.get_bind()
    event.listen(engine, "before_cursor_execute", count)
    try:
        statistics = load_item_statistics(db.session, test, chunk_size=4)
    finally:
        event.remove(engine, "before_cursor_execute", count)
    assert statistics.candidates == 6
    assert len(statements) == 2 * 3  # two chunks: scores, times, choice answers


def test_essays_count_once_a_person_grades_them(organization: Organization) -> None:
    test = make_test(definition(section("only", single("q1"), essay("e1"))))
    attempts = [finished(organization, test, {"q1": "a", "e1": "An essay."}) for _ in range(3)]
    before = load_item_statistics(db.session, test)
    assert before.awaiting_review == 3
    assert (before.questions[1].awaiting_grading, before.questions[1].scored) == (3, 0)
    graded(attempts[0], "e1", 5.0)
    after = load_item_statistics(db.session, test)
    assert (after.awaiting_review, after.questions[1].scored) == (2, 1)
    assert after.questions[1].difficulty == 1.0


def test_it_can_keep_to_one_organizations_candidates(organization: Organization) -> None:
    test = _six(organization)
    other = Organization(slug="globex", name="Globex", hr_email="hr@globex.test")
    db.session.add(other)
    db.session.commit()
    finished(other, test, {"q1": "a"})
    assert load_item_statistics(db.session, test).candidates == 7
    assert load_item_statistics(db.session, test, organization_id=other.id).candidates == 1


@pytest.mark.parametrize("pick", [1, 2])
def test_pool_questions_count_only_for_those_who_drew_them(organization: Organization,
                                                           pick: int) -> None:
    pool = {"kind": "pool", "id": "pool", "pick": pick,
            "questions": [single("p1"), single("p2"), single("p3")]}
    only = section("only", single("q1"))
    only["items"].append(pool)
    test = make_test(definition(only))
    for seed in range(6):
        finished(organization, test, {"q1": "a", "p1": "a", "p2": "b", "p3": "a"}, seed=seed)
    questions = {q.id: q for q in load_item_statistics(db.session, test).questions}
    assert questions["q1"].seen == 6
    assert sum(questions[p].seen for p in ("p1", "p2", "p3")) == 6 * pick
    assert questions["p2"].difficulty in (None, 0.0)  # wrong for everyone who drew it
