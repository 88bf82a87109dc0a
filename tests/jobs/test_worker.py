"""The worker process: the job list, ``assay worker --once``, a clean stop on SIGTERM."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from apscheduler.triggers.interval import IntervalTrigger

from app.jobs.registry import JOBS, Job
from app.jobs.worker import build_scheduler, run_all_once, run_job
from tests.jobs.builders import queue_team_email, reloaded


def test_every_job_has_a_unique_name_and_a_positive_interval() -> None:
    names = [job.name for job in JOBS]
    assert len(names) == len(set(names))
    assert "deliver_outbox" in names
    assert all(job.every_seconds > 0 for job in JOBS)


def test_the_scheduler_runs_each_job_alone_on_its_interval(app) -> None:  # type: ignore[no-untyped-def]
    scheduler = build_scheduler(app)

    jobs = {job.id: job for job in scheduler.get_jobs()}

    assert set(jobs) == {job.name for job in JOBS}
    for declared in JOBS:
        scheduled = jobs[declared.name]
        assert isinstance(scheduled.trigger, IntervalTrigger)
        assert scheduled.trigger.interval.total_seconds() == declared.every_seconds
        assert scheduled.max_instances == 1
        assert scheduled.coalesce is True


def test_worker_once_delivers_what_is_due_and_exits(app, runner) -> None:  # type: ignore[no-untyped-def]
    message_id = queue_team_email()

    result = runner.invoke(args=["worker", "--once"])

    assert result.exit_code == 0, result.output
    assert "deliver_outbox: did work" in result.output
    assert reloaded(message_id).status == "sent"  # kept for the dev mailbox


def test_worker_once_says_when_there_was_nothing_to_do(app, runner) -> None:  # type: ignore[no-untyped-def]
    result = runner.invoke(args=["worker", "--once"])

    assert result.exit_code == 0, result.output
    assert "deliver_outbox: nothing to do" in result.output


def test_a_crashing_job_is_logged_and_the_worker_goes_on(app, caplog) -> None:  # type: ignore[no-untyped-def]
    def crash(now: object = None) -> bool:
        raise RuntimeError("database went away")

    ran: list[str] = []

    def fine(now: object = None) -> bool:
        ran.append("fine")
        return True

    results = run_all_once(app, [Job("crashy", crash, 5), Job("fine", fine, 5)])

    assert results == {"crashy": False, "fine": True}
    assert ran == ["fine"]
    assert "job crashy crashed" in caplog.text


def test_a_job_that_did_work_is_logged(app, caplog) -> None:  # type: ignore[no-untyped-def]
    caplog.set_level("INFO", logger="app.jobs.worker")

    run_job(app, Job("busy", lambda now=None: True, 5))

    assert "job busy did work" in caplog.text


def test_the_worker_stops_cleanly_on_sigterm(database_url: str, project_root: Path) -> None:
    env = {**os.environ, "ASSAY_ENV": "testing", "DATABASE_URL": database_url,
           "ASSAY_MAIL_SERVER": "", "ASSAY_DEV_MAIL": "true"}
    worker = subprocess.Popen(
        [sys.executable, "-c", "from app.cli import cli; cli()", "worker"],
        cwd=project_root, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        output = ""
        deadline = time.monotonic() + 30
        assert worker.stdout is not None
        while "worker started" not in output and time.monotonic() < deadline:
            line = worker.stdout.readline()
            if not line:
                break
            output += line
        assert "worker started" in output, output
        worker.send_signal(signal.SIGTERM)
        remaining, _ = worker.communicate(timeout=30)
    finally:
        if worker.poll() is None:
            worker.kill()
            worker.wait()

    assert worker.returncode == 0, output + remaining
    assert "worker stopping (SIGTERM)" in remaining
    assert "worker stopped" in remaining
