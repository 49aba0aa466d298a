"""Bookkeeping shared by the non-STV methods: ballots as a NumPy matrix, seats, ties.

A count starts by merging identical rankings (real ballots shrink a lot) and laying the distinct
rankings out as a small-integer matrix, one row per distinct ranking, so each method can count
with vectorized NumPy instead of a Python loop over ballots.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import chain
from operator import attrgetter

import numpy as np

from minutebook.voting.profile import Profile, Ranking
from minutebook.voting.ties import Lot

# Float64 adds integers exactly while every partial sum stays below 2**53. np.bincount only sums
# weights as float64, so the counters check the total weight against this before relying on it.
EXACT_FLOAT_LIMIT = 2**53


@dataclass(frozen=True)
class BallotMatrix:
    """The distinct rankings of a profile, withdrawn candidates removed.

    `slots[u, i]` is the candidate in the i-th place written on ranking u (-1 past its end, and
    one extra column of -1 so that a pointer one past the end reads "exhausted"); `groups[u, i]`
    numbers the preference group of that place (equal numbers are candidates ranked equal);
    `weights[u]` is how many ballots carried ranking u. Rankings that name no continuing candidate
    stay in, with length 0, so that blank ballots can be reported.
    """

    n_candidates: int
    slots: np.ndarray
    groups: np.ndarray
    lengths: np.ndarray
    weights: np.ndarray

    @property
    def total_weight(self) -> int:
        return int(self.weights.sum())

    @property
    def exact_float_weights(self) -> np.ndarray:
        """The weights as float64 for np.bincount, after checking that its sums stay exact."""
        if self.total_weight >= EXACT_FLOAT_LIMIT:
            raise ValueError("more than 2**53 ballots cannot be counted exactly")
        return self.weights.astype(np.float64)


def to_int(values: np.ndarray) -> np.ndarray:
    """Float64 sums of integer weights back to exact int64 (they are exact: see EXACT_FLOAT_LIMIT)."""
    return np.rint(values).astype(np.int64)


def distinct_rankings(profile: Profile) -> tuple[list[Ranking], np.ndarray]:
    """Each distinct ranking once, with the total weight of the ballots that carry it. Cheaper
    than `Profile.merged()`, which also builds Ballot objects the counters do not need."""
    ballots = profile.ballots
    rankings = list(map(attrgetter("ranking"), ballots))
    if all(ballot.weight == 1 for ballot in ballots):
        counted: dict[Ranking, int] = Counter(rankings)
    else:
        counted = dict(zip(rankings, map(attrgetter("weight"), ballots), strict=True))
        if len(counted) < len(ballots):  # not merged yet (a file usually is)
            counted = Counter()
            for ranking, ballot in zip(rankings, ballots, strict=True):
                counted[ranking] += ballot.weight
    weights = np.fromiter(counted.values(), dtype=np.int64, count=len(counted))
    return list(counted), weights


def compile_ballots(profile: Profile) -> BallotMatrix:
    """Merge identical rankings and lay them out as a matrix (see BallotMatrix).

    Vectorized: the distinct rankings are flattened once into (row, group, candidate) arrays;
    withdrawn candidates, repeated mentions of a candidate (the first one counts) and emptied
    groups are then dropped with array operations, so the cost per distinct ranking is a few
    list operations in C rather than a Python loop."""
    n = len(profile.candidates)
    rankings, weights = distinct_rankings(profile)
    if (weights < 0).any():
        raise ValueError(f"negative ballot weight {int(weights.min())}")
    groups_per_row = np.fromiter(map(len, rankings), dtype=np.int64, count=len(rankings))
    all_groups = list(chain.from_iterable(rankings))
    candidates = np.array(list(chain.from_iterable(all_groups)), dtype=np.int64)
    # The usual case: every group holds one candidate (no equals, no empty groups).
    singletons = len(candidates) == len(all_groups) and () not in all_groups
    group_sizes = (
        np.ones(len(all_groups), dtype=np.int64)
        if singletons
        else np.fromiter(map(len, all_groups), dtype=np.int64, count=len(all_groups))
    )
    if len(candidates) and (candidates.min() < 0 or candidates.max() >= n):
        bad = candidates[(candidates < 0) | (candidates >= n)][0]
        raise ValueError(f"candidate index {bad} out of range (0..{n - 1})")
    row_of_group = np.repeat(np.arange(len(rankings)), groups_per_row)
    if singletons:
        group_of_place = np.arange(len(candidates))
        row = row_of_group
    else:
        group_of_place = np.repeat(np.arange(len(group_sizes)), group_sizes)
        row = row_of_group[group_of_place]
    named_twice = _named_twice(row, candidates, n)
    if singletons and not named_twice and not profile.withdrawn and (weights > 0).all():
        return _layout(n, row, candidates, groups_per_row, weights, None)

    keep = weights[row] > 0
    if profile.withdrawn:
        withdrawn = np.zeros(n, dtype=bool)
        withdrawn[list(profile.withdrawn)] = True
        keep &= ~withdrawn[candidates]
    if named_twice:  # keep the first mention
        _, first = np.unique(row * n + candidates, return_index=True)
        once = np.zeros(len(candidates), dtype=bool)
        once[first] = True
        keep &= once
    row, group, candidates = row[keep], group_of_place[keep], candidates[keep]
    lengths = np.bincount(row, minlength=len(rankings)).astype(np.int64)
    live = weights > 0
    return _layout(n, row, candidates, lengths, weights, group, live)


def _layout(
    n: int,
    row: np.ndarray,
    candidates: np.ndarray,
    lengths: np.ndarray,
    weights: np.ndarray,
    group: np.ndarray | None,
    live: np.ndarray | None = None,
) -> BallotMatrix:
    """Place the flattened (row, candidate[, group]) arrays, sorted by row, into the matrix.
    `group` None means every place is its own group."""
    starts = np.cumsum(lengths) - lengths
    row_start = np.repeat(starts, lengths)
    place = np.arange(len(row)) - row_start
    if group is None:
        local_group = place
    else:  # renumber groups 0, 1, 2… within each ranking (some may have been emptied)
        new_group = np.ones(len(row), dtype=bool)
        new_group[1:] = (row[1:] != row[:-1]) | (group[1:] != group[:-1])
        global_group = np.cumsum(new_group) - 1
        local_group = global_group - global_group[row_start] if len(row) else global_group
    width = max(int(lengths.max(initial=0)), 1)  # at least the first place and the padding
    slots = np.full((len(lengths), width + 1), -1, dtype=np.int16 if n < 2**15 else np.int32)
    groups = np.full((len(lengths), width + 1), -1, dtype=np.int16)
    slots[row, place] = candidates
    groups[row, place] = local_group
    if live is not None and not live.all():
        slots, groups, lengths, weights = slots[live], groups[live], lengths[live], weights[live]
    return BallotMatrix(
        n_candidates=n, slots=slots, groups=groups, lengths=lengths, weights=weights
    )


def _named_twice(row: np.ndarray, candidates: np.ndarray, n: int) -> bool:
    """Does any ranking name a candidate twice? With up to 62 candidates, each ranking's set of
    candidates is a bit mask: the sum of the bits equals their OR exactly when none repeats."""
    if not len(row):
        return False
    if n <= 62:
        bits = np.left_shift(np.int64(1), candidates)
        starts = np.flatnonzero(np.r_[True, row[1:] != row[:-1]])
        return bool((np.add.reduceat(bits, starts) != np.bitwise_or.reduceat(bits, starts)).any())
    return len(np.unique(row * n + candidates)) < len(row)


def resolve_seats(profile: Profile, seats: int | None) -> int:
    """The number of seats to fill: the argument, else the profile's, checked against the field."""
    seats = profile.seats if seats is None else seats
    if isinstance(seats, bool) or not isinstance(seats, int) or seats < 1:
        raise ValueError(f"seats must be a positive whole number, not {seats!r}")
    running = len(profile.continuing)
    if running == 0:
        raise ValueError("there are no candidates to count (all withdrawn)")
    if seats > running:
        raise ValueError(f"{seats} seats to fill but only {running} candidate(s) standing")
    return seats


