"""The console's invitations list and CSV export with 100,000 invitations in one
organization, on PostgreSQL.

Not part of the default run. Run with:
    .venv/bin/pytest tests/benchmarks/test_console_invitations.py -s -o addopts=""

It creates (and drops) its own PostgreSQL database, migrates it, and inserts BENCH_ROWS
invitations (one attempt each) with Core bulk inserts: half from Greenhouse, a tenth
through the API, statuses and scores spread as a busy team's would be. Then, through the
app's test client in this process (signed in as an admin):

- the list page: p95 of a filtered page (status + search + sort by name), page 1 and a
  deep page, and of an unfiltered page 1; the baseline is the console home page (same
  session, same layout, no list) measured in the same run, so the ratio says what the
  list costs on top of any console page;
- the CSV export: rows per second for the 50,000 Greenhouse invitations, against a bare
  psycopg loop writing the same CSV from a plain server-side cursor (the floor); and the
  tracemalloc peak while exporting 10,000 (the API ones) and 50,000 rows: a streamed
  export's peak does not grow with the rows.

Targets: page p95 <= 150 ms; export >= 20,000 rows/s; the 50k export's memory peak at most
1.5 times the 10k one's. BENCH_ASSERT=0 prints the figures without asserting.
"""

from __future__ import annotations

import csv
import io
import os
import random
import secrets
import time
import tracemalloc
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import psycopg
import pytest
from flask import Flask
from sqlalchemy import insert, make_url, text

from tests.benchmarks.harness import (
    load_average,
    migrate,
    postgres_or_skip,
    production_env,
    vacuum_analyze,
)

ROWS = int(os.environ.get("BENCH_ROWS", "100000"))
REPEATS = int(os.environ.get("BENCH_REPEATS", "40"))
ASSERT = os.environ.get("BENCH_ASSERT", "1") != "0"
MAX_P95_MS = 150.0
MIN_ROWS_PER_SECOND = 20_000
MAX_MEMORY_GROWTH = 1.5
NOW = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)

FIRST = ["Olena", "Ada", "Taras", "Maria", "John", "Iryna", "Petro", "Sofia", "Max", "Anna",
         "Oleh", "Kateryna", "David", "Yulia", "Andrii", "Emma"]
LAST = ["Kovalenko", "Johnson", "Shevchenko", "Anderson", "Bondarenko", "Wilson", "Melnyk",
        "Robertson", "Tkachenko", "Smith", "Kravchenko", "Jackson", "Boyko", "Davidson"]
# status -> (attempt state, share)
MIX = [("sent", "not_started", 0.30), ("started", "in_progress", 0.08),
       ("completed", "completed", 0.42), ("awaiting_review", "awaiting_review", 0.05),
       ("expired", "expired", 0.10), ("cancelled", "cancelled", 0.05)]


@pytest.fixture(scope="module")
def database_url() -> Iterator[str]:
    yield from postgres_or_skip("assay_bench_invlist")


@pytest.fixture(scope="module")
def app(database_url: str) -> Iterator[Flask]:
    migrate(production_env(database_url))
    from app import create_app

    app = create_app({"ENV_NAME": "testing", "SQLALCHEMY_DATABASE_URI": database_url,
                      "BASE_URL": "https://assay.bench", "SERVER_NAME": None,
                      "MAIL_SERVER": None, "DEV_MAIL": True, "REQUIRE_HTTPS": False})
    with app.app_context():
        started = time.perf_counter()
        seed(app)
        print(f"\nseeded {ROWS} invitations in {time.perf_counter() - started:.1f} s")
    vacuum_analyze(database_url)
    yield app
    with app.app_context():
        from app.extensions import db
        db.engine.dispose()


def _status(index: int) -> tuple[str, str]:
    point = (index * 7919 % 1000) / 1000
    for status, state, share in MIX:
        if point < share:
            return status, state
        point -= share
    return MIX[0][0], MIX[0][1]


