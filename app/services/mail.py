"""Compose emails in the recipient's language and queue them in the outbox.

Rendering happens here, at enqueue time, inside the caller's transaction: the worker then
needs no request, no templates and no translations, and the message a candidate gets is
the one the snapshot tests saw.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_time
from babel.numbers import format_percent
from flask import current_app
from flask_babel import force_locale, get_translations
from jinja2 import Environment

from app.database import DbSession
from app.models import Invitation, OutboxMessage
from app.services.outbox import enqueue

EMAIL_KIND = "email"

# What each template needs from the caller; a missing key is a bug, caught at enqueue.
# Optional keys are listed in each template's comment.
REQUIRED_CONTEXT: dict[str, frozenset[str]] = {
    # tests: [{"name": str, "minutes": int (extra time included), "question_count": int?}]
    "invitation": frozenset({"organization_name", "candidate_name", "tests", "link",
                             "expires_at"}),
    # HR's copy of an invitation (public API, sendCopyToHr): everything but the link.
    "invitation_copy": frozenset({"organization_name", "candidate_name", "candidate_email",
                                  "tests", "expires_at"}),
    "completion_notice": frozenset({"organization_name", "candidate_name", "test_name",
                                    "results_url"}),
    "review_needed": frozenset({"organization_name", "candidate_name", "test_name",
                                "results_url"}),
    # To a new team member: the link that sets their first password.
    "team_invitation": frozenset({"organization_name", "link", "expires_at", "role",
                                  "inviter_email"}),
    "password_reset": frozenset({"organization_name", "link", "expires_at"}),
    # To a candidate who has not started, before the link expires: no link (the
    # invitation's stays the only one), where to find it and until when it works.
    # test_names: [str]; invited_at, expires_at: datetime or ISO string.
    "invitation_reminder": frozenset({"organization_name", "candidate_name", "test_names",
                                      "invited_at", "expires_at"}),
    # To the candidate once every test is finished: no score. test_names: [str];
    # submitted_at: datetime or ISO string.
    "submission_receipt": frozenset({"organization_name", "candidate_name", "test_names",
                                     "submitted_at"}),
}


def dev_mail_enabled(config: Mapping[str, Any]) -> bool:
    """Whether mail without a MAIL_SERVER is kept for the development mailbox (/dev/mail).
    Never in production, whatever DEV_MAIL says: the mailbox shows candidates' links."""
    return bool(config["DEV_MAIL"]) and config["ENV_NAME"] != "production"


@dataclass(frozen=True)
class RenderedEmail:
    subject: str
    text: str
    html: str


def render_email(template: str, language: str, context: Mapping[str, Any]) -> RenderedEmail:
    """Render ``templates/emails/<template>.subject.txt``, ``.txt`` and ``.html`` in
    ``language``. Needs an app context, not a request.

    Raises ValueError for an unknown template or language, or missing context keys.
    """
    if template not in REQUIRED_CONTEXT:
        raise ValueError(f"unknown email template {template!r}")
    if language not in current_app.config["LANGUAGES"]:
        raise ValueError(f"unsupported email language {language!r}")
    missing = REQUIRED_CONTEXT[template] - context.keys()
    if missing:
        raise ValueError(f"email {template!r} needs {', '.join(sorted(missing))} in its context")
    variables = {**_helpers(language, str(context.get("timezone") or "UTC")), **context,
                 "language": language}
    environment = _environment(language)
    subject = environment.get_template(f"emails/{template}.subject.txt").render(variables)
    subject = " ".join(subject.split())  # one line: a header cannot hold a line break
    text = _tidy(environment.get_template(f"emails/{template}.txt").render(variables))
    html = environment.get_template(f"emails/{template}.html").render(
        {**variables, "subject": subject})
    return RenderedEmail(subject=subject, text=text, html=html)


_ENVIRONMENTS = "assay_email_environments"


def _environment(language: str) -> Environment:
    """The app's Jinja environment with ``language``'s translations built in, made once
    per language and app. Through the app's own environment every ``{% trans %}`` asks
    flask_babel for the current locale's catalogue again (context-local look-ups on each
    of an email's dozens of messages: a third of its rendering, docs/performance.md),
    although an email's language is fixed. Emails use no context processor (they are
    rendered outside requests too), so none is run."""
    environments: dict[str, Environment] = current_app.extensions.setdefault(_ENVIRONMENTS, {})
    environment = environments.get(language)
    if environment is None:
        with force_locale(language):
            translations = get_translations()
        parent = current_app.jinja_env
        # A new environment like the app's (a compiled template belongs to one
        # environment; an overlay would share, and install into, the app's gettext).
        environment = current_app.create_jinja_environment()
        environment.filters.update(parent.filters)
        environment.tests.update(parent.tests)
        environment.globals.update(parent.globals)
        for extension in parent.extensions:
            environment.add_extension(extension)
        environment.install_gettext_translations(  # type: ignore[attr-defined]  # added by the i18n extension
            translations, newstyle=True)
        environments[language] = environment
    return environment


def queue_email(session: DbSession, *, template: str, to: str, language: str,
                context: Mapping[str, Any], organization_id: int | None,
                reply_to: str | None = None,
                invitation: Invitation | None = None) -> OutboxMessage:
    """Render an email and add it to the outbox in ``session`` (not committed: it is sent
    only if the caller's transaction commits).

    ``reply_to`` is where answers go (the hiring team); the invitation mentions it for
    accommodation requests. Raises ValueError as :func:`render_email` does.
    """
    rendered = render_email(template, language, {**context, "reply_to": reply_to})
    payload = {
        "to": to,
        "subject": rendered.subject,
        "text": rendered.text,
        "html": rendered.html,
        "reply_to": reply_to,
        "language": language,
        "template": template,
    }
    return enqueue(session, EMAIL_KIND, payload, organization_id=organization_id,
                   invitation=invitation)


def _tidy(text: str) -> str:
    """Plain-text templates stay readable with their tags on lines of their own: drop the
    blank lines those leave behind (at most one blank line in a row) and trailing spaces."""
    lines = [line.rstrip() for line in text.strip().splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)) + "\n"


def _helpers(language: str, timezone: str) -> dict[str, Callable[..., Any]]:
    """Formatting for templates, bound to the email's language rather than the request's
    (the sender's browser says nothing about the recipient)."""
    zone = ZoneInfo(timezone)

    def when(value: datetime | str) -> str:
        """e.g. "June 1, 2026, 9:00 AM UTC" / "1 червня 2026 р., 09:00 UTC"."""
        if isinstance(value, str):
            value = datetime.fromisoformat(value)
        local = value.astimezone(zone)
        date = format_date(local, "long", locale=language)
        time = format_time(local, "short", tzinfo=zone, locale=language)
        return f"{date}, {time} {timezone}"

    def percent(value: float) -> str:
        return format_percent(value / 100, "#,##0.#%", locale=language)

    return {"format_when": when, "format_percent": percent}
