"""The front page: what Assay is, a health check for load balancers, and the site icon."""

from __future__ import annotations

from base64 import b64encode
from functools import cache
from pathlib import Path

from flask import Blueprint, current_app, jsonify, render_template, send_from_directory
from sqlalchemy import text
from werkzeug.wrappers import Response

from app.database import autocommit_connection

bp = Blueprint("home", __name__)

# The icon changes about never; browsers may keep it a week (and revalidate by ETag after).
ICON_MAX_AGE = 7 * 24 * 3600


def _img_folder() -> Path:
    assert current_app.static_folder is not None
    return Path(current_app.static_folder) / "img"


@cache
def _icon_data_url(folder: Path) -> str:
    return "data:image/svg+xml;base64," + b64encode((folder / "icon.svg").read_bytes()).decode()


@bp.app_context_processor
def site_icon() -> dict[str, str]:
    """The icon every page declares: static/img/icon.svg inside the page as a data: URL
    (about 330 bytes of HTML) rather than one more request on every question page; the CSP
    allows data: images. Base64, so that no page shows a "%" it did not mean."""
    return {"site_icon": _icon_data_url(_img_folder())}


@bp.get("/")
def index() -> str:
    return render_template("home.html")


@bp.get("/healthz")
def healthz() -> Response:
    """Liveness and database reachability, for load balancers and the deploy script."""
    autocommit_connection().execute(text("SELECT 1"))
    return jsonify({"status": "ok"})


@bp.get("/favicon.ico")
def favicon() -> Response:
    """Browsers ask every site for /favicon.ico (and tools that ignore the page's
    ``<link rel="icon">``): the mark of static/img/icon.svg, a 32 px PNG in an .ico
    of 332 bytes, so no page logs a 404."""
    return send_from_directory(_img_folder(), "favicon.ico",
                               mimetype="image/vnd.microsoft.icon", max_age=ICON_MAX_AGE)
