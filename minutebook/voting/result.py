"""What every count returns: the winners in order and a report of every round."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from typing import Any

# Vote totals are exact: ints, Decimals quantized to the rule's places, or Fractions.
Votes = int | Decimal | Fraction


def _jsonable(value: Any) -> Any:
    if isinstance(value, Fraction):
        return str(value) if value.denominator != 1 else value.numerator
    if isinstance(value, Decimal):
        return format(value, "f")  # 0.000000000, not 0E-9
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    return value


@dataclass
class Round:
    """One stage of a count. `votes` maps each candidate still in the count (by name) to their
    total at the end of the stage; `action` says what the stage did, `note` why.

    For counts with fractional transfers (STV): `loss` is the value lost so far because transfer
    values are truncated to the rule's decimal places, and `keep_factors` (Meek) the share of the
    weight reaching each candidate that they keep. In the STV counts votes are conserved: the sum of
    `votes`, `exhausted`, `nontransferable` and `loss` is the number of valid ballots at every
    stage."""

    number: int
    action: str
    votes: dict[str, Votes]
    quota: Votes | None = None
    exhausted: Votes = 0
    nontransferable: Votes = 0
    elected: list[str] = field(default_factory=list)
    excluded: list[str] = field(default_factory=list)
    transfers: dict[str, Votes] = field(default_factory=dict)
    note: str = ""
    loss: Votes = 0
    keep_factors: dict[str, Votes] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return _jsonable(
            {
                "number": self.number,
                "action": self.action,
                "quota": self.quota,
                "votes": self.votes,
                "exhausted": self.exhausted,
                "nontransferable": self.nontransferable,
                "elected": self.elected,
                "excluded": self.excluded,
                "transfers": self.transfers,
                "note": self.note,
                "loss": self.loss,
                "keep_factors": self.keep_factors,
            }
        )


@dataclass
class CountResult:
    """The outcome of a count. `elected` is in order of election; `ranking` (when the method
    gives one) is the full order of candidates, groups of equals allowed; `pairwise` is the
    matrix d[a][b] = weight of ballots preferring a to b for Condorcet methods."""

    method: str
    seats: int
    candidates: list[str]
    elected: list[str]
    rounds: list[Round] = field(default_factory=list)
    ranking: list[list[str]] | None = None
    pairwise: list[list[Votes]] | None = None
    tie_seed: int | None = None
    ties_broken: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return _jsonable(
            {
                "method": self.method,
                "seats": self.seats,
                "candidates": self.candidates,
                "elected": self.elected,
                "ranking": self.ranking,
                "pairwise": self.pairwise,
                "tie_seed": self.tie_seed,
                "ties_broken": self.ties_broken,
                "notes": self.notes,
                "rounds": [r.to_json() for r in self.rounds],
            }
        )
