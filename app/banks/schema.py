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

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"

# Title and description of each model, as an author reads them on hover.
_HELP: dict[str, tuple[str, str]] = {
    "Bank": ("Assay question bank", "A test: its settings and its sections of questions. "
             "See docs/question-banks.md."),
    "Section": ("Section", "Questions taken together, with an optional time limit and weight."),
    "PoolItem": ("Pool", "A pool of questions: each candidate gets 'pick' of them, drawn at "
                 "random."),
    "Pool": ("Pool settings", "The pool's id, how many questions each candidate gets, and "
             "the questions."),
    "SingleChoice": ("Single-choice question", "Exactly one correct option, marked [x]."),
    "MultipleChoice": ("Multiple-choice question", "One or more correct options, marked [x]."),
    "TrueFalse": ("True/false question", "A statement that is true or false."),
    "Numeric": ("Numeric question", "The candidate types a number; give 'answer' or "
                "'answers'."),
    "ShortText": ("Short-text question", "The candidate types a short text, compared with "
                  "the accepted answers."),
    "Essay": ("Essay question", "A free text, graded by a person with the rubric."),
    "Ordering": ("Ordering question", "The candidate puts the items in order; list them in "
                 "the correct order."),
    "Option": ("Option", "An option as a mapping, when it needs a weight, feedback or id."),
    "NumericAnswer": ("Numeric answer", "A 'value' (with optional 'tolerance') or a 'min' "
                      "and 'max', with a weight."),
    "TextAnswer": ("Text answer", "A 'text' or a 'regex', with a weight."),
    "RubricCriterion": ("Rubric criterion", "What the reviewer looks for, and its points."),
}


def bank_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a bank file."""
    schema = Bank.model_json_schema(mode="validation")
    for name, definition in [("Bank", schema), *schema.get("$defs", {}).items()]:
        title, description = _HELP.get(name, (name, ""))
        definition["title"] = title
        definition["description"] = description
    return {"$schema": SCHEMA_DIALECT, **schema}


def schema_json() -> str:
    """The schema as the text of question_banks/schema.json."""
    return json.dumps(bank_schema(), indent=2, ensure_ascii=False) + "\n"
