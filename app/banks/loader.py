"""Store a validated bank as a ``Test`` row: a new version only when its content changed.

Versions are immutable: an edit adds a row with the next version and moves
``is_latest`` to it, so invitations already sent keep the exact version they were sent
with. The caller commits (one commit per CLI run).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any, Literal

from sqlalchemy import func, select

from app.banks.normalize import content_hash, question_count
from app.database import DbSession
from app.models import Organization, Test
from app.services.catalog import ensure_test_number

Status = Literal["created", "new_version", "unchanged"]


class BankConflict(Exception):
    """The bank's id is already used by a test that belongs to someone else."""


@dataclass(frozen=True)
class LoadOutcome:
    test: Test  # the latest version after loading: new, or the unchanged one
    status: Status


def load_bank(session: DbSession, path: str | os.PathLike[str], definition: dict[str, Any], *,
              organization_id: int | None = None) -> LoadOutcome:
    """Add ``definition`` (normalized, valid) as a version of the test with its ``id``.

    Unchanged content (same hash as the latest version) changes nothing. Raises
    :class:`BankConflict` when the latest version of that id belongs to another
    organization (or to the shared library when ``organization_id`` is given, or the
    other way round): ids are Greenhouse's partner_test_id, unique across Assay.
    """
    slug = definition["id"]
    digest = content_hash(definition)
    latest = session.scalar(
        select(Test).where(Test.slug == slug, Test.is_latest.is_(True)).with_for_update()
    )
    if latest is not None and latest.organization_id != organization_id:
        owner = _owner(session, latest.organization_id)
        raise BankConflict(f"test id '{slug}' is already used by {owner}; choose another id")
    if latest is not None and latest.content_hash == digest:
        return LoadOutcome(latest, "unchanged")
    if latest is not None:
        latest.is_latest = False
        session.flush()  # the old row stops being latest before the new one claims it
    # Every version counts, not only the latest: versions are never reused.
    version = (session.scalar(select(func.max(Test.version)).where(Test.slug == slug)) or 0) + 1
    test = Test(
        organization_id=organization_id,
        slug=slug,
        version=version,
        is_latest=True,
        active=definition["active"],
        name=definition["name"],
        language=definition["language"],
        time_limit_seconds=definition["time_limit_seconds"],
        pass_mark=definition["pass_mark"],
        question_count=question_count(definition),
        content_hash=digest,
        source_path=str(path),
        definition=definition,
    )
    session.add(test)
    session.flush()
    ensure_test_number(session, slug)  # the public API's stable id, on the first load
    return LoadOutcome(test, "created" if version == 1 else "new_version")


def _owner(session: DbSession, organization_id: int | None) -> str:
    if organization_id is None:
        return "the shared library"
    organization = session.get(Organization, organization_id)
    return f"organization '{organization.slug}'" if organization else "another organization"
