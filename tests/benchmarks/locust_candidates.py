"""Simulated candidates for test_candidate_save_load.py (a locustfile; run by locust).

Each simulated candidate opens its own emailed link (one per user, from the JSON list in
BENCH_LINKS_FILE), presses Start (the CSRF token read from the landing page's form),
lands on the first question, and then, as static/js/take.js does while someone works:
saves an answer in the background every SAVE_EVERY seconds (POST the JSON to the page's
data-save-url with the page's CSRF token in X-CSRFToken), and every HEARTBEAT_EVERY
seconds sends a heartbeat unless a save reached the server in the last 10 s (take.js
skips it then: the save already told the server the page is alive). So while saving every
5 s a candidate sends saves only; with BENCH_SAVE_EVERY=20, say, heartbeats come in
between. Answers change on every save, as they do while typing.

Request names in locust's statistics: landing, start, save, heartbeat. A save counts as
failed unless it answers 200 with {"saved": true}.

Run as a script (``python locust_candidates.py HOST USERS SPAWN_RATE STEADY OUT.json``)
it drives locust as a library in its own process: spawns the users, waits until every
one has reached its question page and two save intervals more, resets the statistics,
prints ``STEADY``, measures
for STEADY seconds, prints ``DONE``, and writes the figures (and its own CPU time over
the measured window) to OUT.json. The benchmark samples the server's CPU at STEADY and
DONE.
"""

from __future__ import annotations

import json
import os
import random
import re
import resource
import sys
import time
from itertools import count
from typing import Any

import gevent
from locust import FastHttpUser, events, task
from locust.env import Environment
from locust.stats import StatsEntry

SAVE_EVERY = float(os.environ.get("BENCH_SAVE_EVERY", "5"))
HEARTBEAT_EVERY = float(os.environ.get("BENCH_HEARTBEAT_EVERY", "15"))
QUIET_AFTER_CONTACT = 10.0  # take.js skips a heartbeat this soon after a save reached us

_LINKS: list[str] = []
_next_link = count()
_ready = count(1)  # candidates on their question page (next() returns how many so far)
_ready_count = 0

_CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
_DATA = re.compile(r'data-(save-url|heartbeat-url|question|type)="([^"]*)"')
_CHOICE = re.compile(r'name="answer"[^>]*value="([^"]+)"')
_ITEM = re.compile(r'name="position-([^"]+)"')
_MAXLENGTH = re.compile(r'id="answer"[^>]*maxlength="(\d+)"')


@events.init.add_listener
def _read_links(environment: Any, **kwargs: Any) -> None:
    with open(os.environ["BENCH_LINKS_FILE"]) as file:
        _LINKS.extend(json.load(file))


def _answers(kind: str, page: str) -> list[Any]:
    """Two different valid answers to the question on ``page`` (saves alternate them)."""
    choices = _CHOICE.findall(page)
    if kind == "single_choice":
        return [choices[0], choices[-1]]
    if kind == "multiple_choice":
        return [[choices[0]], choices[:2]]
    if kind == "true_false":
        return [True, False]
    if kind == "ordering":
        items = _ITEM.findall(page)
        return [items, list(reversed(items))]
    if kind == "numeric":
        return ["42", "3,5"]
    limit = _MAXLENGTH.search(page)
    longest = int(limit.group(1)) if limit else 1000
    return ["KeyError", "A KeyError: the key is missing"[:longest]]


def _saved(body: str | None) -> bool:
    try:
        return json.loads(body or "").get("saved") is True
    except (ValueError, AttributeError):
        return False


