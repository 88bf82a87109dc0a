"""GET /favicon.ico and the icon every page links: small, cacheable, allowed by the CSP."""

from __future__ import annotations

from app.web.home import ICON_MAX_AGE


def test_it_answers_favicon_ico_with_a_small_cacheable_icon(client) -> None:
    with client.get("/favicon.ico") as response:
        assert response.status_code == 200
        assert response.mimetype == "image/vnd.microsoft.icon"
        assert response.data[:4] == b"\x00\x00\x01\x00"  # an .ico
        assert len(response.data) < 1024
        assert response.cache_control.max_age == ICON_MAX_AGE
        assert response.headers["ETag"]


def test_pages_link_the_svg_icon_from_our_static_files(client) -> None:
    page = client.get("/").get_data(as_text=True)
    assert '<link rel="icon" href="/static/img/icon.svg" type="image/svg+xml">' in page

    with client.get("/static/img/icon.svg") as icon:
        assert icon.status_code == 200
        assert icon.mimetype == "image/svg+xml"
        assert len(icon.data) < 512
