"""An invitation's stored values in words, translated once per page (a list of fifty rows
looks each up in a dict instead of running gettext fifty times)."""

from __future__ import annotations

from flask_babel import gettext as _


def status_words() -> dict[str, str]:
    return {"sent": _("Sent"), "started": _("Started"), "awaiting_review": _("Awaiting review"),
            "completed": _("Completed"), "expired": _("Expired"), "cancelled": _("Cancelled")}


def state_words() -> dict[str, str]:
    return {"not_started": _("Not started"), "in_progress": _("In progress"),
            "awaiting_review": _("Awaiting review"), "completed": _("Completed"),
            "expired": _("Expired"), "cancelled": _("Cancelled")}


def source_words() -> dict[str, str]:
    return {"greenhouse": "Greenhouse", "api": _("API"), "console": _("Console"),
            "cli": _("Command line")}


def words() -> dict[str, dict[str, str]]:
    """The template arguments: ``statuses``, ``states`` and ``sources`` in words."""
    return {"status_words": status_words(), "state_words": state_words(),
            "source_words": source_words()}
