"""POST /take/<attempt>/api/heartbeat: integrity events (validated, bounded, summarized)
and connection gaps (recorded; credited back when the organization says so)."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine

from app.extensions import db
from app.models import AttemptEvent
from app.services import integrity
from tests.candidate.conftest import NOW, Taking, attempt_of, question_url


@pytest.fixture
def started(taking: Taking, invited_candidate):
    with time_machine.travel(NOW, tick=False):
        taking.start()
    return attempt_of(invited_candidate[0])


def beat(taking, attempt, when, **payload):
    with time_machine.travel(when, tick=False):
        return taking.api(attempt, "heartbeat", payload)


def events(kind: str) -> list[AttemptEvent]:
    return db.session.query(AttemptEvent).filter_by(kind=kind).order_by(AttemptEvent.id).all()


def test_it_records_and_summarizes_integrity_signals(taking, started) -> None:
    response = beat(taking, started, NOW + timedelta(seconds=15), events=[
        {"kind": "focus_lost", "ago_ms": 5000, "duration_ms": 4200},
        {"kind": "focus_lost", "ago_ms": 1000, "duration_ms": 800},
        {"kind": "paste", "ago_ms": 0, "chars": 120, "question_id": "q1"},
        {"kind": "copy", "ago_ms": 0, "chars": 30, "question_id": "q1"},
    ])
    assert response.status_code == 200
    assert response.json["remaining_seconds"] == 1785
    summary = attempt_of(started.invitation).integrity
    assert summary["focus_lost"] == {"count": 2, "total_ms": 5000}
    assert summary["paste"] == {"count": 1, "chars": 120}
    assert summary["copy"] == {"count": 1, "chars": 30}
    focus = events("focus_lost")
    assert focus[0].occurred_at == NOW + timedelta(seconds=10)
    assert focus[0].data == {"duration_ms": 4200}
    assert events("paste")[0].data == {"chars": 120, "question_id": "q1"}


def test_malformed_events_are_rejected_not_stored(taking, started) -> None:
    beat(taking, started, NOW, events=[
        {"kind": "drop_table"}, {"kind": "paste", "chars": -1}, "junk", {"kind": "copy",
                                                                        "chars": "9"},
    ])
    assert db.session.query(AttemptEvent).count() == 0
    assert attempt_of(started.invitation).integrity["events_rejected"] == 4


def test_events_are_capped_per_request(taking, started) -> None:
    many = [{"kind": "focus_lost", "duration_ms": 10}] * 80
    beat(taking, started, NOW, events=many)
    assert len(events("focus_lost")) == integrity.MAX_EVENTS_PER_REQUEST
    assert attempt_of(started.invitation).integrity["events_dropped"] == 30


def test_events_are_capped_per_attempt(taking, started, monkeypatch) -> None:
    monkeypatch.setattr(integrity, "MAX_EVENTS_PER_ATTEMPT", 60)
    for second in range(3):
        beat(taking, started, NOW + timedelta(seconds=second),
             events=[{"kind": "paste", "chars": 1}] * 30)
    assert db.session.query(AttemptEvent).count() == 60
    summary = attempt_of(started.invitation).integrity
    assert summary["paste"]["count"] == 90  # counted, not all stored
    assert summary["events_dropped"] == 30


def test_an_ip_change_is_recorded(taking, started) -> None:
    with time_machine.travel(NOW + timedelta(seconds=5), tick=False):
        taking.client.post(f"/take/{started.public_id}/api/heartbeat", json={},
                           headers={"X-CSRFToken": taking.client.csrf_token()},
                           environ_base={"REMOTE_ADDR": "203.0.113.9"})
    change = events("ip_changed")
    assert len(change) == 1 and change[0].data == {"from": "127.0.0.1", "to": "203.0.113.9"}
    assert attempt_of(started.invitation).integrity["ip_changes"] == 1


def test_a_connection_gap_is_recorded_without_credit_by_default(taking, started) -> None:
    beat(taking, started, NOW + timedelta(seconds=10))
    beat(taking, started, NOW + timedelta(seconds=100), offline_ms=70_000)
    gap = events("connection_gap")
    assert len(gap) == 1
    assert gap[0].data == {"seconds": 90, "client_offline_seconds": 70, "credited_seconds": 0,
                           "policy": "record_only"}
    attempt = attempt_of(started.invitation)
    assert attempt.deadline_at == NOW + timedelta(minutes=30)
    assert attempt.integrity["connection_gaps"] == {"count": 1, "total_seconds": 90,
                                                    "credited_seconds": 0}


def test_a_gap_is_credited_when_the_organization_says_so(taking, started, organization) -> None:
    organization.credit_connection_gaps = True
    organization.max_gap_credit_seconds = 100
    db.session.commit()
    beat(taking, started, NOW + timedelta(seconds=10))
    response = beat(taking, started, NOW + timedelta(seconds=100), offline_ms=70_000)
    attempt = attempt_of(started.invitation)
    assert attempt.credited_seconds == 70  # what the client says, within what the server saw
    assert attempt.deadline_at == NOW + timedelta(minutes=30, seconds=70)
    assert response.json["remaining_seconds"] == 1800 - 100 + 70
    assert events("time_credited")[0].data == {"seconds": 70, "total_credited": 70}
    beat(taking, started, NOW + timedelta(seconds=200), offline_ms=90_000)
    attempt = attempt_of(started.invitation)
    assert attempt.credited_seconds == 100  # the organization's cap per attempt
    assert attempt.integrity["connection_gaps"]["credited_seconds"] == 100


def test_silence_without_a_failed_request_is_not_a_gap(taking, started) -> None:
    beat(taking, started, NOW + timedelta(minutes=5), offline_ms=0)  # a sleeping laptop
    assert events("connection_gap") == []


def test_a_credited_gap_can_carry_answers_past_the_old_deadline(taking, started,
                                                                organization) -> None:
    organization.credit_connection_gaps = True
    db.session.commit()
    beat(taking, started, NOW + timedelta(minutes=29))
    with time_machine.travel(NOW + timedelta(minutes=31), tick=False):
        response = taking.api(started, "answer", {"question_id": "q1", "answer": "a",
                                                  "offline_ms": 115_000})
    assert response.status_code == 200
    assert attempt_of(started.invitation).credited_seconds == 115


def test_time_on_the_current_question_grows_with_heartbeats(taking, started) -> None:
    with time_machine.travel(NOW, tick=False):
        taking.client.get(question_url(started, 0, 0))
    beat(taking, started, NOW + timedelta(seconds=15))
    beat(taking, started, NOW + timedelta(seconds=30))
    db.session.expire_all()
    spent = {r.question_id: r.time_spent_ms for r in attempt_of(started.invitation).responses}
    assert spent["q1"] == 30_000


def test_a_heartbeat_after_the_grace_ends_the_test(taking, started) -> None:
    response = beat(taking, started, NOW + timedelta(minutes=30, seconds=11))
    assert response.json["state"] == "completed"
    assert attempt_of(started.invitation).finish_reason == "timed_out"
