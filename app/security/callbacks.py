"""Which URLs Assay may call back (the Greenhouse PATCH, later customers' webhooks), checked
when a URL is accepted and again when it is called, so a URL stored before a settings change
is not called blindly.

The URL is parsed here by our own narrow rules, not by ``urllib.parse``: a check that reads
a URL differently from the HTTP client (urllib3) can be talked into approving one host while
the client connects to another (``https://127.0.0.1\\.greenhouse.io/`` passed ``urlsplit``).
Anything the two could read differently is refused outright: backslashes, ``@``, ``%``,
non-ASCII, and every character in the host part but letters, digits, dots and hyphens.

Decisions:

- A host name ending in a dot (``app.greenhouse.io.``) is refused, not normalized: the URL is
  also the idempotency key of ``send_test``, and Greenhouse never sends one.
- IP addresses are refused unless written in standard form (``127.0.0.1``, ``[::1]``) and
  listed exactly in CALLBACK_ALLOWED_HOSTS; numeric forms the resolver would also read as
  an address (``2130706433``, ``0x7f.1``, ``0177.0.0.1``) are refused always.
- Non-ASCII host names are refused; a punycode label (``xn--``) only passes when the whole
  host is listed exactly, never through a ``*.`` entry, so a look-alike cannot hide there.
- Only the scheme's own port (443; 80 for http) unless CALLBACK_ALLOWED_PORTS lists it.
- The scheme is written in lower case (``HTTPS://`` is refused) and a fragment (``#``) is
  refused; percent-encoding stays fine in the path and query, never in the host.

Webhooks (app.webhooks.urls) use the same rules with ``any_host_name``: a customer's
webhook goes to the customer's own host, which no operator could list in advance, so any
public host name passes; IP addresses still pass only when listed, local and reserved names
(``localhost``, ``*.internal``, single labels) are refused. What keeps a webhook out of our
own network is the address check at delivery, the same as for callbacks.

Where the host's addresses are checked (at delivery time) see :mod:`app.security.outbound`.
"""

from __future__ import annotations

import ipaddress
import re
import unicodedata
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

MAX_URL_LENGTH = 2000
MAX_HOST_LENGTH = 253
DEFAULT_PORTS = {"https": 443, "http": 80}
ANY_PORT = "*"

_SCHEME_RE = re.compile(r"(https?)://")
_AUTHORITY_END_RE = re.compile(r"[/?#]")
_HOST_PORT_RE = re.compile(r"(?P<host>[a-z0-9.-]+|\[[0-9a-f:.]+\])(?::(?P<port>[0-9]+))?")
_LABEL_RE = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?")
# A last label like these makes the resolver read the whole name as an IPv4 address
# (inet_aton accepts decimal, hex and octal parts, and 1 to 4 of them).
_NUMERIC_LABEL_RE = re.compile(r"0x[0-9a-f]*|[0-9]+")
_DOTTED_QUAD_RE = re.compile(r"(?:(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\.){3}"
                             r"(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])")

# Names that never resolve on the public internet (RFC 6761, 6762, 7686, 8375, 9476,
# ICANN's .internal, and every .arpa name), as tuples of labels.
SPECIAL_USE_DOMAINS = tuple(tuple(name.split(".")) for name in (
    "localhost", "local", "invalid", "test", "example", "onion", "alt", "internal", "arpa",
    "localdomain", "home.arpa"))

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


class CallbackUrlError(ValueError):
    """A URL the policy will not call; the message is a sentence for whoever sent it."""


@dataclass(frozen=True)
class CallbackTarget:
    """What an approved URL connects to, as urllib3 reads it."""

    scheme: str
    host: str  # lower-case name, dotted quad, or bracketed IPv6 (as urllib3 writes it)
    port: int  # always set: the scheme's default when the URL has none
    authority: str  # host[:port] as written (lower-cased), for messages


