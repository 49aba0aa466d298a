"""YAML syntax errors in words a charter's author can act on.

PyYAML says "mapping values are not allowed here" when a title holds a colon; the author needs
to hear that the colon started a new key and how to write the line instead. Each hint here
recognizes one common pitfall from the parser's message and the line it points at, and says
what to do, with the author's own line corrected where that can be done safely.
"""

from __future__ import annotations

import re

import yaml

# `  - title: Rule 4: the congress`: the indentation and list dashes, the key, and its value.
_KEY_AND_VALUE = re.compile(
    r"(?P<lead>\s*(?:-\s+)*)(?P<key>[^\s\"'#:{\[-][^:#]*?):\s+(?P<value>.*)"
)


def syntax_message(error: yaml.MarkedYAMLError, text: str) -> str:
    """The problem to report for a syntax error: a plain-words hint for a known pitfall, else
    PyYAML's own wording."""
    mark = error.problem_mark or error.context_mark
    line = _line(text, mark.line) if mark else ""
    column = mark.column if mark else 0
    problem = error.problem or ""
    hint = None
    if problem == "could not find expected ':'" and error.context_mark is not None:
        hint = _missing_colon(_line(text, error.context_mark.line))
    elif problem == "mapping values are not allowed here":
        hint = _colon_in_text(line, column)
    elif problem.startswith("expected ',' or '}', but got ':'"):
        hint = _colon_in_flow_text(line, column)
    elif "'\\t'" in problem and "cannot start any token" in problem:
        hint = (
            "a tab is used for indentation here; YAML indents with spaces only: replace the "
            "tab with spaces"
        )
    elif problem.startswith("expected <block end>, but found") and line.lstrip().startswith("-"):
        hint = (
            "this list item ('- ') is not in line with the items of its list: start every "
            "'- ' of one list in the same column, and indent the keys of an item under its "
            "first key"
        )
    if hint is not None:
        return f"YAML syntax error: {hint}"
    message = problem or error.context or "unreadable YAML"
    if error.context and error.problem and error.context_mark is not None:
        # PyYAML's own wording: "while scanning a simple key at line 2, could not find ':'"
        message = f"{error.context} at line {error.context_mark.line + 1}, {error.problem}"
    return f"YAML syntax error: {message}"


# `  visibility unit`: a word, then more on the line, and no colon.
_KEY_WITHOUT_COLON = re.compile(r"\s*(?:-\s+)?(?P<key>[A-Za-z_][\w.-]*)\s+(?P<value>[^:#\s].*)")


def _missing_colon(line: str) -> str | None:
    """`visibility unit`: the line is neither `key: value` nor a list item."""
    match = _KEY_WITHOUT_COLON.fullmatch(line.rstrip())
    if match is None or ":" in line:
        return None
    return (
        "a line with no ':' after its key; write it as 'key: value', e.g. "
        f"'{match['key']}: {match['value']}', or indent it under the line above if it goes on "
        "that line's text"
    )


def _line(text: str, index: int) -> str:
    lines = text.splitlines()
    return lines[index] if 0 <= index < len(lines) else ""


def _colon_in_text(line: str, column: int) -> str | None:
    """`title: Rule 4: the congress`: the second colon, where the parser stopped, is inside
    the value."""
    match = _KEY_AND_VALUE.fullmatch(line.rstrip())
    if match is None or match.start("value") > column:
        return None
    value = re.split(r"\s+#", match["value"], maxsplit=1)[0]  # a comment stays outside
    if value[:1] in ("'", '"'):
        return None  # quoted already: another mistake
    key = match["key"]
    return (
        "a colon followed by a space inside text starts a new key; put the text in quotes: "
        f"{key}: {quoted(value)} (for a long text write '{key}: |' and the text on the lines "
        "below, indented)"
    )


def _colon_in_flow_text(line: str, column: int) -> str | None:
    """`- {id: art-4, title: Rule 4: the congress}`: the entry before the colon the parser
    stopped at is `title: Rule 4`, and the text goes on to the next comma or brace."""
    start = max(line.rfind(",", 0, column), line.rfind("{", 0, column)) + 1
    ends = [index for index in (line.find(",", column), line.find("}", column)) if index != -1]
    entry = line[start : min(ends) if ends else len(line)].strip()
    key, separator, value = entry.partition(": ")
    if not separator or not key or value[:1] in ("'", '"'):
        return None
    return (
        "a colon followed by a space inside text starts a new key; put the text in quotes: "
        f"{key}: {quoted(value.strip())}"
    )


def quoted(value: str) -> str:
    """`value` as a YAML quoted scalar that reads back as the same text."""
    if '"' not in value and "\\" not in value:
        return f'"{value}"'
    return "'" + value.replace("'", "''") + "'"
