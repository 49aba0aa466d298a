"""Approval voting with k seats: each ballot approves candidates; the k most approved win.

An approval ballot is a ranking with a single group. A ranked ballot counts as approving every
candidate it ranks, whatever the order (unranked candidates are not approved): a preference
ballot read as an approval ballot says "any of these", which is what approval asks. Withdrawn
candidates are skipped; a ballot approving nobody still standing is reported as blank.
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


def approvals(profile: Profile) -> tuple[dict[int, int], int]:
    """Approval totals of every standing candidate, and the weight of blank ballots."""
    ballots = compile_ballots(profile)
    width = ballots.slots.shape[1]
    weights = np.repeat(ballots.exact_float_weights[:, None], width, axis=1)
    marked = ballots.slots >= 0
    totals = to_int(
        np.bincount(
            ballots.slots[marked].astype(np.int64),
            weights=weights[marked],
            minlength=ballots.n_candidates,
        )
    )
    blank = int(ballots.weights[ballots.lengths == 0].sum())
    return {c: int(totals[c]) for c in profile.continuing}, blank


def approval(profile: Profile, seats: int | None = None, seed: int | None = None) -> CountResult:
    """Elect the `seats` most approved candidates (default: the profile's seats). Ties at the
    last seat are broken by the file's tie order, else by lot with `seed`."""
    seats = resolve_seats(profile, seats)
    breaker = TieBreaker(profile, seed)
    scores, blank = approvals(profile)
    ranking = groups_by_score(scores)
    elected = elect_top(ranking, seats, breaker, "Tie for the last seat")
    names = profile.candidates
    notes = withdrawn_note(profile)
    notes.append("A ranked ballot approves every candidate it ranks.")
    count = Round(
        number=1,
        action="Count approvals; elect " + ", ".join(names[c] for c in elected),
        votes={names[c]: scores[c] for c in profile.continuing},
        exhausted=blank,
        elected=[names[c] for c in elected],
        note=f"{blank} blank ballot(s) approve nobody." if blank else "",
    )
    return CountResult(
        method="approval",
        seats=seats,
        candidates=list(names),
        elected=[names[c] for c in elected],
        rounds=[count],
        ranking=[[names[c] for c in group] for group in ranking],
        tie_seed=breaker.seed,
        ties_broken=breaker.record,
        notes=notes,
    )
