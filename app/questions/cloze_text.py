"""cloze's text: where the author's ``{{n}}`` markers are, and the sanitized HTML around
the fields that take their places (app.questions.cloze owns the rest of the type).

Markers in the text and in inline code become fields; in a code block, a link or an image
they are a validation error, and the renderer leaves them as written, so a marker never
puts a field in a link or in an attribute.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from markdown_it.token import Token
from markupsafe import Markup

from app.banks.common import bank_error
from app.banks.markdown import markdown_tokens, render_tokens

MAX_BLANKS = 30  # more is a form, not a question; it also bounds the page's weight
MARKER = re.compile(r"\{\{ *([1-9][0-9]{0,2}) *\}\}")
_NEAR_MISS = re.compile(r"\{\{[^{}\n]{0,20}\}\}")  # "{{x}}", "{{0}}": meant as a blank?
_SLOT = re.compile("\ue000([0-9]+)\ue001")  # a field's place in the rendered HTML
_PLACES = {"text": "text", "code_inline": "code", "image": "image"}


def marker(number: str) -> str:
    return "{{" + number + "}}"


# The text, read once: where its markers are, and its HTML around the fields

@dataclass(frozen=True)
class ClozeText:
    markers: tuple[tuple[str, str], ...]  # (number, place) in reading order; place: text,
    # code (inline), code block, link (a link's text) or image (an image's description)
    near_misses: tuple[str, ...]  # "{{x}}" in the text: not a marker, probably meant as one
    segments: tuple[tuple[Markup, str | None], ...]  # (sanitized HTML, the blank after it)

    @property
    def numbers(self) -> list[str]:
        """The numbers of the markers that become fields, in reading order."""
        return [number for number, place in self.markers if place in ("text", "code")]


@lru_cache(maxsize=1024)
def read_text(text: str) -> ClozeText:
    """Markers in the text and in inline code become private-use placeholders (first
    removed from the author's text, so only ours exist), which the sanitizer keeps as
    text and which are then cut out; any other marker, or a repeated one, stays as written."""
    tokens = markdown_tokens(text.replace("\ue000", "").replace("\ue001", ""))
    markers: list[tuple[str, str]] = []
    near: list[str] = []
    slotted: set[str] = set()
    for token in tokens:
        if token.type in ("fence", "code_block"):
            markers += [(number, "code block") for number in MARKER.findall(token.content)]
        children: list[Token] = []
        in_link = False
        for child in token.children or ():
            in_link = child.type == "link_open" or (in_link and child.type != "link_close")
            place = _PLACES.get(child.type)
            place = "link" if place and in_link else place
            found = MARKER.findall(child.content) if place else []
            markers += [(number, str(place)) for number in found]
            if place == "text":
                near += [m for m in _NEAR_MISS.findall(child.content) if not MARKER.fullmatch(m)]
            if not found or place not in ("text", "code"):
                children.append(child)
                continue
            for index, piece in enumerate(MARKER.split(child.content)):  # text, number, ...
                if index % 2:
                    content = marker(piece) if piece in slotted else f"\ue000{piece}\ue001"
                    slotted.add(piece)
                    children.append(Token("text", "", 0, content=content))
                elif piece:
                    children.append(Token(child.type, child.tag, 0, content=piece,
                                          markup=child.markup))
        if token.children is not None:
            token.children = children
    # The even parts are pieces of render_tokens' sanitized HTML, cut at the slots.
    parts = _SLOT.split(render_tokens(tokens))
    return ClozeText(tuple(markers), tuple(near), tuple(
        (Markup(parts[i]), parts[i + 1] if i + 1 < len(parts) else None)  # noqa: S704  (see above)
        for i in range(0, len(parts), 2)))


def check_text(text: str) -> None:
    """Raises bank_error for a marker that cannot be a field, or for no marker at all."""
    read = read_text(text)
    misplaced = {"code block": "a code block, which shows text exactly as written; put the "
                               "blank in inline code (`x = {{1}}`) or in the text",
                 "link": "a link's text, and a field cannot be part of a link",
                 "image": "an image's description"}
    for number, place in read.markers:
        if place in misplaced:
            raise bank_error(f"{marker(number)}{_line(text, number)} is in {misplaced[place]}")
    written, read_as = Counter(MARKER.findall(text)), Counter(n for n, _ in read.markers)
    hidden = next((number for number in written if written[number] > read_as[number]), None)
    if hidden is not None:
        raise bank_error(f"{marker(hidden)}{_line(text, hidden)} is in a link's or an "
                         "image's address or title; a blank belongs in the text")
    if read.near_misses:
        raise bank_error(f"{read.near_misses[0]!r} is not a blank: blanks are numbered from 1 "
                         "to 999, {{1}}, {{2}}, ... (to show braces, put them in inline code)")
    numbers = read.numbers
    if not numbers:
        raise bank_error("the text has no blanks; mark each with its number: {{1}}, {{2}}, ...")
    repeated = next((n for i, n in enumerate(numbers) if n in numbers[:i]), None)
    if repeated is not None:
        raise bank_error(f"{marker(repeated)} appears twice; each blank appears once in the "
                         "text (give the other one its own number)")
    if len(numbers) > MAX_BLANKS:
        raise bank_error(f"the text has {len(numbers)} blanks; at most {MAX_BLANKS} are allowed")


def _line(text: str, number: str) -> str:
    """" (line 3 of the text)" where the marker first is, in a text of several lines."""
    match = re.search(r"\{\{ *" + number + r" *\}\}", text)
    if match is None or "\n" not in text.strip():
        return ""
    return f" (line {text.count(chr(10), 0, match.start()) + 1} of the text)"
