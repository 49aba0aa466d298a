"""YAML read into a tree of located values: every value knows its line and its dotted path.

`yaml.safe_load` forgets where things were written and silently keeps the last of two equal
keys. A charter's author needs "line 40: bodies[2].quorum: ..." and needs to hear about a
duplicated key, so the file is composed into PyYAML nodes (which carry marks) and walked here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.constructor import ConstructorError, SafeConstructor

_MAP_TAG = "tag:yaml.org,2002:map"
_SEQ_TAG = "tag:yaml.org,2002:seq"
_MERGE_TAG = "tag:yaml.org,2002:merge"

# Aliases can make a few lines expand into millions of values ("billion laughs"); a charter has
# a few thousand at most.
MAX_NODES = 100_000


@dataclass(eq=False)
class Node:
    """One value of the file. `value` is a plain Python scalar (str, int, bool, None, ...), a
    dict of key -> Node for a mapping, or a list of Node for a sequence."""

    value: Any
    line: int  # 1-based
    path: str  # e.g. "bodies[2].seats[0].elected.count"; "" for the whole document
    raw: str | None = None  # a scalar as written, for hints such as "no is a boolean in YAML"
    key_lines: dict[str, int] = field(default_factory=dict)  # mappings: where each key is
    broken: bool = False  # unreadable, and reported: readers skip it rather than report again

    @property
    def is_mapping(self) -> bool:
        return isinstance(self.value, dict)

    @property
    def is_sequence(self) -> bool:
        return isinstance(self.value, list)


@dataclass(frozen=True)
class YamlProblem:
    line: int | None
    path: str
    message: str


class _TooLarge(Exception):
    pass


def plain_data(node: Node) -> Any:
    """The node's value as plain Python data: dicts, lists and scalars."""
    if node.is_mapping:
        return {key: plain_data(child) for key, child in node.value.items()}
    if node.is_sequence:
        return [plain_data(child) for child in node.value]
    return node.value


def node_at(node: Node, path: tuple[str | int, ...]) -> Node:
    """The node at `path` (keys and list positions) below `node`, or the deepest that exists."""
    for step in path:
        children = node.value
        in_list = isinstance(step, int) and node.is_sequence and step < len(children)
        in_mapping = isinstance(step, str) and node.is_mapping and step in children
        if not (in_list or in_mapping):
            break
        node = children[step]
    return node


def child_path(path: str, key: str | int) -> str:
    if isinstance(key, int):
        return f"{path}[{key}]"
    return f"{path}.{key}" if path else key


def read_yaml(text: str) -> tuple[Node | None, list[YamlProblem]]:
    """The document as located nodes (None if empty or unreadable) and the problems met."""
    try:
        document = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as error:
        return None, [_syntax_problem(error)]
    except yaml.reader.ReaderError as error:
        line = text.count("\n", 0, error.position) + 1
        message = f"the file contains a character YAML does not allow ({error.reason})"
        return None, [YamlProblem(line, "", message)]
    except yaml.YAMLError as error:  # pragma: no cover - every PyYAML error is one of the above
        return None, [YamlProblem(None, "", f"YAML error: {error}")]
    if document is None:
        return None, []
    builder = _Builder()
    try:
        root = builder.build(document, "")
    except _TooLarge:
        message = f"the file expands to more than {MAX_NODES} values (through YAML aliases?)"
        return None, [YamlProblem(document.start_mark.line + 1, "", message)]
    return root, builder.problems


def _syntax_problem(error: yaml.MarkedYAMLError) -> YamlProblem:
    mark = error.problem_mark or error.context_mark
    message = error.problem or error.context or "unreadable YAML"
    if error.context and error.problem and error.context_mark is not None:
        # PyYAML's own wording: "while scanning a simple key at line 2, could not find ':'"
        message = f"{error.context} at line {error.context_mark.line + 1}, {error.problem}"
    return YamlProblem(mark.line + 1 if mark else None, "", f"YAML syntax error: {message}")


