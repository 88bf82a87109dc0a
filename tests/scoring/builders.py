"""Normalized test definitions (contracts.md §1) for scoring tests, built in one line each.

Every builder returns the full normalized shape, every key present, so the scoring code
is tested against exactly what the bank loader produces. Options and items get ids
"a", "b", "c", ... unless told otherwise.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from app.scoring import QuestionScore, draw, score_attempt

Question = dict[str, Any]


def _question(question_id: str, kind: str, points: float, **extra: Any) -> Question:
    return {"id": question_id, "type": kind, "points": points,
            "prompt": f"Prompt of {question_id}", "explanation": None, **extra}


def _options(ids: Iterable[str], correct: Iterable[str], weights: Mapping[str, float] | None,
             ) -> list[dict[str, Any]]:
    correct_ids = set(correct)
    weights = weights or {}
    return [
        {"id": option_id, "text": f"Option {option_id}", "correct": option_id in correct_ids,
         "weight": weights.get(option_id, 100.0 if option_id in correct_ids else 0.0),
         "feedback": None}
        for option_id in ids
    ]


def single_choice(question_id: str = "q", *, correct: str = "a", ids: str = "abcd",
                  weights: Mapping[str, float] | None = None, negative_marking: bool = False,
                  shuffle_options: bool = False, points: float = 1.0) -> Question:
    return _question(question_id, "single_choice", points,
                     options=_options(ids, correct, weights), shuffle_options=shuffle_options,
                     negative_marking=negative_marking)


def multiple_choice(question_id: str = "q", *, correct: str = "ab", ids: str = "abcd",
                    scoring: str = "all_or_nothing", weights: Mapping[str, float] | None = None,
                    negative_marking: bool = False, shuffle_options: bool = False,
                    points: float = 1.0) -> Question:
    """Weighted questions default to GIFT's usual split: correct options share +100,
    wrong options share -100."""
    if scoring == "weighted" and weights is None:
        wrong = [option_id for option_id in ids if option_id not in correct]
        weights = {option_id: 100.0 / len(correct) for option_id in correct}
        weights.update({option_id: -100.0 / len(wrong) for option_id in wrong})
    return _question(question_id, "multiple_choice", points,
                     options=_options(ids, correct, weights), shuffle_options=shuffle_options,
                     scoring=scoring, negative_marking=negative_marking)


def true_false(question_id: str = "q", *, answer: bool = True, points: float = 1.0) -> Question:
    return _question(question_id, "true_false", points, answer=answer)


def numeric(question_id: str = "q", *,
            ranges: Sequence[tuple[float, float, float]] = ((1.41, 1.41, 100.0),),
            unit: str | None = None, points: float = 1.0) -> Question:
    """``ranges`` are (min, max, weight) triples."""
    return _question(question_id, "numeric", points, unit=unit, answers=[
        {"min": low, "max": high, "weight": weight} for low, high, weight in ranges
    ])


def short_text(question_id: str = "q", *,
               answers: Sequence[tuple[str, str, float]] = (("exact", "Paris", 100.0),),
               case_sensitive: bool = False, whitespace: str = "normalize", max_length: int = 200,
               points: float = 1.0) -> Question:
    """``answers`` are (match, value, weight) triples."""
    return _question(question_id, "short_text", points, case_sensitive=case_sensitive,
                     whitespace=whitespace, max_length=max_length, answers=[
                         {"match": match, "value": value, "weight": weight}
                         for match, value, weight in answers
                     ])


def essay(question_id: str = "q", *, points: float = 5.0) -> Question:
    return _question(question_id, "essay", points, min_words=None, max_words=None, rubric=[
        {"criterion": "Clear", "points": points, "description": None},
    ])


def ordering(question_id: str = "q", *, ids: str = "abcd", scoring: str = "partial",
             points: float = 1.0) -> Question:
    """``ids`` is the correct order."""
    return _question(question_id, "ordering", points, scoring=scoring,
                     items=[{"id": item_id, "text": f"Item {item_id}"} for item_id in ids])


def pool(pool_id: str, pick: int, *questions: Question) -> dict[str, Any]:
    return {"kind": "pool", "id": pool_id, "pick": pick, "questions": list(questions)}


def section(section_id: str, *items: Question | dict[str, Any], weight: float = 1.0,
            shuffle_questions: bool = False) -> dict[str, Any]:
    """Questions are wrapped as items; pools (from ``pool``) are taken as they are."""
    return {
        "id": section_id, "title": section_id.title(), "description": None, "weight": weight,
        "time_limit_seconds": None, "shuffle_questions": shuffle_questions,
        "items": [item if item.get("kind") == "pool" else {"kind": "question", "question": item}
                  for item in items],
    }


def definition(*sections: dict[str, Any], pass_mark: float = 70.0,
               test_id: str = "t") -> dict[str, Any]:
    return {"format": 1, "id": test_id, "name": "A test", "description": None, "language": "en",
            "time_limit_seconds": 1800, "pass_mark": pass_mark, "active": True,
            "instructions": None, "sections": list(sections)}


def only(*questions: Question, pass_mark: float = 70.0) -> dict[str, Any]:
    """A one-section test of these questions."""
    return definition(section("main", *questions), pass_mark=pass_mark)


def all_questions(test: Mapping[str, Any]) -> dict[str, Question]:
    """Every question of a definition by id, pool questions included."""
    found: dict[str, Question] = {}
    for sec in test["sections"]:
        for item in sec["items"]:
            members = item["questions"] if item["kind"] == "pool" else [item["question"]]
            found.update((question["id"], question) for question in members)
    return found


def correct_answer(question: Mapping[str, Any]) -> object:
    """An answer earning full points (essays: any text; they need manual points too).

    Short-text questions must have an exact answer with the best weight.
    """
    kind = question["type"]
    if kind == "single_choice":
        return max(question["options"], key=lambda option: option["weight"])["id"]
    if kind == "multiple_choice":
        if question["scoring"] == "weighted":
            return [option["id"] for option in question["options"] if option["weight"] > 0]
        return [option["id"] for option in question["options"] if option["correct"]]
    if kind == "true_false":
        return question["answer"]
    if kind == "numeric":
        best = max(question["answers"], key=lambda answer: answer["weight"])
        middle = best["min"] if best["min"] == best["max"] else (best["min"] + best["max"]) / 2
        return repr(middle)
    if kind == "short_text":
        return max(question["answers"], key=lambda answer: answer["weight"])["value"]
    if kind == "essay":
        return "An essay."
    if kind == "ordering":
        return [item["id"] for item in question["items"]]
    raise ValueError(kind)


def drawn_ids(layout: Sequence[Mapping[str, Any]]) -> list[str]:
    return [drawn["id"] for entry in layout for drawn in entry["questions"]]


def score_one(question: Question, answer: object,
              manual_points: float | None = None) -> QuestionScore:
    """The QuestionScore of ``question`` alone in a test, answered with ``answer``."""
    test = only(question)
    grades = None if manual_points is None else {question["id"]: manual_points}
    result = score_attempt(test, draw(test, 1), {question["id"]: answer}, grades)
    return result.questions[question["id"]]
