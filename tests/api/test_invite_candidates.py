"""POST /api/v1/tests/invitations/candidates, as the seed document
(shared/seeds/001_914a15f9176fd1fe.txt) describes it: one test per scenario, edge case,
error row, mistake to avoid and FAQ answer, named after it."""

from __future__ import annotations

import pytest

from app.extensions import db
from app.models import Invitation
from tests.api.conftest import (
    assert_problem,
    get_token,
    numbered_test,
    outbox_emails,
    seed_body,
)

PATH = "/tests/invitations/candidates"


@pytest.fixture
def seed_tests(app, organization):  # type: ignore[no-untyped-def]
    """The seed's tests: 5 and 200001 (active), 3 (inactive); 2 does not exist."""
    return {5: numbered_test(5, "python-basics"), 200001: numbered_test(200001, "sql-basics"),
            3: numbered_test(3, "old-php", active=False)}


def invite(api, body=None, lang: str | None = "en", **kwargs):  # type: ignore[no-untyped-def]
    query = "" if lang is None else f"?lang={lang}"
    return api("post", PATH + query, json=seed_body() if body is None else body, **kwargs)


def only_invitation() -> Invitation:
    return db.session.scalars(db.select(Invitation)).one()


# --- Which endpoint is used? / What response does the API return? -------------------------

def test_the_seed_curl_example_returns_202_accepted(api, seed_tests) -> None:  # type: ignore[no-untyped-def]
    response = invite(api)
    assert response.status_code == 202
    body = response.get_json()
    assert body["id"] == only_invitation().public_id
    assert response.headers["Location"] == f"/api/v1/tests/invitations/{body['id']}"
    assert body["status"] == "sent"
    assert [t["testId"] for t in body["tests"]] == [5, 200001]


def test_the_location_leads_to_the_invitation(api, seed_tests) -> None:  # type: ignore[no-untyped-def]
    created = invite(api)
    shown = api("get", created.headers["Location"].removeprefix("/api/v1"))
    assert shown.status_code == 200
    accepted = created.get_json()
    assert accepted.pop("warnings") == []  # the 202 alone says what the inviter should know
    assert shown.get_json() == accepted


def test_it_warns_when_the_questions_are_in_another_language_than_the_pages(  # type: ignore[no-untyped-def]
        api, seed_tests) -> None:
    seed_tests[200001].language = "uk"
    db.session.commit()
    response = invite(api, lang="ru")
    assert response.status_code == 202
    python, sql = seed_tests[5].name, seed_tests[200001].name
    assert response.get_json()["warnings"] == [
        {"code": "language_mismatch",
         "message": "The candidate's pages and emails are in Russian, but the questions of "
                    f"{python!r} are in English."},
        {"code": "language_mismatch",
         "message": "The candidate's pages and emails are in Russian, but the questions of "
                    f"{sql!r} are in Ukrainian."}]
    assert invite(api, lang="uk", body=seed_body(testIds=[200001])).get_json()["warnings"] == []


# --- What happens under the hood ------------------------------------------------------

def test_id_company_is_taken_from_the_bearer_token(api, seed_tests, organization) -> None:  # type: ignore[no-untyped-def]
    invite(api)
    assert only_invitation().organization_id == organization.id


def test_hr_email_is_taken_from_the_bearer_token(api, seed_tests) -> None:  # type: ignore[no-untyped-def]
    invite(api)
    assert only_invitation().sent_by == "recruiting@acme.test"  # the client's, not the org's
    assert [e["to"] for e in outbox_emails("invitation_copy")] == ["recruiting@acme.test"]


@pytest.mark.parametrize("lang", ["uk", "ru", "en"])
def test_lang_sets_the_email_and_the_link_language(api, client, seed_tests, lang) -> None:  # type: ignore[no-untyped-def]
    invite(api, lang=lang)
    assert only_invitation().language == lang
    emails = outbox_emails()
    assert {e["language"] for e in emails} == {lang}
    link = next(e for e in emails if e["template"] == "invitation")["text"]
    path = "/t/" + link.split("/t/", 1)[1].split()[0]
    page = client.get(path)
    assert page.status_code == 200
    assert f'<html lang="{lang}"' in page.get_data(as_text=True)


