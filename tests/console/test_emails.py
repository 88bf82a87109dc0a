"""The team's account emails (an invitation to join, a password reset) match their saved
snapshots in every language. Refresh after an intended change with
``ASSAY_UPDATE_SNAPSHOTS=1 pytest tests/console/test_emails.py``."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from app.services.mail import render_email

SNAPSHOTS = Path(__file__).parent / "snapshots"
UPDATE_SNAPSHOTS = os.environ.get("ASSAY_UPDATE_SNAPSHOTS") == "1"
LINK = "https://assay.example/console/password/abcdefghijkl0123456789"
EXPIRES = datetime(2026, 7, 1, 12, 0, tzinfo=UTC)
CONTEXTS: dict[str, dict[str, Any]] = {
    "team_invitation": {"organization_name": "Acme Corp", "link": LINK, "expires_at": EXPIRES,
                        "role": "recruiter", "inviter_email": "ada.admin@acme.test"},
    "password_reset": {"organization_name": "Acme Corp", "link": LINK, "expires_at": EXPIRES},
}


def _matches_snapshot(name: str, content: str) -> None:
    path = SNAPSHOTS / name
    if UPDATE_SNAPSHOTS or not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8")
        if not UPDATE_SNAPSHOTS:
            pytest.fail(f"snapshot {name} was missing and has been written; review and commit it")
    assert content == path.read_text(encoding="utf-8"), (
        f"{name} differs from its snapshot; if the change is intended, refresh with "
        "ASSAY_UPDATE_SNAPSHOTS=1")


@pytest.mark.parametrize("language", ["en", "uk", "ru"])
@pytest.mark.parametrize("template", sorted(CONTEXTS))
def test_it_matches_its_snapshot(app, template: str, language: str) -> None:
    email = render_email(template, language, CONTEXTS[template])
    _matches_snapshot(f"{template}.{language}.txt", f"Subject: {email.subject}\n\n{email.text}")
    if language == "en":
        _matches_snapshot(f"{template}.en.html", email.html)


def test_the_link_is_in_both_parts(app) -> None:
    email = render_email("password_reset", "en", CONTEXTS["password_reset"])
    assert LINK in email.text and f'href="{LINK}"' in email.html
