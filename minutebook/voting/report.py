"""A count as text: the stages as a table (candidates as rows, stages as columns), the pairwise
matrix for Condorcet methods, and what was elected and why.

Wide counts stay readable: when the stages do not fit the width, the table is cut into blocks
of stages, each repeating the candidates' names.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from minutebook.voting.result import CountResult, Votes

NAME_WIDTH = 28


def render(result: CountResult, *, width: int = 100, source: str = "") -> str:
    lines = [
        f"Method: {result.method}    Seats: {result.seats}"
        + (f"    File: {source}" if source else "")
    ]
    if result.rounds:
        lines += ["", *_stage_table(result, width)]
    if result.pairwise is not None:
        lines += ["", *_pairwise_table(result, width)]
    if result.ranking is not None and result.pairwise is not None:
        ranked = "  >  ".join(" = ".join(group) for group in result.ranking)
        lines += ["", f"Ranking: {ranked}"]
    lines += ["", f"Elected: {', '.join(result.elected) if result.elected else '(nobody)'}"]
    if result.ties_broken:
        lines += ["", "Ties broken:", *(f"  - {t}" for t in result.ties_broken)]
    if result.notes:
        lines += ["", "Notes:", *(f"  - {n}" for n in result.notes)]
    if result.tie_seed is not None:
        lines += ["", f"Seed for draws by lot: {result.tie_seed} (give --seed to reproduce)"]
    return "\n".join(lines)


def format_votes(value: Votes | None) -> str:
    if value is None:
        return ""
    if isinstance(value, Fraction):
        if value.denominator == 1:
            return str(value.numerator)
        whole = value.numerator * 100000 // value.denominator  # truncated to 5 places
        return f"{Decimal(whole) / 100000:.5f}"
    if isinstance(value, Decimal):
        return format(value, "f")  # 0.000000000, not 0E-9
    return str(value)


def _short(name: str) -> str:
    return name if len(name) <= NAME_WIDTH else name[: NAME_WIDTH - 1] + "…"


def _blocks(
    rows: list[tuple[str, list[str]]], headings: list[str], width: int, title: str
) -> list[str]:
    """Lay out rows of cells under headings, cut into blocks of columns that fit `width`."""
    label = max([len(r[0]) for r in rows] + [len(title)])
    cell = [max([len(headings[i])] + [len(r[1][i]) for r in rows]) for i in range(len(headings))]
    out: list[str] = []
    start = 0
    while start < len(headings) or start == 0:
        used, stop = label, start
        while stop < len(headings) and (stop == start or used + 2 + cell[stop] <= width):
            used += 2 + cell[stop]
            stop += 1
        columns = range(start, stop)
        if out:
            out.append("")
        out.append(title.ljust(label) + "".join("  " + headings[i].rjust(cell[i]) for i in columns))
        out.append("-" * used)
        for name, cells in rows:
            out.append(name.ljust(label) + "".join("  " + cells[i].rjust(cell[i]) for i in columns))
        if stop == start:
            break
        start = stop
    return out


def _stage_table(result: CountResult, width: int) -> list[str]:
    rounds = result.rounds
    names = [c for c in result.candidates if any(c in r.votes for r in rounds)]
    rows = []
    for name in names:
        cells = []
        for r in rounds:
            mark = "*" if name in r.elected else "-" if name in r.excluded else " "
            cells.append(format_votes(r.votes[name]) + mark if name in r.votes else "")
        rows.append((_short(name), cells))
    if any(r.exhausted for r in rounds):
        rows.append(("Exhausted", [format_votes(r.exhausted) + " " for r in rounds]))
    if any(r.nontransferable for r in rounds):
        rows.append(("Non-transferable", [format_votes(r.nontransferable) + " " for r in rounds]))
    if any(r.loss for r in rounds):
        rows.append(("Rounding loss", [format_votes(r.loss) + " " for r in rounds]))
    if any(r.quota is not None for r in rounds):
        rows.append(("Quota", [format_votes(r.quota) + " " for r in rounds]))
    headings = [f"Stage {r.number}" for r in rounds]
    lines = _blocks(rows, headings, width, "Candidate")
    lines += ["", "(* elected, - excluded at that stage)"]
    lines += [f"Stage {r.number}: {r.action}" + (f" — {r.note}" if r.note else "") for r in rounds]
    return lines


def _pairwise_table(result: CountResult, width: int) -> list[str]:
    d = result.pairwise or []
    keys = [str(i + 1) for i in range(len(result.candidates))]
    rows = [
        (f"{keys[a]} {_short(name)}", ["" if a == b else str(d[a][b]) for b in range(len(d))])
        for a, name in enumerate(result.candidates)
    ]
    lines = ["Pairwise preferences: row over column (ballots ranking row above column)"]
    return lines + _blocks(rows, keys, width, "")
