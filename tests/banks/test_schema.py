"""The editor schema: committed, current, and open to the shorthand forms."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from app.banks.schema import bank_schema, schema_json


@pytest.fixture(scope="module")
def schema() -> dict[str, Any]:
    return bank_schema()


def _string_patterns(node: dict[str, Any]) -> list[str]:
    return [branch["pattern"] for branch in node.get("anyOf", []) if branch.get("type") == "string"]


def test_the_committed_schema_is_what_the_generator_produces(project_root: Path) -> None:
    committed = (project_root / "question_banks" / "schema.json").read_text(encoding="utf-8")
    assert committed == schema_json(), \
        "regenerate it: assay banks schema > question_banks/schema.json"


def test_it_is_a_titled_draft_2020_12_schema(schema: dict[str, Any]) -> None:
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["title"] == "Assay question bank"
    assert schema["required"] == ["id", "name", "language", "time_limit", "pass_mark", "sections"]
    assert schema["additionalProperties"] is False


def test_it_allows_marked_option_strings(schema: dict[str, Any]) -> None:
    items = schema["$defs"]["SingleChoice"]["properties"]["options"]["items"]
    [pattern] = _string_patterns(items)
    assert all(re.search(pattern, text) for text in ("[x] 3", "[ ] 2", " [X] yes"))
    assert not re.search(pattern, "3")
    assert {"$ref": "#/$defs/Option"} in items["anyOf"]


def test_it_allows_numeric_shorthand_strings(schema: dict[str, Any]) -> None:
    answer = schema["$defs"]["Numeric"]["properties"]["answer"]["anyOf"][0]
    [pattern] = _string_patterns(answer)
    assert all(re.search(pattern, text) for text in ("42", "1.41 +- 0.01", "100 +- 5%", "-3 ± 1"))
    assert not re.search(pattern, "about 3")
    assert {"type": "number"} in answer["anyOf"]


def test_it_offers_every_question_type_and_pools(schema: dict[str, Any]) -> None:
    entries = schema["$defs"]["Section"]["properties"]["questions"]["items"]["oneOf"]
    assert [entry["$ref"].rsplit("/", 1)[1] for entry in entries] == [
        "PoolItem", "SingleChoice", "MultipleChoice", "TrueFalse", "Numeric", "ShortText",
        "Essay", "Ordering", "Cloze", "Matching"]
    types = [schema["$defs"][name]["properties"]["type"]["const"]
             for name in ("SingleChoice", "Essay", "Ordering")]
    assert types == ["single_choice", "essay", "ordering"]


def test_it_explains_fields_to_authors(schema: dict[str, Any]) -> None:
    single = schema["$defs"]["SingleChoice"]
    assert single["title"] == "Single-choice question"
    assert "app.banks" not in json.dumps(schema)  # no developer notes leak to editors
    assert single["properties"]["shuffle_options"]["description"]
    assert schema["properties"]["time_limit"]["examples"] == ["30m", "1h30m", 45]
