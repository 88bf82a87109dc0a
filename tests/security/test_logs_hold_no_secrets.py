"""No secret reaches a log: a whole flow through production gunicorn over TLS and the
worker, every line they write captured, and none holds a key, a link or a signature.

The flow: Greenhouse lists tests and sends one (its key in Basic auth), the worker emails
the link, the candidate opens it, starts and submits, the worker emails the results link,
a reviewer opens it, signs in to the console and grades the essay there, the worker
PATCHes Greenhouse (with the key)
and Greenhouse polls test_status (which answers with the signed results link).
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests

from app.extensions import db
from app.models import Role, User
from app.security import tokens
from app.security.passwords import hash_password
from app.services.api_clients import create_client
from app.services.catalog import ensure_test_number
from app.services.organizations import create_organization
from app.webhooks.urls import webhook_policy
from tests.e2e.banks import definition, essay, section, single
from tests.fixtures.factories import make_test
from tests.fixtures.production_server import ProductionServer, serve_production
from tests.fixtures.servers import Mailbox
from tests.jobs.conftest import CallbackServer, callback_server  # noqa: F401  (a fixture)

pytestmark = pytest.mark.timeout(120)

ASSAY = Path(sys.executable).parent / "assay"
# The callback server and the SMTP server run here, on 127.0.0.1, plain http.
LOCAL_CALLBACKS = {"ASSAY_CALLBACK_ALLOW_HTTP": "true",
                   "ASSAY_CALLBACK_ALLOWED_HOSTS": "127.0.0.1",
                   "ASSAY_CALLBACK_ALLOWED_PORTS": "*",
                   "ASSAY_CALLBACK_ALLOWED_NETWORKS": "127.0.0.0/8"}
GRADER, GRADER_PASSWORD = "grace@acme.test", "a grader's long passphrase"
CSRF = re.compile(r'name="csrf_token"[^>]*? value="([^"]+)"')
LINK = re.compile(r"https://127\.0\.0\.1:\d+/(?:t|results)/\S+")


@dataclass
class Worker:
    server: ProductionServer
    smtp: Mailbox
    log: Path

    def run_once(self) -> None:
        env = {**self.server.environment(), "ASSAY_MAIL_SERVER": self.smtp.host,
               "ASSAY_MAIL_PORT": str(self.smtp.port)}
        with self.log.open("ab") as log:
            subprocess.run([str(ASSAY), "worker", "--once"], env=env, stdout=log, stderr=log,
                           check=True, timeout=60)


@pytest.fixture
def server(tmp_path: Path) -> Iterator[ProductionServer]:
    with serve_production(tmp_path, LOCAL_CALLBACKS) as running:
        yield running


def _client(server: ProductionServer) -> requests.Session:
    """A client that trusts the server's certificate (and no CA bundle from the shell's
    environment, which requests would otherwise prefer)."""
    session = requests.Session()
    session.trust_env = False
    session.verify = str(server.certificate)
    return session


def _page_token(response: requests.Response) -> str:
    found = CSRF.search(response.text)
    assert found, f"no CSRF token on {response.url}"
    return found.group(1)


def _post(browser: requests.Session, page: requests.Response, url: str,
          data: dict[str, str]) -> requests.Response:
    """A form post as the browser sends it: the page's token, the page as Referer."""
    response = browser.post(url, data={"csrf_token": _page_token(page), **data},
                            headers={"Referer": page.url})
    assert response.status_code < 400, response.text[:500]
    return response


def _links(mailbox: Mailbox, count: int) -> list[str]:
    """The first link of each of the first ``count`` emails that hold one (the candidate's
    receipt holds none)."""
    found = []
    for message in mailbox.wait_for(count):
        found += LINK.findall(message.get_body(("plain",)).get_content())[:1]  # type: ignore[union-attr]
    return found


