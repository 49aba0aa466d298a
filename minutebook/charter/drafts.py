"""What the charter loader has read so far: each entry's valid values with where they were
written, and the problems found. Shared by the shape reader (`loader`) and the checks across
the file (`cross_checks`), so both report problems the same way."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from minutebook.charter.spec import CharterProblem
from minutebook.charter.yaml_nodes import Node, child_path

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


_WORD_SEPARATORS = re.compile(r"[_.\-]")


def _words(name: str) -> list[str]:
    return [word for word in _WORD_SEPARATORS.split(name.lower()) if word]


def near_in_meaning(name: str, known: Iterable[str]) -> str | None:
    """The known name that `name` was most likely meant to be, or None.

    Names with meaning are made of words (`two_thirds_entire`), and one word replaced by another
    can be a different, stricter rule: `two_thirds_present` is not a typo of
    `two_thirds_entire`, however alike they look. So a name is matched word by word (split on
    `_`, `-` and `.`): each written word must be the candidate's word at that place or a small
    typo of it (`cats` for `cast`, `estat` for `estate`), and a written word that is itself a
    word of another known name is never taken for a typo. Names that differ only in their
    separators or in case (`majority-cast`, `twothirds_cast`, `Members`) match too."""
    candidates = sorted(set(known))
    vocabulary = {word for candidate in candidates for word in _words(candidate)}
    written = _words(name)
    best: tuple[int, str] | None = None
    for candidate in candidates:
        distance = _word_distance(written, _words(candidate), vocabulary)
        if distance is not None and (best is None or distance < best[0]):
            best = (distance, candidate)
    return best[1] if best and best[1] != name else None


def _word_distance(written: list[str], meant: list[str], vocabulary: set[str]) -> int | None:
    """The sum of the typos that turn the written words into the meant ones, or None if one
    of them is not a typo (another word, or too different)."""
    if len(written) != len(meant):
        return 0 if "".join(written) == "".join(meant) else None
    total = 0
    for word, meant_word in zip(written, meant, strict=True):
        if word == meant_word:
            continue
        if word in vocabulary:
            return None  # another real word: another rule, not a typo
        distance = _typo_distance(word, meant_word)
        if distance > _typo_allowance(meant_word):
            return None
        total += distance
    return total


def _typo_allowance(word: str) -> int:
    """A short word allows one slip of the finger, a longer one two."""
    return 1 if len(word) <= 4 else 2


def _typo_distance(a: str, b: str) -> int:
    """Edits (a letter added, dropped, changed, or two neighbours swapped) turning a into b."""
    previous_row: list[int] | None = None
    row = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        before_previous, previous_row = previous_row, row
        row = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            row[j] = min(previous_row[j] + 1, row[j - 1] + 1, previous_row[j - 1] + cost)
            if (
                before_previous is not None
                and j > 1
                and a[i - 1] == b[j - 2]
                and a[i - 2] == b[j - 1]
            ):
                row[j] = min(row[j], before_previous[j - 2] + 1)
    return row[len(b)]
