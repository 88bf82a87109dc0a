"""Reading the invitations list's query string (a GET form) into an InvitationFilter.

A value that cannot be used is reported next to its field and left out of the filter;
the other filters still apply, and the form shows what was typed, so nothing is lost.
The same query string drives the page and the CSV export.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import cast

from flask_babel import gettext as _

from app.domain import InvitationStatus
from app.models.invitation import SOURCES
from app.services.invitation_list import SORT_KEYS, Direction, InvitationFilter, SortKey
from app.web.boundary import whole_number

FIELDS = ("q", "test", "status", "source", "sent_from", "sent_to", "score_min", "score_max",
          "sort", "order")
MAX_SEARCH = 200


@dataclass
class ParsedFilters:
    wanted: InvitationFilter
    page: int
    values: dict[str, str]  # as typed, for the form
    errors: dict[str, str] = field(default_factory=dict)  # field name -> message

    def query(self, **changes: str | int) -> dict[str, str | int]:
        """The query string of this selection (for page links and the export), without
        empty values; ``changes`` override."""
        args: dict[str, str | int] = {name: value for name, value in self.values.items()
                                      if value}
        args.update(changes)
        return args


def _date(text: str) -> date | None:
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def _score(text: str) -> float | None:
    try:
        value = float(text.replace(",", "."))
    except ValueError:
        return None
    return value if 0 <= value <= 100 else None


def parse_filters(args: Mapping[str, str], test_slugs: set[str]) -> ParsedFilters:
    values = {name: (args.get(name) or "").strip() for name in FIELDS}
    errors: dict[str, str] = {}
    if len(values["q"]) > MAX_SEARCH:
        errors["q"] = _("Search for at most %(count)s characters.", count=MAX_SEARCH)
    test = values["test"] or None
    if test is not None and test not in test_slugs:
        errors["test"] = _("Choose one of the tests.")
        test = None
    statuses = {status.value for status in InvitationStatus}
    status = values["status"] or None
    if status is not None and status not in statuses:
        errors["status"] = _("Choose one of the statuses.")
        status = None
    source = values["source"] or None
    if source is not None and source not in SOURCES:
        errors["source"] = _("Choose one of the sources.")
        source = None
    dates: dict[str, date | None] = {}
    for name in ("sent_from", "sent_to"):
        dates[name] = _date(values[name]) if values[name] else None
        if values[name] and dates[name] is None:
            errors[name] = _("Enter a date like 2026-03-31.")
    if dates["sent_from"] and dates["sent_to"] and dates["sent_from"] > dates["sent_to"]:
        errors["sent_to"] = _("The end date is before the start date.")
        dates["sent_to"] = None
    scores: dict[str, float | None] = {}
    for name in ("score_min", "score_max"):
        scores[name] = _score(values[name]) if values[name] else None
        if values[name] and scores[name] is None:
            errors[name] = _("Enter a score from 0 to 100.")
    low, high = scores["score_min"], scores["score_max"]
    if low is not None and high is not None and low > high:
        errors["score_max"] = _("The highest score is below the lowest.")
        scores["score_max"] = None
    sort = values["sort"] or "sent"
    if sort not in SORT_KEYS:
        errors["sort"] = _("Choose one of the sort orders.")
        sort = "sent"
    order = values["order"] or "desc"
    if order not in ("asc", "desc"):
        errors["order"] = _("Choose ascending or descending.")
        order = "desc"
    page = whole_number(args.get("page") or "", maximum=999_999) or 1
    wanted = InvitationFilter(
        test_slug=test, status=InvitationStatus(status) if status else None,
        sent_from=dates["sent_from"], sent_to=dates["sent_to"], score_min=low,
        score_max=scores["score_max"], source=source,
        search=values["q"][:MAX_SEARCH] if "q" not in errors else None,
        sort=cast(SortKey, sort), direction=cast(Direction, order))
    return ParsedFilters(wanted=wanted, page=page, values=values, errors=errors)
