"""No candidate link, results URL or callback URL lies in the database in plain text: not
while the emails and the PATCH wait in the outbox, and not after they went out."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import MetaData, make_url, select

from app.extensions import db
from app.jobs import deliver_outbox
from app.models import OutboxMessage, utcnow
from app.services.completion import finalize_attempt
from app.services.invitations import (
    CandidateDetails,
    InvitationRequest,
    create_invitation,
)
from tests.fixtures.servers import Mailbox
from tests.jobs.conftest import CallbackServer

URL = re.compile(r"http://assay\.test/[^\s<>\"']+")


@pytest.fixture
def app_config(smtp_server: Mailbox) -> dict[str, Any]:
    return {"MAIL_SERVER": smtp_server.host, "MAIL_PORT": smtp_server.port,
            "CALLBACK_ALLOW_HTTP": True, "CALLBACK_ALLOWED_HOSTS": ["127.0.0.1"],
            "CALLBACK_ALLOWED_PORTS": ["*"], "CALLBACK_ALLOWED_NETWORKS": ["127.0.0.0/8"],
            "CALLBACK_TIMEOUT_SECONDS": 1}


def _everything_stored() -> str:
    """Every value of every column of every table, as text; on SQLite also the raw bytes
    of the database file and its journal (which keep what a row once held)."""
    engine = db.engine
    tables = MetaData()
    tables.reflect(bind=engine)
    parts = []
    with engine.connect() as conn:
        for table in tables.sorted_tables:
            for row in conn.execute(select(table)):
                parts.extend(json.dumps(value, default=str) if isinstance(value, (dict, list))
                             else str(value) for value in row)
    if engine.dialect.name == "sqlite":
        path = Path(str(make_url(str(engine.url)).database))
        for stored in (path, Path(f"{path}-wal"), Path(f"{path}-journal")):
            if stored.exists():
                parts.append(stored.read_bytes().decode("latin-1"))
    return "\n".join(parts)


def _complete_an_invitation(client, organization, test, callback_url: str) -> str:  # type: ignore[no-untyped-def]
    """Invite a candidate (the email with the link is queued), let them start through
    their link, and finish the attempt (the team's email and the PATCH are queued).
    Returns the candidate's link."""
    created = create_invitation(
        db.session,
        InvitationRequest(organization=organization, tests=[test], source="cli",
                          callback_url=callback_url,
                          candidate=CandidateDetails(email="olena@example.test",
                                                     first_name="Olena", last_name="Petrenko")),
        base_url="http://assay.test", valid_days=30)
    db.session.commit()
    assert created.link is not None
    path = created.link.removeprefix("http://assay.test")
    assert client.post(f"{path}/start", data={"tz": "Europe/Kyiv"}).status_code == 302
    attempt = created.invitation.attempts[0]
    db.session.refresh(attempt)
    finalize_attempt(db.session, attempt, now=utcnow(), reason="submitted")
    db.session.commit()
    return created.link


@pytest.mark.committing  # reads what reached the database file
def test_no_link_or_url_is_stored_in_plain_text_before_or_after_delivery(  # type: ignore[no-untyped-def]
        client, organization, basics_test, greenhouse_key, smtp_server,
        callback_server: CallbackServer) -> None:
    callback_url = callback_server.url("/integrations/take_home_tests/77?secret=cb-token-1")
    link = _complete_an_invitation(client, organization, basics_test, callback_url)
    kinds = sorted(m.kind for m in db.session.scalars(select(OutboxMessage)))
    assert kinds == ["email", "email", "email", "greenhouse_patch"]  # and the receipt
    before = _everything_stored()

    while deliver_outbox.run_once():
        pass
    after = _everything_stored()

    # What went out holds the secrets, so they are the ones to look for.
    received = smtp_server.wait_for(3)
    urls = {url for message in received
            for url in URL.findall(message.get_body(("plain",)).get_content())}
    results_urls = {url for url in urls if "/results/" in url}
    assert link in urls and results_urls
    assert [r.path for r in callback_server.requests] == [
        "/integrations/take_home_tests/77?secret=cb-token-1"]
    secrets = {link, link.rsplit("/", 1)[1]} | results_urls | {
        url.rsplit("/", 1)[1] for url in results_urls}
    for secret in secrets:
        assert secret not in before, f"{secret!r} stored in plain text before delivery"
        assert secret not in after, f"{secret!r} stored in plain text after delivery"
    # The callback URL is the invitation's own (Greenhouse gave it); the outbox keeps none.
    outbox_text = " ".join(str(value) for row in db.session.execute(
        select(OutboxMessage.__table__)) for value in row)
    assert "cb-token-1" not in outbox_text
    assert "take_home_tests" not in outbox_text


def test_delivered_rows_keep_their_record_but_not_their_body(  # type: ignore[no-untyped-def]
        client, organization, basics_test, greenhouse_key, smtp_server,
        callback_server: CallbackServer) -> None:
    _complete_an_invitation(client, organization, basics_test, callback_server.url())

    while deliver_outbox.run_once():
        pass

    rows = db.session.execute(select(OutboxMessage.__table__)).mappings().all()
    assert len(rows) == 4
    for row in rows:
        assert (row["status"], row["sealed_payload"]) == ("sent", None)
        assert row["body_dropped_at"] is not None and row["sent_at"] is not None
    assert sorted(row["recipient"] for row in rows) == [
        f"127.0.0.1:{callback_server.port}", "hr@acme.test", "olena@example.test",
        "olena@example.test"]  # the invitation and the submission receipt
