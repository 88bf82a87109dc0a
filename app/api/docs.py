"""The API's documentation: /api/openapi.json (OpenAPI 3.1, generated), a reference page
at /api/docs rendered on the server from the same document (no CDN, no script), and
/problems/<slug>, where each problem ``type`` URL leads (to its entry on that page)."""

from __future__ import annotations

from typing import Any

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    jsonify,
    redirect,
    render_template,
    url_for,
)

from app.api import openapi
from app.api.problems import PROBLEM_TYPES

bp = Blueprint("api_docs", __name__)


def _document() -> dict[str, Any]:
    return openapi.openapi_document(current_app.config["BASE_URL"])


@bp.get("/api/openapi.json")
def openapi_json() -> Response:
    return jsonify(_document())


@bp.get("/api/docs")
def reference() -> str:
    document = _document()
    operations = [(path, method, spec) for path, item in document["paths"].items()
                  for method, spec in item.items()]
    return render_template("api/docs.html", document=document, operations=operations,
                           schemas=document["components"]["schemas"], problems=PROBLEM_TYPES)


@bp.get("/problems/<slug>")
def problem_type(slug: str) -> Any:
    if slug not in PROBLEM_TYPES:
        abort(404)
    return redirect(url_for("api_docs.reference", _anchor=f"problem-{slug}"))
