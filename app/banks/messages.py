"""Pydantic's validation errors as problems a test author understands, at line:column.

An error's ``loc`` is a path through the *models*: it contains union tags (the question
type, "pool") that are not keys of the data. ``_locate`` walks the loc alongside the
model classes to drop those tags and to know which model a key belongs to, which is
what "unknown key 'corect'; did you mean 'correct'?" needs.
"""

from __future__ import annotations

import difflib
import types
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Annotated, Any, Union, get_args, get_origin

from pydantic import BaseModel
from pydantic_core import ErrorDetails

from app.banks.common import (
    NOT_BLANK_PATTERN,
    OPTION_ID_PATTERN,
    SLUG_PATTERN,
    number_text,
)
from app.banks.format import Bank, Pool, PoolItem, Section
from app.banks.problems import Problem
from app.banks.questions import BANK_MODELS
from app.banks.source import Source
from app.questions import by_model

_UNION = object()  # a position where a union tag comes next in the loc
_TAGS: dict[str, type[BaseModel]] = {"pool": PoolItem, **BANK_MODELS}
_ABSENT = object()


@dataclass(frozen=True)
class _Entries:
    """A mapping of models keyed by text (cloze blanks): a key comes next in the loc."""

    model: Any


@dataclass(frozen=True)
class _Located:
    path: tuple[str | int, ...]  # the loc without union tags: a path into the data
    owner: Any  # the model class the last key belongs to (None when unknown)
    owner_data: Any  # the data of that mapping


def _inner_model(annotation: Any) -> Any:
    """The model a field holds (through list, Optional, Annotated), _UNION, or None."""
    origin = get_origin(annotation)
    if origin is Annotated or origin is list:
        return _inner_model(get_args(annotation)[0])
    if origin is dict:
        inner = _inner_model(get_args(annotation)[1])
        return None if inner is None else _Entries(inner)
    if origin is Union or origin is types.UnionType:
        found = {_inner_model(arg) for arg in get_args(annotation) if arg is not type(None)}
        found.discard(None)
        return found.pop() if len(found) == 1 else (_UNION if found else None)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    return None


def _locate(loc: Sequence[str | int], data: Any) -> _Located:
    model: Any = Bank
    node: Any = data
    path: list[str | int] = []
    owner, owner_data = None, None
    for step in loc:
        if isinstance(step, int):
            path.append(step)
            node = node[step] if isinstance(node, list) and 0 <= step < len(node) else _ABSENT
            continue
        if model is _UNION:
            model = _TAGS.get(step)
            continue
        if isinstance(model, _Entries):
            path.append(step)
            node = node.get(step, _ABSENT) if isinstance(node, dict) else _ABSENT
            model = model.model
            continue
        owner, owner_data = model, node
        path.append(step)
        node = node.get(step, _ABSENT) if isinstance(node, dict) else _ABSENT
        fields = model.model_fields if _is_model(model) else {}
        model = _inner_model(fields[step].annotation) if step in fields else None
    return _Located(tuple(path), owner, owner_data)


def _is_model(value: Any) -> bool:
    return isinstance(value, type) and issubclass(value, BaseModel)


def problems_from_errors(errors: Sequence[ErrorDetails], source: Source) -> list[Problem]:
    """One problem per error, positioned in ``source``."""
    problems = []
    for error in errors:
        located = _locate(error["loc"], source.data)
        path, at_key = located.path, False
        kind = error["type"]
        if kind == "missing":
            path = path[:-1]  # point at the mapping that lacks the key
        elif kind == "extra_forbidden":
            at_key = True
        elif kind == "union_tag_invalid":
            path = (*path, "type")
        elif kind == "bank":
            path = (*path, *error.get("ctx", {}).get("at", ()))
        line, col = source.position(path, at_key=at_key)
        problems.append(Problem(source.file, line, col, _message(error, located)))
    return problems


def _message(error: ErrorDetails, located: _Located) -> str:
    kind, ctx, value = error["type"], error.get("ctx", {}), error.get("input")
    path = located.path
    subject = _subject(path)
    if kind == "bank":
        return str(ctx["message"])
    if kind == "missing":
        return f"missing required key '{path[-1]}'{_in_owner(located)}"
    if kind == "extra_forbidden":
        return _unknown_key(str(path[-1]), located)
    if kind in ("union_tag_not_found", "union_tag_invalid"):
        return _question_type(kind, value, ctx, path)
    if kind == "string_type":
        quotable = isinstance(value, (bool, int, float))
        hint = f'; put it in quotes: "{_plain(value)}"' if quotable else ""
        return f"{subject} must be text, not {_describe(value)}{hint}"
    if kind == "bool_type":
        return f"{subject} must be true or false, not {_describe(value)}"
    if kind in ("float_type", "float_parsing"):
        return f"{subject} must be a number, not {_describe(value)}"
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return f"{subject} must be a whole number, not {_describe(value)}"
    if kind == "finite_number":
        return f"{subject} must be a finite number"
    if kind in ("greater_than", "greater_than_equal", "less_than", "less_than_equal"):
        return _bound(kind, subject, value, ctx)
    if kind == "literal_error":
        return _literal(subject, path, value, ctx)
    if kind == "list_type":
        return f"{subject} must be a list (lines starting with '- '), not {_describe(value)}"
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return f"{subject} must be a mapping (key: value lines), not {_describe(value)}"
    if kind == "too_short":
        return _too_short(subject, path, ctx, located)
    if kind == "string_too_long":
        return f"{subject} is too long: at most {ctx['max_length']} characters"
    if kind == "string_pattern_mismatch":
        return _pattern(subject, value, ctx.get("pattern"))
    return f"{subject}: {error['msg']}"


