"""Graders for typed answers: numeric and short_text.

Both read free text, so both are lenient about how it was typed and strict about what it
means. ``parse_number`` is public so the candidate pages can show how a typed number will
be read.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Callable

from app.scoring.base import Credit, Grader, Question, clamp

# Longer "numbers" are not numbers; the cap also bounds the work one answer can cause.
MAX_NUMBER_LENGTH = 100
# Range ends computed as value ± tolerance carry binary rounding (0.06 + 0.01 is
# 0.06999999999999999), so each end is widened by this fraction of itself.
RANGE_SLACK = 1e-9

# Dropped from typed numbers: every Unicode space (no-break and thin spaces group digits
# too), zero-width spaces and underscores. The Unicode minus sign (U+2212) becomes "-".
_NUMBER_CLEANUP: dict[int, int | None] = {cp: None for cp in range(0x3001) if chr(cp).isspace()}
_NUMBER_CLEANUP.update({ord("_"): None, 0x200B: None, 0xFEFF: None, 0x2212: ord("-")})
# float() given only these characters accepts exactly: optional sign, digits with an
# optional point, optional exponent ("1e3", "-2", ".5", "5."). No "nan", "inf", "1_0".
_PLAIN_NUMBER_CHARS = "0123456789.+-eE"


def parse_number(text: str, unit: str | None = None) -> float | None:
    """Read a typed number, or None when the text is not one.

    Spaces of any kind (so "1 000" with a plain, no-break or thin space), underscores
    and zero-width spaces are ignored; "−" (U+2212, the Unicode minus) is a minus.
    One comma with no dot is a decimal separator ("1,41" is 1.41, as Ukrainian and
    Russian candidates type it); more than one comma, or a comma and a dot together,
    are ambiguous and rejected. Then the text must be a plain decimal: optional sign,
    digits 0-9 with an optional decimal point, optional exponent ("1e3", "-2", "+2",
    ".5", "5."). ``unit``, when given, may be typed before or after the number in any
    case ("250 ms", "$5"). "nan", "inf", values that overflow to infinity and texts
    over MAX_NUMBER_LENGTH characters are not numbers.
    """
    if len(text) > MAX_NUMBER_LENGTH:
        return None
    value = _plain_number(text)  # the usual case, typed plainly: no cleanup needed
    if value is not None:
        return value
    cleaned = text.translate(_NUMBER_CLEANUP)
    if unit:
        cleaned = _strip_unit(cleaned, unit.translate(_NUMBER_CLEANUP).casefold())
    if "," in cleaned:
        if "." in cleaned or cleaned.count(",") != 1:
            return None
        cleaned = cleaned.replace(",", ".")
    return _plain_number(cleaned)


def _plain_number(text: str) -> float | None:
    if not text or text.lstrip(_PLAIN_NUMBER_CHARS):
        return None  # empty, or a character float() must not see
    try:
        value = float(text)
    except ValueError:  # "e3", "1.2.3", "+-2", "."
        return None
    return value if math.isfinite(value) else None


def _strip_unit(text: str, unit: str) -> str:
    size = len(unit)
    if size and len(text) > size:
        if text[-size:].casefold() == unit:
            return text[:-size]
        if text[:size].casefold() == unit:
            return text[size:]
    return text


class NumericGrader(Grader):
    """numeric: the typed text is read with ``parse_number`` (the question's ``unit`` allowed).

    Each entry of ``answers`` is a closed range ``min <= value <= max`` (an exact value
    has min == max) with a ``weight`` percent; the best weight among the ranges that
    contain the value is the credit, kept within 0..100%. No range matching earns 0.
    Each end is widened by one part in a billion of itself, so that a range written as
    "0.06 ± 0.01" contains a typed "0.07" despite binary rounding.
    Text that is not a number earns 0 and is "incorrect", not "unanswered". A JSON
    number (not a boolean) is accepted as the value itself.
    """

    type = "numeric"

    def compile(self, question: Question) -> Credit:
        unit = question.get("unit")
        # Best weight first, so the first range that contains the value decides.
        ranges = sorted(
            ((_widen(a["min"], -1.0), _widen(a["max"], 1.0), clamp(a["weight"] / 100.0, 0.0, 1.0))
             for a in question["answers"]),
            key=lambda entry: entry[2],
            reverse=True,
        )

        def credit(answer: object) -> float:
            if isinstance(answer, str):
                value = parse_number(answer, unit)
                if value is None:
                    return 0.0
            elif isinstance(answer, float):
                value = answer
            elif isinstance(answer, int) and not isinstance(answer, bool):
                try:
                    value = float(answer)
                except OverflowError:  # a JSON integer beyond any float
                    return 0.0
            else:
                return 0.0
            for low, high, earned in ranges:
                if low <= value <= high:  # false for NaN, so NaN earns 0
                    return earned
            return 0.0

        return credit


def _widen(end: float, direction: float) -> float:
    end = float(end)
    return end + direction * abs(end) * RANGE_SLACK


_WHITESPACE_RULES: dict[str, Callable[[str], str]] = {
    "normalize": lambda text: " ".join(text.split()),  # trim, and runs become one space
    "ignore": lambda text: "".join(text.split()),
    "exact": lambda text: text,
}


class ShortTextGrader(Grader):
    """short_text: the typed text against ``answers``, best ``weight`` wins (kept in 0..100%).

    The text is first cut to its first ``max_length`` characters, put in Unicode NFC
    form, then shaped by the ``whitespace`` rule: ``normalize`` trims it and turns each
    run of whitespace into one space, ``ignore`` removes all whitespace, ``exact`` keeps
    it as typed.

    - ``exact`` answers: the author's value gets the same NFC and whitespace rule, then
      both sides are compared casefolded ("Straße" equals "STRASSE") unless
      ``case_sensitive``.
    - ``regex`` answers: ``re.fullmatch`` of the author's pattern (NFC too) against the
      shaped text, not casefolded; unless ``case_sensitive`` the pattern is compiled
      with ``re.IGNORECASE``. Patterns are compiled once, when the test is compiled.

    Text that matches no answer earns 0; a non-string answer earns 0.
    """

    type = "short_text"

    def compile(self, question: Question) -> Credit:
        case_sensitive = bool(question["case_sensitive"])
        rule = question["whitespace"]
        if rule not in _WHITESPACE_RULES:
            raise ValueError(f"question {question['id']!r}: unknown whitespace rule {rule!r}")
        shape = _WHITESPACE_RULES[rule]
        max_length = question["max_length"]
        flags = 0 if case_sensitive else re.IGNORECASE

        exact: dict[str, float] = {}
        patterns: list[tuple[re.Pattern[str], float]] = []
        for answer in question["answers"]:
            earned = clamp(answer["weight"] / 100.0, 0.0, 1.0)
            value = unicodedata.normalize("NFC", answer["value"])
            if answer["match"] == "exact":
                key = shape(value)
                key = key if case_sensitive else key.casefold()
                exact[key] = max(earned, exact.get(key, 0.0))
            elif answer["match"] == "regex":
                try:
                    patterns.append((re.compile(value, flags), earned))
                except re.error as error:
                    raise ValueError(
                        f"question {question['id']!r}: bad regex {value!r}: {error}") from None
            else:
                raise ValueError(f"question {question['id']!r}: unknown match {answer['match']!r}")
        patterns.sort(key=lambda entry: entry[1], reverse=True)

        def credit(answer: object) -> float:
            if not isinstance(answer, str):
                return 0.0
            if max_length:
                answer = answer[:max_length]
            # ASCII text is already in NFC; the check is far cheaper than normalize().
            text = shape(answer if answer.isascii() else unicodedata.normalize("NFC", answer))
            best = exact.get(text if case_sensitive else text.casefold(), 0.0)
            for pattern, earned in patterns:
                if earned <= best:
                    break  # sorted: no later pattern can do better
                if pattern.fullmatch(text) is not None:
                    return earned
            return best

        return credit
