"""/console/sign-in: a member signs in with their address and password; every failure
gets one neutral answer."""

from __future__ import annotations

from argon2 import PasswordHasher

from app.extensions import db
from tests.console.conftest import PASSWORD, sign_in, sign_in_with_password

NEUTRAL = "That email and password do not match an account."


def test_it_shows_the_form(client) -> None:
    page = client.get("/console/sign-in")
    assert page.status_code == 200
    assert 'autocomplete="current-password"' in page.text
    assert 'name="csrf_token"' in page.text


def test_it_signs_in_and_goes_to_the_console(client, admin) -> None:
    response = sign_in_with_password(client, "Ada.Admin@acme.test")
    assert response.status_code == 302
    assert response.headers["Location"] == "/console"
    assert client.get("/console").status_code == 200
    db.session.refresh(admin)
    assert admin.last_sign_in_at is not None


def test_it_returns_to_the_console_page_asked_for(client, admin) -> None:
    response = sign_in_with_password(client, admin.email,
                                     query_string={"next": "/console/team"})
    assert response.headers["Location"] == "/console/team"


def test_it_never_sends_the_member_to_another_site(client, admin) -> None:
    for target in ("https://evil.test/console", "//evil.test/console", "/console\\@evil.test",
                   "/take/x", "//evil.test/results/x"):
        response = sign_in_with_password(client, admin.email, query_string={"next": target})
        assert response.headers["Location"] == "/console", target
        client.post("/console/sign-out", data={})


def test_it_sends_the_member_back_to_the_results_page_that_asked_for_sign_in(
        client, admin) -> None:
    # An organization may require sign-in for its results links (app.results.access).
    response = sign_in_with_password(client, admin.email,
                                     query_string={"next": "/results/iv_x?sig=abc"})
    assert response.headers["Location"] == "/results/iv_x?sig=abc"


def test_a_wrong_password_and_an_unknown_address_get_the_same_answer(client, admin) -> None:
    wrong = sign_in_with_password(client, admin.email, "not the password at all")
    unknown = sign_in_with_password(client, "nobody@acme.test")
    assert wrong.status_code == unknown.status_code == 401
    assert NEUTRAL in wrong.text and NEUTRAL in unknown.text
    assert client.get("/console").status_code == 302


def test_a_deactivated_member_cannot_sign_in(client, organization, make_member) -> None:
    from app.models import Role
    gone = make_member(organization, Role.RECRUITER, "gone@acme.test", active=False)
    assert NEUTRAL in sign_in_with_password(client, gone.email).text


def test_a_member_without_a_password_yet_cannot_sign_in(client, organization,
                                                        make_member) -> None:
    from app.models import Role
    invited = make_member(organization, Role.REVIEWER, "new@acme.test", password=False)
    assert sign_in_with_password(client, invited.email, "").status_code == 422
    assert NEUTRAL in sign_in_with_password(client, invited.email, "anything at all").text


def test_it_refuses_a_post_without_its_csrf_token(client, admin) -> None:
    response = client.post("/console/sign-in",
                           data={"email": admin.email, "password": PASSWORD}, no_csrf=True)
    assert response.status_code == 400


def test_an_empty_form_says_what_is_missing(client) -> None:
    page = client.post("/console/sign-in", data={"email": "", "password": ""})
    assert page.status_code == 422
    assert "Enter your email address." in page.text
    assert "Enter your password." in page.text
    assert 'aria-invalid="true"' in page.text


def test_a_hash_made_with_older_parameters_is_replaced(client, admin) -> None:
    admin.password_hash = PasswordHasher(time_cost=1, memory_cost=8192).hash(PASSWORD)
    db.session.commit()
    old = admin.password_hash
    assert sign_in_with_password(client, admin.email).status_code == 302
    db.session.refresh(admin)
    assert admin.password_hash != old
    assert not PasswordHasher().check_needs_rehash(admin.password_hash)


def test_a_signed_in_member_is_sent_on_to_the_console(client, admin) -> None:
    sign_in(client, admin)
    assert client.get("/console/sign-in").headers["Location"] == "/console"


def test_the_session_cookie_is_http_only_and_same_site(client, admin) -> None:
    response = sign_in_with_password(client, admin.email)
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_console_pages_are_not_cached(client) -> None:
    assert client.get("/console/sign-in").headers["Cache-Control"] == "private, no-store"