@pytest.mark.parametrize("lang", [None, "de", "UK", "", "en-US"])
def test_lang_missing_or_unsupported_uses_en(api, seed_tests, lang) -> None:  # type: ignore[no-untyped-def]
    response = invite(api, lang=lang)
    assert response.status_code == 202
    assert response.get_json()["language"] == "en"
    assert {e["language"] for e in outbox_emails()} == {"en"}


def test_expecting_an_error_for_unsupported_lang_is_a_mistake(api, seed_tests) -> None:  # type: ignore[no-untyped-def]
    assert invite(api, lang="fr").status_code == 202


@pytest.mark.parametrize("gender", ["Male", "Female"])
def test_gender_accepts_only_male_or_female(api, seed_tests, gender) -> None:  # type: ignore[no-untyped-def]
    assert invite(api, seed_body(gender=gender)).status_code == 202
    assert only_invitation().gender == gender


@pytest.mark.parametrize("gender", ["male", "M", "Other", "", None, 1, ["Male"]])
def test_gender_other_than_male_or_female_is_400(api, seed_tests, gender) -> None:  # type: ignore[no-untyped-def]
    body = assert_problem(invite(api, seed_body(gender=gender)), 400, "invalid-request")
    assert {"field": "gender", "problem": "must be Male or Female"} in body["errors"] or (
        gender is None and {"field": "gender", "problem": "is required"} in body["errors"])
    assert db.session.scalars(db.select(Invitation)).all() == []


def test_empty_test_ids_is_400(api, seed_tests) -> None:  # type: ignore[no-untyped-def]
    body = assert_problem(invite(api, seed_body(testIds=[])), 400, "invalid-request")
    assert body["errors"] == [{"field": "testIds", "problem": "must contain at least one test id"}]


def test_each_test_id_must_exist_and_be_active(api, seed_tests) -> None:  # type: ignore[no-untyped-def]
    body = assert_problem(invite(api, seed_body(testIds=[5, 2])), 400, "invalid-test-ids")
    assert body["errors"] == [{"testId": 2, "problem": "does_not_exist"}]
    assert outbox_emails() == []


def test_several_invalid_test_ids_are_one_400_in_the_seeds_words(api, seed_tests) -> None:  # type: ignore[no-untyped-def]
    response = invite(api, seed_body(testIds=[2, 3]))
    body = assert_problem(response, 400, "invalid-test-ids")
    assert body["title"] == "Bad Request"
    assert body["detail"] == ("Candidate invitation contains invalid testIds: testId 2 does "
                              "not exist; testId 3 is inactive.")
    assert body["instance"] == "/api/v1/tests/invitations/candidates"
    assert body["errors"] == [{"testId": 2, "problem": "does_not_exist"},
                              {"testId": 3, "problem": "inactive"}]


def test_a_test_of_another_company_does_not_exist_for_this_one(api, seed_tests, rival) -> None:  # type: ignore[no-untyped-def]
    numbered_test(77, "rival-go", organization=rival)
    body = assert_problem(invite(api, seed_body(testIds=[77])), 400, "invalid-test-ids")
    assert body["errors"] == [{"testId": 77, "problem": "does_not_exist"}]


def test_access_requires_the_tests_write_scope(api, client, acme_client, seed_tests) -> None:  # type: ignore[no-untyped-def]
    reader = get_token(client, acme_client, scope="tests.read")
    response = invite(api, bearer=reader)
    assert_problem(response, 403, "forbidden")
    assert 'error="insufficient_scope"' in response.headers["WWW-Authenticate"]
    assert 'scope="tests.write"' in response.headers["WWW-Authenticate"]


# --- Which errors can the API return? -----------------------------------------------------

@pytest.mark.parametrize("missing", ["name", "surname", "email", "gender", "testIds"])
def test_400_missing_required_parameter_names_it(api, seed_tests, missing) -> None:  # type: ignore[no-untyped-def]
    body = assert_problem(invite(api, seed_body(**{missing: ...})), 400, "invalid-request")
    assert body["errors"] == [{"field": missing, "problem": "is required"}]
    assert f"{missing}: is required" in body["detail"]