def _subject(path: tuple[str | int, ...]) -> str:
    if not path:
        return "the bank"
    last = path[-1]
    if isinstance(last, int):
        keys = [step for step in path if isinstance(step, str)]
        return f"entry {last + 1} of '{keys[-1]}'" if keys else f"entry {last + 1}"
    return f"'{last}'"


def _describe(value: Any) -> str:
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return f"the number {value}"
    if isinstance(value, float):
        return f"the number {value!r}"  # 2.0, not 2: it explains "must be a whole number"
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return f"the text {shown!r}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


def _plain(value: bool | int | float) -> str:
    return ("true" if value else "false") if isinstance(value, bool) else number_text(value)


def _owner_name(owner: Any, data: Any) -> str | None:
    name = {Bank: "the test", Section: "section", Pool: "pool"}.get(owner)
    if name is None and isinstance(owner, type) and owner in BANK_MODELS.values():
        name = "question"
    if name is None:
        return None
    ident = data.get("id") if isinstance(data, dict) else None
    return f"{name} '{ident}'" if isinstance(ident, str) and owner is not Bank else name


def _in_owner(located: _Located) -> str:
    name = _owner_name(located.owner, located.owner_data)
    return f" in {name}" if name else ""


def _unknown_key(key: str, located: _Located) -> str:
    owner = located.owner
    allowed = list(owner.model_fields) if _is_model(owner) else []
    message = f"unknown key '{key}'"
    if owner in BANK_MODELS.values():
        kind = owner.model_fields["type"].annotation.__args__[0]
        others = [name for name, model in BANK_MODELS.items() if key in model.model_fields]
        if others:
            return (f"{message}: {kind} questions have no '{key}' "
                    f"(it belongs to {', '.join(others)})")
    close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
    if close:
        return f"{message}; did you mean '{close[0]}'?"
    return f"{message}; the keys allowed here are {', '.join(allowed)}" if allowed else message


def _question_type(kind: str, value: Any, ctx: dict[str, Any], path: tuple[str | int, ...]) -> str:
    names = ", ".join(BANK_MODELS)
    if kind == "union_tag_not_found":
        if not isinstance(value, dict):
            return (f"{_subject(path)} must be a question (a mapping with 'id', 'type' and "
                    f"'prompt') or a pool, not {_describe(value)}")
        return f"this question has no 'type'; add one of: {names}"
    tag = str(ctx.get("tag"))
    if tag == "pool":
        return "a pool cannot hold another pool"
    close = difflib.get_close_matches(tag, list(BANK_MODELS), n=1, cutoff=0.6)
    if close:
        return f"unknown question type '{tag}'; did you mean '{close[0]}'?"
    return f"unknown question type '{tag}'; use one of: {names}"


def _bound(kind: str, subject: str, value: Any, ctx: dict[str, Any]) -> str:
    words = {"greater_than": ("more than", "gt"), "greater_than_equal": ("at least", "ge"),
             "less_than": ("less than", "lt"), "less_than_equal": ("at most", "le")}
    word, key = words[kind]
    limit = ctx[key]
    shown = number_text(value) if isinstance(value, (int, float)) else repr(value)
    if subject == "'pass_mark'":
        return f"'pass_mark' must be a percent from 0 to 100, not {shown}"
    return f"{subject} must be {word} {number_text(limit)}, not {shown}"


def _literal(subject: str, path: tuple[str | int, ...], value: Any, ctx: dict[str, Any]) -> str:
    listed = str(ctx.get("expected", "")).replace(" or ", ", ").split(",")
    expected = [part.strip().strip("'") for part in listed]
    expected = [choice for choice in expected if choice]
    given = value if isinstance(value, str) else _describe(value)
    if path and path[-1] == "language":
        message = f"unknown language {given!r}; use one of: {', '.join(expected)}"
    else:
        message = f"{subject} must be one of: {', '.join(expected)}; not {given!r}"
    close = difflib.get_close_matches(str(value), expected, n=1, cutoff=0.6)
    return f"{message} (did you mean '{close[0]}'?)" if close and close[0] != value else message


def _too_short(subject: str, path: tuple[str | int, ...], ctx: dict[str, Any],
               located: _Located) -> str:
    minimum = ctx.get("min_length", 1)
    field = path[-1] if path else ""
    owner = _owner_name(located.owner, located.owner_data) or "this"
    if field == "questions" and minimum == 1:
        return f"{owner} has no questions; add at least one"
    if field == "sections":
        return "the test has no sections; add at least one"
    question_type = by_model(located.owner)
    for key, message in question_type.too_short if question_type is not None else ():
        if key == field:
            return message.format(minimum=minimum)
    return f"{subject} needs at least {minimum} entr{'y' if minimum == 1 else 'ies'}"


def _pattern(subject: str, value: Any, pattern: Any) -> str:
    if pattern == NOT_BLANK_PATTERN:
        return f"{subject} must not be blank"
    if pattern == SLUG_PATTERN:
        return (f"{value!r} is not a valid id: use 3 to 100 lowercase letters, digits and "
                "hyphens, starting and ending with a letter or digit")
    if pattern == OPTION_ID_PATTERN:
        return (f"{value!r} is not a valid option id: use 1 to 40 lowercase letters, digits "
                "and hyphens, starting and ending with a letter or digit")
    return f"{subject} {value!r} does not match {pattern}"
