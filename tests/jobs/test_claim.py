"""Claiming outbox rows: each due row goes to exactly one worker, even under contention."""

from __future__ import annotations

import threading
import time
from datetime import timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.jobs.claim import claim_batch, new_worker_id, renewing_claim, take_if_ours
from app.jobs.deliver_outbox import Outcome, record
from app.models import OutboxMessage, utcnow
from app.services.outbox import enqueue
from tests.jobs.builders import reloaded

CLAIM = 120


def _queue(db, count: int, now=None) -> list[int]:  # type: ignore[no-untyped-def]
    now = now or utcnow()
    messages = [enqueue(db.session, "email", {"to": f"c{i}@example.test"},
                        now=now - timedelta(seconds=count - i))  # oldest first
                for i in range(count)]
    db.session.commit()
    return [message.id for message in messages]


def test_it_claims_due_rows_oldest_first_up_to_the_batch_size(db) -> None:  # type: ignore[no-untyped-def]
    ids = _queue(db, 5)
    now = utcnow()

    claimed = claim_batch(db.session, worker_id="w1", now=now, limit=3, claim_seconds=CLAIM)

    assert claimed == ids[:3]
    row = reloaded(ids[0])
    assert row.claimed_by == "w1"
    assert row.claimed_until == now + timedelta(seconds=CLAIM)


def test_it_leaves_rows_not_yet_due_and_rows_under_a_live_claim(db) -> None:  # type: ignore[no-untyped-def]
    now = utcnow()
    later = enqueue(db.session, "email", {}, now=now + timedelta(minutes=5))
    db.session.commit()
    [taken] = _queue(db, 1)
    assert claim_batch(db.session, worker_id="w1", now=now, limit=10,
                       claim_seconds=CLAIM) == [taken]

    assert claim_batch(db.session, worker_id="w2", now=now + timedelta(seconds=60),
                       limit=10, claim_seconds=CLAIM) == []
    assert reloaded(later.id).claimed_by is None


def test_a_claim_left_by_a_crashed_worker_expires_and_is_taken_again(db) -> None:  # type: ignore[no-untyped-def]
    [message_id] = _queue(db, 1)
    now = utcnow()
    claim_batch(db.session, worker_id="crashed", now=now, limit=10, claim_seconds=CLAIM)

    after_expiry = now + timedelta(seconds=CLAIM + 1)
    claimed = claim_batch(db.session, worker_id="w2", now=after_expiry, limit=10,
                          claim_seconds=CLAIM)

    assert claimed == [message_id]
    assert reloaded(message_id).claimed_by == "w2"


def test_sent_and_failed_rows_are_never_claimed(db) -> None:  # type: ignore[no-untyped-def]
    sent, failed = _queue(db, 2)
    now = utcnow()
    db.session.get(OutboxMessage, sent).mark_sent(now, "smtp")
    db.session.get(OutboxMessage, failed).mark_failed("550")
    db.session.commit()

    assert claim_batch(db.session, worker_id="w1", now=now, limit=10, claim_seconds=CLAIM) == []


