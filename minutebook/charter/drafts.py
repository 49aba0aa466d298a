"""What the charter loader has read so far: each entry's valid values with where they were
written, and the problems found. Shared by the shape reader (`loader`) and the checks across
the file (`cross_checks`), so both report problems the same way."""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from minutebook.charter.spec import CharterProblem
from minutebook.charter.yaml_nodes import Node, child_path
from minutebook.names import near_in_meaning

_NULL = Node(None, 0, "")

DEFAULT_OFFICES = ("chair", "secretary")  # a body's offices unless it lists its own
ALL_BODIES = "all"  # `bodies: all` in a decision type: every body of the charter
# How a value the constitution leaves open (a notice period, a seat count, a quorum) is written;
# it is read as None, and then neither checked nor shown as a number.
UNSPECIFIED = "unspecified"


@dataclass(eq=False)
class Draft:
    """One mapping of the file (a unit, a body, a seat rule...) as read. `values` holds only
    the keys whose values were valid; a reference list is kept as its nodes, so that each
    reference can be reported on its own line."""

    node: Node
    values: dict[str, Any] = field(default_factory=dict)

    def get(self, key: str, default: Any = None) -> Any:
        return self.values.get(key, default)

    def has(self, key: str) -> bool:
        """Whether the key is written in the file with a value, valid or not (null counts as
        absent, as for every optional key)."""
        return self.node.is_mapping and self.node.value.get(key, _NULL).value is not None

    def key_line(self, key: str) -> int:
        """The line of the key itself: for a problem with a whole block list, where the value
        starts on the next line."""
        return self.node.key_lines.get(key, self.node.line)

    def at(self, key: str) -> Node:
        """Where the key's value is written; the mapping itself if the key is missing."""
        if self.node.is_mapping and key in self.node.value:
            return self.node.value[key]
        return self.node


# Reports a reference to a name nothing declares: (where, what it names, the name, the known).
ReportUnknown = Callable[[Node, str, str, Iterable[str]], None]


class Problems:
    def __init__(self, source: str) -> None:
        self.source = source
        self.found: list[CharterProblem] = []

    def add(self, where: Node, message: str) -> None:
        self.found.append(CharterProblem(self.source, where.line, where.path, message))

    def add_at(self, line: int | None, path: str, message: str) -> None:
        self.found.append(CharterProblem(self.source, line, path, message))

    def unknown(self, where: Node, what: str, name: str, known: Iterable[str]) -> None:
        """An unknown reference, with a suggestion when a known name is close."""
        self.add(where, f"unknown {what} '{name}'{suggestion(name, known)}")

    def unknown_key(self, mapping: Node, key: str, allowed: Iterable[str]) -> None:
        allowed = list(allowed)
        listed = f"allowed here: {', '.join(allowed)}" if allowed else "nothing goes here"
        hint = spelling_suggestion(key, allowed) or f"; {listed}"
        self.add_at(
            mapping.key_lines.get(key, mapping.line),
            child_path(mapping.path, key),
            f"unknown key '{key}'{hint}",
        )

    def sorted(self) -> list[CharterProblem]:
        """In file order, as a compiler lists errors; problems of the whole file first."""
        return sorted(self.found, key=lambda problem: problem.line or 0)


def suggestion(name: str, known: Iterable[str]) -> str:
    """The hint "; did you mean 'x'?" for a known name near in meaning to `name` (see
    `near_in_meaning`), or ""."""
    near = near_in_meaning(name, known)
    return f"; did you mean '{near}'?" if near else ""


def spelling_suggestion(name: str, known: Iterable[str]) -> str:
    """The hint "; did you mean 'x'?" for a known name spelled like `name`, or "". For keys,
    whose typos (`quorm`) can only mean the one key; a value with meaning takes `suggestion`."""
    close = difflib.get_close_matches(name, sorted(set(known)), n=1, cutoff=0.6)
    return f"; did you mean '{close[0]}'?" if close else ""
