"""The JSON Schema of the author format, for editors (question_banks/schema.json).

Generated from the pydantic models, so it cannot disagree with validation about which
keys exist; the texts an author sees on hover are set here, because the models'
docstrings are written for developers. The schema is a helper for editors: the
validator (``assay banks validate``) has the final word, with rules a schema cannot say
(unique ids, pool sizes, rubric sums).
"""

from __future__ import annotations

import json
from typing import Any

from app.banks.format import Bank
from app.questions import QUESTION_TYPES

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"

# Title and description of each model, as an author reads them on hover; each question
# type gives its own models' (``QuestionType.schema_help``).
_HELP: dict[str, tuple[str, str]] = {
    "Bank": ("Assay question bank", ("A test: its settings and its sections of questions. "
                                     "See docs/question-banks.md.")),
    "Section": ("Section", "Questions taken together, with an optional time limit and weight."),
    "PoolItem": ("Pool", ("A pool of questions: each candidate gets 'pick' of them, drawn "
                          "at random.")),
    "Pool": ("Pool settings", ("The pool's id, how many questions each candidate gets, and "
                               "the questions.")),
}


def bank_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a bank file."""
    schema = Bank.model_json_schema(mode="validation")
    help_texts = dict(_HELP)
    for question_type in QUESTION_TYPES.values():
        help_texts.update((name, (title, text)) for name, title, text in question_type.schema_help)
    for name, definition in [("Bank", schema), *schema.get("$defs", {}).items()]:
        title, description = help_texts.get(name, (name, ""))
        definition["title"] = title
        definition["description"] = description
    return {"$schema": SCHEMA_DIALECT, **schema}


def schema_json() -> str:
    """The schema as the text of question_banks/schema.json."""
    return json.dumps(bank_schema(), indent=2, ensure_ascii=False) + "\n"
