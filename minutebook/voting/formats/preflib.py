"""PrefLib ballot files (https://www.preflib.org/format): `.soc .soi .toc .toi .cat`.

The current format (2022 on) starts with `# KEY: value` metadata, then one line per distinct order:

    # TITLE: Board election 2024
    # DATA TYPE: toi
    # NUMBER ALTERNATIVES: 3
    # NUMBER VOTERS: 5
    # NUMBER UNIQUE ORDERS: 2
    # ALTERNATIVE NAME 1: Alice
    # ALTERNATIVE NAME 2: Bob
    # ALTERNATIVE NAME 3: Carol
    3: 1,2,3
    2: 3,{1,2}

`{1,2}` ranks alternatives equal. The kinds restrict the orders: `soc` strict and complete, `soi`
strict, `toc` complete, `toi` anything. A `.cat` file gives each voter's categories instead, with
`# NUMBER CATEGORIES` and `# CATEGORY NAME i` lines (`3: {1,2},{3}`, `{}` for an empty category);
Minutebook reads categorical data as approval ballots: the first category is approved.

The older format (before 2022: a count of alternatives, `i,name` lines, a `voters,sum,unique`
line, then `count,1,2,{3,4}` lines) is read as well. PrefLib has no seats; Minutebook writes and
reads a `# NUMBER SEATS` line when the profile has more than one seat.
"""

from __future__ import annotations

import re

from minutebook.voting.formats.errors import BallotFileError
from minutebook.voting.profile import Ballot, Profile, Ranking

KINDS = ("soc", "soi", "toc", "toi", "cat")
_META = re.compile(r"#\s*([^:]+?)\s*:\s?(.*)")
_ORDER = re.compile(r"\s*([0-9]+)\s*:(.*)")


def _kind(kind: str) -> str:
    normalized = kind.lower().lstrip(".")
    if normalized not in KINDS:
        raise ValueError(f"unknown PrefLib kind {kind!r} (expected one of {', '.join(KINDS)})")
    return normalized


def _parse_groups(text: str, n: int, source: str, line: int) -> list[tuple[int, ...]]:
    """`1,{2,3},4` -> [(0,), (1, 2), (3,)] with 0-based indices; `{}` gives an empty group."""
    text = text.strip()
    if not text:
        return []
    parts = []
    start = 0
    inside = False
    for position, char in enumerate(text):
        if char == "{":
            if inside:
                raise BallotFileError("'{' inside '{...}'", source, line)
            inside = True
        elif char == "}":
            if not inside:
                raise BallotFileError("'}' without an opening '{'", source, line)
            inside = False
        elif char == "," and not inside:
            parts.append(text[start:position].strip())
            start = position + 1
    if inside:
        raise BallotFileError("'{' without a closing '}'", source, line)
    parts.append(text[start:].strip())
    groups = []
    for part in parts:
        if part.startswith("{") and part.endswith("}"):
            inner = part[1:-1].strip()
            items = [item.strip() for item in inner.split(",")] if inner else []
        else:
            items = [part]
        groups.append(tuple(_alternative(item, n, source, line) for item in items))
    return groups


def _alternative(item: str, n: int, source: str, line: int) -> int:
    if not re.fullmatch(r"[0-9]+", item):
        raise BallotFileError(f"non-numeric alternative {item!r}", source, line)
    number = int(item)
    if not 1 <= number <= n:
        raise BallotFileError(
            f"alternative index {number} out of range ({n} alternatives)", source, line
        )
    return number - 1


def _check_order(groups: list[tuple[int, ...]], kind: str, n: int, source: str, line: int) -> None:
    seen: set[int] = set()
    for group in groups:
        for index in group:
            if index in seen:
                raise BallotFileError(f"alternative {index + 1} appears twice", source, line)
            seen.add(index)
        if kind in ("soc", "soi") and len(group) != 1:
            raise BallotFileError(f"a .{kind} file cannot rank alternatives equal", source, line)
        if kind != "cat" and not group:
            raise BallotFileError("an empty '{}' ranks no one", source, line)
    if kind in ("soc", "toc") and len(seen) != n:
        raise BallotFileError(
            f"a .{kind} order must rank all {n} alternatives (this one ranks {len(seen)})",
            source,
            line,
        )


