"""POST /api/greenhouse/send_test: invite the candidate, email the link, answer the id."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.greenhouse import service
from app.models import Invitation, Organization, OutboxMessage
from app.services import invitations
from tests.fixtures.factories import make_api_key, make_test
from tests.greenhouse.conftest import (
    CALLBACK_URL,
    basic,
    essay_definition,
    quiz_definition,
    send_test_body,
)


def _invitations() -> list[Invitation]:
    db.session.expire_all()
    return list(db.session.scalars(select(Invitation).order_by(Invitation.id)))


def _invitation_emails() -> list[OutboxMessage]:
    db.session.expire_all()
    rows = db.session.scalars(select(OutboxMessage).where(OutboxMessage.kind == "email"))
    return [row for row in rows if row.open_payload().get("template") == "invitation"]


def _problems(response) -> list[str]:  # type: ignore[no-untyped-def]
    assert response.status_code == 400, response.get_data(as_text=True)
    assert response.is_json
    body = response.get_json()
    assert body["error"] == "Bad Request"
    return body["problems"]


def test_it_invites_the_candidate_and_answers_a_string_interview_id(greenhouse, quiz) -> None:
    response = greenhouse("post", "send_test", json=send_test_body())
    assert response.status_code == 200
    assert response.is_json
    body = response.get_json()
    assert list(body) == ["partner_interview_id"]
    assert isinstance(body["partner_interview_id"], str)
    [invitation] = _invitations()
    assert invitation.public_id == body["partner_interview_id"]


def test_it_stores_everything_greenhouse_sent(greenhouse, quiz, organization) -> None:
    greenhouse("post", "send_test", json=send_test_body())
    [invitation] = _invitations()
    assert invitation.organization_id == organization.id
    assert invitation.source == "greenhouse"
    assert invitation.external_id == CALLBACK_URL
    assert invitation.callback_url == CALLBACK_URL
    assert (invitation.first_name, invitation.last_name) == ("Harry", "Potter")
    assert invitation.preferred_name == "The Chosen One"
    assert invitation.candidate_email == "hpotter@hogwarts.edu"
    assert invitation.phone_number == "123-456-7890"
    assert invitation.resume_url == "https://hogwarts.com/resume"
    assert invitation.greenhouse_profile_url == (
        "https://app.greenhouse.io/people/17681532?application_id=26234709")
    assert invitation.sent_by == "test_sender@example.org"
    assert [(a.test.slug, a.state) for a in invitation.attempts] == [
        ("python-basics", "not_started")]


def test_it_queues_one_invitation_email_to_the_candidate(greenhouse, quiz) -> None:
    greenhouse("post", "send_test", json=send_test_body())
    [email] = _invitation_emails()
    assert email.open_payload()["to"] == "hpotter@hogwarts.edu"
    assert email.status == "pending"
    assert "/t/" in email.open_payload()["text"]


def test_the_email_is_in_the_tests_language(greenhouse) -> None:
    make_test(quiz_definition("python-uk", "Python (українською)", language="uk"))
    greenhouse("post", "send_test", json=send_test_body("python-uk"))
    [email] = _invitation_emails()
    assert email.open_payload()["language"] == "uk"


def test_a_numeric_partner_test_id_from_old_payloads_is_accepted(greenhouse) -> None:
    make_test(quiz_definition("12345", "Numbered test"))
    response = greenhouse("post", "send_test", json=send_test_body(12345))
    assert response.status_code == 200
    [invitation] = _invitations()
    assert invitation.attempts[0].test.slug == "12345"


def test_the_url_inside_candidate_from_old_payloads_is_the_callback(greenhouse, quiz) -> None:
    body = send_test_body(url=None)
    del body["url"]
    body["candidate"]["url"] = CALLBACK_URL
    assert greenhouse("post", "send_test", json=body).status_code == 200
    [invitation] = _invitations()
    assert invitation.callback_url == CALLBACK_URL
    assert invitation.external_id == CALLBACK_URL


def test_the_top_level_url_wins_over_one_inside_candidate(greenhouse, quiz) -> None:
    body = send_test_body()
    body["candidate"]["url"] = "https://app.greenhouse.io/integrations/old/1"
    greenhouse("post", "send_test", json=body)
    assert _invitations()[0].callback_url == CALLBACK_URL


def test_null_optional_values_are_accepted(greenhouse, quiz) -> None:
    body = send_test_body(preferred_name=None, resume_url=None, phone_number=None)
    body["sent_by"] = None
    assert greenhouse("post", "send_test", json=body).status_code == 200
    [invitation] = _invitations()
    assert invitation.preferred_name is None
    assert invitation.resume_url is None
    assert invitation.phone_number is None
    assert invitation.sent_by is None


def test_unknown_properties_are_ignored(greenhouse, quiz) -> None:
    body = send_test_body(middle_name="James", pronouns={"x": 1})
    body["job"] = {"id": 7, "name": "Wizard"}
    body["application_id"] = 26234709
    assert greenhouse("post", "send_test", json=body).status_code == 200


def test_the_body_is_read_as_json_whatever_the_content_type(greenhouse, quiz) -> None:
    import json

    response = greenhouse("post", "send_test", data=json.dumps(send_test_body()),
                          content_type="text/plain")
    assert response.status_code == 200


def test_every_missing_field_is_listed_at_once(greenhouse, quiz) -> None:
    problems = _problems(greenhouse("post", "send_test", json={"candidate": {}}))
    assert problems == [
        "partner_test_id: is required",
        "candidate.first_name: is required",
        "candidate.last_name: is required",
        "candidate.email: is required",
        "candidate.greenhouse_profile_url: is required",
    ]


def test_null_required_fields_are_listed_as_required(greenhouse, quiz) -> None:
    body = send_test_body(first_name=None, email=None)
    body["partner_test_id"] = None
    assert _problems(greenhouse("post", "send_test", json=body)) == [
        "partner_test_id: is required",
        "candidate.first_name: is required",
        "candidate.email: is required",
    ]


def test_a_missing_candidate_is_listed(greenhouse, quiz) -> None:
    assert _problems(greenhouse("post", "send_test", json={"partner_test_id": "x"})) == [
        "candidate: is required"]


def test_wrong_types_and_bad_values_are_each_a_sentence_naming_the_field(greenhouse, quiz) -> None:
    body = send_test_body(first_name="", last_name=42, email="not-an-email",
                          resume_url="javascript:alert(1)", phone_number=["1"])
    body["partner_test_id"] = True
    body["sent_by"] = "nobody"
    assert _problems(greenhouse("post", "send_test", json=body)) == [
        "partner_test_id: must be a string",
        "candidate.first_name: must not be empty",
        "candidate.last_name: must be a string",
        "candidate.email: is not a valid email address",
        "candidate.phone_number: must be a string",
        "candidate.resume_url: must be an http(s) URL",
        "sent_by: is not a valid email address",
    ]


def test_a_candidate_that_is_not_an_object_is_refused(greenhouse, quiz) -> None:
    body = send_test_body()
    body["candidate"] = "Harry Potter"
    assert _problems(greenhouse("post", "send_test", json=body)) == ["candidate: must be an object"]


def test_over_long_values_are_refused_not_truncated(greenhouse, quiz) -> None:
    problems = _problems(greenhouse("post", "send_test", json=send_test_body(first_name="H" * 201)))
    assert problems == ["candidate.first_name: must be at most 200 characters"]


@pytest.mark.parametrize("raw", [b"{not json", b"", b"[1, 2]", b'"text"', b"\xff\xfe"])
def test_a_body_that_is_not_a_json_object_gets_a_json_400(greenhouse, quiz, raw) -> None:
    response = greenhouse("post", "send_test", data=raw, content_type="application/json")
    [problem] = _problems(response)
    assert problem.startswith("body: ")
    assert _invitations() == []


def test_an_oversized_body_gets_a_json_413(greenhouse, quiz) -> None:
    response = greenhouse("post", "send_test", data=b"{" + b" " * 300_000 + b"}",
                          content_type="application/json")
    assert response.status_code == 413
    assert response.is_json


@pytest.mark.parametrize("test_id", ["no-such-test", "design-essay"])
def test_an_unknown_or_inactive_test_gets_a_json_404(greenhouse, quiz, test_id) -> None:
    make_test(essay_definition(), active=False)
    response = greenhouse("post", "send_test", json=send_test_body(test_id))
    assert response.status_code == 404
    assert response.is_json
    assert test_id in response.get_json()["message"]
    assert _invitations() == []
    assert _invitation_emails() == []


def test_another_organizations_own_test_gets_404(greenhouse) -> None:
    rival = Organization(slug="rival", name="Rival", hr_email="hr@rival.test")
    db.session.add(rival)
    db.session.commit()
    make_test(quiz_definition("rival-only", "Rival only"), organization=rival)
    assert greenhouse("post", "send_test", json=send_test_body("rival-only")).status_code == 404


def test_the_same_url_again_returns_the_same_interview_and_sends_nothing(greenhouse, quiz) -> None:
    first = greenhouse("post", "send_test", json=send_test_body()).get_json()
    second = greenhouse("post", "send_test", json=send_test_body()).get_json()
    assert first == second
    assert len(_invitations()) == 1
    assert len(_invitation_emails()) == 1


def test_the_same_url_from_another_organization_is_a_separate_interview(
        greenhouse, quiz) -> None:
    rival = Organization(slug="rival", name="Rival", hr_email="hr@rival.test")
    db.session.add(rival)
    db.session.commit()
    rival_key = make_api_key(rival)
    ours = greenhouse("post", "send_test", json=send_test_body()).get_json()
    theirs = greenhouse("post", "send_test", key=rival_key.value, json=send_test_body()).get_json()
    assert ours != theirs
    assert len(_invitations()) == 2


@pytest.mark.committing  # requests in threads, each its own connection
def test_two_concurrent_identical_calls_make_one_invitation(
        app, greenhouse_key, quiz, monkeypatch) -> None:
    # Both requests pass the "already sent?" lookups (the view's, then create_invitation's
    # own) before either inserts, so the database's unique constraint decides; the loser
    # must answer with the winner's id.
    lookup = invitations.find_by_external_id
    lookups: list[bool] = []
    second_lookups: list[bool] = []

    def racing(found_so_far: list[bool]):  # type: ignore[no-untyped-def]
        both_looked = threading.Barrier(2, timeout=10)
        seen: set[int] = set()

        def racing_lookup(*args, **kwargs):  # type: ignore[no-untyped-def]
            found = lookup(*args, **kwargs)
            found_so_far.append(found is not None)
            if threading.get_ident() not in seen:
                seen.add(threading.get_ident())
                both_looked.wait()
            return found
        return racing_lookup

    monkeypatch.setattr(service, "find_by_external_id", racing(lookups))
    monkeypatch.setattr(invitations, "find_by_external_id", racing(second_lookups))
    answers: list[tuple[int, dict]] = []
    failures: list[BaseException] = []

    def send() -> None:
        try:
            response = app.test_client().post("/api/greenhouse/send_test",
                                              headers=basic(greenhouse_key.value),
                                              json=send_test_body())
            answers.append((response.status_code, response.get_json()))
        except BaseException as error:  # noqa: BLE001  (reported below, not lost in the thread)
            failures.append(error)

    threads = [threading.Thread(target=send) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert failures == []
    assert [status for status, _ in answers] == [200, 200]
    assert answers[0][1] == answers[1][1]
    assert len(_invitations()) == 1
    assert len(_invitation_emails()) == 1
    # Two misses, then the loser's look-up after its insert hit the constraint.
    assert lookups == [False, False, True]
    assert second_lookups == [False, False]


def test_without_a_url_each_call_is_a_new_invitation_that_is_never_patched(
        greenhouse, quiz) -> None:
    body = send_test_body(url=None)
    first = greenhouse("post", "send_test", json=body).get_json()
    second = greenhouse("post", "send_test", json=body).get_json()
    assert first != second
    assert [(i.callback_url, i.external_id) for i in _invitations()] == [(None, None)] * 2


def test_the_oldest_payload_shape_is_accepted(greenhouse, quiz) -> None:
    # Seed 000: a numeric partner_test_id, no url anywhere (a polling integration).
    body = {"partner_test_id": 12345, "candidate": {
        "first_name": "Harry", "last_name": "Potter", "resume_url": "https://hogwarts.com/resume",
        "phone_number": "123-456-7890", "email": "hpotter@hogwarts.edu",
        "greenhouse_profile_url": "https://app.greenhouse.io/people/17681532?application_id=26234709"}}
    response = greenhouse("post", "send_test", json=body)
    assert response.status_code == 404  # the id is read as the text "12345": no such test
    assert response.get_json()["error"] == "Not Found"


def test_the_profile_url_is_required(greenhouse, quiz) -> None:
    response = greenhouse("post", "send_test", json=send_test_body(greenhouse_profile_url=None))
    assert response.status_code == 400
    assert _problems(response) == ["candidate.greenhouse_profile_url: is required"]
    assert _invitations() == []


@pytest.mark.parametrize("url", [
    "http://app.greenhouse.io/integrations/testing_partners/take_home_tests/1",
    "https://evil.example.com/take_home_tests/1",
    "https://greenhouse.io.evil.com/take_home_tests/1",
    "https://evilgreenhouse.io/take_home_tests/1",
    "https://app.greenhouse.io@evil.com/take_home_tests/1",
    "https://user:pw@app.greenhouse.io/take_home_tests/1",
    "https://127.0.0.1/take_home_tests/1",
    "https://[::1]/take_home_tests/1",
    "https://169.254.169.254/latest/meta-data",
    "ftp://app.greenhouse.io/take_home_tests/1",
    "javascript:alert(1)",
    "app.greenhouse.io/take_home_tests/1",
    "https://app.greenhouse.io:99999/x",
])
def test_a_callback_url_we_would_never_patch_is_refused(greenhouse, quiz, url) -> None:
    [problem] = _problems(greenhouse("post", "send_test", json=send_test_body(url=url)))
    assert problem.startswith("url: ")
    assert _invitations() == []


def test_a_subdomain_of_greenhouse_is_allowed(greenhouse, quiz) -> None:
    url = "https://app.eu.greenhouse.io/integrations/testing_partners/take_home_tests/9"
    assert greenhouse("post", "send_test", json=send_test_body(url=url)).status_code == 200


def test_a_callback_url_that_is_not_a_string_is_listed(greenhouse, quiz) -> None:
    assert _problems(greenhouse("post", "send_test", json=send_test_body(url=12))) == [
        "url: must be a string"]


class TestWithPlainHttpCallbacksAllowed:
    @pytest.fixture
    def app_config(self):  # type: ignore[no-untyped-def]
        return {"CALLBACK_ALLOW_HTTP": True, "CALLBACK_ALLOWED_HOSTS": "localhost,127.0.0.1",
                "CALLBACK_ALLOWED_PORTS": "8123"}

    def test_plain_http_to_an_allowed_host_is_accepted(self, greenhouse, quiz) -> None:
        url = "http://127.0.0.1:8123/take_home_tests/1"
        assert greenhouse("post", "send_test", json=send_test_body(url=url)).status_code == 200
        assert _invitations()[0].callback_url == url

    def test_hosts_off_the_list_are_still_refused(self, greenhouse, quiz) -> None:
        response = greenhouse("post", "send_test", json=send_test_body())
        assert _problems(response)[0].startswith("url: ")


def test_nothing_is_kept_when_the_candidate_details_are_unusable(greenhouse, quiz) -> None:
    # The service's own checks (beyond the schema) answer 400 too, and leave no row.
    response = greenhouse("post", "send_test", json=send_test_body(last_name="   "))
    assert _problems(response) == ["candidate.last_name: must not be empty"]
    assert db.session.scalar(select(func.count()).select_from(OutboxMessage)) == 0
