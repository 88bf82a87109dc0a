"""Play Greenhouse against a running Assay: its calls, its callback endpoint, a mailbox.

``run`` makes the calls Greenhouse makes (and a few wrong ones), takes the test as the
candidate (candidate_driver), waits for the completion PATCH on a local HTTP server, and
returns every check (checks.py decides each one).
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import requests

from app.greenhouse.selftest import checks
from app.greenhouse.selftest.candidate_driver import DriverError, take_test
from app.greenhouse.selftest.checks import Check, Reply
from app.greenhouse.selftest.servers import CallbackServer, MailCatcher

FINISHED = ("complete", "awaiting_review")


@dataclass
class Options:
    base_url: str
    key: str
    test: str | None = None
    smtp_port: int | None = None
    candidate_link: str | None = None
    candidate_email: str | None = None
    callback_host: str = "127.0.0.1"
    callback: bool = True  # False: send no url (polling-only), expect no PATCH
    timeout: float = 120.0
    run_id: str = field(default_factory=lambda: secrets.token_hex(6))

    @property
    def api(self) -> str:
        return self.base_url.rstrip("/") + "/api/greenhouse"

    @property
    def email(self) -> str:
        return self.candidate_email or f"greenhouse-selftest+{self.run_id}@example.com"

    @property
    def listen_host(self) -> str:
        # A target on this machine calls us on loopback; any other must reach us over the network.
        local = self.callback_host in ("127.0.0.1", "localhost", "::1")
        return "127.0.0.1" if local else "0.0.0.0"  # noqa: S104  (a remote target calls us back)


def _reply(response: requests.Response) -> Reply:
    return Reply.of(response.status_code, dict(response.headers), response.content)


class Greenhouse:
    """Greenhouse's side of the API: the four calls, authenticated with ``key``."""

    def __init__(self, options: Options) -> None:
        self.options = options
        self.http = requests.Session()
        self.timeout = min(30.0, options.timeout)

    def call(self, method: str, name: str, *, key: str | None = None, auth: bool = True,
             **kwargs: Any) -> Reply:
        if auth:
            kwargs["auth"] = (self.options.key if key is None else key, "")
        response = self.http.request(method, f"{self.options.api}/{name}", timeout=self.timeout,
                                     allow_redirects=False, **kwargs)
        return _reply(response)

    def status(self, interview_id: str) -> Reply:
        return self.call("GET", "test_status", params={"partner_interview_id": interview_id})


# --- the run ------------------------------------------------------------------------------

Progress = Callable[[str], None]
AskLink = Callable[[str], str]


def run(options: Options, *, ask_link: AskLink, progress: Progress = lambda _: None) -> list[Check]:
    """Every check, in the order made. Raises SelftestError when it cannot go on at all."""
    greenhouse = Greenhouse(options)
    results: list[Check] = []
    mail = MailCatcher(options.listen_host, options.smtp_port) if options.smtp_port else None
    callback = CallbackServer(greenhouse, options.listen_host)
    with callback.running(), (mail.running() if mail else _nothing()):
        _run(options, greenhouse, callback, mail, ask_link, progress, results)
    return results


@contextmanager
def _nothing() -> Iterator[None]:
    yield None


