"""The hiring team's results pages (blueprint ``results``); essays are graded in the console."""

from flask import Blueprint

bp = Blueprint("results", __name__, url_prefix="/results")

# The modules import bp, so they come after it; importing them registers routes and helpers.
from app.results import formatting, views  # noqa: E402, F401  (imported to register on bp)
