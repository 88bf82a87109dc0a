"""Cursor pagination for the public API's lists: ``limit``, an opaque ``cursor``, and the
next page's full URL in ``next``.

A cursor is the position after the last row of a page (keyset pagination, so a page never
skips or repeats a row when others are added meanwhile), as URL-safe base64 JSON. It is
not signed: it only says where to continue, and the query still applies the caller's
company.
"""

from __future__ import annotations

import base64
import binascii
import json
from typing import Any
from urllib.parse import urlencode

from flask import current_app, request

from app.api.problems import Problem


def encode_cursor(position: dict[str, Any]) -> str:
    raw = json.dumps(position, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str | None, keys: tuple[str, ...]) -> dict[str, Any] | None:
    """The position ``cursor`` holds, or None for the first page. Raises Problem(400)
    for a cursor this API did not make."""
    if cursor is None:
        return None
    try:
        data = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
    except (binascii.Error, ValueError):
        data = None
    if not isinstance(data, dict) or set(data) != set(keys):
        raise Problem(400, "cursor: is not a cursor from this list's next link.",
                      extra={"errors": [{"field": "cursor", "problem": "is not valid"}]})
    return data


def next_url(cursor: str) -> str:
    """This request's URL with ``cursor`` replaced, absolute under BASE_URL."""
    params = [(name, value) for name, value in request.args.items(multi=True)
              if name != "cursor"]
    params.append(("cursor", cursor))
    return f"{current_app.config['BASE_URL']}{request.path}?{urlencode(params)}"
