"""GET /favicon.ico, and the icon every page declares: small, cacheable, allowed by the CSP."""

from __future__ import annotations

import re
from base64 import b64decode

from app.web.home import ICON_MAX_AGE


def test_it_answers_favicon_ico_with_a_small_cacheable_icon(client) -> None:
    with client.get("/favicon.ico") as response:
        assert response.status_code == 200
        assert response.mimetype == "image/vnd.microsoft.icon"
        assert response.data[:4] == b"\x00\x00\x01\x00"  # an .ico
        assert len(response.data) < 1024
        assert response.cache_control.max_age == ICON_MAX_AGE
        assert response.headers["ETag"]


def test_pages_declare_the_svg_icon_inside_the_page(client) -> None:
    page = client.get("/").get_data(as_text=True)

    declared = re.search(r'<link rel="icon" href="data:image/svg\+xml;base64,([^"]+)" '
                         r'type="image/svg\+xml">', page)
    assert declared, "no icon declared"
    with client.get("/static/img/icon.svg") as icon:
        assert b64decode(declared[1]) == icon.data
    assert len(declared[0]) < 512  # counted in every page's weight
