"""GET /console/invitations.csv: exactly the list's selection, streamed in chunks, safe to
open in a spreadsheet."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest

from app.domain import AttemptState
from app.models import Organization, Test, utcnow
from app.services.invitation_export import HEADER, ROWS_PER_CHUNK, neutralize
from tests.console.conftest import sign_in
from tests.console.invitation_factory import make_invitation
from tests.fixtures.definitions import NOW


def rows_of(body: bytes) -> list[list[str]]:
    assert body.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


@pytest.fixture
def listed(organization: Organization, basics_test: Test):  # type: ignore[no-untyped-def]
    make_invitation(organization, [basics_test], first_name="=HYPERLINK(\"x\")",
                    last_name="+Evil", email="@mail@example.test", preferred_name="-1",
                    created_at=NOW - timedelta(days=1))
    make_invitation(organization, [basics_test], first_name="Олена", last_name="Коваленко",
                    state=AttemptState.COMPLETED, score=75.0, source="greenhouse",
                    created_at=NOW)


def test_it_streams_the_filtered_selection_with_a_dated_file_name(client, recruiter,
                                                                  listed) -> None:
    sign_in(client, recruiter)
    response = client.get("/console/invitations.csv?status=completed")
    assert response.status_code == 200
    assert response.is_streamed
    assert response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"] == (
        f'attachment; filename="invitations-{utcnow():%Y-%m-%d}.csv"')
    rows = rows_of(response.get_data())
    assert rows[0] == list(HEADER)
    assert len(rows) == 2
    olena = dict(zip(HEADER, rows[1], strict=True))
    assert (olena["first_name"], olena["last_name"]) == ("Олена", "Коваленко")
    assert (olena["status"], olena["score_percent"], olena["source"]) == (
        "completed", "75.00", "greenhouse")
    assert olena["tests"] == "Basics" and olena["test_versions"] == "basics v1"
    assert olena["sent_at"] == "2026-03-02T09:00:00+00:00"
    assert olena["console_url"] == (
        f"http://assay.test/console/invitations/{olena['invitation_id']}")


def test_cells_that_a_spreadsheet_would_run_are_kept_as_text(client, recruiter, listed) -> None:
    sign_in(client, recruiter)
    rows = rows_of(client.get("/console/invitations.csv?sort=sent&order=asc").get_data())
    evil = dict(zip(HEADER, rows[1], strict=True))
    assert evil["first_name"] == "'=HYPERLINK(\"x\")"
    assert evil["last_name"] == "'+Evil"
    assert evil["preferred_name"] == "'-1"
    assert evil["email"] == "'@mail@example.test"


@pytest.mark.parametrize(("cell", "safe"), [
    ("=1+1", "'=1+1"), ("+1", "'+1"), ("-2", "'-2"), ("@SUM(A1)", "'@SUM(A1)"),
    ("\tx", "'\tx"), ("\rx", "'\rx"), ("Ada", "Ada"), ("a=b", "a=b"), ("", "")])
def test_neutralize(cell: str, safe: str) -> None:
    assert neutralize(cell) == safe


def test_a_large_export_is_written_in_chunks_while_it_is_read(client, recruiter, organization,
                                                              basics_test) -> None:
    count = ROWS_PER_CHUNK * 2 + 50
    for number in range(count):
        make_invitation(organization, [basics_test], first_name=f"P{number}",
                        last_name="Person", created_at=NOW)
    sign_in(client, recruiter)
    response = client.get("/console/invitations.csv")
    chunks = list(response.response)  # the body as the server sends it, chunk by chunk
    assert len(chunks) == 1 + 3  # the header, then ROWS_PER_CHUNK rows at a time
    assert sum(chunk.count(b"\r\n") for chunk in chunks[1:]) == count
    assert len(rows_of(b"".join(chunks))) == count + 1


def test_a_bad_filter_exports_nothing_and_goes_back_to_the_list_that_explains(
        client, recruiter, listed) -> None:
    sign_in(client, recruiter)
    response = client.get("/console/invitations.csv?status=completed&score_min=abc")
    assert response.status_code == 302
    assert response.location == "/console/invitations?status=completed&score_min=abc"
    assert client.get(response.location).status_code == 422
