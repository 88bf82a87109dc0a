"""``assay invite``: a candidate invited from the command line, the email queued."""

from __future__ import annotations

import json

import click
from flask import current_app

from app.commands.orgs import organization_for
from app.domain import LANGUAGES
from app.extensions import db
from app.services.catalog import find_test
from app.services.invitations import (
    CandidateDetails,
    InvitationError,
    InvitationRequest,
    create_invitation,
    language_warnings,
)
from app.services.organization_settings import invitation_valid_days


@click.command("invite")
@click.option("--org", "org_ref", required=True, help="Organization slug or id.")
@click.option("--test", "test_slugs", required=True, multiple=True,
              help="Test slug; repeat for a battery taken in order.")
@click.option("--email", required=True)
@click.option("--first-name", required=True)
@click.option("--last-name", required=True)
@click.option("--lang", type=click.Choice(LANGUAGES),
              help="Default: each test's language.")
@click.option("--extra-time", type=click.FloatRange(1.0, 4.0), default=1.0, show_default=True,
              help="Accommodation factor on every time limit, e.g. 1.25 or 1.5.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object with the link.")
def invite(org_ref: str, test_slugs: tuple[str, ...], email: str, first_name: str,
           last_name: str, lang: str | None, extra_time: float, as_json: bool) -> None:
    """Invite a candidate and queue the invitation email."""
    organization = organization_for(org_ref)
    tests, missing = [], []
    for slug in test_slugs:
        test = find_test(db.session, organization, slug)
        (tests.append(test) if test is not None else missing.append(slug))
    if missing:
        raise click.ClickException(
            f"No test {', '.join(map(repr, missing))} for {organization.slug} "
            "(see 'assay banks list').")
    request = InvitationRequest(
        organization=organization, tests=tests, source="cli", language=lang,
        extra_time_factor=extra_time,
        candidate=CandidateDetails(email=email, first_name=first_name, last_name=last_name))
    try:
        created = create_invitation(db.session, request, base_url=current_app.config["BASE_URL"],
                                    valid_days=invitation_valid_days(
                                        organization, current_app.config["INVITATION_VALID_DAYS"]))
    except InvitationError as error:
        raise click.ClickException("\n".join(error.problems)) from None
    db.session.commit()
    invitation = created.invitation
    warnings = language_warnings(tests, lang)
    if as_json:
        click.echo(json.dumps({
            "invitation_id": invitation.public_id, "link": created.link,
            "email": invitation.candidate_email, "organization": organization.slug,
            "tests": [{"slug": a.test.slug, "version": a.test.version, "attempt_id": a.public_id}
                      for a in invitation.attempts],
            "language": invitation.language, "extra_time_factor": invitation.extra_time_factor,
            "expires_at": invitation.expires_at.isoformat(),
            "warnings": [{"code": w.code, "message": w.message} for w in warnings],
        }))
        return
    for warning in warnings:
        click.echo(f"Warning: {warning.message}", err=True)
    click.echo(f"Invited {invitation.display_name} <{invitation.candidate_email}> "
               f"to {', '.join(t.name for t in tests)}; the email is queued.")
    click.echo(f"Candidate link: {created.link}")


COMMANDS = [invite]
