"""Read a bank's YAML into plain Python data, remembering where every value came from.

The text is parsed by libyaml into nodes that carry their line and column
(``app.banks.yaml_tree``), then turned into dicts, lists and scalars. The root node is
kept as a :class:`SourceMap`: it maps a data path (a tuple of keys and list indexes) to
a 1-based line and column. It answers by walking the nodes only when a problem needs a
position, so a valid 10,000-question bank pays nothing for it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import yaml
import yaml.reader
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from app.banks.problems import Problem
from app.banks.yaml_tree import (  # MAX_EXPANDED_NODES is re-exported for callers
    MAX_EXPANDED_NODES,
    MERGE,
    Builder,
    Composer,
    Position,
    TooLarge,
    position_of,
)


class SourceMap:
    """Where each value of the data came from: data path -> (line, column), 1-based."""

    def __init__(self, root: Node) -> None:
        self.root = root

    def position(self, path: Sequence[str | int], *, at_key: bool = False) -> Position:
        """The position of the value at ``path``, or of its key with ``at_key``.

        A path that leaves the data (a key the mapping lacks, an index past the end, a
        key below a scalar) gives the position of the deepest value it reached.
        """
        node, key_node = self.root, None
        for step in path:
            key_node = None
            if isinstance(node, MappingNode) and isinstance(step, str):
                pair = _find_key(node, step)
                if pair is None:
                    break
                key_node, node = pair
            elif isinstance(node, SequenceNode) and isinstance(step, int) \
                    and 0 <= step < len(node.value):
                node = node.value[step]
            else:
                break
        else:
            if at_key and key_node is not None:
                return position_of(key_node)
        return position_of(node)


def _find_key(mapping: MappingNode, key: str, depth: int = 0) -> tuple[Node, Node] | None:
    """The (key node, value node) of ``key``: the last explicit one, else a merged one."""
    merged: list[Node] = []
    for key_node, value_node in reversed(mapping.value):
        if key_node.tag == MERGE:
            merged.append(value_node)
        elif isinstance(key_node, ScalarNode) and key_node.value == key:
            return key_node, value_node
    if depth > 20:  # a merge cycle through aliases; real files never nest merges this deep
        return None
    for value_node in reversed(merged):
        sources = value_node.value if isinstance(value_node, SequenceNode) else [value_node]
        for source in sources:
            if isinstance(source, MappingNode):
                found = _find_key(source, key, depth + 1)
                if found is not None:
                    return found
    return None


@dataclass
class Source:
    """The result of reading one file: the data (None when unreadable) and its problems."""

    file: str
    data: Any = None
    source_map: SourceMap | None = None
    problems: list[Problem] = field(default_factory=list)

    def position(self, path: Sequence[str | int], *, at_key: bool = False) -> Position:
        if self.source_map is None:
            return Position(1, 1)
        return self.source_map.position(path, at_key=at_key)


def read_source(text: str, file: str) -> Source:
    """Parse ``text`` (the contents of ``file``) into data and a source map.

    Never raises on bad input: YAML syntax errors, duplicate keys, unsupported tags and
    non-text keys are returned as problems (the data is still returned when the text
    parsed, so later checks can report more).
    """
    source = Source(file)
    composer = Composer(text)
    try:
        root = composer.get_single_node()
    except yaml.MarkedYAMLError as error:
        source.problems.append(_syntax_problem(file, error))
        return source
    except yaml.reader.ReaderError as error:  # a control character, for instance
        line, col = _line_and_column(text, error.position)
        code = error.character if isinstance(error.character, int) else ord(error.character)
        source.problems.append(Problem(file, line, col, f"invalid YAML: the character U+{code:04X} "
                                                        "is not allowed; remove it"))
        return source
    except yaml.YAMLError as error:
        source.problems.append(Problem(file, 1, 1, f"invalid YAML: {error}"))
        return source
    finally:
        composer.dispose()
    if root is None:
        source.problems.append(Problem(
            file, 1, 1,
            "the file is empty; a question bank starts with keys like 'id', 'name' and 'sections'"))
        return source
    builder = Builder(file)
    try:
        source.data = builder.build(root)
    except RecursionError:
        source.problems.append(Problem(file, 1, 1, "the YAML is nested too deeply"))
        return source
    except TooLarge:
        source.problems.append(Problem(
            file, 1, 1, f"the YAML expands to more than {MAX_EXPANDED_NODES:,} values "
                        "through aliases; use fewer '*' references"))
        return source
    source.source_map = SourceMap(root)
    source.problems.extend(builder.problems)
    return source


def _line_and_column(text: str, index: int) -> Position:
    line_start = text.rfind("\n", 0, index) + 1
    return Position(text.count("\n", 0, index) + 1, index - line_start + 1)


def _syntax_problem(file: str, error: yaml.MarkedYAMLError) -> Problem:
    mark = error.problem_mark or error.context_mark
    message = f"invalid YAML: {error.problem or 'syntax error'}"
    if error.context and error.problem and error.problem.startswith("but "):
        # "expected a single document in the stream" + "but found another document"
        message = f"invalid YAML: {error.context}, {error.problem}"
    elif error.context:
        where = ""
        if error.context_mark is not None and mark is not None \
                and error.context_mark.line != mark.line:
            where = f" that starts on line {error.context_mark.line + 1}"
        message += f" ({error.context}{where})"
    if mark is None:
        return Problem(file, 1, 1, message)
    return Problem(file, mark.line + 1, mark.column + 1, message)
