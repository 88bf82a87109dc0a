"""The outbox page and Greenhouse's error reports (admins only): what left, or failed to
leave, the machine for the organization, and what Greenhouse said was wrong with our
answers.

Neither page shows a message's body or a callback's URL (they hold candidates' links and
secrets): a message shows its kind, recipient (an address, or a host), status, times,
tries and last error. A failed message whose body is still kept can be retried; one of
another organization is a 404, exactly like one that does not exist.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import format_decimal
from flask_babel import gettext as _

from app.console import bp
from app.console.access import current_member, member_required
from app.console.forms import ActionForm
from app.extensions import db
from app.greenhouse.service import organization_error_reports
from app.jobs.delivery import HANDLERS
from app.models import GreenhouseErrorReport, Role, utcnow
from app.models.outbox import STATUSES, BodyDropped
from app.security.text import printable
from app.services.outbox import (
    NotFailed,
    organization_message,
    organization_messages,
    retry_message,
)
from app.services.paging import MAX_PAGE
from app.web.boundary import whole_number

MESSAGES_PER_PAGE = 50
REPORTS_PER_PAGE = 20
ERROR_SHOWN = 200  # characters of a last error shown in the table; the rest is one click away
RAW_BODY_SHOWN = 10_000  # characters of a report's raw body shown


def _page_number(value: str | None) -> int:
    """The ``page`` of a query string: a positive whole number, else the first page."""
    return min(whole_number(value or "") or 1, MAX_PAGE)


def _choice(name: str, allowed: tuple[str, ...] | list[str]) -> str | None:
    """A filter from the query string; anything unknown means "all" (a hand-edited URL)."""
    value = request.args.get(name)
    return value if value in allowed else None


def _filters() -> dict[str, str]:
    found = {"status": _choice("status", STATUSES), "kind": _choice("kind", list(HANDLERS))}
    return {name: value for name, value in found.items() if value}


@bp.get("/outbox")
@member_required(Role.ADMIN)
def outbox() -> str:
    filters = _filters()
    page = organization_messages(db.session, current_member().organization_id,
                                 status=filters.get("status"), kind=filters.get("kind"),
                                 page=_page_number(request.args.get("page")),
                                 per_page=MESSAGES_PER_PAGE)
    return render_template("console/outbox.html", page=page, filters=filters,
                           statuses=STATUSES, kinds=list(HANDLERS), action=ActionForm(),
                           error_shown=ERROR_SHOWN,
                           keep_failed_days=current_app.config["OUTBOX_KEEP_FAILED_DAYS"])


@bp.post("/outbox/<int:message_id>/retry")
@member_required(Role.ADMIN)
def retry_outbox_message(message_id: int) -> ResponseReturnValue:
    message = organization_message(db.session, current_member().organization_id, message_id)
    if message is None:
        abort(404)
    back = url_for("console.outbox", **_back_filters())
    if not ActionForm().validate_on_submit():
        flash(_("The page had expired; nothing was changed. Try again."), "error")
        return redirect(back)
    recipient = message.recipient or _("an unknown recipient")
    try:
        retry_message(message, now=utcnow(), give_up_after=timedelta(
            hours=current_app.config["OUTBOX_GIVE_UP_HOURS"]))
    except NotFailed:
        flash(_("The message to %(recipient)s has not failed (it is waiting or was sent); "
                "there is nothing to retry.", recipient=recipient), "error")
        return redirect(back)
    except BodyDropped:
        flash(_("The message to %(recipient)s cannot be retried: its content was deleted "
                "(it held a candidate's link). Send it again from its invitation.",
                recipient=recipient), "error")
        return redirect(back)
    db.session.commit()
    flash(_("The message to %(recipient)s is queued again; it will be sent within a minute.",
            recipient=recipient), "success")
    return redirect(back)


def _back_filters() -> dict[str, Any]:
    """The list's filters and page, carried by the retry form, checked like the list's."""
    found = {"status": request.form.get("status"), "kind": request.form.get("kind"),
             "page": request.form.get("page")}
    kept: dict[str, Any] = {}
    if found["status"] in STATUSES:
        kept["status"] = found["status"]
    if found["kind"] in HANDLERS:
        kept["kind"] = found["kind"]
    if _page_number(found["page"]) > 1:
        kept["page"] = str(_page_number(found["page"]))
    return kept


@dataclass(frozen=True)
class ReportView:
    """A report as the page shows it: every text made printable (a report stored before
    input was checked may hold a lone surrogate), the raw body cut short."""

    id: int
    received_at: datetime
    api_call: str
    errors: list[str]
    test_id: str | None
    test_name: str | None
    interview_id: str | None
    candidate_email: str | None
    raw_body: str
    raw_length: int
    cut: bool


def _printable(value: str | None) -> str | None:
    return None if value is None else printable(value)


def _report_view(report: GreenhouseErrorReport) -> ReportView:
    errors = [printable(e if isinstance(e, str) else json.dumps(e, ensure_ascii=False))
              for e in report.errors or []]
    raw = report.raw_body or ""
    return ReportView(
        id=report.id, received_at=report.received_at, api_call=printable(report.api_call),
        errors=errors, test_id=_printable(report.partner_test_id),
        test_name=_printable(report.partner_test_name),
        interview_id=_printable(report.partner_interview_id),
        candidate_email=_printable(report.candidate_email),
        raw_body=printable(raw[:RAW_BODY_SHOWN]), raw_length=len(raw),
        cut=len(raw) > RAW_BODY_SHOWN)


@bp.get("/greenhouse-reports")
@member_required(Role.ADMIN)
def greenhouse_reports() -> str:
    page = organization_error_reports(db.session, current_member().organization_id,
                                      _page_number(request.args.get("page")), REPORTS_PER_PAGE)
    return render_template("console/greenhouse_reports.html", page=page,
                           reports=[_report_view(report) for report in page.items],
                           raw_body_shown=format_decimal(RAW_BODY_SHOWN),
                           format_decimal=format_decimal)
