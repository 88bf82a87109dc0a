"""The baseline for the Greenhouse status benchmark: the least a Flask JSON endpoint does.

Served by gunicorn with the same settings as Assay, so the ratio measures what Assay's
test_status costs on top of gunicorn + Flask + JSON, whatever the machine's speed.
"""

from flask import Flask, jsonify

app = Flask(__name__)


@app.get("/api/greenhouse/test_status")
def test_status():  # type: ignore[no-untyped-def]
    return jsonify({"partner_status": "complete", "partner_score": 81.5,
                    "partner_profile_url": "https://assay.example/results/iv_1?sig=abc",
                    "metadata": {"Started At": "26 Mar 2026, 10:15 UTC", "Result": "Pass"}})
