"""The test catalogue: GET /api/v1/tests and GET /api/v1/tests/{id}."""

from __future__ import annotations

import math

from flask import Response, jsonify

from app.api import bp
from app.api.auth import current_client, scope_required
from app.api.inputs import parse_query
from app.api.pages import decode_cursor, encode_cursor, next_url
from app.api.problems import Problem
from app.api.schemas import PageQuery, TestOut, TestPage
from app.api.spec import Operation, operation, operation_id
from app.extensions import db
from app.services.api_catalogue import CatalogueTest, catalogue_page, find_catalogue_test
from app.web.boundary import INT64_MAX

READ = "tests.read"
NOT_FOUND = "No test with this id is available to your company; see GET /api/v1/tests."


def test_out(entry: CatalogueTest) -> TestOut:
    test = entry.test
    return TestOut(id=entry.id, partner_test_id=test.slug, name=test.name,
                   description=test.definition.get("description"), language=test.language,
                   durationMinutes=math.ceil(test.time_limit_seconds / 60),
                   questionCount=test.question_count, active=test.active)


@bp.get("/tests")
@operation(Operation(
    "get", "/api/v1/tests", "List the tests your company may use", scope=READ,
    description="Library tests and your company's own, by id; inactive tests are listed "
                "with active: false.", query=PageQuery, responses={200: TestPage},
    links={"GetTest": (operation_id("get", "/api/v1/tests/{id}"),
                       {"path.id": "$response.body#/data/0/id"})}))
@scope_required(READ)
def list_tests() -> Response:
    query = parse_query(PageQuery)
    position = decode_cursor(query.cursor, ("after",))
    after = position["after"] if position else 0
    if not isinstance(after, int):
        raise Problem(400, "cursor: is not a cursor from this list's next link.")
    rows = catalogue_page(db.session, current_client().organization, after=after,
                          limit=query.limit + 1)
    page = rows[:query.limit]
    more = len(rows) > query.limit
    return jsonify(TestPage(
        data=[test_out(entry) for entry in page],
        next=next_url(encode_cursor({"after": page[-1].id})) if more else None,
    ).model_dump(mode="json"))


@bp.get("/tests/<int:test_id>")
@operation(Operation(
    "get", "/api/v1/tests/{id}", "One test of the catalogue", scope=READ,
    path_params={"id": {"type": "integer", "format": "int64", "minimum": 1}},
    responses={200: TestOut}, errors=(404,)))
@scope_required(READ)
def show_test(test_id: int) -> Response:
    entry = (find_catalogue_test(db.session, current_client().organization, test_id)
             if test_id <= INT64_MAX else None)
    if entry is None:
        raise Problem(404, NOT_FOUND)
    return jsonify(test_out(entry).model_dump(mode="json"))
