"""The floor for the Greenhouse status benchmark: the least any test_status can cost.

A bare Flask app that runs Assay's own test_status query (the same SQL, prepared by
psycopg after a few calls, on one autocommit connection per thread, no SQLAlchemy, no
authentication) and answers a JSON of the same size. Served with the same gunicorn
settings, it shows how close to the bare endpoint an implementation that reads the
database once per poll can get on this machine.
"""

from __future__ import annotations

import os
import threading
from typing import Any

import psycopg
from flask import Flask, jsonify, request
from sqlalchemy.dialects.postgresql import psycopg as psycopg_dialect

from app.greenhouse.status_query import _STATUS_QUERY

app = Flask(__name__)
_compiled = _STATUS_QUERY.compile(dialect=psycopg_dialect.dialect())
_SQL = str(_compiled)
_CONSTANTS = {name: value for name, value in _compiled.params.items()
              if name not in ("public_id", "organization_id")}
_DSN = os.environ["FLOOR_DATABASE_URL"]
_ORGANIZATION_ID = int(os.environ.get("FLOOR_ORGANIZATION_ID", "1"))
_local = threading.local()


def _connection() -> psycopg.Connection[Any]:
    connection = getattr(_local, "connection", None)
    if connection is None:
        connection = _local.connection = psycopg.connect(_DSN, autocommit=True)
    return connection


@app.get("/api/greenhouse/test_status")
def test_status():  # type: ignore[no-untyped-def]
    row = _connection().execute(_SQL, {
        **_CONSTANTS, "public_id": request.args["partner_interview_id"],
        "organization_id": _ORGANIZATION_ID}).fetchone()
    assert row is not None
    return jsonify({"partner_status": row[5],
                    "partner_score": row[9],
                    "partner_profile_url": f"https://assay.example/results/{row[0]}?sig=abc",
                    "metadata": {"Started At": str(row[6]),
                                 "Result": "Pass" if row[10] else "Fail",
                                 "Percentile": row[-2],
                                 "Sections": (row[11] or {}).get("sections")}})
