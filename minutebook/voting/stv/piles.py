"""Papers in piles, for the rules that move whole papers from one candidate to the next
(Scottish STV and WIGM): each row of papers has a pointer to the preference it currently counts
for and a value per paper, in integers scaled to the rule's decimal places."""

from __future__ import annotations

import numpy as np

from minutebook.voting.stv.papers import Papers

_INT64_MAX = np.iinfo(np.int64).max


class Piles:
    """Each step is a handful of NumPy calls whatever the number of papers. On a small ward a
    call costs more than the arithmetic in it, so the calls are what is kept few."""

    def __init__(self, papers: Papers, unit: int, eligible: np.ndarray | None = None) -> None:
        """`unit` is the scaled value of one whole paper (10**places); `eligible` marks the
        candidates that may receive papers, by default all (withdrawn candidates are already
        struck out of `papers`)."""
        if papers.total > _INT64_MAX // unit:
            raise ValueError("too many papers for exact 64-bit arithmetic at this precision")
        self.rankings = papers.rankings
        self.counts = papers.counts
        self.n = papers.n_candidates
        self.value = np.full(len(self.counts), unit, dtype=np.int64)
        self.pointer = np.zeros(len(self.counts), dtype=np.intp)
        self.owner = self.rankings[:, 0].astype(np.intp)
        # A pointer passes over the candidates who may not receive papers (elected, excluded)
        # and stops at a continuing one or at the padding (no further preference).
        self.passes = np.zeros(self.n + 1, dtype=bool)
        if eligible is not None:
            np.logical_not(eligible, out=self.passes[: self.n])
        # No paper is worth more than this. While ceiling x numerator fits in 64 bits, revalue()
        # knows without looking at the values (a NumPy reduction) that their products do too.
        self.ceiling = unit

    def totals(self) -> np.ndarray:
        """Value held by each candidate (index n: exhausted), scaled."""
        totals = np.zeros(self.n + 1, dtype=np.int64)
        np.add.at(totals, self.owner, self.value * self.counts)
        return totals

    def stop_at(self, candidate: int) -> None:
        """`candidate` no longer receives papers (elected or excluded)."""
        self.passes[candidate] = True

    def rows_of(self, candidate: int) -> np.ndarray:
        return (self.owner == candidate).nonzero()[0]

    def papers_in(self, rows: np.ndarray) -> int:
        """How many papers `rows` stand for."""
        return int(np.add.reduce(self.counts[rows]))

    def revalue(self, rows: np.ndarray, numerator: int, denominator: int) -> None:
        """Each paper's value times numerator / denominator, remainder ignored."""
        value = self.value[rows]
        if (
            self.ceiling * numerator > _INT64_MAX
            and value.size
            and int(value.max()) * numerator > _INT64_MAX
        ):
            exact = [int(v) * numerator // denominator for v in value.tolist()]
            self.value[rows] = np.asarray(exact, dtype=np.int64)
        else:
            self.value[rows] = value * numerator // denominator
        self.ceiling = max(self.ceiling, self.ceiling * numerator // denominator)

    def move(self, rows: np.ndarray) -> np.ndarray:
        """Pass `rows` on to their next continuing preference; return the value each candidate
        receives (index n: the value that becomes exhausted), scaled."""
        rankings, pointer, passes = self.rankings, self.pointer, self.passes
        moving = rows
        while moving.size:
            at = pointer[moving] + 1
            pointer[moving] = at
            moving = moving[passes[rankings[moving, at]]]
        owners = rankings[rows, pointer[rows]].astype(np.intp)  # add.at is slow on int8 indices
        self.owner[rows] = owners
        gains = np.zeros(self.n + 1, dtype=np.int64)
        np.add.at(gains, owners, self.value[rows] * self.counts[rows])
        return gains
