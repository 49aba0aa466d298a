"""Warren STV: the Meek count with Warren's rule for what a candidate keeps of a ballot.

The rule is C. H. E. Warren's ("Counting in STV elections", *Voting matters* issue 1, March
1994), as counted by droop, the Proportional Representation Foundation's counter
(`droop/rules/meek.py`, rule `warren`: `keep = kf if kf < weight else weight`). Meek and
Warren differ in one step, the distribution of a ballot (B.2.a of the PRF Meek rule):

- **Meek**: each candidate on the ballot keeps their keep factor's share *of what is left* of
  the ballot: with keep factors 0.6 for A and 0.3 for B, a ballot A > B > C gives A 0.6, B
  0.3 × 0.4 = 0.12 and C the remaining 0.28.
- **Warren**: each candidate keeps their keep factor *of the whole ballot*, as long as that
  much is left, else all that is left: the same ballot gives A 0.6, B 0.3 and C 0.1. With keep
  factors 0.7 and 0.5, A takes 0.7, B only the 0.3 left, and C nothing.

A keep factor is then "the part of each vote the candidate keeps", like a price every voter
who reaches the candidate pays in full, where Meek's is a share of what remains. Everything
else - the quota from the votes still in play, the election of every candidate with a quota,
the keep factors' update k × quota / vote, the test of the surplus against omega, the defeat
of the lowest candidate with those within the surplus of them tied - is the PRF reference
Meek rule (`minutebook.voting.stv.meek`), in the same arithmetic: integers scaled by 10^9,
keep factors updated rounding up, omega 10^-6. droop's own Warren reports use other
arithmetic (18 places and 9 guard digits, or exact rationals, with omega 10^-9 or 10^-10), so
their figures are not reproduced to the last digit; the tests compare who is elected.
"""

from __future__ import annotations

import numpy as np

from minutebook.voting.profile import Profile
from minutebook.voting.result import CountResult
from minutebook.voting.stv.meek import _MeekCount


def warren_stv(profile: Profile, seats: int | None = None, seed: int | None = None) -> CountResult:
    """Count `profile` under Warren STV (the PRF Meek rule's arithmetic, 9 decimal places and
    omega 10^-6, with Warren's distribution of each ballot)."""
    return _WarrenCount(profile, seats, seed).run()


class _WarrenCount(_MeekCount):
    method = "warren-stv"

    def _distribute(self) -> tuple[np.ndarray, int]:
        """Every ballot's weight handed down its ranking: each candidate takes their keep
        factor of the whole ballot, or what is left of it if that is less."""
        rankings = self.papers.rankings
        counts = self.papers.counts
        weight = np.full(len(counts), self.unit, dtype=np.int64)
        votes = np.zeros(self.n + 1, dtype=np.int64)
        active = np.arange(len(counts))
        for column in range(rankings.shape[1]):
            if not active.size:
                break
            candidates = rankings[active, column]
            share = np.minimum(self.keep[candidates], weight[active])
            np.add.at(votes, candidates, share * counts[active])
            weight[active] -= share
            active = active[(weight[active] > 0) & (candidates != self.n)]
        return votes, int((weight * counts).sum())
