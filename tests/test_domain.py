"""The shared rules (app.domain), each written once and checked here once."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain import (
    FINISHED_STATES,
    LANGUAGE_NAMES,
    LANGUAGES,
    TRANSITIONS,
    AttemptState,
    is_answered,
    is_language,
    percentile,
)


@pytest.mark.parametrize("answer", [None, "", "   ", "\n\t", [], {}])
def test_nothing_given_is_unanswered(answer: object) -> None:
    assert not is_answered(answer)


@pytest.mark.parametrize("answer", ["a", " x ", ["a"], {"1": "x"}, False, True, 0, 0.0])
def test_anything_given_is_an_answer_right_or_wrong(answer: object) -> None:
    assert is_answered(answer)


def test_every_language_has_a_catalogue_or_is_the_source(project_root: Path) -> None:
    catalogues = {path.name for path in (project_root / "translations").iterdir() if path.is_dir()}
    assert set(LANGUAGES) == catalogues | {"en"}
    assert set(LANGUAGE_NAMES) == set(LANGUAGES)
    assert is_language("uk") and not is_language("de") and not is_language(None)


def test_finished_states_are_only_reached_after_starting() -> None:
    reachable_from_start = TRANSITIONS[AttemptState.IN_PROGRESS]
    assert reachable_from_start == FINISHED_STATES
    assert all(state.finished for state in FINISHED_STATES)
    assert not TRANSITIONS[AttemptState.COMPLETED]


def test_started_and_unstarted_ends_split_the_states() -> None:
    assert {s for s in AttemptState if s.started} == {AttemptState.IN_PROGRESS, *FINISHED_STATES}
    assert {s for s in AttemptState if s.ended_unstarted} == {AttemptState.EXPIRED,
                                                              AttemptState.CANCELLED}


def test_a_tie_ranks_in_its_middle() -> None:
    # Below: 2, tied: 2, above: 1 of 5 others -> (2 + 1) / 5.
    assert percentile(2, 2, 5, minimum_others=1) == 60.0


def test_too_few_others_give_no_rank() -> None:
    assert percentile(0, 0, 4, minimum_others=5) is None
    assert percentile(0, 0, 0, minimum_others=0) is None


@given(st.integers(0, 500), st.integers(0, 500), st.integers(0, 500))
def test_a_rank_is_a_percent(below: int, equal: int, above: int) -> None:
    others = below + equal + above
    rank = percentile(below, equal, others, minimum_others=1)
    assert rank is None if others == 0 else 0.0 <= rank <= 100.0
