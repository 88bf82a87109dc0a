"""``assay worker`` and ``assay outbox list|retry``."""

from __future__ import annotations

import json
import logging
from datetime import datetime, timedelta
from typing import Any

import click
from flask import current_app
from flask.cli import AppGroup, with_appcontext
from sqlalchemy import select

from app.extensions import db
from app.jobs.worker import run_all_once, run_forever
from app.models import OutboxMessage, utcnow
from app.models.outbox import STATUSES, BodyDropped
from app.security.redaction import RedactingFilter
from app.services.outbox import NotFailed, retry_message

ERROR_WIDTH = 60
RECIPIENT_WIDTH = 40


@click.command("worker")
@click.option("--once", is_flag=True, help="Run every job once, then exit.")
@with_appcontext
def worker_command(once: bool) -> None:
    """Run the background jobs (outbox delivery, ...) until stopped with Ctrl-C or SIGTERM.

    Run it as its own process, next to the web server; several may run at once.
    """
    _log_to_stderr()
    # The app itself, not the proxy, for the scheduler's threads (Flask's documented way).
    app = current_app._get_current_object()  # type: ignore[attr-defined]  # typed as Flask
    if once:
        for name, did_work in run_all_once(app).items():
            click.echo(f"{name}: {'did work' if did_work else 'nothing to do'}")
        return
    run_forever(app)


outbox = AppGroup("outbox", help="Emails and callbacks waiting to go out, sent, or failed.")


@outbox.command("list")
@click.option("--status", type=click.Choice(STATUSES), help="Only rows with this status.")
@click.option("--limit", type=click.IntRange(min=1), default=50, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="One JSON array, for scripts.")
def list_command(status: str | None, limit: int, as_json: bool) -> None:
    """The newest outbox rows: what they are, who they go to, how delivery went. Never
    their bodies (those hold candidates' links)."""
    query = select(OutboxMessage).order_by(OutboxMessage.id.desc()).limit(limit)
    if status:
        query = query.where(OutboxMessage.status == status)
    rows = [_row(message) for message in db.session.scalars(query)]
    if as_json:
        click.echo(json.dumps(rows, indent=2, ensure_ascii=False))
    elif not rows:
        click.echo("No outbox rows" + (f" with status {status}." if status else "."))
    else:
        click.echo(_table(rows))


@outbox.command("retry")
@click.argument("message_id", type=int)
def retry_command(message_id: int) -> None:
    """Put a failed row back in the queue, due now (after fixing the cause, e.g. SMTP
    settings). It gets a fresh give-up time. Possible while the row keeps its body:
    OUTBOX_KEEP_FAILED_DAYS after it failed."""
    message = db.session.get(OutboxMessage, message_id)
    if message is None:
        raise click.ClickException(f"no outbox row {message_id}")
    try:
        retry_message(message, now=utcnow(), give_up_after=timedelta(
            hours=current_app.config["OUTBOX_GIVE_UP_HOURS"]))
    except NotFailed as refused:
        raise click.ClickException(f"outbox row {message_id} is {refused.status}; only "
                                   "failed rows can be retried") from None
    except BodyDropped as gone:
        raise click.ClickException(
            f"outbox row {message_id} ({message.kind} to {_recipient(message)}) cannot be "
            f"retried: {gone}. There is nothing left to send; have it sent again from its "
            "source (e.g. invite the candidate again).") from None
    db.session.commit()
    click.echo(f"Outbox row {message_id} ({message.kind} to {_recipient(message)}) "
               "is pending again; the worker will try it within seconds.")


def _row(message: OutboxMessage) -> dict[str, Any]:
    return {
        "id": message.id,
        "kind": message.kind,
        "status": message.status,
        "tries": message.attempt_count,
        "next_attempt_at": _iso(message.next_attempt_at) if message.status == "pending" else None,
        "sent_at": _iso(message.sent_at),
        "transport": message.transport,
        "recipient": message.recipient,
        "last_error": message.last_error,
        "created_at": _iso(message.created_at),
        "body_kept": message.has_body,  # False: delivered, or failed too long ago to retry
    }


def _recipient(message: OutboxMessage) -> str:
    return message.recipient or "?"


def _iso(value: datetime | None) -> str | None:
    return value.isoformat(timespec="seconds") if value else None


def _table(rows: list[dict[str, Any]]) -> str:
    header = ("ID", "KIND", "STATUS", "TRIES", "NEXT TRY / SENT AT", "TO / HOST", "LAST ERROR")
    lines = [header]
    for row in rows:
        when = row["next_attempt_at"] or row["sent_at"] or ""
        lines.append((
            str(row["id"]), row["kind"], row["status"], str(row["tries"]),
            when.replace("T", " ").replace("+00:00", " UTC"),
            _cut(row["recipient"] or "?", RECIPIENT_WIDTH),
            _cut(" ".join((row["last_error"] or "").split()), ERROR_WIDTH),
        ))
    widths = [max(len(line[column]) for line in lines) for column in range(len(header))]
    return "\n".join(
        "  ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True)).rstrip()
        for line in lines
    )


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _log_to_stderr() -> None:
    logging.basicConfig(level=logging.INFO,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    for handler in logging.getLogger().handlers:  # no secret in any line the worker writes
        handler.addFilter(RedactingFilter())
    logging.getLogger("app").setLevel(logging.INFO)
    # APScheduler logs every run of every job at INFO: too chatty at one job per 5 s.
    logging.getLogger("apscheduler").setLevel(logging.WARNING)


COMMANDS = [worker_command, outbox]
