"""GET /api/v1/tests and GET /api/v1/tests/{id}: the catalogue and its stable ids."""

from __future__ import annotations

from urllib.parse import urlsplit

from app.banks.loader import load_bank
from app.extensions import db
from app.models import TestNumber
from tests.api.conftest import assert_problem, catalogue_test, public_id
from tests.greenhouse.conftest import quiz_definition


def test_a_test_id_is_allocated_on_the_first_load_and_stable_across_versions(app) -> None:  # type: ignore[no-untyped-def]
    first = load_bank(db.session, "a.yaml", quiz_definition(slug="sql"))
    number = public_id(first.test)
    changed = quiz_definition(slug="sql", name="SQL, revised")
    second = load_bank(db.session, "a.yaml", changed)
    db.session.commit()
    assert second.status == "new_version"
    assert public_id(second.test) == number
    other = load_bank(db.session, "b.yaml", quiz_definition(slug="python"))
    db.session.commit()
    assert public_id(other.test) > number
    assert db.session.scalars(db.select(TestNumber.slug).order_by(TestNumber.id)).all() == [
        "sql", "python"]


def test_it_lists_library_and_own_tests_with_inactive_ones_marked(api, organization, rival) -> None:  # type: ignore[no-untyped-def]
    library = catalogue_test("sql-basics", name="SQL basics")
    own = catalogue_test("acme-java", organization=organization)
    retired = catalogue_test("old-php", active=False)
    catalogue_test("rival-go", organization=rival)
    response = api("get", "/tests")
    assert response.status_code == 200
    data = response.get_json()["data"]
    assert [t["partner_test_id"] for t in data] == ["sql-basics", "acme-java", "old-php"]
    first = data[0]
    assert first == {"id": public_id(library), "partner_test_id": "sql-basics",
                     "name": "SQL basics", "description": first["description"],
                     "language": "en", "durationMinutes": first["durationMinutes"],
                     "questionCount": library.question_count, "active": True}
    assert first["durationMinutes"] * 60 >= library.time_limit_seconds
    assert data[2]["active"] is False
    assert data[1]["id"] == public_id(own) and public_id(retired) == data[2]["id"]
    assert response.get_json()["next"] is None


def test_it_pages_with_limit_and_a_cursor(api) -> None:  # type: ignore[no-untyped-def]
    for n in range(5):
        catalogue_test(f"test-{n}")
    seen: list[str] = []
    url = "/tests?limit=2"
    pages = 0
    while url:
        body = api("get", url).get_json()
        assert len(body["data"]) <= 2
        seen += [t["partner_test_id"] for t in body["data"]]
        pages += 1
        nxt = body["next"]
        url = nxt and nxt.removeprefix("http://assay.test/api/v1")
        if nxt:
            assert urlsplit(nxt).path == "/api/v1/tests" and "limit=2" in nxt
    assert seen == [f"test-{n}" for n in range(5)]
    assert pages == 3


def test_a_bad_limit_or_cursor_is_a_400_naming_it(api) -> None:  # type: ignore[no-untyped-def]
    for query, field in (("limit=0", "limit"), ("limit=abc", "limit"), ("limit=101", "limit"),
                         ("cursor=nonsense", "cursor"), ("cursor=eyJ4IjoxfQ", "cursor")):
        body = assert_problem(api("get", f"/tests?{query}"), 400, "invalid-request")
        assert body["errors"][0]["field"] == field
        assert field in body["detail"]


def test_one_test_by_id(api) -> None:  # type: ignore[no-untyped-def]
    test = catalogue_test("sql-basics")
    response = api("get", f"/tests/{public_id(test)}")
    assert response.status_code == 200
    assert response.get_json()["partner_test_id"] == "sql-basics"


def test_an_unknown_id_and_another_companys_test_get_the_same_404(api, rival) -> None:  # type: ignore[no-untyped-def]
    theirs = catalogue_test("rival-go", organization=rival)
    unknown = assert_problem(api("get", "/tests/999999"), 404, "not-found")
    hidden = assert_problem(api("get", f"/tests/{public_id(theirs)}"), 404, "not-found")
    assert unknown["detail"] == hidden["detail"]
    assert_problem(api("get", "/tests/99999999999999999999999"), 404)
    assert_problem(api("get", "/tests/-1"), 404)
