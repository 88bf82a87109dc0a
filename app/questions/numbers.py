"""Reading a number the candidate typed: lenient about how it was typed, strict about
what it means. Numeric questions grade with it, and cloze blanks that take a number."""

from __future__ import annotations

import math

# Longer "numbers" are not numbers; the cap also bounds the work one answer can cause.
MAX_NUMBER_LENGTH = 100

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
