"""What Greenhouse sends us, validated with pydantic.

Greenhouse sends ``null`` for absent values, may add properties at any time (ignored
here) and, in older payloads, sent ``partner_test_id`` as a number and the callback
``url`` inside ``candidate``. A rejected body is answered with every problem at once,
each a sentence naming its field (``candidate.email: is required``).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Annotated, Any
from urllib.parse import urlsplit

from pydantic import BaseModel, BeforeValidator, ConfigDict, ValidationError
from pydantic_core import PydanticCustomError

from app.security.json_input import JSONInputError, strict_loads
from app.security.text import field_path, required_text
from app.services.addresses import InvalidEmail, normalize_email

# Column sizes of the invitation (app/models/invitation.py), so an over-long value is a
# clear 400 here rather than a database error.
NAME_LENGTH = 200
EMAIL_LENGTH = 320
PHONE_LENGTH = 100
URL_LENGTH = 2000
TEST_ID_LENGTH = 100
CALLBACK_URL_LENGTH = 1000  # also the idempotency key (Invitation.external_id)


def _problem(message: str) -> PydanticCustomError:
    return PydanticCustomError("greenhouse", message)


def _required_text(max_length: int) -> Callable[[Any], str]:
    return required_text(max_length, "greenhouse")


def _optional_text(max_length: int) -> Callable[[Any], str | None]:
    def check(value: Any) -> str | None:
        if value is None:
            return None
        if not isinstance(value, str):
            raise _problem("must be a string")
        value = value.strip()
        if len(value) > max_length:
            raise _problem(f"must be at most {max_length} characters")
        return value or None
    return check


def _email(value: str) -> str:
    try:
        return normalize_email(value)
    except InvalidEmail:
        raise _problem("is not a valid email address") from None


def _optional_email(value: str | None) -> str | None:
    return None if value is None else _email(value)


def _web_url(value: str | None) -> str | None:
    """Links we store and may show (never fetch) must be http(s): no javascript: links."""
    if value is None:
        return None
    try:
        parts = urlsplit(value)
    except ValueError:
        raise _problem("is not a valid URL") from None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        raise _problem("must be an http(s) URL")
    return value


def _test_id(value: Any) -> str:
    # Old payloads sent a number; a boolean is a mistake, not a number.
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    text: str = _required_text(TEST_ID_LENGTH)(value)
    return text


RequiredName = Annotated[str, BeforeValidator(_required_text(NAME_LENGTH))]
OptionalName = Annotated[str | None, BeforeValidator(_optional_text(NAME_LENGTH))]
Email = Annotated[str, BeforeValidator(_email), BeforeValidator(_required_text(EMAIL_LENGTH))]
OptionalEmail = Annotated[str | None, BeforeValidator(_optional_email),
                          BeforeValidator(_optional_text(EMAIL_LENGTH))]
OptionalWebUrl = Annotated[str | None, BeforeValidator(_web_url),
                           BeforeValidator(_optional_text(URL_LENGTH))]
WebUrl = Annotated[str, BeforeValidator(_web_url), BeforeValidator(_required_text(URL_LENGTH))]
# The callback URL's host is checked by the service (against CALLBACK_ALLOWED_HOSTS).
CallbackUrl = Annotated[str | None, BeforeValidator(_optional_text(CALLBACK_URL_LENGTH))]
Phone = Annotated[str | None, BeforeValidator(_optional_text(PHONE_LENGTH))]


class _Body(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)


class Candidate(_Body):
    first_name: RequiredName
    last_name: RequiredName
    email: Email
    preferred_name: OptionalName = None
    phone_number: Phone = None
    resume_url: OptionalWebUrl = None  # stored, never fetched (it expires after 7 days)
    greenhouse_profile_url: WebUrl  # required by the spec: the link back to Greenhouse
    url: CallbackUrl = None  # older payloads put the callback URL here


class SendTestRequest(_Body):
    partner_test_id: Annotated[str, BeforeValidator(_test_id)]
    candidate: Candidate
    sent_by: OptionalEmail = None
    # The PATCH target and idempotency key. The oldest payloads (polling integrations,
    # seed 000) have no url at all, so it stays optional.
    url: CallbackUrl = None

    @property
    def callback_url(self) -> str | None:
        """The PATCH target: top-level ``url`` (current spec) or ``candidate.url`` (older)."""
        return self.url or self.candidate.url


def _report_text(max_length: int) -> Callable[[Any], str | None]:
    """Optional report fields are kept as given (numbers as text), cut to fit the column:
    a report is never refused for its optional details; the raw body is stored anyway."""
    def keep(value: Any) -> str | None:
        if value is None or value == "":
            return None
        text = value if isinstance(value, str) else json.dumps(value)
        return text[:max_length]
    return keep


def _error_line(value: Any) -> str:
    if not isinstance(value, str):
        raise _problem("must be a string")
    return value[:10_000]


class ErrorReport(_Body):
    api_call: Annotated[str, BeforeValidator(_required_text(100))]
    errors: list[Annotated[str, BeforeValidator(_error_line)]]
    partner_test_id: Annotated[str | None, BeforeValidator(_report_text(200))] = None
    partner_test_name: Annotated[str | None, BeforeValidator(_report_text(500))] = None
    partner_interview_id: Annotated[str | None, BeforeValidator(_report_text(200))] = None
    candidate_email: Annotated[str | None, BeforeValidator(_report_text(320))] = None


class BodyProblems(ValueError):
    """The body cannot be used; ``problems`` lists every reason, one sentence each."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


def parse(model: type[_Body], raw: bytes) -> Any:
    """``raw`` (the request body) as ``model``; raises BodyProblems listing every problem.

    The Content-Type is not trusted to be JSON: Greenhouse's clients have varied.
    """
    try:
        data = strict_loads(raw) if raw.strip() else None
    except JSONInputError as error:
        raise BodyProblems([f"{error.field}: {error.problem}"]) from None
    if not isinstance(data, dict):
        raise BodyProblems(["body: must be a JSON object"])
    try:
        return model.model_validate(data)
    except ValidationError as error:
        problems = [f"{field_path(e['loc'])}: {_sentence(e)}" for e in error.errors()]
        raise BodyProblems(problems) from None


def _sentence(error: Any) -> str:
    kind, given = error["type"], error.get("input")
    if kind == "greenhouse":
        return str(error["msg"])
    if kind == "missing" or given is None:
        return "is required"
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return "must be an object"
    if kind == "list_type":
        return "must be an array"
    if kind == "string_type":
        return "must be a string"
    return str(error["msg"]).lower()
