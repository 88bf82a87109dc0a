"""/api/openapi.json: the OpenAPI 3.1 document of the public API and the Greenhouse API.

Built from the models that validate requests and shape answers (app.api.schemas,
app.services.api_representation, app.greenhouse.schemas and .answers) and from the
operations the public API's views declare (app.api.spec), so nothing is kept by hand
twice. The Greenhouse API's four fixed endpoints are declared here, next to its models.
"""

from __future__ import annotations

from functools import cache
from typing import Any, Literal

from pydantic import BaseModel
from pydantic.json_schema import models_json_schema

from app.api.problems import PROBLEM_TYPES
from app.api.schemas import OAuthProblemOut, ProblemOut, TokenOut, TokenRequest
from app.api.spec import OPERATIONS, Operation, operation_id
from app.greenhouse.answers import (
    GreenhouseErrorOut,
    ListedTest,
    ReportReceived,
    SentTest,
    TestStatus,
)
from app.greenhouse.schemas import ErrorReport, SendTestRequest

REF = "#/components/schemas/{model}"
Mode = Literal["validation", "serialization"]
_COMMON_ERRORS = (401, 429, 500, 503)
_ERROR_TEXT = {400: "The request is not valid (every field error listed)",
               401: "No valid bearer token", 403: "The token lacks the scope",
               404: "Not found for your company", 409: "The invitation is already finished",
               413: "The body is too large", 415: "The body is not JSON",
               422: "Idempotency-Key used with another request", 429: "Rate limited",
               500: "Unexpected error", 503: "Database unavailable; retry after Retry-After"}

TOKEN = Operation(
    "post", "/api/v1/auth/token", "Get an access token (OAuth 2.0 client credentials)",
    description="Authenticate the client by HTTP Basic or form fields. Errors carry RFC 6749 "
                "§5.2's error and error_description.",
    form=None, responses={200: TokenOut}, tag="Authentication")

GREENHOUSE: list[dict[str, Any]] = [
    {"method": "get", "path": "/api/greenhouse/list_tests", "summary": "Tests for Greenhouse",
     "ok": ListedTest, "list": True},
    {"method": "post", "path": "/api/greenhouse/send_test", "summary": "Invite a candidate",
     "body": SendTestRequest, "ok": SentTest},
    {"method": "get", "path": "/api/greenhouse/test_status", "summary": "A candidate's status",
     "ok": TestStatus, "query": {"partner_interview_id": {"type": "string", "maxLength": 100}}},
    {"method": "post", "path": "/api/greenhouse/response_error",
     "summary": "Greenhouse reports an answer it could not use", "body": ErrorReport,
     "ok": ReportReceived},
]


def _models() -> list[tuple[type[BaseModel], Mode]]:
    models: list[tuple[type[BaseModel], Mode]] = []
    for op in [*OPERATIONS, TOKEN]:
        for model in (op.query, op.body):
            if model is not None:
                models.append((model, "validation"))
        models += [(m, "serialization") for m in op.responses.values() if m is not None]
    models += [(TokenRequest, "validation"), (ProblemOut, "serialization"),
               (OAuthProblemOut, "serialization"), (GreenhouseErrorOut, "serialization")]
    for item in GREENHOUSE:
        if "body" in item:
            models.append((item["body"], "validation"))
        models.append((item["ok"], "serialization"))
    unique = dict.fromkeys(models)
    return list(unique)


def _json(schema: dict[str, Any]) -> dict[str, Any]:
    return {"application/json": {"schema": schema}}


def _problem(status: int, model: str = "ProblemOut") -> dict[str, Any]:
    headers = {}
    if status in (401, 403):
        headers["WWW-Authenticate"] = {"schema": {"type": "string"}}
    if status in (429, 503):
        headers["Retry-After"] = {"schema": {"type": "integer"}}
    return {"description": _ERROR_TEXT.get(status, "Error"), "headers": headers,
            "content": {"application/problem+json": {
                "schema": {"$ref": REF.format(model=model)}}}}


def _parameters(op: Operation, schemas: dict[str, Any]) -> list[dict[str, Any]]:
    params = [{"name": name, "in": "path", "required": True, "schema": schema}
              for name, schema in op.path_params.items()]
    if op.query is not None:
        query = schemas[op.query.__name__]
        required = set(query.get("required", ()))
        params += [{"name": name, "in": "query", "required": name in required, "schema": schema}
                   for name, schema in query["properties"].items()]
    params += [{"name": name, "in": "header", "required": False, "schema": schema}
               for name, schema in op.headers.items()]
    params.append({"name": "X-Request-ID", "in": "header", "required": False,
                   "description": "Echoed back; 1-128 of A-Z a-z 0-9 . _ : -, else a new one "
                                  "is made", "schema": {"type": "string"}})
    return params


