"""The console's home page: how the organization's invitations stand, what waits for
grading, the latest results, and the member's sessions."""

from __future__ import annotations

from flask import current_app, render_template

from app.console import bp
from app.console.access import current_member, member_required
from app.console.forms import ActionForm
from app.extensions import db
from app.services.console_overview import overview


@bp.get("")
@member_required()
def home() -> str:
    member = current_member()
    registered = current_app.view_functions
    return render_template("console/home.html", member=member, action=ActionForm(),
                           overview=overview(db.session, member),
                           has_list="console.invitations" in registered,
                           has_queue="console.grading_queue" in registered)
