"""``assay export-candidate EMAIL``: everything stored about one person, and nobody else's."""

from __future__ import annotations

import json

from app.extensions import db
from app.models import AttemptEvent, Organization, Test
from app.services.outbox import enqueue
from tests.fixtures.attempts import finished
from tests.fixtures.definitions import NOW, invite


def _export(runner, *args: str):  # type: ignore[no-untyped-def]
    result = runner.invoke(args=["export-candidate", *args])
    assert result.exit_code == 0, result.output
    return result


def test_it_exports_the_candidates_details_answers_signals_and_emails(
        runner, organization: Organization, basics_test: Test) -> None:
    attempt = finished(organization, basics_test, {"q1": "a"})
    db.session.add(AttemptEvent(attempt_id=attempt.id, kind="paste", occurred_at=NOW,
                                data={"characters": 12}))
    enqueue(db.session, "email", {"to": "olena@example.test", "subject": "Your test"},
            organization_id=organization.id)
    db.session.commit()

    record = json.loads(_export(runner, "Olena@Example.test").stdout)

    assert record["email"] == "olena@example.test"
    [invitation] = record["invitations"]
    assert (invitation["first_name"], invitation["last_name"]) == ("Olena", "Kovalenko")
    [test] = invitation["tests"]
    assert test["state"] == "completed" and test["score_percent"] == attempt.score_percent
    assert {"question_id": "q1", "answer": "a"}.items() <= test["answers"][0].items()
    assert test["signals"] == [{"kind": "paste", "at": NOW.isoformat(),
                                "data": {"characters": 12}, "detail": None}]
    # the submission receipt, and the email queued above
    assert [email["kind"] for email in record["emails_sent"]] == ["email", "email"]


def test_it_holds_no_one_elses_data_and_can_keep_to_one_organization(
        runner, organization: Organization, basics_test: Test) -> None:
    other = Organization(slug="globex", name="Globex", hr_email="hr@globex.test")
    db.session.add(other)
    db.session.commit()
    invite(organization, [basics_test])
    invite(other, [basics_test])
    invite(organization, [basics_test], first_name="Someone", last_name="Else")

    everywhere = json.loads(_export(runner, "olena@example.test").stdout)
    only_acme = json.loads(_export(runner, "olena@example.test", "--org", "globex").stdout)

    # The fixture's invitations share the address; the third is the same person's too.
    assert len(everywhere["invitations"]) == 3
    assert [i["organization"] for i in only_acme["invitations"]] == ["Globex"]
    assert "hr@" not in json.dumps(everywhere)


def test_an_address_with_no_data_says_so(runner, organization: Organization) -> None:
    result = _export(runner, "nobody@example.test")
    assert json.loads(result.stdout)["invitations"] == []
    assert "Nothing is stored about nobody@example.test." in result.stderr
