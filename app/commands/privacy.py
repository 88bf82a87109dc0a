"""``assay export-candidate EMAIL``: everything stored about one person, as JSON."""

from __future__ import annotations

import json

import click

from app.commands.orgs import organization_for
from app.extensions import db
from app.services.subject_access import candidate_record


@click.command("export-candidate")
@click.argument("email")
@click.option("--org", "org", default=None,
              help="Only this organization's data (slug or id); all organizations without it.")
def export_candidate(email: str, org: str | None) -> None:
    """Print everything stored about the candidate EMAIL as JSON (a data-subject access
    request): their details, invitations, answers, signals, scores and emails."""
    organization = organization_for(org) if org else None
    record = candidate_record(db.session, email, organization)
    click.echo(json.dumps(record, ensure_ascii=False, indent=2))
    if not record["invitations"] and not record["emails_sent"]:
        click.echo(f"Nothing is stored about {record['email']}.", err=True)


COMMANDS = [export_candidate]
