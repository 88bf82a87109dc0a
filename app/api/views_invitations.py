"""Candidate invitations: create (the seed's endpoint), read, list, cancel."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from flask import Response, current_app, jsonify, request, url_for
from sqlalchemy.exc import IntegrityError

from app.api import bp
from app.api.auth import current_client, scope_required
from app.api.inputs import json_body, parse_body, parse_query
from app.api.pages import decode_cursor, encode_cursor, next_url
from app.api.problems import INVITATION_ID_PATTERN, Problem
from app.api.schemas import (
    CandidateInvitationRequest,
    InvitationListQuery,
    InvitationPage,
    InviteQuery,
    TestIdError,
)
from app.api.spec import Operation, operation, operation_id
from app.extensions import db
from app.models import Invitation, utcnow
from app.services import idempotency
from app.services.api_invitations import (
    CandidateInvitation,
    InvalidTestIds,
    NotCancellable,
    cancel_invitation,
    find_invitation,
    invitation_page,
    invite_candidate,
)
from app.services.api_representation import (
    InvitationAcceptedOut,
    InvitationOut,
    InvitationWarningOut,
    invitation_out,
    test_numbers,
)
from app.services.organization_settings import invitation_valid_days
from app.web.boundary import body_limit

READ, WRITE = "tests.read", "tests.write"
MAX_BODY_BYTES = 64 * 1024
NOT_FOUND = "No invitation with this id exists for your company."
INVITATION = "/api/v1/tests/invitations/{id}"
ID_PARAM = {"id": {"type": "string", "pattern": f"^{INVITATION_ID_PATTERN}$"}}


def _out(invitations: list[Invitation],
         numbers: dict[str, int] | None = None) -> list[dict[str, Any]]:
    base_url = current_app.config["BASE_URL"]
    if numbers is None:
        numbers = test_numbers(db.session, invitations)
    return [invitation_out(i, numbers, base_url).model_dump(mode="json") for i in invitations]


def _location(invitation: Invitation) -> str:
    return url_for("api.show_invitation", public_id=invitation.public_id)


@bp.post("/tests/invitations/candidates")
@operation(Operation(
    "post", "/api/v1/tests/invitations/candidates", "Invite a candidate to one or more tests",
    scope=WRITE, description="202 Accepted with the invitation; its Location is GET "
    "/api/v1/tests/invitations/{id}. The company and the HR email come from the token. "
    "Several testIds make one battery invitation: one email, one link.",
    query=InviteQuery, body=CandidateInvitationRequest,
    responses={202: InvitationAcceptedOut},
    headers={"Idempotency-Key": {"type": "string", "maxLength": 255}},
    errors=(413, 415, 422), response_headers={202: {"Location": "GET this invitation"}},
    links={"GetInvitation": (operation_id("get", INVITATION), {"path.id": "$response.body#/id"}),
           "CancelInvitation": (operation_id("delete", INVITATION),
                                {"path.id": "$response.body#/id"})}))
@scope_required(WRITE)
@body_limit(MAX_BODY_BYTES)
def invite() -> Response:
    client = current_client()
    data = json_body()
    body = parse_body(CandidateInvitationRequest, data)
    lang = parse_query(InviteQuery).lang
    key = request.headers.get("Idempotency-Key")
    digest = ""
    if key is not None:
        if not idempotency.valid_key(key):
            raise Problem(400, "Idempotency-Key: must be 1 to 255 printable ASCII characters.")
        digest = idempotency.fingerprint("POST", request.path, [("lang", lang or "")], data)
        earlier = _replay(client.id, key, digest)
        if earlier is not None:
            return earlier
    try:
        invited = invite_candidate(db.session, client, CandidateInvitation(
            name=body.name, surname=body.surname, email=body.email, gender=body.gender,
            test_ids=body.testIds, send_copy_to_hr=bool(body.sendCopyToHr), lang=lang),
            base_url=current_app.config["BASE_URL"],
            valid_days=invitation_valid_days(client.organization,
                                             current_app.config["INVITATION_VALID_DAYS"]))
    except InvalidTestIds as error:
        raise Problem(400, str(error), slug="invalid-test-ids", extra={"errors": [
            TestIdError(testId=test_id, problem=problem).model_dump()
            for test_id, problem in error.problems]}) from None
    invitation = invited.invitation
    accepted = InvitationAcceptedOut(
        **invitation_out(invitation, invited.test_numbers,
                         current_app.config["BASE_URL"]).model_dump(),
        warnings=[InvitationWarningOut(code=w.code, message=w.message)
                  for w in invited.warnings])
    answer = idempotency.Replay(202, accepted.model_dump(mode="json"), _location(invitation))
    if key is not None:
        idempotency.remember(db.session, client.id, key, digest, answer)
    try:
        db.session.commit()
    except IntegrityError:
        # The same key raced in from a concurrent retry; the first one's answer stands.
        db.session.rollback()
        earlier = _replay(client.id, key, digest) if key is not None else None
        if earlier is None:
            raise
        return earlier
    return _answer(answer)


def _replay(api_client_id: int, key: str, digest: str) -> Response | None:
    try:
        kept_since = utcnow() - timedelta(hours=current_app.config["IDEMPOTENCY_KEEP_HOURS"])
        earlier = idempotency.replay(db.session, api_client_id, key, digest,
                                     kept_since=kept_since)
    except idempotency.KeyReused:
        raise Problem(422, "This Idempotency-Key was already used with a different request; "
                           "use a new key for a new invitation.") from None
    if earlier is None:
        return None
    response = _answer(earlier)
    response.headers["Idempotent-Replayed"] = "true"
    return response


def _answer(answer: idempotency.Replay) -> Response:
    response = jsonify(answer.body)
    response.status_code = answer.status_code
    if answer.location:
        response.headers["Location"] = answer.location
    return response


@bp.get("/tests/invitations/<invitation:public_id>")
@operation(Operation(
    "get", INVITATION, "One invitation and each test's status",
    scope=READ, path_params=ID_PARAM, responses={200: InvitationOut}, errors=(404,)))
@scope_required(READ)
def show_invitation(public_id: str) -> Response:
    invitation = find_invitation(db.session, current_client(), public_id)
    if invitation is None:
        raise Problem(404, NOT_FOUND)
    return jsonify(_out([invitation])[0])


@bp.get("/tests/invitations")
@operation(Operation(
    "get", "/api/v1/tests/invitations", "Your company's invitations, by last change",
    scope=READ, description="Filter by status and updatedSince; follow next for more.",
    query=InvitationListQuery, responses={200: InvitationPage}))
@scope_required(READ)
def list_invitations() -> Response:
    query = parse_query(InvitationListQuery)
    position = decode_cursor(query.cursor, ("updated", "id"))
    after = None
    if position is not None:
        try:
            after = (datetime.fromisoformat(position["updated"]), int(position["id"]))
        except (TypeError, ValueError):
            raise Problem(400, "cursor: is not a cursor from this list's next link.") from None
        if after[0].tzinfo is None:
            raise Problem(400, "cursor: is not a cursor from this list's next link.")
    rows = invitation_page(db.session, current_client(), status=query.status,
                           updated_since=query.updatedSince, after=after, limit=query.limit + 1)
    page = rows[:query.limit]
    cursor = None
    if len(rows) > query.limit:
        last = page[-1]
        cursor = encode_cursor({"updated": last.updated_at.isoformat(), "id": last.id})
    return jsonify(InvitationPage.model_validate(
        {"data": _out(page), "next": next_url(cursor) if cursor else None}).model_dump(mode="json"))


@bp.delete("/tests/invitations/<invitation:public_id>")
@operation(Operation(
    "delete", INVITATION, "Cancel an invitation not yet taken",
    scope=WRITE, description="The link stops working at once; a cancelled event follows.",
    path_params=ID_PARAM, responses={200: InvitationOut}, errors=(404, 409)))
@scope_required(WRITE)
def cancel(public_id: str) -> Response:
    invitation = find_invitation(db.session, current_client(), public_id)
    if invitation is None:
        raise Problem(404, NOT_FOUND)
    try:
        cancel_invitation(db.session, invitation)
    except NotCancellable as error:
        raise Problem(409, str(error)) from None
    db.session.commit()
    return jsonify(_out([invitation])[0])
