"""Delivery-time address checks: an allowed callback host name that resolves to loopback, a
private network or any other non-public address is never called, and the address that was
checked is the one connected to (no second lookup to rebind), while TLS and the Host header
still use the name.

Only name resolution is faked (DNS is beyond this machine); the servers are real, on
127.0.0.1, so "no request arrives" is observed, not assumed.
"""

from __future__ import annotations

import ipaddress
import socket
import ssl
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
import requests
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from app.jobs import deliver_outbox
from app.security.outbound import UnsafeAddress, address_problem, outbound_session
from tests.jobs.builders import queue_callback, reloaded
from tests.jobs.conftest import CallbackServer

NAME = "callbacks.greenhouse.io"  # an allowed name (*.greenhouse.io) we make resolve locally
REAL_GETADDRINFO = socket.getaddrinfo


@pytest.fixture
def app_config() -> dict[str, Any]:
    # Everything about the URL is allowed (http, any port); only its address is in question.
    return {"CALLBACK_ALLOW_HTTP": True, "CALLBACK_ALLOWED_HOSTS": ["*.greenhouse.io"],
            "CALLBACK_ALLOWED_PORTS": ["*"], "CALLBACK_TIMEOUT_SECONDS": 2}


@dataclass
class FakeDns:
    """Answers for made-up names (name -> addresses; [] = no such name), and the lookups
    of those names in order. Every other lookup (such as the IP literal the connection is
    then made to) goes to the real resolver."""

    answers: dict[str, list[str]] = field(default_factory=dict)
    lookups: list[str] = field(default_factory=list)

    def __setitem__(self, name: str, addresses: list[str]) -> None:
        self.answers[name] = addresses

    def getaddrinfo(self, host: Any, port: Any, *args: Any, **kwargs: Any) -> list[Any]:
        if host not in self.answers:
            return REAL_GETADDRINFO(host, port, *args, **kwargs)
        self.lookups.append(host)
        if not self.answers[host]:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return [(socket.AF_INET6 if ":" in ip else socket.AF_INET, socket.SOCK_STREAM, 6, "",
                 (ip, int(port or 0))) for ip in self.answers[host]]


@pytest.fixture
def dns(monkeypatch: pytest.MonkeyPatch) -> FakeDns:
    fake = FakeDns()
    monkeypatch.setattr(socket, "getaddrinfo", fake.getaddrinfo)
    return fake


def _url(server: CallbackServer) -> str:
    return f"http://{NAME}:{server.port}/callback/1"


def test_it_never_calls_a_name_that_resolves_to_loopback(  # type: ignore[no-untyped-def]
        app, organization, greenhouse_key, callback_server, dns) -> None:
    dns[NAME] = ["127.0.0.1"]
    message_id = queue_callback(_url(callback_server), organization, greenhouse_key.row.id)

    deliver_outbox.run_once()

    assert callback_server.requests == []
    row = reloaded(message_id)
    assert row.status == "failed"  # for good: retrying would not change where the name points
    assert row.last_error == (
        f"not calling back: {NAME} resolves to 127.0.0.1, a loopback address; callbacks only "
        "go to public addresses (see CALLBACK_ALLOWED_NETWORKS).")


def test_one_private_answer_among_public_ones_spoils_the_name(  # type: ignore[no-untyped-def]
        app, organization, greenhouse_key, callback_server, dns) -> None:
    dns[NAME] = ["8.8.8.8", "10.1.2.3"]  # a rebinding server would answer both
    message_id = queue_callback(_url(callback_server), organization, greenhouse_key.row.id)

    deliver_outbox.run_once()

    assert callback_server.requests == []
    assert "resolves to 10.1.2.3, a private address" in (reloaded(message_id).last_error or "")


def test_an_allowed_network_is_called_at_the_address_that_was_checked(  # type: ignore[no-untyped-def]
        app, organization, greenhouse_key, callback_server, dns) -> None:
    app.config["CALLBACK_ALLOWED_NETWORKS"] = ["127.0.0.0/8"]
    dns[NAME] = ["127.0.0.1"]
    message_id = queue_callback(_url(callback_server), organization, greenhouse_key.row.id)

    deliver_outbox.run_once()

    [received] = callback_server.requests
    assert (received.method, received.path) == ("PATCH", "/callback/1")
    assert received.headers["Host"] == f"{NAME}:{callback_server.port}"
    assert dns.lookups == [NAME]  # resolved once: nothing left to rebind
    assert reloaded(message_id).status == "sent"


def test_a_name_that_does_not_resolve_is_retried(  # type: ignore[no-untyped-def]
        app, organization, greenhouse_key, callback_server, dns) -> None:
    dns[NAME] = []
    message_id = queue_callback(_url(callback_server), organization, greenhouse_key.row.id)

    deliver_outbox.run_once()

    row = reloaded(message_id)
    assert row.status == "pending"
    assert row.last_error == f"cannot reach {NAME}:{callback_server.port}: ConnectionError"


def test_a_listed_ip_address_is_still_checked_at_delivery(  # type: ignore[no-untyped-def]
        app, organization, greenhouse_key, callback_server) -> None:
    app.config["CALLBACK_ALLOWED_HOSTS"] = ["127.0.0.1"]  # but not CALLBACK_ALLOWED_NETWORKS
    message_id = queue_callback(callback_server.url(), organization, greenhouse_key.row.id)

    deliver_outbox.run_once()

    assert callback_server.requests == []
    assert "127.0.0.1 is a loopback address" in (reloaded(message_id).last_error or "")


