"""The readers the charter's sections are read with: each takes the problems found so far and
a located node, and returns the value read, or None after reporting what is wrong with it.
`reader(fields, what)` makes the reader of a mapping from its fields; the loader and the
modules of the charter's sections (`procedures`, `obligations`, `petitions`, `ballots`,
`motion_rules`) build theirs from these. No Django here."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from minutebook.charter.drafts import UNSPECIFIED, Draft, Problems, near_in_meaning, suggestion
from minutebook.charter.yaml_nodes import Node, node_at, plain_data
from minutebook.voting.thresholds import ThresholdError, parse_threshold

# Ids end up in URLs and in the record, so they are plain: "north", "central-committee",
# "charter.amend".
ID_PATTERN = re.compile(r"[a-z0-9](?:[a-z0-9._-]*[a-z0-9])?")
ID_MAX_LENGTH = 64

# A reader returns the value, or None: after reporting a problem, or for a value written
# `unspecified` (`or_unspecified`). Either way nothing is checked against it, and in a charter
# without problems a None can only be a value left open.
Reader = Callable[[Problems, Node], Any]


def describe(node: Node) -> str:
    """What the author wrote, for "expected X, got Y" messages."""
    value = node.value
    if node.is_mapping:
        return "a mapping"
    if node.is_sequence:
        return "a list"
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"'{node.raw}', which YAML reads as {'true' if value else 'false'}"
    if isinstance(value, int | float):
        return f"the number {node.raw}"
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return f"'{shown}'"
    return f"'{node.raw}' ({type(value).__name__})"


def expected(problems: Problems, node: Node, what: str, *, text: bool = False) -> None:
    """Report a value of the wrong type; `text`: the key wants text, so a number or a yes/no
    that YAML read as such only needs quotes."""
    hint = ""
    if text and node.raw is not None and not isinstance(node.value, str) and node.value is not None:
        hint = "; put it in quotes to make it text"
    problems.add(node, f"expected {what}, got {describe(node)}{hint}")


def read_text(problems: Problems, node: Node) -> str | None:
    if not isinstance(node.value, str) or not node.value.strip():
        expected(problems, node, "text", text=True)
        return None
    return node.value


def read_optional_text(problems: Problems, node: Node) -> str | None:
    """Free text that may be empty (a description)."""
    if not isinstance(node.value, str):
        expected(problems, node, "text", text=True)
        return None
    return node.value


def read_id(problems: Problems, node: Node) -> str | None:
    value = node.value
    if not isinstance(value, str):
        expected(problems, node, "an id (text)", text=True)
        return None
    if not ID_PATTERN.fullmatch(value) or len(value) > ID_MAX_LENGTH:
        problems.add(
            node,
            f"'{value}' is not a valid id: use lowercase letters, digits, '-', '_' and '.', "
            f"starting and ending with a letter or digit, at most {ID_MAX_LENGTH} characters",
        )
        return None
    return value


def read_flag(problems: Problems, node: Node) -> bool | None:
    if not isinstance(node.value, bool):
        expected(problems, node, "true or false")
        return None
    return node.value


def whole_number(minimum: int, what: str) -> Reader:
    def read(problems: Problems, node: Node) -> int | None:
        value = node.value
        if isinstance(value, bool) or not isinstance(value, int):
            expected(problems, node, f"a whole number ({what})")
            return None
        if value < minimum:
            problems.add(node, f"{what} must be at least {minimum}, got {value}")
            return None
        return value

    return read


def or_unspecified(read: Reader) -> Reader:
    """A value the constitution may leave open: `unspecified` is read as None, so that no
    check is made against it and the spec holds None (and a typo of the word is not reported
    as a wrong number)."""

    def read_open(problems: Problems, node: Node) -> Any:
        value = node.value
        if value == UNSPECIFIED:
            return None
        if isinstance(value, str) and near_in_meaning(value, [UNSPECIFIED]):
            problems.add(node, f"unknown value '{value}'; did you mean '{UNSPECIFIED}'?")
            return None
        return read(problems, node)

    return read_open


def choice(choices: tuple[str, ...], what: str) -> Reader:
    def read(problems: Problems, node: Node) -> str | None:
        value = node.value
        if not isinstance(value, str):
            expected(problems, node, f"{what} (one of {', '.join(choices)})", text=True)
            return None
        if value not in choices:
            hint = suggestion(value, choices) or f"; it is one of {', '.join(choices)}"
            problems.add(node, f"unknown {what} '{value}'{hint}")
            return None
        return value

    return read


def read_threshold(problems: Problems, node: Node) -> str | None:
    """A threshold: one of the names, or an expression (`minutebook.voting.thresholds`); its
    canonical text, which the record stores."""
    try:
        return parse_threshold(plain_data(node)).text
    except ThresholdError as error:
        where = node_at(node, error.path)
        problems.add(where, error.message)
        return None


def read_sequence(problems: Problems, node: Node, what: str) -> list[Node] | None:
    if not node.is_sequence:
        expected(problems, node, f"a list of {what}")
        return None
    return node.value


def list_of(read_item: Reader, what: str, *, nonempty: bool = False) -> Reader:
    def read(problems: Problems, node: Node) -> list | None:
        items = read_sequence(problems, node, what)
        if items is None:
            return None
        if nonempty and not items:
            problems.add(node, f"the list of {what} is empty; at least one is needed")
        read_items = (read_item(problems, item) for item in items if not item.broken)
        return [value for value in read_items if value is not None]

    return read


def id_node(problems: Problems, node: Node) -> Node | None:
    return node if read_id(problems, node) is not None else None


# A list of references (`articles: [art-4]`), kept as nodes so each is reported on its line.
read_references = list_of(id_node, "ids")


# Entries


Field = tuple[bool, Reader]  # (required, reader)


def read_entry(problems: Problems, node: Node, fields: dict[str, Field], what: str) -> Draft | None:
    """Read a mapping: unknown keys, missing required keys and each field's value. An optional
    key set to null counts as absent (`appeal_to: null`)."""
    if not node.is_mapping:
        expected(problems, node, f"{what} (a mapping of keys to values)")
        return None
    for key in node.value:
        if key not in fields:
            problems.unknown_key(node, key, fields)
    draft = Draft(node)
    for key, (required, read) in fields.items():
        child = node.value.get(key)
        if child is None:
            if required and not node.incomplete:  # else it may be in what could not be read
                problems.add(node, f"missing required key '{key}'")
            continue
        if child.broken or (child.value is None and not required):
            continue
        value = read(problems, child)
        if value is not None:
            draft.values[key] = value
    return draft


def reader(fields: dict[str, Field], what: str, after: Callable | None = None) -> Reader:
    """A reader for a mapping with `fields`; `after(problems, draft)` checks the entry as a
    whole."""

    def read(problems: Problems, node: Node) -> Draft | None:
        draft = read_entry(problems, node, fields, what)
        if draft is not None and after is not None:
            after(problems, draft)
        return draft

    return read


REQUIRED, OPTIONAL = True, False
