"""The ballots of one contest, as every counting method and file format sees them."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

# A ranking is a tuple of preference groups, best first. A group holds the indices of candidates
# ranked equal at that position (a group of one is the ordinary case). Unranked candidates are
# below all ranked ones. An approval ballot is a ranking with a single group.
Ranking = tuple[tuple[int, ...], ...]


@dataclass(frozen=True)
class Ballot:
    ranking: Ranking
    weight: int = 1


@dataclass(frozen=True)
class Profile:
    """Candidates and ballots of one contest.

    `withdrawn` candidates stay in the list (their indices are stable) but are skipped by every
    count, as BLT's negative candidate numbers ask. `tie_order`, when given (droop's `[tie]`), is
    the candidates' order for breaking ties, strongest first; otherwise ties are drawn by lot.
    Where a rule leaves a tie to chance, the candidate earlier in `tie_order` is favoured: kept
    when one must be excluded, first when one surplus must go before another.
    """

    candidates: tuple[str, ...]
    ballots: tuple[Ballot, ...]
    seats: int = 1
    title: str = ""
    withdrawn: frozenset[int] = frozenset()
    tie_order: tuple[int, ...] | None = None
    options: dict[str, str] = field(default_factory=dict, compare=False)

    @property
    def total_weight(self) -> int:
        return sum(ballot.weight for ballot in self.ballots)

    @property
    def continuing(self) -> tuple[int, ...]:
        return tuple(i for i in range(len(self.candidates)) if i not in self.withdrawn)

    def merged(self) -> Profile:
        """The same profile with identical rankings merged into one weighted ballot each.

        Real ward data shrinks 3-40 times this way, and every method gives the same result on it."""
        weights: Counter[Ranking] = Counter()
        for ballot in self.ballots:
            weights[ballot.ranking] += ballot.weight
        return Profile(
            candidates=self.candidates,
            ballots=tuple(Ballot(ranking, weight) for ranking, weight in weights.items()),
            seats=self.seats,
            title=self.title,
            withdrawn=self.withdrawn,
            tie_order=self.tie_order,
            options=dict(self.options),
        )

    @classmethod
    def from_names(
        cls,
        candidates: Sequence[str],
        ballots: Iterable[tuple[Sequence[str | Sequence[str]], int]],
        *,
        seats: int = 1,
        title: str = "",
    ) -> Profile:
        """Build a profile from rankings written with candidate names, e.g.
        `[(["A", ["B", "C"], "D"], 5)]` for five ballots A > B = C > D."""
        index = {name: i for i, name in enumerate(candidates)}
        built = []
        for ranking, weight in ballots:
            groups = []
            for entry in ranking:
                names = [entry] if isinstance(entry, str) else list(entry)
                groups.append(tuple(index[name] for name in names))
            built.append(Ballot(tuple(groups), weight))
        return cls(tuple(candidates), tuple(built), seats=seats, title=title)
