"""Small test definitions (normalized, contracts.md §1) for the browser journeys.

Options are never shuffled, so a test can click "Alpha" and know it is option ``a``;
ordering items are shuffled by the draw (never shown in the right order) and are placed
by their labels, as matching answers are chosen by theirs.
"""

from __future__ import annotations

from typing import Any


def _option(oid: str, text: str, correct: bool = False) -> dict[str, Any]:
    return {"id": oid, "text": text, "correct": correct, "weight": 100.0 if correct else 0.0,
            "feedback": None}


def single(qid: str = "pick") -> dict[str, Any]:
    return {"id": qid, "type": "single_choice", "points": 1.0,
            "prompt": "Which letter comes **first**?", "explanation": None,
            "shuffle_options": False, "negative_marking": False,
            "options": [_option("a", "Alpha", True), _option("b", "Beta"),
                        _option("c", "Gamma")]}


def multiple(qid: str = "primes") -> dict[str, Any]:
    return {"id": qid, "type": "multiple_choice", "points": 1.0,
            "prompt": "Which of these are prime?", "explanation": None,
            "shuffle_options": False, "negative_marking": False, "scoring": "all_or_nothing",
            "options": [_option("two", "2", True), _option("three", "3", True),
                        _option("four", "4")]}


def true_false(qid: str = "sky") -> dict[str, Any]:
    return {"id": qid, "type": "true_false", "points": 1.0, "prompt": "The sky is blue.",
            "explanation": None, "answer": True}


def ordering(qid: str = "sizes") -> dict[str, Any]:
    return {"id": qid, "type": "ordering", "points": 1.0,
            "prompt": "Order these from smallest to largest.", "explanation": None,
            "scoring": "all_or_nothing",
            "items": [{"id": "s", "text": "small"}, {"id": "m", "text": "medium"},
                      {"id": "l", "text": "large"}]}


def matching(qid: str = "colours") -> dict[str, Any]:
    """Three fruits and four colours (Blue matches none); the menus list them shuffled."""
    return {"id": qid, "type": "matching", "points": 1.0,
            "prompt": "Match each fruit to its colour.", "explanation": None,
            "scoring": "partial", "unique": False,
            "pairs": [{"id": "banana", "prompt": "Banana", "answer": "yellow"},
                      {"id": "lime", "prompt": "Lime", "answer": "green"},
                      {"id": "cherry", "prompt": "Cherry", "answer": "red"}],
            "answers": [{"id": colour, "text": colour.title()}
                        for colour in ("yellow", "green", "red", "blue")]}


def numeric(qid: str = "root") -> dict[str, Any]:
    return {"id": qid, "type": "numeric", "points": 1.0,
            "prompt": "What is the square root of 2, to two decimals?", "explanation": None,
            "unit": None, "answers": [{"min": 1.41, "max": 1.42, "weight": 100.0}]}


def short_text(qid: str = "capital") -> dict[str, Any]:
    return {"id": qid, "type": "short_text", "points": 1.0,
            "prompt": "What is the capital of France?", "explanation": None,
            "case_sensitive": False, "whitespace": "normalize", "max_length": 50,
            "answers": [{"match": "exact", "value": "Paris", "weight": 100.0}]}


def essay(qid: str = "story") -> dict[str, Any]:
    return {"id": qid, "type": "essay", "points": 5.0,
            "prompt": "Describe a bug you fixed.", "explanation": None,
            "rubric": [{"criterion": "Clarity", "points": 5.0, "description": None}],
            "min_words": None, "max_words": 300}


def cloze(qid: str = "blanks") -> dict[str, Any]:
    """Three blanks: a text, a number and a menu (its options unshuffled)."""
    return {"id": qid, "type": "cloze", "points": 3.0, "prompt": "Complete the sentences.",
            "explanation": None, "shuffle_options": False,
            "text": "The capital of France is {{1}}, and the square root of 2 is about "
                    "{{2}}.\n\nIn Python, `len([1, 2, 3])` is {{3}}.",
            "blanks": [
                {"id": "1", "kind": "short_text", "weight": 1.0, "case_sensitive": False,
                 "whitespace": "normalize", "max_length": 50,
                 "answers": [{"match": "exact", "value": "Paris", "weight": 100.0}]},
                {"id": "2", "kind": "numeric", "weight": 1.0, "unit": None,
                 "answers": [{"min": 1.41, "max": 1.42, "weight": 100.0}]},
                {"id": "3", "kind": "choice", "weight": 1.0,
                 "options": [_option("two", "2"), _option("three", "3", True),
                             _option("four", "4")]}]}


def section(sid: str, title: str, *questions: dict[str, Any],
            time_limit: int | None = None) -> dict[str, Any]:
    return {"id": sid, "title": title, "description": None, "weight": 1.0,
            "time_limit_seconds": time_limit, "shuffle_questions": False,
            "items": [{"kind": "question", "question": q} for q in questions]}


def definition(*sections: dict[str, Any], slug: str = "basics", name: str = "Basics",
               time_limit: int = 1800, language: str = "en") -> dict[str, Any]:
    return {"format": 1, "id": slug, "name": name, "description": None, "language": language,
            "time_limit_seconds": time_limit, "pass_mark": 50.0, "active": True,
            "instructions": "Read each question *carefully*.", "sections": list(sections)}


def every_type(*, time_limit: int = 1800, slug: str = "basics",
               name: str = "Basics") -> dict[str, Any]:
    """Section 1: single, multiple, true/false, ordering, matching; section 2: numeric,
    short text, essay."""
    return definition(
        section("choices", "Choices", single(), multiple(), true_false(), ordering(),
                matching()),
        section("writing", "Writing", numeric(), short_text(), essay()),
        slug=slug, name=name, time_limit=time_limit)


def one_question(*, slug: str = "quick", name: str = "Quick check",
                 time_limit: int = 600) -> dict[str, Any]:
    """One single-choice question: the shortest test there is."""
    return definition(section("only", "Only", single()), slug=slug, name=name,
                      time_limit=time_limit)
