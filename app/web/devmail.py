"""The development mailbox: with no MAIL_SERVER, emails are kept in the outbox and read
here, so a newcomer can follow an invitation link without an SMTP server.

Only when DEV_MAIL is on and never in production (it shows candidates' personal links);
otherwise every page here is a 404. Bodies are stored encrypted and opened here; a row
whose body was dropped (it went out over SMTP) shows its record only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from flask import Blueprint, Response, abort, current_app, render_template
from sqlalchemy import select

from app.extensions import db
from app.models import OutboxMessage
from app.models.outbox import BodyDropped
from app.services.mail import EMAIL_KIND, dev_mail_enabled

bp = Blueprint("devmail", __name__, url_prefix="/dev/mail")

PAGE_SIZE = 200
# The framed email may use its own <style> block and data: images, nothing else: no
# scripts, no requests out, and only this site may frame it.
EMAIL_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'self'"
LINK = re.compile(r"https?://[^\s<>\"')]+")


@bp.before_request
def only_in_development() -> None:
    if not dev_mail_enabled(current_app.config):
        abort(404)


@dataclass(frozen=True)
class KeptEmail:
    """An email row with its body opened; ``payload`` is empty and ``unreadable`` says why
    when the body is gone or cannot be decrypted."""

    message: OutboxMessage
    payload: dict[str, Any]
    unreadable: str | None = None


def opened(message: OutboxMessage) -> KeptEmail:
    try:
        return KeptEmail(message, message.open_payload())
    except (BodyDropped, ValueError) as error:
        return KeptEmail(message, {}, str(error))


@bp.get("")
def index() -> str:
    messages = db.session.scalars(
        select(OutboxMessage).where(OutboxMessage.kind == EMAIL_KIND)
        .order_by(OutboxMessage.created_at.desc(), OutboxMessage.id.desc()).limit(PAGE_SIZE)
    ).all()
    return render_template("dev/mailbox.html", emails=[opened(m) for m in messages],
                           page_size=PAGE_SIZE)


@bp.get("/<rowid:message_id>")
def show(message_id: int) -> str:
    email = _email(message_id)
    links = list(dict.fromkeys(LINK.findall(email.payload.get("text") or "")))
    return render_template("dev/message.html", message=email.message, payload=email.payload,
                           unreadable=email.unreadable, links=links)


@bp.get("/<rowid:message_id>/html")
def html(message_id: int) -> Response:
    response = Response(_email(message_id).payload.get("html") or "", mimetype="text/html")
    response.headers["Content-Security-Policy"] = EMAIL_CSP
    response.headers["X-Frame-Options"] = "SAMEORIGIN"
    return response


def _email(message_id: int) -> KeptEmail:
    message = db.session.get(OutboxMessage, message_id)
    if message is None or message.kind != EMAIL_KIND:
        abort(404)
    return opened(message)
