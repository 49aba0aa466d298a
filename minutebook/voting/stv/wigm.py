"""The Proportional Representation Foundation's reference WIGM rule (weighted inclusive Gregory
method), https://prfound.org/resources/reference/reference-wigm-rule/.

- Quota (A.1): valid ballots / (seats + 1), truncated to four decimal places, plus 0.0001.
- Each round (B) first elects every hopeful candidate whose vote reaches the quota, with the
  surplus transfer pending (B.1). Then, in the batch variant only, the largest set of sure losers
  is defeated at once (B.2): the lowest candidates whose votes together with all pending
  surpluses are still below the next candidate, leaving enough candidates for the seats.
- Otherwise the largest pending surplus (possibly zero) is transferred (B.3): every ballot the
  candidate holds moves on at its weight x surplus / the candidate's vote; or, with no surplus
  pending, the candidate with the lowest vote is defeated and their ballots move on (B.4).
- Ties (D.1) are broken by the profile's tie order, otherwise by lot.
- Every multiplication and division is truncated to four decimal places (D.4), so a surplus
  transfer truncates twice: weight x surplus, then / vote.

B.2 and B.4 both test whether the count is complete before the defeated candidates' ballots are
transferred. droop, the PR Foundation's own implementation, whose reports these counts reproduce
round by round, does so after B.2 but still transfers after a B.4 defeat that completes the
count; Minutebook does the same. It only changes the final round's figures, never who is elected. Ballots whose weight has become zero keep moving at zero value rather than being set
aside as exhausted (D.2), with the same totals.
"""

from __future__ import annotations

import numpy as np

from minutebook.voting.profile import Profile
from minutebook.voting.result import CountResult
from minutebook.voting.stv.count import EXCLUDED, StvCount
from minutebook.voting.stv.piles import Piles


def wigm_stv(
    profile: Profile,
    seats: int | None = None,
    seed: int | None = None,
    *,
    batch_defeat: bool = False,
) -> CountResult:
    """Count `profile` under the PRF reference WIGM rule: single defeats, or with
    `batch_defeat=True` the variant that defeats all sure losers at once (B.2)."""
    return _WigmCount(profile, seats, seed, batch_defeat).run()


