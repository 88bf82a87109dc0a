"""What every grader shares: the credit function type and the Grader base class."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, ClassVar

# answer -> fraction of the question's points earned, within -1..1
Credit = Callable[[object], float]
Question = Mapping[str, Any]


class Grader:
    """One question type, registered in ``app.scoring.graders.GRADERS`` under ``type``.

    ``compile`` reads a normalized question once and returns its credit function.
    ``manual`` graders (essays) get their points from a person; their credit function
    only gives the provisional 0 that counts until then.
    """

    type: ClassVar[str]
    manual: ClassVar[bool] = False

    def compile(self, question: Question) -> Credit:
        """Return the credit function of ``question``.

        Raises KeyError when a key of the normalized shape is missing and ValueError
        when a value is not one the type knows (e.g. an unknown ``scoring``).
        """
        raise NotImplementedError


def clamp(value: float, low: float, high: float) -> float:
    return low if value < low else high if value > high else value
