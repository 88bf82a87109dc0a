"""What the public API takes and gives, as pydantic models.

The same models validate requests, serialize answers and generate /api/openapi.json
(app.api.openapi), so the document cannot drift from the code. Field names are the
seed's camelCase (``testIds``, ``sendCopyToHr``); the catalogue keeps Greenhouse's
``partner_test_id`` as is, so both APIs name a test the same way.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictBool,
    ValidationError,
)
from pydantic_core import PydanticCustomError

from app.domain import InvitationStatus
from app.security.text import field_path, required_text
from app.services.addresses import InvalidEmail, normalize_email
from app.services.api_representation import InvitationOut
from app.web.boundary import INT64_MAX

MAX_PAGE = 100
DEFAULT_PAGE = 50
MAX_TEST_IDS = 20  # a battery longer than this is a mistake, not a plan
# Values the company and HR email come from: the token, never the body (the seed's
# "mistakes to avoid").
FROM_TOKEN = {"idcompany": "idCompany", "hremail": "hrEmail"}


def _problem(message: str) -> PydanticCustomError:
    return PydanticCustomError("api", message)


def _text(max_length: int) -> Any:
    """A required string, trimmed, not blank, at most ``max_length`` characters."""
    return BeforeValidator(required_text(max_length, "api"), json_schema_input_type=str)


def _email(value: str) -> str:
    try:
        return normalize_email(value)
    except InvalidEmail:
        raise _problem("is not a valid email address") from None


def _gender(value: Any) -> str:
    if value not in ("Male", "Female"):
        raise _problem("must be Male or Female")
    return str(value)


def _test_id(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise _problem("must be a whole number (a test id from GET /api/v1/tests)")
    if not 1 <= value <= INT64_MAX:
        raise _problem("must be a positive 64-bit integer")
    return value


def _test_ids(value: Any) -> Any:
    if value is None:
        raise _problem("is required")
    if not isinstance(value, list):
        raise _problem("must be an array of test ids")
    if not value:
        raise _problem("must contain at least one test id")
    return value


def _distinct(ids: list[int]) -> list[int]:
    """Duplicates are one test, not an error; the first mention keeps its place."""
    distinct = list(dict.fromkeys(ids))
    if len(distinct) > MAX_TEST_IDS:
        raise _problem(f"must name at most {MAX_TEST_IDS} different tests")
    return distinct


Gender = Annotated[Literal["Male", "Female"], BeforeValidator(_gender)]
TestId = Annotated[int, BeforeValidator(_test_id), Field(json_schema_extra={
    "minimum": 1, "maximum": INT64_MAX, "format": "int64"})]


def _text_schema(max_length: int, description: str) -> Any:
    return Field(description=description, json_schema_extra={
        "minLength": 1, "maxLength": max_length, "pattern": r"\S"})


class CandidateInvitationRequest(BaseModel):
    """POST /api/v1/tests/invitations/candidates. The company and the HR email come from
    the token."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    name: Annotated[str, _text(200), _text_schema(200, "Candidate first name")]
    surname: Annotated[str, _text(200), _text_schema(200, "Candidate surname")]
    email: Annotated[str, AfterValidator(_email), _text(320), Field(
        description="Candidate email", json_schema_extra={"format": "email", "maxLength": 320})]
    gender: Annotated[Gender, Field(description="Only Male or Female. Stored; never shown to "
                                                "graders nor used in scoring.")]
    testIds: Annotated[list[TestId], BeforeValidator(_test_ids), AfterValidator(_distinct),
                       Field(min_length=1, description="Test ids from the catalogue; at least "
                                                       "one. Several: one battery invitation.")]
    sendCopyToHr: Annotated[StrictBool | None, Field(
        description="Also send the HR email of the token a copy (it cannot start the "
                    "candidate's test).")] = False


class FieldError(BaseModel):
    field: str
    problem: str


