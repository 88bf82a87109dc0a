"""The tests page (admins and recruiters): the tests the organization can use, with their
versions and the organization's own finished attempts."""

from __future__ import annotations

import re

import pytest
from flask.testing import FlaskClient

from app.models import Organization, User
from tests.console.conftest import sign_in
from tests.fixtures.attempts import finished
from tests.fixtures.definitions import definition, section, single
from tests.fixtures.factories import make_test

ONE = definition(section("only", single("q1")), slug="library", name="Library test")


@pytest.fixture
def signed_in_recruiter(client: FlaskClient, recruiter: User) -> FlaskClient:
    sign_in(client, recruiter)
    return client


def _row_of(page: str, version: int) -> str:
    found = re.search(rf'<th scope="row">{version}[^<]*</th>(.*?)</tr>', page, re.S)
    assert found, f"no row for version {version}"
    return found.group(1)


def test_it_lists_library_tests_and_the_organizations_own(
        signed_in_recruiter: FlaskClient, organization: Organization,
        other_org: Organization) -> None:
    make_test(ONE)
    make_test(definition(slug="acme-own", name="Acme Own"), organization=organization)
    make_test(definition(slug="globex-own", name="Globex secret"), organization=other_org)
    page = signed_in_recruiter.get("/console/tests").text
    assert "Library test" in page and "Assay library" in page
    assert "Acme Own" in page and "Your organization's test" in page
    assert "Globex secret" not in page and "globex-own" not in page


def test_each_version_with_its_figures_and_links(signed_in_recruiter: FlaskClient) -> None:
    old = make_test(ONE)
    old.is_latest = False
    make_test({**ONE, "time_limit_seconds": 2700, "pass_mark": 62.5}, version=2)
    page = signed_in_recruiter.get("/console/tests").text
    latest = _row_of(page, 2)
    assert "<td>1</td>" in latest and "45 min" in latest and "62.5%" in latest
    assert 'href="/console/tests/library/statistics?version=2"' in latest
    assert 'href="/console/tests/library/preview?version=2"' in latest
    assert "30 min" in _row_of(page, 1)


def test_finished_attempts_count_only_the_organizations_candidates(
        signed_in_recruiter: FlaskClient, organization: Organization,
        other_org: Organization) -> None:
    test = make_test(ONE)
    for _ in range(2):
        finished(organization, test, {"q1": "a"})
    for _ in range(3):
        finished(other_org, test, {"q1": "a"})
    row = _row_of(signed_in_recruiter.get("/console/tests").text, 1)
    assert re.findall(r"<td>(\d+)</td>", row)[1] == "2"  # questions, then attempts
