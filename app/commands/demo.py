"""``assay demo``: everything a newcomer needs to see Assay work, on SQLite, in one command."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import click
from flask import current_app
from flask_migrate import upgrade

from app.banks.cli import load_paths
from app.commands.demo_results import seed_results
from app.config import PROJECT_ROOT, write_instance_setting
from app.extensions import db
from app.models import Organization, Role, utcnow
from app.services.accounts import add_member, find_by_email
from app.services.catalog import find_test
from app.services.invitations import (
    CandidateDetails,
    InvitationRequest,
    create_invitation,
)
from app.services.organization_settings import invitation_valid_days
from app.services.organizations import create_organization, find_organization

DEMO_ORG = "demo"
DEMO_TEST = "python-fundamentals"
DEMO_ADMIN = "admin@demo.example.com"
# The tests the demo's past candidates took (an essay test among them, for grading).
RESULT_TESTS = ("python-fundamentals", "sql-analytics", "customer-support-writing",
                "logical-reasoning")


def _load_banks(folder: Path) -> None:
    load_paths([folder], organization_id=None, echo=lambda line: click.echo(f"  {line}"))


def _demo_organization() -> tuple[Organization, str | None]:
    organization = find_organization(db.session, DEMO_ORG)
    if organization is not None:
        return organization, None
    created = create_organization(db.session, name="Demo Company", hr_email="hr@demo.example.com",
                                  slug=DEMO_ORG)
    db.session.commit()
    return created.organization, created.greenhouse_api_key


def _demo_invitation(organization: Organization) -> str | None:
    test = find_test(db.session, organization, DEMO_TEST)
    if test is None:
        return None
    created = create_invitation(
        db.session,
        InvitationRequest(organization=organization, tests=[test], source="cli",
                          candidate=CandidateDetails(email="candidate@demo.example.com",
                                                     first_name="Dana", last_name="Demo")),
        base_url=current_app.config["BASE_URL"],
        valid_days=invitation_valid_days(organization, current_app.config["INVITATION_VALID_DAYS"]))
    db.session.commit()
    return created.link


def _demo_admin(organization: Organization) -> str | None:
    """The demo's console administrator, and their set-password link when just made."""
    if find_by_email(db.session, DEMO_ADMIN) is not None:
        return None
    created = add_member(db.session, organization, email=DEMO_ADMIN, role=Role.ADMIN,
                         base_url=current_app.config["BASE_URL"], now=utcnow(),
                         valid_for=timedelta(days=current_app.config["PASSWORD_SET_VALID_DAYS"]))
    db.session.commit()
    return created.link


def _demo_results(organization: Organization) -> int:
    tests = [test for slug in RESULT_TESTS
             if (test := find_test(db.session, organization, slug)) is not None]
    if not tests:
        return 0
    # Answer checks explain a refused answer in the request's language: give them one.
    with current_app.test_request_context():
        made = seed_results(db.session, organization, tests,
                            base_url=current_app.config["BASE_URL"], now=utcnow())
    db.session.commit()
    return made


def _port_free(host: str, port: int) -> bool:
    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError:
            return False
    return True


@click.command("demo")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=click.IntRange(1, 65535))
@click.option("--no-serve", is_flag=True, help="Prepare the data only; don't start web and worker.")
def demo(host: str, port: int, no_serve: bool) -> None:
    """Migrate, load the sample banks, create a demo organization and invitation, then run
    the web server and the worker until Ctrl-C."""
    if current_app.config["ENV_NAME"] == "production":
        raise click.ClickException("'assay demo' is for development; unset ASSAY_ENV=production.")
    if not no_serve and not _port_free(host, port):
        raise click.ClickException(f"Port {port} on {host} is taken; try 'assay demo --port 5050'.")
    base_url = f"http://{host}:{port}"
    current_app.config["BASE_URL"] = os.environ.get("ASSAY_BASE_URL", base_url)
    # So that `assay invite` from another shell builds links to this port too.
    settings = write_instance_setting(Path(current_app.instance_path), "ASSAY_BASE_URL",
                                      current_app.config["BASE_URL"])
    click.echo(f"Links use {current_app.config['BASE_URL']} (kept in {settings}).")
    click.echo("Preparing the database...")
    upgrade()
    click.echo("Loading the sample question banks...")
    _load_banks(PROJECT_ROOT / "question_banks")
    organization, key = _demo_organization()
    link = _demo_invitation(organization)
    admin_link = _demo_admin(organization)
    made = _demo_results(organization)
    if made:
        click.echo(f"  {made} demo candidates have taken the sample tests.")
    _print_welcome(base_url, key, link, admin_link)
    if not no_serve:
        _serve(host, port, base_url)


