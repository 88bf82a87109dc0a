"""Numbers typed into the console's forms and query strings: digits that Python's
``str.isdigit`` accepts but ``int`` refuses (superscripts) are a clear error or the
default, never a server error."""

from __future__ import annotations

from tests.console.conftest import sign_in


def test_a_page_number_in_superscript_shows_the_first_page(client, recruiter) -> None:
    sign_in(client, recruiter)
    assert client.get("/console/invitations?page=²").status_code == 200


def test_settings_refuse_a_superscript_expiry_beside_the_field(client, admin) -> None:
    sign_in(client, admin)
    response = client.post("/console/settings", data={
        "valid_days": "²", "max_gap_credit": "5", "gap_unit": "minutes", "language": "uk"})
    assert response.status_code == 422


def test_inviting_refuses_a_superscript_expiry_beside_the_field(client, recruiter) -> None:
    sign_in(client, recruiter)
    response = client.post("/console/invite", data={
        "valid_days": "²", "first_name": "Ada", "last_name": "Lovelace",
        "email": "ada@example.test"})
    assert response.status_code == 422
    assert "Enter a whole number of days" in response.text
