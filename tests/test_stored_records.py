"""What the writers store fits the models every reader uses (app.scoring.records,
app.services.integrity_records): the score, the layout, the integrity summary and each
event's data, written by the real code paths and read back strictly."""

from __future__ import annotations

from datetime import timedelta

import time_machine
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import select

from app.extensions import db
from app.models import Attempt, AttemptEvent
from app.scoring import draw, score_attempt
from app.scoring.records import ScoreRecord, layout_json, read_layout
from app.services.integrity_records import IntegrityRecord, event_data
from tests.candidate.conftest import NOW, Taking, attempt_of, question_url
from tests.fixtures.definitions import definition, essay, section, single


@given(st.integers(0, 2**63 - 1))
def test_a_drawn_layout_reads_back_as_it_was_stored(seed: int) -> None:
    layout = draw(definition(), seed)
    assert layout_json(read_layout(layout)) == layout


def test_a_score_with_an_essay_pending_reads_back_as_stored() -> None:
    test = definition(section("s", single("q1"), essay("q2")))
    layout = draw(test, 7)
    stored = score_attempt(test, layout, {"q1": "a", "q2": "An answer."}).to_dict()
    record = ScoreRecord.read(stored)
    assert record is not None
    assert record.model_dump(mode="json") == stored
    assert (record.awaiting_review, record.pending_essays) == (True, 1)


def test_everything_a_taken_test_stores_fits_its_model(client, invited_candidate) -> None:
    invitation, link = invited_candidate
    taking = Taking(client, link)
    with time_machine.travel(NOW, tick=False):
        taking.start()
    attempt = attempt_of(invitation)
    with time_machine.travel(NOW + timedelta(seconds=20), tick=False):
        taking.api(attempt, "heartbeat", {"events": [
            {"kind": "focus_lost", "ago_ms": 5, "duration_ms": 4000},
            {"kind": "paste", "chars": 12, "question_id": "q1"},
            {"kind": "copy", "chars": 3}]})
    with time_machine.travel(NOW + timedelta(seconds=200), tick=False):
        taking.api(attempt, "heartbeat", {"events": [], "offline_ms": 120_000})  # a gap
    phone = client.application.test_client()
    with time_machine.travel(NOW + timedelta(seconds=210), tick=False):
        Taking(phone, link).start()  # another device, another address and browser
    with time_machine.travel(NOW + timedelta(seconds=220), tick=False):
        taking.answer(question_url(attempt, 0, 0), "q1", move="review", answer="a")
        client.post(f"/take/{attempt.public_id}/finish", data={"section": "0"})
        client.post(f"/take/{attempt.public_id}/finish", data={"section": "1"})

    db.session.expire_all()
    stored = db.session.get(Attempt, attempt.id)
    assert stored is not None and stored.is_finished
    assert stored.score is not None and stored.drawn
    summary = IntegrityRecord.read(stored.integrity)
    events = db.session.scalars(select(AttemptEvent).where(AttemptEvent.attempt_id == attempt.id))
    kinds = []
    for event in events:
        event_data(event.kind, event.data)  # raises when it does not fit
        kinds.append(event.kind)
    assert {"focus_lost", "paste", "copy", "connection_gap", "device_switched"} <= set(kinds)
    assert summary.events_stored == len(kinds)
