"""Who may open an invitation's results page.

One way in: the signed link Greenhouse shows recruiters (``partner_profile_url``) and the
completion email carries, while it is of the invitation's current link version (an admin
revokes earlier links by raising it). Every caller asks here, so a second way in (the
console's signed-in members) is added in one place.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.database import DbSession
from app.models import Invitation
from app.results.queries import load_invitation
from app.security.results_links import signed_version


@dataclass(frozen=True)
class ResultsAccess:
    invitation: Invitation
    signature: str  # carried on the page's own links and forms


def results_access(session: DbSession, invitation_public_id: str,
                   signature: str | None) -> ResultsAccess | None:
    """Access to the results of ``invitation_public_id`` through its signed link, or None.

    None alike for an unknown invitation and for a missing or wrong signature, so a
    caller cannot tell them apart. The signature is checked in constant time before the
    database is asked (the check depends only on the id and the signature), so timing
    does not reveal which ids exist either.
    """
    if signature is None:
        return None
    version = signed_version(invitation_public_id, signature)
    if version is None:
        return None
    invitation = load_invitation(session, invitation_public_id)
    if invitation is None or invitation.results_link_version != version:
        return None
    return ResultsAccess(invitation, signature)
