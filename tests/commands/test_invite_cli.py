"""`assay invite`: a candidate invited from the command line, the email queued."""

from __future__ import annotations

import json

from app.extensions import db
from app.models import Invitation, OutboxMessage
from app.services.invitations import find_by_token


def _invite(runner, *extra: str):  # type: ignore[no-untyped-def]
    return runner.invoke(args=["invite", "--org", "acme", "--test", "basics",
                               "--email", "ada@example.org", "--first-name", "Ada",
                               "--last-name", "Lovelace", *extra])


def test_it_prints_one_json_object_with_the_candidates_link(  # type: ignore[no-untyped-def]
        runner, organization, basics_test) -> None:
    result = _invite(runner, "--json", "--lang", "uk", "--extra-time", "1.5")
    assert result.exit_code == 0, result.output
    printed = json.loads(result.output)
    assert printed["link"].startswith("http://assay.test/t/")
    invitation = find_by_token(db.session, printed["link"].rsplit("/", 1)[1])
    assert invitation is not None
    assert invitation.public_id == printed["invitation_id"]
    assert invitation.language == "uk"
    assert invitation.extra_time_factor == 1.5
    assert printed["tests"] == [{"slug": "basics", "version": 1,
                                 "attempt_id": invitation.attempts[0].public_id}]


def test_the_invitation_email_is_queued_in_the_outbox(runner, organization, basics_test) -> None:  # type: ignore[no-untyped-def]
    link = json.loads(_invite(runner, "--json").output)["link"]
    [message] = db.session.scalars(db.select(OutboxMessage)).all()
    assert message.kind == "email"
    assert message.status == "pending"
    assert message.open_payload()["to"] == "ada@example.org"
    assert link in message.open_payload()["text"]


def test_bad_input_is_refused_with_every_reason_and_nothing_is_made(  # type: ignore[no-untyped-def]
        runner, organization, basics_test) -> None:
    result = runner.invoke(args=["invite", "--org", "acme", "--test", "basics", "--email", "nope",
                                 "--first-name", " ", "--last-name", "L"])
    assert result.exit_code == 1
    assert "The email address 'nope' is not valid." in result.output
    assert "first name is missing" in result.output
    assert db.session.scalars(db.select(Invitation)).all() == []


def test_unknown_tests_and_too_much_extra_time_are_refused(  # type: ignore[no-untyped-def]
        runner, organization, basics_test) -> None:
    unknown = runner.invoke(args=["invite", "--org", "acme", "--test", "nosuch",
                                  "--email", "a@b.org", "--first-name", "A", "--last-name", "B"])
    assert "No test 'nosuch'" in unknown.output
    assert _invite(runner, "--extra-time", "9").exit_code == 2


def test_it_warns_when_the_questions_are_in_another_language_than_the_pages(  # type: ignore[no-untyped-def]
        runner, organization, basics_test) -> None:
    result = _invite(runner, "--lang", "uk")
    assert result.exit_code == 0, result.output
    assert (f"Warning: The candidate's pages and emails are in Ukrainian, but the questions "
            f"of {basics_test.name!r} are in English.") in result.stderr
    printed = json.loads(_invite(runner, "--lang", "uk", "--json").stdout)
    assert [w["code"] for w in printed["warnings"]] == ["language_mismatch"]


def test_it_says_nothing_when_the_pages_follow_the_tests_language(  # type: ignore[no-untyped-def]
        runner, organization, basics_test) -> None:
    for language in ([], ["--lang", "en"]):
        result = _invite(runner, *language)
        assert result.exit_code == 0, result.output
        assert "Warning" not in result.output
