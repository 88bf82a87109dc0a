"""The candidate's reminder and submission receipt, compared with saved snapshots
(refresh: ``ASSAY_UPDATE_SNAPSHOTS=1``, then review the diff)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from app.services.mail import render_email
from tests.services.test_mail import assert_matches_snapshot

CONTEXTS: dict[str, dict[str, Any]] = {
    "invitation_reminder": {
        "candidate_name": "Olena Petrenko", "organization_name": "Acme Corp",
        "test_names": ["Python fundamentals", "SQL analytics"],
        "invited_at": datetime(2026, 6, 1, 9, 0, tzinfo=UTC).isoformat(),
        "expires_at": datetime(2026, 7, 1, 12, 0, tzinfo=UTC).isoformat(),
        "reply_to": "hr@acme.test"},
    "submission_receipt": {
        "candidate_name": "Olena Petrenko", "organization_name": "Acme Corp",
        "test_names": ["Python fundamentals"],
        "submitted_at": datetime(2026, 6, 3, 14, 5, tzinfo=UTC).isoformat(),
        "reply_to": "hr@acme.test"},
}


@pytest.mark.parametrize("template", sorted(CONTEXTS))
def test_the_candidates_emails_match_their_snapshots(app, template: str) -> None:  # type: ignore[no-untyped-def]
    email = render_email(template, "en", CONTEXTS[template])
    assert_matches_snapshot(f"{template}.en.txt", f"Subject: {email.subject}\n\n{email.text}")
    assert_matches_snapshot(f"{template}.en.html", email.html)


def test_the_reminder_without_a_reply_address_does_not_offer_a_reply(app) -> None:  # type: ignore[no-untyped-def]
    email = render_email("invitation_reminder", "en",
                         {**CONTEXTS["invitation_reminder"], "reply_to": None})
    assert "reply to this email" not in email.text


@pytest.mark.parametrize("template", sorted(CONTEXTS))
def test_a_missing_value_is_refused(app, template: str) -> None:  # type: ignore[no-untyped-def]
    context = dict(CONTEXTS[template])
    context.pop("organization_name")
    with pytest.raises(ValueError, match="organization_name"):
        render_email(template, "en", context)
