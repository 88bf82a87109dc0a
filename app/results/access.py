"""Who may open an invitation's results page, and what they may do there.

Today one way in: the signed link Greenhouse shows recruiters (``partner_profile_url``)
and the completion email carries. The signed-in console will add a second (a member of
the invitation's organization) by passing ``member``; every caller asks here.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from app.models import Invitation, User
from app.results.queries import load_invitation
from app.security.results_links import signature_matches


@dataclass(frozen=True)
class ResultsAccess:
    invitation: Invitation
    via: str  # "signed_link" or "member"
    signature: str | None  # carried on the page's own links and forms
    grader_id: int | None  # the signed-in reviewer, recorded on grades (None by link)


def results_access(session: Session, invitation_public_id: str, *,
                   signature: str | None = None, member: User | None = None) -> ResultsAccess | None:
    """Access to the results of ``invitation_public_id``, or None.

    None alike for an unknown invitation and for a missing or wrong signature, so a
    caller cannot tell them apart. The signature is checked in constant time before the
    database is asked (the check depends only on the id and the signature), so timing
    does not reveal which ids exist either.
    """
    link_ok = signature is not None and signature_matches(invitation_public_id, signature)
    if not link_ok and member is None:
        return None
    invitation = load_invitation(session, invitation_public_id)
    if invitation is None:
        return None
    if link_ok:
        return ResultsAccess(invitation, "signed_link", signature, grader_id=None)
    if member is not None and member.organization_id == invitation.organization_id:
        return ResultsAccess(invitation, "member", None, grader_id=member.id)
    return None