def _print_welcome(base_url: str, key: str | None, link: str | None,
                   admin_link: str | None) -> None:
    click.echo("")
    click.secho("Assay is ready.", bold=True)
    click.echo(f"  Home:                {base_url}/")
    click.echo(f"  Development mailbox: {base_url}/dev/mail   (every email Assay sends lands here)")
    if link:
        click.echo(f"  A candidate's link:  {link}")
    click.echo(f"  Hiring team console: {base_url}/console   (sign in as {DEMO_ADMIN})")
    if admin_link:
        click.echo(f"    choose its password: {admin_link}   (works once, for 7 days)")
    else:
        click.echo("    forgot the password? 'Forgot your password?' emails a link to the "
                   "development mailbox")
    click.echo(f"  Greenhouse API:      {base_url}/api/greenhouse/list_tests")
    if key:
        click.echo(f"  Greenhouse API key:  {key}   (shown once)")
        click.echo(f"    try: curl -u '{key}:' {base_url}/api/greenhouse/list_tests")
        click.echo(f"    or play Greenhouse end to end: .venv/bin/assay greenhouse selftest "
                   f"--base-url {base_url} --key '{key}'")
    else:
        click.echo("  Greenhouse API key:  shown on the first run; "
                   "'assay orgs rotate-key demo' makes a new one")
    click.echo("  Invite someone:      assay invite --org demo --test python-fundamentals "
               "--email you@example.org --first-name Ada --last-name Lovelace")
    click.echo("Press Ctrl-C to stop.")


def _serve(host: str, port: int, base_url: str) -> None:
    env = {**os.environ, "ASSAY_ENV": "development",
           "ASSAY_BASE_URL": os.environ.get("ASSAY_BASE_URL", base_url)}
    # So that `assay greenhouse selftest` can play Greenhouse against the demo: its
    # callback server listens on plain http, on this machine, on a random port; the
    # callback guard refuses all three unless allowed. Set any of them to override.
    env.setdefault("ASSAY_CALLBACK_ALLOW_HTTP", "true")
    env.setdefault("ASSAY_CALLBACK_ALLOWED_HOSTS",
                   "app.greenhouse.io,*.greenhouse.io,127.0.0.1,localhost")
    env.setdefault("ASSAY_CALLBACK_ALLOWED_PORTS", "*")
    env.setdefault("ASSAY_CALLBACK_ALLOWED_NETWORKS", "127.0.0.0/8,::1/128")
    bin_dir = Path(sys.executable).parent
    # Workers, threads and the redacted logs come from gunicorn.conf.py, as in production.
    web = subprocess.Popen([str(bin_dir / "gunicorn"), "--bind", f"{host}:{port}", "wsgi:app"],
                           cwd=PROJECT_ROOT, env=env)
    worker = subprocess.Popen([str(bin_dir / "assay"), "worker"], cwd=PROJECT_ROOT, env=env)
    processes = [web, worker]

    def stop(*_: object) -> None:
        for process in processes:
            if process.poll() is None:
                process.terminate()

    signal.signal(signal.SIGTERM, stop)
    try:
        while all(process.poll() is None for process in processes):
            time.sleep(0.5)
    except KeyboardInterrupt:
        pass
    finally:
        stop()
        for process in processes:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
    failed = [p for p in processes if p.returncode not in (0, -signal.SIGTERM, -signal.SIGINT)]
    if failed:
        raise click.ClickException(
            "The web server or the worker stopped unexpectedly; see the log above.")


COMMANDS = [demo]