def test_a_whole_flow_leaves_no_secret_in_any_log(
        server: ProductionServer, smtp_server: Mailbox, callback_server: CallbackServer,  # noqa: F811  (the fixture)
        tmp_path: Path) -> None:
    app = server.app()
    with app.app_context():
        created = create_organization(db.session, name="Acme", hr_email="hr@acme.test")
        key = created.greenhouse_api_key
        db.session.add(User(public_id=tokens.public_id("usr"), organization=created.organization,
                            email=GRADER, role=Role.ADMIN.value,
                            password_hash=hash_password(GRADER_PASSWORD)))
        db.session.commit()
        make_test(definition(section("s", "Section", single(), essay()), slug="writing"))
        db.engine.dispose()
    assert key is not None
    worker = Worker(server, smtp_server, tmp_path / "worker.log")
    greenhouse = _client(server)
    greenhouse.auth = (key, "")
    api = f"{server.url}/api/greenhouse"

    assert greenhouse.get(f"{api}/list_tests").status_code == 200
    sent = greenhouse.post(f"{api}/send_test", json={
        "partner_test_id": "writing", "url": callback_server.url("/take_home_tests/77"),
        "candidate": {"first_name": "Olena", "last_name": "Kovalenko",
                      "email": "olena@example.test",
                      "greenhouse_profile_url": "https://app.greenhouse.io/people/1"}})
    assert sent.status_code == 200, sent.text
    interview = sent.json()["partner_interview_id"]
    worker.run_once()
    [candidate_link] = _links(smtp_server, 1)

    candidate = _client(server)
    landing = candidate.get(candidate_link)
    assert landing.status_code == 200
    first = _post(candidate, landing, f"{candidate_link}/start", {"tz": "UTC"})
    attempt_id = first.url.split("/take/")[1].split("/")[0]
    second = _post(candidate, first, first.url, {"question_id": "pick", "answer": "a",
                                                 "move": "next"})
    _post(candidate, second, second.url, {"question_id": "story", "answer": "I fixed it.",
                                          "move": "review"})
    confirm = candidate.get(f"{server.url}/take/{attempt_id}/finish")
    _post(candidate, confirm, f"{server.url}/take/{attempt_id}/finish", {"section": "0"})
    reopened = candidate.get(candidate_link)  # used up: it says when the answers arrived
    assert "Your answers were submitted" in reopened.text
    worker.run_once()
    results_link = _links(smtp_server, 3)[1]  # the invitation, review needed, the receipt
    assert "/results/" in results_link

    reviewer = _client(server)
    results = reviewer.get(results_link)
    assert results.status_code == 200
    grade = re.search(r'href="(/console/grading/[^"]+)"', results.text)
    assert grade is not None
    sign_in = reviewer.get(server.url + grade.group(1))  # to the sign-in page first
    answer = _post(reviewer, sign_in, sign_in.url,
                   {"email": GRADER, "password": GRADER_PASSWORD})
    assert answer.url == server.url + grade.group(1)  # and back to the answer
    _post(reviewer, answer, answer.url, {"criterion-0": "3", "note": "Clear."})
    worker.run_once()
    assert [r.method for r in callback_server.requests] == ["PATCH"]
    status = greenhouse.get(f"{api}/test_status", params={"partner_interview_id": interview})
    assert status.json()["partner_status"] == "complete"

    logs = "\n".join(path.read_text() for path in (server.access_log, server.error_log,
                                                   worker.log))
    secrets = {"the Greenhouse key": key, "the candidate link": candidate_link,
               "the link's token": candidate_link.rsplit("/", 1)[1],
               "the results link": results_link,
               "the results signature": results_link.split("sig=")[1],
               "the profile URL": status.json()["partner_profile_url"],
               "the grader's password": GRADER_PASSWORD}
    leaked = [name for name, value in secrets.items() if value in logs]
    assert leaked == [], f"found in the logs: {leaked}"
    # And the lines are there: the requests and deliveries were logged, redacted.
    assert "GET /t/[redacted] HTTP/1.1\" 200" in logs
    assert "POST /api/greenhouse/send_test" in logs
    assert "sig=[redacted]" in logs
    assert "(greenhouse_patch) sent via http" in logs


def test_the_public_api_leaves_no_client_secret_or_token_in_any_log(
        server: ProductionServer, smtp_server: Mailbox, tmp_path: Path) -> None:
    app = server.app()
    with app.app_context():
        organization = create_organization(db.session, name="Acme", hr_email="hr@acme.test"
                                           ).organization
        db.session.commit()
        make_test(definition(section("s", "Section", single()), slug="basics"))
        ensure_test_number(db.session, "basics")  # as `assay banks load` does
        created = create_client(db.session, organization, hr_email="hr@acme.test",
                                scopes=["tests.read", "tests.write"], name="ATS",
                                webhook_url=None, webhooks=webhook_policy(app.config))
        db.session.commit()
        client_id, client_secret = created.client.client_id, created.client_secret
        db.engine.dispose()
    worker = Worker(server, smtp_server, tmp_path / "worker.log")
    integrator = _client(server)
    api = f"{server.url}/api/v1"

    by_basic = integrator.post(f"{api}/auth/token", auth=(client_id, client_secret),
                               data={"grant_type": "client_credentials"})
    assert by_basic.status_code == 200, by_basic.text
    by_form = integrator.post(f"{api}/auth/token", data={
        "grant_type": "client_credentials", "client_id": client_id,
        "client_secret": client_secret})
    assert by_form.status_code == 200, by_form.text
    token = by_basic.json()["access_token"]
    bearer = {"Authorization": f"Bearer {token}"}
    [test] = integrator.get(f"{api}/tests", headers=bearer).json()["data"]
    invited = integrator.post(f"{api}/tests/invitations/candidates?lang=uk", headers=bearer,
                              json={"name": "Olena", "surname": "Kovalenko",
                                    "email": "olena@example.test", "gender": "Female",
                                    "testIds": [test["id"]]})
    assert invited.status_code == 202, invited.text
    # An integrator who puts the token (or the secret) in a query string, by mistake.
    misplaced = integrator.get(f"{api}/tests", params={"access_token": token,
                                                      "client_secret": client_secret})
    assert misplaced.status_code == 401
    worker.run_once()
    [candidate_link] = _links(smtp_server, 1)

    logs = "\n".join(path.read_text() for path in (server.access_log, server.error_log,
                                                   worker.log))
    secrets = {"the client secret": client_secret, "the access token": token,
               "the second access token": by_form.json()["access_token"],
               "the candidate link": candidate_link}
    leaked = [name for name, value in secrets.items() if value in logs]
    assert leaked == [], f"found in the logs: {leaked}"
    assert "POST /api/v1/tests/invitations/candidates?lang=uk" in logs
    assert "access_token=[redacted]" in logs
