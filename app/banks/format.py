"""The author-facing bank format: the test, its sections and pools.

``Bank`` is the whole file. Validation goes through ``Bank.model_validate`` on data
from ``app.banks.source``; ``app.banks.normalize`` turns a valid ``Bank`` into the
definition of docs/design/contracts.md §1.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

from pydantic import Field, Tag

from app.banks.common import BankModel, Duration, Markdown, QuestionBase, Slug, Text
from app.banks.questions import Question, tagged_questions
from app.domain import Language


class Pool(BankModel):
    """Questions of which each candidate gets ``pick``, drawn at random."""

    id: Slug = Field(description="Unique across the test (pools and questions share ids).")
    pick: int = Field(ge=1, description="How many of the questions each candidate gets.")
    # That ``pick`` is at most the number of questions is checked on the raw data
    # (app.banks.checks), so that it is reported even when a question is invalid.
    questions: Annotated[list[Question], Field(min_length=1)]


class PoolItem(BankModel):
    """A section entry holding a pool: ``- pool: {id, pick, questions}``."""

    pool: Pool


# A pool, or a question of any registered type.
if TYPE_CHECKING:
    SectionItem = PoolItem | QuestionBase
else:
    SectionItem = tagged_questions(Annotated[PoolItem, Tag("pool")])


class Section(BankModel):
    """Questions taken together, with an optional own time limit and weight."""

    id: Slug
    title: Text = Field(description="Shown to the candidate.")
    description: Markdown | None = None
    weight: float = Field(1.0, gt=0, description="How much this section counts in the total "
                                                 "(weighted average of section percents).")
    time_limit: Duration | None = None
    shuffle: bool = Field(False, description="Shuffle the question order for each candidate.")
    questions: Annotated[list[SectionItem], Field(
        min_length=1,
        description="Questions, and pools written as '- pool: {id, pick, questions}'.")]


class Bank(BankModel):
    """A test, as an author writes it in question_banks/*.yaml."""

    id: Slug = Field(description="Stable id of the test across edits; Greenhouse's "
                                 "partner_test_id.", examples=["python-fundamentals"])
    name: Annotated[Text, Field(max_length=200)] = Field(description="The test's name.")
    description: Markdown | None = None
    language: Language = Field(description="Language of the test's text.")
    time_limit: Duration = Field(description="Time for the whole test.")
    pass_mark: float = Field(ge=0, le=100, description="Percent needed to pass, 0..100.")
    active: bool = Field(True, description="Offered to recruiters.")
    instructions: Markdown | None = Field(None, description="Shown before the test starts.")
    sections: Annotated[list[Section], Field(min_length=1)]
