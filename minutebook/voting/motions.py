"""Deciding a motion: yes/no/abstain against the thresholds constitutions use.

Every threshold is "at least a fraction of a basis", computed in integers. What the basis is
decides how abstentions and blank ballots act, as Robert's Rules of Order (12th ed., §44)
explains:

- **votes cast** (`majority_cast`, `two_thirds_cast`, `three_fifths_cast`, `unanimous`): the
  basis is the votes cast, yes + no (+ illegal votes, see below). Abstentions and blank ballots
  are not votes and do not count at all.
- **members present** (`majority_present`): the basis is everyone present and entitled to vote,
  so an abstention or a blank ballot works exactly like a no.
- **entire membership** (`majority_entire`, `two_thirds_entire`): the basis is the full
  membership of the body, so absentees, abstentions and blanks all work like a no.

"Majority" means more than half, never "50% + 1" of a rounded figure: with 81 votes cast a
majority is 41. A tie therefore fails. "Two-thirds" and "three-fifths" mean at least that
fraction: 20 yes to 10 no is exactly two-thirds and passes. A motion always needs at least one
yes vote, so a vote with nobody voting yes fails whatever the threshold.

Illegal votes (a ballot for an ineligible option, one that cannot be read) are cast by members
entitled to vote, so RONR counts them in the votes cast, though never as yes: pass them as
`illegal`. The ledger uses `decide` to check decisions, so everything here is exact integer
arithmetic, and the outcome explains itself in plain English for the minutes.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Threshold(StrEnum):
    MAJORITY_CAST = "majority_cast"
    TWO_THIRDS_CAST = "two_thirds_cast"
    THREE_FIFTHS_CAST = "three_fifths_cast"
    MAJORITY_PRESENT = "majority_present"
    MAJORITY_ENTIRE = "majority_entire"
    TWO_THIRDS_ENTIRE = "two_thirds_entire"
    UNANIMOUS = "unanimous"


@dataclass(frozen=True)
class MotionOutcome:
    """`required` is the fewest yes votes that adopt the motion on this basis; `basis` the number
    the fraction was taken of (votes cast, members present, or the entire membership)."""

    adopted: bool
    required: int
    basis: int
    explanation: str


# (numerator, denominator, strictly more than?) and how the basis is described.
_RULES: dict[Threshold, tuple[int, int, bool, str]] = {
    Threshold.MAJORITY_CAST: (1, 2, True, "cast"),
    Threshold.TWO_THIRDS_CAST: (2, 3, False, "cast"),
    Threshold.THREE_FIFTHS_CAST: (3, 5, False, "cast"),
    Threshold.MAJORITY_PRESENT: (1, 2, True, "present"),
    Threshold.MAJORITY_ENTIRE: (1, 2, True, "entire"),
    Threshold.TWO_THIRDS_ENTIRE: (2, 3, False, "entire"),
    Threshold.UNANIMOUS: (1, 1, False, "cast"),
}

_FRACTION_WORDS = {
    (1, 2, True): "a majority (more than half)",
    (2, 3, False): "two-thirds",
    (3, 5, False): "three-fifths",
    (1, 1, False): "unanimity (every vote)",
}


def required_votes(numerator: int, denominator: int, strictly_more: bool, basis: int) -> int:
    """The fewest yes votes that reach `numerator/denominator` of `basis` (strictly more than
    it when `strictly_more`), and never fewer than one."""
    if strictly_more:
        needed = basis * numerator // denominator + 1
    else:
        needed = -(-basis * numerator // denominator)  # ceiling division, in integers
    return max(needed, 1)


def decide(
    threshold: Threshold | str,
    *,
    yes: int,
    no: int,
    abstain: int = 0,
    blank: int = 0,
    present: int | None = None,
    entire: int | None = None,
    illegal: int = 0,
) -> MotionOutcome:
    """Decide a motion. `present` (members present and entitled to vote) is needed for
    `majority_present`, `entire` (the body's full membership) for the `*_entire` thresholds;
    when given they are also checked against the votes. Raises ValueError for an unknown
    threshold, a missing basis, or inconsistent counts."""
    try:
        threshold = Threshold(threshold)
    except ValueError:
        choices = ", ".join(t.value for t in Threshold)
        raise ValueError(f"unknown threshold {threshold!r}; choose one of {choices}") from None
    counts = {"yes": yes, "no": no, "abstain": abstain, "blank": blank, "illegal": illegal}
    counts.update({k: v for k, v in (("present", present), ("entire", entire)) if v is not None})
    for name, value in counts.items():
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValueError(f"{name} must be a whole number, not {value!r}")
        if value < 0:
            raise ValueError(f"{name} cannot be negative ({value})")
    participating = yes + no + abstain + blank + illegal
    if present is not None and participating > present:
        raise ValueError(
            f"{participating} votes, abstentions and blank ballots but only {present} members present"
        )
    if entire is not None and participating > entire:
        raise ValueError(
            f"{participating} votes, abstentions and blank ballots but only {entire} members in all"
        )
    if present is not None and entire is not None and present > entire:
        raise ValueError(f"{present} members present but only {entire} members in all")

    numerator, denominator, strictly, base = _RULES[threshold]
    if base == "present":
        if present is None:
            raise ValueError(f"{threshold.value} needs present= (the members present)")
        basis = present
        basis_words = f"the {present} members present"
        aside = "abstentions and blank ballots count as no"
    elif base == "entire":
        if entire is None:
            raise ValueError(f"{threshold.value} needs entire= (the entire membership)")
        basis = entire
        basis_words = f"the entire membership of {entire}"
        aside = "absentees, abstentions and blank ballots count as no"
    else:
        basis = yes + no + illegal
        basis_words = f"the {basis} votes cast"
        aside = "abstentions and blank ballots are not counted"
        if illegal:
            aside += f"; {illegal} illegal vote(s) count in the votes cast"
    required = required_votes(numerator, denominator, strictly, basis)
    adopted = yes >= required
    fraction = _FRACTION_WORDS[(numerator, denominator, strictly)]
    verdict = "Adopted" if adopted else "Not adopted"
    why = f"{yes} yes, {no} no"
    if abstain or blank:
        why += f", {abstain} abstaining, {blank} blank"
    explanation = (
        f"{verdict}: {why}. The motion needed {fraction} of {basis_words}, "
        f"that is at least {required} yes vote(s) ({aside})."
    )
    if not adopted and strictly and 2 * yes == basis and basis:
        explanation += " Exactly half is not more than half: a tie fails."
    return MotionOutcome(adopted=adopted, required=required, basis=basis, explanation=explanation)
