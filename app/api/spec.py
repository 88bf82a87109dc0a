"""What each public API endpoint takes and answers, declared on the view itself.

``@operation(...)`` records the path, method, scope, query, body and response models of a
view in OPERATIONS; app.api.openapi turns that list into the OpenAPI document. The views
validate with the same models, so what is documented is what is enforced.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from pydantic import BaseModel

F = TypeVar("F", bound=Callable[..., Any])


@dataclass(frozen=True)
class Operation:
    method: str
    path: str  # OpenAPI form: /api/v1/tests/{id}
    summary: str
    description: str = ""
    scope: str | None = None  # None: no bearer token (the token endpoint)
    query: type[BaseModel] | None = None
    body: type[BaseModel] | None = None
    form: dict[str, Any] | None = None  # a form body's JSON schema (the token endpoint)
    path_params: dict[str, dict[str, Any]] = field(default_factory=dict)
    headers: dict[str, dict[str, Any]] = field(default_factory=dict)  # request headers
    responses: dict[int, type[BaseModel] | None] = field(default_factory=dict)
    errors: tuple[int, ...] = ()  # problem+json answers besides the common ones
    response_headers: dict[int, dict[str, str]] = field(default_factory=dict)
    # OpenAPI links from the success answer: name -> (operation id, {parameter: expression})
    links: dict[str, tuple[str, dict[str, str]]] = field(default_factory=dict)
    tag: str = "Public API"


OPERATIONS: list[Operation] = []


def operation_id(method: str, path: str) -> str:
    """``get_api_v1_tests_invitations_id`` for GET /api/v1/tests/invitations/{id}."""
    return method + path.replace("/", "_").replace("{", "").replace("}", "")


def operation(spec: Operation) -> Callable[[F], F]:
    """Record ``spec`` for the OpenAPI document; the view is unchanged."""

    def record(view: F) -> F:
        OPERATIONS.append(spec)
        return view

    return record