@pytest.mark.committing  # each worker a thread with its own session
def test_two_workers_claiming_at_once_get_disjoint_sets_covering_every_row(db) -> None:  # type: ignore[no-untyped-def]
    ids = _queue(db, 120)
    now = utcnow()
    engine = db.engine
    start = threading.Barrier(2)
    claimed: dict[str, list[int]] = {}
    errors: list[BaseException] = []

    def worker(name: str) -> None:
        mine: list[int] = []
        try:
            with Session(engine) as session:  # each worker its own session and connection
                start.wait()
                while batch := claim_batch(session, worker_id=name, now=now, limit=7,
                                           claim_seconds=CLAIM):
                    mine.extend(batch)
        except BaseException as error:  # noqa: BLE001 - reported by the main thread
            errors.append(error)
        claimed[name] = mine

    threads = [threading.Thread(target=worker, args=(name,)) for name in ("w1", "w2")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    assert set(claimed["w1"]).isdisjoint(claimed["w2"])
    assert sorted(claimed["w1"] + claimed["w2"]) == sorted(ids)
    # What each worker was told it holds is what the database says.
    owners = dict(db.session.execute(select(OutboxMessage.id, OutboxMessage.claimed_by)).all())
    assert all(owners[i] == "w1" for i in claimed["w1"])
    assert all(owners[i] == "w2" for i in claimed["w2"])


def test_a_worker_whose_expired_claim_was_taken_over_records_nothing(db) -> None:  # type: ignore[no-untyped-def]
    [message_id] = _queue(db, 1)
    now = utcnow()
    claim_batch(db.session, worker_id="slow", now=now, limit=1, claim_seconds=CLAIM)
    later = now + timedelta(seconds=CLAIM + 1)
    claim_batch(db.session, worker_id="fast", now=later, limit=1, claim_seconds=CLAIM)

    recorded = record(db.session, message_id, "slow", Outcome(transport="smtp"), later)

    assert recorded is False
    row = reloaded(message_id)
    assert (row.status, row.claimed_by, row.attempt_count) == ("pending", "fast", 0)


def test_the_claim_holder_can_renew_its_claim_and_others_cannot(db) -> None:  # type: ignore[no-untyped-def]
    [message_id] = _queue(db, 1)
    now = utcnow()
    claim_batch(db.session, worker_id="w1", now=now, limit=1, claim_seconds=CLAIM)
    renewed_until = now + timedelta(seconds=2 * CLAIM)

    assert take_if_ours(db.session, message_id, "w2", renewed_until) is None
    held = take_if_ours(db.session, message_id, "w1", renewed_until)
    db.session.commit()

    assert held is not None
    assert reloaded(message_id).claimed_until == renewed_until


def test_worker_ids_name_the_host_and_process_and_differ() -> None:
    first, second = new_worker_id(), new_worker_id()
    assert first != second
    host, pid, _ = first.split(":")
    assert host and pid.isdigit()


@pytest.mark.committing  # the renewal thread has its own connection
def test_a_claim_is_renewed_while_a_delivery_runs_and_no_longer_after(db) -> None:  # type: ignore[no-untyped-def]
    [message_id] = _queue(db, 1)
    claim_batch(db.session, worker_id="w1", now=utcnow(), limit=1, claim_seconds=1)
    first_until = reloaded(message_id).claimed_until
    assert first_until is not None

    with renewing_claim(db.engine, message_id, "w1", timedelta(seconds=1)) as renewal:
        time.sleep(1.6)  # past the first claim: a slow SMTP conversation
        assert claim_batch(db.session, worker_id="w2", now=utcnow(), limit=1,
                           claim_seconds=1) == []
    renewed_until = reloaded(message_id).claimed_until
    time.sleep(0.7)

    assert renewal.renewals >= 3 and renewal.lost is False  # every third of the claim
    assert renewed_until is not None and renewed_until > first_until + timedelta(seconds=1)
    assert reloaded(message_id).claimed_until == renewed_until  # stopped with the block
    assert reloaded(message_id).claimed_by == "w1"


@pytest.mark.committing  # the renewal thread has its own connection
def test_a_claim_taken_over_is_not_renewed(db) -> None:  # type: ignore[no-untyped-def]
    [message_id] = _queue(db, 1)
    now = utcnow()
    claim_batch(db.session, worker_id="w2", now=now, limit=1, claim_seconds=CLAIM)

    with renewing_claim(db.engine, message_id, "w1", timedelta(seconds=0.3)) as renewal:
        time.sleep(0.5)

    assert (renewal.renewals, renewal.lost) == (0, True)
    row = reloaded(message_id)
    assert (row.claimed_by, row.claimed_until) == ("w2", now + timedelta(seconds=CLAIM))


def test_the_renewal_stops_even_when_the_delivery_raises(db) -> None:  # type: ignore[no-untyped-def]
    [message_id] = _queue(db, 1)
    claim_batch(db.session, worker_id="w1", now=utcnow(), limit=1, claim_seconds=CLAIM)
    before = {thread.name for thread in threading.enumerate()}

    try:
        with renewing_claim(db.engine, message_id, "w1", timedelta(seconds=CLAIM)):
            raise RuntimeError("the handler crashed")
    except RuntimeError:
        pass

    assert f"outbox-claim-{message_id}" not in {t.name for t in threading.enumerate()} - before
