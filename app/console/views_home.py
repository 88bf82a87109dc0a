"""The console's home page: who is signed in, and what the console has so far."""

from __future__ import annotations

from flask import render_template

from app.console import bp
from app.console.access import current_member, member_required
from app.console.forms import ActionForm


@bp.get("")
@member_required()
def home() -> str:
    return render_template("console/home.html", member=current_member(), action=ActionForm())
