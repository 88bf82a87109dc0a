"""The baseline for the public API invitation benchmark: a bare Flask endpoint doing the
same inserts as POST /api/v1/tests/invitations/candidates (an invitation, one attempt per
test, the candidate's email in the outbox) with plain psycopg, one transaction, and
nothing else: no token check, no validation, no template, no encryption.

The rows are Assay's: the same columns filled (the sender and the API client included, so
the same foreign keys are checked), and an outbox body of the size Assay's sealed
invitation email has (about 4.1 KB of base64, as random as a Fernet token), so that it
is stored out of line in the TOAST table as Assay's is; a short, repetitive body would
stay in the row, compressed, and make the baseline's inserts cheaper than Assay's.

BARE_DATABASE_URL is the benchmark's database (postgresql://...); BARE_ORGANIZATION_ID,
BARE_API_CLIENT_ID, BARE_HR_EMAIL and BARE_TEST_IDS (comma-separated test row ids) say
what to insert.
"""

from __future__ import annotations

import os
import secrets
import threading
from datetime import UTC, datetime, timedelta

import psycopg
from flask import Flask, jsonify, request

app = Flask(__name__)
_local = threading.local()
ORGANIZATION_ID = int(os.environ.get("BARE_ORGANIZATION_ID", "1"))
API_CLIENT_ID = int(os.environ.get("BARE_API_CLIENT_ID", "1"))
HR_EMAIL = os.environ.get("BARE_HR_EMAIL", "hr@bench.test")
TEST_IDS = [int(n) for n in os.environ.get("BARE_TEST_IDS", "1").split(",")]
# The length of Assay's sealed invitation email (one test, English), measured.
SEALED_PAYLOAD_BYTES = 3099  # 4,132 characters once base64-encoded


def _connection() -> psycopg.Connection:
    conn = getattr(_local, "conn", None)
    if conn is None or conn.closed:
        conn = _local.conn = psycopg.connect(os.environ["BARE_DATABASE_URL"])
    return conn


@app.post("/api/v1/tests/invitations/candidates")
def invite():  # type: ignore[no-untyped-def]
    body = request.get_json()
    now = datetime.now(UTC)
    public_id = f"iv_{secrets.token_hex(10)}"
    conn = _connection()
    with conn.transaction(), conn.cursor() as cur:
        cur.execute(
            "INSERT INTO invitation (public_id, organization_id, token_lookup, token_digest, "
            "candidate_email, first_name, last_name, language, extra_time_factor, source, "
            "expires_at, created_at, gender, status, updated_at, sent_by, api_client_id) "
            "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, 1.0, 'api', %s, %s, %s, 'sent', %s, %s, "
            "%s) RETURNING id",
            (public_id, ORGANIZATION_ID, secrets.token_urlsafe(9)[:12], secrets.token_hex(32),
             body["email"], body["name"], body["surname"], "en", now + timedelta(days=30),
             now, body["gender"], now, HR_EMAIL, API_CLIENT_ID))
        invitation_id = cur.fetchone()[0]  # type: ignore[index]
        for position, test_id in enumerate(TEST_IDS):
            cur.execute("INSERT INTO attempt (public_id, invitation_id, position, test_id, state, "
                        "credited_seconds, current_section, current_question, created_at) "
                        "VALUES (%s, %s, %s, %s, 'not_started', 0, 0, 0, %s)",
                        (f"at_{secrets.token_hex(10)}", invitation_id, position, test_id, now))
        cur.execute("INSERT INTO outbox_message (kind, sealed_payload, recipient, "
                    "organization_id, status, attempt_count, next_attempt_at, give_up_at, "
                    "created_at) VALUES ('email', %s, %s, %s, 'pending', 0, %s, %s, %s)",
                    (secrets.token_urlsafe(SEALED_PAYLOAD_BYTES), body["email"],
                     ORGANIZATION_ID, now, now + timedelta(hours=72), now))
    response = jsonify({"id": public_id, "status": "sent"})
    response.status_code = 202
    response.headers["Location"] = f"/api/v1/tests/invitations/{public_id}"
    return response


@app.get("/healthz")
def healthz():  # type: ignore[no-untyped-def]
    return {"status": "ok"}
