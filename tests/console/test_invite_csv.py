"""/console/invite/csv: upload a CSV file, see every problem in a preview, send the rows
that are fine (one commit), each email through the outbox."""

from __future__ import annotations

import io
import re
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import time_machine
from sqlalchemy import func, select

from app.extensions import db
from app.models import Invitation, OutboxMessage, Test
from app.services import invitation_csv
from tests.console.conftest import emails_to, sign_in
from tests.fixtures.definitions import definition
from tests.fixtures.factories import make_test

GOOD = ("first_name,last_name,email,language,extra_time\n"
        "Ann,Lee,ann@example.com,,\n"
        "Bob,Ray,bob@example.com,uk,50%\n")


@pytest.fixture
def basics(app) -> Test:  # type: ignore[no-untyped-def]
    return make_test(definition(slug="basics", name="Basics"))


def _upload(client, text: str | bytes, **changes: Any):  # type: ignore[no-untyped-def]
    data: dict[str, Any] = {"tests": ["basics"], "language": "", "extra_time": "1",
                            "valid_days": "10"}
    data.update(changes)
    content = text.encode() if isinstance(text, str) else text
    data["file"] = (io.BytesIO(content), "candidates.csv")
    return client.post("/console/invite/csv", data=data,
                       content_type="multipart/form-data")


def _batch(page_text: str) -> str:
    match = re.search(r'name="batch" type="hidden" value="([^"]+)"', page_text) or re.search(
        r'type="hidden" name="batch" value="([^"]+)"', page_text) or re.search(
        r'id="batch" name="batch" type="hidden" value="([^"]+)"', page_text)
    assert match, "no signed batch on the page"
    return match.group(1)


def _count() -> int:
    return db.session.scalar(select(func.count()).select_from(Invitation)) or 0


def test_the_page_documents_the_columns_and_offers_a_template(client, recruiter,
                                                              basics) -> None:
    sign_in(client, recruiter)
    page = client.get("/console/invite/csv")
    assert page.status_code == 200
    assert "first_name, last_name and email are required" in page.text
    assert "or the time added (50%); left blank" in page.text
    assert 'href="/console/invite/csv/template"' in page.text
    template = client.get("/console/invite/csv/template")
    assert template.mimetype == "text/csv"
    assert "attachment" in template.headers["Content-Disposition"]
    assert template.data.startswith(b"\xef\xbb\xbffirst_name,last_name,email,")


def test_the_template_itself_previews_cleanly(client, admin, basics) -> None:
    sign_in(client, admin)
    template = client.get("/console/invite/csv/template").data
    page = _upload(client, template)
    assert page.status_code == 200 and "2 candidates are ready to invite." in page.text


def test_the_preview_lists_every_problem_of_every_row_and_sends_nothing(
        client, recruiter, basics) -> None:
    sign_in(client, recruiter)
    page = _upload(client, GOOD + ",Day,not-an-address,de,9\nAnn,Again,ANN@example.com,,\n")
    assert page.status_code == 200
    text = page.text
    assert "2 candidates are ready to invite." in text
    assert "2 rows have problems and will be skipped" in text
    for message in ("The first name is missing.", "The email address is not valid.",
                    "The language must be en, uk or ru, or blank.",
                    "The extra time must be a factor from 1 to 4 (like 1.5) or the time added "
                    "(like 50%), or blank.",
                    "The same email as line 2: only the first row is sent."):
        assert message in text
    assert "Send 2 invitations" in text
    # Bob's row asks for Ukrainian pages around English questions.
    assert text.count("Questions in another language: Basics.") == 1
    assert _count() == 0 and db.session.scalar(select(OutboxMessage)) is None


def test_sending_invites_exactly_the_valid_rows_in_one_go(client, recruiter,
                                                          basics) -> None:
    sign_in(client, recruiter)
    preview = _upload(client, GOOD + ",Day,not-an-address,,\n", extra_time="1.25",
                      language="en")
    response = client.post("/console/invite/csv/send", data={"batch": _batch(preview.text)})
    assert response.status_code == 302
    assert response.headers["Location"] == "/console/invite/csv"
    invitations = list(db.session.scalars(select(Invitation).order_by(Invitation.id)))
    assert [(i.candidate_email, i.language, i.extra_time_factor) for i in invitations] == [
        ("ann@example.com", "en", 1.25), ("bob@example.com", "uk", 1.5)]
    assert all(i.source == "console" and i.created_by_id == recruiter.id
               and i.sent_by == recruiter.email for i in invitations)
    assert all((i.expires_at - i.created_at).days == 10 for i in invitations)
    assert [e["template"] for e in emails_to("ann@example.com") + emails_to(
        "bob@example.com")] == ["invitation", "invitation"]
    page = client.get("/console/invite/csv")
    assert "2 invitations sent." in page.text
    assert "1 candidate was not invited" in page.text


