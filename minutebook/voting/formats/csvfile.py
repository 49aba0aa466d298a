"""Minutebook's simple CSV ballot format, for spreadsheets and hand-made test data.

    # title: Board election 2024
    # seats: 2
    # withdrawn: Dan
    weight,Alice,Bob,Carol,Dan
    3,1,2,,
    2,,1,1,
    1,2,1,3,

The header row names the candidates; an optional first column named `weight` gives how many
identical ballots the row stands for (1 when the column is absent). Each cell holds the rank the
ballot gives that candidate: 1 for the first choice, 2 for the next, and so on; a blank cell leaves
the candidate unranked. Equal numbers rank candidates equal (the second row above is
Bob = Carol), and only the order of the numbers matters, so gaps are allowed. An approval ballot
marks every approved candidate 1.

Lines starting with `#` are comments, except the settings `# title:`, `# seats:` and
`# withdrawn:` (a comma-separated list of candidate names, quoted as in CSV when needed). Rows
must not span lines. Droop's tie order and options have no place here and are not written.
"""

from __future__ import annotations

import csv
import io
import re

from minutebook.voting.formats.errors import BallotFileError
from minutebook.voting.profile import Ballot, Profile, Ranking

_SETTING = re.compile(r"#\s*(title|seats|withdrawn)\s*:\s?(.*)", re.IGNORECASE)
_COUNT = re.compile(r"[0-9]+")


def _row(text: str) -> list[str]:
    return next(csv.reader([text]), [])


def read_csv(text: str, source: str = "<csv>") -> Profile:
    """Read the CSV ballot format described in this module's docstring."""
    settings: dict[str, tuple[str, int]] = {}
    rows: list[tuple[list[str], int]] = []
    for number, line in enumerate(text.removeprefix("\ufeff").splitlines(), start=1):
        if line.lstrip().startswith("#"):
            match = _SETTING.fullmatch(line.lstrip())
            if match:  # kept verbatim: a title may start or end with spaces
                settings[match.group(1).lower()] = (match.group(2), number)
            continue
        row = _row(line)
        if row and any(cell.strip() for cell in row):
            rows.append((row, number))
    if not rows:
        raise BallotFileError("no header row of candidate names", source, None)

    header, header_line = rows[0]
    has_weight = header[0].strip().lower() == "weight"
    names = [name for name in (header[1:] if has_weight else header)]
    if not names:
        raise BallotFileError("the header names no candidates", source, header_line)
    index = {}
    for position, name in enumerate(names):
        if not name.strip():
            raise BallotFileError(f"candidate {position + 1} has no name", source, header_line)
        if name in index:
            raise BallotFileError(f"candidate {name!r} named twice", source, header_line)
        index[name] = position

    ballots = []
    width = len(header)
    for row, number in rows[1:]:
        if len(row) != width:
            raise BallotFileError(f"expected {width} fields, found {len(row)}", source, number)
        weight = 1
        if has_weight:
            cell = row[0].strip()
            if not _COUNT.fullmatch(cell) or int(cell) < 1:
                raise BallotFileError(
                    f"weight {cell!r} must be a whole number of ballots (1 or more)", source, number
                )
            weight = int(cell)
        ballots.append(
            Ballot(_ranking(row[1:] if has_weight else row, names, source, number), weight)
        )

    seats = 1
    if "seats" in settings:
        value, line = settings["seats"]
        value = value.strip()
        if not _COUNT.fullmatch(value) or int(value) < 1:
            raise BallotFileError(
                f"seats {value!r} must be a whole number (1 or more)", source, line
            )
        seats = int(value)
    withdrawn = set()
    if "withdrawn" in settings:
        value, line = settings["withdrawn"]
        for name in _row(value) if value else []:
            if name not in index:
                raise BallotFileError(
                    f"withdrawn candidate {name!r} is not in the header", source, line
                )
            withdrawn.add(index[name])
    return Profile(
        candidates=tuple(names),
        ballots=tuple(ballots),
        seats=seats,
        title=settings.get("title", ("", 0))[0],
        withdrawn=frozenset(withdrawn),
    )


def _ranking(cells: list[str], names: list[str], source: str, line: int) -> Ranking:
    ranks: dict[int, list[int]] = {}
    for position, cell in enumerate(cells):
        cell = cell.strip()
        if not cell:
            continue
        if not _COUNT.fullmatch(cell) or int(cell) < 1:
            raise BallotFileError(
                f"rank {cell!r} for {names[position]!r} must be a whole number (1 or more)",
                source,
                line,
            )
        ranks.setdefault(int(cell), []).append(position)
    return tuple(tuple(ranks[rank]) for rank in sorted(ranks))


def write_csv(profile: Profile) -> str:
    """The profile in the CSV ballot format; reading it back gives the same profile (the tie
    order and droop options are not part of the format)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    for text in (profile.title, *profile.candidates):
        if text.splitlines() not in ([], [text]):
            raise ValueError(f"a CSV ballot file cannot hold a line break: {text!r}")
    if profile.title:
        out.write(f"# title: {profile.title}\n")
    if profile.seats != 1:
        out.write(f"# seats: {profile.seats}\n")
    if profile.withdrawn:
        names = io.StringIO()
        csv.writer(names, lineterminator="").writerow(
            [profile.candidates[i] for i in sorted(profile.withdrawn)]
        )
        out.write(f"# withdrawn: {names.getvalue()}\n")
    writer.writerow(["weight", *profile.candidates])
    for ballot in profile.ballots:
        if ballot.weight < 1:
            raise ValueError(f"ballot weights are whole numbers of ballots, not {ballot.weight}")
        cells = [""] * len(profile.candidates)
        for rank, group in enumerate(ballot.ranking, start=1):
            for candidate in group:
                cells[candidate] = str(rank)
        writer.writerow([ballot.weight, *cells])
    return out.getvalue()
