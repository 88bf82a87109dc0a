"""Inviting many candidates from a CSV file (admins and recruiters).

Upload, then a preview listing every row with every problem, then "Send". Nothing is
sent before the preview. The preview carries its checked rows in a signed field (no
server-side store to clean up); sending opens the signature and checks every row and
every open invitation again, because time has passed and the data came back from the
browser. One commit for the whole batch.
"""

from __future__ import annotations

from flask import Response, current_app, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import ngettext

from app.console import bp
from app.console.access import current_member, member_required
from app.console.forms_invite import SendBatchForm, UploadCandidatesForm
from app.console.views_invite import (
    choice_context,
    choices_of,
    default_valid_days,
    invitation_path,
)
from app.domain import LANGUAGE_NAMES
from app.extensions import db
from app.models import Role, Test, utcnow
from app.services import invitation_csv
from app.services.console_invitations import (
    InvitationChoices,
    chosen_tests,
    invite_batch,
    offered_tests,
    open_batch,
    plan_batch,
    sign_batch,
)
from app.services.invitation_csv import CandidateRow, FileProblem, ParsedFile, RowProblem
from app.services.invitations import language_mismatches


def _file_problem(parsed: ParsedFile) -> str:
    problem = parsed.problem
    if problem is FileProblem.MISSING_COLUMNS:
        return _("The first row must name the columns; missing: %(columns)s.",
                 columns=", ".join(parsed.missing_columns))
    if problem is FileProblem.TOO_MANY_ROWS:
        return _("The file has %(count)s rows; at most %(max)s can be sent at once: split "
                 "it into several files.", count=parsed.row_count,
                 max=invitation_csv.MAX_ROWS)
    return {
        FileProblem.EMPTY: _("The file is empty."),
        FileProblem.TOO_BIG: _("The file is larger than %(kb)s KB.",
                               kb=invitation_csv.MAX_BYTES // 1024),
        FileProblem.NOT_UTF8: _("The file is not in UTF-8: in Excel, save it as "
                                "\"CSV UTF-8\"."),
        FileProblem.NOT_CSV: _("The file is not a CSV file."),
        FileProblem.NO_ROWS: _("The file names the columns but has no candidates."),
    }[problem or FileProblem.NOT_CSV]


def _row_problem(problem: RowProblem, row: CandidateRow) -> str:
    if problem is RowProblem.DUPLICATE_IN_FILE:
        return _("The same email as line %(line)s: only the first row is sent.",
                 line=row.duplicate_of_line)
    return {
        RowProblem.FIRST_NAME_MISSING: _("The first name is missing."),
        RowProblem.LAST_NAME_MISSING: _("The last name is missing."),
        RowProblem.NAME_TOO_LONG: _("A name is longer than %(max)s characters.",
                                    max=invitation_csv.MAX_NAME_LENGTH),
        RowProblem.EMAIL_MISSING: _("The email address is missing."),
        RowProblem.EMAIL_INVALID: _("The email address is not valid."),
        RowProblem.LANGUAGE_UNKNOWN: _("The language must be en, uk or ru, or blank."),
        RowProblem.EXTRA_TIME_INVALID: _("The extra time must be a factor from 1 to 4 "
                                         "(like 1.5) or the time added (like %(example)s), "
                                         "or blank.", example="50%"),
    }[problem]


def _render_upload(form: UploadCandidatesForm, tests: list[Test],
                   problem: str | None = None) -> str:
    return render_template("console/invite_csv.html", form=form, file_problem=problem,
                           max_rows=invitation_csv.MAX_ROWS, **choice_context(form, tests))


def _new_upload_form() -> UploadCandidatesForm:
    organization = current_member().organization
    return UploadCandidatesForm(formdata=None,
                                valid_days=str(default_valid_days(organization)))


@bp.route("/invite/csv", methods=["GET", "POST"])
@member_required(Role.ADMIN, Role.RECRUITER)
def invite_csv() -> ResponseReturnValue:
    member = current_member()
    tests = offered_tests(db.session, member.organization)
    if request.method == "GET":
        return _render_upload(_new_upload_form(), tests)
    form = UploadCandidatesForm()
    form.offered_slugs = {test.slug for test in tests}
    if not form.validate_on_submit():
        return _render_upload(form, tests), 422
    limit = invitation_csv.MAX_BYTES
    parsed = invitation_csv.parse_candidates(form.file.data.read(limit + 1), max_bytes=limit)
    if parsed.problem is not None:
        return _render_upload(form, tests, _file_problem(parsed)), 422
    choices = choices_of(form, tests)
    return _render_preview(parsed.rows, choices, parsed.ignored_columns)


def _render_preview(rows: list[CandidateRow], choices: InvitationChoices,
                    ignored_columns: list[str]) -> str:
    member = current_member()
    plan = plan_batch(db.session, member.organization, rows, choices.tests, utcnow())
    token = sign_batch(current_app.config["SECRET_KEY"], member, choices, rows)
    return render_template(
        "console/invite_csv_preview.html", plan=plan, choices=choices,
        ignored_columns=ignored_columns, send_form=SendBatchForm(formdata=None, batch=token),
        mismatched=language_mismatches(choices.tests, choices.language),
        languages=LANGUAGE_NAMES, invitation_path=invitation_path, row_problem=_row_problem,
        language_mismatches=language_mismatches)


@bp.post("/invite/csv/send")
@member_required(Role.ADMIN, Role.RECRUITER)
def send_invite_csv() -> ResponseReturnValue:
    member = current_member()
    form = SendBatchForm()
    batch = (open_batch(current_app.config["SECRET_KEY"], member, form.batch.data or "")
             if form.validate_on_submit() else None)
    tests = offered_tests(db.session, member.organization)
    if batch is None:
        return _render_upload(_new_upload_form(), tests, _(
            "This preview has expired or was changed: upload the file again.")), 400
    chosen = chosen_tests(db.session, member.organization, batch.test_slugs)
    if not chosen:
        return _render_upload(_new_upload_form(), tests, _(
            "A chosen test is no longer offered: choose again.")), 409
    choices = InvitationChoices(tests=chosen, language=batch.language,
                                extra_time_factor=batch.extra_time_factor,
                                valid_days=batch.valid_days)
    now = utcnow()
    plan = plan_batch(db.session, member.organization, batch.rows, chosen, now)
    include = bool(form.include_duplicates.data)
    sent = invite_batch(db.session, member, choices, plan, include_duplicates=include,
                        base_url=current_app.config["BASE_URL"], now=now)
    db.session.commit()
    flash(ngettext("%(num)d invitation sent.", "%(num)d invitations sent.", len(sent)),
          "success")
    skipped = len(plan.rows) - len(sent) + batch.invalid_count
    if skipped:
        flash(ngettext("%(num)d candidate was not invited (a problem in the row, or an "
                       "invitation still open).",
                       "%(num)d candidates were not invited (a problem in their row, or an "
                       "invitation still open).", skipped), "success")
    return redirect(url_for("console.invite_csv"))


@bp.get("/invite/csv/template")
@member_required(Role.ADMIN, Role.RECRUITER)
def invite_csv_template() -> Response:
    """A file to fill in, with the columns and two example rows (UTF-8 with a byte order
    mark, so Excel opens it with the accents and Cyrillic intact)."""
    return Response("\ufeff" + invitation_csv.TEMPLATE, mimetype="text/csv",
                    headers={"Content-Disposition":
                             "attachment; filename=assay-candidates.csv"})
