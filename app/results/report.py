"""The figures of an invitation's results, shaped for the page, the CLI and later charts.

``build_report`` reads already-loaded rows and the figures the caller looked up (events,
peer scores); it queries nothing itself, so the same report serves the HTML page, the
``assay results show`` command and, through ``to_dict``, future charts or an API.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from app.domain import FINISHED_STATES, AttemptState
from app.models import Attempt, AttemptEvent, Invitation
from app.models.attempt import AWAITING_REVIEW, COMPLETED
from app.results.charts import BarChart, Histogram, score_histogram, section_bars
from app.results.integrity import (
    TIMELINE_LIMIT,
    IntegritySummary,
    QuestionSignals,
    TimelineEntry,
    signals_by_question,
    summarize,
    timeline,
)
from app.results.replay import QuestionReplay, question_names, replay
from app.results.summary import (
    Overall,
    SignalLine,
    Weighting,
    overall,
    signal_line,
    weighting,
)
from app.services.clock import TimeUsed, time_used


@dataclass(frozen=True)
class SectionRow:
    id: str
    title: str
    weight: float
    points: float
    max_points: float
    percent: float  # 0..100

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "title": self.title, "weight": self.weight,
                "points": self.points, "max_points": self.max_points, "percent": self.percent}


@dataclass(frozen=True)
class Timing:
    started_at: datetime | None
    finished_at: datetime | None
    completed_at: datetime | None
    finish_reason: str | None  # submitted, timed_out
    used_seconds: float | None  # from start to finish, wall clock
    limit_seconds: int  # what this candidate has: the test's limit with extra time
    base_limit_seconds: int  # the test's own limit
    extra_time_factor: float
    extra_seconds: int  # granted as an accommodation
    credited_seconds: int  # given back for connection gaps, on top of the limit

    def to_dict(self) -> dict[str, Any]:
        iso = {k: (v.isoformat() if v else None) for k, v in (
            ("started_at", self.started_at), ("finished_at", self.finished_at),
            ("completed_at", self.completed_at))}
        return {**iso, "finish_reason": self.finish_reason, "used_seconds": self.used_seconds,
                "limit_seconds": self.limit_seconds, "base_limit_seconds": self.base_limit_seconds,
                "extra_time_factor": self.extra_time_factor, "extra_seconds": self.extra_seconds,
                "credited_seconds": self.credited_seconds}


@dataclass(frozen=True)
class Percentile:
    rank: float  # percent of other candidates scoring lower (ties count half)
    candidates: int  # other completed attempts of the same test version compared with


@dataclass(frozen=True)
class AttemptReport:
    attempt_id: str
    position: int
    test_name: str
    test_slug: str
    test_version: int
    state: AttemptState  # the page words it
    score_percent: float | None
    passed: bool | None
    pass_mark: float
    points: float | None
    max_points: float | None
    sections: list[SectionRow]
    percentile: Percentile | None
    timing: Timing
    integrity: IntegritySummary
    timeline: list[TimelineEntry]
    timeline_hidden: int  # entries left out of ``timeline`` for length
    questions: list[QuestionReplay] = field(default_factory=list)
    # Completed attempts of this test version per 10-point bin (app.results.charts.BINS).
    distribution: tuple[int, ...] | None = None
    question_signals: Mapping[str, QuestionSignals] = field(default_factory=dict)

    @property
    def time_used(self) -> TimeUsed:
        t = self.timing
        return time_used(t.used_seconds, limit_seconds=t.limit_seconds,
                         extra_seconds=t.extra_seconds, credited_seconds=t.credited_seconds)

    @property
    def signals(self) -> SignalLine:
        i = self.integrity
        return signal_line(focus_lost=i.focus_lost_count, pastes=i.pastes, copies=i.copies,
                           ip_changes=i.ip_changes, browser_changes=i.browser_changes,
                           device_switches=i.device_switches, connection_gaps=i.connection_gaps)

    @property
    def weighting(self) -> Weighting | None:
        return weighting(self.score_percent, self.points, self.max_points,
                         [(s.title, s.percent, s.weight, s.max_points) for s in self.sections])

    @property
    def section_chart(self) -> BarChart | None:
        if not self.sections:
            return None
        return section_bars([(s.title, s.percent) for s in self.sections],
                            pass_mark=self.pass_mark)

    @property
    def distribution_chart(self) -> Histogram | None:
        """Where this candidate stands among every completed attempt of the version
        (marked only when this attempt is one of them)."""
        if self.distribution is None or not any(self.distribution):
            return None
        marked = self.score_percent if self.state == COMPLETED else None
        return score_histogram(self.distribution, marked)

    def questions_with(self, *statuses: str) -> list[QuestionReplay]:
        """The replayed questions of these statuses, for the page's jump links."""
        return [q for q in self.questions if q.status in statuses]

    @property
    def is_finished(self) -> bool:
        return self.state.finished

    @property
    def provisional(self) -> bool:
        """The score still waits for essays to be graded."""
        return self.state == AWAITING_REVIEW

    @property
    def essays_to_grade(self) -> int:
        return sum(1 for q in self.questions if q.gradable and q.grade is None)

    def to_dict(self) -> dict[str, Any]:
        """The summary (no question texts), as ``assay results show --json`` prints it."""
        return {
            "attempt_id": self.attempt_id, "position": self.position,
            "test": {"name": self.test_name, "slug": self.test_slug, "version": self.test_version},
            "status": self.state, "score_percent": self.score_percent, "passed": self.passed,
            "provisional": self.provisional, "pass_mark": self.pass_mark,
            "points": self.points, "max_points": self.max_points,
            "sections": [section.to_dict() for section in self.sections],
            "percentile": (None if self.percentile is None else
                           {"rank": self.percentile.rank,
                            "candidates": self.percentile.candidates}),
            "timing": self.timing.to_dict(),
            "integrity": self.integrity.to_dict(),
            "essays_to_grade": self.essays_to_grade,
            "questions": [{"id": q.id, "type": q.type, "section": q.section_id,
                           "points": q.points, "max_points": q.max_points, "status": q.status}
                          for q in self.questions],
        }


