"""A test version's questions by id, kept in memory by each process.

Test versions never change once loaded (app.banks.loader adds a new row for an edit), and
``content_hash`` names a definition exactly, so a process may keep the questions of the
tests it serves: a background save needs the one question it answers, and reading the
whole definition from the database for it on every save would cost more than the save.
"""

from __future__ import annotations

import threading

from sqlalchemy import select
from sqlalchemy.engine import Connection

from app.models import Test
from app.services.attempt_layout import Question, questions_by_id

# A process serves a handful of tests at a time; forgetting them all now and then is fine.
MAX_DEFINITIONS = 64

_questions: dict[str, dict[str, Question]] = {}
_lock = threading.Lock()
_DEFINITION = select(Test.__table__.c.definition)


def questions_of(connection: Connection, test_id: int, content_hash: str) -> dict[str, Question]:
    """The questions (pools included) of the test version ``test_id``, whose definition
    has ``content_hash``: from memory, or read once from the database."""
    found = _questions.get(content_hash)
    if found is None:
        definition = connection.execute(
            _DEFINITION.where(Test.__table__.c.id == test_id)).scalar_one()
        found = questions_by_id(definition)
        with _lock:
            if len(_questions) >= MAX_DEFINITIONS:
                _questions.clear()
            _questions[content_hash] = found
    return found
