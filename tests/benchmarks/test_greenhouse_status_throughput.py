"""Throughput and latency of GET /api/greenhouse/test_status under gunicorn + PostgreSQL.

Not part of the default run. Run with:
    .venv/bin/pytest tests/benchmarks/test_greenhouse_status_throughput.py -s -o addopts=""

It creates (and drops) its own PostgreSQL database, migrates it, seeds an organization,
a real bank (question_banks/python-fundamentals.yaml) and BENCH_ATTEMPTS completed
attempts scored by the real engine (so the percentile is computed), then serves Assay
with gunicorn in production mode behind a pretend proxy (X-Forwarded-Proto: https) and,
with the same gunicorn settings, a bare Flask app answering a small JSON. Both are driven
with CONNECTIONS concurrent keep-alive connections for SECONDS each (wrk when installed,
else a bounded Python load generator), all on 127.0.0.1.

Two more contenders, for scale and not asserted: Assay's /healthz (one SELECT 1 through
Assay's whole stack) and the floor (floor_status_app.py: bare Flask running the same
status query with raw psycopg, no SQLAlchemy, no authentication), which shows the best
ratio any implementation reading the database once per poll can reach on this machine.

Targets: test_status reaches at least 60 % of the bare endpoint's requests/s, with a
p99 latency of at most 50 ms. Set BENCH_ASSERT=0 to print the figures without asserting.
"""

from __future__ import annotations

import json
import os
import random
import re
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta

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

SECONDS = float(os.environ.get("BENCH_SECONDS", "20"))  # per contender, over all rounds
WARMUP_SECONDS = 2.0
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "4"))
CONNECTIONS = 32
BENCH_ATTEMPTS = int(os.environ.get("BENCH_ATTEMPTS", "300"))
MIN_RATIO = 0.60
MAX_P99_MS = 50.0
ASSERT = os.environ.get("BENCH_ASSERT", "1") != "0"


@dataclass(frozen=True)
class Result:
    name: str
    requests_per_second: float
    p50_ms: float
    p99_ms: float
    errors: int
    tool: str

    def line(self) -> str:
        return (f"{self.name:<22} {self.requests_per_second:>9.0f} req/s   "
                f"p50 {self.p50_ms:>6.2f} ms   p99 {self.p99_ms:>6.2f} ms   "
                f"errors {self.errors}   ({self.tool})")


# --- database ---------------------------------------------------------------------------

@pytest.fixture(scope="module")
def database_url() -> Iterator[str]:
    yield from postgres_or_skip("assay_bench")


def _production_env(database_url: str) -> dict[str, str]:
    return production_env(database_url, BASE_URL="https://assay.bench")


@pytest.fixture(scope="module")
def seeded(database_url: str) -> dict[str, str]:
    """Migrate and seed in a child process with the same settings gunicorn will have."""
    env = _production_env(database_url)
    migrate(env)
    out = subprocess.run([sys.executable, __file__, "seed", str(BENCH_ATTEMPTS)], cwd=ROOT,
                         env=env, check=True, capture_output=True, text=True)
    vacuum_analyze(database_url)
    return json.loads(out.stdout.strip().splitlines()[-1])


def seed(attempts: int) -> dict[str, str]:
    """An organization and key, the python-fundamentals bank, ``attempts`` completed
    invitations with varied answers, and the one Greenhouse will poll."""
    from sqlalchemy import text

    from app import create_app
    from app.banks.loader import load_bank
    from app.banks.validate import validate_file
    from app.extensions import db
    from app.models import Response, utcnow
    from app.scoring import draw
    from app.services.completion import finalize_attempt
    from app.services.integrity_records import IntegrityRecord
    from app.services.invitations import CandidateDetails, InvitationRequest, create_invitation
    from app.services.organizations import create_organization
    from tests.scoring.builders import all_questions, correct_answer

    app = create_app()
    rng = random.Random(1)
    with app.app_context():
        path = ROOT / "question_banks" / "python-fundamentals.yaml"
        definition, problems = validate_file(path)
        assert definition is not None, problems
        test = load_bank(db.session, path, definition).test
        created = create_organization(db.session, name="Bench Corp", hr_email="hr@bench.test")
        db.session.commit()
        questions = all_questions(definition)
        now = utcnow() - timedelta(days=1)
        last = ""
        for n in range(attempts):
            invitation = create_invitation(db.session, InvitationRequest(
                organization=created.organization, tests=[test], source="greenhouse",
                candidate=CandidateDetails(email=f"c{n}@bench.test", first_name="Cand",
                                           last_name=f"Idate {n}"),
                external_id=f"https://app.greenhouse.io/take_home_tests/{n}",
                callback_url=f"https://app.greenhouse.io/take_home_tests/{n}"),
                base_url="https://assay.bench", valid_days=30, now=now).invitation
            attempt = invitation.attempts[0]
            seed_value = rng.randrange(2**31)
            attempt.start(now=now, seed=seed_value, layout=draw(definition, seed_value),
                          time_limit_seconds=test.time_limit_seconds)
            for entry in attempt.layout:
                for drawn in entry["questions"]:
                    question = questions[drawn["id"]]
                    if rng.random() < 0.7 and question["type"] != "essay":
                        attempt.responses.append(Response(question_id=drawn["id"],
                                                          answer=correct_answer(question)))
            summary = IntegrityRecord()
            summary.focus_lost.count = rng.randrange(4)
            summary.paste.count = rng.randrange(2)
            attempt.integrity = summary.stored()
            finalize_attempt(db.session, attempt, now=now + timedelta(minutes=25),
                             reason="submitted")
            db.session.commit()
            last = invitation.public_id
        states = db.session.execute(
            text("SELECT state, count(*) FROM attempt GROUP BY state")).all()
        print(f"seeded: {dict(states)}", file=sys.stderr)
        return {"key": created.greenhouse_api_key, "interview_id": last,
                "organization_id": str(created.organization.id)}


