"""``assay greenhouse ...``: what Greenhouse reported, and a simulator of Greenhouse."""

from __future__ import annotations

import json

import click

from app.extensions import db
from app.greenhouse.selftest.command import selftest
from app.greenhouse.service import recent_error_reports
from app.models import GreenhouseErrorReport, Organization
from app.security.text import printable
from app.services.organizations import find_organization


@click.group("greenhouse")
def greenhouse() -> None:
    """The Greenhouse Assessment Partner integration."""


@greenhouse.command("errors")
@click.option("--org", "org_ref", help="Only this organization (slug or id).")
@click.option("--limit", type=click.IntRange(1, 1000), default=20, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array.")
def errors(org_ref: str | None, limit: int, as_json: bool) -> None:
    """Recent malformed-response reports Greenhouse sent to response_error, newest first."""
    organization = None
    if org_ref is not None:
        organization = find_organization(db.session, org_ref)
        if organization is None:
            raise click.ClickException(f"No organization {org_ref!r} (see 'assay orgs list').")
    reports = recent_error_reports(db.session, organization, limit)
    slugs = _org_slugs({report.organization_id for report in reports})
    if as_json:
        click.echo(json.dumps([_as_dict(r, slugs) for r in reports], indent=2))
        return
    if not reports:
        click.echo("No error reports from Greenhouse" + (f" for {org_ref}." if org_ref else "."))
        return
    for report in reports:
        # printable: a report stored before input was checked may hold a lone surrogate,
        # which no terminal encoding accepts.
        click.echo(printable(_as_text(report, slugs)))


def _org_slugs(ids: set[int]) -> dict[int, str]:
    if not ids:
        return {}
    rows = db.session.execute(db.select(Organization.id, Organization.slug)
                              .where(Organization.id.in_(ids)))
    return {row.id: row.slug for row in rows}


def _as_dict(report: GreenhouseErrorReport, slugs: dict[int, str]) -> dict[str, object]:
    return {
        "id": report.id, "organization": slugs.get(report.organization_id),
        "received_at": report.received_at.isoformat(), "api_call": report.api_call,
        "errors": report.errors, "partner_test_id": report.partner_test_id,
        "partner_test_name": report.partner_test_name,
        "partner_interview_id": report.partner_interview_id,
        "candidate_email": report.candidate_email, "raw_body": report.raw_body,
    }


def _as_text(report: GreenhouseErrorReport, slugs: dict[int, str]) -> str:
    when = report.received_at.strftime("%Y-%m-%d %H:%M:%S UTC")
    lines = [f"#{report.id}  {when}  {slugs.get(report.organization_id, '?')}  {report.api_call}"]
    details = [f"{label} {value}" for label, value in (
        ("test", report.partner_test_id), ("test name", report.partner_test_name),
        ("interview", report.partner_interview_id), ("candidate", report.candidate_email),
    ) if value]
    if details:
        lines.append("    " + ", ".join(details))
    lines.extend(f"    - {error}" for error in report.errors or [])
    return "\n".join(lines)


greenhouse.add_command(selftest)

COMMANDS = [greenhouse]
