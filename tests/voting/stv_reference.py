"""Support for the STV tests: reading the reference results (droop's round-by-round dumps and
reports, the EXPECTED.tsv tables; see tests/voting/data/PROVENANCE.md for where they come from),
and random profiles for the property tests.

A count is compared stage by stage as a list of `Snapshot`s: the state at the end of each stage
(droop's "round"), with candidates elected, excluded or hopeful and the votes of those still in.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from hypothesis import strategies as st

from minutebook.voting.profile import Ballot, Profile
from minutebook.voting.result import CountResult

DATA = Path(__file__).parent / "data"

# droop's candidate states: Hopeful, elected (e: surplus pending), Defeated, Withdrawn
_STATES = {"H": "hopeful", "e": "elected", "E": "elected", "D": "excluded"}


@dataclass
class Snapshot:
    """The end of one stage: quota, exhausted (droop's "non-transferable" or Meek residual),
    each candidate's state, the votes of the candidates not excluded, and Meek keep factors."""

    quota: Decimal
    exhausted: Decimal | None
    states: dict[str, str]
    votes: dict[str, Decimal]
    keep_factors: dict[str, Decimal] = field(default_factory=dict)
    loss: Decimal | None = None

    def same_state(self, other: Snapshot) -> bool:
        return (
            self.quota == other.quota
            and self.exhausted == other.exhausted
            and self.states == other.states
            and self.votes == other.votes
        )


def read_expected(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter="\t"))


def expected_names(cell: str) -> set[str]:
    """The ' | '-separated names of an EXPECTED.tsv cell, verbatim (double spaces kept)."""
    return set(cell.split(" | "))


def read_dump(path: Path) -> list[Snapshot]:
    """droop's tab-separated dump: per round, the last row is the state at the end of the round.
    Meek dumps carry Votes/Surplus/Residual columns and a keep factor per candidate."""
    lines = path.read_text(encoding="utf-8").splitlines()
    header = lines[0].split("\t")
    fixed = header.index("1.name")
    per_candidate = 4 if "1.kf" in header else 3
    last_row: dict[str, list[str]] = {}
    order: list[str] = []
    for line in lines[1:]:
        fields = line.split("\t")
        if fields[1] in ("log", "round") or len(fields) < fixed or fields[0] == "X":
            continue  # the X row repeats the end of the last round
        if fields[0] not in last_row:
            order.append(fields[0])
        last_row[fields[0]] = fields
    snapshots = []
    for key in order:
        fields = last_row[key]
        row = dict(zip(header[:fixed], fields[:fixed], strict=True))
        exhausted = row.get("Non-Transferable", row.get("Residual"))
        snapshot = Snapshot(Decimal(row["Quota"]), Decimal(exhausted), {}, {})
        for start in range(fixed, len(fields), per_candidate):
            name, state, vote = fields[start : start + 3]
            snapshot.states[name] = _STATES[state]
            if state != "D":
                snapshot.votes[name] = Decimal(vote)
                if per_candidate == 4:
                    snapshot.keep_factors[name] = Decimal(fields[start + 3])
        snapshots.append(snapshot)
    return snapshots


_REPORT_CANDIDATE = re.compile(
    r"\t(Hopeful|Pending|Elected|Defeated|Withdrawn): +(.*) \(([-0-9.]+)\)"
)
_REPORT_TOTAL = re.compile(r"\t(Nontransferable votes|Residual): ([-0-9.]+)")


def read_report(path: Path) -> list[Snapshot]:
    """droop's human-readable report (used where no dump exists). Candidate names there have
    runs of spaces collapsed to one; see `droop_name`."""
    states = {"Hopeful": "hopeful", "Pending": "elected", "Elected": "elected"}
    states["Defeated"] = "excluded"
    quota = None
    rounds: list[list[str]] = [[]]
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("\tQuota: ") and quota is None:
            quota = Decimal(line.split(": ")[1])
        elif re.fullmatch(r"Round \d+:", line):
            rounds.append([])
        else:
            rounds[-1].append(line)
    snapshots = []
    for lines in rounds:
        # the last block of the round that lists the candidates is the state at its end
        blocks: list[list[str]] = []
        for line in lines:
            if line.startswith("Action: "):
                blocks.append([])
            elif blocks:
                blocks[-1].append(line)
        listed = [block for block in blocks if any(_REPORT_CANDIDATE.match(x) for x in block)]
        snapshot = Snapshot(quota, None, {}, {})
        for line in listed[-1]:
            if match := _REPORT_CANDIDATE.match(line):
                state, names, vote = match.groups()
                # droop 0.14 lists the defeated with equal votes on one line: "A, B (0.00000)"
                for name in names.split(", ") if state == "Defeated" else [names]:
                    snapshot.states[name] = states[state]
                    if state != "Defeated":
                        snapshot.votes[name] = Decimal(vote)
            elif match := _REPORT_TOTAL.match(line):
                key, value = match.groups()
                if key == "Residual":
                    snapshot.loss = Decimal(value)
                else:
                    snapshot.exhausted = Decimal(value)
        snapshots.append(snapshot)
    return snapshots


def droop_name(name: str) -> str:
    """A name as droop writes it: droop splits the quoted name on whitespace and joins the
    pieces with single spaces (so "Kieran  Wild " becomes "Kieran Wild ")."""
    return " ".join(f'"{name}"'.split())[1:-1]


def snapshots_of(result: CountResult, rename=lambda name: name) -> list[Snapshot]:
    """The same view of a Minutebook count: cumulative elected and excluded sets per stage."""
    elected: set[str] = set()
    excluded: set[str] = set()
    snapshots = []
    candidates = [rename(c) for c in result.candidates]
    for round_ in result.rounds:
        elected.update(rename(c) for c in round_.elected)
        excluded.update(rename(c) for c in round_.excluded)
        votes = {rename(c): v for c, v in round_.votes.items()}
        states = {}
        for name in candidates:
            if name in elected:
                states[name] = "elected"
            elif name in excluded:
                states[name] = "excluded"
            elif name in votes:
                states[name] = "hopeful"
        snapshots.append(
            Snapshot(
                round_.quota,
                round_.exhausted,
                states,
                {c: v for c, v in votes.items() if c not in excluded},
                {rename(c): k for c, k in round_.keep_factors.items() if rename(c) not in excluded},
                round_.loss,
            )
        )
    return snapshots


def drop_idle_stages(snapshots: list[Snapshot]) -> list[Snapshot]:
    """Without the stages that change nothing (droop's transfer of a zero surplus)."""
    kept = snapshots[:1]
    for snapshot in snapshots[1:]:
        if not snapshot.same_state(kept[-1]):
            kept.append(snapshot)
    return kept


# -- random profiles for the property and differential tests -------------------------------------


@st.composite
def strict_profiles(draw, max_candidates: int = 6, max_weight: int = 30, withdrawn: bool = True):
    """Small STV profiles: strict rankings (possibly short or empty), weights, a withdrawn
    candidate now and then."""
    n = draw(st.integers(2, max_candidates))
    ballots = []
    for _ in range(draw(st.integers(1, 12))):
        order = draw(st.permutations(range(n)))[: draw(st.integers(0, n))]
        ballots.append(Ballot(tuple((c,) for c in order), draw(st.integers(1, max_weight))))
    out = frozenset(draw(st.sets(st.integers(0, n - 1), max_size=1))) if withdrawn else frozenset()
    return Profile(
        candidates=tuple("ABCDEFGHIJ"[:n]),
        ballots=tuple(ballots),
        seats=draw(st.integers(1, n)),
        withdrawn=out,
    )
