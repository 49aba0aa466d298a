"""The Proportional Representation Foundation's reference Meek rule,
https://prfound.org/resources/reference/reference-meek-rule/.

Meek STV never moves ballots: every ballot is counted afresh in each iteration, each candidate
on it keeping the share of the remaining weight given by their keep factor (1 while hopeful, 0
once defeated, less than 1 once elected), until the elected candidates' votes settle on the
quota. Because the quota is recomputed from the votes still in play, exhausted ballots lower it.

- A. Hopeful candidates start with keep factor 1; omega is 0.000001.
- B.1 The count is complete when every seat is filled or the hopeful candidates are no more
  than the seats left.
- B.2 Iterate: (a) distribute every ballot's weight, each candidate keeping weight x keep factor
  (rounded up to nine decimal places); (b) quota = sum of the votes / (seats + 1), truncated,
  plus 0.000000001; (c) elect every hopeful candidate with a quota; (d) total surplus = sum of
  the elected candidates' votes above the quota; (e) stop iterating when someone was elected,
  or the surplus is below omega, or it stopped falling; (f) else set each elected candidate's
  keep factor to keep factor x quota / vote (each step rounded up) and iterate again.
- B.3 If nobody was elected, defeat the hopeful candidate with the lowest vote; every hopeful
  candidate whose vote is within the total surplus of the lowest counts as tied with them, and
  the tie is broken by the profile's tie order, otherwise by lot (T).
- C. Elect the remaining hopeful candidates if seats are left, or else defeat them.

Values are integers scaled by 10^9. The weight left on ballots that run out of candidates is
reported as exhausted; Meek loses nothing to rounding, since what a candidate keeps is exactly
what the ballot gives up.
"""

from __future__ import annotations

import numpy as np

from minutebook.voting.profile import Profile
from minutebook.voting.result import CountResult
from minutebook.voting.stv.count import ELECTED, EXCLUDED, HOPEFUL, StvCount

_OMEGA_PLACES = 6


def meek_stv(profile: Profile, seats: int | None = None, seed: int | None = None) -> CountResult:
    """Count `profile` under the PRF reference Meek rule (9 decimal places, omega 10^-6)."""
    return _MeekCount(profile, seats, seed).run()


def _ceil_div(numerator: int, denominator: int) -> int:
    return -(-numerator // denominator)


class _MeekCount(StvCount):
    method = "meek-stv"
    places = 9

    def run(self) -> CountResult:
        if self.total > np.iinfo(np.int64).max // self.unit:
            raise ValueError("too many ballots for exact 64-bit arithmetic at nine places")
        self.omega = self.unit // 10**_OMEGA_PLACES
        self.keep = np.zeros(self.n + 1, dtype=np.int64)  # index n: "no further preference"
        self.keep[: self.n][self.in_state(HOPEFUL)] = self.unit
        self.quota = self._quota(self.total * self.unit)
        self.notes.append(
            f"Initial quota: {self.total} valid ballots / ({self.seats} seats + 1) + "
            f"0.000000001 = {self.dec(self.quota)}; it falls as ballots are exhausted."
        )
        self.votes, self.exhausted = self._distribute()
        self._record("first preferences")
        while len(self.hopeful) > self.seats_left > 0:
            elected, surplus, iterations, settled = self._iterate()
            note = f"{iterations} iteration{'s' if iterations > 1 else ''}; "
            note += f"total surplus {self.dec(surplus)}."
            if elected:
                self._record("elect", elected=elected, note=f"{note} {self._elected(elected)}")
                continue
            loser, why = self._lowest(surplus)
            self.status[loser] = EXCLUDED
            self.keep[loser] = 0
            defeat = f"{self.names[loser]} has the lowest vote and is defeated ({settled})."
            self._record(
                f"defeat {self.names[loser]}",
                excluded=[loser],
                note=" ".join(x for x in (note, why, defeat) if x),
            )
        self.finish(self.votes, "no more hopeful candidates than seats to fill (C.1)")
        return self.result()

    def _quota(self, votes: int) -> int:
        return votes // (self.seats + 1) + 1

    def _record(self, action: str, **details) -> None:
        counted = np.flatnonzero(self.in_state(ELECTED, HOPEFUL))
        self.record(
            action,
            self.votes.tolist(),
            quota=self.quota,
            exhausted=self.exhausted,
            keep_factors={int(c): int(self.keep[c]) for c in counted},
            **details,
        )

    def _elected(self, elected: list[int]) -> str:
        has, is_ = ("has", "is") if len(elected) == 1 else ("have", "are")
        return f"{self.listed(elected)} {has} a quota and {is_} elected."

    def _distribute(self) -> tuple[np.ndarray, int]:
        """B.2.a: every ballot's weight shared down its ranking by the keep factors. Returns each
        candidate's vote and the weight left over on exhausted ballots, scaled."""
        rankings = self.papers.rankings
        counts = self.papers.counts
        weight = np.full(len(counts), self.unit, dtype=np.int64)
        votes = np.zeros(self.n + 1, dtype=np.int64)
        active = np.arange(len(counts))
        for column in range(rankings.shape[1]):
            if not active.size:
                break
            candidates = rankings[active, column]
            share = -(-(weight[active] * self.keep[candidates]) // self.unit)  # rounded up
            np.add.at(votes, candidates, share * counts[active])
            weight[active] -= share
            active = active[(weight[active] > 0) & (candidates != self.n)]
        return votes, int((weight * counts).sum())

    def _iterate(self) -> tuple[list[int], int, int, str]:
        """B.2 until someone is elected or the surplus settles. Returns who was elected, the
        total surplus, the number of iterations and why the iteration stopped."""
        last_surplus = self.total * self.unit
        iterations = 0
        while True:
            iterations += 1
            self.votes, self.exhausted = self._distribute()
            self.quota = self._quota(int(self.votes[: self.n].sum()))
            reached = [c for c in self.hopeful if self.votes[c] >= self.quota]
            elected = self.elect(self.by_votes(reached, self.votes))
            surplus = max(0, sum(int(self.votes[c]) - self.quota for c in self.elected))
            if elected:
                return elected, surplus, iterations, "elected"
            if surplus < self.omega:
                return [], surplus, iterations, "surplus below omega"
            if surplus >= last_surplus:
                return [], surplus, iterations, "surplus no longer falling"
            last_surplus = surplus
            for c in self.elected:
                kept = _ceil_div(int(self.keep[c]) * self.quota, self.unit)
                self.keep[c] = _ceil_div(kept * self.unit, int(self.votes[c]))

    def _lowest(self, surplus: int) -> tuple[int, str]:
        """B.3: the lowest hopeful candidate; those within the total surplus of them are tied."""
        hopeful = self.hopeful
        lowest = min(int(self.votes[c]) for c in hopeful)
        tied = [c for c in hopeful if self.votes[c] <= lowest + surplus]
        if len(tied) == 1:
            return tied[0], ""
        chosen, text = self.pick(tied, weakest=True, reason="defeat")
        return chosen, text + "."
