"""Take a test as a candidate over plain HTTP, the way a browser without JavaScript does.

The pages are read with the standard library's html.parser and driven by their forms and
field names, never by styling or wording, so the driver keeps working when the candidate
pages change their look or language:

    a form with a ``tz`` field                  the landing page's Start (or Resume)
    a form with a ``question_id`` field         a question: answer it, press its next button
    a link whose path ends in ``/finish``       a section review: go to the confirmation
    a form posting to ``.../finish``            the confirmation: finish the section
    a form posting to ``.../take/next``         a break between tests: start the next one
    none of these                               the end

Every answer is valid for its field: the first option, a position for every item, a
number where the field asks for decimals, a sentence elsewhere.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import requests

MAX_STEPS = 1000  # pages; a test of 300 questions takes about 310
ESSAY_TEXT = ("This answer was written by the Assay Greenhouse selftest, which plays a "
              "candidate to check the integration end to end. It has enough words to pass "
              "a modest minimum and says nothing else of interest.")


@dataclass
class Field:
    tag: str  # input, select, textarea, button
    name: str
    type: str = ""
    value: str = ""
    checked: bool = False
    inputmode: str = ""
    options: list[str] = field(default_factory=list)  # select: option values


@dataclass
class Form:
    action: str
    method: str
    id: str = ""
    fields: list[Field] = field(default_factory=list)

    def names(self) -> set[str]:
        return {f.name for f in self.fields if f.name}

    def buttons(self) -> list[Field]:
        return [f for f in self.fields if f.tag == "button" or f.type == "submit"]


@dataclass
class Page:
    url: str
    status: int
    forms: list[Form]
    links: list[str]


class _PageParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self.links: list[str] = []
        self._form: Form | None = None
        self._select: Field | None = None
        self._textarea: Field | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {name: value or "" for name, value in attrs}
        if tag == "a" and a.get("href"):
            self.links.append(a["href"])
        elif tag == "form":
            self._form = Form(action=a.get("action", ""), method=a.get("method", "get").lower(),
                              id=a.get("id", ""))
            self.forms.append(self._form)
        elif self._form is None:
            return
        elif tag == "input":
            self._form.fields.append(Field(
                "input", a.get("name", ""), a.get("type", "text").lower(), a.get("value", ""),
                "checked" in a, a.get("inputmode", "")))
        elif tag == "button":
            self._form.fields.append(Field(
                "button", a.get("name", ""), a.get("type", "submit").lower(), a.get("value", "")))
        elif tag == "select":
            self._select = Field("select", a.get("name", ""))
            self._form.fields.append(self._select)
        elif tag == "option" and self._select is not None:
            self._select.options.append(a.get("value", ""))
        elif tag == "textarea":
            self._textarea = Field("textarea", a.get("name", ""))
            self._form.fields.append(self._textarea)

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._textarea.value += data


def parse_page(url: str, status: int, html: str) -> Page:
    parser = _PageParser()
    parser.feed(html)
    parser.close()
    return Page(url, status, parser.forms, parser.links)


def question_answer(form: Form) -> list[tuple[str, str]]:
    """Form data answering a question page validly, whatever its type."""
    data: list[tuple[str, str]] = []
    chosen: set[str] = set()
    positions = [f for f in form.fields if f.tag == "select" and f.name.startswith("position-")]
    for number, select in enumerate(positions, start=1):
        data.append((select.name, str(number)))  # item i at position i: always a valid order
    for item in form.fields:
        if item.tag == "input" and item.type == "hidden" and item.name:
            data.append((item.name, item.value))
        elif item.tag == "input" and item.type in ("radio", "checkbox") and item.name not in chosen:
            chosen.add(item.name)  # the first option of a choice question
            data.append((item.name, item.value))
        elif item.tag == "input" and item.type in ("text", "number", "") and item.name:
            data.append((item.name, "42" if item.inputmode in ("decimal", "numeric")
                         or item.type == "number" else "Assay selftest"))
        elif item.tag == "textarea" and item.name:
            data.append((item.name, ESSAY_TEXT))
    return data


def _forward_button(form: Form) -> tuple[str, str] | None:
    """The button that moves on: 'next', else 'review' (the last question)."""
    for wanted in ("next", "review"):
        for button in form.buttons():
            if button.name and button.value == wanted:
                return button.name, button.value
    return None


def _hidden(form: Form) -> list[tuple[str, str]]:
    return [(f.name, f.value) for f in form.fields
            if f.tag == "input" and f.type == "hidden" and f.name]


def _path(url: str) -> str:
    return urlsplit(url).path.rstrip("/")


@dataclass
class DriveResult:
    questions_answered: int
    tests_started: int
    pages: int
    final_url: str


class DriverError(RuntimeError):
    """The pages did not lead through the test; the message says where it got stuck."""


def take_test(link: str, http: requests.Session | None = None,
              log: Callable[[str], None] = lambda _: None, timeout: float = 30.0) -> DriveResult:
    """Open the emailed ``link`` and take every test behind it to the end.

    Raises DriverError when a page cannot be understood or answers with an error.
    """
    http = http or requests.Session()
    response = http.get(link, timeout=timeout)
    answered = started = 0
    for step in range(MAX_STEPS):
        if response.status_code >= 400:
            raise DriverError(f"{response.request.method} {_path(response.url)} answered "
                              f"HTTP {response.status_code}")
        page = parse_page(response.url, response.status_code, response.text)
        move = _next_move(page)
        if move is None:
            log(f"finished after {step + 1} pages: {answered} questions answered")
            return DriveResult(answered, started, step + 1, response.url)
        kind, url, data = move
        if kind == "start":
            started += 1
            log(f"starting a test ({_path(url)})")
        elif kind == "answer":
            answered += 1
        if data is None:
            response = http.get(url, timeout=timeout)
        else:
            response = http.post(url, data=data, timeout=timeout)
    raise DriverError(f"still not done after {MAX_STEPS} pages (last: {_path(response.url)})")


def _next_move(page: Page) -> tuple[str, str, list[tuple[str, str]] | None] | None:
    for form in page.forms:
        action = urljoin(page.url, form.action or page.url)
        names = form.names()
        if form.method != "post":
            continue
        if "question_id" in names:
            button = _forward_button(form)
            if button is None:
                raise DriverError(
                    f"a question page at {_path(page.url)} has no next or review button")
            return "answer", action, [*question_answer(form), button]
        if "tz" in names:
            return "start", action, [*_hidden(form)]
        if _path(action).endswith("/finish") and "section" in names:
            return "finish", action, _hidden(form)
        if _path(action).endswith("/take/next"):
            return "start", action, _hidden(form)
    for href in page.links:
        url = urljoin(page.url, href)
        if _path(url).endswith("/finish") and _path(url) != _path(page.url):
            return "confirm", url, None
    return None
