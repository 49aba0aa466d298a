"""Papers in piles, for the rules that move whole papers from one candidate to the next
(Scottish STV and WIGM): each row of papers has a pointer to the preference it currently counts
for and a value per paper, in integers scaled to the rule's decimal places."""

from __future__ import annotations

import numpy as np

from minutebook.voting.stv.papers import Papers

_INT64_MAX = np.iinfo(np.int64).max


class Piles:
    def __init__(self, papers: Papers, unit: int, eligible: np.ndarray) -> None:
        """`unit` is the scaled value of one whole paper (10**places); `eligible` marks the
        candidates that may receive papers (withdrawn candidates are already struck out)."""
        self.rankings = papers.rankings
        self.counts = papers.counts
        self.n = papers.n_candidates
        self.value = np.full(len(self.counts), unit, dtype=np.int64)
        self.pointer = np.zeros(len(self.counts), dtype=np.intp)
        self.owner = self.rankings[:, 0].astype(np.intp)
        # A pointer stops at a continuing candidate or at the padding (no further preference).
        self.stops = np.zeros(self.n + 1, dtype=bool)
        self.stops[: self.n] = eligible
        self.stops[self.n] = True
        if int(self.counts.sum()) > _INT64_MAX // unit:
            raise ValueError("too many papers for exact 64-bit arithmetic at this precision")

    def totals(self) -> np.ndarray:
        """Value held by each candidate (index n: exhausted), scaled."""
        totals = np.zeros(self.n + 1, dtype=np.int64)
        np.add.at(totals, self.owner, self.value * self.counts)
        return totals

    def stop_at(self, candidate: int) -> None:
        """`candidate` no longer receives papers (elected or excluded)."""
        self.stops[candidate] = False

    def rows_of(self, candidate: int) -> np.ndarray:
        return np.flatnonzero(self.owner == candidate)

    def revalue(self, rows: np.ndarray, numerator: int, denominator: int) -> None:
        """Each paper's value times numerator / denominator, remainder ignored."""
        value = self.value[rows]
        if value.size and int(value.max()) * numerator > _INT64_MAX:
            exact = [int(v) * numerator // denominator for v in value.tolist()]
            self.value[rows] = np.asarray(exact, dtype=np.int64)
        else:
            self.value[rows] = value * numerator // denominator

    def move(self, rows: np.ndarray) -> np.ndarray:
        """Pass `rows` on to their next continuing preference; return the value each candidate
        receives (index n: the value that becomes exhausted), scaled."""
        moving = rows
        while moving.size:
            self.pointer[moving] += 1
            landed = self.rankings[moving, self.pointer[moving]]
            moving = moving[~self.stops[landed]]
        self.owner[rows] = self.rankings[rows, self.pointer[rows]]
        gains = np.zeros(self.n + 1, dtype=np.int64)
        np.add.at(gains, self.owner[rows], self.value[rows] * self.counts[rows])
        return gains
