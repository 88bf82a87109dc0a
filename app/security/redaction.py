"""Secrets out of every log line: candidate links, results signatures, API keys.

Logs are kept for weeks and read by more people than the database, so nothing that opens
a test, a results page or the API may appear in them. :func:`redact` rewrites a line;
:class:`RedactingFilter` applies it to every record a logging handler writes (the web
app's, the worker's and gunicorn's own, see ``gunicorn.conf.py``), and
:class:`app.web.access_log.RedactingAccessLogger` to gunicorn's access log atoms.
"""

from __future__ import annotations

import logging
import re

from flask.logging import default_handler

REDACTED = "[redacted]"

_RULES: tuple[tuple[re.Pattern[str], str], ...] = (
    # The emailed candidate link: /t/<token> (and /t/<token>/start).
    (re.compile(r"(/t/)[^/?#\s\"']+"), rf"\g<1>{REDACTED}"),
    # Secrets in query strings: the results link's signature, tokens, keys, passwords.
    (re.compile(r"((?<![\w-])(?:sig|token|access_token|refresh_token|key|api_key|client_secret|"
                r"secret|password|code)=)[^&;#\s\"']*", re.IGNORECASE), rf"\g<1>{REDACTED}"),
    # Our prefixed keys wherever they appear (asy_gh_..., asy_api_...).
    (re.compile(r"\basy_[a-z]+_[A-Za-z0-9_\-]{8,}"), REDACTED),
    # Credentials in a header that found its way into a message.
    (re.compile(r"((?:authorization|cookie|x-api-key)\s*[:=]\s*)[^\r\n]+", re.IGNORECASE),
     rf"\g<1>{REDACTED}"),
)


def redact(text: str) -> str:
    """``text`` with every secret-looking part replaced by ``[redacted]``."""
    for pattern, replacement in _RULES:
        text = pattern.sub(replacement, text)
    return text


class RedactingFilter(logging.Filter):
    """A handler filter: the record's message is formatted and redacted (its arguments are
    dropped, so no formatter can put the secret back), and so is a logged exception."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except (TypeError, ValueError):  # a bad format string: keep the line, unformatted
            message = str(record.msg)
        record.msg = redact(message)
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        return True


def redact_default_handlers() -> None:
    """Filter the handlers a process gets without gunicorn or the worker: Flask's own
    (``flask.logging.default_handler``, which ``app.*`` loggers reach) and the development
    server's request log (the ``werkzeug`` logger). Idempotent."""
    werkzeug = logging.getLogger("werkzeug")
    for target in (default_handler, werkzeug):
        if not any(isinstance(existing, RedactingFilter) for existing in target.filters):
            target.addFilter(RedactingFilter())
