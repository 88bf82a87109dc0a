"""The hiring team's results pages and essay grading (blueprint ``results``)."""

from flask import Blueprint

bp = Blueprint("results", __name__, url_prefix="/results")

from app.results import (
    formatting,  # noqa: E402,F401  (the page's template helpers)
    views,  # noqa: E402,F401  (registers the routes on bp)
)
