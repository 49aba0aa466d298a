"""Breaking the ties an STV rule leaves to chance: by the profile's tie order when it has one,
otherwise by a seeded lot whose seed and draws are written into the result."""

from __future__ import annotations

from collections.abc import Sequence

from minutebook.voting.profile import Profile
from minutebook.voting.ties import Lot


class Draws:
    def __init__(self, profile: Profile, seed: int | None) -> None:
        self.names = profile.candidates
        self.lot = Lot(seed)
        order = profile.tie_order
        self._rank = {c: i for i, c in enumerate(order)} if order is not None else {}

    @property
    def seed(self) -> int:
        return self.lot.seed

    def pick(self, tied: Sequence[int], *, weakest: bool, reason: str) -> tuple[int, str]:
        """One of `tied`: the weakest (to exclude) or the strongest (to go first). Returns the
        candidate and a sentence for the count report."""
        listed = ", ".join(self.names[c] for c in sorted(tied))
        if self._rank and all(c in self._rank for c in tied):
            ordered = sorted(tied, key=self._rank.__getitem__)
            chosen = ordered[-1] if weakest else ordered[0]
            place = "last" if weakest else "first"
            text = (
                f"{reason}: {listed} tied; {self.names[chosen]} is {place} of them in the "
                "profile's tie order"
            )
        else:
            chosen = self.lot.choose(tied, self.names, reason)
            text = self.lot.draws[-1]
        return chosen, text
