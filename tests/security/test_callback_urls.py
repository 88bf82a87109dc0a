"""The callback URL guard at send_test: every trick for pointing the Greenhouse PATCH (and
so the organization's key) at another host is refused through the real endpoint;
Greenhouse's own URLs still pass; and whatever the guard passes, urllib3 (which makes the
connection) reads as the very host and port the guard approved."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
import requests
from flask.testing import FlaskClient
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import select
from urllib3.util import parse_url

from app.extensions import db
from app.models import Invitation, Test
from app.security.callbacks import DEFAULT_PORTS, CallbackPolicy, CallbackUrlError
from tests.fixtures.factories import make_test
from tests.greenhouse.conftest import basic, quiz_definition, send_test_body

GREENHOUSE = CallbackPolicy(allowed_hosts=("app.greenhouse.io", "*.greenhouse.io"))
# As `assay demo` sets it up: local addresses listed, plain http, any port.
LOCAL = CallbackPolicy(allowed_hosts=("app.greenhouse.io", "*.greenhouse.io", "127.0.0.1",
                                      "::1", "localhost", "xn--bcher-kva.example"),
                       allow_http=True, any_port=True)

HOSTILE = [
    # The reported bypass: urlsplit saw *.greenhouse.io, requests connected to 127.0.0.1.
    "https://127.0.0.1\\.greenhouse.io/steal",
    "https://evil.com\\@app.greenhouse.io/",
    "https:/\\evil.com/.greenhouse.io/",
    # Characters that end or hide the host for one parser and not another.
    "https://evil.com%2f.greenhouse.io/",
    "https://evil.com%2e.greenhouse.io/",
    "https://app%2egreenhouse.io/",
    "https://evil.com;.greenhouse.io/",
    "https://evil.com&.greenhouse.io/",
    "https://evil.com#.greenhouse.io/",
    "https://evil.com?.greenhouse.io/",
    "https://app.greenhouse.io#@evil.com/",
    "https://app.greenhouse.io@evil.com/take_home_tests/1",
    "https://user:pw@app.greenhouse.io/take_home_tests/1",
    "https://:@app.greenhouse.io/",
    # Ports other than 443 on an allowed host.
    "https://app.greenhouse.io:8443/x",
    "https://app.greenhouse.io:80/x",
    "https://app.greenhouse.io:0443/x",
    "https://app.greenhouse.io:/x",
    "https://app.greenhouse.io:99999/x",
    # IPv4 in every spelling the resolver accepts, and IPv6.
    "https://127.0.0.1/x",
    "https://2130706433/x",
    "https://0x7f.0.0.1/x",
    "https://0x7f000001/x",
    "https://0177.0.0.1/x",
    "https://127.1/x",
    "https://169.254.169.254/latest/meta-data",
    "https://[::1]/x",
    "https://[::ffff:127.0.0.1]/x",
    "https://[0:0:0:0:0:0:0:1]/x",
    "https://[::1%25lo]/x",
    # Look-alikes: Cyrillic letters for "io" and "a", and punycode labels under *.greenhouse.io.
    "https://app.greenhouse.\u0456\u043e/x",
    "https://\u0430pp.greenhouse.io/x",
    "https://xn--pp-8cd.greenhouse.io/x",
    "https://app.greenhouse.xn--n1ab/x",
    # Names that merely contain or resemble an allowed one.
    "https://greenhouse.io.evil.com/x",
    "https://evilgreenhouse.io/x",
    "https://greenhouse.io/x",
    "https://app.greenhouse.io./x",
    "https://app.greenhouse.io../x",
    "https://app..greenhouse.io/x",
    "https://.greenhouse.io/x",
    "https://-app.greenhouse.io/x",
    "https://" + "a" * 64 + ".greenhouse.io/x",
    "https://localhost/x",
    # Schemes.
    "HTTPS://app.greenhouse.io/x",
    "Https://app.greenhouse.io/x",
    "http://app.greenhouse.io/x",
    "//app.greenhouse.io/x",
    "https:app.greenhouse.io/x",
    "ftp://app.greenhouse.io/x",
    "javascript:alert(1)",
    # Whitespace, control and invisible characters, and length.
    "https://app.greenhouse.io\t.evil.com/x",
    "https://evil.com\n.greenhouse.io/x",
    "https://app.greenhouse.io\x00.evil.com/x",
    "https://app.greenhouse.io\u200b.evil.com/x",
    "https://app.greenhouse.io/a b",
    "https://app.greenhouse.io/" + "x" * 2100,
]

GOOD = [
    "https://app.greenhouse.io/integrations/testing_partners/take_home_tests/12345",
    "https://app.eu.greenhouse.io/integrations/testing_partners/take_home_tests/9",
    "https://APP.Greenhouse.io/x",
    "https://app.greenhouse.io:443/x",
    "https://app.greenhouse.io/x?token=a%2Fb&id=1",
    "https://a-b.us-east-1.greenhouse.io/x",
]


@pytest.fixture
def quiz(app: Any) -> Test:
    return make_test(quiz_definition())


@pytest.fixture
def send_test(client: FlaskClient, greenhouse_key: Any, quiz: Test) -> Callable[[str], Any]:
    def call(url: str) -> Any:
        return client.post("/api/greenhouse/send_test", json=send_test_body(url=url),
                           headers=basic(greenhouse_key.value))
    return call


def _invitations() -> list[Invitation]:
    db.session.expire_all()
    return list(db.session.scalars(select(Invitation)))


def test_the_table_of_hostile_urls_is_long_enough() -> None:
    assert len(HOSTILE) >= 30


@pytest.mark.parametrize("url", HOSTILE)
def test_it_refuses_each_hostile_url_at_send_test(send_test, url: str) -> None:  # type: ignore[no-untyped-def]
    response = send_test(url)

    assert response.status_code == 400, response.get_data(as_text=True)
    [problem] = response.get_json()["problems"]
    assert problem.startswith("url: ")
    assert _invitations() == []


@pytest.mark.parametrize("url", GOOD)
def test_it_still_accepts_greenhouse_urls(send_test, url: str) -> None:  # type: ignore[no-untyped-def]
    assert send_test(url).status_code == 200
    assert [invitation.callback_url for invitation in _invitations()] == [url]


def test_it_explains_the_reported_bypass_in_a_sentence() -> None:
    assert GREENHOUSE.problem("https://127.0.0.1\\.greenhouse.io/steal") == (
        "The callback URL must not contain a backslash.")


@pytest.mark.parametrize(("url", "problem"), [
    ("https://app.greenhouse.io:8443/x", "port 8443 is not allowed (only 443 for https)"),
    ("https://2130706433/x", "reads as an IP address"),
    ("https://[::1]/x", "host [::1] is not allowed"),
    ("https://app.greenhouse.\u0456\u043e/x", "internationalized names are refused"),
    ("https://xn--pp-8cd.greenhouse.io/x", "host xn--pp-8cd.greenhouse.io is not allowed"),
    ("https://app.greenhouse.io./x", "must not end with a dot"),
    ("https://app..greenhouse.io/x", "is not a valid host name"),
    ("https://evil.com%2f.greenhouse.io/", "must not be percent-encoded"),
    ("https://evil.com;.greenhouse.io/", "only letters, digits, dots and hyphens"),
])
def test_each_refusal_says_what_is_wrong(url: str, problem: str) -> None:
    assert problem in (GREENHOUSE.problem(url) or "")


@pytest.mark.parametrize("url", [
    "http://127.0.0.1:8000/cb", "http://[::1]:8000/cb", "http://localhost:1/cb",
    "https://xn--bcher-kva.example/cb",
])
def test_listed_addresses_and_names_pass_in_their_standard_form(url: str) -> None:
    assert LOCAL.problem(url) is None


@pytest.mark.parametrize("url", [
    "http://2130706433:8000/", "http://127.1:8000/", "http://0x7f.0.0.1/",
    "http://127.000.0.1/", "http://[0:0:0:0:0:0:0:1]/", "http://[::ffff:127.0.0.1]/",
    "http://[127.0.0.1]/", "http://10.0.0.1/", "http://[::2]/",
    "https://xn--bcher-kva.greenhouse.io/cb",  # punycode only when listed exactly
])
def test_other_spellings_of_a_listed_address_are_refused(url: str) -> None:
    assert LOCAL.problem(url) is not None


def test_a_port_passes_when_listed() -> None:
    policy = CallbackPolicy(allowed_hosts=("app.greenhouse.io",), allowed_ports=frozenset({8443}))

    assert policy.problem("https://app.greenhouse.io:8443/x") is None
    assert policy.problem("https://app.greenhouse.io:8444/x") is not None


def test_it_approves_the_host_and_port_urllib3_will_connect_to() -> None:
    target = GREENHOUSE.target("https://APP.Greenhouse.io/x")

    assert (target.scheme, target.host, target.port) == ("https", "app.greenhouse.io", 443)
    with pytest.raises(CallbackUrlError, match="backslash"):
        GREENHOUSE.target("https://127.0.0.1\\.greenhouse.io/steal")


# --- whatever passes, urllib3 and requests read the same way ------------------------------

_HOSTS = ["app.greenhouse.io", "a.b.greenhouse.io", "APP.Greenhouse.IO", "greenhouse.io",
          "127.0.0.1", "[::1]", "localhost", "xn--bcher-kva.example", "2130706433"]
_JUNK = [".", "..", "-", "a", "0", "0x7f", ":", "::", "[", "]", "@", "%", "%2f",
         "%2e", "\\", ";", "&", "#", "?", "/", "*", "\u0456", "\t", " ", "\x00", "evil.com",
         ".greenhouse.io", "\\.greenhouse.io"]
# Mostly nothing around the host and a default port, so that a good share of the URLs
# pass and the property is exercised on them; the rest probe the edges.
_junk = st.sampled_from([""] * len(_JUNK) + _JUNK)
_authorities = st.builds(
    lambda before, host, after, port: before + host + after + port,
    _junk, st.sampled_from(_HOSTS), _junk,
    st.sampled_from([""] * 6 + [":443", ":80", ":8000", ":8443", ":", ":0", ":0443", ":65536"]))
_structured = st.builds(
    lambda scheme, authority, rest: scheme + authority + rest,
    st.sampled_from(["https://"] * 3 + ["http://"] * 2 + ["HTTPS://", "//", "https:/"]),
    _authorities,
    st.one_of(st.just("/x"), st.text(alphabet="/?=&%2fab@:.#\\", max_size=12)))
_near_valid = st.builds(
    lambda scheme, host, port, rest: scheme + host + port + rest,
    st.sampled_from(["https://", "http://"]), st.sampled_from(_HOSTS),
    st.sampled_from(["", ":443", ":80", ":8000"]),
    st.text(alphabet="/?=&%2fAb@:.;~", max_size=16).map(lambda rest: "/" + rest))
_urls = st.one_of(_near_valid, _structured, st.text(max_size=40))


@settings(max_examples=600, deadline=None)
@given(url=_urls, policy=st.sampled_from([GREENHOUSE, LOCAL]))
def test_whatever_the_guard_passes_urllib3_reads_as_the_same_host_and_port(
        url: str, policy: CallbackPolicy) -> None:
    try:
        target = policy.target(url)
    except CallbackUrlError:
        return
    parsed = parse_url(url)
    assert parsed.auth is None
    assert (parsed.scheme, parsed.host, parsed.port or DEFAULT_PORTS[target.scheme]) == (
        target.scheme, target.host, target.port)
    # requests rebuilds the URL before handing it to urllib3's pool: the same again.
    sent = parse_url(requests.Request("PATCH", url).prepare().url or "")
    assert (sent.host, sent.port or DEFAULT_PORTS[target.scheme]) == (target.host, target.port)


@pytest.mark.parametrize(("url", "host", "port"), [
    ("https://app.greenhouse.io/x", "app.greenhouse.io", 443),
    ("https://APP.eu.Greenhouse.IO:443/x?y#", None, None),  # a fragment: refused
    ("http://[::1]:8000/cb", "[::1]", 8000),
    ("http://127.0.0.1:8000?x=1", "127.0.0.1", 8000),
    ("https://xn--bcher-kva.example", "xn--bcher-kva.example", 443),
])
def test_the_property_holds_for_hand_picked_urls(url: str, host: str | None,
                                                 port: int | None) -> None:
    if host is None:
        assert LOCAL.problem(url) is not None
        return
    target = LOCAL.target(url)
    parsed = parse_url(url)
    assert (target.host, target.port) == (host, port) == (
        parsed.host, parsed.port or DEFAULT_PORTS[target.scheme])
