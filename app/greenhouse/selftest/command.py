"""``assay greenhouse selftest``: placeholder until the simulator lands."""

from __future__ import annotations

import click


@click.command("selftest")
def selftest() -> None:
    """Play Greenhouse against a running Assay and check every answer against the spec."""
    raise click.ClickException("not implemented yet")
