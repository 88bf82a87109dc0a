"""Pure scoring: draw an attempt's layout, grade answers by question type, score, rank.

No database, no Flask: plain functions over the dicts of docs/design/contracts.md.
"""

from app.scoring.compiled import CompiledTest, compile_test
from app.scoring.draw import draw, new_seed
from app.scoring.graders import GRADERS, Grader
from app.scoring.score import QuestionScore, ScoreResult, SectionScore, score_attempt
from app.scoring.statistics import percentile_rank

__all__ = [
    "GRADERS",
    "CompiledTest",
    "Grader",
    "QuestionScore",
    "ScoreResult",
    "SectionScore",
    "compile_test",
    "draw",
    "new_seed",
    "percentile_rank",
    "score_attempt",
]