class TestIdError(BaseModel):
    testId: int
    problem: Literal["does_not_exist", "inactive"]


class TestOut(BaseModel):
    """A test of the catalogue (the latest version of its bank)."""

    id: int = Field(description="Stable across versions of the test; never reused")
    partner_test_id: str = Field(description="The same test's id in the Greenhouse API")
    name: str
    description: str | None
    language: str
    durationMinutes: int
    questionCount: int
    active: bool


class TestPage(BaseModel):
    data: list[TestOut]
    next: str | None = Field(description="The next page's URL; null on the last page")


class InvitationPage(BaseModel):
    data: list[InvitationOut]
    next: str | None = Field(description="The next page's URL; null on the last page")


# Query strings are closed: a misspelt parameter (limt=5) is a 400, not silently ignored.
class PageQuery(BaseModel):
    model_config = ConfigDict(extra="forbid")

    limit: Annotated[int, Field(ge=1, le=MAX_PAGE)] = DEFAULT_PAGE
    cursor: Annotated[str | None, Field(max_length=200, description="From a page's next")] = None


def _moment(value: Any) -> datetime | None:
    """An RFC 3339 date-time with its offset (a bare number or a naive time is refused)."""
    if value is None:
        return None
    try:
        moment = datetime.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        moment = None
    if moment is None or moment.tzinfo is None:
        raise _problem("must be an RFC 3339 date-time with a time zone, e.g. "
                       "2026-12-01T09:00:00Z")
    return moment


class InvitationListQuery(PageQuery):
    status: InvitationStatus | None = None
    updatedSince: Annotated[
        datetime | None, BeforeValidator(_moment, json_schema_input_type=str | None),
        Field(description="Only invitations changed at or after this time (RFC 3339)")] = None


class InviteQuery(BaseModel):
    model_config = ConfigDict(extra="forbid")

    lang: Annotated[str | None, Field(
        description="uk, ru or en; missing or anything else: en (never an error)")] = None


class ProblemOut(BaseModel):
    """An error (RFC 9457 problem details)."""

    type: str
    title: str
    status: int
    detail: str
    instance: str
    requestId: str
    errors: list[FieldError] | list[TestIdError] | None = None


def field_errors(error: ValidationError) -> list[FieldError]:
    """Every problem pydantic found, each naming its field (``testIds[2]``)."""
    return [FieldError(field=field_path(item["loc"]), problem=_sentence(item))
            for item in error.errors()]


def _sentence(item: Any) -> str:
    kind, given = item["type"], item.get("input")
    if kind == "api":
        return str(item["msg"])
    if kind == "missing" or given is None:
        return "is required"
    if kind == "extra_forbidden":
        return "is not a parameter of this endpoint"
    if kind in ("bool_type", "bool_parsing"):
        return "must be true or false"
    if kind in ("int_type", "int_parsing"):
        return "must be a whole number"
    if kind == "enum":
        return str(item["msg"]).replace("Input should be", "must be")
    return str(item["msg"]).replace("Input should be", "must be").lower()


class TokenRequest(BaseModel):
    """POST /api/v1/auth/token, application/x-www-form-urlencoded (RFC 6749 §4.4.2). The
    client authenticates with HTTP Basic (client_id:client_secret) or these form fields."""

    grant_type: Literal["client_credentials"]
    scope: str | None = Field(default=None, description="Space-separated; default: all the "
                                                        "client's scopes")
    client_id: str | None = None
    client_secret: str | None = None


class TokenOut(BaseModel):
    access_token: str
    token_type: Literal["Bearer"]
    expires_in: int = Field(description="Seconds")
    scope: str


class OAuthProblemOut(ProblemOut):
    """A refused token request: a problem that also carries RFC 6749 §5.2's fields."""

    error: Literal["invalid_request", "invalid_client", "invalid_grant", "unauthorized_client",
                   "unsupported_grant_type", "invalid_scope"]
    error_description: str
