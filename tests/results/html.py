"""Reading the results page in tests: the text of an element, the cells of a table."""

from __future__ import annotations

import re
from html.parser import HTMLParser

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}


class _Element:
    def __init__(self, tag: str, attrs: dict[str, str | None]) -> None:
        self.tag = tag
        self.attrs = attrs
        self.children: list[_Element | str] = []

    def text(self) -> str:
        parts = [c if isinstance(c, str) else c.text() for c in self.children]
        return "".join(parts)

    def squashed(self) -> str:
        return re.sub(r"\s+", " ", self.text()).strip()

    def find_all(self, predicate) -> list[_Element]:  # type: ignore[no-untyped-def]
        found = []
        for child in self.children:
            if isinstance(child, _Element):
                if predicate(child):
                    found.append(child)
                found.extend(child.find_all(predicate))
        return found

    def classes(self) -> list[str]:
        return (self.attrs.get("class") or "").split()


class _Builder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = _Element("#root", {})
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = _Element(tag, dict(attrs))
        self.stack[-1].children.append(element)
        if tag not in VOID:
            self.stack.append(element)

    def handle_endtag(self, tag: str) -> None:
        for index in range(len(self.stack) - 1, 0, -1):
            if self.stack[index].tag == tag:
                del self.stack[index:]
                return

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


class Page:
    def __init__(self, html: str) -> None:
        builder = _Builder()
        builder.feed(html)
        self.root = builder.root

    def by_id(self, element_id: str) -> _Element:
        found = self.root.find_all(lambda e: e.attrs.get("id") == element_id)
        assert found, f"no element #{element_id}"
        return found[0]

    def all(self, tag: str, cls: str | None = None,
            within: _Element | None = None) -> list[_Element]:
        return (within or self.root).find_all(
            lambda e: e.tag == tag and (cls is None or cls in e.classes()))

    def table_rows(self, cls: str, within: _Element | None = None) -> list[list[str]]:
        """The body rows of the first table with class ``cls``, each as its cells' text."""
        table = self.all("table", cls, within)[0]
        body = self.all("tbody", within=table)[0]
        return [[cell.squashed() for cell in row.children
                 if isinstance(cell, _Element) and cell.tag in ("th", "td")]
                for row in self.all("tr", within=body)]

    def facts(self, cls: str, within: _Element | None = None) -> dict[str, str]:
        """A definition list with class ``cls`` as {term: definition}."""
        dl = self.all("dl", cls, within)[0]
        terms = self.all("dt", within=dl)
        values = self.all("dd", within=dl)
        return {t.squashed(): v.squashed() for t, v in zip(terms, values, strict=True)}
