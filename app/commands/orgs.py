"""``assay orgs ...``: organizations and their API keys."""

from __future__ import annotations

import json

import click

from app.domain import DEFAULT_LANGUAGE, LANGUAGES
from app.extensions import db
from app.models import Organization
from app.security.api_keys import active_keys, issue_key, revoke_older_keys
from app.services.organizations import (
    OrganizationError,
    create_organization,
    find_organization,
)


def organization_for(ref: str) -> Organization:
    """The organization ``ref`` (slug or id) names, or a ClickException saying where to look."""
    organization = find_organization(db.session, ref)
    if organization is None:
        raise click.ClickException(
            f"No organization {ref!r} (give its slug or id; see 'assay orgs list').")
    return organization


@click.group("orgs")
def orgs() -> None:
    """Organizations (hiring companies) and their API keys."""


@orgs.command("create")
@click.argument("name")
@click.option("--hr-email", required=True, help="Gets completion notices.")
@click.option("--slug", help="Short name used on the command line (default: from NAME).")
@click.option("--lang", "language", type=click.Choice(LANGUAGES), default=DEFAULT_LANGUAGE,
              show_default=True, help="Language of the emails the hiring team gets.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
def create(name: str, hr_email: str, slug: str | None, language: str, as_json: bool) -> None:
    """Create an organization and print its Greenhouse API key (shown only once)."""
    try:
        created = create_organization(db.session, name=name, hr_email=hr_email, slug=slug,
                                      language=language)
    except OrganizationError as error:
        raise click.ClickException(str(error)) from None
    db.session.commit()
    org = created.organization
    if as_json:
        click.echo(json.dumps({"org_id": org.id, "slug": org.slug, "name": org.name,
                               "hr_email": org.hr_email, "language": org.language,
                               "greenhouse_api_key": created.greenhouse_api_key}))
        return
    click.echo(f"Created organization {org.name} (slug {org.slug}, id {org.id}).")
    click.echo("Greenhouse API key (shown once, give it to Greenhouse): "
               f"{created.greenhouse_api_key}")


@orgs.command("list")
@click.option("--json", "as_json", is_flag=True)
def list_orgs(as_json: bool) -> None:
    """List organizations."""
    rows = db.session.scalars(db.select(Organization).order_by(Organization.id)).all()
    if as_json:
        click.echo(json.dumps([{"org_id": o.id, "slug": o.slug, "name": o.name,
                                "hr_email": o.hr_email} for o in rows]))
        return
    if not rows:
        click.echo("No organizations yet. "
                   "Create one with 'assay orgs create NAME --hr-email EMAIL'.")
    for org in rows:
        keys = len(active_keys(db.session, org, "greenhouse"))
        click.echo(f"{org.id:>4}  {org.slug:<24} {org.name:<32} {org.hr_email}  "
                   f"({keys} active key(s))")


@orgs.command("rotate-key")
@click.argument("org")
@click.option("--json", "as_json", is_flag=True)
def rotate_key(org: str, as_json: bool) -> None:
    """Issue a new Greenhouse key; older keys keep working until 'assay orgs revoke-key'."""
    organization = organization_for(org)
    key = issue_key(db.session, organization, "greenhouse")
    db.session.commit()
    if as_json:
        click.echo(json.dumps({"org_id": organization.id, "greenhouse_api_key": key}))
        return
    click.echo(f"New Greenhouse API key for {organization.slug} (shown once): {key}")
    click.echo("The previous key still works. Once Greenhouse uses the new one, run "
               f"'assay orgs revoke-key {organization.slug}'.")


@orgs.command("revoke-key")
@click.argument("org")
def revoke_key(org: str) -> None:
    """Revoke every Greenhouse key of ORG except the newest."""
    organization = organization_for(org)
    revoked = revoke_older_keys(db.session, organization, "greenhouse")
    db.session.commit()
    if not revoked:
        click.echo(f"Nothing to revoke: {organization.slug} has only its newest key.")
        return
    click.echo(f"Revoked {len(revoked)} older key(s) of {organization.slug}; "
               "the newest stays active.")


COMMANDS = [orgs]
