"""Draws by lot that can be reproduced: the seed is recorded in the result of the count."""

from __future__ import annotations

import random
import secrets
from collections.abc import Sequence


class Lot:
    """A seeded source of draws. Give the recorded seed to replay a count exactly."""

    def __init__(self, seed: int | None = None) -> None:
        self.seed = secrets.randbits(32) if seed is None else seed
        # Seeded at the first draw: most counts need none, and seeding costs more than a small
        # count's whole tally.
        self._random: random.Random | None = None
        self.draws: list[str] = []

    def choose(self, tied: Sequence[int], names: Sequence[str], reason: str) -> int:
        """Pick one of `tied` (candidate indices) by lot and remember why the draw was needed.

        The tied candidates are sorted first, so the draw depends only on the seed and on who is
        tied, never on the order the caller happened to list them in."""
        ordered = sorted(tied)
        if self._random is None:
            self._random = random.Random(self.seed)
        chosen = ordered[self._random.randrange(len(ordered))]
        self.draws.append(
            f"{reason}: {', '.join(names[i] for i in ordered)} tied; "
            f"{names[chosen]} chosen by lot (seed {self.seed})"
        )
        return chosen
