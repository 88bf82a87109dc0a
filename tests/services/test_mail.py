"""Composing emails: rendered at enqueue time, in the recipient's language, into the outbox.

The invitation bodies are compared with saved snapshots in snapshots/. After an intended
change, refresh them with ``ASSAY_UPDATE_SNAPSHOTS=1 pytest tests/services/test_mail.py``
and review the diff.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from app.extensions import db
from app.models import OutboxMessage
from app.services.mail import queue_email, render_email

SNAPSHOTS = Path(__file__).parent / "snapshots"
UPDATE_SNAPSHOTS = os.environ.get("ASSAY_UPDATE_SNAPSHOTS") == "1"
EXPIRES = datetime(2026, 7, 1, 12, 0, tzinfo=UTC)


def invitation_context(**changes: Any) -> dict[str, Any]:
    """What the invitations service passes (see app.services.invitations)."""
    context: dict[str, Any] = {
        "candidate_name": "Olena Petrenko",
        "organization_name": "Acme Corp",
        "tests": [{"name": "Python fundamentals", "minutes": 45, "question_count": 27},
                  {"name": "SQL analytics", "minutes": 21, "question_count": 1}],
        "extra_time_factor": 1.5,
        "link": "https://assay.example/i/abcdefghijkl0123456789",
        "expires_at": EXPIRES.isoformat(),
        "reply_to": "hr@acme.test",
    }
    context.update(changes)
    return context


def team_context(**changes: Any) -> dict[str, Any]:
    """What the completion service passes (see app.services.completion)."""
    context: dict[str, Any] = {
        "candidate_name": "Olena Petrenko", "candidate_email": "olena@example.test",
        "organization_name": "Acme Corp", "test_name": "Python fundamentals",
        "score_percent": 83.33, "passed": True, "results_url": "https://assay.example/r/iv_1",
    }
    context.update(changes)
    return context


def assert_matches_snapshot(name: str, content: str) -> None:
    path = SNAPSHOTS / name
    if UPDATE_SNAPSHOTS or not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8")
        if not UPDATE_SNAPSHOTS:
            pytest.fail(f"snapshot {name} was missing and has been written; review and commit it")
    assert content == path.read_text(encoding="utf-8"), (
        f"{name} differs from its snapshot; if the change is intended, refresh with "
        "ASSAY_UPDATE_SNAPSHOTS=1")


@pytest.mark.parametrize("language", ["en", "uk", "ru"])
def test_the_invitation_matches_its_snapshot(app, language: str) -> None:  # type: ignore[no-untyped-def]
    email = render_email("invitation", language, invitation_context())

    assert_matches_snapshot(f"invitation.{language}.txt",
                            f"Subject: {email.subject}\n\n{email.text}")
    assert_matches_snapshot(f"invitation.{language}.html", email.html)


@pytest.mark.parametrize("template", ["completion_notice", "review_needed"])
def test_the_hiring_team_emails_match_their_snapshots(app, template: str) -> None:  # type: ignore[no-untyped-def]
    email = render_email(template, "en", team_context(essay_count=2))

    assert_matches_snapshot(f"{template}.en.txt", f"Subject: {email.subject}\n\n{email.text}")
    assert_matches_snapshot(f"{template}.en.html", email.html)


def test_the_invitation_to_one_test_matches_its_snapshot(app) -> None:  # type: ignore[no-untyped-def]
    email = render_email("invitation", "en", invitation_context(
        tests=[{"name": "Python fundamentals", "minutes": 30, "question_count": 27}],
        extra_time_factor=1.0))

    assert_matches_snapshot("invitation_one_test.en.html", email.html)


@pytest.mark.parametrize(("tests", "button"), [(1, "Open your test<"), (2, "Open your tests<")])
def test_the_invitations_button_names_one_test_or_several(  # type: ignore[no-untyped-def]
        app, tests: int, button: str) -> None:
    context = invitation_context()
    email = render_email("invitation", "en", {**context, "tests": context["tests"][:tests]})

    assert button in email.html


def test_a_timed_out_attempt_tells_the_team_the_time_ran_out(app) -> None:  # type: ignore[no-untyped-def]
    context = team_context(timed_out=True, time_used_seconds=4500.0, time_allowed_seconds=4500,
                           essay_count=2)
    for template in ("completion_notice", "review_needed"):
        email = render_email(template, "en", context)
        assert_matches_snapshot(f"{template}_timed_out.en.txt",
                                f"Subject: {email.subject}\n\n{email.text}")
        assert_matches_snapshot(f"{template}_timed_out.en.html", email.html)
        assert "finished" not in email.text
        assert "Time used: 1 h 15 min of 1 h 15 min" in email.text


def test_it_queues_an_email_row_with_everything_the_worker_needs(app, organization) -> None:  # type: ignore[no-untyped-def]
    message = queue_email(db.session, template="invitation", to="olena@example.test",
                          language="uk", context=invitation_context(),
                          organization_id=organization.id, reply_to="hr@acme.test")
    db.session.commit()

    row = db.session.get(OutboxMessage, message.id)
    assert row is not None
    assert (row.kind, row.status, row.organization_id) == ("email", "pending", organization.id)
    assert set(row.open_payload()) == {"to", "subject", "text", "html", "reply_to", "language",
                                "template"}
    assert row.open_payload()["to"] == "olena@example.test"
    assert row.open_payload()["reply_to"] == "hr@acme.test"
    assert (row.open_payload()["language"], row.open_payload()["template"]) == ("uk", "invitation")
    assert row.open_payload()["subject"] == "Запрошення на тестування від Acme Corp"


def test_nothing_is_queued_when_the_callers_transaction_rolls_back(app) -> None:  # type: ignore[no-untyped-def]
    queue_email(db.session, template="review_needed", to="hr@acme.test", language="en",
                context=team_context(), organization_id=None)
    db.session.rollback()

    assert db.session.query(OutboxMessage).count() == 0


@pytest.mark.parametrize(("language", "subject", "greeting"), [
    ("en", "Your test invitation from Acme Corp", "Hello Olena Petrenko,"),
    ("uk", "Запрошення на тестування від Acme Corp", "Вітаємо, Olena Petrenko!"),
    ("ru", "Приглашение на тестирование от Acme Corp", "Здравствуйте, Olena Petrenko!"),
])
def test_subject_and_body_are_in_the_language_asked_for(  # type: ignore[no-untyped-def]
        app, language: str, subject: str, greeting: str) -> None:
    email = render_email("invitation", language, invitation_context())

    assert email.subject == subject
    assert email.text.startswith(greeting)
    assert f'<html lang="{language}"' in email.html


@pytest.mark.parametrize(("count", "uk", "ru"), [
    (1, "1 письмова відповідь ще чекає", "1 письменный ответ ещё ждёт"),
    (3, "3 письмові відповіді ще чекають", "3 письменных ответа ещё ждут"),
    (5, "5 письмових відповідей ще чекають", "5 письменных ответов ещё ждут"),
])
def test_counts_use_each_languages_plural_forms(app, count: int, uk: str, ru: str) -> None:  # type: ignore[no-untyped-def]
    context = team_context(essay_count=count)

    assert uk in render_email("review_needed", "uk", context).text
    assert ru in render_email("review_needed", "ru", context).text


def test_dates_are_written_the_recipients_way(app) -> None:  # type: ignore[no-untyped-def]
    texts = {language: _plain_spaces(render_email("invitation", language,
                                                  invitation_context()).text)
             for language in ("en", "uk", "ru")}

    assert "July 1, 2026, 12:00 PM UTC" in texts["en"]
    assert "1 липня 2026 р., 12:00 UTC" in texts["uk"]
    assert "1 июля 2026 г., 12:00 UTC" in texts["ru"]


def _plain_spaces(text: str) -> str:
    """CLDR formats put (narrow) no-break spaces in dates: "12:00\u202fPM", "2026\u202fр."."""
    return text.replace("\u202f", " ").replace("\xa0", " ")


def test_extra_time_is_mentioned_only_when_granted(app) -> None:  # type: ignore[no-untyped-def]
    granted = render_email("invitation", "en", invitation_context(extra_time_factor=1.25))
    standard = render_email("invitation", "en", invitation_context(extra_time_factor=1.0))

    assert "You have been granted extra time" in granted.text
    assert "You have been granted extra time" in granted.html
    assert "extra time:" not in standard.text and "granted" not in standard.html


def test_the_accommodations_offer_needs_somewhere_to_reply(app) -> None:  # type: ignore[no-untyped-def]
    with_reply = render_email("invitation", "en", invitation_context())
    without = render_email("invitation", "en", invitation_context(reply_to=None))

    assert "reply to this email before you start" in with_reply.text
    assert "reply to this email" not in without.text


def test_names_are_escaped_in_html_and_left_alone_in_text(app) -> None:  # type: ignore[no-untyped-def]
    email = render_email("invitation", "en", invitation_context(
        candidate_name="<script>x</script>", organization_name="Tom & Jerry's"))

    assert "<script>" not in email.html and "&lt;script&gt;" in email.html
    assert "Tom &amp; Jerry" in email.html
    assert "Hello <script>x</script>," in email.text
    assert email.subject == "Your test invitation from Tom & Jerry's"


def test_the_subject_is_always_one_line(app) -> None:  # type: ignore[no-untyped-def]
    email = render_email("invitation", "en", invitation_context(organization_name="Acme\r\nBcc: x"))

    assert "\n" not in email.subject and "\r" not in email.subject


def test_the_completion_notice_says_pass_or_fail_with_the_pass_mark_when_known(app) -> None:  # type: ignore[no-untyped-def]
    failed = render_email("completion_notice", "uk",
                          team_context(score_percent=41.5, passed=False, pass_mark=70.0))
    passed = render_email("completion_notice", "ru", team_context())

    assert "Оцінка: 41,5%" in _plain_spaces(failed.text)
    assert "Результат: тест не складено (прохідний бал 70%)" in failed.text
    assert "Результат: тест пройден" in passed.text


@pytest.mark.parametrize(("template", "context", "problem"), [
    ("invitation", {"link": "x"}, "needs candidate_name, expires_at, organization_name, tests"),
    ("welcome", {}, "unknown email template 'welcome'"),
])
def test_bad_calls_are_refused_before_anything_is_queued(  # type: ignore[no-untyped-def]
        app, template: str, context: dict[str, Any], problem: str) -> None:
    with pytest.raises(ValueError, match=problem):
        queue_email(db.session, template=template, to="a@b.test", language="en",
                    context=context, organization_id=None)


def test_an_unsupported_language_is_refused(app) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValueError, match="unsupported email language 'de'"):
        render_email("invitation", "de", invitation_context())


def test_the_invitation_service_queues_a_complete_invitation(  # type: ignore[no-untyped-def]
        app, organization, basics_test) -> None:
    from app.services.invitations import (
        CandidateDetails,
        InvitationRequest,
        create_invitation,
    )

    created = create_invitation(
        db.session,
        InvitationRequest(organization=organization, tests=[basics_test], source="cli",
                          candidate=CandidateDetails(email="olena@example.test",
                                                     first_name="Olena", last_name="Petrenko")),
        base_url="http://assay.test", valid_days=30)
    db.session.commit()

    [row] = db.session.query(OutboxMessage).all()
    assert row.open_payload()["to"] == "olena@example.test"
    assert basics_test.name in row.open_payload()["text"]
    assert created.link in row.open_payload()["text"] and created.link in row.open_payload()["html"]
