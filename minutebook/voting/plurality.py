"""Plurality with k seats: each ballot counts once, for its first preference; the k candidates
with the most first preferences are elected (for k > 1 this is the single non-transferable vote).

A ranked ballot counts for the highest-ranked candidate still standing (withdrawn candidates are
skipped). A ballot that ranks several candidates equal first is an overvote: it cannot be counted
for any of them, and is reported with blank ballots as not counted.
"""

from __future__ import annotations

import numpy as np

from minutebook.voting.profile import Profile
from minutebook.voting.result import CountResult, Round
from minutebook.voting.tally import (
    TieBreaker,
    compile_ballots,
    elect_top,
    groups_by_score,
    resolve_seats,
    to_int,
    withdrawn_note,
)


def first_preferences(profile: Profile) -> tuple[dict[int, int], int, int]:
    """First-preference totals of every standing candidate, plus the weight of blank ballots and
    of overvotes (several candidates ranked equal first)."""
    ballots = compile_ballots(profile)
    blank = ballots.lengths == 0
    overvote = ~blank & (ballots.groups[:, 1] == 0)
    counted = ~blank & ~overvote
    totals = to_int(
        np.bincount(
            ballots.slots[counted, 0].astype(np.int64),
            weights=ballots.exact_float_weights[counted],
            minlength=ballots.n_candidates,
        )
    )
    scores = {c: int(totals[c]) for c in profile.continuing}
    return scores, int(ballots.weights[blank].sum()), int(ballots.weights[overvote].sum())


def plurality(profile: Profile, seats: int | None = None, seed: int | None = None) -> CountResult:
    """Elect the `seats` candidates with the most first preferences (default: the profile's
    seats). Ties at the last seat are broken by the file's tie order, else by lot with `seed`."""
    seats = resolve_seats(profile, seats)
    breaker = TieBreaker(profile, seed)
    scores, blank, overvotes = first_preferences(profile)
    ranking = groups_by_score(scores)
    elected = elect_top(ranking, seats, breaker, "Tie for the last seat")
    names = profile.candidates
    notes = withdrawn_note(profile)
    if blank or overvotes:
        notes.append(
            f"Not counted: {blank} blank ballot(s), {overvotes} ballot(s) ranking several "
            "candidates equal first."
        )
    count = Round(
        number=1,
        action="Count first preferences; elect " + ", ".join(names[c] for c in elected),
        votes={names[c]: scores[c] for c in profile.continuing},
        exhausted=blank + overvotes,
        elected=[names[c] for c in elected],
        note="Not counted: blank ballots and overvotes." if blank or overvotes else "",
    )
    return CountResult(
        method="plurality",
        seats=seats,
        candidates=list(names),
        elected=[names[c] for c in elected],
        rounds=[count],
        ranking=[[names[c] for c in group] for group in ranking],
        tie_seed=breaker.seed,
        ties_broken=breaker.record,
        notes=notes,
    )
