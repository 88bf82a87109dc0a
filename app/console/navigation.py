"""The console's navigation: one entry per section, shown to the roles that may open it.

A section appears once its view is registered, so the list names every section the
console has, and the layout never links to a page a member would be refused.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from flask import current_app, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.console import bp
from app.models import Role, User

ALL_ROLES = (Role.ADMIN, Role.RECRUITER, Role.REVIEWER)


@dataclass(frozen=True)
class Section:
    endpoint: str
    label: Callable[[], str]  # translated when the page is drawn
    roles: tuple[Role, ...]


SECTIONS = (
    Section("console.home", lambda: _("Console home"), ALL_ROLES),
    Section("console.invitations", lambda: _("Candidates"), (Role.ADMIN, Role.RECRUITER)),
    Section("console.new_invitation", lambda: _("Invite"), (Role.ADMIN, Role.RECRUITER)),
    Section("console.grading_queue", lambda: _("Grading"), (Role.ADMIN, Role.REVIEWER)),
    Section("console.tests", lambda: _("Tests"), (Role.ADMIN, Role.RECRUITER)),
    Section("console.team", lambda: _("Team"), (Role.ADMIN,)),
    Section("console.keys", lambda: _("API keys"), (Role.ADMIN,)),
    Section("console.outbox", lambda: _("Outbox"), (Role.ADMIN,)),
    Section("console.greenhouse_reports", lambda: _("Greenhouse reports"), (Role.ADMIN,)),
    Section("console.settings", lambda: _("Settings"), (Role.ADMIN,)),
    Section("console.account", lambda: _("Your account"), ALL_ROLES),
)


@dataclass(frozen=True)
class NavLink:
    url: str
    label: str
    current: bool


def nav_links(member: User, endpoint: str | None) -> list[NavLink]:
    """The sections ``member`` may open, the one of ``endpoint`` marked current."""
    registered = current_app.view_functions
    return [NavLink(url_for(section.endpoint), section.label(),
                    endpoint == section.endpoint)
            for section in SECTIONS
            if section.endpoint in registered and member.role in section.roles]


@bp.context_processor
def navigation() -> dict[str, object]:
    def links() -> list[NavLink]:

        if not current_user.is_authenticated:
            return []
        return nav_links(current_user, request.endpoint)
    return {"console_nav_links": links}
