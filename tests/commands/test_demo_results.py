"""The demo's past candidates: made by the same services candidates use, once."""

from __future__ import annotations

from flask import Flask
from sqlalchemy import func, select

from app.commands.demo_results import CANDIDATES, seed_results
from app.domain import AttemptState
from app.extensions import db
from app.models import Attempt, Organization, Test, utcnow
from tests.fixtures.definitions import definition, essay, section
from tests.fixtures.factories import make_test


def test_it_makes_finished_scored_attempts_once(app: Flask, organization: Organization,
                                                basics_test: Test) -> None:
    writing = make_test(definition(section("s1", essay("e1")), slug="writing", name="Writing"))
    now = utcnow()
    with app.test_request_context():
        made = seed_results(db.session, organization, [basics_test, writing],
                            base_url="http://127.0.0.1:5000", now=now)
    db.session.commit()

    assert made == len(CANDIDATES)
    states = {row[0]: row[1] for row in db.session.execute(
        select(Attempt.state, func.count()).group_by(Attempt.state))}
    assert states == {AttemptState.COMPLETED.value: len(CANDIDATES) // 2,
                      AttemptState.AWAITING_REVIEW.value: len(CANDIDATES) // 2}
    scores = db.session.scalars(select(Attempt.score_percent).where(
        Attempt.test_id == basics_test.id)).all()
    assert len(set(scores)) > 3  # candidates of different skill, not one score for all
    assert all(attempt.finished_at <= now for attempt in db.session.scalars(select(Attempt)))

    with app.test_request_context():
        again = seed_results(db.session, organization, [basics_test, writing],
                             base_url="http://127.0.0.1:5000", now=now)
    assert again == 0
