"""``assay banks ...``: validate, load and list question banks; print the editor schema.

Operators and authors read this output, so every problem is one ``file:line:col:
message`` line, all of them in one run, and nothing ends in a traceback.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from app.banks.loader import BankConflict, LoadOutcome, load_bank
from app.banks.markdown import code_css
from app.banks.problems import Problem
from app.banks.schema import schema_json
from app.banks.source import read_source
from app.banks.stats_cli import stats_command
from app.banks.validate import paused_gc, validate_file
from app.extensions import db
from app.models import Organization, Test

BANK_SUFFIXES = (".yaml", ".yml")
PROGRESS_ABOVE = 20  # files; fewer go by too fast for a bar to help

Echo = Callable[[str], None]
Valid = list[tuple[str, dict[str, Any]]]  # (display path, normalized definition)


@click.group("banks")
def banks() -> None:
    """Question banks: YAML files in question_banks/ (see docs/question-banks.md)."""


banks.add_command(stats_command)


@banks.command("validate")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
def validate_command(paths: tuple[Path, ...]) -> None:
    """Check bank files (or folders of them) and print every problem."""
    _, problems, files = validate_paths(paths)
    for problem in problems:
        click.echo(str(problem))
    click.echo(_summary(problems, files))
    if problems or not files:
        sys.exit(1)


@banks.command("load")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--org", "org_slug", help="Load as this organization's own tests (default: "
                                        "the shared library every organization may use).")
def load_command(paths: tuple[Path, ...], org_slug: str | None) -> None:
    """Validate bank files, then load them all (or, if any has a problem, none)."""
    organization_id = None
    if org_slug is not None:
        organization = db.session.scalar(select(Organization).where(Organization.slug == org_slug))
        if organization is None:
            raise click.ClickException(f"no organization with slug '{org_slug}' "
                                       "(see 'assay orgs list')")
        organization_id = organization.id
    load_paths(paths, organization_id=organization_id)


@banks.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list.")
def list_command(as_json: bool) -> None:
    """List tests: the latest version of each, with how many versions there are."""
    rows = _catalog()
    if as_json:
        click.echo(json.dumps(rows, indent=2))
    elif not rows:
        click.echo("No tests loaded yet. Load some with 'assay banks load question_banks/'.")
    else:
        click.echo(_table(rows))


@banks.command("schema")
def schema_command() -> None:
    """Print the JSON Schema of bank files (question_banks/schema.json)."""
    click.echo(schema_json(), nl=False)


@banks.command("code-css")
def code_css_command() -> None:
    """Print the stylesheet for highlighted code (static/css/code.css)."""
    click.echo(code_css(), nl=False)


def load_paths(paths: Iterable[str | os.PathLike[str]], *, organization_id: int | None = None,
               echo: Echo = click.echo) -> list[LoadOutcome]:
    """Validate every bank under ``paths``; if all are valid, load them and commit once.

    Prints one line per problem or per loaded file through ``echo``. Raises
    click.ClickException (exit status 1) when there is a problem, having loaded nothing.
    """
    valid, problems, files = validate_paths(paths)
    if problems or not files:
        for problem in problems:
            echo(str(problem))
        raise click.ClickException(f"{_summary(problems, files)} Nothing was loaded.")
    outcomes: list[LoadOutcome] = []
    try:
        with paused_gc(), _progress(valid, "Loading") as items:
            for path, definition in items:
                outcomes.append(load_bank(db.session, path, definition,
                                          organization_id=organization_id))
        db.session.commit()
    except BankConflict as error:
        db.session.rollback()
        raise click.ClickException(f"{error}. Nothing was loaded.") from None
    except IntegrityError:
        # Another load of the same test committed first (versions are unique per id).
        db.session.rollback()
        raise click.ClickException("another load of these banks ran at the same time; nothing "
                                   "was loaded here, run the command again") from None
    for outcome in outcomes:
        echo(_outcome_line(outcome))
    return outcomes


def validate_paths(
        paths: Iterable[str | os.PathLike[str]]) -> tuple[Valid, list[Problem], list[str]]:
    """(valid definitions, problems, files looked at) for the banks under ``paths``."""
    files, problems = _bank_files(paths)
    valid: Valid = []
    with _progress(files, "Validating") as items:
        for file in items:
            definition, found = _validate_one(file)
            problems += found
            if definition is not None:
                valid.append((file, definition))
    problems += _shared_ids(valid)
    return valid, problems, files


def _validate_one(file: str) -> tuple[dict[str, Any] | None, list[Problem]]:
    try:
        return validate_file(file)
    except Exception as error:  # noqa: BLE001  (a bug of ours must not end in a traceback)
        return None, [Problem(file, 0, 0, f"internal error while validating ({error!r}); "
                                          "please report it")]


def _bank_files(paths: Iterable[str | os.PathLike[str]]) -> tuple[list[str], list[Problem]]:
    files: list[str] = []
    problems: list[Problem] = []
    for path in map(Path, paths):
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.suffix in BANK_SUFFIXES and p.is_file())
            files += [_display(p) for p in found]
        elif path.exists():
            files.append(_display(path))
        else:
            problems.append(Problem(_display(path), 0, 0, "no such file or directory"))
    return list(dict.fromkeys(files)), problems


def _shared_ids(valid: Valid) -> list[Problem]:
    """Two files with the same test id would overwrite each other's versions."""
    first: dict[str, str] = {}
    problems = []
    for file, definition in valid:
        slug = definition["id"]
        if slug not in first:
            first[slug] = file
            continue
        line, col = _id_position(file)
        problems.append(Problem(file, line, col, f"test id '{slug}' is already used by "
                                                 f"{first[slug]}; each bank needs its own id"))
    return problems


