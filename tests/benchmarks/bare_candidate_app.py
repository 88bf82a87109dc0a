"""The baseline for the candidate save benchmark: the candidate's requests, doing nothing.

The same URLs and the same page fragments the load generator reads (a form with a CSRF
token, the question page's data attributes), answered from memory: no database, no
session, no CSRF check. Served by gunicorn with the same settings as Assay and driven by
the same simulated candidates, it shows what gunicorn, Flask and the load generator
alone cost on this machine, so the ratio measures Assay's own work.
"""

from flask import Flask, jsonify, redirect

app = Flask(__name__)

_FORM = '<form method="post"><input type="hidden" name="csrf_token" value="bare-token"></form>'
_QUESTION = (
    '<div id="take" data-attempt="{attempt}" data-section="0" data-question="q1" '
    'data-type="single_choice" data-save-url="/take/{attempt}/api/answer" '
    'data-heartbeat-url="/take/{attempt}/api/heartbeat" data-take-url="/take"></div>'
    '<form method="post" id="answer-form"><input type="hidden" name="csrf_token" '
    'value="bare-token"><input type="radio" name="answer" value="a">'
    '<input type="radio" name="answer" value="b"></form>')


@app.get("/t/<token>")
def landing(token: str) -> str:
    return _FORM


@app.post("/t/<token>/start")
def start(token: str):  # type: ignore[no-untyped-def]
    return redirect(f"/take/{token[:20]}/0/0")  # Assay's hop: start, then the question


@app.get("/take/<attempt>/<int:section>/<int:question>")
def question(attempt: str, section: int, question: int) -> str:
    return _QUESTION.format(attempt=attempt)


@app.post("/take/<attempt>/api/answer")
def answer(attempt: str):  # type: ignore[no-untyped-def]
    return jsonify({"saved": True, "state": "in_progress", "remaining_seconds": 1700,
                    "section": 0, "take_url": "/take"})


@app.post("/take/<attempt>/api/heartbeat")
def heartbeat(attempt: str):  # type: ignore[no-untyped-def]
    return jsonify({"state": "in_progress", "remaining_seconds": 1700, "section": 0,
                    "take_url": "/take"})


@app.get("/healthz")
def healthz():  # type: ignore[no-untyped-def]
    return jsonify({"status": "ok"})
