"""Weighted votes: a unit's votes shared among its delegates present, in whole numbers.

Constitutions that apportion delegates often let those who attend carry the votes of the
delegates their unit did not send or who stayed away ("the delegates present cast the full
vote of their branch"), or give each unit one vote per member, cast by its delegates. Each
delegate then casts one ballot that counts for several votes, and counts, quorums and
thresholds are taken over the votes, not over the people.

The votes of a unit are shared among its delegates present in the order given (the charter's
order of seats: the head of the delegation first):

- `equal`: as evenly as whole votes allow; the first delegates carry one more when the votes
  do not divide (7 votes among 3 delegates: 3, 2, 2);
- `first`: every delegate present casts their own vote and the first carries all the rest
  (7 votes, 3 delegates: 5, 1, 1).

No Django here; `minutebook.meetings` applies it to a meeting's attendance."""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from enum import StrEnum
from typing import TypeVar

Delegate = TypeVar("Delegate", bound=Hashable)


class Split(StrEnum):
    EQUAL = "equal"
    FIRST = "first"


def share_votes(votes: int, delegates: Sequence[Delegate], split: Split) -> dict[Delegate, int]:
    """The votes each delegate present carries. With more delegates than votes (a unit whose
    seats fell at a later census), the first delegates carry one vote each and the others
    none, whatever the split."""
    if votes < 0:
        raise ValueError("a unit cannot have fewer than no votes")
    if len(set(delegates)) != len(delegates):
        raise ValueError("a delegate is listed twice")
    count = len(delegates)
    if count == 0:
        return {}
    if votes <= count:
        return {delegate: int(index < votes) for index, delegate in enumerate(delegates)}
    if split == Split.FIRST:
        return {
            delegate: votes - (count - 1) if index == 0 else 1
            for index, delegate in enumerate(delegates)
        }
    each, rest = divmod(votes, count)
    return {delegate: each + int(index < rest) for index, delegate in enumerate(delegates)}


def weighted_choices(ballots: Sequence[tuple[str, int]]) -> dict[str, int]:
    """Votes per choice from (choice, weight) ballots."""
    totals: dict[str, int] = {}
    for choice, weight in ballots:
        if weight < 0:
            raise ValueError("a ballot cannot weigh less than nothing")
        totals[choice] = totals.get(choice, 0) + weight
    return totals
