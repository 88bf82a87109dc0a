"""The keys page (admins only): the organization's Greenhouse API keys and its public
API clients; rotating a key, creating and revoking clients.

A new secret is rendered once, in the answer to the POST that made it (never flashed,
so it is not kept in the session), and console pages are never cached (``no-store``).
An API client a URL names is looked up within the admin's own organization; one of
another organization is a 404, exactly like one that does not exist.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import abort, current_app, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import ngettext

from app.console import bp
from app.console.access import current_member, member_required
from app.console.forms import ActionForm, ConfirmForm, CreateClientForm
from app.extensions import db
from app.models import ApiClient, Role, utcnow
from app.models.api_client import SCOPES
from app.services import credentials
from app.services.api_clients import ClientError, create_client, list_clients, revoke_client
from app.webhooks.urls import check_webhook_url, webhook_policy


def _webhook_host(url: str | None) -> str | None:
    return urlsplit(url).hostname if url else None


def _client(client_id: str) -> ApiClient:
    client = credentials.client_of(db.session, current_member().organization_id, client_id)
    if client is None:
        abort(404)
    return client


def _render(client_form: CreateClientForm | None = None) -> str:
    organization = current_member().organization
    return render_template(
        "console/keys.html", organization=organization,
        keys=credentials.greenhouse_keys(db.session, organization), masked=credentials.masked,
        clients=list_clients(db.session, organization), webhook_host=_webhook_host,
        client_form=client_form or CreateClientForm(formdata=None), scopes=SCOPES,
        action=ActionForm(), cache_seconds=current_app.config["API_KEY_CACHE_SECONDS"])


@bp.get("/keys")
@member_required(Role.ADMIN)
def keys() -> str:
    return _render()


@bp.post("/keys/greenhouse/rotate")
@member_required(Role.ADMIN)
def rotate_greenhouse_key() -> ResponseReturnValue:
    if not ActionForm().validate_on_submit():
        return redirect(url_for("console.keys"))
    key = credentials.rotate_greenhouse_key(db.session, current_member().organization,
                                            now=utcnow())
    db.session.commit()
    return render_template("console/key_issued.html", greenhouse_key=key)


@bp.post("/keys/greenhouse/revoke-older")
@member_required(Role.ADMIN)
def revoke_older_greenhouse_keys() -> ResponseReturnValue:
    if ActionForm().validate_on_submit():
        revoked = credentials.revoke_older_greenhouse_keys(
            db.session, current_member().organization, now=utcnow())
        db.session.commit()
        flash(ngettext("%(num)d older key is revoked.", "%(num)d older keys are revoked.",
                       revoked), "success")
    return redirect(url_for("console.keys"))


@bp.post("/keys/clients")
@member_required(Role.ADMIN)
def create_api_client() -> ResponseReturnValue:
    form = CreateClientForm()
    if form.validate_on_submit():
        webhook_url = (form.webhook_url.data or "").strip() or None
        problem = check_webhook_url(webhook_url) if webhook_url else None
        if problem is not None:
            # The policy words its reasons in English only; the page says so in its own
            # language and quotes the reason.
            form.webhook_url.errors = [_("This webhook URL cannot be used: %(reason)s",
                                         reason=problem)]
        else:
            try:
                created = create_client(
                    db.session, current_member().organization,
                    hr_email=form.hr_email.data or "", scopes=list(form.scopes.data or []),
                    name=form.name.data, webhook_url=webhook_url,
                    webhooks=webhook_policy(current_app.config), now=utcnow())
            except ClientError:
                # The form checked the scopes and the address; what is left is an address
                # the stricter normalization refuses.
                db.session.rollback()
                form.hr_email.errors = [_("Enter an email address, like name@example.com.")]
            else:
                db.session.commit()
                return render_template(
                    "console/key_issued.html", created=created,
                    webhook_host=_webhook_host(created.client.webhook_url))
    return _render(form), 422


@bp.get("/keys/clients/<client_id>/revoke")
@member_required(Role.ADMIN)
def confirm_revoke_client(client_id: str) -> ResponseReturnValue:
    """The confirmation step: nothing changes on GET."""
    client = _client(client_id)
    if not client.is_active:
        return redirect(url_for("console.keys"))
    return render_template("console/revoke_client.html", api_client=client,
                           form=ConfirmForm(formdata=None))


@bp.post("/keys/clients/<client_id>/revoke")
@member_required(Role.ADMIN)
def revoke_api_client(client_id: str) -> ResponseReturnValue:
    client = _client(client_id)
    form = ConfirmForm()
    if not form.validate_on_submit():
        return render_template("console/revoke_client.html", api_client=client,
                               form=form), 422
    revoke_client(db.session, client, now=utcnow())
    db.session.commit()
    flash(_("%(name)s is revoked: its tokens stopped working.", name=client.name), "success")
    return redirect(url_for("console.keys"))
