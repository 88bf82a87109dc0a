"""How each kind of outbox row is delivered: ``HANDLERS[kind](payload) -> transport``.

A handler returns the transport it used ("smtp", "devmail", "http") when the message is
delivered, and raises :class:`DeliveryError` when it is not (``retryable`` says whether a
later try may work). Handlers run in the worker with an app context and no request. The
worker adds the row's id to the payload it hands over, under ``OUTBOX_ID``.
"""

from __future__ import annotations

import smtplib
from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import urlsplit

from flask import current_app
from flask_mail import BadHeaderError, Connection, Message

from app.extensions import mail
from app.jobs.errors import DeliveryError
from app.jobs.greenhouse_patch import patch_greenhouse
from app.jobs.webhook_delivery import deliver_webhook
from app.security.tokens import digest
from app.services.mail import dev_mail_enabled

__all__ = ["HANDLERS", "OUTBOX_ID", "DeliveryError", "Handler", "message_id_header",
           "send_email"]

Handler = Callable[[dict[str, Any]], str]

OUTBOX_ID = "outbox_id"  # the payload key under which the worker passes the row's id


def send_email(payload: dict[str, Any]) -> str:
    """Send an ``email`` row (see app.services.mail.queue_email for the payload).

    With MAIL_SERVER set, over SMTP. Without it and with DEV_MAIL on, the message is kept
    for the development mailbox (/dev/mail). Neither: a permanent error saying what to set.
    """
    config = current_app.config
    if config["MAIL_SERVER"]:
        _send_smtp(_message(payload))
        return "smtp"
    if dev_mail_enabled(config):
        return "devmail"
    raise DeliveryError(
        "no mail server configured: set ASSAY_MAIL_SERVER (or ASSAY_DEV_MAIL=true outside "
        "production to keep mail for the development mailbox)",
        retryable=False,
    )


def message_id_header(outbox_id: int) -> str:
    """The Message-ID of outbox row ``outbox_id``'s email: the same on every try, so a
    receiver can drop a copy if one is ever sent twice, and not guessable from the id
    alone (an HMAC under a key derived from SECRET_KEY)."""
    host = urlsplit(current_app.config["BASE_URL"]).hostname or "assay.localhost"
    return f"<outbox-{outbox_id}.{digest(f'outbox message-id {outbox_id}')[:20]}@{host}>"


def _message(payload: dict[str, Any]) -> Message:
    message = Message(
        subject=payload["subject"],
        recipients=[payload["to"]],
        body=payload["text"],
        html=payload["html"],
        reply_to=payload.get("reply_to"),
        sender=current_app.config["MAIL_DEFAULT_SENDER"],
        extra_headers={
            "Content-Language": payload.get("language") or "en",
            # RFC 3834: vacation responders should not answer a machine.
            "Auto-Submitted": "auto-generated",
        },
    )
    if payload.get(OUTBOX_ID) is not None:
        message.msgId = message_id_header(int(payload[OUTBOX_ID]))
    return message


def _send_smtp(message: Message) -> None:
    """Send through Flask-Mail's connection, opened here with a timeout. Flask-Mail's own
    ``mail.send`` is not used: it has no timeout, and it silently sends nothing whenever
    TESTING is on, whereas a configured MAIL_SERVER here always means "send"."""
    config = current_app.config
    connection: Connection = mail.connect()
    try:
        connection.host = _open_smtp(config)
        connection.send(message)
    except smtplib.SMTPRecipientsRefused as error:
        codes = [code for code, _ in error.recipients.values()]
        replies = "; ".join(f"{address}: {code} {_text(reply)}"
                            for address, (code, reply) in error.recipients.items())
        raise DeliveryError(f"recipient refused: {replies}",
                            retryable=any(code < 500 for code in codes)) from None
    except (smtplib.SMTPConnectError, smtplib.SMTPHeloError, smtplib.SMTPAuthenticationError,
            smtplib.SMTPSenderRefused) as error:
        # The server refused us (greeting, login, our sender address), not this message:
        # retry until the server or an operator's settings fix it, or we give up.
        raise DeliveryError(
            f"SMTP server refused us: {error.smtp_code} {_text(error.smtp_error)} "
            "(check the ASSAY_MAIL_* settings)") from None
    except smtplib.SMTPResponseException as error:
        raise DeliveryError(f"SMTP {error.smtp_code} {_text(error.smtp_error)}",
                            retryable=error.smtp_code < 500) from None
    except BadHeaderError:
        raise DeliveryError("a header contains a line break", retryable=False) from None
    except (smtplib.SMTPException, OSError) as error:
        server = f"{config['MAIL_SERVER']}:{config['MAIL_PORT']}"
        raise DeliveryError(f"cannot reach SMTP server {server}: "
                            f"{type(error).__name__}: {error}") from None
    finally:
        _close(connection.host)


def _open_smtp(config: Mapping[str, Any]) -> smtplib.SMTP:
    """Flask-Mail's ``configure_host`` with a timeout, from the current settings.

    MAIL_TIMEOUT_SECONDS bounds each read (Flask-Mail's own sockets have none), and is at
    most a third of OUTBOX_CLAIM_SECONDS (app.config checks); a whole conversation may
    still take longer, which the worker's claim renewal covers."""
    server, port = config["MAIL_SERVER"], config["MAIL_PORT"]
    timeout = config["MAIL_TIMEOUT_SECONDS"]
    host: smtplib.SMTP
    if config["MAIL_USE_SSL"]:
        host = smtplib.SMTP_SSL(server, port, timeout=timeout)
    else:
        host = smtplib.SMTP(server, port, timeout=timeout)
    try:
        if config["MAIL_USE_TLS"]:
            host.starttls()
        if config["MAIL_USERNAME"] and config["MAIL_PASSWORD"]:
            host.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
    except BaseException:
        _close(host)
        raise
    return host


def _close(host: smtplib.SMTP | None) -> None:
    if host is None:
        return
    try:
        host.quit()
    except (smtplib.SMTPException, OSError):
        host.close()  # the server hung up first; nothing left to say to it


def _text(reply: bytes | str) -> str:
    return reply.decode("utf-8", "replace") if isinstance(reply, bytes) else str(reply)


HANDLERS: dict[str, Handler] = {
    "email": send_email,
    "greenhouse_patch": patch_greenhouse,
    "webhook": deliver_webhook,
}
