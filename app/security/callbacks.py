"""Which URLs Assay may call back (the Greenhouse PATCH), checked when a URL is accepted and
again when it is called, so a URL stored before a settings change is not called blindly."""

from __future__ import annotations

from collections.abc import Sequence
from urllib.parse import urlsplit

MAX_URL_LENGTH = 2000


def host_allowed(host: str, allowed_hosts: Sequence[str]) -> bool:
    """Whether ``host`` is on the list: an exact name, or under a ``*.example.com`` entry
    (any depth of subdomain, e.g. ``app.eu.greenhouse.io``; not the bare domain itself)."""
    host = host.lower().rstrip(".")
    for entry in allowed_hosts:
        entry = entry.strip().lower().rstrip(".")
        if entry.startswith("*."):
            if host.endswith(entry[1:]):  # ".example.com": a subdomain, never a look-alike
                return True
        elif host == entry:
            return True
    return False


def callback_url_problem(url: str, allowed_hosts: Sequence[str], allow_http: bool) -> str | None:
    """Why ``url`` must not be called, in a sentence for the caller; None when it may be.

    https only (http too when ``allow_http``, for local testing), no credentials in the URL,
    and the host must be on ``allowed_hosts`` (see :func:`host_allowed`).
    """
    if not isinstance(url, str) or not url.strip():
        return "The callback URL is missing."
    if len(url) > MAX_URL_LENGTH:
        return f"The callback URL is longer than {MAX_URL_LENGTH} characters."
    if any(char.isspace() or ord(char) < 32 or ord(char) == 127 for char in url):
        return "The callback URL contains spaces or control characters."
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError on a bad port
    except ValueError:
        return "The callback URL is not a valid URL."
    schemes = ("https", "http") if allow_http else ("https",)
    if parts.scheme.lower() not in schemes:
        return "The callback URL must start with " + " or ".join(f"{s}://" for s in schemes) + "."
    if not parts.hostname:
        return "The callback URL has no host name."
    if parts.username is not None or parts.password is not None:
        return "The callback URL must not contain a user name or password."
    if not host_allowed(parts.hostname, allowed_hosts):
        allowed = ", ".join(allowed_hosts)
        return f"The callback URL's host {parts.hostname} is not allowed (allowed: {allowed})."
    return None
