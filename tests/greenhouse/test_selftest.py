"""`assay greenhouse selftest`: the Greenhouse simulator, against our own Assay over HTTP,
and its checks one by one."""

from __future__ import annotations

import json
import sys
import threading
from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask

from app.extensions import db
from app.greenhouse.selftest import checks
from app.greenhouse.selftest.candidate_driver import parse_page, question_answer
from app.greenhouse.selftest.checks import ReceivedPatch, Reply
from app.greenhouse.selftest.simulator import Options, run
from app.jobs import deliver_outbox
from tests.fixtures.servers import free_port

SMTP_PORT = free_port()


@pytest.fixture
def app_config() -> dict[str, Any]:
    # The target Assay as an operator sets it up for the selftest: its mail goes to the
    # simulator's SMTP port, and it may call the simulator back over plain http.
    return {"MAIL_SERVER": "127.0.0.1", "MAIL_PORT": SMTP_PORT, "DEV_MAIL": False,
            "CALLBACK_ALLOW_HTTP": True, "CALLBACK_ALLOWED_HOSTS": ["127.0.0.1"],
            "CALLBACK_ALLOWED_PORTS": ["*"], "CALLBACK_ALLOWED_NETWORKS": ["127.0.0.0/8"]}


@pytest.fixture
def worker(app: Flask) -> Iterator[None]:
    """The outbox worker, as `assay worker` runs it beside the web process."""
    stop = threading.Event()

    def deliver() -> None:
        with app.app_context():
            while not stop.is_set():
                if not deliver_outbox.run_once():
                    stop.wait(0.2)
            db.session.remove()

    thread = threading.Thread(target=deliver, daemon=True)
    thread.start()
    yield
    stop.set()
    thread.join(timeout=10)