def _run(options: Options, greenhouse: Greenhouse, callback: CallbackServer,
         mail: MailCatcher | None, ask_link: AskLink, progress: Progress,
         results: list[Check]) -> None:
    add = results.extend
    progress(f"Playing Greenhouse against {options.api}")
    add(checks.unauthorized("list_tests without credentials",
                            greenhouse.call("GET", "list_tests", auth=False)))
    add(checks.unauthorized("list_tests with a wrong key",
                            greenhouse.call("GET", "list_tests", key=options.key + "x")))
    found, tests = checks.list_tests(greenhouse.call("GET", "list_tests"))
    add(found)
    if any(c.failed for c in found) and not tests:
        return
    test_id = options.test or str(tests[0].get("partner_test_id"))
    if options.test and options.test not in {t.get("partner_test_id") for t in tests}:
        results.append(checks.fail(f"list_tests: offers {options.test!r}", "not in the list"))
        return
    progress(f"Sending test {test_id!r} to {options.email}")
    bad_body = {"partner_test_id": test_id, "candidate": {"first_name": "Harry"}}
    add(checks.bad_request("send_test with a bad body",
                           greenhouse.call("POST", "send_test", json=bad_body)))
    url_path = f"/integrations/testing_partners/take_home_tests/selftest-{options.run_id}"
    callback_url = f"http://{options.callback_host}:{callback.port}{url_path}"
    body = _send_test_body(test_id, options, callback_url if options.callback else None)
    sent = greenhouse.call("POST", "send_test", json=body)
    sent_checks, interview_id = checks.send_test(sent)
    add(sent_checks)
    if interview_id is None:
        if sent.status == 400 and b"url" in sent.body:
            results.append(checks.fail("send_test: callback url accepted",
                                       f"the target refused {callback_url}: set "
                                       f"ASSAY_CALLBACK_ALLOWED_HOSTS={options.callback_host}, "
                                       "ASSAY_CALLBACK_ALLOW_HTTP=true, "
                                       "ASSAY_CALLBACK_ALLOWED_PORTS=* and (for a private "
                                       "address) ASSAY_CALLBACK_ALLOWED_NETWORKS=127.0.0.0/8 "
                                       "on it, or use --no-callback"))
        return
    callback.interview_id = interview_id
    if options.callback:
        add(checks.idempotent(interview_id, greenhouse.call("POST", "send_test", json=body)))
    add(checks.not_found("test_status of an unknown interview",
                         greenhouse.status(f"selftest-unknown-{options.run_id}")))
    add(checks.test_status(greenhouse.status(interview_id), expect_status="sent")[0])
    report = f"Assay Greenhouse selftest {options.run_id}: a test report, not a real error"
    add(checks.response_error(greenhouse.call("POST", "response_error", json={
        "api_call": "test_status", "partner_interview_id": interview_id, "errors": [report]})))

    link = _candidate_link(options, mail, ask_link, progress)
    if link is None:
        results.append(checks.fail("invitation email with the candidate link",
                                   f"none arrived for {options.email} within {options.timeout:g} s "
                                   "(is the target's worker running and sending mail here?)"))
        return
    results.append(checks.ok("invitation email with the candidate link",
                             link.split("/t/")[0] + "/t/…"))
    progress("Taking the test as the candidate")
    try:
        driven = take_test(link, log=progress, timeout=min(30.0, options.timeout))
    except (DriverError, requests.RequestException) as error:
        results.append(checks.fail("the candidate takes the test", str(error)))
        return
    results.append(checks.ok("the candidate takes the test",
                             f"{driven.questions_answered} questions answered"))

    final = _wait_until_finished(greenhouse, interview_id, options.timeout, progress)
    status_checks, status_body = checks.test_status(final)
    add(status_checks)
    status = status_body.get("partner_status")
    if status not in FINISHED:
        results.append(checks.fail("test_status after submitting", f"still {status!r}"))
        return
    if status == "awaiting_review":
        results.append(checks.ok("test_status after submitting: awaiting_review, not complete",
                                 "essays wait for a person"))
    profile = status_body.get("partner_profile_url")
    if isinstance(profile, str):
        results.append(_profile_check(profile, greenhouse.timeout))
    if not options.callback:
        results.append(checks.skip("PATCH", "no callback url was sent (--no-callback)"))
    elif status == "awaiting_review":
        results.append(checks.skip("PATCH", "comes once a person grades the essays"))
    else:
        progress("Waiting for the completion PATCH")
        callback.arrived.wait(options.timeout)
        add(checks.patch(callback.received, options.key, url_path))


def _send_test_body(test_id: str, options: Options, url: str | None) -> dict[str, Any]:
    return {
        "partner_test_id": test_id,
        "candidate": {
            "first_name": "Selftest", "last_name": "Candidate", "preferred_name": None,
            "email": options.email, "resume_url": None, "phone_number": None,
            "greenhouse_profile_url": "https://app.greenhouse.io/people/0?application_id=0",
        },
        "sent_by": None,
        "url": url,
    }


def _candidate_link(options: Options, mail: MailCatcher | None, ask_link: AskLink,
                    progress: Progress) -> str | None:
    if options.candidate_link:
        return options.candidate_link
    if mail is not None:
        progress(f"Waiting for the invitation email on port {options.smtp_port}")
        return mail.link_for(options.email, options.timeout)
    return ask_link(options.email).strip() or None


def _wait_until_finished(greenhouse: Greenhouse, interview_id: str, timeout: float,
                         progress: Progress) -> Reply:
    deadline = time.monotonic() + timeout
    while True:
        reply = greenhouse.status(interview_id)
        body = reply.json
        status = body.get("partner_status") if isinstance(body, dict) else None
        if status in FINISHED or time.monotonic() >= deadline:
            return reply
        progress(f"test_status says {status!r}; asking again")
        time.sleep(1.0)


def _profile_check(url: str, timeout: float) -> Check:
    try:
        response = requests.get(url, timeout=timeout, allow_redirects=True)
    except requests.RequestException as error:
        return checks.profile_reachable(url, None, f"GET {url}: {type(error).__name__}")
    return checks.profile_reachable(url, response.status_code)
