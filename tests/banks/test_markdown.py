"""Markdown rendering: safe whatever the author writes, code highlighted with classes only."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from pygments.formatters import HtmlFormatter

from app.banks.markdown import (
    ALIGNMENTS,
    PYGMENTS_STYLE,
    code_css,
    render_inline,
    render_markdown,
)


def test_it_renders_commonmark_with_tables_and_strikethrough() -> None:
    html = render_markdown("**bold** ~~gone~~\n\n| a | b |\n|---|--:|\n| 1 | 2 |\n")
    assert "<p><strong>bold</strong> <s>gone</s></p>" in html
    assert '<th>a</th>\n<th class="text-right">b</th>' in html


def test_a_table_scrolls_sideways_in_a_box_the_keyboard_reaches() -> None:
    html = render_markdown("| a | b | c |\n|:--|:-:|--:|\n| 1 | 2 | 3 |\n\nAfter.")
    assert html.startswith('<div class="table-scroll" tabindex="0"><table>\n')
    assert "</table>\n</div>\n<p>After.</p>" in html
    assert ('<td class="text-left">1</td>\n<td class="text-center">2</td>\n'
            '<td class="text-right">3</td>') in html


@pytest.mark.parametrize("stylesheet", ["assay.css", "results.css"])
def test_every_alignment_class_is_styled_on_the_pages_that_show_markdown(
        project_root, stylesheet: str) -> None:
    css = (project_root / "static" / "css" / stylesheet).read_text()
    for alignment in ALIGNMENTS:
        assert f".table-scroll .{alignment} {{ text-align: {alignment[5:]};" in css


class _Elements(HTMLParser):
    """Every element and attribute of some HTML, as a browser would see them."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, dict(attrs)))


ATTACKS = [
    "Hi <script>alert(1)</script>",
    "<script>\nalert(2)\n</script>\n",
    '<img src="x" onerror="alert(1)">',
    '<a href="https://e.test" onclick="alert(1)">x</a>',
    "<svg onload=alert(1)>",
    '<iframe src="https://evil.test"></iframe>',
    "[click](javascript:alert(1))",
    "<javascript:alert(2)>",
    "[data](data:text/html;base64,PHNjcmlwdD4=)",
    '![img](javascript:alert(3) "t")',
    "[x](JaVaScRiPt:alert(4))",
    '[x](https://e.test "a\" onmouseover=\"alert(5)")',
]


@pytest.mark.parametrize("text", ATTACKS)
def test_it_lets_no_script_handler_or_javascript_url_through(text: str) -> None:
    for html in (render_markdown(text), render_inline(text)):
        for tag, attrs in _Elements(html).elements:
            assert tag not in {"script", "svg", "iframe", "style"}
            assert not [name for name in attrs if name.startswith("on")]
            for name in ("href", "src"):
                assert not (attrs.get(name) or "").lower().startswith(("javascript:", "data:"))


def test_it_shows_raw_html_as_text() -> None:
    assert render_inline("Hi <script>alert(1)</script>") == (
        "Hi &lt;script&gt;alert(1)&lt;/script&gt;")


def test_it_keeps_images_with_web_urls() -> None:
    html = render_markdown('![a](https://e.test/a.png "t")')
    assert '<img src="https://e.test/a.png" alt="a" title="t">' in html


def test_it_opens_links_elsewhere_without_referrer() -> None:
    assert render_inline("[docs](https://docs.python.org/3/)") == (
        '<a href="https://docs.python.org/3/" target="_blank" '
        'rel="noopener noreferrer nofollow">docs</a>')


def test_it_highlights_fenced_code_with_classes_and_no_inline_style() -> None:
    html = render_markdown('```python\ndef f():\n    return "<b>"\n```\n')
    assert html.startswith('<pre class="highlight"><code class="language-python">'
                           '<span class="k">def</span>')
    assert '<span class="s2">"&lt;b&gt;"</span>' in html
    assert "style=" not in html


def test_it_escapes_code_in_languages_it_does_not_know() -> None:
    assert render_markdown("```klingon\n<b>qapla'</b>\n```\n") == (
        '<pre><code class="language-klingon">&lt;b&gt;qapla\'&lt;/b&gt;\n</code></pre>\n')


def test_it_renders_one_line_without_a_paragraph() -> None:
    assert render_inline("`len()` is **fast** <em>x</em>") == (
        "<code>len()</code> is <strong>fast</strong> &lt;em&gt;x&lt;/em&gt;")


def test_it_caches_renderings() -> None:
    assert render_markdown("Cached *text*") is render_markdown("Cached *text*")


def test_it_returns_markup_that_templates_do_not_escape_again() -> None:
    assert render_inline("a < b").__html__() == "a &lt; b"


def test_the_committed_code_css_matches_pygments(project_root) -> None:  # type: ignore[no-untyped-def]
    committed = (project_root / "static" / "css" / "code.css").read_text(encoding="utf-8")
    assert committed == code_css(), "regenerate it: assay banks code-css > static/css/code.css"
    # Every rule of Pygments' style is there, without the comment naming its token.
    for rule in HtmlFormatter(style=PYGMENTS_STYLE).get_style_defs(".highlight").splitlines():
        assert rule.split(" /* ")[0] in committed.splitlines()
