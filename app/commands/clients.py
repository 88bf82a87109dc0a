"""``assay clients ...``: the public REST API's OAuth2 clients."""

from __future__ import annotations

import json

import click
from flask import current_app

from app.commands.orgs import organization_for
from app.extensions import db
from app.models.api_client import SCOPES
from app.services.api_clients import (
    ClientError,
    create_client,
    find_client,
    list_clients,
    revoke_client,
)
from app.webhooks.urls import webhook_policy


@click.group("clients")
def clients() -> None:
    """OAuth2 clients of the public REST API (client credentials)."""


@clients.command("create")
@click.option("--org", "org", required=True, help="The organization (slug or id).")
@click.option("--hr-email", required=True,
              help="The HR address its tokens carry; invitation copies go there.")
@click.option("--scope", "scopes", multiple=True, required=True, type=click.Choice(SCOPES),
              help="What the client may do; repeat for several.")
@click.option("--name", help="A name for people (default: API client).")
@click.option("--webhook-url",
              help="Where invitation events are sent (https, a public host name).")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
def create(org: str, hr_email: str, scopes: tuple[str, ...], name: str | None,
           webhook_url: str | None, as_json: bool) -> None:
    """Create a client; print its id and secret (and webhook secret) once."""
    organization = organization_for(org)
    try:
        created = create_client(db.session, organization, hr_email=hr_email, scopes=list(scopes),
                                name=name, webhook_url=webhook_url,
                                webhooks=webhook_policy(current_app.config))
    except ClientError as error:
        raise click.ClickException(str(error)) from None
    db.session.commit()
    client = created.client
    if as_json:
        click.echo(json.dumps({
            "client_id": client.client_id, "client_secret": created.client_secret,
            "organization": organization.slug, "name": client.name, "hr_email": client.hr_email,
            "scope": client.scope, "webhook_url": client.webhook_url,
            "webhook_secret": created.webhook_secret}))
        return
    click.echo(f"Created API client {client.name} for {organization.slug} "
               f"(scope: {client.scope}).")
    click.echo(f"client_id:     {client.client_id}")
    click.echo(f"client_secret: {created.client_secret}   (shown once: store it now)")
    if created.webhook_secret:
        click.echo(f"webhook secret: {created.webhook_secret}   (shown once; verifies events "
                   f"sent to {client.webhook_url})")


@clients.command("list")
@click.option("--org", "org", required=True, help="The organization (slug or id).")
@click.option("--json", "as_json", is_flag=True)
def list_command(org: str, as_json: bool) -> None:
    """List an organization's clients (never their secrets)."""
    organization = organization_for(org)
    rows = list_clients(db.session, organization)
    if as_json:
        click.echo(json.dumps([{
            "client_id": c.client_id, "name": c.name, "hr_email": c.hr_email, "scope": c.scope,
            "webhook_url": c.webhook_url, "created_at": c.created_at.isoformat(),
            "revoked_at": c.revoked_at.isoformat() if c.revoked_at else None} for c in rows]))
        return
    if not rows:
        click.echo(f"No API clients for {organization.slug}. Create one with 'assay clients "
                   f"create --org {organization.slug} --hr-email EMAIL --scope tests.read'.")
    for c in rows:
        state = f"revoked {c.revoked_at:%Y-%m-%d}" if c.revoked_at else "active"
        click.echo(f"{c.client_id}  {c.name:<24} {c.scope:<22} {c.hr_email}  {state}")


@clients.command("revoke")
@click.argument("client_id")
def revoke(client_id: str) -> None:
    """Revoke a client: its tokens stop working at once."""
    client = find_client(db.session, client_id)
    if client is None:
        raise click.ClickException(f"No API client {client_id!r} (see 'assay clients list').")
    revoke_client(db.session, client)
    db.session.commit()
    click.echo(f"Revoked {client.client_id}; its access tokens no longer work.")


COMMANDS = [clients]