def _id_position(file: str) -> tuple[int, int]:
    source = read_source(Path(file).read_text(encoding="utf-8-sig"), file)
    return source.position(("id",))


def _display(path: Path) -> str:
    """The path as the operator would write it: relative to here when it is below here."""
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


@contextmanager
def _progress(items: Sequence[Any], label: str) -> Iterator[Iterable[Any]]:
    if not (sys.stderr.isatty() or len(items) > PROGRESS_ABOVE):
        yield items
        return
    with click.progressbar(items, label=label, file=sys.stderr) as bar:
        yield bar


def _summary(problems: list[Problem], files: list[str]) -> str:
    if not files and not problems:
        return "No bank files found (looked for *.yaml and *.yml)."
    bad = {problem.file for problem in problems}
    if not problems:
        return f"{_plural(len(files), 'file')} checked, no problems."
    total = len(bad | set(files))
    return f"{_plural(len(problems), 'problem')} in {len(bad)} of {_plural(total, 'file')}."


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def _outcome_line(outcome: LoadOutcome) -> str:
    test = outcome.test
    words = {"created": "created", "new_version": "new version", "unchanged": "unchanged"}
    return f"{words[outcome.status]} {test.slug} v{test.version}"


def _catalog() -> list[dict[str, Any]]:
    versions = dict(db.session.execute(select(Test.slug, func.count()).group_by(Test.slug)).all())
    owners = dict(db.session.execute(select(Organization.id, Organization.slug)).all())
    latest = db.session.scalars(select(Test).where(Test.is_latest.is_(True)).order_by(Test.slug))
    return [
        {"slug": test.slug, "version": test.version, "active": test.active, "name": test.name,
         "language": test.language, "questions": test.question_count,
         "versions": versions.get(test.slug, 1),
         "organization": owners.get(test.organization_id) if test.organization_id else None}
        for test in latest
    ]


def _table(rows: list[dict[str, Any]]) -> str:
    header = ["SLUG", "VERSION", "ACTIVE", "NAME", "LANGUAGE", "QUESTIONS", "VERSIONS", "ORG"]
    cells = [[row["slug"], f"v{row['version']}", "yes" if row["active"] else "no",
              _shorten(row["name"], 40), row["language"], str(row["questions"]),
              str(row["versions"]), row["organization"] or "(library)"] for row in rows]
    widths = [max(len(line[i]) for line in [header, *cells]) for i in range(len(header))]
    numeric = {1, 5, 6}  # right-aligned columns
    return "\n".join(
        "  ".join(cell.rjust(width) if i in numeric else cell.ljust(width)
                  for i, (cell, width) in enumerate(zip(line, widths, strict=True))).rstrip()
        for line in [header, *cells]
    )


def _shorten(text: str, width: int) -> str:
    return text if len(text) <= width else text[:width - 3] + "..."


COMMANDS = [banks]
