"""draw: the layout is a pure, stable function of the definition and the seed."""

from __future__ import annotations

import random
from typing import Any

import pytest

from app.scoring import draw, new_seed
from tests.scoring.builders import (
    definition,
    drawn_ids,
    essay,
    multiple_choice,
    numeric,
    ordering,
    pool,
    section,
    single_choice,
    true_false,
)


def _mixed_test() -> dict[str, Any]:
    return definition(
        section("first", single_choice("s1", shuffle_options=True), true_false("t1"),
                pool("p", 2, *(true_false(f"p{n}") for n in range(5))), essay("e1"),
                shuffle_questions=True),
        section("second", multiple_choice("m1", ids="abcdef"), ordering("o1", ids="abcde"),
                numeric("n1")),
    )


def test_it_draws_the_same_layout_for_the_same_seed() -> None:
    assert draw(_mixed_test(), 42) == draw(_mixed_test(), 42)


def test_it_draws_this_exact_layout_for_seed_7() -> None:
    # Pinned: a change here means stored seeds no longer reproduce their layouts. Each
    # test run hashes strings with a fresh random seed, so this also shows the draw does
    # not depend on hashing (set or dict order of ids).
    assert draw(_mixed_test(), 7) == [
        {"section": "first", "questions": [
            {"id": "t1", "order": None},
            {"id": "p1", "order": None},
            {"id": "e1", "order": None},
            {"id": "s1", "order": ["b", "a", "d", "c"]},
            {"id": "p2", "order": None},
        ]},
        {"section": "second", "questions": [
            {"id": "m1", "order": ["a", "b", "c", "d", "e", "f"]},
            {"id": "o1", "order": ["d", "c", "a", "b", "e"]},
            {"id": "n1", "order": None},
        ]},
    ]


def test_it_draws_different_layouts_for_different_seeds() -> None:
    test = definition(section("s", *(true_false(f"q{n}") for n in range(8)),
                              shuffle_questions=True))
    layouts = {tuple(drawn_ids(draw(test, seed))) for seed in range(20)}
    assert len(layouts) == 20


def test_it_keeps_section_and_item_order_when_not_shuffling() -> None:
    test = definition(section("a", true_false("q1"), true_false("q2"), true_false("q3")),
                      section("b", true_false("q4")))
    layout = draw(test, 99)
    assert [entry["section"] for entry in layout] == ["a", "b"]
    assert drawn_ids(layout) == ["q1", "q2", "q3", "q4"]


def test_it_picks_exactly_n_distinct_pool_questions_in_source_order() -> None:
    members = [true_false(f"p{n}") for n in range(10)]
    test = definition(section("s", true_false("before"), pool("p", 4, *members),
                              true_false("after")))
    seen: set[str] = set()
    for seed in range(50):
        ids = drawn_ids(draw(test, seed))
        picked = ids[1:-1]
        assert (ids[0], ids[-1]) == ("before", "after")
        assert len(set(picked)) == 4
        assert picked == sorted(picked, key=lambda question_id: int(question_id[1:]))
        seen.update(picked)
    assert len(seen) == 10  # every member gets drawn sometimes


def test_it_refuses_a_pool_that_picks_more_than_it_has() -> None:
    with pytest.raises(ValueError, match="picks 3 of 2"):
        draw(definition(section("s", pool("p", 3, true_false("a"), true_false("b")))), 1)


def test_it_keeps_option_order_unless_the_question_shuffles() -> None:
    test = definition(section("s", single_choice("fixed", ids="abcdef"),
                              multiple_choice("shuffled", ids="abcdef", shuffle_options=True)))
    orders = [draw(test, seed)[0]["questions"] for seed in range(10)]
    assert all(questions[0]["order"] == list("abcdef") for questions in orders)
    assert any(questions[1]["order"] != list("abcdef") for questions in orders)
    assert all(sorted(questions[1]["order"]) == list("abcdef") for questions in orders)


@pytest.mark.parametrize("ids", ["ab", "abc", "abcdef"])
def test_it_never_starts_an_ordering_question_in_the_correct_order(ids: str) -> None:
    test = definition(section("s", ordering("o", ids=ids)))
    for seed in range(200):
        order = draw(test, seed)[0]["questions"][0]["order"]
        assert sorted(order) == sorted(ids)
        assert order != list(ids)


def test_it_gives_no_order_to_questions_without_options() -> None:
    test = definition(section("s", true_false("t"), numeric("n"), essay("e"),
                              ordering("one", ids="a")))
    assert [q["order"] for q in draw(test, 3)[0]["questions"]] == [None, None, None, ["a"]]


def test_it_leaves_the_global_random_generator_alone() -> None:
    random.seed(5)
    state = random.getstate()
    draw(_mixed_test(), 1)
    assert random.getstate() == state


def test_it_makes_seeds_that_fit_a_signed_bigint() -> None:
    seeds = {new_seed() for _ in range(100)}
    assert len(seeds) == 100
    assert all(0 <= seed < 2**63 for seed in seeds)
