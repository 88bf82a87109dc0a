"""Fixtures for the service tests."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(scope="session", autouse=True)
def compiled_translations(project_root: Path) -> None:
    """The .mo catalogues (built by `make translations`, never committed): compiled here
    when missing or older than their .po, so the uk and ru emails can be checked."""
    from babel.messages.frontend import CommandLineInterface

    translations = project_root / "translations"
    for po in translations.glob("*/LC_MESSAGES/messages.po"):
        mo = po.with_suffix(".mo")
        if not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime:
            CommandLineInterface().run(["pybabel", "-q", "compile", "-d", str(translations)])
            return