@dataclass(frozen=True)
class CallbackPolicy:
    """Where callbacks may go; build it with :meth:`from_config`."""

    allowed_hosts: tuple[str, ...]
    allow_http: bool = False
    allowed_ports: frozenset[int] = frozenset()
    any_port: bool = False
    # Non-public networks a host may resolve to; used at delivery (app.security.outbound).
    allowed_networks: tuple[Network, ...] = ()
    # Any public host name passes, not only allowed_hosts (webhooks: customers name their
    # own hosts); IP addresses still need listing, local and reserved names are refused.
    any_host_name: bool = False
    subject: str = "callback URL"  # what messages call the URL

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> CallbackPolicy:
        """The policy the CALLBACK_* settings describe (parsed and checked by app.config;
        raises ValueError on a bad port or network set behind its back)."""
        ports = _items(config.get("CALLBACK_ALLOWED_PORTS"))
        return cls(
            allowed_hosts=tuple(_items(config["CALLBACK_ALLOWED_HOSTS"])),
            allow_http=bool(config["CALLBACK_ALLOW_HTTP"]),
            allowed_ports=frozenset(int(port) for port in ports if port != ANY_PORT),
            any_port=ANY_PORT in ports,
            allowed_networks=tuple(ipaddress.ip_network(network, strict=False)
                                   for network in _items(config.get("CALLBACK_ALLOWED_NETWORKS"))),
        )

    def problem(self, url: str) -> str | None:
        """Why ``url`` must not be called, in a sentence; None when it may be."""
        checked = _inspect(url, self)
        return checked if isinstance(checked, str) else None

    def target(self, url: str) -> CallbackTarget:
        """The host and port ``url`` connects to. Raises CallbackUrlError when not allowed."""
        checked = _inspect(url, self)
        if isinstance(checked, str):
            raise CallbackUrlError(checked)
        return checked


def callback_url_problem(url: str, allowed_hosts: Sequence[str], allow_http: bool,
                         allowed_ports: Iterable[int | str] = ()) -> str | None:
    """Why ``url`` must not be called, in a sentence for the caller; None when it may be.

    Shorthand for :meth:`CallbackPolicy.problem` (see the module's docstring for the rules).
    """
    ports = [str(port) for port in allowed_ports]
    policy = CallbackPolicy(tuple(allowed_hosts), allow_http,
                            frozenset(int(p) for p in ports if p != ANY_PORT), ANY_PORT in ports)
    return policy.problem(url)


def host_allowed(host: str, allowed_hosts: Collection[str]) -> bool:
    """Whether the host name ``host`` is on the list: an exact name, or under a
    ``*.example.com`` entry (any depth of subdomain, e.g. ``app.eu.greenhouse.io``; never
    the bare domain, and never through a punycode label, see the module's docstring)."""
    host = host.lower()
    for entry in (entry.strip().lower() for entry in allowed_hosts):
        if host == entry:
            return True
        if entry.startswith("*.") and host.endswith(entry[1:]):
            subdomain = host[:-len(entry[1:])]  # ".example.com": a subdomain, not a look-alike
            if not any(label.startswith("xn--") for label in subdomain.split(".")):
                return True
    return False


def _items(value: Any) -> list[str]:
    # Settings are lists once app.config has parsed them; a test or shell may still assign
    # "a,b" directly, which must not be read letter by letter.
    items = value.split(",") if isinstance(value, str) else list(value or ())
    return [str(item).strip() for item in items if str(item).strip()]


def _inspect(url: object, policy: CallbackPolicy) -> CallbackTarget | str:
    if not isinstance(url, str) or not url.strip():
        return f"The {policy.subject} is missing."
    if len(url) > MAX_URL_LENGTH:
        return f"The {policy.subject} is longer than {MAX_URL_LENGTH} characters."
    if any(char.isspace() or unicodedata.category(char) in ("Cc", "Cf") for char in url):
        return f"The {policy.subject} contains spaces or control characters."
    if "\\" in url:
        return f"The {policy.subject} must not contain a backslash."
    schemes = ("https", "http") if policy.allow_http else ("https",)
    scheme_match = _SCHEME_RE.match(url)
    if scheme_match is None or scheme_match.group(1) not in schemes:
        starts = " or ".join(f"{s}://" for s in schemes)
        return f"The {policy.subject} must start with {starts}."
    scheme = scheme_match.group(1)
    rest = url[scheme_match.end():]
    end = _AUTHORITY_END_RE.search(rest)
    authority, after = (rest[:end.start()], rest[end.start():]) if end else (rest, "")
    if not after.isascii():
        return f"The {policy.subject} must be plain ASCII (percent-encode other characters)."
    if "#" in after:
        return f"The {policy.subject} must not have a fragment (#...)."
    return _inspect_authority(authority, scheme, policy)


