"""normalize_email(): the address check every way of inviting someone goes through."""

from __future__ import annotations

import pytest

from app.services.addresses import InvalidEmail, normalize_email


def test_it_gives_the_canonical_form() -> None:
    assert normalize_email("  Ada@Example.ORG ") == "Ada@example.org"


def test_it_accepts_the_reserved_test_domain() -> None:
    assert normalize_email("ada@example.test") == "ada@example.test"


@pytest.mark.parametrize("value", ["ada@localhost", "ada@@example.org", "ada", ""])
def test_it_refuses_what_is_not_an_address_saying_why(value: str) -> None:
    with pytest.raises(InvalidEmail) as caught:
        normalize_email(value)
    assert str(caught.value)