def _source(index: int) -> str:
    point = index % 10
    return "greenhouse" if point < 5 else "api" if point == 5 else "console" if point < 9 else "cli"


def seed(app: Flask) -> None:
    from app.extensions import db
    from app.models import Attempt, Invitation, Organization, Test, User

    rng = random.Random(12)
    organization = Organization(slug="bench", name="Bench Corp", hr_email="hr@bench.test")
    db.session.add(organization)
    db.session.flush()
    tests = []
    for slug in ("python", "sql"):
        test = Test(organization_id=organization.id, slug=slug, version=1, name=slug.title(),
                    language="en", time_limit_seconds=1800, pass_mark=50.0, question_count=10,
                    content_hash="0" * 64, source_path=f"{slug}.yaml", definition={})
        db.session.add(test)
        tests.append(test)
    db.session.add(User(public_id="usr_bench_admin", organization_id=organization.id,
                        email="admin@bench.test", role="admin", active=True))
    db.session.commit()
    invitations: list[dict[str, Any]] = []
    attempts: list[dict[str, Any]] = []
    for index in range(1, ROWS + 1):
        status, state = _status(index)
        created = NOW - timedelta(minutes=index * 5 + rng.randrange(5))
        score = round(rng.uniform(0, 100), 2) if status == "completed" else None
        first, last = rng.choice(FIRST), rng.choice(LAST)
        invitations.append({
            "id": index, "public_id": f"iv_{index:020d}", "organization_id": organization.id,
            "token_lookup": f"lk{index:020d}", "token_digest": secrets.token_hex(32),
            "candidate_email": f"{first}.{last}.{index}@example.test".lower(),
            "first_name": first, "last_name": last, "source": _source(index),
            "expires_at": created + timedelta(days=7), "created_at": created,
            "updated_at": created, "status": status, "score_percent": score,
            "cancelled_at": created if status == "cancelled" else None,
            "extra_time_factor": 1.0, "results_link_version": 1})
        started = state in ("in_progress", "completed", "awaiting_review")
        attempts.append({
            "public_id": f"at_{index:020d}", "invitation_id": index, "position": 0,
            "test_id": tests[index % 2].id, "state": state, "seed": 1 if started else None,
            "started_at": created + timedelta(hours=1) if started else None,
            "score_percent": score, "created_at": created, "credited_seconds": 0,
            "current_section": 0, "current_question": 0})
    for start in range(0, ROWS, 10_000):
        db.session.execute(insert(Invitation), invitations[start:start + 10_000])
    for start in range(0, ROWS, 10_000):
        db.session.execute(insert(Attempt), attempts[start:start + 10_000])
    db.session.execute(text("SELECT setval('invitation_id_seq', :n)"), {"n": ROWS})
    db.session.commit()


@dataclass
class Timings:
    name: str
    milliseconds: list[float]

    def p(self, share: float) -> float:
        ordered = sorted(self.milliseconds)
        return ordered[min(len(ordered) - 1, int(len(ordered) * share))]

    def line(self) -> str:
        return (f"{self.name:<44} p50 {self.p(0.5):>6.1f} ms   p95 {self.p(0.95):>6.1f} ms   "
                f"({len(self.milliseconds)} requests)")


def _client(app: Flask):  # type: ignore[no-untyped-def]
    from app.extensions import db
    from app.models import User
    from tests.console.conftest import sign_in

    client = app.test_client()
    with app.app_context():
        sign_in(client, db.session.scalars(db.select(User)).one())
    return client


def _time(client, name: str, path: str, expect: str | None = None) -> Timings:  # type: ignore[no-untyped-def]
    for _ in range(3):
        response = client.get(path)
        assert response.status_code == 200, response.text[:500]
        if expect:
            assert expect in response.text
    milliseconds = []
    for _ in range(REPEATS):
        started = time.perf_counter()
        response = client.get(path)
        milliseconds.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200
    return Timings(name, milliseconds)


