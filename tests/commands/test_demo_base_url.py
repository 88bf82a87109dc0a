"""`assay demo` and `assay invite` from another shell agree on the port: the demo keeps its
base URL in the instance settings file, which the config reads below the environment."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app import create_app
from app.config import ConfigError, read_instance_settings
from app.extensions import db


def _fresh_app():  # type: ignore[no-untyped-def]
    """An app as a new shell's `assay` command builds it (only the environment differs)."""
    return create_app({"ENV_NAME": "development"})


def _run(app, *args: str):  # type: ignore[no-untyped-def]
    with app.app_context():
        try:
            return app.test_cli_runner().invoke(args=list(args))
        finally:
            db.session.remove()
            db.engine.dispose()


@pytest.fixture
def instance(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An instance folder of its own (its own SQLite database), no base URL set."""
    monkeypatch.setenv("ASSAY_INSTANCE_PATH", str(tmp_path))
    for name in ("ASSAY_BASE_URL", "DATABASE_URL", "ASSAY_ENV"):
        monkeypatch.delenv(name, raising=False)
    return tmp_path


@pytest.mark.timeout(180)
def test_an_invite_after_the_demo_links_to_the_demos_port(instance: Path) -> None:
    demo = _run(_fresh_app(), "demo", "--no-serve", "--port", "5055")
    assert demo.exit_code == 0, demo.output
    assert "A candidate's link:  http://127.0.0.1:5055/t/" in demo.output

    invited = _run(_fresh_app(), "invite", "--org", "demo", "--test", "python-fundamentals",
                   "--email", "ada@example.org", "--first-name", "Ada",
                   "--last-name", "Lovelace", "--json")
    assert invited.exit_code == 0, invited.output
    assert json.loads(invited.stdout)["link"].startswith("http://127.0.0.1:5055/t/")


def test_the_environment_wins_over_the_instance_settings(
        instance: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (instance / "assay.env").write_text("# the demo's\nASSAY_BASE_URL=http://127.0.0.1:5055\n")
    assert _fresh_app().config["BASE_URL"] == "http://127.0.0.1:5055"
    monkeypatch.setenv("ASSAY_BASE_URL", "https://assay.example.org")
    assert read_instance_settings(instance) == {}
    assert _fresh_app().config["BASE_URL"] == "https://assay.example.org"


def test_production_never_reads_the_instance_settings(
        instance: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (instance / "assay.env").write_text("ASSAY_BASE_URL=http://127.0.0.1:5055\n")
    app = create_app({"ENV_NAME": "production", "SECRET_KEY": "x" * 40})
    assert app.config["BASE_URL"] == "http://127.0.0.1:5000"


def test_a_bad_value_in_the_file_is_refused_like_the_environments(instance: Path) -> None:
    (instance / "assay.env").write_text("ASSAY_BASE_URL=not a url\n")
    with pytest.raises(ConfigError, match="ASSAY_BASE_URL"):
        _fresh_app()
