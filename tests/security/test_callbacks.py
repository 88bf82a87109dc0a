"""Which callback URLs Assay may call: https, no credentials, an allowed host."""

from __future__ import annotations

import pytest

from app.security.callbacks import callback_url_problem, host_allowed

GREENHOUSE = ["app.greenhouse.io", "*.greenhouse.io"]


@pytest.mark.parametrize("url", [
    "https://app.greenhouse.io/integrations/assessment/take_home_test/123",
    "https://app.eu.greenhouse.io/callback?id=1",
    "https://APP.Greenhouse.IO/callback",
    "https://app.greenhouse.io:443/callback",
])
def test_greenhouse_urls_are_accepted(url: str) -> None:
    assert callback_url_problem(url, GREENHOUSE, allow_http=False) is None


@pytest.mark.parametrize(("url", "problem"), [
    ("", "The callback URL is missing."),
    ("http://app.greenhouse.io/cb", "must start with https://"),
    ("javascript:alert(1)", "must start with https://"),
    ("https:///cb", "has no host name"),
    ("https://user:pw@app.greenhouse.io/cb", "must not contain a user name or password"),
    ("https://greenhouse.io.evil.test/cb", "host greenhouse.io.evil.test is not allowed"),
    ("https://evilgreenhouse.io/cb", "host evilgreenhouse.io is not allowed"),
    ("https://greenhouse.io/cb", "host greenhouse.io is not allowed"),  # *. means a subdomain
    ("https://app.greenhouse.io/a b", "spaces or control characters"),
    ("https://app.greenhouse.io:99999/cb", "not a valid URL"),
    # Stricter since the callback guard: a trailing dot, or a port other than 443.
    ("https://APP.Greenhouse.IO./callback", "must not end with a dot"),
    ("https://app.greenhouse.io:8443/callback", "port 8443 is not allowed"),
    ("https://app.greenhouse.io/" + "x" * 2000, "longer than 2000 characters"),
])
def test_bad_urls_are_refused_with_a_sentence(url: str, problem: str) -> None:
    message = callback_url_problem(url, GREENHOUSE, allow_http=False)

    assert message is not None and problem in message


def test_the_refusal_names_the_allowed_hosts() -> None:
    message = callback_url_problem("https://example.com/cb", GREENHOUSE, allow_http=False)

    assert message == ("The callback URL's host example.com is not allowed "
                       "(allowed: app.greenhouse.io, *.greenhouse.io).")


def test_http_is_accepted_only_when_allowed() -> None:
    assert callback_url_problem("http://127.0.0.1:8000/cb", ["127.0.0.1"], allow_http=True,
                                allowed_ports=[8000]) is None
    assert callback_url_problem("ftp://127.0.0.1/cb", ["127.0.0.1"], allow_http=True) == (
        "The callback URL must start with https:// or http://.")


@pytest.mark.parametrize(("host", "allowed"), [
    ("app.greenhouse.io", True),
    ("a.b.greenhouse.io", True),
    ("greenhouse.io", False),
    ("xgreenhouse.io", False),
    ("localhost", False),
])
def test_wildcards_match_subdomains_only(host: str, allowed: bool) -> None:
    assert host_allowed(host, ["*.greenhouse.io"]) is allowed
