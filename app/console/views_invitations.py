"""The invitations list (admins and recruiters), its CSV export, and one invitation's page.

The list is a GET form: filters, search, sorting and the page number live in the query
string, so it works without JavaScript, can be bookmarked, and the export link carries
the same selection. An invitation a URL names is looked up within the member's own
organization; one of another organization is a 404, exactly like one that does not exist.
"""

from __future__ import annotations

from flask import (
    Response,
    abort,
    current_app,
    redirect,
    render_template,
    request,
    stream_with_context,
    url_for,
)
from flask.typing import ResponseReturnValue

from app.console import bp
from app.console.access import current_member, member_required
from app.console.forms import ActionForm, ExtendForm, ReviewerForm
from app.console.invitation_filters import ParsedFilters, parse_filters
from app.console.invitation_words import words
from app.domain import InvitationStatus
from app.extensions import db
from app.models import Invitation, Role, utcnow
from app.models.invitation import SOURCES
from app.security.results_links import results_url
from app.services import invitation_actions
from app.services.invitation_export import csv_chunks
from app.services.invitation_history import invitation_history
from app.services.invitation_list import SORT_KEYS, bank_choices, export_rows, invitation_page

TEAM = (Role.ADMIN, Role.RECRUITER)


def _filters() -> tuple[ParsedFilters, list[tuple[str, str]]]:
    banks = bank_choices(db.session, current_member().organization_id)
    return parse_filters(request.args, {slug for slug, _ in banks}), banks


def results_link(invitation: Invitation) -> str:
    return results_url(current_app.config["BASE_URL"], invitation.public_id,
                       invitation.results_link_version)


@bp.get("/invitations")
@member_required(*TEAM)
def invitations() -> ResponseReturnValue:
    parsed, banks = _filters()
    page = invitation_page(db.session, current_member().organization_id, parsed.wanted,
                           page=parsed.page)
    status = 422 if parsed.errors else 200
    return render_template(
        "console/invitations.html", parsed=parsed, page=page, banks=banks,
        statuses=[status.value for status in InvitationStatus], sources=SOURCES,
        sort_keys=SORT_KEYS, results_link=results_link, **words()), status


@bp.get("/invitations.csv")
@member_required(*TEAM)
def invitations_csv() -> ResponseReturnValue:
    """The list's selection (every page), streamed: rows are read and written in batches
    while the response is sent, so a large export never sits in memory. A filter it cannot
    read sends the member back to the list, which says what is wrong: exporting everything
    but that filter would hand over rows they did not ask for."""
    parsed, _ = _filters()
    if parsed.errors:
        query = request.query_string.decode("ascii", "replace")
        return redirect(f"{url_for('console.invitations')}?{query}")
    rows = export_rows(db.session, current_member().organization_id, parsed.wanted)
    base = current_app.config["BASE_URL"].rstrip("/") + url_for("console.invitations")
    filename = f"invitations-{utcnow():%Y-%m-%d}.csv"
    return Response(
        stream_with_context(chunk.encode("utf-8") for chunk in csv_chunks(rows, base)),
        mimetype="text/csv", headers={
            "Content-Disposition": f'attachment; filename="{filename}"'})


def organization_invitation(public_id: str) -> Invitation:
    invitation = invitation_actions.find_invitation(
        db.session, current_member().organization_id, public_id)
    if invitation is None:
        abort(404)
    return invitation


def render_invitation(invitation: Invitation, *, extend_form: ExtendForm | None = None,
                      reviewer_form: ReviewerForm | None = None, refusal: str | None = None
                      ) -> str:
    now = utcnow()
    return render_template(
        "console/invitation.html", invitation=invitation, now=now,
        history=invitation_history(db.session, invitation),
        reviewers=invitation_actions.reviewer_choices(db.session, invitation.organization_id),
        usable=invitation.is_usable(now), can_extend=invitation_actions.can_extend(invitation),
        can_cancel=invitation_actions.can_cancel(invitation),
        extend_form=extend_form or ExtendForm(formdata=None),
        reviewer_form=reviewer_form or ReviewerForm(formdata=None), action=ActionForm(),
        results_link=results_link(invitation), refusal=refusal, **words())


@bp.get("/invitations/<id:public_id>")
@member_required(*TEAM)
def invitation(public_id: str) -> str:
    return render_invitation(organization_invitation(public_id))
