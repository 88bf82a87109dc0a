"""Reading a request's query string and JSON body into the API's models, or a 400/415
problem listing every field error at once."""

from __future__ import annotations

from typing import Any, TypeVar

from flask import request
from pydantic import BaseModel, ValidationError

from app.api.problems import Problem
from app.api.schemas import FROM_TOKEN, FieldError, field_errors
from app.security.json_input import JSONInputError, strict_loads

M = TypeVar("M", bound=BaseModel)


def invalid(errors: list[FieldError]) -> Problem:
    sentences = "; ".join(f"{e.field}: {e.problem}" for e in errors)
    return Problem(400, f"The request is not valid: {sentences}.",
                   extra={"errors": [e.model_dump() for e in errors]})


def parse_query(model: type[M]) -> M:
    """The query string as ``model`` (repeated parameters: the first counts)."""
    try:
        return model.model_validate(request.args.to_dict(flat=True))
    except ValidationError as error:
        raise invalid(field_errors(error)) from None


def json_body() -> dict[str, Any]:
    """The body as a JSON object. Raises Problem 415 (not JSON) or 400 (malformed)."""
    if request.mimetype != "application/json":
        raise Problem(415, "Send the body as JSON with Content-Type: application/json.")
    try:
        data = strict_loads(request.get_data(cache=True))
    except JSONInputError as error:
        raise invalid([FieldError(field=error.field, problem=error.problem)]) from None
    if not isinstance(data, dict):
        raise invalid([FieldError(field="body", problem="must be a JSON object")])
    return data


def parse_body(model: type[M], data: dict[str, Any]) -> M:
    """``data`` as ``model``; refuses values that come from the token (idCompany,
    hrEmail) with a sentence saying so, together with every other field error."""
    errors = [FieldError(field=name, problem=f"must not be sent: {FROM_TOKEN[name.lower()]} is "
                                            "taken from the Bearer token")
              for name in data if name.lower() in FROM_TOKEN]
    try:
        parsed = model.model_validate(data)
    except ValidationError as error:
        errors.extend(field_errors(error))
    else:
        if not errors:
            return parsed
    raise invalid(errors)
