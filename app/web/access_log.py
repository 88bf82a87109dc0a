"""gunicorn's logger, with the secrets taken out (``logger_class`` in gunicorn.conf.py).

gunicorn's default access log writes the Basic-auth user name (for Greenhouse, that is
the organization's API key), the whole request line (candidate links, results
signatures) and the Referer (the page the request came from, which holds the same). Here
the user is never given, and the request line, path, query string, Referer and request
headers pass through :func:`app.security.redaction.redact`; every handler gunicorn sets
up also carries the :class:`~app.security.redaction.RedactingFilter`.
"""

from __future__ import annotations

import logging
import sys
from typing import Any

from gunicorn.glogging import Logger

from app.security.redaction import RedactingFilter, redact

# Request headers that are credentials: never logged, whatever the format asks for.
_SECRET_HEADERS = ("{authorization}i", "{cookie}i", "{proxy-authorization}i", "{x-api-key}i")
_REDACTED_ATOMS = ("r", "U", "q", "f", "{referer}i")


class RedactingAccessLogger(Logger):
    def atoms(self, resp: Any, req: Any, environ: dict[str, Any],
              request_time: Any) -> dict[str, Any]:
        atoms: dict[str, Any] = super().atoms(resp, req, environ, request_time)
        atoms["u"] = "-"
        for name in _SECRET_HEADERS:
            if name in atoms:
                atoms[name] = "-"
        for name in _REDACTED_ATOMS:
            value = atoms.get(name)
            if isinstance(value, str):
                atoms[name] = redact(value)
        # Environment atoms hold the raw URI and headers again.
        for name in [key for key in atoms if key.endswith("}e")]:
            atoms[name] = "-"
        return atoms

    def setup(self, cfg: Any) -> None:
        """gunicorn's handlers, and a root handler for the app's own loggers (app.*,
        flask, sqlalchemy) on gunicorn's error stream, all redacting."""
        super().setup(cfg)
        root = logging.getLogger()
        if not root.handlers:
            handler = logging.StreamHandler(sys.stderr)
            handler.setFormatter(logging.Formatter(
                "%(asctime)s [%(process)d] [%(levelname)s] %(name)s: %(message)s",
                self.datefmt))
            root.addHandler(handler)
            root.setLevel(self.loglevel)
        for log in (self.error_log, self.access_log, root):
            for existing in log.handlers:
                _add_filter(existing)


def _add_filter(handler: logging.Handler) -> None:
    if not any(isinstance(existing, RedactingFilter) for existing in handler.filters):
        handler.addFilter(RedactingFilter())