def _ranking(
    groups: list[tuple[int, ...]], kind: str, categories: int, source: str, line: int
) -> Ranking:
    if kind != "cat":
        return tuple(groups)
    if len(groups) != categories:
        raise BallotFileError(
            f"expected {categories} categories, found {len(groups)}", source, line
        )
    approved = groups[0]
    return (approved,) if approved else ()


def read_preflib(text: str, kind: str, source: str = "<preflib>") -> Profile:
    """Read PrefLib text of the given kind (`soc`, `soi`, `toc`, `toi` or `cat`)."""
    kind = _kind(kind)
    lines = text.removeprefix("\ufeff").splitlines()
    first = next((line for line in lines if line.strip()), "")
    if not first.lstrip().startswith("#"):
        return _read_old_format(lines, kind, source)
    meta: dict[str, tuple[str, int]] = {}
    orders: list[tuple[str, int]] = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        if line.lstrip().startswith("#"):
            # values are kept verbatim (names may start or end with spaces); numbers are stripped
            match = _META.fullmatch(line.lstrip())
            if match:
                meta[match.group(1).upper()] = (match.group(2), number)
            continue
        orders.append((line, number))

    def number_of(key: str, required: bool = True) -> int | None:
        if key not in meta:
            if required:
                raise BallotFileError(f"missing '# {key}:' line", source, None)
            return None
        value, line = meta[key]
        value = value.strip()
        if not re.fullmatch(r"[0-9]+", value):
            raise BallotFileError(f"{key} must be a whole number, not {value!r}", source, line)
        return int(value)

    n = number_of("NUMBER ALTERNATIVES")
    names = []
    for index in range(1, n + 1):
        key = f"ALTERNATIVE NAME {index}"
        if key not in meta:
            raise BallotFileError(
                f"missing '# {key}:' line ({n} alternatives declared)", source, None
            )
        names.append(meta[key][0])
    extra = [key for key in meta if key.startswith("ALTERNATIVE NAME ")]
    if len(extra) != n:
        raise BallotFileError(
            f"{len(extra)} alternative names for {n} alternatives", source, meta[extra[-1]][1]
        )
    categories = number_of("NUMBER CATEGORIES") if kind == "cat" else 0

    ballots = []
    for line, number in orders:
        match = _ORDER.fullmatch(line)
        if not match:
            raise BallotFileError(
                f"expected 'count: order', found {line.strip()!r}", source, number
            )
        groups = _parse_groups(match.group(2), n, source, number)
        _check_order(groups, kind, n, source, number)
        ranking = _ranking(groups, kind, categories, source, number)
        ballots.append(Ballot(ranking, int(match.group(1))))

    voters = number_of("NUMBER VOTERS", required=False)
    if voters is not None and voters != sum(b.weight for b in ballots):
        raise BallotFileError(
            f"NUMBER VOTERS is {voters} but the orders count {sum(b.weight for b in ballots)}",
            source,
            meta["NUMBER VOTERS"][1],
        )
    unique = number_of("NUMBER UNIQUE ORDERS", required=False)
    if unique is not None and unique != len(ballots):
        raise BallotFileError(
            f"NUMBER UNIQUE ORDERS is {unique} but there are {len(ballots)} order lines",
            source,
            meta["NUMBER UNIQUE ORDERS"][1],
        )
    seats = number_of("NUMBER SEATS", required=False) or 1
    return Profile(
        candidates=tuple(names),
        ballots=tuple(ballots),
        seats=seats,
        title=meta.get("TITLE", ("", 0))[0],
    )