# --- load ---------------------------------------------------------------------------

_UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def _ms(value: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", value.strip()).groups()  # type: ignore[union-attr]
    return float(number) * _UNITS_MS[unit]


def run_wrk(name: str, url: str, headers: dict[str, str], seconds: float) -> Result:
    command = ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{seconds:g}s", "--latency", "--timeout", "5s"]
    for header, value in headers.items():
        command += ["-H", f"{header}: {value}"]
    out = subprocess.run([*command, url], check=True, capture_output=True, text=True,
                         timeout=seconds + 30).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    p50 = _ms(re.search(r"\s50%\s+(\S+)", out).group(1))  # type: ignore[union-attr]
    p99 = _ms(re.search(r"\s99%\s+(\S+)", out).group(1))  # type: ignore[union-attr]
    bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    socket_errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    errors = int(bad.group(1)) if bad else 0
    if socket_errors:
        errors += sum(int(n) for n in socket_errors.groups())
    return Result(name, rps, p50, p99, errors, "wrk")


def run_python(name: str, url: str, headers: dict[str, str], seconds: float) -> Result:
    """A bounded fallback when wrk is missing: CONNECTIONS threads with keep-alive
    connections. Python is slower than wrk, so it understates both servers alike."""
    import http.client
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    target = parts.path + ("?" + parts.query if parts.query else "")
    stop_at = time.monotonic() + seconds
    latencies: list[list[float]] = [[] for _ in range(CONNECTIONS)]
    errors = [0] * CONNECTIONS

    def worker(index: int) -> None:
        conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=5)
        while time.monotonic() < stop_at:
            started = time.perf_counter()
            try:
                conn.request("GET", target, headers=headers)
                response = conn.getresponse()
                response.read()
                if response.status != 200:
                    errors[index] += 1
            except (OSError, http.client.HTTPException):
                errors[index] += 1
                conn.close()
                conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=5)
                continue
            latencies[index].append((time.perf_counter() - started) * 1000)
        conn.close()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(CONNECTIONS)]
    begun = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(seconds + 10)
    elapsed = time.monotonic() - begun
    every = sorted(value for chunk in latencies for value in chunk)
    if not every:
        return Result(name, 0.0, float("inf"), float("inf"), sum(errors), "python")
    return Result(name, len(every) / elapsed, every[len(every) // 2],
                  every[min(len(every) - 1, int(len(every) * 0.99))], sum(errors), "python")


@dataclass
class Totals:
    """One contender's rounds added up."""

    name: str
    requests: float = 0.0
    seconds: float = 0.0
    cpu: float = 0.0
    errors: int = 0
    p50s: list[float] | None = None
    p99s: list[float] | None = None
    tool: str = ""

    def add(self, result: Result, seconds: float, cpu: float) -> None:
        self.requests += result.requests_per_second * seconds
        self.seconds += seconds
        self.cpu += cpu
        self.errors += result.errors
        self.p50s = [*(self.p50s or []), result.p50_ms]
        self.p99s = [*(self.p99s or []), result.p99_ms]
        self.tool = result.tool

    @property
    def requests_per_second(self) -> float:
        return self.requests / self.seconds

    @property
    def cpu_ms_per_request(self) -> float:
        return 1000 * self.cpu / self.requests

    def line(self) -> str:
        p50 = sorted(self.p50s or [0.0])[len(self.p50s or [0.0]) // 2]
        p99 = max(self.p99s or [0.0])
        return (f"{self.name:<18} {self.requests_per_second:>8.0f} req/s   p50 {p50:>7.2f} ms   "
                f"p99 {p99:>7.2f} ms   {self.cpu_ms_per_request:>6.2f} ms CPU/request   "
                f"errors {self.errors}   ({self.tool})")


def drive(contenders: list[tuple[Totals, Server, str]], headers: dict[str, str]) -> None:
    """Take turns in ROUNDS short rounds, so a change in the machine's other load falls
    on both contenders alike."""
    run = run_wrk if shutil.which("wrk") else run_python
    for totals, server, path in contenders:
        run(totals.name, server.base + path, headers, WARMUP_SECONDS)
    for _ in range(ROUNDS):
        for totals, server, path in contenders:
            before = server.cpu_seconds()
            result = run(totals.name, server.base + path, headers, SECONDS / ROUNDS)
            totals.add(result, SECONDS / ROUNDS, server.cpu_seconds() - before)


# --- the benchmark ----------------------------------------------------------------------

def test_test_status_keeps_up_with_a_bare_flask_endpoint(database_url, seeded) -> None:
    import base64

    auth = "Basic " + base64.b64encode(f"{seeded['key']}:".encode()).decode()
    headers = {"Authorization": auth, "X-Forwarded-Proto": "https"}
    path = f"/api/greenhouse/test_status?partner_interview_id={seeded['interview_id']}"
    database = make_url(database_url).database
    bare_env = {**os.environ, "PYTHONPATH": str(ROOT)}
    floor_env = {**bare_env, "FLOOR_ORGANIZATION_ID": seeded["organization_id"],
                 "FLOOR_DATABASE_URL": make_url(database_url).set(drivername="postgresql")
                 .render_as_string(hide_password=False)}

    with (gunicorn("wsgi:app", _production_env(database_url), path, headers,
                   database) as assay_server,
          gunicorn("tests.benchmarks.bare_flask_app:app", bare_env, path, headers) as bare_server,
          gunicorn("tests.benchmarks.floor_status_app:app", floor_env, path, headers,
                   database) as floor_server):
        body = requests.get(assay_server.base + path, headers=headers, timeout=5).json()
        assert body["partner_status"] == "complete"
        assert "Percentile" in body["metadata"], body
        assay, bare = Totals("assay test_status"), Totals("bare flask")
        # For scale, not asserted: Assay's cheapest database-backed endpoint (one SELECT 1)
        # and the floor (the same query, raw psycopg, bare Flask).
        healthz, floor = Totals("assay /healthz"), Totals("floor: query only")
        drive([(assay, assay_server, path), (bare, bare_server, path),
               (floor, floor_server, path), (healthz, assay_server, "/healthz")], headers)

    ratio = assay.requests_per_second / bare.requests_per_second
    cpu_ratio = bare.cpu_ms_per_request / assay.cpu_ms_per_request
    floor_ratio = floor.requests_per_second / bare.requests_per_second
    floor_cpu_ratio = bare.cpu_ms_per_request / floor.cpu_ms_per_request
    p99 = max(assay.p99s or [0.0])
    print()
    print(f"gunicorn {' '.join(GUNICORN_ARGS)}; {CONNECTIONS} connections; {ROUNDS} rounds "
          f"of {SECONDS / ROUNDS:g} s each; {BENCH_ATTEMPTS} completed attempts of the test; "
          f"{load_average()}")
    for totals in (assay, bare, floor, healthz):
        print(totals.line())
    print(f"test_status: throughput ratio {ratio:.0%} (target >= {MIN_RATIO:.0%}), CPU-per-request "
          f"ratio {cpu_ratio:.0%}, p99 {p99:.1f} ms (target <= {MAX_P99_MS:g} ms)")
    print(f"floor (the same query alone): throughput ratio {floor_ratio:.0%}, CPU-per-request "
          f"ratio {floor_cpu_ratio:.0%}; test_status reaches {ratio / floor_ratio:.0%} of it")
    assert assay.errors == 0 and bare.errors == 0 and floor.errors == 0
    if ASSERT:
        assert ratio >= MIN_RATIO
        assert p99 <= MAX_P99_MS


if __name__ == "__main__" and sys.argv[1:2] == ["seed"]:
    print(json.dumps(seed(int(sys.argv[2]))))
