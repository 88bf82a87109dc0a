"""The four endpoints: parse, authenticate (decorator), call one service, serialize."""

from __future__ import annotations

from flask import Response, current_app, g, jsonify, request

from app.database import autocommit_connection
from app.extensions import db
from app.greenhouse import bp, service, status
from app.greenhouse.auth import current_organization, org_key_required
from app.greenhouse.errors import NOT_FOUND_INTERVIEW, GreenhouseError, bad_request
from app.greenhouse.schemas import BodyProblems, ErrorReport, SendTestRequest, parse
from app.models import utcnow
from app.security.results_links import results_url
from app.services.catalog import available_tests
from app.web.boundary import body_limit
from app.web.rate_limits import UNAUTHORIZED, failed_lookups

MAX_INTERVIEW_ID_LENGTH = 100
# Greenhouse's bodies are small; an error report carries at most a few kilobytes.
MAX_BODY_BYTES = 256 * 1024
# Failed key checks (401) from one address, counted together for the four endpoints.
key_guesses = failed_lookups("greenhouse-key", UNAUTHORIZED)


@bp.get("/list_tests")
@key_guesses
@org_key_required
def list_tests() -> Response:
    tests = available_tests(db.session, current_organization())
    return jsonify([{"partner_test_id": str(test.slug), "partner_test_name": str(test.name)}
                    for test in tests])


@bp.post("/send_test")
@key_guesses
@body_limit(MAX_BODY_BYTES)
@org_key_required
def send_test() -> Response:
    try:
        body: SendTestRequest = parse(SendTestRequest, request.get_data())
    except BodyProblems as error:
        raise bad_request(error.problems) from None
    try:
        sent = service.send_test(db.session, current_organization(), body,
                                 service.SendTestSettings.from_config(current_app.config))
    except service.CallbackRefused as error:
        raise bad_request([f"url: {error}"]) from None
    except service.UnknownTest:
        raise GreenhouseError(404, f"No active test with partner_test_id {body.partner_test_id!r} "
                                   "is available to this API key; see list_tests.") from None
    except service.InvitationError as error:
        raise bad_request(error.problems) from None
    return jsonify({"partner_interview_id": str(sent.invitation.public_id)})


@bp.get("/test_status")
@key_guesses
@org_key_required
def test_status() -> Response:
    public_id = request.args.get("partner_interview_id", "").strip()
    if not public_id:
        raise bad_request(["partner_interview_id: is required (a query string parameter)"])
    config = current_app.config
    facts = None
    if len(public_id) <= MAX_INTERVIEW_ID_LENGTH:
        facts = service.load_status_facts(autocommit_connection(), g.api_key.organization_id,
                                          public_id, config["PERCENTILE_MIN_CANDIDATES"])
    if facts is None:
        raise GreenhouseError(404, NOT_FOUND_INTERVIEW)
    return jsonify(status.status_body(
        facts, now=utcnow(), profile_url=results_url(config["BASE_URL"], facts.public_id,
                                                facts.results_link_version)))


@bp.post("/response_error")
@key_guesses
@body_limit(MAX_BODY_BYTES)
@org_key_required
def response_error() -> Response:
    raw = request.get_data()
    try:
        report: ErrorReport = parse(ErrorReport, raw)
    except BodyProblems as error:
        raise bad_request(error.problems) from None
    service.record_error_report(db.session, current_organization(), report, raw)
    db.session.commit()
    return jsonify({"status": 200})
