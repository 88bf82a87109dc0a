"""GET /api/v1/tests/invitations/{id}, the list, and DELETE (cancel)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from app.extensions import db
from app.jobs import finalize_attempts
from app.models import Invitation, utcnow
from tests.api.conftest import (
    assert_problem,
    get_token,
    make_client,
    numbered_test,
    outbox_emails,
    seed_body,
)
from tests.fixtures.factories import make_test
from tests.greenhouse.conftest import essay_definition, finish, start

UNKNOWN = "iv_00000000000000000000"  # shaped like an invitation id, but nobody's


@pytest.fixture
def seed_tests(app, organization):  # type: ignore[no-untyped-def]
    return {5: numbered_test(5, "python-basics"), 200001: numbered_test(200001, "sql-basics")}


def invite(api, **changes):  # type: ignore[no-untyped-def]
    response = api("post", "/tests/invitations/candidates?lang=uk",
                   json=seed_body(sendCopyToHr=False, **changes))
    assert response.status_code == 202, response.get_json()
    invitation_id: str = response.get_json()["id"]
    return invitation_id


def invitation(public_id: str) -> Invitation:
    db.session.expire_all()
    return db.session.scalars(db.select(Invitation).filter_by(public_id=public_id)).one()


def candidate_path() -> str:
    text = outbox_emails("invitation")[-1]["text"]
    return "/t/" + text.split("/t/", 1)[1].split()[0]


def test_it_shows_the_candidate_language_times_and_each_test(api, seed_tests) -> None:  # type: ignore[no-untyped-def]
    public_id = invite(api)
    body = api("get", f"/tests/invitations/{public_id}").get_json()
    assert body["id"] == public_id and body["status"] == "sent"
    assert body["candidate"] == {"name": "Ivan", "surname": "Petrenko",
                                 "email": "candidate@company.test"}
    assert body["language"] == "uk"
    assert body["createdAt"] and body["expiresAt"] > body["createdAt"]
    assert body["cancelledAt"] is None
    assert [(t["testId"], t["status"], t["scorePercent"], t["resultsUrl"])
            for t in body["tests"]] == [(5, "sent", None, None), (200001, "sent", None, None)]
    assert "gender" not in str(body).lower()


def test_status_follows_the_candidate_from_sent_to_completed(api, seed_tests) -> None:  # type: ignore[no-untyped-def]
    public_id = invite(api)
    first, second = invitation(public_id).attempts
    start(first)
    body = api("get", f"/tests/invitations/{public_id}").get_json()
    assert body["status"] == "started" and body["tests"][0]["status"] == "started"
    finish(first)
    body = api("get", f"/tests/invitations/{public_id}").get_json()
    assert body["status"] == "started"
    assert body["tests"][0]["status"] == "completed" and body["tests"][1]["status"] == "sent"
    finish(second)
    body = api("get", f"/tests/invitations/{public_id}").get_json()
    assert body["status"] == "completed"
    done = body["tests"][1]
    assert done["scorePercent"] == 100.0 and done["passed"] is True and done["completedAt"]
    assert done["resultsUrl"].startswith(f"http://assay.test/results/{public_id}")
    assert body["updatedAt"] >= body["createdAt"]


def test_an_essay_waits_in_awaiting_review(api, organization) -> None:  # type: ignore[no-untyped-def]
    from app.services.catalog import ensure_test_number

    make_test(essay_definition())
    number = ensure_test_number(db.session, "design-essay")
    db.session.commit()
    public_id = invite(api, testIds=[number])
    finish(invitation(public_id).attempts[0], {"e1": "a", "e2": "My essay " * 10})
    body = api("get", f"/tests/invitations/{public_id}").get_json()
    assert body["status"] == "awaiting_review"
    assert body["tests"][0]["status"] == "awaiting_review"
    assert body["tests"][0]["scorePercent"] is None


def test_an_unstarted_invitation_expires(api, seed_tests) -> None:  # type: ignore[no-untyped-def]
    public_id = invite(api)
    finalize_attempts.expire_once(now=utcnow() + timedelta(days=31))
    body = api("get", f"/tests/invitations/{public_id}").get_json()
    assert body["status"] == "expired"
    assert {t["status"] for t in body["tests"]} == {"expired"}


def test_an_unknown_invitation_is_404(api) -> None:  # type: ignore[no-untyped-def]
    assert_problem(api("get", f"/tests/invitations/{UNKNOWN}"), 404, "not-found")
    assert_problem(api("delete", f"/tests/invitations/{UNKNOWN}"), 404, "not-found")


def test_the_list_pages_by_last_change(api, seed_tests) -> None:  # type: ignore[no-untyped-def]
    ids = [invite(api, email=f"c{n}@company.test") for n in range(5)]
    seen: list[str] = []
    url: str | None = "/tests/invitations?limit=2"
    while url:
        body = api("get", url).get_json()
        seen += [item["id"] for item in body["data"]]
        url = body["next"] and body["next"].removeprefix("http://assay.test/api/v1")
    assert seen == ids


def test_the_list_filters_by_status_and_updated_since(api, seed_tests) -> None:  # type: ignore[no-untyped-def]
    waiting = invite(api)
    started = invite(api, email="other@company.test")
    start(invitation(started).attempts[0])
    body = api("get", "/tests/invitations?status=started").get_json()
    assert [item["id"] for item in body["data"]] == [started]
    body = api("get", "/tests/invitations?status=sent").get_json()
    assert [item["id"] for item in body["data"]] == [waiting]
    since = invitation(started).updated_at.isoformat()
    body = api("get", "/tests/invitations", query_string={"updatedSince": since}).get_json()
    assert [item["id"] for item in body["data"]] == [started]
    future = (utcnow() + timedelta(hours=1)).isoformat()
    assert api("get", "/tests/invitations", query_string={"updatedSince": future}
               ).get_json()["data"] == []


@pytest.mark.parametrize("query", ["status=done", "updatedSince=yesterday",
                                   "updatedSince=2026-01-01T10:00:00", "cursor=xyz", "limit=-1"])
def test_a_bad_list_query_is_400(api, query) -> None:  # type: ignore[no-untyped-def]
    assert_problem(api("get", f"/tests/invitations?{query}"), 400, "invalid-request")


def test_cancelling_stops_the_link_at_once(api, client, seed_tests) -> None:  # type: ignore[no-untyped-def]
    public_id = invite(api)
    path = candidate_path()
    assert client.get(path).status_code == 200
    response = api("delete", f"/tests/invitations/{public_id}")
    assert response.status_code == 200
    body = response.get_json()
    assert body["status"] == "cancelled" and body["cancelledAt"]
    assert {t["status"] for t in body["tests"]} == {"cancelled"}
    assert client.get(path).status_code == 404
    listed = api("get", "/tests/invitations?status=cancelled").get_json()["data"]
    assert [item["id"] for item in listed] == [public_id]


def test_a_finished_invitation_cannot_be_cancelled(api, seed_tests) -> None:  # type: ignore[no-untyped-def]
    public_id = invite(api, testIds=[5])
    finish(invitation(public_id).attempts[0])
    assert_problem(api("delete", f"/tests/invitations/{public_id}"), 409, "conflict")
    again = invite(api, testIds=[5], email="x@company.test")
    assert api("delete", f"/tests/invitations/{again}").status_code == 200
    assert_problem(api("delete", f"/tests/invitations/{again}"), 409, "conflict")


def test_cancelling_needs_tests_write_and_reading_tests_read(api, client, acme_client,
                                                             seed_tests) -> None:  # type: ignore[no-untyped-def]
    public_id = invite(api)
    reader = get_token(client, acme_client, scope="tests.read")
    writer = get_token(client, acme_client, scope="tests.write")
    assert_problem(api("delete", f"/tests/invitations/{public_id}", bearer=reader), 403)
    assert_problem(api("get", f"/tests/invitations/{public_id}", bearer=writer), 403)
    assert_problem(api("get", "/tests/invitations", bearer=writer), 403)


# --- cross-tenant: company A's client never touches company B's ------------------------------

def test_another_companys_client_never_reads_lists_or_cancels_an_invitation(
        api, client, seed_tests, rival_client) -> None:  # type: ignore[no-untyped-def]
    public_id = invite(api)
    rival = get_token(client, rival_client)
    shown = assert_problem(api("get", f"/tests/invitations/{public_id}", bearer=rival), 404)
    unknown = assert_problem(api("get", f"/tests/invitations/{UNKNOWN}", bearer=rival), 404)
    assert shown["detail"] == unknown["detail"]
    assert api("get", "/tests/invitations", bearer=rival).get_json()["data"] == []
    assert_problem(api("delete", f"/tests/invitations/{public_id}", bearer=rival), 404)
    assert invitation(public_id).cancelled_at is None


def test_another_companys_client_never_invites_into_its_tests(api, client, organization,
                                                             rival_client) -> None:  # type: ignore[no-untyped-def]
    own = numbered_test(900, "acme-secret", organization=organization)
    rival = get_token(client, rival_client)
    response = api("post", "/tests/invitations/candidates", bearer=rival,
                   json=seed_body(testIds=[900]))
    assert assert_problem(response, 400)["errors"] == [{"testId": 900,
                                                        "problem": "does_not_exist"}]
    assert_problem(api("get", "/tests/900", bearer=rival), 404)
    assert own.slug not in str(api("get", "/tests", bearer=rival).get_json())
    assert db.session.scalars(db.select(Invitation)).all() == []


def test_two_clients_of_one_company_see_the_same_invitations(api, client, organization,
                                                            seed_tests) -> None:  # type: ignore[no-untyped-def]
    public_id = invite(api)
    colleague = get_token(client, make_client(organization))
    assert api("get", f"/tests/invitations/{public_id}", bearer=colleague).status_code == 200
