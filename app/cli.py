"""The ``assay`` command: every Flask command (run, db, shell, routes) and our own groups."""

from __future__ import annotations

import sys

import click
from flask import Flask
from flask.cli import FlaskGroup

from app.config import ConfigError


def _create_app() -> Flask:
    from app import create_app  # app/__init__.py imports this module: a cycle at top level

    try:
        return create_app()
    except ConfigError as error:
        # One line naming the variable, never a traceback.
        click.echo(f"Error: {error}", err=True)
        sys.exit(2)


@click.group(cls=FlaskGroup, create_app=_create_app, add_version_option=False)
def cli() -> None:
    """Assay: timed candidate tests with a Greenhouse Assessment Partner API."""


def register_commands(app: Flask) -> None:
    """Add our command groups to ``app.cli`` (so ``assay`` and the test runner see them)."""
    for module in COMMAND_MODULES:
        for command in __import__(module, fromlist=["COMMANDS"]).COMMANDS:
            app.cli.add_command(command)


# Each feature keeps its commands next to its code and lists them in COMMANDS.
COMMAND_MODULES: list[str] = [
    "app.results.cli",
    "app.commands.orgs",
    "app.commands.users",
    "app.commands.clients",
    "app.commands.invite",
    "app.commands.privacy",
    "app.greenhouse.cli",
    "app.commands.demo",
    "app.jobs.cli",
    "app.banks.cli",
]
