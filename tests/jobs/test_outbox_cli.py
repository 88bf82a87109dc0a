"""``assay outbox list`` and ``assay outbox retry``: what operators see and can do."""

from __future__ import annotations

import json
from datetime import timedelta

from app.extensions import db
from app.jobs import drop_outbox_bodies
from app.models import OutboxMessage, utcnow
from tests.jobs.builders import queue_callback, queue_team_email, reloaded


def _fail(message_id: int, error: str) -> None:
    message = db.session.get(OutboxMessage, message_id)
    assert message is not None
    message.mark_failed(error)
    db.session.commit()


def test_list_shows_a_readable_table_newest_first(app, runner, organization) -> None:  # type: ignore[no-untyped-def]
    email = queue_team_email("hiring@acme.test")
    callback = queue_callback("https://app.greenhouse.io/cb/1", organization)
    _fail(callback, "HTTP 404 from app.greenhouse.io: " + "not found " * 20)

    result = runner.invoke(args=["outbox", "list"])

    assert result.exit_code == 0, result.output
    header, first, second = result.output.splitlines()
    assert header.split()[:4] == ["ID", "KIND", "STATUS", "TRIES"]
    assert first.split()[:5] == [str(callback), "greenhouse_patch", "failed", "1",
                                 "app.greenhouse.io"]  # the host only: a URL may hold secrets
    assert "HTTP 404 from app.greenhouse.io" in first and first.endswith("…")
    assert second.split()[:4] == [str(email), "email", "pending", "0"]
    assert "hiring@acme.test" in second and "UTC" in second


def test_list_filters_by_status_and_limits(app, runner) -> None:  # type: ignore[no-untyped-def]
    ids = [queue_team_email(f"t{n}@acme.test") for n in range(3)]
    _fail(ids[0], "550")

    failed = runner.invoke(args=["outbox", "list", "--status", "failed"])
    newest = runner.invoke(args=["outbox", "list", "--limit", "1"])

    assert [line.split()[0] for line in failed.output.splitlines()[1:]] == [str(ids[0])]
    assert [line.split()[0] for line in newest.output.splitlines()[1:]] == [str(ids[2])]


def test_list_as_json_for_scripts(app, runner) -> None:  # type: ignore[no-untyped-def]
    message_id = queue_team_email("hiring@acme.test")

    result = runner.invoke(args=["outbox", "list", "--json"])

    [row] = json.loads(result.output)
    assert row["id"] == message_id
    assert (row["kind"], row["status"], row["tries"]) == ("email", "pending", 0)
    assert row["recipient"] == "hiring@acme.test"
    assert row["body_kept"] is True


def test_list_says_when_there_is_nothing(app, runner) -> None:  # type: ignore[no-untyped-def]
    result = runner.invoke(args=["outbox", "list", "--status", "failed"])

    assert result.output.strip() == "No outbox rows with status failed."


def test_retry_puts_a_failed_row_back_due_now(app, runner) -> None:  # type: ignore[no-untyped-def]
    message_id = queue_team_email()
    _fail(message_id, "no mail server configured")
    before = utcnow()

    result = runner.invoke(args=["outbox", "retry", str(message_id)])

    assert result.exit_code == 0, result.output
    assert "pending again" in result.output
    row = reloaded(message_id)
    assert row.status == "pending"
    assert before <= row.next_attempt_at <= utcnow()
    assert row.give_up_at > utcnow()
    assert row.attempt_count == 1  # the history stays


def test_retry_refuses_rows_that_did_not_fail(app, runner) -> None:  # type: ignore[no-untyped-def]
    message_id = queue_team_email()

    pending = runner.invoke(args=["outbox", "retry", str(message_id)])
    unknown = runner.invoke(args=["outbox", "retry", "999999"])

    assert pending.exit_code == 1
    assert "only failed rows can be retried" in pending.output
    assert unknown.exit_code == 1
    assert "no outbox row 999999" in unknown.output


def test_list_never_shows_a_body_or_a_callback_url(app, runner, organization) -> None:  # type: ignore[no-untyped-def]
    queue_team_email("hiring@acme.test")  # its body holds http://assay.test/results/iv_1
    queue_callback("https://app.greenhouse.io/cb/1?token=s3cret", organization)

    table = runner.invoke(args=["outbox", "list"]).output
    as_json = runner.invoke(args=["outbox", "list", "--json"]).output

    for output in (table, as_json):
        assert "hiring@acme.test" in output and "app.greenhouse.io" in output
        assert "results/iv_1" not in output and "Olena" not in output
        assert "s3cret" not in output and "/cb/1" not in output


def test_retry_says_why_a_row_whose_body_was_dropped_cannot_be_retried(app, runner) -> None:  # type: ignore[no-untyped-def]
    message_id = queue_team_email("hiring@acme.test")
    _fail(message_id, "550 no such mailbox")
    later = utcnow() + timedelta(days=app.config["OUTBOX_KEEP_FAILED_DAYS"], minutes=1)
    assert drop_outbox_bodies.run_once(now=later) is True

    result = runner.invoke(args=["outbox", "retry", str(message_id)])
    listed = json.loads(runner.invoke(args=["outbox", "list", "--json"]).output)

    assert result.exit_code == 1
    assert f"outbox row {message_id} (email to hiring@acme.test) cannot be retried" in result.output
    assert "its body was dropped on" in result.output
    assert "OUTBOX_KEEP_FAILED_DAYS after it failed" in result.output
    assert reloaded(message_id).status == "failed"
    assert listed[0]["body_kept"] is False
