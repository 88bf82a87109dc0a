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
from app.models import OutboxMessage, utcnow
from app.models.outbox import STATUSES

ERROR_WIDTH = 60
TARGET_WIDTH = 40


@click.command("worker")
@click.option("--once", is_flag=True, help="Run every job once, then exit.")
@with_appcontext
def worker_command(once: bool) -> None:
    """Run the background jobs (outbox delivery, ...) until stopped with Ctrl-C or SIGTERM.

    Run it as its own process, next to the web server; several may run at once.
    """
    from app.jobs.worker import run_all_once, run_forever

    _log_to_stderr()
    app = current_app._get_current_object()  # type: ignore[attr-defined]
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
    """The newest outbox rows: what they are, where they go, how delivery went."""
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
    settings). It gets a fresh give-up time."""
    message = db.session.get(OutboxMessage, message_id)
    if message is None:
        raise click.ClickException(f"no outbox row {message_id}")
    if message.status != "failed":
        raise click.ClickException(
            f"outbox row {message_id} is {message.status}; only failed rows can be retried")
    now = utcnow()
    message.requeue(now, now + timedelta(hours=current_app.config["OUTBOX_GIVE_UP_HOURS"]))
    db.session.commit()
    click.echo(f"Outbox row {message_id} ({message.kind} to {_target(message)}) "
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
        "target": _target(message),
        "last_error": message.last_error,
        "created_at": _iso(message.created_at),
    }


def _target(message: OutboxMessage) -> str:
    payload = message.payload or {}
    return str(payload.get("to") or payload.get("url") or "?")


def _iso(value: datetime | None) -> str | None:
    return value.isoformat(timespec="seconds") if value else None


def _table(rows: list[dict[str, Any]]) -> str:
    header = ("ID", "KIND", "STATUS", "TRIES", "NEXT TRY / SENT AT", "TO / URL", "LAST ERROR")
    lines = [header]
    for row in rows:
        when = row["next_attempt_at"] or row["sent_at"] or ""
        lines.append((
            str(row["id"]), row["kind"], row["status"], str(row["tries"]),
            when.replace("T", " ").replace("+00:00", " UTC"),
            _cut(row["target"], TARGET_WIDTH),
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
    logging.getLogger("app").setLevel(logging.INFO)
    # APScheduler logs every run of every job at INFO: too chatty at one job per 5 s.
    logging.getLogger("apscheduler").setLevel(logging.WARNING)


COMMANDS = [worker_command, outbox]
