"""What Greenhouse tells us about our own malformed responses (response_error)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, utcnow


class GreenhouseErrorReport(Base):
    __tablename__ = "greenhouse_error_report"
    __table_args__ = (Index("ix_gh_error_org_received", "organization_id", "received_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organization.id", ondelete="CASCADE"))
    api_call: Mapped[str] = mapped_column(String(100))
    errors: Mapped[list[Any]]
    partner_test_id: Mapped[str | None] = mapped_column(String(200))
    partner_test_name: Mapped[str | None] = mapped_column(String(500))
    partner_interview_id: Mapped[str | None] = mapped_column(String(200))
    candidate_email: Mapped[str | None] = mapped_column(String(320))
    raw_body: Mapped[str] = mapped_column(Text)  # exactly as received, for debugging
    received_at: Mapped[datetime] = mapped_column(default=utcnow)
