"""Instant-runoff voting (the alternative vote): one seat, candidates excluded one at a time.

Each ballot counts for its highest-ranked continuing candidate. A candidate with more than half
of the votes on continuing ballots is elected; otherwise the candidate with the fewest votes is
excluded and their ballots pass to the next continuing preference. A tie for fewest is broken by
the earlier rounds (the candidate with fewer votes at the latest round where the tied candidates
differed is excluded), then by the ballot file's tie order, then by lot with the recorded seed.

Exactly one candidate is excluded per round, as the rule says. (pref_voting's `instant_runoff`,
by contrast, excludes all candidates tied for fewest at once; on the Wikipedia 45-voter example
that changes the winner from C to A. tests/voting/test_irv.py keeps that case.)

A ballot whose highest continuing preference is a group of several candidates ranked equal (an
overvote) cannot be given to one of them: it is exhausted there, as statutory IRV rules treat
overvotes. Ballots with no continuing preference left are exhausted too.
"""

from __future__ import annotations

import numpy as np

from minutebook.voting.profile import Profile
from minutebook.voting.result import CountResult, Round
from minutebook.voting.tally import (
    BallotMatrix,
    TieBreaker,
    compile_ballots,
    resolve_seats,
    to_int,
    withdrawn_note,
)


class _Pointers:
    """Where each distinct ranking stands: a pointer to its current place, per ranking."""

    def __init__(self, ballots: BallotMatrix, continuing: np.ndarray) -> None:
        self.slots = ballots.slots
        self.groups = ballots.groups
        self.exhausted_at = ballots.slots.shape[1] - 1  # the padding column of -1
        self.continuing = np.append(continuing, False)  # index -1 (padding) reads False
        self.pointer = np.zeros(len(ballots.weights), dtype=np.int64)
        self.current = np.full(len(ballots.weights), -1, dtype=np.int64)
        self.advance(np.arange(len(ballots.weights)))

    def advance(self, rows: np.ndarray) -> None:
        """Move `rows` to their highest continuing preference, exhausting overvotes."""
        pending = rows
        while len(pending):
            here = self.slots[pending, self.pointer[pending]]
            stuck = (here >= 0) & ~self.continuing[here]
            pending = pending[stuck]
            self.pointer[pending] += 1
        moved = rows
        rows = rows[self.slots[rows, self.pointer[rows]] >= 0]
        # An overvote: another continuing candidate in the same group as the current place.
        group = np.full(len(self.pointer), -2, dtype=np.int64)
        group[rows] = self.groups[rows, self.pointer[rows]]
        check, offset = rows, 1
        while len(check):
            ahead = np.minimum(self.pointer[check] + offset, self.exhausted_at)
            same = self.groups[check, ahead] == group[check]
            check, ahead = check[same], ahead[same]
            over = self.continuing[self.slots[check, ahead]]
            self.pointer[check[over]] = self.exhausted_at
            check = check[~over]
            offset += 1
        self.current[moved] = self.slots[moved, self.pointer[moved]]


def irv(profile: Profile, seats: int | None = None, seed: int | None = None) -> CountResult:
    """Count one seat by instant runoff. `seats` (default: the profile's) must be 1; for more
    seats use an STV method, of which IRV is the one-seat case."""
    seats = resolve_seats(profile, seats)
    if seats != 1:
        raise ValueError(
            f"instant-runoff fills one seat, not {seats}; use an STV method for several seats"
        )
    return count_irv(profile, compile_ballots(profile), seed)


def count_irv(profile: Profile, ballots: BallotMatrix, seed: int | None = None) -> CountResult:
    """The count itself, on the profile's ballots already merged into a matrix (so that the
    merging can be timed, or done once for several counts)."""
    names = profile.candidates
    breaker = TieBreaker(profile, seed)
    weights = ballots.exact_float_weights
    n = ballots.n_candidates
    continuing = np.zeros(n, dtype=bool)
    continuing[list(profile.continuing)] = True
    pointers = _Pointers(ballots, continuing)

    live = pointers.current >= 0
    tallies = to_int(np.bincount(pointers.current[live], weights=weights[live], minlength=n))
    exhausted = int(ballots.weights[~live].sum())
    history: list[np.ndarray] = []
    rounds: list[Round] = []
    elected: list[str] = []
    while True:
        standing = np.flatnonzero(continuing)
        history.append(tallies.copy())
        total = int(tallies[standing].sum())
        votes = {names[c]: int(tallies[c]) for c in standing}
        leader = int(standing[np.argmax(tallies[standing])])
        if 2 * int(tallies[leader]) > total or len(standing) == 1:
            reason = (
                f"majority: {tallies[leader]} of {total} votes"
                if 2 * int(tallies[leader]) > total
                else "last continuing candidate"
            )
            elected = [names[leader]]
            rounds.append(
                Round(
                    number=len(rounds) + 1,
                    action=f"Elect {names[leader]} ({reason})",
                    votes=votes,
                    exhausted=exhausted,
                    elected=elected,
                )
            )
            break
        loser, note = _fewest(standing, history, breaker, len(rounds) + 1)
        rounds.append(
            Round(
                number=len(rounds) + 1,
                action=f"Exclude {names[loser]} (fewest votes: {tallies[loser]})",
                votes=votes,
                exhausted=exhausted,
                excluded=[names[loser]],
                note=note,
            )
        )
        continuing[loser] = False
        pointers.continuing[loser] = False
        moving = np.flatnonzero(pointers.current == loser)
        pointers.advance(moving)
        tallies[loser] = 0
        now = pointers.current[moving]
        live = now >= 0
        tallies += to_int(np.bincount(now[live], weights=weights[moving][live], minlength=n))
        exhausted += int(ballots.weights[moving][~live].sum())

    return CountResult(
        method="irv",
        seats=1,
        candidates=list(names),
        elected=elected,
        rounds=rounds,
        tie_seed=breaker.seed,
        ties_broken=breaker.record,
        notes=withdrawn_note(profile),
    )


def _fewest(
    standing: np.ndarray, history: list[np.ndarray], breaker: TieBreaker, number: int
) -> tuple[int, str]:
    """The candidate to exclude, and a note when a tie had to be broken."""
    latest = history[-1]
    low = int(latest[standing].min())
    tied = [int(c) for c in standing if latest[c] == low]
    if len(tied) == 1:
        return tied[0], ""
    names = breaker.names
    tied_names = ", ".join(names[c] for c in tied)
    for back in range(len(history) - 2, -1, -1):
        earlier = history[back]
        fewest = min(int(earlier[c]) for c in tied)
        narrowed = [c for c in tied if earlier[c] == fewest]
        if len(narrowed) < len(tied):
            tied = narrowed
            if len(tied) == 1:
                note = (
                    f"{tied_names} tied with {low}; {names[tied[0]]} had fewest votes "
                    f"in round {back + 1}"
                )
                breaker.record.append(f"Round {number}: {note}")
                return tied[0], note
    loser = breaker.weakest(tied, f"Round {number}, tie for fewest votes ({low}), one to exclude")
    return loser, breaker.record[-1]