def test_it_passes_against_our_own_assay_end_to_end(
        runner, live_server, greenhouse_key, quiz, worker) -> None:
    result = runner.invoke(args=[
        "greenhouse", "selftest", "--base-url", live_server.url, "--key", greenhouse_key.value,
        "--test", "python-basics", "--smtp-port", str(SMTP_PORT), "--timeout", "60"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert not [line for line in lines if line.startswith("FAIL")]
    for expected in ("PASS  list_tests: a JSON array",
                     "PASS  send_test again with the same url: same partner_interview_id",
                     "PASS  test_status (complete): partner_score is a number from 0 to 100",
                     "PASS  test_status (complete): metadata is a flat object of primitives",
                     "PASS  partner_profile_url answers HTTP 200",
                     "PASS  PATCH: no body",
                     "PASS  PATCH: sent after the result was committed"):
        assert any(line.startswith(expected) for line in lines), expected
    assert lines[-1].endswith("the integration works.")


def test_an_essay_test_ends_awaiting_review_without_a_patch(
        live_server, greenhouse_key, essay_test, worker, smtp_server) -> None:
    # The target's mail goes to the smtp_server fixture here; the link is "pasted" from it.
    live_server.app.config["MAIL_PORT"] = smtp_server.port

    def paste_link(email: str) -> str:
        from app.greenhouse.selftest.servers import link_in

        [message] = smtp_server.wait_for(1, timeout=30)
        assert email in message["To"]
        return link_in(message) or ""

    results = run(Options(base_url=live_server.url, key=greenhouse_key.value,
                          test="design-essay", timeout=30), ask_link=paste_link)
    assert [c for c in results if c.failed] == []
    names = {c.name: c for c in results}
    assert "test_status after submitting: awaiting_review, not complete" in names
    assert names["PATCH"].outcome == checks.SKIP
    assert names["partner_profile_url answers HTTP 200"].outcome == checks.PASS


def test_a_wrong_key_fails_clearly_and_exits_1(runner, live_server, greenhouse_key, quiz) -> None:
    result = runner.invoke(args=[
        "greenhouse", "selftest", "--base-url", live_server.url, "--key", "asy_gh_wrong",
        "--candidate-link", "http://unused", "--timeout", "5"])
    assert result.exit_code == 1
    assert "FAIL  list_tests: HTTP 200 — got HTTP 401" in result.output
    assert "failed" in result.output.splitlines()[-1]


def test_a_refused_callback_host_says_which_settings_to_change(
        runner, live_server, greenhouse_key, quiz) -> None:
    live_server.app.config["CALLBACK_ALLOWED_HOSTS"] = ["app.greenhouse.io"]
    result = runner.invoke(args=[
        "greenhouse", "selftest", "--base-url", live_server.url, "--key", greenhouse_key.value,
        "--timeout", "5"])
    assert result.exit_code == 1
    assert "ASSAY_CALLBACK_ALLOWED_HOSTS=127.0.0.1" in result.output
    assert "ASSAY_CALLBACK_ALLOWED_PORTS=*" in result.output
    assert "ASSAY_CALLBACK_ALLOWED_NETWORKS=127.0.0.0/8" in result.output


def test_without_aiosmtpd_it_says_how_to_install_it(runner, monkeypatch) -> None:
    monkeypatch.setitem(sys.modules, "aiosmtpd.controller", None)  # import fails
    result = runner.invoke(args=[
        "greenhouse", "selftest", "--base-url", "http://127.0.0.1:9", "--key", "k",
        "--smtp-port", str(free_port())])
    assert result.exit_code == 1
    assert "pip install aiosmtpd" in result.output


# --- the checks, one rule at a time -------------------------------------------------------

def _reply(status: int, body: Any, headers: dict[str, str] | None = None) -> Reply:
    raw = body if isinstance(body, bytes) else json.dumps(body).encode()
    return Reply.of(status, {"Content-Type": "application/json", **(headers or {})}, raw)


def _failed(found: list[checks.Check]) -> list[str]:
    return [c.name for c in found if c.failed]


def test_a_401_needs_a_basic_challenge() -> None:
    challenged = _reply(401, {}, {"WWW-Authenticate": "Basic realm=a"})
    assert _failed(checks.unauthorized("x", challenged)) == []
    assert _failed(checks.unauthorized("x", _reply(401, {}))) == [
        "x: WWW-Authenticate Basic challenge"]
    allowed = _reply(200, {}, {"WWW-Authenticate": "Basic"})
    assert "x: HTTP 401" in _failed(checks.unauthorized("x", allowed))


def test_an_html_error_page_is_not_a_json_answer() -> None:
    page = Reply.of(404, {"Content-Type": "text/html"}, b"<h1>Not found</h1>")
    assert _failed(checks.not_found("x", page)) == ["x: JSON body"]


def test_list_tests_ids_and_names_must_be_strings() -> None:
    found, _ = checks.list_tests(
        _reply(200, [{"partner_test_id": 12345, "partner_test_name": "A"}]))
    assert _failed(found) == ["list_tests: partner_test_id and partner_test_name are strings"]
    found, _ = checks.list_tests(_reply(200, {"tests": []}))
    assert "list_tests: a JSON array" in _failed(found)


def test_a_numeric_or_null_interview_id_fails() -> None:
    for value in (98765, None, ""):
        found, interview = checks.send_test(_reply(200, {"partner_interview_id": value}))
        assert interview is None
        assert "send_test: partner_interview_id is a string" in _failed(found)


@pytest.mark.parametrize(("body", "failure"), [
    ({"partner_status": "complete", "metadata": {}},
     "partner_profile_url is an absolute http(s) URL"),
    ({"partner_status": "complete", "partner_profile_url": "/results/1"},
     "partner_profile_url is an absolute http(s) URL"),
    ({"partner_status": 3}, "partner_status is a string"),
    ({"partner_status": "sent", "partner_score": "81"}, "partner_score is a number from 0 to 100"),
    ({"partner_status": "sent", "partner_score": True}, "partner_score is a number from 0 to 100"),
    ({"partner_status": "sent", "partner_score": 101}, "partner_score is a number from 0 to 100"),
    ({"partner_status": "sent", "metadata": [{"a": 1}]}, "metadata is a flat object of primitives"),
    ({"partner_status": "sent", "metadata": {"a": {"b": 1}}},
     "metadata is a flat object of primitives"),
    ({"partner_status": "sent", "metadata": {"a": [1]}}, "metadata is a flat object of primitives"),
    ({"partner_status": "sent", "extra": 1}, "only the four documented keys"),
])
def test_test_status_rules(body, failure) -> None:  # type: ignore[no-untyped-def]
    found, _ = checks.test_status(_reply(200, body))
    assert [name.split(": ", 1)[1] for name in _failed(found)] == [failure]


def test_a_complete_status_with_everything_passes() -> None:
    found, _ = checks.test_status(_reply(200, {
        "partner_status": "complete", "partner_profile_url": "https://assay.test/results/iv_1?sig=x",
        "partner_score": 81.5, "metadata": {"Result": "Pass", "Tab Switches": 0, "Notes": None,
                                            "Flagged": False}}), expect_status="complete")
    assert _failed(found) == []


def test_the_patch_must_follow_the_commit_and_carry_the_key() -> None:
    seen = _reply(200, {"partner_status": "complete"})
    good = ReceivedPatch("PATCH", "/cb/1",
                         "Basic " + __import__("base64").b64encode(b"k:").decode(), b"", seen)
    assert _failed(checks.patch(good, "k", "/cb/1")) == []
    early = ReceivedPatch("PATCH", "/cb/1", good.authorization, b"",
                          _reply(200, {"partner_status": "started"}))
    assert _failed(checks.patch(early, "k", "/cb/1")) == [
        "PATCH: sent after the result was committed (test_status during the PATCH says complete)"]
    assert _failed(checks.patch(None, "k", "/cb/1")) == ["PATCH received"]


def test_the_driver_answers_every_field_type_validly() -> None:
    page = parse_page("http://x/take/at_1/0/0", 200, """
      <form method="post" id="answer-form" action="/take/at_1/0/0">
        <input type="hidden" name="csrf_token" value="tok">
        <input type="hidden" name="question_id" value="q1">
        <input type="radio" name="answer" value="b"><input type="radio" name="answer" value="a">
        <select name="position-x"><option value="">…</option><option value="1">1</option></select>
        <select name="position-y"><option value="">…</option><option value="2">2</option></select>
        <input type="text" name="number" inputmode="decimal"><input type="text" name="words">
        <textarea name="essay"></textarea>
        <button type="submit" name="move" value="next">Next</button>
      </form>""")
    data = dict(question_answer(page.forms[0]))
    assert data["csrf_token"] == "tok" and data["question_id"] == "q1"
    assert data["answer"] == "b"
    assert (data["position-x"], data["position-y"]) == ("1", "2")
    assert data["number"] == "42"
    assert data["words"] == "Assay selftest"
    assert len(data["essay"].split()) > 20
