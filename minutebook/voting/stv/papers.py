"""The ballot papers of a count as NumPy arrays, which is what makes a 10,000-ballot ward count in
milliseconds: every stage is a handful of vectorized steps over all rankings at once. Rankings
need not be merged first (ballot files usually are, and `Profile.merged` does it); each row
carries its count of identical papers, and every rule gives the same figures either way.

`rankings` is a small-integer matrix, one row per ballot line, candidate indices best first,
padded on the right with `n` (one past the last candidate) which stands for "no further
preference". The last column is always padding, so a pointer that runs past a ballot's final
preference lands on it instead of off the matrix.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import chain
from operator import attrgetter

import numpy as np

from minutebook.voting.profile import Profile


@dataclass(frozen=True)
class Papers:
    rankings: np.ndarray  # (rows, width + 1) candidate indices, padded with n_candidates
    counts: np.ndarray  # (rows,) int64: how many identical papers each row stands for
    n_candidates: int

    @property
    def total(self) -> int:
        """The number of valid papers: those with at least one preference for an eligible
        candidate (papers marked only for withdrawn candidates count for no one)."""
        return int(self.counts.sum())

    @classmethod
    def from_profile(cls, profile: Profile) -> Papers:
        """Papers for an STV count. Withdrawn candidates are struck from every ranking; rankings
        that are left empty are not valid votes. STV needs strict rankings: a ballot ranking two
        candidates equal raises ValueError (counting rules differ on what such a ballot means)."""
        n = len(profile.candidates)
        rankings = [ballot.ranking for ballot in profile.ballots]
        lengths = np.array(list(map(len, rankings)), dtype=np.int64)
        flat = list(chain.from_iterable(chain.from_iterable(rankings)))
        # every place holds exactly one candidate: no empty place, and as many candidates as places
        if len(flat) != int(lengths.sum()) or not all(chain.from_iterable(rankings)):
            ranking = next(r for r in rankings if any(len(group) != 1 for group in r))
            raise ValueError(
                "STV counts need strict rankings, one candidate in each place: "
                + " > ".join("=".join(profile.candidates[c] for c in g) for g in ranking)
            )
        matrix = _matrix(np.fromiter(flat, dtype=np.int64, count=len(flat)), lengths, n)
        counts = np.array(list(map(attrgetter("weight"), profile.ballots)), dtype=np.int64)
        if profile.withdrawn:
            struck = np.isin(matrix, list(profile.withdrawn))
            matrix[struck] = n
            # move the remaining preferences left, keeping their order
            order = np.argsort(matrix == n, axis=1, kind="stable")
            matrix = np.take_along_axis(matrix, order, axis=1)
        valid = (matrix[:, 0] != n) & (counts > 0)
        return cls(matrix[valid], counts[valid], n)


def _matrix(flat: np.ndarray, lengths: np.ndarray, n: int) -> np.ndarray:
    """Rows of `lengths[i]` entries of `flat` each, padded on the right with n (and always at
    least one column of padding)."""
    width = int(lengths.max()) if len(lengths) else 0
    dtype = np.int8 if n < 127 else np.int16 if n < 32767 else np.int32
    matrix = np.full((len(lengths), width + 1), n, dtype=dtype)
    if len(flat):
        # each entry's place in the flattened matrix: its row's start plus its place in the row
        index = np.int32 if matrix.size < np.iinfo(np.int32).max else np.int64
        counts = lengths.astype(index)
        row_starts = np.arange(len(counts), dtype=index) * (width + 1) - (
            np.cumsum(counts) - counts
        )
        places = np.repeat(row_starts, counts)
        places += np.arange(len(flat), dtype=index)
        matrix.ravel()[places] = flat
    return matrix
