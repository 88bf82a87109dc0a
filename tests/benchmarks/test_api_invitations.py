"""Invitations per second through POST /api/v1/tests/invitations/candidates under gunicorn
+ PostgreSQL, against a bare Flask endpoint doing the same inserts, in the same run.

Not part of the default run. Run with:
    .venv/bin/pytest tests/benchmarks/test_api_invitations.py -s -o addopts=""

It creates (and drops) its own PostgreSQL database, migrates it, loads a real bank
(question_banks/python-fundamentals.yaml), creates an organization and an API client,
then serves Assay with gunicorn in production mode behind a pretend proxy
(X-Forwarded-Proto: https) and, with the same gunicorn settings, bare_invitation_app.py.
Each is sent REQUESTS invitations (each to a new candidate) over CONNECTIONS concurrent
keep-alive connections from 127.0.0.1, taking turns in ROUNDS rounds.

Targets: Assay reaches at least half the bare endpoint's invitations/s, with a p99 of at
most 100 ms. BENCH_ASSERT=0 prints the figures without asserting.
"""

from __future__ import annotations

import http.client
import json
import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import count

import pytest
import requests
from sqlalchemy import make_url

from tests.benchmarks.harness import (
    GUNICORN_ARGS,
    ROOT,
    Server,
    gunicorn,
    load_average,
    migrate,
    postgres_or_skip,
    production_env,
    vacuum_analyze,
)

CONNECTIONS = 32
REQUESTS = int(os.environ.get("BENCH_REQUESTS", "4000"))  # per contender, over all rounds
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "4"))
WARMUP = 200
MIN_RATIO = 0.5
MAX_P99_MS = 100.0
ASSERT = os.environ.get("BENCH_ASSERT", "1") != "0"
PATH = "/api/v1/tests/invitations/candidates?lang=en"


def _env(database_url: str) -> dict[str, str]:
    return production_env(database_url, BASE_URL="https://assay.bench", PROXY_FIX_HOPS="1",
                          RATELIMIT_API_CLIENT="1000000 per minute",
                          RATELIMIT_API_TOKEN="1000 per minute")


@pytest.fixture(scope="module")
def database_url() -> Iterator[str]:
    yield from postgres_or_skip("assay_bench_api")


@pytest.fixture(scope="module")
def seeded(database_url: str) -> dict[str, str]:
    env = _env(database_url)
    migrate(env)
    out = subprocess.run([sys.executable, __file__, "seed"], cwd=ROOT, env=env, check=True,
                         capture_output=True, text=True)
    vacuum_analyze(database_url)
    return json.loads(out.stdout.strip().splitlines()[-1])


def seed() -> dict[str, str]:
    """The python-fundamentals bank (public id allocated), an organization, an API client."""
    from app import create_app
    from app.banks.loader import load_bank
    from app.banks.validate import validate_file
    from app.extensions import db
    from app.services.api_clients import create_client
    from app.services.catalog import ensure_test_number
    from app.services.organizations import create_organization

    app = create_app()
    with app.app_context():
        path = ROOT / "question_banks" / "python-fundamentals.yaml"
        definition, problems = validate_file(path)
        assert definition is not None, problems
        test = load_bank(db.session, path, definition).test
        organization = create_organization(db.session, name="Bench Corp",
                                           hr_email="hr@bench.test").organization
        client = create_client(db.session, organization, hr_email="hr@bench.test",
                               scopes=["tests.read", "tests.write"])
        db.session.commit()
        return {"client_id": client.client.client_id, "secret": client.client_secret,
                "test_number": str(ensure_test_number(db.session, test.slug)),
                "test_row": str(test.id), "organization_id": str(organization.id),
                "api_client_row": str(client.client.id)}


@dataclass
class Totals:
    name: str
    requests: int = 0
    seconds: float = 0.0
    errors: int = 0
    latencies: list[float] = field(default_factory=list)

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds

    def percentile(self, share: float) -> float:
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(len(ordered) * share))]

    def line(self) -> str:
        return (f"{self.name:<12} {self.per_second:>7.0f} invitations/s   "
                f"p50 {self.percentile(0.5):>6.1f} ms   p99 {self.percentile(0.99):>6.1f} ms   "
                f"errors {self.errors}   ({self.requests} requests)")


