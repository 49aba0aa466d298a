"""Scottish STV: the counting rules of the Scottish Local Government Elections Order 2007
(SSI 2007/42, schedule 1, rules 45-52), as used for every Scottish council election since.

- Quota (rule 46): valid ballots / (seats + 1), ignoring decimal places, plus one.
- A candidate whose votes reach the quota at the end of a stage is elected (47).
- Surpluses (48, 49): the largest surplus first. All the candidate's papers move on to their next
  continuing preference, each at the value "surplus x value of the paper when received / the
  candidate's total", calculated to five decimal places with the remainder ignored. Elected and
  excluded candidates are not continuing and receive nothing. A candidate with exactly the quota
  has no surplus (48(1) needs votes that exceed it), so there is no stage for it.
- Otherwise the candidate with the fewest votes is excluded (50) and all their papers move on at
  the value they arrived with.
- Ties (49(2), 51(2)): the candidate who had more (for a surplus) or fewer (for an exclusion)
  votes at the most recent preceding stage at which the tied candidates' votes differed; where
  that stage leaves several still level, the look-back continues with those (the Order does not
  say; droop and STVPoll read it this way too). Level at every stage: by lot.
- When the continuing candidates are no more than the vacancies, they are elected and no further
  transfer is made (52): surpluses still pending stay where they are. An exclusion that brings
  the count to this point still completes its own transfer, as the stage it belongs to, as in
  droop's counts (whose figures these match stage by stage).

Votes are integers scaled by 10^5, so every value is exact; the remainders ignored under 48(3)
are reported as `loss`.
"""

from __future__ import annotations

import numpy as np

from minutebook.voting.profile import Profile
from minutebook.voting.result import CountResult
from minutebook.voting.stv.count import EXCLUDED, StvCount
from minutebook.voting.stv.piles import Piles


def scottish_stv(
    profile: Profile, seats: int | None = None, seed: int | None = None
) -> CountResult:
    """Count `profile` under the Scottish STV rules. `seats` defaults to the profile's; `seed`
    replays the draws by lot of an earlier count (the seed used is in the result)."""
    return _ScottishCount(profile, seats, seed).run()


class _ScottishCount(StvCount):
    method = "scottish-stv"
    places = 5

    def run(self) -> CountResult:
        self.piles = Piles(self.papers, self.unit)
        self.quota = (self.total // (self.seats + 1) + 1) * self.unit
        self.notes.append(
            f"Quota: {self.total} valid ballots / ({self.seats} seats + 1), ignoring decimal "
            f"places, plus one = {self.quota // self.unit}."
        )
        # Python ints, not NumPy scalars: a stage reads and compares a handful of these one by
        # one, which NumPy makes slower than the vectorized transfers themselves on a small ward.
        self.votes: list[int] = self.piles.totals()[: self.n].tolist()
        self.exhausted = 0
        self.loss = 0
        self.history = [self.votes.copy()]
        self.pending: list[int] = []  # elected, surplus not yet transferred

        elected = self._elect_with_quota()
        self._record("first preferences", elected=elected, note=self._elected_note(elected))
        while self.seats_left > 0 and len(self.hopeful) > self.seats_left:
            if self.pending:
                self._transfer_surplus()
            else:
                self._exclude_lowest()
            self.history.append(self.votes.copy())
        self.finish(
            self.votes, "the continuing candidates are no more than the vacancies (rule 52)"
        )
        return self.result()

    def _record(self, action: str, **details) -> None:
        self.record(
            action,
            self.votes,
            quota=self.quota,
            exhausted=self.exhausted,
            loss=self.loss,
            **details,
        )

    def _elect_with_quota(self) -> list[int]:
        votes, quota = self.votes, self.quota
        reached = [c for c in self.hopeful if votes[c] >= quota]
        if not reached:
            return []
        elected = self.elect(self.by_votes(reached, votes))
        for c in elected:
            self.piles.stop_at(c)
            if votes[c] > quota:
                self.pending.append(c)
        return elected

    def _elected_note(self, elected: list[int]) -> str:
        if not elected:
            return ""
        verb = "is" if len(elected) == 1 else "are"
        return f"{self.listed(elected)} reached the quota and {verb} elected."

    def _transfer_surplus(self) -> None:
        highest = max(self.votes[c] for c in self.pending)
        tied = [c for c in self.pending if self.votes[c] == highest]
        source, why = self._break_tie(tied, lowest=False, reason="largest surplus")
        self.pending.remove(source)
        total = self.votes[source]
        surplus = total - self.quota
        rows = self.piles.rows_of(source)
        self.piles.revalue(rows, surplus, total)
        self.loss += surplus - self._receive(self.piles.move(rows))
        self.votes[source] = self.quota
        elected = self._elect_with_quota()
        note = (
            f"{self.names[source]} has the largest surplus, {self.dec(surplus)}: their "
            f"{self.piles.papers_in(rows)} papers move on at {self.dec(surplus)} / "
            f"{self.dec(total)} of the value each had."
        )
        self._record(
            f"transfer surplus of {self.names[source]}",
            elected=elected,
            note=_sentences(why, note, self._elected_note(elected)),
        )

    def _exclude_lowest(self) -> None:
        hopeful = self.hopeful
        lowest = min(self.votes[c] for c in hopeful)
        tied = [c for c in hopeful if self.votes[c] == lowest]
        loser, why = self._break_tie(tied, lowest=True, reason="exclusion")
        self.status[loser] = EXCLUDED
        self.piles.stop_at(loser)
        self._receive(self.piles.move(self.piles.rows_of(loser)))
        self.votes[loser] = 0
        elected = self._elect_with_quota()
        note = f"{self.names[loser]} has the fewest votes ({self.dec(lowest)}) and is excluded."
        self._record(
            f"exclude {self.names[loser]}",
            elected=elected,
            excluded=[loser],
            note=_sentences(why, note, self._elected_note(elected)),
        )

    def _receive(self, gains: np.ndarray) -> int:
        """Add the value each candidate receives (index n: exhausted); return the total."""
        received = gains.tolist()
        votes = self.votes
        for c in range(self.n):
            votes[c] += received[c]
        self.exhausted += received[self.n]
        return sum(received)

    def _break_tie(self, tied: list[int], *, lowest: bool, reason: str) -> tuple[int, str]:
        """Rules 49(2)/(3) and 51(2): look back to the most recent stage at which the tied
        candidates' votes differed; by lot if they never did."""
        if len(tied) == 1:
            return tied[0], ""
        remaining = sorted(tied)
        for stage in range(len(self.history) - 1, -1, -1):
            past = self.history[stage]
            values = [past[c] for c in remaining]
            target = min(values) if lowest else max(values)
            remaining = [c for c in remaining if past[c] == target]
            if len(remaining) == 1:
                text = (
                    f"{reason}: {self.listed(sorted(tied))} tied; {self.names[remaining[0]]} "
                    f"had {'fewer' if lowest else 'more'} votes at stage {stage + 1}, the most "
                    "recent stage at which they differed"
                )
                self.ties.append(text)
                return remaining[0], text + "."
        chosen, text = self.pick(remaining, weakest=lowest, reason=reason)
        return chosen, text + "."


def _sentences(*parts: str) -> str:
    return " ".join(part for part in parts if part)
