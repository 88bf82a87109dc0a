"""Candidate-side fixtures: small test definitions, invitations with their link, and
helpers that drive the pages the way a browser does."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from app.extensions import db
from app.models import Attempt, Invitation
from tests.fixtures.definitions import (  # noqa: F401  (re-exported for the tests here)
    NOW,
    definition,
    essay,
    invite,
    multi,
    numeric,
    option,
    ordering,
    section,
    short_text,
    single,
    true_false,
)


@dataclass
class Taking:
    """Drives the candidate pages like a browser without JavaScript."""

    client: FlaskClient
    link: str

    def start(self, tz: str = "Europe/Kyiv") -> Any:
        return self.client.post(f"{self.link}/start", data={"tz": tz})

    def follow(self, response: Any) -> Any:
        while response.status_code in (301, 302, 303):
            response = self.client.get(response.headers["Location"])
        return response

    def answer(self, url: str, question_id: str, move: str = "next", **fields: Any) -> Any:
        return self.client.post(url, data={"question_id": question_id, "move": move, **fields})

    def api(self, attempt: Attempt, endpoint: str, payload: dict[str, Any]) -> Any:
        return self.client.post(f"/take/{attempt.public_id}/api/{endpoint}", json=payload,
                                headers={"X-CSRFToken": self.client.csrf_token()})


@pytest.fixture
def taking(client: FlaskClient, invited_candidate: tuple[Invitation, str]) -> Taking:
    return Taking(client=client, link=invited_candidate[1])


@pytest.fixture
def new_browser(app: Flask) -> Callable[[], FlaskClient]:
    """Another browser (its own cookies), e.g. after closing this one or on a phone."""
    from tests.conftest import CSRFClient

    def make() -> FlaskClient:
        app.test_client_class = CSRFClient
        return app.test_client()

    return make


def question_url(attempt: Attempt, section_index: int, question_index: int) -> str:
    return f"/take/{attempt.public_id}/{section_index}/{question_index}"


def attempt_of(invitation: Invitation, position: int = 0) -> Attempt:
    db.session.expire_all()
    return db.session.get(Invitation, invitation.id).attempts[position]  # type: ignore[union-attr]


def inline_scripts(html: str) -> list[str]:
    """Script elements with a body (executable inline code), JSON data blocks excepted."""
    # The body is matched up to its own </script>, so an empty <script src> followed by
    # another script is not taken for one with a body.
    return [m.group(0) for m in re.finditer(r"<script(?![^>]*type=\"application/json\")[^>]*>"
                                            r"([\s\S]*?)</script>", html) if m.group(1).strip()]
