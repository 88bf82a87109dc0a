"""The console's invitation list: filters, search, sorting and pages, on SQLite and on
PostgreSQL (TEST_DATABASE_URL), always within one organization."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import event

from app.domain import AttemptState, InvitationStatus
from app.extensions import db
from app.models import Organization, Test
from app.services.invitation_list import (
    InvitationFilter,
    bank_choices,
    count_invitations,
    export_rows,
    invitation_page,
)
from tests.console.conftest import other_org  # noqa: F401  (the fixture)
from tests.console.invitation_factory import make_invitation
from tests.fixtures.definitions import NOW, definition
from tests.fixtures.factories import make_test


@pytest.fixture
def banks(app) -> tuple[Test, Test, Test]:  # type: ignore[no-untyped-def]
    """Basics in two versions and Essays."""
    basics_v1 = make_test(definition(slug="basics", name="Basics"))
    basics_v1.is_latest = False
    basics_v2 = make_test(definition(slug="basics", name="Basics"), version=2)
    essays = make_test(definition(slug="essays", name="Essays"))
    return basics_v1, basics_v2, essays


@pytest.fixture
def people(organization: Organization, banks: tuple[Test, Test, Test]):  # type: ignore[no-untyped-def]
    basics_v1, basics_v2, essays = banks
    return {
        "ada": make_invitation(organization, [basics_v1], first_name="Ada", last_name="Lovelace",
                               state=AttemptState.COMPLETED, score=91.0, source="greenhouse",
                               created_at=NOW - timedelta(days=3)),
        "bob": make_invitation(organization, [basics_v2, essays], first_name="Bob",
                               last_name="Builder", preferred_name="Bobby",
                               created_at=NOW - timedelta(days=2), source="api"),
        "cy": make_invitation(organization, [essays], first_name="Cy", last_name="Anderson",
                              email="cy%_special@example.test", state=AttemptState.COMPLETED,
                              score=40.0, created_at=NOW - timedelta(days=1), source="console"),
        "dee": make_invitation(organization, [basics_v2], first_name="Dee", last_name="Zed",
                               state=AttemptState.IN_PROGRESS, created_at=NOW),
    }


def names(organization: Organization, **wanted) -> list[str]:  # type: ignore[no-untyped-def]
    page = invitation_page(db.session, organization.id, InvitationFilter(**wanted))
    return [invitation.first_name for invitation in page.invitations]


def test_it_lists_the_newest_first_by_default(organization, people) -> None:
    assert names(organization) == ["Dee", "Cy", "Bob", "Ada"]


def test_it_keeps_other_organizations_out(organization, other_org, people,  # noqa: F811
                                          banks) -> None:
    make_invitation(other_org, [banks[2]], first_name="Otto", last_name="Globex")
    assert "Otto" not in names(organization)
    assert names(other_org) == ["Otto"]


def test_it_filters_by_a_bank_in_any_version(organization, people) -> None:
    assert names(organization, test_slug="basics") == ["Dee", "Bob", "Ada"]
    assert names(organization, test_slug="essays") == ["Cy", "Bob"]


def test_it_filters_by_status_source_and_score(organization, people) -> None:
    assert names(organization, status=InvitationStatus.COMPLETED) == ["Cy", "Ada"]
    assert names(organization, status=InvitationStatus.STARTED) == ["Dee"]
    assert names(organization, source="api") == ["Bob"]
    assert names(organization, score_min=50.0) == ["Ada"]
    assert names(organization, score_min=40.0, score_max=40.0) == ["Cy"]


def test_it_filters_by_the_days_sent_both_inclusive(organization, people) -> None:
    day = (NOW - timedelta(days=2)).date()
    assert names(organization, sent_from=day, sent_to=day) == ["Bob"]
    assert names(organization, sent_from=day) == ["Dee", "Cy", "Bob"]
    assert names(organization, sent_to=date(2020, 1, 1)) == []


def test_it_searches_names_and_emails_whatever_the_case(organization, people) -> None:
    assert names(organization, search="LOVE") == ["Ada"]
    assert names(organization, search="bobby") == ["Bob"]
    assert names(organization, search="ada lovelace") == ["Ada"]
    assert names(organization, search="@EXAMPLE.test") == ["Dee", "Cy", "Bob", "Ada"]


def test_a_search_for_wildcards_finds_them_literally(organization, people) -> None:
    assert names(organization, search="%_") == ["Cy"]
    assert names(organization, search="_") == ["Cy"]


def test_it_sorts_by_each_key_both_ways(organization, people) -> None:
    assert names(organization, sort="name", direction="asc") == ["Cy", "Bob", "Ada", "Dee"]
    assert names(organization, sort="name", direction="desc") == ["Dee", "Ada", "Bob", "Cy"]
    assert names(organization, sort="sent", direction="asc") == ["Ada", "Bob", "Cy", "Dee"]
    # Not yet scored comes last both ways.
    assert names(organization, sort="score", direction="desc")[:2] == ["Ada", "Cy"]
    assert names(organization, sort="score", direction="asc")[:2] == ["Cy", "Ada"]
    assert names(organization, sort="status", direction="asc") == ["Bob", "Dee", "Ada", "Cy"]


def test_filters_combine(organization, people) -> None:
    assert names(organization, test_slug="basics", status=InvitationStatus.COMPLETED,
                 search="ada") == ["Ada"]


def test_pages_split_the_list_without_repeating_a_row(organization, banks) -> None:
    for number in range(7):
        make_invitation(organization, [banks[1]], first_name=f"P{number}", last_name="Same",
                        created_at=NOW)  # same time: the id breaks the tie
    seen = []
    for number in (1, 2, 3):
        page = invitation_page(db.session, organization.id, InvitationFilter(), page=number,
                               per_page=3)
        assert (page.total, page.pages, page.page) == (7, 3, number)
        seen += [invitation.first_name for invitation in page.invitations]
    assert sorted(seen) == [f"P{number}" for number in range(7)]
    last = invitation_page(db.session, organization.id, InvitationFilter(), page=3, per_page=3)
    assert (last.first_number, last.last_number) == (7, 7)


def test_a_page_past_the_end_shows_the_last(organization, people) -> None:
    page = invitation_page(db.session, organization.id, InvitationFilter(), page=99, per_page=3)
    assert page.page == 2 and [i.first_name for i in page.invitations] == ["Ada"]


def test_an_empty_list_is_one_empty_page(organization) -> None:
    page = invitation_page(db.session, organization.id, InvitationFilter(), page=5)
    assert (page.total, page.pages, page.page, page.invitations) == (0, 1, 1, [])
    assert (page.first_number, page.last_number) == (0, 0)


def test_a_page_loads_its_attempts_and_tests_in_a_fixed_number_of_queries(
        organization, banks) -> None:
    for number in range(20):
        make_invitation(organization, [banks[1], banks[2]], first_name=f"N{number}")
    db.session.expire_all()
    statements: list[str] = []

    def count(conn, cursor, statement, *args) -> None:  # type: ignore[no-untyped-def]
        statements.append(statement)

    engine = db.engine
    event.listen(engine, "before_cursor_execute", count)
    try:
        page = invitation_page(db.session, organization.id, InvitationFilter())
        tests = [[a.test.name for a in invitation.attempts] for invitation in page.invitations]
    finally:
        event.remove(engine, "before_cursor_execute", count)
    assert tests[0] == ["Basics", "Essays"] and len(tests) == 20
    reads = [s for s in statements if s.startswith("SELECT") and "FROM organization" not in s]
    assert len(reads) == 3, reads  # the count, the page, its attempts with their tests


def test_the_count_matches_the_filter(organization, people) -> None:
    assert count_invitations(db.session, organization.id,
                             InvitationFilter(test_slug="essays")) == 2


def test_the_export_has_every_matching_invitation_with_its_tests_in_order(
        organization, people) -> None:
    rows = list(export_rows(db.session, organization.id, InvitationFilter(sort="name",
                                                                          direction="asc")))
    assert [row.first_name for row in rows] == ["Cy", "Bob", "Ada", "Dee"]
    bob = rows[1]
    assert [(test.slug, test.version) for test in bob.tests] == [("basics", 2), ("essays", 1)]
    assert rows[2].score_percent == 91.0 and rows[2].status == "completed"


def test_the_bank_choices_name_each_bank_once(organization, banks) -> None:
    assert bank_choices(db.session, organization.id) == [("basics", "Basics"),
                                                          ("essays", "Essays")]


def test_a_searched_page_counts_in_the_same_scan(organization, banks) -> None:
    for number in range(7):
        make_invitation(organization, [banks[1]], first_name=f"S{number}", last_name="Searched")
    make_invitation(organization, [banks[1]], first_name="Other", last_name="Person")
    statements: list[str] = []

    def count(conn, cursor, statement, *args) -> None:  # type: ignore[no-untyped-def]
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        page = invitation_page(db.session, organization.id, InvitationFilter(search="search"),
                               page=2, per_page=3)
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    assert (page.total, page.pages, page.page, len(page.invitations)) == (7, 3, 2, 3)
    reads = [s for s in statements if s.startswith("SELECT") and "FROM organization" not in s]
    assert len(reads) == 3, reads
    assert "count(*) OVER ()" in reads[0]


def test_a_searched_page_past_the_end_shows_the_last(organization, people) -> None:
    page = invitation_page(db.session, organization.id, InvitationFilter(search="example"),
                           page=9, per_page=3)
    assert (page.total, page.page) == (4, 2)
    assert [invitation.first_name for invitation in page.invitations] == ["Ada"]
