"""What the three STV rules share: candidate states, exact fixed-point values shown as Decimals,
and the report of each stage."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal
from functools import cache

import numpy as np

from minutebook.voting.profile import Profile
from minutebook.voting.result import CountResult, Round
from minutebook.voting.stv.draws import Draws
from minutebook.voting.stv.papers import Papers

HOPEFUL, ELECTED, EXCLUDED, WITHDRAWN = range(4)


@cache
def _ulp(places: int) -> Decimal:
    """One unit in the last place: Decimal(scaled) * _ulp(places) has exactly `places` decimals."""
    return Decimal(1).scaleb(-places)


class StvCount:
    """One count in progress. Values are integers scaled by 10**places (`unit` is one vote)."""

    method = ""
    places = 0

    def __init__(self, profile: Profile, seats: int | None, seed: int | None) -> None:
        self.seats = profile.seats if seats is None else seats
        if self.seats < 1:
            raise ValueError(f"an STV count needs at least one seat, not {self.seats}")
        self.names = profile.candidates
        self.n = len(self.names)
        self.unit = 10**self.places
        self._ulp = _ulp(self.places)
        self.papers = Papers.from_profile(profile)
        self.total = self.papers.total
        self.draws = Draws(profile, seed)
        self.status = [WITHDRAWN if c in profile.withdrawn else HOPEFUL for c in range(self.n)]
        self.elected: list[int] = []
        self.rounds: list[Round] = []
        self.notes: list[str] = []
        self.ties: list[str] = []
        self._shown = [c for c in range(self.n) if c not in profile.withdrawn]  # in the report
        self._previous: list[int] | None = None
        if profile.withdrawn:
            withdrawn = ", ".join(self.names[c] for c in sorted(profile.withdrawn))
            self.notes.append(f"Withdrawn (struck from every ballot): {withdrawn}.")

    # -- candidates ---------------------------------------------------------------------------

    @property
    def hopeful(self) -> list[int]:
        return [c for c, state in enumerate(self.status) if state == HOPEFUL]

    def in_state(self, *states: int) -> np.ndarray:
        """A mask of the candidates in any of `states`."""
        return np.array([state in states for state in self.status], dtype=bool)

    @property
    def seats_left(self) -> int:
        return self.seats - len(self.elected)

    def elect(self, candidates: Iterable[int]) -> list[int]:
        chosen = list(candidates)
        for c in chosen:
            self.status[c] = ELECTED
            self.elected.append(c)
        return chosen

    def by_votes(self, candidates: Iterable[int], votes: np.ndarray) -> list[int]:
        """Highest first; equal votes in ballot-file order (the order of election within one
        stage changes nobody's fate)."""
        return sorted(candidates, key=lambda c: (-int(votes[c]), c))

    def pick(self, tied: Sequence[int], *, weakest: bool, reason: str) -> tuple[int, str]:
        chosen, text = self.draws.pick(tied, weakest=weakest, reason=reason)
        self.ties.append(text)
        return chosen, text

    # -- report -------------------------------------------------------------------------------

    def dec(self, scaled: int | np.integer) -> Decimal:
        return Decimal(int(scaled)) * self._ulp  # exactly `places` decimals, 0 too

    def listed(self, candidates: Iterable[int]) -> str:
        return ", ".join([self.names[c] for c in candidates])

    def record(
        self,
        action: str,
        votes: Sequence[int],
        *,
        quota: int,
        exhausted: int,
        loss: int = 0,
        elected: Sequence[int] = (),
        excluded: Sequence[int] = (),
        note: str = "",
        keep_factors: dict[int, int] | None = None,
    ) -> Round:
        """Add the report of a stage. `votes` holds every candidate's value at its end, as
        Python ints; those excluded at earlier stages are left out."""
        names = self.names
        ulp = self._ulp
        values = list(votes[: self.n])
        shown = self._shown
        transfers = {}
        if (previous := self._previous) is not None:
            for c in shown:
                if change := values[c] - previous[c]:
                    transfers[names[c]] = Decimal(change) * ulp
        self._previous = values
        round_ = Round(
            number=len(self.rounds) + 1,
            action=action,
            votes={names[c]: Decimal(values[c]) * ulp for c in shown},
            quota=self.dec(quota),
            exhausted=self.dec(exhausted),
            elected=[names[c] for c in elected],
            excluded=[names[c] for c in excluded],
            transfers=transfers,
            note=note,
            loss=self.dec(loss),
            keep_factors={names[c]: self.dec(k) for c, k in (keep_factors or {}).items()},
        )
        self.rounds.append(round_)
        if excluded:
            self._shown = [c for c in shown if c not in excluded]
        return round_

    def finish(self, votes: np.ndarray, last_vacancies: str) -> None:
        """End of count: fill the last vacancies with the continuing candidates if there are no
        more of them than vacancies; otherwise every seat is filled and the rest are not
        elected. Both are added to the last stage's report."""
        last = self.rounds[-1]
        hopeful = self.by_votes(self.hopeful, votes)
        if not hopeful:
            return
        if len(hopeful) <= self.seats_left:
            self.elect(hopeful)
            last.elected += [self.names[c] for c in hopeful]
            sentence = f"{self.listed(hopeful)} elected: {last_vacancies}."
        else:
            for c in hopeful:
                self.status[c] = EXCLUDED
            last.excluded += [self.names[c] for c in hopeful]
            sentence = f"All seats filled; {self.listed(hopeful)} not elected."
        last.note = f"{last.note} {sentence}".strip()

    def result(self) -> CountResult:
        if len(self.elected) < self.seats:
            self.notes.append(
                f"Only {len(self.elected)} of {self.seats} seats filled: too few candidates."
            )
        return CountResult(
            method=self.method,
            seats=self.seats,
            candidates=list(self.names),
            elected=[self.names[c] for c in self.elected],
            rounds=self.rounds,
            tie_seed=self.draws.seed,
            ties_broken=self.ties,
            notes=self.notes,
        )
