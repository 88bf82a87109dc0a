"""The cookie session is for browsers: API callers never get one."""

from __future__ import annotations

from tests.greenhouse.conftest import basic


def test_it_sets_no_session_cookie_on_api_calls(client, greenhouse_key) -> None:
    response = client.get("/api/greenhouse/list_tests?lang=uk", headers=basic(greenhouse_key.value))
    assert response.status_code == 200
    assert "Set-Cookie" not in response.headers


def test_it_ignores_a_session_cookie_sent_to_the_api(client, greenhouse_key) -> None:
    client.get("/?lang=uk")  # a browser visit: the session now holds a language
    assert client.get_cookie("session") is not None
    response = client.get("/api/greenhouse/list_tests", headers=basic(greenhouse_key.value))
    assert response.status_code == 200
    assert "Set-Cookie" not in response.headers


def test_it_still_remembers_a_browsers_language_choice(client) -> None:
    response = client.get("/?lang=uk")
    assert "session=" in response.headers.get("Set-Cookie", "")
    assert '<html lang="uk">' in client.get("/").get_data(as_text=True)
