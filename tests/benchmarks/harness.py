"""What the gunicorn + PostgreSQL benchmarks share: a throwaway database, gunicorn with
the production settings, and the CPU time its processes (and their PostgreSQL
backends) use.

One gunicorn configuration serves every contender (Assay and the bare baselines), chosen
for this two-core machine: one worker process per core (each process has its own GIL),
four threads per worker so a worker whose request waits on PostgreSQL serves another
(8 requests in flight, within the SQLAlchemy pool of each process), keep-alive so callers
reuse connections, and enough worker connections for a thousand idle keep-alive clients.
"""

from __future__ import annotations

import os
import secrets
import signal
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests
from sqlalchemy import create_engine, make_url, text

from tests.fixtures.servers import free_port

ROOT = Path(__file__).resolve().parents[2]
VENV_BIN = ROOT / ".venv" / "bin"
ADMIN_URL = os.environ.get("TEST_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/test")

GUNICORN_ARGS = ["--workers", os.environ.get("BENCH_WORKERS", "2"),
                 "--threads", os.environ.get("BENCH_THREADS", "4"),
                 "--worker-class", "gthread", "--worker-connections", "2000",
                 "--keep-alive", "30", "--backlog", "2048", "--log-level", "warning"]

SECRET_KEY = secrets.token_urlsafe(40)


class NoDatabase(Exception):
    """PostgreSQL is not reachable (postgres_or_skip skips the benchmark with this message)."""


@contextmanager
def postgres_database(prefix: str) -> Iterator[str]:
    """A new, empty database (its URL), dropped afterwards whatever happens."""
    server = make_url(ADMIN_URL).set(drivername="postgresql+psycopg")
    name = f"{prefix}_{os.getpid()}_{secrets.token_hex(3)}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as error:
        admin.dispose()
        raise NoDatabase(f"PostgreSQL not reachable at {ADMIN_URL}: {error}") from error
    try:
        yield server.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def postgres_or_skip(prefix: str) -> Iterator[str]:
    """:func:`postgres_database` for a benchmark's module fixture (``yield from``): the
    benchmark is skipped, saying why, when PostgreSQL is not reachable."""
    try:
        with postgres_database(prefix) as url:
            yield url
    except NoDatabase as error:
        pytest.skip(str(error))


def production_env(database_url: str, **settings: str) -> dict[str, str]:
    """Assay's environment in production mode; ``settings`` become ASSAY_* variables."""
    env = {**os.environ, "ASSAY_ENV": "production", "ASSAY_SECRET_KEY": SECRET_KEY,
           "DATABASE_URL": database_url, "ASSAY_MAIL_SERVER": "127.0.0.1",
           "PYTHONPATH": str(ROOT)}
    env.update({f"ASSAY_{name}": value for name, value in settings.items()})
    return env


def migrate(env: dict[str, str]) -> None:
    subprocess.run([str(VENV_BIN / "assay"), "db", "upgrade"], cwd=ROOT, env=env, check=True,
                   capture_output=True)


def vacuum_analyze(database_url: str) -> None:
    """As autovacuum would have by now in production: planner statistics, visibility map."""
    engine = create_engine(make_url(database_url), isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text("VACUUM ANALYZE"))
    engine.dispose()


# --- servers and their CPU time ----------------------------------------------------------

@dataclass
class Server:
    base: str
    process: subprocess.Popen[str]
    database: str | None = None  # whose PostgreSQL backends count as this server's CPU

    def gunicorn_cpu_seconds(self) -> float:
        return sum(cpu_seconds(pid) for pid in {self.process.pid} | children(self.process.pid))

    def database_cpu_seconds(self) -> float:
        return sum(cpu_seconds(pid) for pid in backends(self.database)) if self.database else 0.0

    def cpu_seconds(self) -> float:
        """CPU used so far by gunicorn (master and workers) and, for Assay, by the
        PostgreSQL backends serving it: the cost of its requests, whatever else runs."""
        return self.gunicorn_cpu_seconds() + self.database_cpu_seconds()


def children(parent: int) -> set[int]:
    found = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == parent:
            found.add(int(stat.parent.name))
    return found


def backends(database: str) -> set[int]:
    engine = create_engine(make_url(ADMIN_URL).set(drivername="postgresql+psycopg"))
    with engine.connect() as conn:
        pids = {row[0] for row in conn.execute(
            text("SELECT pid FROM pg_stat_activity "
                 "WHERE datname = :db AND pid <> pg_backend_pid()"),
            {"db": database})}
    engine.dispose()
    return pids


def cpu_seconds(pid: int) -> float:
    """User + system CPU of one process so far (0 once it is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@contextmanager
def gunicorn(app_spec: str, env: dict[str, str], probe_path: str,
             headers: dict[str, str] | None = None, database: str | None = None,
             extra_args: list[str] | None = None) -> Iterator[Server]:
    """gunicorn serving ``app_spec`` on a free local port until the block ends."""
    port = free_port()
    process = subprocess.Popen(
        [str(VENV_BIN / "gunicorn"), *GUNICORN_ARGS, *(extra_args or []),
         "--bind", f"127.0.0.1:{port}", app_spec],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if requests.get(base + probe_path, headers=headers, timeout=10).status_code == 200:
                    break
            except (requests.ConnectionError, requests.Timeout):
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(
                    f"gunicorn did not start: {process.stderr.read() if process.stderr else ''}")
            time.sleep(0.2)
        yield Server(base, process, database)
    finally:
        stop(process)
        if process.stderr:
            process.stderr.close()


def stop(process: subprocess.Popen[str]) -> None:
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def load_average() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.1f} / {five:.1f} / {fifteen:.1f} on {os.cpu_count()} CPUs"
