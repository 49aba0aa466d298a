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

Beyond the seven names, a threshold may be any expression of `minutebook.voting.thresholds`
("three-quarters of the votes cast and at least 100 taking part"); `decide` takes either.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from minutebook.voting.thresholds import (
    Basis,
    Combination,
    Condition,
    ConditionResult,
    Counts,
    Measure,
    ThresholdError,
    evaluate,
    parse_threshold,
    rule_threshold,
    threshold_words,
)
from minutebook.voting.thresholds import Threshold as ParsedThreshold


class Threshold(StrEnum):
    """The traditional names; any threshold of `minutebook.voting.thresholds` is accepted too."""

    MAJORITY_CAST = "majority_cast"
    TWO_THIRDS_CAST = "two_thirds_cast"
    THREE_FIFTHS_CAST = "three_fifths_cast"
    MAJORITY_PRESENT = "majority_present"
    MAJORITY_ENTIRE = "majority_entire"
    TWO_THIRDS_ENTIRE = "two_thirds_entire"
    UNANIMOUS = "unanimous"


@dataclass(frozen=True)
class MotionOutcome:
    """`required` is the fewest yes votes that adopt the motion on the most demanding condition
    on votes for, `basis` the number that condition's fraction was taken of (votes cast,
    members present, or the entire membership; 0 for a fixed number of votes). `conditions`
    has each condition's result, in the order written."""

    adopted: bool
    required: int
    basis: int
    explanation: str
    conditions: tuple[ConditionResult, ...] = ()


_FRACTION_WORDS = {
    ("1/2", True): "a majority (more than half)",
    ("2/3", False): "two-thirds",
    ("3/5", False): "three-fifths",
    ("1/1", False): "unanimity (every vote)",
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
    threshold: Threshold | str | ParsedThreshold,
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
    thresholds of the members present, `entire` (the full membership) for those of the entire
    membership; when given they are also checked against the votes. Raises ValueError for an
    unknown threshold, a missing basis, or inconsistent counts."""
    try:
        parsed = parse_threshold(threshold)
    except ThresholdError as error:
        raise ValueError(str(error)) from None
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

    tally = Counts(yes, no, abstain, blank, illegal, present, entire)
    met, results = evaluate(parsed.rule, tally)
    adopted = met and yes >= 1
    on_votes_for = [r for r in results if r.condition.measure == Measure.FOR]
    decisive = max(on_votes_for, key=lambda r: r.needed, default=None)
    required = decisive.needed if decisive else 1
    basis = (decisive.basis or 0) if decisive else 0

    verdict = "Adopted" if adopted else "Not adopted"
    why = f"{yes} yes, {no} no"
    if abstain or blank:
        why += f", {abstain} abstaining, {blank} blank"
    if (
        isinstance(parsed.rule, Condition)
        and parsed.rule.measure == Measure.FOR
        and parsed.rule.share
    ):
        explanation = f"{verdict}: {why}. " + _one_share_words(parsed.rule, results[0], illegal)
    else:
        explanation = f"{verdict}: {why}. " + _conditions_words(parsed.rule, results)
        if met and not yes:
            explanation += " A motion needs at least one vote for."
    return MotionOutcome(
        adopted=adopted,
        required=required,
        basis=basis,
        explanation=explanation,
        conditions=tuple(results),
    )


def _one_share_words(condition: Condition, result: ConditionResult, illegal: int) -> str:
    """One share of a basis, in the words the minutes have always used."""
    assert condition.share is not None and result.basis is not None
    fraction = _FRACTION_WORDS.get((condition.share.written, condition.strictly_more))
    if fraction is None:
        comparison = "more than" if condition.strictly_more else "at least"
        fraction = f"{comparison} {condition.share.words()}"
    basis = result.basis
    if condition.basis == Basis.PRESENT:
        basis_words, aside = (
            f"the {basis} members present",
            "abstentions and blank ballots count as no",
        )
    elif condition.basis == Basis.ENTIRE:
        basis_words = f"the entire membership of {basis}"
        aside = "absentees, abstentions and blank ballots count as no"
    else:
        basis_words = f"the {basis} votes cast"
        if condition.abstentions_counted:
            aside = "abstentions and blank ballots are counted in the votes cast"
        else:
            aside = "abstentions and blank ballots are not counted"
        if illegal:
            aside += f"; {illegal} illegal vote(s) count in the votes cast"
    words = (
        f"The motion needed {fraction} of {basis_words}, "
        f"that is at least {result.needed} yes vote(s) ({aside})."
    )
    if not result.met and condition.strictly_more and 2 * result.got == basis and basis:
        words += " Exactly half is not more than half: a tie fails."
    return words


def _conditions_words(rule, results: list[ConditionResult]) -> str:
    if isinstance(rule, Condition):
        return f"It needed {results[0].words}."
    if isinstance(rule, Combination) and all(isinstance(p, Condition) for p in rule.parts):
        head = "all of these" if rule.every else "at least one of these"
        listed = "; ".join(f"({n}) {r.words}" for n, r in enumerate(results, 1))
        return f"It needed {head}: {listed}."
    listed = "; ".join(f"({n}) {r.words}" for n, r in enumerate(results, 1))
    return f"It needed {threshold_words(rule_threshold(rule))}. Measured: {listed}."