@pytest.mark.parametrize(("address", "kind"), [
    ("127.0.0.1", "loopback"), ("127.255.0.9", "loopback"), ("::1", "loopback"),
    ("10.0.0.1", "private"), ("172.16.5.4", "private"), ("192.168.1.1", "private"),
    ("fc00::1", "private"), ("169.254.169.254", "link-local"), ("fe80::1", "link-local"),
    ("100.64.0.1", "shared (carrier-grade NAT)"), ("0.0.0.0", "unspecified"),
    ("::", "unspecified"), ("224.0.0.1", "multicast"), ("ff02::1", "multicast"),
    ("240.0.0.1", "reserved"), ("255.255.255.255", "reserved"), ("192.0.2.1", "private"),
    ("::ffff:127.0.0.1", "loopback"), ("::ffff:10.0.0.1", "private"),
    ("2002:7f00:1::", "loopback"), ("64:ff9b::a00:1", "private"), ("2001::1", "private"),
    ("8.8.8.8", None), ("1.1.1.1", None), ("2606:4700:4700::1111", None),
    ("::ffff:8.8.8.8", None),
])
def test_it_knows_which_addresses_are_not_public(address: str, kind: str | None) -> None:
    assert address_problem(ipaddress.ip_address(address)) == kind


def test_allowed_networks_let_their_addresses_through_and_no_others() -> None:
    loopback = [ipaddress.ip_network("127.0.0.0/8")]

    assert address_problem(ipaddress.ip_address("127.0.0.1"), loopback) is None
    assert address_problem(ipaddress.ip_address("::ffff:127.0.0.1"), loopback) is None
    assert address_problem(ipaddress.ip_address("10.0.0.1"), loopback) == "private"
    assert address_problem(ipaddress.ip_address("::1"), loopback) == "loopback"


# --- over TLS: the certificate and SNI are checked against the name, not the address -----

@pytest.fixture
def tls_server(tmp_path: Path) -> Iterator[tuple[int, Path, list[str]]]:
    """An HTTPS server on 127.0.0.1 with a certificate for NAME from a throwaway CA:
    (port, the CA's file, the server names clients asked for)."""
    ca_file, context = _certificates(tmp_path, NAME)
    names: list[str] = []

    def remember_name(_socket: Any, name: str | None, _context: Any) -> None:
        names.append(str(name))

    context.sni_callback = remember_name

    class Handler(BaseHTTPRequestHandler):
        def do_PATCH(self) -> None:
            self.send_response(204)
            self.send_header("X-Host-Seen", self.headers.get("Host", ""))
            self.end_headers()

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05},
                              daemon=True)
    thread.start()
    try:
        yield server.server_address[1], ca_file, names
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def test_tls_verifies_the_name_while_connecting_to_the_checked_address(
        tls_server: tuple[int, Path, list[str]], dns: FakeDns) -> None:
    port, ca_file, names = tls_server
    dns[NAME] = ["127.0.0.1"]

    with outbound_session([ipaddress.ip_network("127.0.0.1/32")]) as session:
        response = session.patch(f"https://{NAME}:{port}/cb", verify=str(ca_file), timeout=5)

    assert response.status_code == 204
    assert response.headers["X-Host-Seen"] == f"{NAME}:{port}"
    assert names == [NAME]


def test_tls_refuses_a_certificate_for_another_name(
        tls_server: tuple[int, Path, list[str]], dns: FakeDns) -> None:
    port, ca_file, _names = tls_server
    dns["other.greenhouse.io"] = ["127.0.0.1"]

    with (outbound_session([ipaddress.ip_network("127.0.0.1/32")]) as session,
          pytest.raises(requests.exceptions.SSLError)):
        session.patch(f"https://other.greenhouse.io:{port}/cb", verify=str(ca_file), timeout=5)


def test_the_session_raises_before_connecting_to_a_private_address(
        dns: FakeDns) -> None:
    dns[NAME] = ["192.168.0.10"]

    with outbound_session() as session, pytest.raises(UnsafeAddress, match="private"):
        session.get(f"https://{NAME}/", timeout=1)


def _certificates(folder: Path, name: str) -> tuple[Path, ssl.SSLContext]:
    """A CA's certificate file and a server context with a certificate for ``name``."""
    now = datetime.now(UTC)
    ca_key, key = ec.generate_private_key(ec.SECP256R1()), ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Assay test CA")])

    def certificate(subject: x509.Name, public_key: Any, ca: bool,
                    extend: Callable[[x509.CertificateBuilder], x509.CertificateBuilder]) -> Any:
        builder = (x509.CertificateBuilder().subject_name(subject).issuer_name(ca_name)
                   .public_key(public_key).serial_number(x509.random_serial_number())
                   .not_valid_before(now - timedelta(minutes=5))
                   .not_valid_after(now + timedelta(hours=1))
                   .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
                   .add_extension(x509.SubjectKeyIdentifier.from_public_key(public_key),
                                  critical=False)
                   .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(
                       ca_key.public_key()), critical=False))
        return extend(builder).sign(ca_key, hashes.SHA256())

    ca_cert = certificate(ca_name, ca_key.public_key(), True, lambda b: b.add_extension(
        x509.KeyUsage(digital_signature=True, content_commitment=False, key_encipherment=False,
                      data_encipherment=False, key_agreement=False, key_cert_sign=True,
                      crl_sign=True, encipher_only=False, decipher_only=False), critical=True))
    leaf = certificate(
        x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)]), key.public_key(), False,
        lambda b: b.add_extension(x509.SubjectAlternativeName([x509.DNSName(name)]),
                                  critical=False)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False))
    ca_file, cert_file, key_file = folder / "ca.pem", folder / "cert.pem", folder / "key.pem"
    ca_file.write_bytes(ca_cert.public_bytes(serialization.Encoding.PEM))
    cert_file.write_bytes(leaf.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(key.private_bytes(serialization.Encoding.PEM,
                                           serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert_file, key_file)
    return ca_file, context