def withdrawn_note(profile: Profile) -> list[str]:
    if not profile.withdrawn:
        return []
    names = ", ".join(profile.candidates[i] for i in sorted(profile.withdrawn))
    return [f"Withdrawn (skipped on every ballot): {names}."]


class TieBreaker:
    """Breaks ties the count's rule leaves open: by the profile's tie order when it has one,
    otherwise by lot. Every decision is described in `record` (for CountResult.ties_broken)."""

    def __init__(self, profile: Profile, seed: int | None) -> None:
        self.names = profile.candidates
        self.lot = Lot(seed)
        self.record: list[str] = []
        self._rank = (
            {c: i for i, c in enumerate(profile.tie_order)} if profile.tie_order is not None else {}
        )

    @property
    def seed(self) -> int:
        return self.lot.seed

    def _by_tie_order(self, tied: Sequence[int]) -> list[int] | None:
        if self._rank and all(c in self._rank for c in tied):
            return sorted(tied, key=self._rank.__getitem__)
        return None

    def strongest(self, tied: Sequence[int], reason: str) -> int:
        """The one of `tied` that the tie-break favours (to elect, or to rank higher)."""
        ordered = self._by_tie_order(tied)
        if ordered is not None:
            chosen = ordered[0]
            self.record.append(
                f"{reason}: {self._list(tied)} tied; {self.names[chosen]} preferred by the "
                "tie order of the ballot file"
            )
            return chosen
        chosen = self.lot.choose(tied, self.names, reason)
        self.record.append(self.lot.draws[-1])
        return chosen

    def weakest(self, tied: Sequence[int], reason: str) -> int:
        """The one of `tied` that the tie-break disfavours (to exclude)."""
        ordered = self._by_tie_order(tied)
        if ordered is not None:
            chosen = ordered[-1]
            self.record.append(
                f"{reason}: {self._list(tied)} tied; {self.names[chosen]} last in the tie "
                "order of the ballot file"
            )
            return chosen
        chosen = self.lot.choose(tied, self.names, reason)
        self.record.append(self.lot.draws[-1])
        return chosen

    def order(self, candidates: Iterable[int], reason: str) -> list[int]:
        """A complete order of `candidates`, strongest first, in one recorded decision (used as
        the tie-breaking ranking of candidates of ranked pairs)."""
        remaining = sorted(candidates)
        ordered = self._by_tie_order(remaining)
        if ordered is not None:
            self.record.append(f"{reason}: the tie order of the ballot file, {self._list(ordered)}")
            return ordered
        ordered = []
        while len(remaining) > 1:
            pick = self.lot.choose(remaining, self.names, f"{reason}, place {len(ordered) + 1}")
            remaining.remove(pick)
            ordered.append(pick)
        ordered.extend(remaining)
        self.record.append(f"{reason}: drawn by lot (seed {self.seed}): {self._list(ordered)}")
        return ordered

    def _list(self, candidates: Iterable[int]) -> str:
        return ", ".join(self.names[c] for c in candidates)


def elect_top(
    ranking: Sequence[Sequence[int]], seats: int, breaker: TieBreaker, reason: str
) -> list[int]:
    """The first `seats` candidates of a ranking given as groups of equals, best first.

    A group that fits wholly within the seats is elected in ballot-paper order (the order inside
    it decides nothing); a group that straddles the last seat is resolved by `breaker`, one seat
    at a time, and only then."""
    elected: list[int] = []
    for group in ranking:
        room = seats - len(elected)
        if room <= 0:
            break
        members = sorted(group)
        if len(members) <= room:
            elected.extend(members)
            continue
        for _ in range(room):
            chosen = breaker.strongest(members, f"{reason}, seat {len(elected) + 1}")
            elected.append(chosen)
            members.remove(chosen)
    return elected


def groups_by_score(scores: dict[int, int]) -> list[list[int]]:
    """Candidates grouped by equal score, highest first, each group in ballot-paper order."""
    by_score: dict[int, list[int]] = {}
    for candidate in sorted(scores):
        by_score.setdefault(scores[candidate], []).append(candidate)
    return [by_score[s] for s in sorted(by_score, reverse=True)]
