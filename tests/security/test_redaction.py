"""redact(): no candidate link, results signature or API key survives into a log line."""

from __future__ import annotations

import logging
from datetime import timedelta
from types import SimpleNamespace

import pytest

from app.security.redaction import REDACTED, RedactingFilter, redact
from app.web.access_log import RedactingAccessLogger

TOKEN = "Qm9vX3Rva2VuX3RoYXRfaXNfNDNfY2hhcmFjdGVyc19s"
KEY = "asy_gh_abcdefghijkl_" + "x" * 43
SIG = "0123456789abcdef0123456789abcdef"


@pytest.mark.parametrize("line", [
    f"GET /t/{TOKEN} HTTP/1.1",
    f"POST /t/{TOKEN}/start HTTP/1.1",
    f"GET /results/inv_123?sig={SIG} HTTP/1.1",
    f"GET /results/inv_123?lang=uk&sig={SIG}&x=1 HTTP/1.1",
    f"calling with key {KEY} now",
    f"Authorization: Basic {KEY}",
    f"https://assay.example/t/{TOKEN}",
    f"GET /api/v1/x?access_token={TOKEN} HTTP/1.1",
])
def test_it_takes_the_secret_out(line: str) -> None:
    redacted = redact(line)
    assert TOKEN not in redacted and KEY not in redacted and SIG not in redacted
    assert REDACTED in redacted


def test_it_keeps_what_is_not_secret() -> None:
    line = "GET /take/att_1234/0/1?notice=time_up HTTP/1.1"
    assert redact(line) == line
    assert redact("/results/inv_123?lang=uk") == "/results/inv_123?lang=uk"


def test_the_filter_redacts_the_formatted_message_and_the_exception() -> None:
    try:
        raise ValueError(f"bad link /t/{TOKEN}")
    except ValueError:
        record = logging.LogRecord("app", logging.ERROR, __file__, 1, "on %s %s",
                                   ("POST", f"/t/{TOKEN}/start"), exc_info=True)
        import sys
        record.exc_info = sys.exc_info()
    assert RedactingFilter().filter(record)
    output = logging.Formatter().format(record)
    assert TOKEN not in output
    assert output.startswith(f"on POST /t/{REDACTED}/start")


def test_gunicorns_access_atoms_leave_out_the_user_and_redact_the_request() -> None:
    logger = RedactingAccessLogger.__new__(RedactingAccessLogger)
    environ = {"REQUEST_METHOD": "GET", "RAW_URI": f"/results/x?sig={SIG}",
               "SERVER_PROTOCOL": "HTTP/1.1", "PATH_INFO": f"/t/{TOKEN}",
               "QUERY_STRING": f"sig={SIG}", "HTTP_REFERER": f"https://a.example/t/{TOKEN}",
               "HTTP_AUTHORIZATION": "Basic YXN5X2doXzpzZWNyZXQ=", "REMOTE_ADDR": "10.0.0.1"}
    response = SimpleNamespace(status="200 OK", headers=[], sent=10)
    request = SimpleNamespace(headers=[("AUTHORIZATION", "Basic YXN5X2doXzpzZWNyZXQ="),
                                       ("REFERER", f"https://a.example/t/{TOKEN}")])
    logger._get_user = lambda environ: KEY  # type: ignore[method-assign]
    atoms = logger.atoms(response, request, environ, timedelta(milliseconds=5))
    assert atoms["u"] == "-"
    assert atoms["{authorization}i"] == "-"
    text = " ".join(str(value) for value in atoms.values())
    assert TOKEN not in text and SIG not in text and KEY not in text
    assert "YXN5X2doXzpzZWNyZXQ=" not in text
