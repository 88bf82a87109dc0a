"""Wiring shared by every web page: the blueprint list and the error pages."""

from __future__ import annotations

from flask import Flask, jsonify, render_template, request
from werkzeug.exceptions import HTTPException

from app.extensions import db

# Paths whose errors are JSON for machines, never HTML pages.
JSON_PREFIXES = ("/api/",)


def register_blueprints(app: Flask) -> None:
    from app.web.home import bp as home_bp

    app.register_blueprint(home_bp)
    for module in BLUEPRINT_MODULES:
        bp = __import__(module, fromlist=["bp"]).bp
        app.register_blueprint(bp)


# Feature blueprints, each a package owning its views (see ../shared/STYLE.md layout).
BLUEPRINT_MODULES: list[str] = [
    "app.results",
    "app.greenhouse",
    "app.web.devmail",
    "app.candidate",
]


def register_error_pages(app: Flask) -> None:
    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):  # type: ignore[no-untyped-def]
        if request.path.startswith(JSON_PREFIXES):
            response = jsonify({"error": error.name, "message": error.description})
            response.status_code = error.code or 500
            return response
        template = "errors/gone.html" if error.code in (404, 410) else "errors/error.html"
        return render_template(template, error=error), error.code or 500

    @app.errorhandler(Exception)
    def unexpected_error(error: Exception):  # type: ignore[no-untyped-def]
        db.session.rollback()
        app.logger.exception("unhandled error on %s %s", request.method, request.path)
        if request.path.startswith(JSON_PREFIXES):
            return jsonify({"error": "Internal Server Error",
                            "message": "An unexpected error occurred; it has been logged."}), 500
        return render_template("errors/error.html", error=None), 500
