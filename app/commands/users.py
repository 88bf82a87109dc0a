"""``assay users ...``: the console's team members."""

from __future__ import annotations

from datetime import timedelta

import click
from flask import current_app

from app.commands.orgs import organization_for
from app.extensions import db
from app.models import ROLES, Role, utcnow
from app.services.accounts import EMAIL_TAKEN, AccountError, add_member, team_of


@click.group("users")
def users() -> None:
    """Members of an organization's hiring team, who sign in to the console."""


@users.command("create")
@click.option("--org", "org", required=True, help="The organization (slug or id).")
@click.option("--email", required=True, help="The member's email address; they sign in with it.")
@click.option("--role", type=click.Choice(ROLES), required=True,
              help="admin: everything; recruiter: invitations and results; "
                   "reviewer: grading and assigned results.")
def create(org: str, email: str, role: str) -> None:
    """Add a member and print a one-time link that sets their password."""
    organization = organization_for(org)
    config = current_app.config
    days = config["PASSWORD_SET_VALID_DAYS"]
    try:
        member = add_member(db.session, organization, email=email, role=Role(role),
                            base_url=config["BASE_URL"], now=utcnow(),
                            valid_for=timedelta(days=days))
    except AccountError as error:
        if error.reason == EMAIL_TAKEN:
            raise click.ClickException(f"{email} already has an account.") from None
        raise click.ClickException(f"{email!r} is not a valid email address.") from None
    db.session.commit()
    click.echo(f"Added {member.user.email} to {organization.slug} as {role}.")
    click.echo(f"Their set-password link (works once, for {days} days; give it to them "
               f"privately): {member.link}")


@users.command("list")
@click.option("--org", "org", required=True, help="The organization (slug or id).")
def list_users(org: str) -> None:
    """List an organization's members."""
    organization = organization_for(org)
    team = team_of(db.session, organization.id)
    if not team:
        click.echo(f"No members in {organization.slug} yet. Add one with 'assay users create "
                   f"--org {organization.slug} --email EMAIL --role admin'.")
    for member in team:
        state = ("deactivated" if not member.active
                 else "active" if member.password_hash else "invited")
        click.echo(f"{member.email:<40} {member.role:<10} {state}")


COMMANDS = [users]