def _public_operation(op: Operation, schemas: dict[str, Any]) -> dict[str, Any]:
    responses: dict[str, Any] = {}
    for status, model in op.responses.items():
        headers = {name: {"description": text, "schema": {"type": "string"}}
                   for name, text in op.response_headers.get(status, {}).items()}
        responses[str(status)] = {"description": "Success", "headers": headers,
                                  **({"content": _json({"$ref": REF.format(
                                      model=model.__name__)})} if model else {})}
        if op.links and 200 <= status < 300:
            responses[str(status)]["links"] = {
                name: {"operationId": target, "parameters": parameters}
                for name, (target, parameters) in op.links.items()}
    errors = set(_COMMON_ERRORS) | set(op.errors)
    if op.query is not None or op.body is not None:
        errors.add(400)
    if op.scope is not None:
        errors.add(403)
    for status in sorted(errors):
        responses[str(status)] = _problem(status)
    spec: dict[str, Any] = {"summary": op.summary, "description": op.description,
                            "operationId": operation_id(op.method, op.path),
                            "tags": [op.tag], "parameters": _parameters(op, schemas),
                            "responses": responses}
    if op.scope is not None:
        spec["security"] = [{"oauth2": [op.scope]}]
    if op.body is not None:
        spec["requestBody"] = {"required": True, "content": _json(
            {"$ref": REF.format(model=op.body.__name__)})}
    return spec


def _token_operation() -> dict[str, Any]:
    spec = _public_operation(TOKEN, {})
    spec["parameters"] = spec["parameters"][-1:]
    spec["requestBody"] = {"required": True, "content": {"application/x-www-form-urlencoded": {
        "schema": {"$ref": REF.format(model="TokenRequest")}}}}
    spec["security"] = [{}, {"clientBasic": []}]
    # invalid_client is always an OAuth error; a 400 may also be refused before OAuth
    # looks at it (a NUL in a field), so only its OAuth members are optional there.
    spec["responses"]["401"] = _problem(401, "OAuthProblemOut")
    spec["responses"]["400"] = _problem(400, "ProblemOut")
    spec["responses"]["401"]["description"] = "invalid_client"
    spec["responses"]["400"]["description"] = (
        "error (RFC 6749 §5.2): invalid_request, invalid_scope, unsupported_grant_type, "
        "unauthorized_client")
    spec["responses"]["413"] = _problem(413)
    return spec


def _greenhouse_operation(item: dict[str, Any]) -> dict[str, Any]:
    ok: dict[str, Any] = {"$ref": REF.format(model=item["ok"].__name__)}
    if item.get("list"):
        ok = {"type": "array", "items": ok}
    error = {"content": _json({"$ref": REF.format(model="GreenhouseErrorOut")})}
    responses = {"200": {"description": "Success", "content": _json(ok)},
                 "401": {"description": "Wrong key", **error},
                 "429": {"description": "Too many failed key checks", **error},
                 "500": {"description": "Unexpected error", **error},
                 "503": {"description": "Unavailable", **error}}
    if "body" in item or "query" in item:
        responses["400"] = {"description": "Not valid", **error}
    if item["path"].endswith(("send_test", "test_status")):
        responses["404"] = {"description": "Unknown test or interview", **error}
    if "body" in item:
        responses["413"] = {"description": "Body too large", **error}
    spec: dict[str, Any] = {"summary": item["summary"], "tags": ["Greenhouse"],
                            "operationId": f"greenhouse_{item['path'].rsplit('/', 1)[1]}",
                            "security": [{"greenhouseKey": []}], "responses": responses}
    if "body" in item:
        spec["requestBody"] = {"required": True, "content": _json(
            {"$ref": REF.format(model=item["body"].__name__)})}
    if "query" in item:
        spec["parameters"] = [{"name": name, "in": "query", "required": True, "schema": schema}
                              for name, schema in item["query"].items()]
    return spec


@cache
def _document(base_url: str) -> dict[str, Any]:
    _, defs = models_json_schema(_models(), ref_template=REF)
    schemas: dict[str, Any] = defs.get("$defs", {})
    paths: dict[str, Any] = {}
    for op in OPERATIONS:
        paths.setdefault(op.path, {})[op.method] = _public_operation(op, schemas)
    paths[TOKEN.path] = {"post": _token_operation()}
    for item in GREENHOUSE:
        paths.setdefault(item["path"], {})[item["method"]] = _greenhouse_operation(item)
    return {
        "openapi": "3.1.0",
        "info": {"title": "Assay API", "version": "1.0.0",
                 "description": "The public REST API v1 (OAuth 2.0 client credentials) and "
                                "the Greenhouse Assessment Partner API. Errors of /api/v1 are "
                                "RFC 9457 problems; their type URLs: "
                                + ", ".join(f"{base_url}/problems/{slug}"
                                            for slug in PROBLEM_TYPES) + "."},
        "servers": [{"url": base_url}],
        "paths": paths,
        "components": {"schemas": schemas, "securitySchemes": {
            "oauth2": {"type": "oauth2", "flows": {"clientCredentials": {
                "tokenUrl": f"{base_url}/api/v1/auth/token",
                "scopes": {"tests.read": "Read the catalogue and invitations",
                           "tests.write": "Create and cancel invitations"}}}},
            "clientBasic": {"type": "http", "scheme": "basic",
                            "description": "client_id:client_secret at the token endpoint"},
            "greenhouseKey": {"type": "http", "scheme": "basic",
                              "description": "The Greenhouse API key as the username"}}},
    }


def openapi_document(base_url: str) -> dict[str, Any]:
    """The document for this deployment (its BASE_URL in servers and type URLs)."""
    return _document(base_url)
