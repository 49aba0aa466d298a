"""In what order the waiting are called, and why: pure Python, so the rules read in one place
and the same function orders the list that everyone sees and picks whom the chair calls.

The rules, in order of precedence:
1. Points of order come before the list, in the order they were raised.
2. With a progressive list, speeches by people who have not yet spoken in the meeting come
   before speeches by people who have.
3. With pro/contra alternation, within the same group the next speaker is the first who
   takes the side opposite to the last speaker's; if nobody waits on that side, the list goes
   on in order of asking.
4. Otherwise, first come, first served.
Every position carries the reason it is where it is, in words and as rule codes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

SPEECH = "speech"
POINT_OF_ORDER = "point_of_order"
NO_STANCE, PRO, CONTRA = "none", "pro", "contra"
_OPPOSITE = {PRO: CONTRA, CONTRA: PRO}
_SIDE = {PRO: "for", CONTRA: "against"}


@dataclass(frozen=True)
class Candidate:
    id: int
    kind: str
    stance: str
    requested_at: dt.datetime
    has_spoken: bool  # made a speech earlier in this meeting


@dataclass(frozen=True)
class Placed:
    candidate: Candidate
    position: int  # 1-based
    reason: str
    rules: tuple[str, ...]


def opposite(stance: str | None) -> str | None:
    return _OPPOSITE.get(stance or NO_STANCE)


def speaking_order(
    candidates: Iterable[Candidate],
    *,
    progressive: bool = False,
    pro_contra: bool = False,
    last_stance: str | None = None,
) -> list[Placed]:
    """The waiting in the order they will be called. `last_stance` is the side of the last
    speech on the item (None if nobody has taken a side yet)."""
    arrival = sorted(candidates, key=lambda c: (c.requested_at, c.id))
    placed: list[Placed] = []

    def place(candidate: Candidate, reasons: list[str], rules: list[str]) -> None:
        text = "; ".join(reasons)
        placed.append(Placed(candidate, len(placed) + 1, text[:1].upper() + text[1:], tuple(rules)))

    for candidate in arrival:
        if candidate.kind == POINT_OF_ORDER:
            place(candidate, ["point of order: heard before the list"], ["point_of_order"])

    speeches = [c for c in arrival if c.kind != POINT_OF_ORDER]
    if progressive:
        groups = [
            (
                [c for c in speeches if not c.has_spoken],
                "has not yet spoken in this meeting",
                "progressive_first",
            ),
            (
                [c for c in speeches if c.has_spoken],
                "has already spoken in this meeting: after those who have not",
                "progressive_again",
            ),
        ]
    else:
        groups = [(speeches, None, None)]

    due = opposite(last_stance) if pro_contra else None
    for group, group_reason, group_rule in groups:
        remaining = list(group)
        while remaining:
            reasons = [group_reason] if group_reason else []
            rules = [group_rule] if group_rule else []
            pick = remaining[0]
            if due is not None:
                on_side = next((c for c in remaining if c.stance == due), None)
                if on_side is not None:
                    pick = on_side
                    passed = remaining.index(on_side)
                    ahead = f", ahead of {passed} who asked earlier" if passed else ""
                    reasons.append(
                        f"speaks {_SIDE[due]}, after a speaker {_SIDE[_OPPOSITE[due]]}{ahead}"
                    )
                    rules.append("alternation")
                else:
                    reasons.append(f"nobody waits to speak {_SIDE[due]}: in order of asking")
                    rules.append("alternation_none_waiting")
            else:
                reasons.append("in order of asking")
                rules.append("first_come")
            remaining.remove(pick)
            place(pick, reasons, rules)
            if pro_contra and pick.stance in _OPPOSITE:
                due = _OPPOSITE[pick.stance]
    return placed
