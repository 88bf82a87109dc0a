"""One loaded version of a question bank.

A bank file keeps a stable ``slug`` across edits; each changed load adds a row with the
next ``version``. Invitations point at the exact version they were sent with.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from app.domain import LANGUAGES
from app.models.base import Base, utcnow


class Test(Base):
    __tablename__ = "test"
    __test__ = False  # not a pytest test class
    __table_args__ = (
        UniqueConstraint("slug", "version"),
        CheckConstraint("version >= 1", name="version_positive"),
        CheckConstraint("time_limit_seconds > 0", name="time_limit_positive"),
        CheckConstraint("pass_mark >= 0 AND pass_mark <= 100", name="pass_mark_percent"),
        CheckConstraint(f"language IN {LANGUAGES!r}", name="language_known"),
        Index("ix_test_latest_slug", "slug", "is_latest"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # None: a library test every organization may use; else only that organization's.
    organization_id: Mapped[int | None] = mapped_column(
        ForeignKey("organization.id", ondelete="CASCADE")
    )
    slug: Mapped[str] = mapped_column(String(100))  # stable id across versions; partner_test_id
    version: Mapped[int]
    is_latest: Mapped[bool] = mapped_column(default=True)  # the version new invitations get
    active: Mapped[bool] = mapped_column(default=True)  # offered to recruiters
    name: Mapped[str] = mapped_column(String(200))
    language: Mapped[str] = mapped_column(String(5))
    time_limit_seconds: Mapped[int]
    pass_mark: Mapped[float]  # percent, 0..100
    question_count: Mapped[int]  # questions a candidate answers (after pools draw)
    content_hash: Mapped[str] = mapped_column(String(64))  # sha256 of the normalized definition
    source_path: Mapped[str] = mapped_column(String(500))
    definition: Mapped[dict[str, Any]]  # the normalized bank, see docs/question-banks.md
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    def __repr__(self) -> str:
        return f"<Test {self.slug} v{self.version}>"


class TestNumber(Base):
    """The public API's int64 id of a test (all versions of one bank ``slug``).

    Allocated the first time a bank is loaded and never changed or reused (rows are never
    deleted; SQLite's AUTOINCREMENT, like PostgreSQL's identity, never hands out an id
    again), so integrators can store it.
    """

    __tablename__ = "test_number"
    __test__ = False  # not a pytest test class
    __table_args__ = ({"sqlite_autoincrement": True},)

    # SQLite autoincrements only an INTEGER PRIMARY KEY (64-bit there anyway).
    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"),
                                    primary_key=True, autoincrement=True)
    slug: Mapped[str] = mapped_column(String(100), unique=True)  # Test.slug, every version
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