def test_an_open_invitation_needs_the_box_ticked(client, admin, basics) -> None:
    sign_in(client, admin)
    client.post("/console/invite/csv/send",
                data={"batch": _batch(_upload(client, GOOD).text)})
    assert _count() == 2
    preview = _upload(client, GOOD + "Cy,Day,cy@example.com,,\n")
    assert "2 candidates already have an open invitation" in preview.text
    assert "1 candidate is ready to invite." in preview.text
    first = db.session.scalars(select(Invitation).order_by(Invitation.id)).first()
    assert first is not None
    assert f'href="/console/invitations/{first.public_id}"' in preview.text
    assert 'data-label-without="Send 1 invitation"' in preview.text
    assert 'data-label-with="Send 3 invitations"' in preview.text
    batch = _batch(preview.text)
    client.post("/console/invite/csv/send", data={"batch": batch})
    assert _count() == 3
    client.post("/console/invite/csv/send", data={"batch": batch, "include_duplicates": "1"})
    # Cy has an open invitation by now too: sent again only because the box is ticked.
    assert _count() == 6


def test_a_changed_batch_is_refused(client, recruiter, basics) -> None:
    sign_in(client, recruiter)
    batch = _batch(_upload(client, GOOD).text)
    tampered = batch[:-3] + ("aaa" if not batch.endswith("aaa") else "bbb")
    page = client.post("/console/invite/csv/send", data={"batch": tampered})
    assert page.status_code == 400
    assert "This preview has expired or was changed" in page.text
    assert _count() == 0


def test_another_members_batch_is_refused(client, recruiter, admin, outsider,
                                          basics) -> None:
    sign_in(client, recruiter)
    batch = _batch(_upload(client, GOOD).text)
    for someone in (admin, outsider):
        sign_in(client, someone)
        assert client.post("/console/invite/csv/send",
                           data={"batch": batch}).status_code == 400
    assert _count() == 0


def test_an_old_preview_is_refused(client, recruiter, basics) -> None:
    sign_in(client, recruiter)
    batch = _batch(_upload(client, GOOD).text)
    with time_machine.travel(datetime.now(UTC) + timedelta(hours=2, minutes=1)):
        page = client.post("/console/invite/csv/send", data={"batch": batch})
    assert page.status_code == 400 and "This preview has expired" in page.text
    assert _count() == 0


def test_a_preview_sends_within_its_time(client, recruiter, basics) -> None:
    sign_in(client, recruiter)
    batch = _batch(_upload(client, GOOD).text)
    with time_machine.travel(datetime.now(UTC) + timedelta(hours=1, minutes=59)):
        assert client.post("/console/invite/csv/send",
                           data={"batch": batch}).status_code == 302
    assert _count() == 2


def test_a_test_retired_since_the_preview_is_refused(client, recruiter, basics) -> None:
    sign_in(client, recruiter)
    batch = _batch(_upload(client, GOOD).text)
    basics.active = False
    db.session.commit()
    page = client.post("/console/invite/csv/send", data={"batch": batch})
    assert page.status_code == 409 and "no longer offered" in page.text
    assert _count() == 0


@pytest.mark.parametrize(("content", "message"), [
    (b"", "The file is empty."),
    ("first_name,last_name,email\nОлена,К,o@example.com\n".encode("cp1251"),
     "The file is not in UTF-8"),
    (b"name,email\nAnn,a@example.com\n", "missing: first_name, last_name."),
    (("first_name,last_name,email\n" + "Ann,Lee,a@example.com\n" * 1001).encode(),
     "The file has 1001 rows; at most 1000"),
    (b"first_name,last_name,email\n" + b"x" * 40_000, "larger than 29 KB"),
])
def test_a_file_that_cannot_be_read_is_refused_next_to_the_file_field(
        client, recruiter, basics, monkeypatch, content: bytes, message: str) -> None:
    # A small limit: a test request over 500 KB leaves the test client's temporary file open.
    monkeypatch.setattr(invitation_csv, "MAX_BYTES", 30_000)
    sign_in(client, recruiter)
    page = _upload(client, content, valid_days="12")
    assert page.status_code == 422
    assert 'id="file-error">' in page.text and message in page.text
    assert 'name="valid_days" value="12"' in page.text
    assert _count() == 0


def test_the_form_fields_are_checked_too(client, recruiter, basics) -> None:
    sign_in(client, recruiter)
    page = _upload(client, GOOD, tests=[], valid_days="400")
    assert page.status_code == 422
    assert 'id="tests-error">Choose at least one test.' in page.text
    assert 'id="valid_days-error">' in page.text
    page = client.post("/console/invite/csv", data={"tests": ["basics"], "extra_time": "1",
                                                    "valid_days": "3"},
                       content_type="multipart/form-data")
    assert 'id="file-error">Choose a CSV file to upload.' in page.text
