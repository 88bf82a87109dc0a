"""libyaml's nodes, resolved by the YAML 1.2 core schema, and turned into Python data.

We compose with libyaml (``CParser``) and build the data ourselves instead of using
PyYAML's constructor, so that duplicate keys, unknown tags and odd keys become problems
rather than silent surprises. Scalars follow the YAML 1.2 core schema, which is what
editors assume: ``yes``/``no``/``on``/``off`` stay text and ``1:30`` is not a number.
"""

from __future__ import annotations

import math
import re
from typing import Any, NamedTuple

from yaml._yaml import CParser  # libyaml, as yaml.cyaml imports it
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.resolver import BaseResolver

from app.banks.problems import Problem

STR = "tag:yaml.org,2002:str"
INT = "tag:yaml.org,2002:int"
FLOAT = "tag:yaml.org,2002:float"
BOOL = "tag:yaml.org,2002:bool"
NULL = "tag:yaml.org,2002:null"
SEQ = "tag:yaml.org,2002:seq"
MAP = "tag:yaml.org,2002:map"
MERGE = "tag:yaml.org,2002:merge"

# Aliases can make a small file expand into an enormous structure ("billion laughs").
MAX_EXPANDED_NODES = 2_000_000

_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
_BOOLS = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT = re.compile(r"[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+")
_FLOAT = re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?")
_SPECIAL_FLOATS = {".inf": math.inf, ".Inf": math.inf, ".INF": math.inf,
                   "+.inf": math.inf, "+.Inf": math.inf, "+.INF": math.inf,
                   "-.inf": -math.inf, "-.Inf": -math.inf, "-.INF": -math.inf,
                   ".nan": math.nan, ".NaN": math.nan, ".NAN": math.nan}
_MAYBE_NOT_TEXT = frozenset("0123456789+-.~nNtTfF<")


def _plain_scalar_tag(value: str) -> str:
    """The YAML 1.2 core schema tag of an unquoted scalar (plus ``<<`` merge keys)."""
    if not value or value in _NULLS:
        return NULL
    if value[0] not in _MAYBE_NOT_TEXT:
        return STR  # the fast path: most scalars are prose
    if value in _BOOLS:
        return BOOL
    if _INT.fullmatch(value):
        return INT
    if _FLOAT.fullmatch(value) or value in _SPECIAL_FLOATS:
        return FLOAT
    if value == "<<":
        return MERGE
    return STR


class Composer(CParser, BaseResolver):
    """libyaml's parser and composer with our resolver (called from C for every node)."""

    def __init__(self, text: str) -> None:
        CParser.__init__(self, text)
        BaseResolver.__init__(self)

    def resolve(self, kind: type, value: Any, implicit: tuple[bool, bool]) -> str:
        if kind is ScalarNode:
            if not implicit[0] or (value and value[0] not in _MAYBE_NOT_TEXT):
                return STR  # quoted, or prose: most scalars, so decided without a call
            return _plain_scalar_tag(value)
        return SEQ if kind is SequenceNode else MAP

    # We use no path resolvers; these are called twice per node, so keep them empty.
    def descend_resolver(self, current_node: Any, current_index: Any) -> None:
        pass

    def ascend_resolver(self) -> None:
        pass


class Position(NamedTuple):
    line: int  # 1-based
    col: int  # 1-based


def position_of(node: Node) -> Position:
    return Position(node.start_mark.line + 1, node.start_mark.column + 1)


class TooLarge(Exception):
    """The data expands beyond MAX_EXPANDED_NODES through aliases."""


class Builder:
    """Turns composed nodes into Python data, collecting problems along the way."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.problems: list[Problem] = []
        self._built: dict[int, tuple[Any, int]] = {}  # id(node) -> (data, expanded size)
        self._count = 0

    def build(self, node: Node) -> Any:
        if node.__class__ is ScalarNode:
            return self._scalar(node)
        self._count += 1
        built = self._built.get(id(node))
        if built is not None:  # an alias: share the data, but count what it expands to
            self._count += built[1]
            if self._count > MAX_EXPANDED_NODES:
                raise TooLarge
            return built[0]
        start = self._count
        if node.__class__ is SequenceNode:
            if node.tag != SEQ:
                self._problem(node, f"unsupported YAML tag {node.tag!r}")
            data: Any = [self.build(item) for item in node.value]
        else:
            assert isinstance(node, MappingNode)  # libyaml composes only these three kinds
            data = self._mapping(node)
        self._built[id(node)] = (data, self._count - start)
        return data

    def _scalar(self, node: ScalarNode) -> Any:
        tag, value = node.tag, node.value
        if tag == STR:
            return value
        if tag == NULL:
            return None
        if tag == INT:
            if value.startswith(("0o", "0x")):
                return int(value[2:], 8 if value[1] == "o" else 16)
            return int(value)
        if tag == FLOAT:
            return _SPECIAL_FLOATS[value] if value in _SPECIAL_FLOATS else float(value)
        if tag == BOOL:
            return _BOOLS[value]
        self._problem(node, f"unsupported YAML tag {tag!r}; remove it")
        return value

    def _mapping(self, node: MappingNode) -> dict[str, Any]:
        if node.tag != MAP:
            self._problem(node, f"unsupported YAML tag {node.tag!r}")
        data: dict[str, Any] = {}
        merged: list[dict[str, Any]] = []
        for key_node, value_node in node.value:
            if key_node.tag == MERGE:
                merged.extend(self._merge_sources(value_node))
                continue
            if not isinstance(key_node, ScalarNode):
                self._problem(key_node, "a key must be plain text, not a list or a mapping")
                continue
            key = key_node.value
            if key in data:
                first = _first_key_node(node, key)
                self._problem(key_node, f"duplicate key '{key}'; it is already set on line "
                                        f"{position_of(first).line}")
            data[key] = self.build(value_node)
        for source in merged:
            for key, value in source.items():
                data.setdefault(key, value)  # keys written here win over merged ones
        return data

    def _merge_sources(self, node: Node) -> list[dict[str, Any]]:
        sources = node.value if isinstance(node, SequenceNode) else [node]
        result = []
        for source in sources:
            if isinstance(source, MappingNode):
                result.append(self.build(source))
            else:
                self._problem(source, "'<<' merges only mappings (use '<<: *name')")
        return result

    def _problem(self, node: Node, message: str) -> None:
        line, col = position_of(node)
        self.problems.append(Problem(self.file, line, col, message))


def _first_key_node(mapping: MappingNode, key: str) -> Node:
    for key_node, _ in mapping.value:
        if isinstance(key_node, ScalarNode) and key_node.value == key:
            return key_node
    raise LookupError(key)  # unreachable: called only for keys seen before
