"""Markdown of prompts, options and explanations as safe HTML, rendered at display time.

CommonMark plus tables and ~~strikethrough~~. Raw HTML in the text is shown as text,
never executed; the result also goes through nh3 with an allow-list, so even a bug in
the Markdown layer cannot let a script, an event handler or a ``javascript:`` link
through. Fenced code with a language is highlighted by Pygments with CSS classes only
(the site's Content-Security-Policy forbids inline styles); the classes are styled by
``static/css/code.css``, generated from :func:`code_css`.

Rendering is cached: the same prompt is shown to many candidates.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

import nh3
from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token
from markupsafe import Markup, escape
from pygments import highlight
from pygments.formatter import Formatter
from pygments.formatters import HtmlFormatter
from pygments.lexers import get_lexer_by_name
from pygments.util import ClassNotFound

CODE_CSS_CLASS = "highlight"
PYGMENTS_STYLE = "default"
CACHE_SIZE = 4096  # texts; a test has a few hundred, a busy site shows a few dozen tests

_formatter = HtmlFormatter(style=PYGMENTS_STYLE, nowrap=True)

# A table scrolls sideways in its own box on a narrow screen; the box takes the keyboard
# focus so that it can be scrolled without a mouse (static/css/assay.css styles both).
TABLE_BOX = '<div class="table-scroll" tabindex="0">'
ALIGNMENTS = {"text-left", "text-center", "text-right"}

_TAGS = {
    "p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "strong", "em", "s", "del", "code",
    "pre", "blockquote", "ul", "ol", "li", "a", "img", "table", "thead", "tbody", "tr", "th",
    "td", "span", "div",
}
_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title"},
    "ol": {"start"},
    "pre": {"class"},
    "code": {"class"},
    "span": {"class"},  # Pygments token classes
}
# Attributes allowed with these values only (a div is only ever the table's box).
_ATTRIBUTE_VALUES = {
    "div": {"class": {"table-scroll"}, "tabindex": {"0"}},
    "th": {"class": ALIGNMENTS},  # from the table's alignment row
    "td": {"class": ALIGNMENTS},
}
_cleaner = nh3.Cleaner(
    tags=_TAGS,
    clean_content_tags={"script", "style"},
    attributes=_ATTRIBUTES,
    tag_attribute_values=_ATTRIBUTE_VALUES,
    url_schemes={"http", "https", "mailto"},
    link_rel="noopener noreferrer nofollow",
    # Links open elsewhere: following one must not leave a running, timed test.
    set_tag_attribute_values={"a": {"target": "_blank"}},
)


def _highlight(code: str, language: str, attrs: str) -> str:
    """Highlighted code wrapped in <pre>, or "" to let markdown-it escape it as plain."""
    if not language:
        return ""
    try:
        lexer = get_lexer_by_name(language)
    except ClassNotFound:
        return ""
    spans = highlight(code, lexer, _formatter)
    return (f'<pre class="{CODE_CSS_CLASS}"><code class="language-{escape(language)}">'
            f"{spans}</code></pre>")


def _alignment_classes(state: StateCore) -> None:
    """Table alignment as classes: markdown-it writes it as an inline style, which the
    Content-Security-Policy would block."""
    for token in state.tokens:
        if token.type in ("th_open", "td_open"):
            style = token.attrs.pop("style", None)
            if isinstance(style, str) and style.startswith("text-align:"):
                token.attrSet("class", "text-" + style.removeprefix("text-align:"))


def _parser() -> MarkdownIt:
    options: dict[str, Any] = {"html": False, "highlight": _highlight}
    parser = MarkdownIt("commonmark", options).enable(["table", "strikethrough"])
    parser.core.ruler.push("alignment_classes", _alignment_classes)
    parser.add_render_rule("table_open", lambda *_: TABLE_BOX + "<table>\n")
    parser.add_render_rule("table_close", lambda *_: "</table>\n</div>\n")
    return parser


_markdown = _parser()


def _sanitized(html: str) -> Markup:
    """``html`` with everything but the allowed tags and attributes removed."""
    return Markup(_cleaner.clean(html))  # noqa: S704  (nh3 has just sanitized it)


@lru_cache(maxsize=CACHE_SIZE)
def render_markdown(text: str) -> Markup:
    """``text`` (Markdown) as sanitized HTML blocks, safe to put in a template."""
    return _sanitized(_markdown.render(text))


@lru_cache(maxsize=CACHE_SIZE)
def render_inline(text: str) -> Markup:
    """One line of Markdown (an option, an ordering item) as sanitized HTML, no <p>."""
    return _sanitized(_markdown.renderInline(text))


def markdown_tokens(text: str) -> list[Token]:
    """``text`` (Markdown) parsed as the functions above parse it, for a question type
    that places its own fields in a text (cloze blanks); render with render_tokens."""
    return _markdown.parse(text)


def render_tokens(tokens: Sequence[Token]) -> Markup:
    """Tokens of markdown_tokens, possibly rearranged, as sanitized HTML blocks."""
    return _sanitized(_markdown.renderer.render(tokens, _markdown.options, {}))


def code_css() -> str:
    """The stylesheet for highlighted code; static/css/code.css holds exactly this."""
    formatter: Formatter[str] = HtmlFormatter(style=PYGMENTS_STYLE)
    rules = formatter.get_style_defs(f".{CODE_CSS_CLASS}")
    # Each rule's trailing comment only names its token type (about 1.5 KB of a page that
    # must stay under 40 KB): the class names are Pygments' documented short names.
    rules = re.sub(r" /\* [\w.]+ \*/$", "", rules, flags=re.MULTILINE)
    return (f"/* Generated by 'assay banks code-css' from Pygments' {PYGMENTS_STYLE!r} style. "
            "Do not edit. */\n" + rules + "\n")