def _read_old_format(lines: list[str], kind: str, source: str) -> Profile:
    if kind == "cat":
        raise BallotFileError("categorical data needs the current PrefLib format", source, 1)
    rows = [(line.strip(), number) for number, line in enumerate(lines, start=1) if line.strip()]
    if not rows or not re.fullmatch(r"[0-9]+", rows[0][0]):
        line = rows[0][1] if rows else 1
        raise BallotFileError("expected the number of alternatives on the first line", source, line)
    n = int(rows[0][0])
    names = []
    for position in range(1, n + 1):
        if position >= len(rows):
            raise BallotFileError(f"expected {n} alternative names", source, rows[-1][1])
        text, number = rows[position]
        index, _, name = text.partition(",")
        if index.strip() != str(position):
            raise BallotFileError(
                f"expected alternative {position}, found {text!r}", source, number
            )
        names.append(name.strip())
    if n + 1 >= len(rows):
        raise BallotFileError("missing the 'voters,sum,unique' line", source, rows[-1][1])
    ballots = []
    for text, number in rows[n + 2 :]:
        count, _, order = text.partition(",")
        if not re.fullmatch(r"[0-9]+", count.strip()):
            raise BallotFileError(f"non-numeric count {count.strip()!r}", source, number)
        groups = _parse_groups(order, n, source, number)
        _check_order(groups, kind, n, source, number)
        ballots.append(Ballot(tuple(groups), int(count)))
    return Profile(candidates=tuple(names), ballots=tuple(ballots))


def write_preflib(profile: Profile, kind: str) -> str:
    """The profile in the current PrefLib format. Identical rankings are merged into one line
    (PrefLib lists distinct orders); a `cat` file needs approval ballots (one group at most)."""
    kind = _kind(kind)
    if profile.withdrawn:
        raise ValueError("PrefLib files cannot mark candidates withdrawn")
    merged = profile.merged()
    n = len(profile.candidates)
    lines = [f"# TITLE: {profile.title}", f"# DATA TYPE: {kind}"]
    lines.append(f"# NUMBER ALTERNATIVES: {n}")
    lines.append(f"# NUMBER VOTERS: {merged.total_weight}")
    lines.append(f"# NUMBER UNIQUE ORDERS: {len(merged.ballots)}")
    if profile.seats != 1:
        lines.append(f"# NUMBER SEATS: {profile.seats}")
    if kind == "cat":
        lines += ["# NUMBER CATEGORIES: 2", "# CATEGORY NAME 1: approved"]
        lines.append("# CATEGORY NAME 2: not approved")
    for text in (profile.title, *profile.candidates):
        if text.splitlines() not in ([], [text]):
            raise ValueError(f"a PrefLib name or title cannot contain a line break: {text!r}")
    for index, name in enumerate(profile.candidates, start=1):
        lines.append(f"# ALTERNATIVE NAME {index}: {name}")
    for ballot in merged.ballots:
        groups = list(ballot.ranking)
        if kind == "cat":
            if len(groups) > 1:
                raise ValueError("a .cat file holds approval ballots (a ranking of one group)")
            approved = groups[0] if groups else ()
            rest = tuple(i for i in range(n) if i not in approved)
            text = ",".join("{" + ",".join(str(i + 1) for i in g) + "}" for g in (approved, rest))
        else:
            _check_written(groups, kind, n)
            text = ",".join(
                str(g[0] + 1) if len(g) == 1 else "{" + ",".join(str(i + 1) for i in g) + "}"
                for g in groups
            )
        lines.append(f"{ballot.weight}: {text}")
    return "\n".join(lines) + "\n"


def _check_written(groups: list[tuple[int, ...]], kind: str, n: int) -> None:
    try:
        _check_order(groups, kind, n, "<profile>", None)
    except BallotFileError as error:
        raise ValueError(f"cannot write this profile as .{kind}: {error.message}") from None
