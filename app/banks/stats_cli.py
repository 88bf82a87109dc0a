"""``assay banks stats SLUG``: item statistics of a test version, for its authors.

The figures come from app.services.item_statistics; this module only picks the version
and prints them, as a table or (``--json``) as the typed result.
"""

from __future__ import annotations

import click

from app.extensions import db
from app.models import Test
from app.services.item_statistics import (
    QuestionStatistics,
    VersionStatistics,
    load_item_statistics,
    versions_of,
)
from app.services.organizations import find_organization

FLAG_WORDS = {"too_easy": "everyone correct", "too_hard": "nobody correct",
              "negative_discrimination": "negative discrimination",
              "too_few_candidates": "too few candidates"}
HEADER = ["#", "ID", "PROMPT", "SEEN", "CORRECT", "DISCR.", "MEDIAN TIME", "FLAGS"]
NUMERIC = {0, 3, 4, 5, 6}  # right-aligned columns


@click.command("stats")
@click.argument("slug")
@click.option("--version", "version", type=int, help="The test version (default: the latest).")
@click.option("--org", "org_ref", help="Only this organization's candidates (slug or id); "
              "default: every organization's, for operators.")
@click.option("--json", "as_json", is_flag=True, help="Print the statistics as JSON.")
def stats_command(slug: str, version: int | None, org_ref: str | None, as_json: bool) -> None:
    """Item statistics of a test: per question, how many saw it, the share correct,
    discrimination, median time and, for choice questions, each option's share.

    A library test is used by many organizations: without --org the figures cover all of
    them (an operator's view); an organization's own authors see theirs in the console."""
    organization_id = None
    if org_ref is not None:
        organization = find_organization(db.session, org_ref)
        if organization is None:
            raise click.ClickException(f"No organization {org_ref!r} (see 'assay orgs list').")
        organization_id = organization.id
    test = _pick_version(slug, version)
    statistics = load_item_statistics(db.session, test, organization_id=organization_id)
    if as_json:
        click.echo(statistics.model_dump_json(indent=2))
    elif statistics.candidates == 0:
        click.echo(f"No finished attempts of {slug} v{test.version} yet: statistics appear "
                   "once candidates have finished it.")
    else:
        click.echo(render(statistics))


def _pick_version(slug: str, version: int | None) -> Test:
    versions = versions_of(db.session, slug)
    if not versions:
        raise click.ClickException(f"no test with slug '{slug}' (see 'assay banks list')")
    if version is None:
        return versions[-1]
    for test in versions:
        if test.version == version:
            return test
    known = ", ".join(str(test.version) for test in versions)
    raise click.ClickException(f"{slug} has no version {version} (versions: {known})")


def render(statistics: VersionStatistics) -> str:
    """The statistics as a table, each choice question followed by its options."""
    waiting = (f", {statistics.awaiting_review} with essays awaiting grading (left out of "
               "those essays' figures)" if statistics.awaiting_review else "")
    lines = [(f"{statistics.slug} v{statistics.version} \"{statistics.name}\": "
             f"{_plural(statistics.candidates, 'finished attempt')}{waiting}."), ""]
    rows = [_row(question) for question in statistics.questions]
    widths = [max(len(line[i]) for line in [HEADER, *rows]) for i in range(len(HEADER))]
    lines.append(_line(HEADER, widths))
    for question, row in zip(statistics.questions, rows, strict=True):
        lines.append(_line(row, widths))
        for option in question.options or ():
            share = "-" if option.share is None else f"{option.share * 100:.0f}%"
            mark = " (correct)" if option.correct else ""
            lines.append(f"{'':>{widths[0]}}    {option.id}: {option.text}{mark}: "
                         f"{option.chosen} chose it, {share}")
        unanswered = question.seen - question.answered
        if question.options and unanswered:
            lines.append(f"{'':>{widths[0]}}    no answer: {unanswered}, "
                         f"{unanswered / question.seen * 100:.0f}%")
    lines += ["", ("CORRECT: share of candidates with full points. DISCR.: correlation with "
                  "the rest of the test (-1..1)."),
              (f"Fewer than {statistics.min_candidates} candidates on a question: its figures "
              "are not meaningful yet (see docs/question-banks.md, \"Item statistics\").")]
    return "\n".join(lines)


def _row(question: QuestionStatistics) -> list[str]:
    seen = str(question.seen)
    if question.awaiting_grading:
        seen += f" ({question.awaiting_grading} ungraded)"
    return [str(question.number), question.id, _shorten(question.excerpt, 40), seen,
            "-" if question.difficulty is None else f"{question.difficulty * 100:.0f}%",
            "-" if question.discrimination is None else f"{question.discrimination:+.2f}",
            _duration(question.median_seconds),
            ", ".join(FLAG_WORDS[flag] for flag in question.flags)]


def _line(cells: list[str], widths: list[int]) -> str:
    return "  ".join(cell.rjust(width) if i in NUMERIC else cell.ljust(width)
                     for i, (cell, width) in enumerate(zip(cells, widths, strict=True))).rstrip()


def _duration(seconds: float | None) -> str:
    if seconds is None:
        return "-"
    minutes, rest = divmod(round(seconds), 60)
    return f"{minutes}m {rest:02d}s" if minutes else f"{rest}s"


def _shorten(text: str, width: int) -> str:
    return text if len(text) <= width else text[:width - 1] + "…"


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"