class _Builder:
    def __init__(self) -> None:
        self.problems: list[YamlProblem] = []
        self._constructor = SafeConstructor()
        self._active: set[int] = set()  # yaml nodes being built, to catch recursive aliases
        self._count = 0

    def build(self, node: yaml.Node, path: str) -> Node:
        self._count += 1
        if self._count > MAX_NODES:
            raise _TooLarge
        line = node.start_mark.line + 1
        if id(node) in self._active:
            self._problem(line, path, "a YAML alias refers to a value that contains itself")
            return Node(None, line, path, broken=True)
        self._active.add(id(node))
        try:
            if isinstance(node, yaml.MappingNode):
                return self._mapping(node, path)
            if isinstance(node, yaml.SequenceNode):
                return self._sequence(node, path)
            return self._scalar(node, path)
        finally:
            self._active.discard(id(node))

    def _problem(self, line: int | None, path: str, message: str) -> None:
        self.problems.append(YamlProblem(line, path, message))

    def _scalar(self, node: yaml.ScalarNode, path: str) -> Node:
        line = node.start_mark.line + 1
        try:
            value = self._constructor.construct_object(node, deep=True)
        except ConstructorError as error:
            self._problem(line, path, f"cannot read this value: {error.problem}")
            return Node(None, line, path, raw=node.value, broken=True)
        return Node(value, line, path, raw=node.value)

    def _sequence(self, node: yaml.SequenceNode, path: str) -> Node:
        self._check_tag(node, _SEQ_TAG, path)
        items = [self.build(item, child_path(path, i)) for i, item in enumerate(node.value)]
        return Node(items, node.start_mark.line + 1, path)

    def _mapping(self, node: yaml.MappingNode, path: str) -> Node:
        self._check_tag(node, _MAP_TAG, path)
        explicit: dict[str, Node] = {}
        key_lines: dict[str, int] = {}
        merged: dict[str, Node] = {}
        merged_lines: dict[str, int] = {}
        for key_node, value_node in node.value:
            key_line = key_node.start_mark.line + 1
            if key_node.tag == _MERGE_TAG:
                self._merge(value_node, path, merged, merged_lines)
                continue
            key = self._key(key_node, path)
            if key is None:
                continue
            if key in explicit:
                self._problem(
                    key_line,
                    child_path(path, key),
                    f"duplicate key '{key}' (first at line {key_lines[key]}); YAML would "
                    "silently keep only the last one",
                )
                continue
            explicit[key] = self.build(value_node, child_path(path, key))
            key_lines[key] = key_line
        # Keys written out win over merged ones (`<<: *defaults` then an override).
        values = {**merged, **explicit}
        lines = {**merged_lines, **key_lines}
        return Node(values, node.start_mark.line + 1, path, key_lines=lines)

    def _merge(
        self, value: yaml.Node, path: str, merged: dict[str, Node], lines: dict[str, int]
    ) -> None:
        sources = value.value if isinstance(value, yaml.SequenceNode) else [value]
        for source in sources:
            if not isinstance(source, yaml.MappingNode):
                self._problem(
                    source.start_mark.line + 1, path, "'<<' (merge) needs a mapping to merge in"
                )
                continue
            built = self.build(source, path)
            for key, child in built.value.items():
                if key not in merged:  # earlier sources win, as in YAML's merge rules
                    merged[key] = child
                    lines[key] = built.key_lines[key]

    def _key(self, key_node: yaml.Node, path: str) -> str | None:
        line = key_node.start_mark.line + 1
        if not isinstance(key_node, yaml.ScalarNode):
            self._problem(line, path, "a key must be a plain word, not a list or mapping")
            return None
        try:
            key = self._constructor.construct_object(key_node)
        except ConstructorError as error:
            self._problem(line, path, f"cannot read this key: {error.problem}")
            return None
        if not isinstance(key, str):
            self._problem(line, path, f"the key '{key_node.value}' must be text; put it in quotes")
            return None
        return key

    def _check_tag(self, node: yaml.Node, expected: str, path: str) -> None:
        if node.tag != expected:
            self._problem(node.start_mark.line + 1, path, f"unsupported YAML tag '{node.tag}'")
