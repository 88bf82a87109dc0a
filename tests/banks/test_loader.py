"""Loading a validated bank: created, unchanged, or a new version that becomes the latest."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from app.banks.loader import BankConflict, load_bank
from app.banks.normalize import content_hash
from app.banks.validate import validate_file
from app.extensions import db as _db
from app.models import Organization, Test
from tests.banks.helpers import FIXTURES, TRUE_FALSE, bank_with, normalized


@pytest.fixture
def definition() -> dict[str, Any]:
    return normalized(bank_with(TRUE_FALSE))


def _versions(slug: str) -> list[tuple[int, bool]]:
    rows = _db.session.scalars(select(Test).where(Test.slug == slug).order_by(Test.version))
    return [(test.version, test.is_latest) for test in rows]


def test_it_creates_version_1_with_the_columns_filled(db, definition) -> None:  # type: ignore[no-untyped-def]
    outcome = load_bank(db.session, "question_banks/sample.yaml", definition)
    db.session.commit()
    test = outcome.test
    assert outcome.status == "created"
    assert (test.slug, test.version, test.is_latest, test.organization_id) == (
        "sample-test", 1, True, None)
    assert (test.name, test.language, test.time_limit_seconds, test.pass_mark, test.active) == (
        "Sample test", "en", 1800, 70.0, True)
    assert (test.question_count, test.source_path) == (1, "question_banks/sample.yaml")
    assert test.content_hash == content_hash(definition)
    db.session.expire_all()
    assert db.session.get(Test, test.id).definition == definition


def test_it_counts_pool_picks_not_pool_sizes(db) -> None:  # type: ignore[no-untyped-def]
    definition, problems = validate_file(FIXTURES / "every-type.yaml")
    assert problems == [] and definition is not None
    test = load_bank(db.session, "every-type.yaml", definition).test
    assert (test.question_count, test.active, test.time_limit_seconds) == (13, False, 5400)


def test_it_changes_nothing_when_the_content_is_the_same(db, definition) -> None:  # type: ignore[no-untyped-def]
    first = load_bank(db.session, "a.yaml", definition).test
    db.session.commit()
    again = load_bank(db.session, "moved/a.yaml", normalized(bank_with(TRUE_FALSE)))
    db.session.commit()
    assert again.status == "unchanged"
    assert again.test.id == first.id
    assert again.test.source_path == "a.yaml"
    assert _versions("sample-test") == [(1, True)]


def test_it_adds_a_new_latest_version_when_the_content_changed(db, definition) -> None:  # type: ignore[no-untyped-def]
    first = load_bank(db.session, "a.yaml", definition).test
    db.session.commit()
    changed = normalized(bank_with(TRUE_FALSE.replace("Water is wet.", "Water is wet!")))
    outcome = load_bank(db.session, "a.yaml", changed)
    db.session.commit()
    assert (outcome.status, outcome.test.version) == ("new_version", 2)
    assert _versions("sample-test") == [(1, False), (2, True)]
    db.session.expire_all()
    kept = db.session.get(Test, first.id)
    assert kept.definition == definition  # invitations sent with v1 still see v1


def test_it_never_reuses_a_version_number(db, definition) -> None:  # type: ignore[no-untyped-def]
    texts = [TRUE_FALSE, TRUE_FALSE.replace("wet.", "wet!"), TRUE_FALSE]
    statuses = []
    for text in texts:
        statuses.append(load_bank(db.session, "a.yaml", normalized(bank_with(text))).status)
        db.session.commit()
    assert statuses == ["created", "new_version", "new_version"]
    assert _versions("sample-test") == [(1, False), (2, False), (3, True)]


def test_it_loads_an_organizations_own_test(db, organization: Organization, definition) -> None:  # type: ignore[no-untyped-def]
    test = load_bank(db.session, "a.yaml", definition, organization_id=organization.id).test
    assert test.organization_id == organization.id


def test_it_refuses_a_test_id_another_owner_uses(  # type: ignore[no-untyped-def]
        db, organization: Organization, definition) -> None:
    load_bank(db.session, "a.yaml", definition)
    db.session.commit()
    with pytest.raises(BankConflict, match="test id 'sample-test' is already used by the "
                                           "shared library; choose another id"):
        load_bank(db.session, "a.yaml", definition, organization_id=organization.id)


def test_it_does_not_commit(db, definition) -> None:  # type: ignore[no-untyped-def]
    load_bank(db.session, "a.yaml", definition)
    db.session.rollback()
    assert _versions("sample-test") == []
