"""What the Greenhouse API answers, as models: the OpenAPI document (app.api.openapi)
is generated from these and from app.greenhouse.schemas (what it takes)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field


class ListedTest(BaseModel):
    partner_test_id: str
    partner_test_name: str


class SentTest(BaseModel):
    partner_interview_id: str


class TestStatus(BaseModel):
    partner_status: Literal["sent", "started", "awaiting_review", "complete", "expired",
                            "cancelled"]
    partner_profile_url: str
    partner_score: float | None = None
    metadata: dict[str, str | int | float | bool | None] = Field(
        description="Labels for people (docs/greenhouse.md)")


class ReportReceived(BaseModel):
    status: Literal[200]


class GreenhouseErrorOut(BaseModel):
    error: str = Field(description="The HTTP reason phrase")
    message: str
    problems: list[str] | None = None
