"""The rules several parts of Assay share, each written once.

Pure: no Flask, no database. The bank format, the candidate pages, the results page, the
Greenhouse API and the emails all ask here: which languages there are, what an attempt's
states mean, when a question counts as answered, where a score ranks among others.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Final, Literal, TypeGuard, get_args

# --- languages ---------------------------------------------------------------------------

Language = Literal["en", "uk", "ru"]
LANGUAGES: Final[tuple[Language, ...]] = get_args(Language)
DEFAULT_LANGUAGE: Final[Language] = "en"
# Each language by its own name, as a language switcher shows it.
LANGUAGE_NAMES: Final[dict[Language, str]] = {"en": "English", "uk": "Українська",
                                              "ru": "Русский"}


def is_language(value: object) -> TypeGuard[Language]:
    """Whether ``value`` is one of the languages pages, emails and tests come in."""
    return value in LANGUAGES


# --- attempts ----------------------------------------------------------------------------

class AttemptState(StrEnum):
    """Where one candidate stands with one test (stored as its value)."""

    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    AWAITING_REVIEW = "awaiting_review"  # finished; essays wait for a person
    COMPLETED = "completed"  # finished and fully scored
    EXPIRED = "expired"  # never started before the invitation expired
    CANCELLED = "cancelled"

    @property
    def finished(self) -> bool:
        """The candidate is done: answers are final (a person may still grade)."""
        return self in FINISHED_STATES

    @property
    def started(self) -> bool:
        """Drawn and under way or done: there are answers (maybe none) and a clock."""
        return self in (AttemptState.IN_PROGRESS, *FINISHED_STATES)

    @property
    def ended_unstarted(self) -> bool:
        """Closed without ever being started: no draw, no answers, no score."""
        return self in (AttemptState.EXPIRED, AttemptState.CANCELLED)


FINISHED_STATES: Final = frozenset({AttemptState.AWAITING_REVIEW, AttemptState.COMPLETED})

# Which state may follow which; anything else is a bug (InvalidTransition).
TRANSITIONS: Final[dict[AttemptState, frozenset[AttemptState]]] = {
    AttemptState.NOT_STARTED: frozenset({AttemptState.IN_PROGRESS, AttemptState.EXPIRED,
                                         AttemptState.CANCELLED}),
    AttemptState.IN_PROGRESS: frozenset({AttemptState.AWAITING_REVIEW, AttemptState.COMPLETED}),
    AttemptState.AWAITING_REVIEW: frozenset({AttemptState.COMPLETED}),
    AttemptState.COMPLETED: frozenset(),
    AttemptState.EXPIRED: frozenset(),
    AttemptState.CANCELLED: frozenset(),
}

FinishReason = Literal["submitted", "timed_out"]
FINISH_REASONS: Final[tuple[FinishReason, ...]] = get_args(FinishReason)


# --- answers -----------------------------------------------------------------------------

def is_answered(answer: object) -> bool:
    """Whether a stored answer counts as an answer (contracts.md §2).

    Unanswered: no answer at all, ``None``, text of only white space, an empty list (no
    option chosen, no order given) or an empty mapping (no part filled in). Anything else
    is an answer, right or wrong: ``False`` for true/false, ``0`` typed as a number.
    """
    if answer is None:
        return False
    if isinstance(answer, str):
        return not answer.isspace() and answer != ""
    if isinstance(answer, (list, dict)):
        return len(answer) > 0
    return True


# --- ranking -----------------------------------------------------------------------------

def percentile(below: int, equal: int, others: int, *, minimum_others: int) -> float | None:
    """Where a score ranks among ``others`` other scores, as a percent (2 decimals): the
    share of them strictly below it plus half the share equal to it (a score in the
    middle of a tie ranks in the middle). None with fewer than ``minimum_others`` others
    (or none at all): a rank among a handful says more than it knows.
    """
    if others < max(minimum_others, 1):
        return None
    return round((below + equal / 2) / others * 100.0, 2)


# --- invitations, as the public API reports them ------------------------------------------

class InvitationStatus(StrEnum):
    """Where an invitation (or one of its tests) stands, in the public API's words."""

    SENT = "sent"  # nothing started yet
    STARTED = "started"  # a test is under way, or some are done and others still open
    AWAITING_REVIEW = "awaiting_review"  # all taken; essays wait for a person
    COMPLETED = "completed"  # every test scored
    EXPIRED = "expired"  # the link expired before every test was taken
    CANCELLED = "cancelled"


# Each attempt state as one test's status.
TEST_STATUS: Final[dict[AttemptState, InvitationStatus]] = {
    AttemptState.NOT_STARTED: InvitationStatus.SENT,
    AttemptState.IN_PROGRESS: InvitationStatus.STARTED,
    AttemptState.AWAITING_REVIEW: InvitationStatus.AWAITING_REVIEW,
    AttemptState.COMPLETED: InvitationStatus.COMPLETED,
    AttemptState.EXPIRED: InvitationStatus.EXPIRED,
    AttemptState.CANCELLED: InvitationStatus.CANCELLED,
}


def invitation_status(states: list[AttemptState], *, cancelled: bool) -> InvitationStatus:
    """An invitation's status from its tests' attempt states (a battery has several).

    Cancelled wins; then anything under way (a test in progress, or some done and some
    still to take) is ``started``; an invitation with every test taken is
    ``awaiting_review`` while an essay waits, else ``completed``; one whose untaken tests
    expired is ``expired``.
    """
    if cancelled:
        return InvitationStatus.CANCELLED
    open_states = [state for state in states if state != AttemptState.CANCELLED]
    if not open_states:
        return InvitationStatus.CANCELLED
    if AttemptState.IN_PROGRESS in open_states:
        return InvitationStatus.STARTED
    if AttemptState.NOT_STARTED in open_states:
        taken = any(state.started for state in open_states)
        return InvitationStatus.STARTED if taken else InvitationStatus.SENT
    if AttemptState.AWAITING_REVIEW in open_states:
        return InvitationStatus.AWAITING_REVIEW
    if all(state == AttemptState.COMPLETED for state in open_states):
        return InvitationStatus.COMPLETED
    return InvitationStatus.EXPIRED