class Candidate(FastHttpUser):
    def wait_time(self) -> float:
        """A save every SAVE_EVERY seconds, counted from the start of the last one (as
        locust's constant_pacing). A save that took longer than that (while the others
        are still pressing Start) is followed by a random pause, as a candidate's would
        be: otherwise every candidate held up by the same slow moment would save in step
        from then on, and the steady state would be bursts rather than 1,000 people."""
        elapsed = time.monotonic() - self.task_started
        if elapsed >= SAVE_EVERY:
            return random.uniform(0, SAVE_EVERY)
        return SAVE_EVERY - elapsed

    def on_start(self) -> None:
        link = _LINKS[next(_next_link) % len(_LINKS)]
        landing = self.client.get(link, name="landing")
        token = _CSRF.search(landing.text or "")
        if token is None:
            raise RuntimeError(f"no CSRF token on the landing page ({landing.status_code})")
        page = self.client.post(f"{link}/start", name="start",
                                data={"csrf_token": token.group(1), "tz": "Europe/Kyiv"})
        data = dict(_DATA.findall(page.text or ""))
        csrf = _CSRF.search(page.text or "")
        if "save-url" not in data or csrf is None:
            raise RuntimeError(f"Start did not lead to a question page ({page.status_code})")
        self.save_url, self.heartbeat_url = data["save-url"], data["heartbeat-url"]
        self.question = data["question"]
        self.answers = _answers(data["type"], page.text or "")
        self.headers = {"X-CSRFToken": csrf.group(1)}
        self.saves = 0
        self.task_started = self.last_contact = time.monotonic()
        self.next_heartbeat = random.uniform(0, HEARTBEAT_EVERY)
        global _ready_count  # noqa: PLW0603  (the users of this process report here)
        _ready_count = next(_ready)
        # Real candidates do not press Start in step: spread the saves over the interval.
        gevent.sleep(random.uniform(0, SAVE_EVERY))

    @task
    def work(self) -> None:
        self.task_started = time.monotonic()
        self.saves += 1
        body = {"question_id": self.question, "answer": self.answers[self.saves % 2],
                "offline_ms": 0}
        with self.client.post(self.save_url, json=body, headers=self.headers, name="save",
                              catch_response=True) as response:
            if response.status_code != 200 or not _saved(response.text):
                response.failure(f"{response.status_code}: {(response.text or '')[:200]}")
            else:
                self.last_contact = time.monotonic()
        self.next_heartbeat -= SAVE_EVERY
        if self.next_heartbeat <= 0:
            self.next_heartbeat += HEARTBEAT_EVERY
            if time.monotonic() - self.last_contact < QUIET_AFTER_CONTACT:
                return  # as take.js: a save just told the server this page is alive
            with self.client.post(self.heartbeat_url, json={"offline_ms": 0, "events": []},
                                  headers=self.headers, name="heartbeat",
                                  catch_response=True) as response:
                if response.status_code != 200:
                    response.failure(f"{response.status_code}: {(response.text or '')[:200]}")
                else:
                    self.last_contact = time.monotonic()


# --- running it as a library ----------------------------------------------------------------

def _figures(entry: StatsEntry, seconds: float) -> dict[str, float]:
    percentile = entry.get_response_time_percentile
    # Whole seconds of the window only (its first and last are partial).
    per_second = sorted(entry.num_reqs_per_sec.values())[1:-1] or [0]
    return {"requests": entry.num_requests, "failures": entry.num_failures,
            "per_second": entry.num_requests / seconds if seconds else 0.0,
            "busiest_second": per_second[-1], "quietest_second": per_second[0],
            "p50_ms": percentile(0.5) or 0.0, "p95_ms": percentile(0.95) or 0.0,
            "p99_ms": percentile(0.99) or 0.0, "max_ms": entry.max_response_time or 0.0}


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def main(host: str, users: int, spawn_rate: float, steady_seconds: float, out: str) -> None:
    environment = Environment(user_classes=[Candidate], events=events, host=host,
                              catch_exceptions=True)
    runner = environment.create_local_runner()
    events.init.fire(environment=environment, runner=runner, web_ui=None)
    began = time.monotonic()
    runner.start(users, spawn_rate=spawn_rate)
    deadline = began + users / spawn_rate + 240
    while _ready_count < users and time.monotonic() < deadline:
        gevent.sleep(0.5)
    ramp = {name: _figures(environment.stats.get(name, method), time.monotonic() - began)
            for name, method in (("landing", "GET"), ("start", "POST"))}
    ready, ramp_seconds = _ready_count, time.monotonic() - began
    # Every candidate past its first (randomly delayed) save, and the saves that queued up
    # behind the last Start presses answered: from here on, the steady state.
    gevent.sleep(2 * SAVE_EVERY)
    errors_before = sum(error.occurrences for error in environment.stats.errors.values())
    environment.stats.reset_all()
    print("STEADY", flush=True)
    cpu, started = _cpu(), time.monotonic()
    gevent.sleep(steady_seconds)
    seconds, cpu = time.monotonic() - started, _cpu() - cpu
    print("DONE", flush=True)
    figures = {name: _figures(environment.stats.get(name, "POST"), seconds)
               for name in ("save", "heartbeat")}
    errors = {str(error.error)[:300]: error.occurrences
              for error in environment.stats.errors.values()}
    runner.quit()
    with open(out, "w") as file:
        json.dump({"ramp": ramp, "ready": ready, "ramp_seconds": ramp_seconds,
                   "steady_seconds": seconds, "locust_cpu_seconds": cpu,
                   "errors_during_ramp": errors_before, "errors": errors, **figures}, file)


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4]), sys.argv[5])
