"""The schema comes only from Alembic, and the migrations match the models."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade

from app.extensions import db

# Alembic runs DDL on connections of its own.
pytestmark = pytest.mark.committing


def test_the_migrated_schema_matches_the_models(app) -> None:  # type: ignore[no-untyped-def]
    with db.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), db.metadata)
    assert diff == []


def test_migrations_go_down_and_up_again_cleanly(app) -> None:  # type: ignore[no-untyped-def]
    downgrade(revision="base")
    upgrade()
    with db.engine.connect() as conn:
        assert compare_metadata(MigrationContext.configure(conn), db.metadata) == []