_serial = count()


def send(totals: Totals | None, server: Server, headers: dict[str, str], requests_total: int,
         test_number: int) -> None:
    """``requests_total`` invitations over CONNECTIONS keep-alive connections."""
    port = int(server.base.rsplit(":", 1)[1])
    per_connection = requests_total // CONNECTIONS
    latencies: list[list[float]] = [[] for _ in range(CONNECTIONS)]
    errors = [0] * CONNECTIONS

    def worker(index: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        for _ in range(per_connection):
            body = json.dumps({"name": "Ivan", "surname": "Petrenko", "gender": "Male",
                               "email": f"c{next(_serial)}@bench.test",
                               "testIds": [test_number], "sendCopyToHr": False})
            started = time.perf_counter()
            try:
                conn.request("POST", PATH, body=body, headers=headers)
                response = conn.getresponse()
                response.read()
                if response.status != 202:
                    errors[index] += 1
            except (OSError, http.client.HTTPException):
                errors[index] += 1
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
                continue
            latencies[index].append((time.perf_counter() - started) * 1000)
        conn.close()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(CONNECTIONS)]
    begun = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    elapsed = time.monotonic() - begun
    if totals is not None:
        totals.requests += sum(len(chunk) for chunk in latencies)
        totals.seconds += elapsed
        totals.errors += sum(errors)
        totals.latencies += [value for chunk in latencies for value in chunk]


def test_api_invitations_keep_up_with_a_bare_flask_endpoint(database_url, seeded) -> None:
    token = requests.Session()
    database = make_url(database_url).database
    bare_env = {**os.environ, "PYTHONPATH": str(ROOT),
                "BARE_DATABASE_URL": make_url(database_url).set(drivername="postgresql")
                .render_as_string(hide_password=False),
                "BARE_ORGANIZATION_ID": seeded["organization_id"],
                "BARE_API_CLIENT_ID": seeded["api_client_row"], "BARE_HR_EMAIL": "hr@bench.test",
                "BARE_TEST_IDS": seeded["test_row"]}
    proxy = {"X-Forwarded-Proto": "https"}
    with (gunicorn("wsgi:app", _env(database_url), "/healthz", proxy, database) as assay_server,
          gunicorn("tests.benchmarks.bare_invitation_app:app", bare_env, "/healthz", proxy,
                   database) as bare_server):
        answer = token.post(assay_server.base + "/api/v1/auth/token", headers=proxy,
                            auth=(seeded["client_id"], seeded["secret"]),
                            data={"grant_type": "client_credentials"}, timeout=10)
        assert answer.status_code == 200, answer.text
        headers = {**proxy, "Content-Type": "application/json", "Accept": "application/json",
                   "Authorization": f"Bearer {answer.json()['access_token']}"}
        number = int(seeded["test_number"])
        assay, bare = Totals("assay API"), Totals("bare flask")
        for server in (assay_server, bare_server):
            send(None, server, headers, WARMUP, number)
        for _ in range(ROUNDS):
            send(assay, assay_server, headers, REQUESTS // ROUNDS, number)
            send(bare, bare_server, headers, REQUESTS // ROUNDS, number)

    ratio = assay.per_second / bare.per_second
    p99 = assay.percentile(0.99)
    print()
    print(f"gunicorn {' '.join(GUNICORN_ARGS)}; {CONNECTIONS} connections; {ROUNDS} rounds; "
          f"{load_average()}")
    print(assay.line())
    print(bare.line())
    print(f"invitations: throughput ratio {ratio:.0%} (target >= {MIN_RATIO:.0%}), "
          f"p99 {p99:.1f} ms (target <= {MAX_P99_MS:g} ms)")
    assert assay.errors == 0 and bare.errors == 0
    if ASSERT:
        assert ratio >= MIN_RATIO
        assert p99 <= MAX_P99_MS


if __name__ == "__main__" and sys.argv[1:] == ["seed"]:
    print(json.dumps(seed()))
