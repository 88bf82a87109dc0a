"""/console/invite: a recruiter or admin invites one candidate to a test or a battery."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import Invitation, OutboxMessage, Test, utcnow
from tests.console.conftest import emails_to, sign_in
from tests.fixtures.definitions import definition
from tests.fixtures.factories import make_test


@pytest.fixture
def tests(organization) -> dict[str, Test]:  # type: ignore[no-untyped-def]
    """A library test in English, Acme's own test in Ukrainian, and Globex's test."""
    return {
        "basics": make_test(definition(slug="basics", name="Basics")),
        "acme-uk": make_test(definition(slug="acme-uk", name="Acme (UK)", language="uk"),
                             organization=organization),
        "retired": make_test(definition(slug="retired", name="Retired"), active=False),
    }


def _data(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {"first_name": "Olena", "last_name": "Kovalenko",
                            "preferred_name": "", "email": "Olena@Example.com",
                            "tests": ["basics"], "language": "", "extra_time": "1",
                            "valid_days": "14"}
    data.update(changes)
    return data


def _invitations() -> list[Invitation]:
    return list(db.session.scalars(select(Invitation).order_by(Invitation.id)))


def test_the_form_offers_the_organizations_active_tests_and_its_expiry(
        client, recruiter, organization, tests, other_org) -> None:
    make_test(definition(slug="globex-only", name="Globex only"), organization=other_org)
    organization.invitation_valid_days = 9
    db.session.commit()
    sign_in(client, recruiter)
    page = client.get("/console/invite")
    assert page.status_code == 200
    assert 'value="basics"' in page.text and 'value="acme-uk"' in page.text
    assert 'value="retired"' not in page.text and "globex-only" not in page.text
    assert 'name="valid_days" value="9"' in page.text
    assert ">50% more time</option>" in page.text


def test_the_expiry_defaults_to_the_setting_when_the_organization_has_none(
        client, admin, tests) -> None:
    sign_in(client, admin)
    assert 'name="valid_days" value="30"' in client.get("/console/invite").text


def test_it_sends_the_invitation_through_the_outbox_and_confirms_with_a_link(
        client, recruiter, tests) -> None:
    sign_in(client, recruiter)
    response = client.post("/console/invite", data=_data(
        tests=["acme-uk", "basics"], preferred_name="Lena", extra_time="1.5"))
    [invitation] = _invitations()
    assert response.status_code == 302
    assert response.headers["Location"] == f"/console/invite?sent={invitation.public_id}"
    assert invitation.source == "console" and invitation.created_by_id == recruiter.id
    assert invitation.sent_by == recruiter.email
    assert invitation.candidate_email == "Olena@example.com"
    assert [a.test.slug for a in invitation.attempts] == ["acme-uk", "basics"]
    assert invitation.extra_time_factor == 1.5 and invitation.language is None
    assert invitation.preferred_name == "Lena"
    assert (invitation.expires_at - invitation.created_at).days == 14
    [email] = emails_to("Olena@example.com")
    assert email["template"] == "invitation"
    row = db.session.scalar(select(OutboxMessage))
    assert row is not None and row.invitation_id == invitation.id

    page = client.get(response.headers["Location"])
    assert "Invitation sent to Lena" in page.text
    assert f'href="/console/invitations/{invitation.public_id}"' in page.text


def test_a_language_other_than_a_tests_is_pointed_out_after_sending(
        client, admin, tests) -> None:
    sign_in(client, admin)
    response = client.post("/console/invite", data=_data(
        tests=["basics", "acme-uk"], language="uk"))
    page = client.get(response.headers["Location"])
    assert "the questions of these tests are in another language" in page.text
    assert "Basics: English" in page.text and "Acme (UK):" not in page.text


def test_a_test_in_the_invitations_language_gets_no_note(client, admin, tests) -> None:
    sign_in(client, admin)
    response = client.post("/console/invite", data=_data(language="en"))
    assert "in another language" not in client.get(response.headers["Location"]).text


def test_a_sent_invitation_of_another_organization_is_not_shown(
        client, admin, outsider, tests) -> None:
    sign_in(client, admin)
    response = client.post("/console/invite", data=_data())
    sign_in(client, outsider)
    page = client.get(response.headers["Location"])
    assert page.status_code == 200 and "Olena" not in page.text


@pytest.mark.parametrize(("changes", "field", "message"), [
    ({"first_name": " "}, "first_name", "Enter the candidate&#39;s first name."),
    ({"last_name": ""}, "last_name", "Enter the candidate&#39;s last name."),
    ({"first_name": "x" * 201}, "first_name", "Use at most 200 characters."),
    ({"email": ""}, "email", "Enter the candidate&#39;s email address."),
    ({"email": "olena@"}, "email", "Enter an email address, like name@example.com."),
    ({"tests": []}, "tests", "Choose at least one test."),
    ({"tests": ["retired"]}, "tests", "A chosen test is no longer offered"),
    ({"language": "de"}, "language", "Choose one of the languages."),
    ({"extra_time": "5"}, "extra_time", "Choose the extra time from the list."),
    ({"valid_days": "0"}, "valid_days", "Enter a whole number of days from 1 to 365."),
    ({"valid_days": "two"}, "valid_days", "Enter a whole number of days from 1 to 365."),
])
def test_each_problem_is_shown_next_to_its_field_and_nothing_typed_is_lost(
        client, recruiter, tests, changes: dict[str, Any], field: str, message: str) -> None:
    sign_in(client, recruiter)
    page = client.post("/console/invite", data=_data(**changes))
    assert page.status_code == 422
    assert f'id="{field}-error">{message}' in page.text
    assert 'value="Kovalenko"' in page.text or field == "last_name"
    assert _invitations() == [] and emails_to("Olena@example.com") == []


def test_a_battery_keeps_its_ticked_tests_when_a_field_is_wrong(client, admin, tests) -> None:
    sign_in(client, admin)
    page = client.post("/console/invite", data=_data(tests=["basics", "acme-uk"], email="x"))
    assert 'value="basics" checked' in page.text and 'value="acme-uk" checked' in page.text


def test_a_second_open_invitation_to_the_same_test_asks_first(client, recruiter,
                                                             tests) -> None:
    sign_in(client, recruiter)
    client.post("/console/invite", data=_data())
    [first] = _invitations()
    page = client.post("/console/invite", data=_data(email="olena@EXAMPLE.com",
                                                     tests=["basics", "acme-uk"]))
    assert page.status_code == 200
    assert "already has an open invitation" in page.text
    assert f'href="/console/invitations/{first.public_id}"' in page.text
    assert 'name="confirm_duplicate" value="1"' in page.text
    assert len(_invitations()) == 1 and len(emails_to("Olena@example.com")) == 1
    assert "in another language" not in page.text

    response = client.post("/console/invite", data=_data(
        email="olena@EXAMPLE.com", tests=["basics", "acme-uk"], confirm_duplicate="1"))
    assert response.status_code == 302
    assert len(_invitations()) == 2 and len(emails_to("olena@example.com")) == 1


def test_changing_the_details_from_the_confirmation_keeps_them(client, admin, tests) -> None:
    sign_in(client, admin)
    client.post("/console/invite", data=_data())
    page = client.post("/console/invite", data=_data(preferred_name="Lena", edit="1"))
    assert page.status_code == 200 and 'value="Lena"' in page.text
    assert len(_invitations()) == 1


@pytest.mark.parametrize("closed", ["cancelled", "expired"])
def test_a_closed_invitation_does_not_ask(client, admin, tests, closed: str) -> None:
    sign_in(client, admin)
    client.post("/console/invite", data=_data())
    [first] = _invitations()
    if closed == "cancelled":
        first.cancel(utcnow())
    else:
        first.expires_at = utcnow()
    db.session.commit()
    assert client.post("/console/invite", data=_data()).status_code == 302
    assert len(_invitations()) == 2


def test_an_open_invitation_to_another_test_or_in_another_organization_does_not_ask(
        client, admin, outsider, tests) -> None:
    make_test(definition(slug="globex-test"), organization=outsider.organization)
    sign_in(client, outsider)
    assert client.post("/console/invite", data=_data()).status_code == 302
    sign_in(client, admin)
    client.post("/console/invite", data=_data(tests=["acme-uk"]))
    assert client.post("/console/invite", data=_data()).status_code == 302
    assert len(_invitations()) == 3


def test_the_confirmation_step_also_points_out_a_language_mismatch(client, admin,
                                                                   tests) -> None:
    sign_in(client, admin)
    client.post("/console/invite", data=_data())
    page = client.post("/console/invite", data=_data(language="ru"))
    assert "already has an open invitation" in page.text
    assert "Basics: English" in page.text
