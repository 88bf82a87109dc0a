"""strict_loads: JSON from outside within limits, each refusal naming where it is."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.security.json_input import MAX_DEPTH, JSONInputError, strict_loads
from app.security.text import printable, text_problem


def refusal(data: str | bytes) -> JSONInputError:
    with pytest.raises(JSONInputError) as caught:
        strict_loads(data)
    return caught.value


def test_it_reads_ordinary_json() -> None:
    assert strict_loads(b'{"a": [1, 2.5, "x", null, true]}') == {"a": [1, 2.5, "x", None, True]}


def test_it_refuses_nesting_thousands_deep_without_recursing() -> None:
    assert "nests deeper" in refusal("[" * 100_000 + "]" * 100_000).problem


def test_it_refuses_nesting_just_past_the_limit() -> None:
    assert "nests deeper" in refusal("[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1)).problem
    strict_loads("[" * MAX_DEPTH + "]" * MAX_DEPTH)


def test_it_refuses_integers_of_thousands_of_digits() -> None:
    assert "longer than" in refusal('{"n": ' + "9" * 5000 + "}").problem


def test_it_refuses_numbers_too_large_for_a_float() -> None:
    assert "too large" in refusal('{"n": 1e999}').problem


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity"])
def test_it_refuses_nan_and_infinity(constant: str) -> None:
    assert constant in refusal(f'{{"n": {constant}}}').problem


def test_it_names_the_field_holding_a_lone_surrogate() -> None:
    error = refusal('{"candidate": {"first_name": "x\\ud800y"}}')
    assert error.field == "candidate.first_name"
    assert "surrogate" in error.problem


def test_it_names_the_list_item_holding_a_nul() -> None:
    error = refusal('{"answer": ["a", "b\\u0000"]}')
    assert error.field == "answer[1]"
    assert "NUL" in error.problem


def test_it_refuses_a_property_name_that_cannot_be_stored() -> None:
    assert "property name" in refusal('{"x\\udc00": 1}').problem


def test_it_refuses_bytes_that_are_not_utf8() -> None:
    assert refusal(b'{"a": "\xff"}').problem == "is not UTF-8 text"


def test_it_says_where_the_syntax_breaks() -> None:
    assert "line 1, column" in refusal('{"a": }').problem


def test_a_valid_surrogate_pair_is_one_character_and_welcome() -> None:
    assert strict_loads('"\\ud83d\\ude00"') == "\U0001F600"


def _unstorable(value: object) -> bool:
    if isinstance(value, str):
        return text_problem(value) is not None
    if isinstance(value, dict):
        return any(_unstorable(k) or _unstorable(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_unstorable(item) for item in value)
    return False


@given(st.recursive(st.none() | st.booleans() | st.integers(-2**63, 2**63) | st.text(),
                    lambda inner: st.lists(inner, max_size=4)
                    | st.dictionaries(st.text(), inner, max_size=4), max_leaves=20))
def test_a_document_is_refused_exactly_when_it_holds_unstorable_text(value: object) -> None:
    document = json.dumps(value)
    if _unstorable(value):
        with pytest.raises(JSONInputError):
            strict_loads(document)
    else:
        assert strict_loads(document) == value


def test_printable_repairs_what_cannot_be_encoded() -> None:
    assert printable("a\x00b\ud800c").encode("utf-8") == "a\ufffdb\ufffdc".encode()
    assert printable("plain") == "plain"
