"""YAML read into a tree of located values: every value knows its line and its dotted path.

`yaml.safe_load` forgets where things were written and silently keeps the last of two equal
keys. A charter's author needs "line 40: bodies[2].quorum: ..." and needs to hear about a
duplicated key, so the file is composed into PyYAML nodes (which carry marks) and walked here.

PyYAML stops at the first syntax error. So that one error does not hide every other problem of
the file, a file that does not parse is read again section by section (`_read_around_errors`),
and a broken list section entry by entry; what cannot be read is marked `broken`, and the
readers and cross checks skip it rather than guess.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.constructor import ConstructorError, SafeConstructor

from minutebook.charter.yaml_hints import syntax_message

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
    # A mapping read around a syntax error: some of its keys may be in what could not be read,
    # so a key it lacks is not reported missing.
    incomplete: bool = False

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
        return _read_around_errors(text, error)
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
        return None, [_too_large(document)]
    return root, builder.problems


def _too_large(document: yaml.Node) -> YamlProblem:
    message = f"the file expands to more than {MAX_NODES} values (through YAML aliases?)"
    return YamlProblem(document.start_mark.line + 1, "", message)


def _syntax_problem(error: yaml.MarkedYAMLError, text: str) -> YamlProblem:
    mark = error.problem_mark or error.context_mark
    if error.problem == "could not find expected ':'" and error.context_mark is not None:
        mark = error.context_mark  # the key without its colon, not the line after it
    return YamlProblem(mark.line + 1 if mark else None, "", syntax_message(error, text))


# Reading around syntax errors

# A top-level key at the start of a line: where a section (`units:`, `bodies:`) begins.
_SECTION_HEAD = re.compile(r"(?P<key>[A-Za-z_][\w.-]*)[ \t]*:(?:[ \t]|$)")
# A head with nothing after it but a comment: the section's value is on the lines below.
_BARE_HEAD = re.compile(r"[A-Za-z_][\w.-]*[ \t]*:[ \t]*(?:#.*)?")
_LIST_ITEM = re.compile(r"\s*-(?:\s|$)")


def _is_content(line: str) -> bool:
    """Whether the line holds something (not blank, not only a comment)."""
    stripped = line.strip()
    return bool(stripped) and not stripped.startswith("#")


@dataclass
class _Section:
    key: str
    line: int  # 0-based, the line of the key
    node: Node


def _read_around_errors(
    text: str, error: yaml.MarkedYAMLError
) -> tuple[Node | None, list[YamlProblem]]:
    """Report the first syntax error, then read each top-level section that parses on its own
    and, in a broken list section, each entry that parses on its own, so that the rest of the
    file is still checked. Never reports what a reading of the whole file would not: an error
    in the lines of the first one is that one's consequence and is left out, a section whose
    parse runs off its end (a quote or bracket left open across the next key) is read together
    with the next, and where lines could not be placed in a section the top level is marked
    incomplete."""
    first = _syntax_problem(error, text)
    lines = text.splitlines(keepends=True)
    heads = [number for number, line in enumerate(lines) if _SECTION_HEAD.match(line)]
    if not heads:
        return None, [first]
    reader = _SectionReader(lines, first)
    error_line = first.line - 1 if first.line is not None else len(lines)
    # The sections before the one with the error parsed as part of the whole file, unless the
    # error is about how they end: then the section before is read again too.
    earlier = [head for head in heads if head <= error_line]
    start = 0
    while earlier:
        if reader.read_prefix(earlier[-1]):
            start = earlier[-1]
            break
        earlier.pop()
    bounds = [start, *(head for head in heads if head > start), len(lines)]
    try:
        reader.read_chunks(list(zip(bounds, bounds[1:], strict=False)))
    except _TooLarge:
        return None, [first, YamlProblem(first.line, "", "the file expands to too many values")]
    return reader.root(), reader.problems


class _SectionReader:
    def __init__(self, lines: list[str], first: YamlProblem) -> None:
        self.lines = lines
        self.first = first
        self.problems: list[YamlProblem] = [first]
        self.sections: list[_Section] = []
        self.builder = _Builder()
        self.prefix = ""
        self.prefix_lines = 0
        self.covered = [False] * len(lines)  # lines that are part of what was read

    def read_prefix(self, end: int) -> bool:
        """Read lines[:end] as the first sections, if they parse as a mapping on their own;
        later sections are parsed after them, so that their anchors are known."""
        prefix = "".join(self.lines[:end])
        try:
            document = yaml.compose(prefix, Loader=yaml.SafeLoader)
        except yaml.YAMLError:
            return False
        if document is not None and not isinstance(document, yaml.MappingNode):
            return False
        self.prefix, self.prefix_lines = prefix, end
        if document is not None:
            self._take(document, 0)
        self._cover(0, end)
        return True

    def _cover(self, start: int, end: int) -> None:
        self.covered[start:end] = [True] * (end - start)

    def _document(self, start: int, end: int, header: int | None, with_prefix: bool) -> str:
        """lines[start:end], each line where it is in the file, after the prefix if asked;
        with `header`, that line (a section's key) before them."""
        parts, at = ([self.prefix], self.prefix_lines) if with_prefix else ([], 0)
        if header is not None:
            parts += ["\n" * (header - at), self.lines[header]]
            at = header + 1
        parts += ["\n" * (start - at), *self.lines[start:end]]
        return "".join(parts)

    def _compose(
        self, start: int, end: int, header: int | None
    ) -> tuple[yaml.Node | None, yaml.MarkedYAMLError | None, str]:
        """Parse lines[start:end] after the prefix (whose anchors they may use) or, failing
        that, on their own (the prefix may end in a way they cannot follow)."""
        failure: yaml.MarkedYAMLError | None = None
        text = ""
        for with_prefix in (True, False):
            text = self._document(start, end, header, with_prefix)
            try:
                return yaml.compose(text, Loader=yaml.SafeLoader), None, text
            except yaml.MarkedYAMLError as error:
                failure = error
        return None, failure, text

    def _compose_extending(
        self, chunks: list[tuple[int, int]], index: int, header: int | None = None
    ) -> tuple[yaml.Node | None, yaml.MarkedYAMLError | None, int]:
        """Parse chunk `index`, joined with the next ones while the parse runs off its end.
        Returns the document or the error, and the index of the last chunk used."""
        last = index
        while True:
            document, error, text = self._compose(chunks[index][0], chunks[last][1], header)
            if error is None:
                return document, None, last
            mark = error.problem_mark or error.context_mark
            ran_off = mark is not None and not text[mark.index :].strip()
            if not (ran_off and last + 1 < len(chunks)):
                return None, error, last
            last += 1

    def read_chunks(self, chunks: list[tuple[int, int]]) -> None:
        index = 0
        while index < len(chunks):
            document, error, last = self._compose_extending(chunks, index)
            start, end = chunks[index][0], chunks[last][1]
            if error is None:
                if document is None or isinstance(document, yaml.MappingNode):
                    self._cover(start, end)
                if isinstance(document, yaml.MappingNode):
                    self._take(document, start)
            else:
                self._report(error, start, end)
                heads = [n for n in range(start, end) if _SECTION_HEAD.match(self.lines[n])]
                if len(heads) == 1 and not self._read_entries(heads[0], end):
                    self._broken_section(heads[0])
                elif len(heads) != 1:
                    for head in heads:
                        self._broken_section(head)
            index = last + 1

    def _report(self, error: yaml.MarkedYAMLError, start: int, end: int) -> None:
        """Report an error of lines[start:end], unless these lines hold the first error: then
        it is that one, or one that follows from it."""
        first_line = (self.first.line or 0) - 1
        if start <= first_line < end:
            return
        if "found undefined alias" in (error.problem or ""):
            return  # its anchor may be in a section that could not be read
        problem = _syntax_problem(error, "".join(self.lines))
        if problem.line not in {found.line for found in self.problems}:
            self.problems.append(problem)

    def _broken_section(self, head: int) -> None:
        match = _SECTION_HEAD.match(self.lines[head])
        assert match is not None
        key = match["key"]
        self._add(_Section(key, head, Node(None, head + 1, key, broken=True)))

    def _read_entries(self, head: int, end: int) -> bool:
        """A list section that does not parse: read each of its entries on its own. False if
        the section is not a list, as far as can be told."""
        if not _BARE_HEAD.fullmatch(self.lines[head].rstrip()):
            return False
        content = [n for n in range(head + 1, end) if _is_content(self.lines[n])]
        if not content or not _LIST_ITEM.match(self.lines[content[0]]):
            return False
        key = _SECTION_HEAD.match(self.lines[head])["key"]  # type: ignore[index]
        column = _indent(self.lines[content[0]])
        # The list goes on while its lines are items in its column or indented more; a line
        # out of it (a section's key without its colon?) ends what can be read.
        stop = next(
            (
                n
                for n in content
                if _indent(self.lines[n]) < column
                or (_indent(self.lines[n]) == column and not _LIST_ITEM.match(self.lines[n]))
            ),
            end,
        )
        starts = [
            n
            for n in content
            if n < stop and _indent(self.lines[n]) == column and _LIST_ITEM.match(self.lines[n])
        ]
        bounds = [*starts, stop]
        entries = list(zip(bounds, bounds[1:], strict=False))
        items: list[Node] = []
        index = 0
        while index < len(entries):
            if stop < end and index == len(entries) - 1:
                # The entry before a line out of the list may have lost its end to it.
                items.append(
                    Node(None, entries[index][0] + 1, child_path(key, len(items)), broken=True)
                )
                break
            document, error, last = self._compose_extending(entries, index, header=head)
            first, after = entries[index][0], entries[last][1]
            values = self._entry_values(document, head) if error is None else None
            if values is None:
                if error is not None:
                    self._report(error, first, after)
                for number in range(index, last + 1):
                    line = entries[number][0] + 1
                    items.append(Node(None, line, child_path(key, len(items)), broken=True))
            else:
                for value in values:
                    items.append(self.builder.build(value, child_path(key, len(items))))
            index = last + 1
        self._cover(head, stop)
        self._add(_Section(key, head, Node(items, starts[0] + 1, key)))
        return True

    def _entry_values(self, document: yaml.Node | None, head: int) -> list[yaml.Node] | None:
        """The list items that the document, read from a section's key and some of its
        entries, has under that key."""
        if not isinstance(document, yaml.MappingNode):
            return None
        for key_node, value_node in document.value:
            if key_node.start_mark.line == head:
                return value_node.value if isinstance(value_node, yaml.SequenceNode) else None
        return None

    def _take(self, document: yaml.MappingNode, start: int) -> None:
        """The top-level keys of `document` written at or after line `start`."""
        for key_node, value_node in document.value:
            line = key_node.start_mark.line
            if line < start:
                continue  # the prefix's, taken already
            key = self.builder._key(key_node, "")
            if key is not None:
                self._add(_Section(key, line, self.builder.build(value_node, key)))

    def _add(self, section: _Section) -> None:
        for other in self.sections:
            if other.key == section.key:
                self.problems.append(
                    YamlProblem(
                        section.line + 1,
                        section.key,
                        f"duplicate key '{section.key}' (first at line {other.line + 1}); "
                        "YAML would silently keep only the last one",
                    )
                )
                return
        self.sections.append(section)

    def root(self) -> Node:
        self.problems.extend(self.builder.problems)
        values = {section.key: section.node for section in self.sections}
        lines = {section.key: section.line + 1 for section in self.sections}
        first_line = min(lines.values(), default=1)
        unplaced = any(
            _is_content(line) and not covered
            for line, covered in zip(self.lines, self.covered, strict=True)
        )
        return Node(values, first_line, "", key_lines=lines, incomplete=unplaced)


def _indent(line: str) -> int:
    """Where the line's text begins (a tab counted as one, so a line indented with tabs is
    within the entry above it, whose parse reports the tab)."""
    return len(line) - len(line.lstrip())


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
