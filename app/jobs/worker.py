"""The worker process: every job of the registry on its interval, in APScheduler 3.

Started by ``assay worker``; never inside the web app or gunicorn (each web worker would
run every job). Several worker processes may run at once: the jobs claim their rows.
"""

from __future__ import annotations

import logging
import signal
import threading
from collections.abc import Sequence
from types import FrameType

from apscheduler.events import EVENT_SCHEDULER_STARTED
from apscheduler.schedulers.blocking import BlockingScheduler
from apscheduler.triggers.interval import IntervalTrigger
from flask import Flask

from app.jobs.registry import JOBS, Job
from app.models import utcnow

log = logging.getLogger(__name__)


def run_job(app: Flask, job: Job) -> bool:
    """One round of ``job`` in a fresh app context (its own database session); logs and
    swallows a crash so the schedule goes on."""
    with app.app_context():
        try:
            did_work = job.run_once()
        except Exception:
            log.exception("job %s crashed", job.name)
            return False
    if did_work:
        log.info("job %s did work", job.name)
    return did_work


def run_all_once(app: Flask, jobs: Sequence[Job] = JOBS) -> dict[str, bool]:
    """Each job once, in order (``assay worker --once``): job name -> did it work."""
    return {job.name: run_job(app, job) for job in jobs}


def build_scheduler(app: Flask, jobs: Sequence[Job] = JOBS) -> BlockingScheduler:
    scheduler = BlockingScheduler(timezone="UTC")
    for job in jobs:
        scheduler.add_job(
            run_job, IntervalTrigger(seconds=job.every_seconds), args=(app, job),
            id=job.name, name=job.name,
            max_instances=1,  # a slow round is never overlapped by the next one
            coalesce=True,  # rounds missed while busy run once, not all in a burst
            next_run_time=utcnow(),  # first round at start-up
        )
    return scheduler


def run_forever(app: Flask, jobs: Sequence[Job] = JOBS) -> None:
    """Block running the schedule until SIGTERM or SIGINT, then let the rounds under way
    finish (each holds claims on its rows) and return. A second signal ends at once."""
    scheduler = build_scheduler(app, jobs)
    started, stop_requested = threading.Event(), threading.Event()
    received: list[str] = []

    def request_stop(signum: int, frame: FrameType | None) -> None:
        # This runs in the main thread wherever it was, maybe inside the scheduler holding
        # its locks: so only raise a flag (nothing else ever takes this event's lock in
        # this thread) and let the stopper thread shut the scheduler down.
        received.append(signal.Signals(signum).name)
        signal.signal(signum, signal.SIG_DFL)
        stop_requested.set()

    def stopper() -> None:
        stop_requested.wait()
        started.wait()  # a signal during start-up waits for a scheduler to stop
        log.info("worker stopping (%s); letting running jobs finish", received[0])
        scheduler.shutdown(wait=True)

    scheduler.add_listener(lambda event: started.set(), EVENT_SCHEDULER_STARTED)
    threading.Thread(target=stopper, name="worker-stopper", daemon=True).start()
    signal.signal(signal.SIGTERM, request_stop)
    signal.signal(signal.SIGINT, request_stop)
    log.info("worker started: %s", ", ".join(f"{job.name} every {job.every_seconds} s"
                                              for job in jobs))
    scheduler.start()  # returns once the stopper has shut the scheduler down
    log.info("worker stopped")