@dataclass(frozen=True)
class InvitationReport:
    invitation_id: str
    candidate_name: str  # how the page names the candidate: the preferred name if any
    candidate_email: str
    organization_name: str
    cancelled_at: datetime | None
    attempts: list[AttemptReport]
    full_name: str = ""
    preferred_name: str | None = None
    greenhouse_profile_url: str | None = None  # the candidate in Greenhouse
    blind: bool = False  # identity withheld from a reviewer until the grades are in

    @property
    def short_id(self) -> str:
        """What a blind reader calls the candidate: the invitation id's last characters
        (public ids are random hex after their prefix)."""
        return self.invitation_id[-6:].upper()

    @property
    def overall(self) -> Overall:
        return overall([(a.state, a.passed, a.score_percent) for a in self.attempts])

    def blinded(self) -> InvitationReport:
        """The same report without anything that identifies the candidate."""
        return replace(self, candidate_name="", candidate_email="", full_name="",
                       preferred_name=None, greenhouse_profile_url=None, blind=True)

    def to_dict(self) -> dict[str, Any]:
        return {"invitation_id": self.invitation_id,
                "candidate": {"name": self.candidate_name, "email": self.candidate_email},
                "organization": self.organization_name,
                "cancelled_at": self.cancelled_at.isoformat() if self.cancelled_at else None,
                "tests": [attempt.to_dict() for attempt in self.attempts]}


def build_report(invitation: Invitation, *,
                 events: Mapping[int, Sequence[AttemptEvent]],
                 percentiles: Mapping[int, Percentile | None],
                 distributions: Mapping[int, Sequence[int]] | None = None) -> InvitationReport:
    """The report of every test of ``invitation``. ``events``, ``percentiles`` and
    ``distributions`` (completed attempts of the test version per 10-point bin) are keyed
    by attempt id (missing keys mean none)."""
    bins = distributions or {}
    return InvitationReport(
        invitation_id=invitation.public_id,
        candidate_name=invitation.display_name,
        candidate_email=invitation.candidate_email,
        organization_name=invitation.organization.name,
        cancelled_at=invitation.cancelled_at,
        attempts=[_attempt_report(attempt, events.get(attempt.id, ()), percentiles.get(attempt.id),
                                  invitation.extra_time_factor, bins.get(attempt.id))
                  for attempt in invitation.attempts],
        full_name=f"{invitation.first_name} {invitation.last_name}".strip(),
        preferred_name=invitation.preferred_name or None,
        greenhouse_profile_url=_web_url(invitation.greenhouse_profile_url),
    )


def _web_url(url: str | None) -> str | None:
    """``url`` if it is a web address (a link the page may show), else None."""
    return url if url and url.lower().startswith(("https://", "http://")) else None


def _attempt_report(attempt: Attempt, events: Sequence[AttemptEvent],
                    percentile: Percentile | None, extra_time_factor: float,
                    distribution: Sequence[int] | None) -> AttemptReport:
    test = attempt.test
    score = attempt.score
    entries = timeline(attempt, events, question_names(attempt))
    finished = attempt.state in FINISHED_STATES and score is not None
    return AttemptReport(
        attempt_id=attempt.public_id, position=attempt.position, test_name=test.name,
        test_slug=test.slug, test_version=test.version, state=AttemptState(attempt.state),
        score_percent=attempt.score_percent if finished else None,
        passed=attempt.passed if attempt.state == COMPLETED else None,
        pass_mark=score.pass_mark if score is not None else test.pass_mark,
        points=score.points if finished and score is not None else None,
        max_points=score.max_points if finished and score is not None else None,
        sections=[SectionRow(id=s.id, title=s.title, weight=s.weight, points=s.points,
                             max_points=s.max_points, percent=s.percent)
                  for s in score.sections] if finished and score is not None else [],
        percentile=percentile if attempt.state == COMPLETED else None,
        timing=_timing(attempt, extra_time_factor),
        integrity=summarize(attempt),
        timeline=entries[:TIMELINE_LIMIT],
        timeline_hidden=max(len(entries) - TIMELINE_LIMIT, 0),
        # Answers and correct options only once the candidate has finished.
        questions=replay(attempt) if finished and attempt.layout else [],
        distribution=tuple(distribution) if distribution is not None else None,
        question_signals=signals_by_question(events),
    )


def _timing(attempt: Attempt, extra_time_factor: float) -> Timing:
    base = attempt.test.time_limit_seconds
    # Set when the attempt starts; before that, what the candidate will get.
    limit = attempt.time_limit_seconds or round(base * extra_time_factor)
    used = None
    if attempt.started_at is not None and attempt.finished_at is not None:
        used = max((attempt.finished_at - attempt.started_at).total_seconds(), 0.0)
    return Timing(
        started_at=attempt.started_at, finished_at=attempt.finished_at,
        completed_at=attempt.completed_at, finish_reason=attempt.finish_reason,
        used_seconds=used, limit_seconds=limit, base_limit_seconds=base,
        extra_time_factor=extra_time_factor,
        extra_seconds=max(limit - base, 0),
        credited_seconds=attempt.credited_seconds or 0,
    )