class _WigmCount(StvCount):
    method = "wigm-stv"
    places = 4

    def __init__(
        self, profile: Profile, seats: int | None, seed: int | None, batch_defeat: bool
    ) -> None:
        super().__init__(profile, seats, seed)
        self.batch_defeat = batch_defeat
        if batch_defeat:
            self.method = "wigm-stv-batch"

    def run(self) -> CountResult:
        self.piles = Piles(self.papers, self.unit)
        self.quota = self.total * self.unit // (self.seats + 1) + 1
        self.notes.append(
            f"Quota: {self.total} valid ballots / ({self.seats} seats + 1), truncated to four "
            f"decimal places, plus 0.0001 = {self.dec(self.quota)}."
        )
        if self.batch_defeat:
            self.notes.append("Sure losers are defeated together (B.2).")
        self.votes = self.piles.totals()
        self.exhausted = 0
        self.loss = 0
        self.pending: list[int] = []
        self._record("first preferences")
        while len(self.hopeful) > self.seats_left > 0:
            elected = self._elect_with_quota()
            note = self._elected_note(elected)
            if not len(self.hopeful) > self.seats_left > 0:
                self._record("elect", elected=elected, note=note)
                break
            if self.batch_defeat and (losers := self._sure_losers()):
                reason = "Sure losers (their votes and all surpluses stay below the next candidate)"
                self._defeat(losers, elected, note, reason, transfer_if_complete=False)
            elif self.pending:
                self._transfer_surplus(elected, note)
            else:
                self._defeat_lowest(elected, note)
        self.finish(self.votes, "no more hopeful candidates than seats to fill")
        return self.result()

    def _record(self, action: str, **details) -> None:
        self.record(
            action,
            self.votes.tolist(),
            quota=self.quota,
            exhausted=self.exhausted,
            loss=self.loss,
            **details,
        )

    def _elect_with_quota(self) -> list[int]:
        reached = [c for c in self.hopeful if self.votes[c] >= self.quota]
        elected = self.elect(self.by_votes(reached, self.votes))
        for c in elected:
            self.piles.stop_at(c)
            self.pending.append(c)
        return elected

    def _elected_note(self, elected: list[int]) -> str:
        if not elected:
            return ""
        has, is_ = ("has", "is") if len(elected) == 1 else ("have", "are")
        return f"{self.listed(elected)} {has} a quota and {is_} elected."

    def _transfer_surplus(self, elected: list[int], note: str) -> None:
        highest = max(int(self.votes[c]) for c in self.pending)
        tied = [c for c in self.pending if self.votes[c] == highest]
        source, why = self._pick(tied, weakest=False, reason="largest surplus")
        self.pending.remove(source)
        total = int(self.votes[source])
        surplus = total - self.quota
        rows = self.piles.rows_of(source)
        self.piles.revalue(rows, surplus, self.unit)  # weight x surplus, truncated
        self.piles.revalue(rows, self.unit, total)  # ... / vote, truncated
        gains = self.piles.move(rows)
        self._receive(gains)
        self.loss += surplus - int(gains.sum())
        self.votes[source] = self.quota
        sentence = (
            f"Surplus of {self.names[source]} ({self.dec(surplus)}) transferred at "
            f"{self.dec(surplus)} / {self.dec(total)} of each ballot's weight."
        )
        self._record(
            f"transfer surplus of {self.names[source]}",
            elected=elected,
            note=" ".join(x for x in (note, why, sentence) if x),
        )

    def _defeat_lowest(self, elected: list[int], note: str) -> None:
        hopeful = self.hopeful
        lowest = min(int(self.votes[c]) for c in hopeful)
        tied = [c for c in hopeful if self.votes[c] == lowest]
        loser, why = self._pick(tied, weakest=True, reason="defeat")
        note = " ".join(x for x in (note, why) if x)
        self._defeat([loser], elected, note, "Lowest vote", transfer_if_complete=True)

    def _defeat(
        self,
        losers: list[int],
        elected: list[int],
        note: str,
        reason: str,
        *,
        transfer_if_complete: bool,
    ) -> None:
        for c in losers:
            self.status[c] = EXCLUDED
            self.piles.stop_at(c)
        sentence = f"{reason}: {self.listed(losers)} defeated."
        if transfer_if_complete or len(self.hopeful) > self.seats_left:
            rows = np.flatnonzero(np.isin(self.piles.owner, losers))
            gains = self.piles.move(rows)
            self.votes[losers] = 0
            self._receive(gains)
        else:
            sentence += " The count is complete, so their ballots are not transferred."
        self._record(
            f"defeat {self.listed(losers)}",
            elected=elected,
            excluded=losers,
            note=f"{note} {sentence}".strip(),
        )

    def _sure_losers(self) -> list[int]:
        """B.2: the largest set of lowest hopeful candidates whose votes plus all pending
        surpluses stay below the lowest vote outside the set, leaving enough candidates to fill
        the seats. (Its condition c implies b: no set splits candidates with equal votes.)"""
        hopeful = sorted(self.hopeful, key=lambda c: (int(self.votes[c]), c))
        surplus = sum(int(self.votes[c]) - self.quota for c in self.pending)
        best = 0
        running = 0
        for size in range(1, len(hopeful)):
            if len(hopeful) - size < self.seats_left:
                break
            running += int(self.votes[hopeful[size - 1]])
            if running + surplus < self.votes[hopeful[size]]:
                best = size
        return sorted(hopeful[:best])

    def _pick(self, tied: list[int], *, weakest: bool, reason: str) -> tuple[int, str]:
        if len(tied) == 1:
            return tied[0], ""
        chosen, text = self.pick(tied, weakest=weakest, reason=reason)
        return chosen, text + "."

    def _receive(self, gains: np.ndarray) -> None:
        self.votes[: self.n] += gains[: self.n]
        self.exhausted += int(gains[self.n])
