"""Every message a person can meet is translated into Ukrainian and Russian.

Extracts the messages from the code and templates as ``pybabel extract`` does (the
keywords Flask-Babel uses, translations/babel.cfg) and checks both catalogues against
them: nothing missing, nothing empty, nothing left fuzzy, and the placeholders kept.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.frontend import CommandLineInterface
from babel.messages.pofile import read_po

PLACEHOLDER = re.compile(r"%\(\w+\)[sdf]")


@pytest.fixture(scope="module")
def source_messages(project_root: Path, tmp_path_factory: pytest.TempPathFactory) -> Catalog:
    template = tmp_path_factory.mktemp("babel") / "messages.pot"
    # The mapping's patterns (app/**.py, templates/**.html) are relative to the folder
    # searched, so it is the project's root: searching app/ and templates/ themselves
    # matched nothing, and the check passed with no message to check.
    CommandLineInterface().run(["pybabel", "-q", "extract", "-F",
                                str(project_root / "translations" / "babel.cfg"),
                                "-o", str(template), str(project_root)])
    with template.open("rb") as source:
        catalog = read_po(source)
    assert len(catalog) > 100, "the extraction found (almost) no messages"
    return catalog


@pytest.mark.parametrize("language", ["uk", "ru"])
def test_every_message_is_translated(project_root: Path, source_messages: Catalog,
                                     language: str) -> None:
    path = project_root / "translations" / language / "LC_MESSAGES" / "messages.po"
    with path.open("rb") as source:
        catalogue = read_po(source, locale=language)
    problems = []
    for message in source_messages:
        if not message.id:
            continue
        translated = catalogue.get(message.id)
        strings = translated.string if translated is not None else None
        forms = strings if isinstance(strings, (tuple, list)) else (strings,)
        if translated is None or not all(forms):
            problems.append(f"untranslated: {message.id!r}")
        elif translated.fuzzy:
            problems.append(f"fuzzy: {message.id!r}")
        else:
            ids = message.id if isinstance(message.id, (tuple, list)) else (message.id,)
            wanted = set(PLACEHOLDER.findall(" ".join(ids)))
            for form in forms:
                if set(PLACEHOLDER.findall(form)) - wanted:
                    problems.append(f"unknown placeholder in {language} for {message.id!r}")
    assert problems == [], (f"{path.relative_to(project_root)}: run pybabel extract/update "
                            "and translate:\n" + "\n".join(problems))
