"""The front page: what Assay is, and a health check for load balancers."""

from __future__ import annotations

from flask import Blueprint, jsonify, render_template
from sqlalchemy import text

from app.extensions import db

bp = Blueprint("home", __name__)


@bp.get("/")
def index() -> str:
    return render_template("home.html")


@bp.get("/healthz")
def healthz():  # type: ignore[no-untyped-def]
    """Liveness and database reachability, for load balancers and the deploy script."""
    db.session.execute(text("SELECT 1"))
    return jsonify({"status": "ok"})