def test_400_names_every_wrong_field_at_once(api, seed_tests) -> None:  # type: ignore[no-untyped-def]
    body = assert_problem(invite(api, {"name": 5, "surname": " ", "email": "nope",
                                       "gender": "X", "testIds": ["5", True, 0],
                                       "sendCopyToHr": "yes"}), 400)
    assert [e["field"] for e in body["errors"]] == [
        "name", "surname", "email", "gender", "testIds[0]", "testIds[1]", "testIds[2]",
        "sendCopyToHr"]


def test_401_missing_or_invalid_bearer_token(api, seed_tests) -> None:  # type: ignore[no-untyped-def]
    assert_problem(invite(api, headers={"Authorization": ""}), 401, "unauthorized")
    assert_problem(invite(api, bearer="asy_at_abcdefghijkl_nope"), 401, "unauthorized")


def test_500_unexpected_error_is_a_problem(api, seed_tests, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    def explode(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError("boom")

    monkeypatch.setattr("app.api.views_invitations.invite_candidate", explode)
    assert_problem(invite(api), 500, "server-error")


def test_malformed_json_or_another_content_type_is_refused(api, seed_tests) -> None:  # type: ignore[no-untyped-def]
    broken = api("post", PATH, data="{\"name\": ", headers={"Content-Type": "application/json"})
    assert assert_problem(broken, 400, "invalid-request")["errors"][0]["field"] == "body"
    listed = api("post", PATH, json=[seed_body()])
    assert assert_problem(listed, 400)["errors"] == [
        {"field": "body", "problem": "must be a JSON object"}]
    assert_problem(api("post", PATH, data="name=Ivan",
                       headers={"Content-Type": "text/plain"}), 415, "unsupported-media-type")


def test_a_body_over_64_kb_is_413(api, seed_tests) -> None:  # type: ignore[no-untyped-def]
    assert_problem(invite(api, seed_body(name="x" * 70_000)), 413, "payload-too-large")


# --- Which mistakes should integrators avoid? -----------------------------------------------

@pytest.mark.parametrize("field", ["idCompany", "hrEmail", "hremail"])
def test_sending_id_company_or_hr_email_in_the_body_is_400_saying_where_they_come_from(
        api, seed_tests, field) -> None:  # type: ignore[no-untyped-def]
    body = assert_problem(invite(api, seed_body(**{field: "x"})), 400, "invalid-request")
    assert "taken from the Bearer token" in body["detail"]
    assert body["errors"][0]["field"] == field
    assert db.session.scalars(db.select(Invitation)).all() == []


# --- The rules around the seed ----------------------------------------------------------

def test_duplicate_test_ids_are_one_test(api, seed_tests) -> None:  # type: ignore[no-untyped-def]
    response = invite(api, seed_body(testIds=[5, 200001, 5, 5]))
    assert response.status_code == 202
    assert [t["testId"] for t in response.get_json()["tests"]] == [5, 200001]


def test_several_test_ids_are_one_battery_invitation_one_email_one_link(api, seed_tests) -> None:  # type: ignore[no-untyped-def]
    invite(api, seed_body(sendCopyToHr=False))
    invitation = only_invitation()
    assert [a.test.slug for a in invitation.attempts] == ["python-basics", "sql-basics"]
    emails = outbox_emails()
    assert [e["template"] for e in emails] == ["invitation"]
    assert emails[0]["to"] == "candidate@company.test"
    assert emails[0]["text"].count("/t/") == 1


def test_the_source_and_the_api_client_are_recorded(api, seed_tests, acme_client) -> None:  # type: ignore[no-untyped-def]
    invite(api)
    invitation = only_invitation()
    assert invitation.source == "api"
    assert invitation.api_client_id == acme_client.client.id


def test_send_copy_to_hr_sends_a_copy_in_the_same_language_that_cannot_start_the_test(
        api, seed_tests) -> None:  # type: ignore[no-untyped-def]
    invite(api, lang="uk")
    candidate, copy = outbox_emails()
    assert candidate["template"] == "invitation" and copy["template"] == "invitation_copy"
    assert copy["to"] == "recruiting@acme.test" and copy["language"] == "uk"
    assert copy["subject"] == "Копія: запрошення на тестування для Ivan Petrenko"
    assert "Ivan Petrenko" in copy["text"] and "candidate@company.test" in copy["text"]
    assert "/t/" in candidate["html"]
    assert "/t/" not in copy["text"] and "/t/" not in copy["html"]


def test_without_send_copy_to_hr_no_copy_is_sent(api, seed_tests) -> None:  # type: ignore[no-untyped-def]
    invite(api, seed_body(sendCopyToHr=...))
    assert [e["template"] for e in outbox_emails()] == ["invitation"]


def test_an_idempotency_key_retry_returns_the_first_response_and_sends_nothing_more(
        api, seed_tests) -> None:  # type: ignore[no-untyped-def]
    key = {"Idempotency-Key": "ats-invite-123"}
    first = invite(api, headers=key)
    again = invite(api, headers=key)
    assert again.status_code == 202
    assert again.get_json() == first.get_json()
    assert again.headers["Location"] == first.headers["Location"]
    assert again.headers["Idempotent-Replayed"] == "true"
    assert len(db.session.scalars(db.select(Invitation)).all()) == 1
    assert len(outbox_emails()) == 2  # the candidate's and HR's copy, once


def test_the_same_idempotency_key_with_another_body_is_422(api, seed_tests) -> None:  # type: ignore[no-untyped-def]
    key = {"Idempotency-Key": "ats-invite-123"}
    invite(api, headers=key)
    other = invite(api, seed_body(email="someone@else.test"), headers=key)
    assert_problem(other, 422, "idempotency-key-reused")
    assert len(db.session.scalars(db.select(Invitation)).all()) == 1


def test_without_an_idempotency_key_each_call_invites_anew(api, seed_tests) -> None:  # type: ignore[no-untyped-def]
    invite(api)
    invite(api)
    assert len(db.session.scalars(db.select(Invitation)).all()) == 2


# --- How to use the result in subsequent API requests ---------------------------------------

def test_test_ids_from_the_catalogue_can_be_sent_as_test_ids(api, seed_tests) -> None:  # type: ignore[no-untyped-def]
    catalogue = api("get", "/tests").get_json()["data"]
    usable = [t["id"] for t in catalogue if t["active"]]
    assert sorted(usable) == [5, 200001]
    assert next(t for t in catalogue if t["id"] == 3)["active"] is False  # pre-check shows it
    assert invite(api, seed_body(testIds=usable)).status_code == 202


# --- FAQ ---------------------------------------------------------------------------------------

def test_faq_which_status_is_returned_after_a_successful_invitation_202(api, seed_tests) -> None:  # type: ignore[no-untyped-def]
    assert invite(api, seed_body(testIds=[5], sendCopyToHr=...)).status_code == 202


def test_faq_do_i_need_to_send_id_company_no(api, seed_tests, organization) -> None:  # type: ignore[no-untyped-def]
    body = seed_body()
    assert "idCompany" not in body
    assert invite(api, body).status_code == 202
    assert only_invitation().organization_id == organization.id


def test_faq_where_does_hr_email_come_from_the_token(api, client, organization, seed_tests) -> None:  # type: ignore[no-untyped-def]
    from tests.api.conftest import make_client

    other_hr = make_client(organization, hr_email="talent@acme.test")
    invite(api, bearer=get_token(client, other_hr))
    assert [e["to"] for e in outbox_emails("invitation_copy")] == ["talent@acme.test"]


def test_faq_which_values_does_gender_support_only_male_and_female(api, seed_tests) -> None:  # type: ignore[no-untyped-def]
    assert invite(api, seed_body(gender="Female")).status_code == 202
    assert invite(api, seed_body(gender="Non-binary")).status_code == 400


def test_faq_what_happens_if_several_test_ids_are_invalid_one_400_with_all(api, seed_tests) -> None:  # type: ignore[no-untyped-def]
    body = assert_problem(invite(api, seed_body(testIds=[2, 5, 3, 4])), 400)
    assert [e["testId"] for e in body["errors"]] == [2, 3, 4]


# --- Prerequisites ------------------------------------------------------------------------------

def test_prerequisite_a_bearer_token_with_company_context(
        api, seed_tests, rival_client, client) -> None:  # type: ignore[no-untyped-def]
    rival_token = get_token(client, rival_client)
    # Tests 5 and 200001 are library tests: the other company's token invites to them too,
    # into its own company (the token decides the company).
    response = invite(api, bearer=rival_token)
    assert response.status_code == 202
    assert only_invitation().organization_id == rival_client.client.organization_id


def test_prerequisite_at_least_one_active_test_id(api, seed_tests) -> None:  # type: ignore[no-untyped-def]
    assert_problem(invite(api, seed_body(testIds=[3])), 400, "invalid-test-ids")


# --- gender is stored, never shown to graders, never used in scoring ------------------------

def test_gender_is_never_shown_on_the_results_page_nor_used_in_scoring(
        api, client, seed_tests) -> None:  # type: ignore[no-untyped-def]
    from app.security.results_links import results_url
    from tests.greenhouse.conftest import finish

    scores = []
    for gender in ("Male", "Female"):
        invite(api, seed_body(gender=gender, testIds=[5], sendCopyToHr=...))
    for invitation in db.session.scalars(db.select(Invitation)).all():
        attempt = finish(invitation.attempts[0])
        scores.append(attempt.score_percent)
        page = client.get(results_url("", invitation.public_id)).get_data(as_text=True)
        assert invitation.gender not in page and "gender" not in page.lower()
    assert scores[0] == scores[1]


def test_the_emails_are_really_sent_over_smtp(app, api, seed_tests, smtp_server) -> None:  # type: ignore[no-untyped-def]
    from app.jobs import deliver_outbox

    app.config.update(MAIL_SERVER=smtp_server.host, MAIL_PORT=smtp_server.port)
    invite(api, lang="ru")
    deliver_outbox.run_once()
    messages = smtp_server.wait_for(2)
    by_recipient = {message["To"]: message for message in messages}
    candidate = by_recipient["candidate@company.test"]
    copy = by_recipient["recruiting@acme.test"]
    assert candidate["Content-Language"] == copy["Content-Language"] == "ru"
    assert "/t/" in candidate.get_body(("plain",)).get_content()
    assert "/t/" not in copy.get_body(("plain",)).get_content()


# --- Headers ------------------------------------------------------------------------------------

def test_headers_json_with_a_charset_and_any_accept_are_fine(api, client, token,
                                                            seed_tests) -> None:  # type: ignore[no-untyped-def]
    import json

    response = client.post(f"/api/v1{PATH}?lang=en", data=json.dumps(seed_body()),
                           headers={"Authorization": f"Bearer {token}",
                                    "Content-Type": "application/json; charset=utf-8"})
    assert response.status_code == 202
    assert response.mimetype == "application/json"


@pytest.mark.committing  # requests in threads, each its own connection
def test_two_concurrent_retries_with_one_idempotency_key_make_one_invitation(
        app, token, seed_tests, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import threading

    from app.services import idempotency

    # Both requests find the key unused before either commits; the unique constraint on
    # (client, key) decides, and the loser answers with the winner's response.
    both_looked = threading.Barrier(2, timeout=10)
    first_lookups: set[int] = set()
    replay = idempotency.replay

    def racing_replay(*args, **kwargs):  # type: ignore[no-untyped-def]
        found = replay(*args, **kwargs)
        if threading.get_ident() not in first_lookups:
            first_lookups.add(threading.get_ident())
            both_looked.wait()
        return found

    monkeypatch.setattr(idempotency, "replay", racing_replay)
    answers: list[tuple[int, dict]] = []  # type: ignore[type-arg]
    failures: list[BaseException] = []

    def send() -> None:
        try:
            response = app.test_client().post(
                f"/api/v1{PATH}?lang=en", json=seed_body(),
                headers={"Authorization": f"Bearer {token}", "Idempotency-Key": "race-1"})
            answers.append((response.status_code, response.get_json()))
        except BaseException as error:  # noqa: BLE001  (reported below, not lost in the thread)
            failures.append(error)

    threads = [threading.Thread(target=send) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert failures == []
    assert [status for status, _ in answers] == [202, 202]
    assert answers[0][1] == answers[1][1]
    db.session.expire_all()
    assert len(db.session.scalars(db.select(Invitation)).all()) == 1
    assert len(outbox_emails("invitation")) == 1
