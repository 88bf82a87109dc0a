"""Who may open an invitation's results page.

Two ways in, decided here and nowhere else:

- the signed link Greenhouse shows recruiters (``partner_profile_url``) and the completion
  email carries, while it is of the invitation's current link version (an admin revokes
  earlier links by raising it);
- a signed-in console member of the invitation's organization: admins and recruiters
  open any of its invitations, reviewers only those assigned to them (``reviewer_id``).

An organization that sets ``results_sign_in_required`` accepts the signed link only
together with a member who may open the invitation: a visitor who is not signed in is
asked to sign in (:data:`SIGN_IN_REQUIRED`), anyone else is refused like a wrong link.
Every refusal is the same None, so a caller cannot tell an unknown invitation from a
wrong signature or a member without the right.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Final, Literal

from app.database import DbSession
from app.domain import AttemptState
from app.models import Invitation, Role, User
from app.results.queries import load_invitation
from app.security.results_links import signed_version


@dataclass(frozen=True)
class ResultsAccess:
    invitation: Invitation
    signature: str | None  # carried on the page's own links and forms; None: member only
    member: User | None = None  # the signed-in member of its organization looking, if any

    @property
    def blind(self) -> bool:
        """Whether the candidate's identity is hidden: a reviewer grades blind until every
        answer waiting for a person is graded."""
        return (self.member is not None and self.member.role == Role.REVIEWER
                and any(attempt.state == AttemptState.AWAITING_REVIEW
                        for attempt in self.invitation.attempts))


class _SignIn(Enum):
    REQUIRED = "sign-in required"


SIGN_IN_REQUIRED: Final = _SignIn.REQUIRED
Decision = ResultsAccess | Literal[_SignIn.REQUIRED] | None


def member_may_open(member: User, invitation: Invitation) -> bool:
    """Admins and recruiters open every invitation of their organization; reviewers the
    ones assigned to them."""
    if member.organization_id != invitation.organization_id:
        return False
    if member.role in (Role.ADMIN, Role.RECRUITER):
        return True
    return member.role == Role.REVIEWER and invitation.reviewer_id == member.id


def results_access(session: DbSession, invitation_public_id: str, *,
                   signature: str | None, member: User | None) -> Decision:
    """Access to the results of ``invitation_public_id``: a :class:`ResultsAccess`,
    :data:`SIGN_IN_REQUIRED`, or None (the neutral 404).

    Without a member, the signature is checked in constant time before the database is
    asked (the check depends only on the id and the signature), so timing does not reveal
    which ids exist.
    """
    version = signed_version(invitation_public_id, signature) if signature else None
    if member is None and version is None:
        return None
    invitation = load_invitation(session, invitation_public_id)
    if invitation is None:
        return None
    link_opens = version is not None and invitation.results_link_version == version
    if member is not None and member_may_open(member, invitation):
        return ResultsAccess(invitation, signature if link_opens else None, member)
    if not link_opens:
        return None
    if invitation.organization.results_sign_in_required:
        return SIGN_IN_REQUIRED if member is None else None
    # The link alone opens it. A member of the organization is still known (a reviewer
    # reads it blind); one of another organization holding the link is any visitor.
    own = member if member is not None and \
        member.organization_id == invitation.organization_id else None
    return ResultsAccess(invitation, signature, own)
