"""Pure scoring: draw an attempt's layout, grade answers by question type, score, rank.

No database, no Flask: plain functions over the dicts of docs/design/contracts.md. Each
question type's credit function and display order come from its type in the registry
(``app.questions``); this package only puts them together.
"""

from app.scoring.compiled import CompiledTest, compile_test
from app.scoring.draw import draw, new_seed
from app.scoring.score import QuestionScore, ScoreResult, SectionScore, score_attempt
from app.scoring.statistics import percentile_rank

__all__ = [
    "CompiledTest",
    "QuestionScore",
    "ScoreResult",
    "SectionScore",
    "compile_test",
    "draw",
    "new_seed",
    "percentile_rank",
    "score_attempt",
]
