"""GET /api/greenhouse/list_tests: every active test the organization may send."""

from __future__ import annotations

from app.extensions import db
from app.models import Organization
from tests.fixtures.factories import make_test
from tests.greenhouse.conftest import essay_definition, quiz_definition


def test_it_lists_active_tests_with_string_ids_and_names(greenhouse, quiz, essay_test) -> None:
    response = greenhouse("get", "list_tests")
    assert response.status_code == 200
    assert response.is_json
    assert response.get_json() == [
        {"partner_test_id": "python-basics", "partner_test_name": "Python basics"},
        {"partner_test_id": "design-essay", "partner_test_name": "System design"},
    ]


def test_it_returns_an_empty_list_when_there_are_no_tests(greenhouse) -> None:
    response = greenhouse("get", "list_tests")
    assert response.status_code == 200
    assert response.get_json() == []


def test_it_leaves_out_inactive_tests(greenhouse, quiz) -> None:
    make_test(essay_definition(), active=False)
    ids = [t["partner_test_id"] for t in greenhouse("get", "list_tests").get_json()]
    assert ids == ["python-basics"]


def test_it_includes_the_organizations_own_tests_but_not_other_organizations(
        greenhouse, organization) -> None:
    rival = Organization(slug="rival", name="Rival", hr_email="hr@rival.test")
    db.session.add(rival)
    db.session.commit()
    make_test(quiz_definition("acme-only", "Acme only"), organization=organization)
    make_test(quiz_definition("rival-only", "Rival only"), organization=rival)
    ids = [t["partner_test_id"] for t in greenhouse("get", "list_tests").get_json()]
    assert ids == ["acme-only"]


def test_it_offers_only_the_latest_version_of_a_test(greenhouse, quiz) -> None:
    quiz.is_latest = False
    db.session.commit()
    make_test(quiz_definition(name="Python basics, revised"), version=2)
    assert greenhouse("get", "list_tests").get_json() == [
        {"partner_test_id": "python-basics", "partner_test_name": "Python basics, revised"}]


def test_it_answers_a_wrong_method_with_json_405(greenhouse) -> None:
    response = greenhouse("post", "list_tests", json={})
    assert response.status_code == 405
    assert response.is_json
    assert response.get_json()["error"] == "Method Not Allowed"


def test_an_unknown_path_under_the_api_is_json_404(greenhouse) -> None:
    response = greenhouse("get", "list_test")
    assert response.status_code == 404
    assert response.is_json
    assert set(response.get_json()) == {"error", "message"}


def test_an_unexpected_error_is_json_500_not_an_html_page(greenhouse, monkeypatch) -> None:
    from app.greenhouse import views

    def broken(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError("a bug")

    monkeypatch.setattr(views, "available_tests", broken)
    response = greenhouse("get", "list_tests")
    assert response.status_code == 500
    assert response.is_json
    assert response.get_json() == {"error": "Internal Server Error",
                                   "message": "An unexpected error occurred; it has been logged."}
