"""schemathesis against /api/openapi.json: generated requests to every operation of both
APIs (authenticated as a real client, so the handlers run, not only the 401 path); no
answer is a 5xx and every answer matches the document. Bounded to keep the suite quick."""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from flask import Flask
from hypothesis import HealthCheck, settings

from app.api.openapi import openapi_document
from tests.api.conftest import basic_header, numbered_test

MAX_EXAMPLES = 40  # per operation: about 10 s for both APIs on SQLite


class TestApp:
    """The WSGI app schemathesis calls: the current test's app (the schema is loaded when
    this module is imported, before any test's app exists)."""

    __test__ = False
    current: Flask | None = None

    def __call__(self, environ: Any, start_response: Any) -> Any:
        assert self.current is not None
        return self.current(environ, start_response)


wsgi_app = TestApp()
schema = schemathesis.openapi.from_dict(openapi_document("http://assay.test"))
schema.app = wsgi_app


@pytest.fixture
def app_config() -> dict[str, Any]:
    # The checks send wrong credentials on purpose, many times: the limits on failed
    # lookups (tested in test_rate_limits.py) would answer 429 to them.
    return {"RATELIMIT_ENABLED": False}


@pytest.fixture(autouse=True)
def serve(app: Flask) -> Any:
    wsgi_app.current = app
    yield
    wsgi_app.current = None


@pytest.fixture
def credentials(client, token, greenhouse_key, seed_catalogue) -> dict[str, dict[str, str]]:  # type: ignore[no-untyped-def]
    return {"bearer": {"Authorization": f"Bearer {token}"},
            "greenhouse": basic_header(greenhouse_key.value)}


@pytest.fixture
def seed_catalogue(app: Flask) -> None:
    numbered_test(5, "python-basics")
    numbered_test(3, "old-php", active=False)


@schema.parametrize()
@settings(max_examples=MAX_EXAMPLES, deadline=None,
          suppress_health_check=list(HealthCheck))
def test_every_answer_matches_the_document_and_none_is_a_5xx(case, credentials) -> None:  # type: ignore[no-untyped-def]
    path = case.operation.path
    # A request the document allows may still be refused: testIds that do not exist for
    # this company are the seed's own 400.
    excluded = [schemathesis.checks.positive_data_acceptance]
    if path.startswith("/api/greenhouse/"):
        headers = credentials["greenhouse"]
        # Greenhouse's API takes more than its current shape on purpose (numbers for
        # partner_test_id, any value in a report's optional fields: docs/greenhouse.md).
        excluded.append(schemathesis.checks.negative_data_rejection)
    elif path == "/api/v1/auth/token":
        headers = {}
    else:
        headers = credentials["bearer"]
    case.call_and_validate(headers=headers, excluded_checks=excluded)


def test_stateful_links_invite_then_read_and_cancel_it(credentials) -> None:  # type: ignore[no-untyped-def]
    """The document's links (POST invitation -> GET and DELETE it; the catalogue -> one
    test) walked by schemathesis's state machine: every step's answer matches too."""
    from hypothesis.stateful import run_state_machine_as_test

    base = schema.as_state_machine()
    headers = credentials["bearer"]

    class Workflow(base):  # type: ignore[misc, valid-type]
        def get_call_kwargs(self, case):  # type: ignore[no-untyped-def]
            path = case.operation.path
            if path.startswith("/api/greenhouse/"):
                return {"headers": credentials["greenhouse"]}
            return {"headers": {} if path.endswith("/auth/token") else headers}

        def validate_response(self, response, case, **kwargs):  # type: ignore[no-untyped-def]
            case.validate_response(response, excluded_checks=[
                schemathesis.checks.positive_data_acceptance,
                schemathesis.checks.negative_data_rejection])

    run_state_machine_as_test(Workflow, settings=settings(
        max_examples=10, stateful_step_count=5, deadline=None,
        suppress_health_check=list(HealthCheck)))
