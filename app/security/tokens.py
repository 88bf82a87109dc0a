"""Secrets we hand out (API keys, candidate links): generation, digests, encryption.

Nothing here stores a secret in plain text. A secret has a public lookup part (indexed, so
authentication is one query) and is verified against an HMAC-SHA256 digest in constant
time. Secrets we must send back out (the Greenhouse PATCH carries the org's key) are also
kept Fernet-encrypted.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import string
from dataclasses import dataclass
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from flask import current_app

LOOKUP_ALPHABET = string.ascii_lowercase + string.digits
LOOKUP_LENGTH = 12


@dataclass(frozen=True)
class IssuedSecret:
    """A freshly made secret: ``value`` is shown once, the rest is what we store."""

    value: str
    lookup_id: str
    digest: str


@lru_cache(maxsize=16)
def _derive(purpose: bytes, master: str) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=purpose).derive(
        master.encode()
    )


def hmac_key() -> bytes:
    """The key for secret digests, derived from SECRET_KEY so one setting rules them all."""
    return _derive(b"assay token digest v1", current_app.config["SECRET_KEY"])


def _fernet() -> Fernet:
    master = current_app.config.get("ENCRYPTION_KEY") or current_app.config["SECRET_KEY"]
    return Fernet(base64.urlsafe_b64encode(_derive(b"assay secret encryption v1", str(master))))


def digest(value: str, key: bytes | None = None) -> str:
    # surrogatepass: a presented value is whatever a caller sent; it must digest (and
    # simply not match), never raise.
    return hmac.new(key or hmac_key(), value.encode("utf-8", "surrogatepass"),
                    hashlib.sha256).hexdigest()


def matches(value: str, stored_digest: str, key: bytes | None = None) -> bool:
    """Constant-time check of a presented secret against its stored digest."""
    return hmac.compare_digest(digest(value, key), stored_digest)


def issue(prefix: str, key: bytes | None = None) -> IssuedSecret:
    """A new prefixed secret, e.g. ``asy_gh_<lookup>_<random>`` (about 60 characters).

    The prefix makes a leaked key recognisable (secret scanners, logs).
    """
    lookup_id = "".join(secrets.choice(LOOKUP_ALPHABET) for _ in range(LOOKUP_LENGTH))
    value = f"{prefix}_{lookup_id}_{secrets.token_urlsafe(32)}"
    return IssuedSecret(value=value, lookup_id=lookup_id, digest=digest(value, key))


def lookup_id_of(value: str, prefix: str) -> str | None:
    """The lookup part of a presented secret, or None when it is not shaped like ours."""
    if not value.startswith(prefix + "_"):
        return None
    rest = value[len(prefix) + 1:]
    lookup_id, sep, random_part = rest.partition("_")
    if not sep or len(lookup_id) != LOOKUP_LENGTH or not random_part:
        return None
    return lookup_id


def issue_link_token(key: bytes | None = None) -> IssuedSecret:
    """A token for an emailed link: URL-safe, its first characters are the lookup id."""
    value = secrets.token_urlsafe(32)
    return IssuedSecret(value=value, lookup_id=value[:LOOKUP_LENGTH], digest=digest(value, key))


def encrypt(value: str) -> str:
    return _fernet().encrypt(value.encode()).decode()


def decrypt(token: str) -> str:
    """Raises ValueError when the token was made with another key or was altered."""
    try:
        return _fernet().decrypt(token.encode()).decode()
    except InvalidToken:
        raise ValueError(
            "cannot decrypt: the encryption key changed or the value was altered") from None


def public_id(prefix: str) -> str:
    """An unguessable, non-secret identifier shown to callers (interview ids, attempt ids)."""
    return f"{prefix}_{secrets.token_hex(10)}"
