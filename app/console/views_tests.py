"""The tests page (admins and recruiters): the tests the organization can use, and each
version's item statistics for test authors.

A library test is shared by every organization, so its statistics here count only the
viewing organization's candidates: no organization ever learns anything of another's.
Another organization's private test is a 404, exactly like one that does not exist.
"""

from __future__ import annotations

from flask import abort, render_template, request
from flask_babel import format_decimal, format_percent

from app.console import bp
from app.console.access import current_member, member_required
from app.extensions import db
from app.models import Role, Test
from app.results.formatting import duration
from app.services.item_statistics import CHOICE_TYPES, load_item_statistics
from app.services.test_overview import pick_version, tests_overview, visible_versions


def requested_version(slug: str) -> tuple[Test, list[Test]]:
    """The version ``?version=N`` asks for (the latest without it) of a test the member's
    organization may see, and all its versions; 404 for anything else."""
    versions = visible_versions(db.session, current_member().organization_id, slug)
    raw = request.args.get("version")
    if raw is not None and not (raw.isascii() and raw.isdigit()):
        abort(404)
    test = pick_version(versions, int(raw) if raw else None)
    if test is None:
        abort(404)
    return test, versions


def share(value: float | None) -> str:
    """0.756 -> "76%" (or "76 %"), in the reader's language; "—" when undefined."""
    return "—" if value is None else format_percent(value)


def signed(value: float | None) -> str:
    """A correlation: -0.25 -> "−0.25", 0.4 -> "+0.40", in the reader's language."""
    return "—" if value is None else format_decimal(value, "+#,##0.00;-#,##0.00")


@bp.get("/tests")
@member_required(Role.ADMIN, Role.RECRUITER)
def tests() -> str:
    return render_template("console/tests.html",
                           overviews=tests_overview(db.session, current_member().organization_id),
                           minutes=lambda seconds: format_decimal(round(seconds / 60)),
                           number=format_decimal)


@bp.get("/tests/<slug>/statistics")
@member_required(Role.ADMIN, Role.RECRUITER)
def test_statistics(slug: str) -> str:
    test, versions = requested_version(slug)
    statistics = load_item_statistics(db.session, test,
                                      organization_id=current_member().organization_id)
    return render_template("console/test_statistics.html", test=test, versions=versions,
                           statistics=statistics, choice_types=CHOICE_TYPES, share=share,
                           signed=signed, duration=duration, number=format_decimal)
