"""Outbound HTTP to hosts a customer named (callbacks): only to public addresses.

An allowed host name can still resolve to 127.0.0.1, a private network or the cloud's
metadata address, by mistake or on purpose (DNS rebinding answers the check one address
and the connection another). So the connection resolves the name once, checks every
address, and connects to a checked address itself; TLS (SNI, the certificate's name) and
the Host header still use the host name, since only the socket's destination changes.

Use :func:`outbound_session`; it ignores proxy settings from the environment, because
through a proxy the proxy would resolve the name and the check would prove nothing.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Sequence
from typing import Any, cast

import requests
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.exceptions import (
    ConnectTimeoutError,
    NameResolutionError,
    NewConnectionError,
)
from urllib3.util.connection import allowed_gai_family, create_connection

Address = ipaddress.IPv4Address | ipaddress.IPv6Address
Network = ipaddress.IPv4Network | ipaddress.IPv6Network

CARRIER_GRADE_NAT = ipaddress.ip_network("100.64.0.0/10")
NAT64 = ipaddress.ip_network("64:ff9b::/96")  # the last 32 bits are the IPv4 address reached


class UnsafeAddress(Exception):
    """The host resolves to an address callbacks must not reach; the message says which.

    Deliberately not an OSError: urllib3 and requests let it through unwrapped (they would
    retry and rename an OSError), so the caller can tell it from a network failure.
    """


def address_problem(address: Address, allowed_networks: Sequence[Network] = ()) -> str | None:
    """What kind of non-public address ``address`` is ("loopback", ...); None when it is
    public or inside one of ``allowed_networks``. IPv6 forms that carry an IPv4 address
    (mapped, 6to4, NAT64) are judged by that IPv4 address."""
    embedded = _embedded_ipv4(address)
    if any(candidate in network for candidate in (address, embedded) if candidate is not None
           for network in allowed_networks if candidate.version == network.version):
        return None
    judged = embedded or address
    checks: list[tuple[str, bool]] = [
        ("unspecified", judged.is_unspecified),
        ("loopback", judged.is_loopback),
        ("link-local", judged.is_link_local),
        ("multicast", judged.is_multicast),
        ("shared (carrier-grade NAT)", judged in CARRIER_GRADE_NAT),
        ("reserved", judged.is_reserved),
        ("private", judged.is_private),
        ("non-public", not judged.is_global),
    ]
    return next((kind for kind, applies in checks if applies), None)


def vetted_addresses(host: str, port: int, allowed_networks: Sequence[Network]) -> list[str]:
    """The addresses ``host`` resolves to, each checked by :func:`address_problem`.

    Raises UnsafeAddress if any of them is not public (one bad answer spoils the name: a
    rebinding attacker would answer both), and socket.gaierror if the name does not resolve.
    """
    infos = socket.getaddrinfo(host, port, allowed_gai_family(), socket.SOCK_STREAM)
    addresses: list[str] = []
    for _family, _type, _proto, _canonical, sockaddr in infos:
        text = str(sockaddr[0])
        problem = address_problem(ipaddress.ip_address(text), allowed_networks)
        if problem:
            what = f"{host} is" if text == host else f"{host} resolves to {text},"
            raise UnsafeAddress(f"{what} a {problem} address; callbacks only go to public "
                                "addresses (see CALLBACK_ALLOWED_NETWORKS).")
        if text not in addresses:
            addresses.append(text)
    if not addresses:
        raise socket.gaierror(socket.EAI_NONAME, "no addresses")
    return addresses


def outbound_session(allowed_networks: Sequence[Network] = ()) -> requests.Session:
    """A requests session whose connections only reach vetted addresses (see the module).

    Its requests raise UnsafeAddress for a host that resolves to a non-public address.
    """
    session = requests.Session()
    session.trust_env = False  # no proxies (nor .netrc) from the environment
    adapter = VettedAdapter(allowed_networks)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    return session


class _VettedConnectionMixin:
    """Replaces urllib3's ``_new_conn`` (resolve and connect in one) with resolve, check,
    connect to the checked address."""

    allowed_networks: tuple[Network, ...] = ()
    _dns_host: str
    port: int
    timeout: Any
    source_address: tuple[str, int] | None
    socket_options: Any

    def _new_conn(self) -> socket.socket:
        host = self._dns_host.strip("[]")
        try:
            addresses = vetted_addresses(host, self.port, self.allowed_networks)
        except socket.gaierror as error:
            raise NameResolutionError(host, cast(HTTPConnection, self), error) from error
        failure: OSError | None = None
        for address in addresses:
            try:
                return create_connection((address, self.port), self.timeout,
                                         source_address=self.source_address,
                                         socket_options=self.socket_options)
            except OSError as error:
                failure = error
        connection = cast(HTTPConnection, self)
        if isinstance(failure, TimeoutError):
            raise ConnectTimeoutError(connection, f"Connection to {host} timed out. "
                                                  f"(connect timeout={self.timeout})") from failure
        raise NewConnectionError(
            connection, f"Failed to establish a new connection: {failure}") from failure


class VettedHTTPConnection(_VettedConnectionMixin, HTTPConnection):
    pass


class VettedHTTPSConnection(_VettedConnectionMixin, HTTPSConnection):
    pass


class VettedAdapter(HTTPAdapter):
    """An adapter whose pools make Vetted*Connections allowing ``allowed_networks``."""

    def __init__(self, allowed_networks: Sequence[Network] = (), **kwargs: Any) -> None:
        self.allowed_networks = tuple(allowed_networks)  # before super() builds the pools
        super().__init__(**kwargs)

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        super().init_poolmanager(*args, **kwargs)
        networks = {"allowed_networks": self.allowed_networks}
        http = type("VettedHTTPConnection", (VettedHTTPConnection,), networks)
        https = type("VettedHTTPSConnection", (VettedHTTPSConnection,), networks)
        self.poolmanager.pool_classes_by_scheme = {
            "http": type("VettedHTTPConnectionPool", (HTTPConnectionPool,),
                         {"ConnectionCls": http}),
            "https": type("VettedHTTPSConnectionPool", (HTTPSConnectionPool,),
                          {"ConnectionCls": https}),
        }


def _embedded_ipv4(address: Address) -> ipaddress.IPv4Address | None:
    if not isinstance(address, ipaddress.IPv6Address):
        return None
    if address.ipv4_mapped is not None:
        return address.ipv4_mapped
    if address.sixtofour is not None:
        return address.sixtofour
    if address in NAT64:
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return None
