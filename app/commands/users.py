"""``assay users ...``: the console's team members."""

from __future__ import annotations

from datetime import timedelta

import click
from flask import current_app

from app.commands.orgs import organization_for
from app.extensions import db
from app.models import ROLES, LinkPurpose, Role, utcnow
from app.services.accounts import EMAIL_TAKEN, AccountError, add_member, find_by_email, team_of
from app.services.password_links import issue_link


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


@users.command("link")
@click.option("--email", required=True, help="The member's email address.")
def link(email: str) -> None:
    """Print a new one-time link that sets a member's password (when email cannot reach
    them, or the last admin is locked out). Their older links stop working."""
    member = find_by_email(db.session, email)
    if member is None or not member.active:
        raise click.ClickException(f"No active member with the address {email!r}.")
    config = current_app.config
    purpose, valid_for = (
        (LinkPurpose.INVITE, timedelta(days=config["PASSWORD_SET_VALID_DAYS"]))
        if member.password_hash is None
        else (LinkPurpose.RESET, timedelta(minutes=config["PASSWORD_RESET_VALID_MINUTES"])))
    url = issue_link(db.session, member, purpose, base_url=config["BASE_URL"], now=utcnow(),
                     valid_for=valid_for)
    db.session.commit()
    click.echo(f"Set-password link for {member.email} (works once, until "
               f"{(utcnow() + valid_for):%Y-%m-%d %H:%M} UTC): {url}")


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