def test_a_filtered_page_of_100k_invitations(app: Flask) -> None:
    client = _client(app)
    filtered = "/console/invitations?status=completed&q=son&sort=name&order=asc"
    runs = [
        _time(client, "baseline: console home", "/console"),
        _time(client, "unfiltered, newest first, page 1", "/console/invitations"),
        _time(client, "completed + 'son' + by name, page 1", filtered, "of "),
        _time(client, "completed + 'son' + by name, page 100", filtered + "&page=100"),
        _time(client, "score 50-80 + greenhouse + by score, page 1",
              "/console/invitations?score_min=50&score_max=80&source=greenhouse&sort=score"),
        _time(client, "test python, newest first, page 400",
              "/console/invitations?test=python&page=400"),
    ]
    baseline = runs[0].p(0.95)
    print(f"\n{load_average()}; {ROWS} invitations in the organization")
    for run in runs:
        print(run.line() + f"   {run.p(0.95) / baseline:>5.1f}x the baseline's p95")
    if ASSERT:
        for run in runs[1:]:
            assert run.p(0.95) <= MAX_P95_MS, run.line()


def _export(client, path: str) -> tuple[int, float]:  # type: ignore[no-untyped-def]
    """(rows, seconds) of reading the whole streamed export, chunk by chunk."""
    started = time.perf_counter()
    response = client.get(path)
    assert response.status_code == 200 and response.is_streamed
    lines = 0
    for chunk in response.response:
        lines += chunk.count(b"\r\n")
    response.close()
    return lines - 1, time.perf_counter() - started


def _floor(database_url: str) -> tuple[int, float]:
    """The same CSV straight from a psycopg server-side cursor: no ORM, no Flask."""
    url = make_url(database_url).set(drivername="postgresql")
    started = time.perf_counter()
    rows = 0
    with psycopg.connect(url.render_as_string(hide_password=False)) as conn, \
            conn.cursor(name="floor") as cursor:
        cursor.itersize = 1000
        cursor.execute(
            "SELECT i.public_id, i.first_name, i.last_name, i.preferred_name, "
            "i.candidate_email, t.name, t.slug, t.version, i.status, i.score_percent, "
            "i.source, i.created_at, i.expires_at FROM invitation i "
            "JOIN attempt a ON a.invitation_id = i.id JOIN test t ON t.id = a.test_id "
            "WHERE i.source = 'greenhouse' ORDER BY i.created_at DESC, i.id DESC")
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        for row in cursor:
            writer.writerow(row)
            rows += 1
            if rows % 200 == 0:
                buffer.seek(0)
                buffer.truncate()
    return rows, time.perf_counter() - started


def test_exporting_50k_rows_streams_with_flat_memory(app: Flask, database_url: str) -> None:
    client = _client(app)
    big = "/console/invitations.csv?source=greenhouse"
    small = "/console/invitations.csv?source=api"
    _export(client, small)  # warm up
    rows, seconds = _export(client, big)
    floor_rows, floor_seconds = _floor(database_url)
    assert rows == floor_rows == ROWS // 2
    peaks = {}
    for name, path in (("10k", small), ("50k", big)):
        tracemalloc.start()
        exported, _ = _export(client, path)
        peaks[name] = (exported, tracemalloc.get_traced_memory()[1])
        tracemalloc.stop()
    rate, floor_rate = rows / seconds, floor_rows / floor_seconds
    print(f"\n{load_average()}")
    print(f"export of {rows} rows: {seconds:.2f} s, {rate:,.0f} rows/s "
          f"({rate / floor_rate:.2f}x the floor's {floor_rate:,.0f} rows/s, a bare psycopg "
          f"loop writing the same CSV)")
    for name, (exported, peak) in peaks.items():
        print(f"tracemalloc peak exporting {exported:>6} rows ({name}): {peak / 1024:,.0f} KiB")
    growth = peaks["50k"][1] / peaks["10k"][1]
    print(f"peak memory 50k / 10k: {growth:.2f}")
    if ASSERT:
        assert rate >= MIN_ROWS_PER_SECOND
        assert growth <= MAX_MEMORY_GROWTH