def _inspect_authority(authority: str, scheme: str,
                       policy: CallbackPolicy) -> CallbackTarget | str:
    if not authority:
        return f"The {policy.subject} has no host name."
    if "@" in authority:
        return f"The {policy.subject} must not contain a user name or password."
    if not authority.isascii():
        return (f"The {policy.subject}'s host must be plain ASCII (internationalized names "
                "are refused).")
    if "%" in authority:
        return f"The {policy.subject}'s host must not be percent-encoded."
    authority = authority.lower()
    match = _HOST_PORT_RE.fullmatch(authority)
    if match is None:
        return (f"The {policy.subject}'s host {authority} may contain only letters, digits, "
                "dots and hyphens, and a port after a colon.")
    host, port_text = match.group("host"), match.group("port")
    port = DEFAULT_PORTS[scheme] if port_text is None else int(port_text)
    if port_text is not None and (port_text.startswith("0") or not 1 <= port <= 65535):
        return f"The {policy.subject} is not a valid URL: {port_text} is not a port."
    problem = _host_problem(host, policy)
    if problem:
        return problem
    if port != DEFAULT_PORTS[scheme] and not policy.any_port and port not in policy.allowed_ports:
        return (f"The {policy.subject}'s port {port} is not allowed "
                f"(only {DEFAULT_PORTS[scheme]} for {scheme}).")
    return CallbackTarget(scheme=scheme, host=host, port=port, authority=authority)


def _host_problem(host: str, policy: CallbackPolicy) -> str | None:
    allowed_hosts = policy.allowed_hosts
    if policy.any_host_name:
        not_allowed = (f"The {policy.subject}'s host {host} is an IP address; use a public "
                       "host name.")
    else:
        not_allowed = (f"The {policy.subject}'s host {host} is not allowed "
                       f"(allowed: {', '.join(allowed_hosts)}).")
    if host.startswith("["):
        return None if _listed_address(host[1:-1], 6, allowed_hosts) else not_allowed
    if host.endswith("."):
        return f"The {policy.subject}'s host {host} must not end with a dot."
    labels = host.split(".")
    if len(host) > MAX_HOST_LENGTH or not all(_LABEL_RE.fullmatch(label) for label in labels):
        return (f"The {policy.subject}'s host {host} is not a valid host name (empty label, "
                "label longer than 63 characters, or a hyphen at the start or end of one).")
    if _NUMERIC_LABEL_RE.fullmatch(labels[-1]):
        if not _DOTTED_QUAD_RE.fullmatch(host):
            return (f"The {policy.subject}'s host {host} reads as an IP address; only the "
                    "dotted form (like 192.0.2.10) of a listed address is accepted.")
        return None if _listed_address(host, 4, allowed_hosts) else not_allowed
    if host_allowed(host, allowed_hosts):
        return None
    if not policy.any_host_name:
        return not_allowed
    if len(labels) < 2 or _special_use(labels):
        return (f"The {policy.subject}'s host {host} is a local or reserved name, not one "
                "on the internet; use a public host name.")
    return None


def _special_use(labels: Sequence[str]) -> bool:
    """Whether the name is under a special-use or private-use domain (RFC 6761 and later,
    .internal): such names never resolve on the internet, so refuse them with a clear
    message up front rather than a failed delivery later."""
    return any(".".join(labels[-len(suffix):]) == ".".join(suffix)
               for suffix in SPECIAL_USE_DOMAINS if len(labels) >= len(suffix))


def _listed_address(literal: str, version: int, allowed_hosts: Sequence[str]) -> bool:
    """Whether ``literal`` is an IPv4/IPv6 address in standard form, listed exactly."""
    try:
        address = ipaddress.ip_address(literal)
    except ValueError:
        return False
    listed = {entry.strip().lower().strip("[]") for entry in allowed_hosts}
    return address.version == version and str(address) == literal and literal in listed
