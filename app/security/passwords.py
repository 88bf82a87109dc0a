"""Team members' passwords: argon2id hashes (argon2-cffi's current recommended parameters).

A hash made with older parameters still verifies, and ``verify`` then hands back a new
hash to store, so raising the parameters upgrades every account at its next sign-in.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

MIN_LENGTH = 12
MAX_LENGTH = 256  # hashing is deliberately slow; a megabyte of "password" is not welcome

_hasher = PasswordHasher()


@dataclass(frozen=True)
class Verified:
    ok: bool
    new_hash: str | None = None  # set when the stored hash should be replaced by this one


def hash_password(password: str) -> str:
    return _hasher.hash(password)


@cache
def _decoy_hash() -> str:
    return _hasher.hash("decoy password for accounts that do not exist")


def verify(stored_hash: str | None, password: str) -> Verified:
    """Whether ``password`` matches ``stored_hash``. With no hash (an unknown address, or a
    member who has not set a password yet) it does the same work against a decoy and
    fails, so the answer's timing does not tell the cases apart."""
    try:
        _hasher.verify(stored_hash or _decoy_hash(), password)
    except (VerificationError, InvalidHashError):
        return Verified(ok=False)
    if stored_hash is None:
        return Verified(ok=False)
    if _hasher.check_needs_rehash(stored_hash):
        return Verified(ok=True, new_hash=hash_password(password))
    return Verified(ok=True)
