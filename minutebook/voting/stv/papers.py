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

from dataclasses import dataclass, field

import numpy as np

from minutebook.voting.profile import Profile


@dataclass(frozen=True)
class Papers:
    rankings: np.ndarray  # (rows, width + 1) candidate indices, padded with n_candidates
    counts: np.ndarray  # (rows,) int64: how many identical papers each row stands for
    n_candidates: int
    # The number of valid papers: those with at least one preference for an eligible candidate
    # (papers marked only for withdrawn candidates count for no one).
    total: int = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "total", int(self.counts.sum()))

    @classmethod
    def from_profile(cls, profile: Profile) -> Papers:
        """Papers for an STV count. Withdrawn candidates are struck from every ranking; rankings
        that are left empty are not valid votes. STV needs strict rankings: a ballot ranking two
        candidates equal raises ValueError (counting rules differ on what such a ballot means)."""
        n = len(profile.candidates)
        ballots = profile.ballots
        rankings = [ballot.ranking for ballot in ballots]
        weights = [ballot.weight for ballot in ballots]
        try:
            # unpacking each place as `(c,)` flattens and checks strictness in one pass
            flat = [c for ranking in rankings for (c,) in ranking]
        except ValueError:
            ranking = next(r for r in rankings if any(len(group) != 1 for group in r))
            raise ValueError(
                "STV counts need strict rankings, one candidate in each place: "
                + " > ".join("=".join(profile.candidates[c] for c in g) for g in ranking)
            ) from None
        lengths = np.fromiter(map(len, rankings), dtype=np.intp, count=len(rankings))
        matrix = _matrix(flat, lengths, n)
        counts = np.array(weights, dtype=np.int64)
        if profile.withdrawn:
            struck = np.isin(matrix, list(profile.withdrawn))
            matrix[struck] = n
            # move the remaining preferences left, keeping their order
            order = np.argsort(matrix == n, axis=1, kind="stable")
            matrix = np.take_along_axis(matrix, order, axis=1)
        elif lengths.all() and counts.min(initial=1) > 0:
            return cls(matrix, counts, n)  # the usual case: every paper valid, nothing to copy
        valid = (matrix[:, 0] != n) & (counts > 0)
        return cls(matrix[valid], counts[valid], n)


def _matrix(flat: list[int], lengths: np.ndarray, n: int) -> np.ndarray:
    """Rows of `lengths[i]` entries of `flat` each, padded on the right with n (and always at
    least one column of padding)."""
    width = int(lengths.max()) if len(lengths) else 0
    dtype = np.int8 if n < 127 else np.int16 if n < 32767 else np.int32
    matrix = np.full((len(lengths), width + 1), n, dtype=dtype)
    if flat:
        # bytes() is the quickest way from a list of small ints to an array
        values = (
            np.frombuffer(bytes(flat), dtype=np.int8)
            if dtype is np.int8
            else np.array(flat, dtype=dtype)
        )
        # a boolean mask selects in row-major order: row by row, each row's places in order
        matrix[np.arange(width + 1) < lengths[:, None]] = values
    return matrix
