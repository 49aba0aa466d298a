"""The counting methods by name: what `minutebook count --method` and the app choose from.

Every method is called as `method(profile, seats=None, seed=None) -> CountResult`; `seats`
defaults to the profile's, `seed` seeds the draws by lot (recorded in the result either way).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from minutebook.voting.approval import approval
from minutebook.voting.condorcet import ranked_pairs, schulze
from minutebook.voting.irv import irv
from minutebook.voting.plurality import plurality
from minutebook.voting.profile import Profile
from minutebook.voting.result import CountResult
from minutebook.voting.stv import meek_stv, scottish_stv, warren_stv, wigm_stv

Method = Callable[..., CountResult]


METHODS: dict[str, Method] = {
    "plurality": plurality,
    "approval": approval,
    "irv": irv,
    "schulze": schulze,
    "ranked-pairs": ranked_pairs,
    "scottish-stv": scottish_stv,
    "meek-stv": meek_stv,
    "wigm-stv": wigm_stv,
    "warren-stv": warren_stv,
}

# Methods that measure pairwise defeats and accept strength= ("winning" or "margin").
WITH_STRENGTH = frozenset({"schulze", "ranked-pairs"})


def get_method(name: str) -> Method:
    try:
        return METHODS[name]
    except KeyError:
        raise ValueError(f"unknown method {name!r}; choose one of {', '.join(METHODS)}") from None


def count(
    name: str,
    profile: Profile,
    *,
    seats: int | None = None,
    seed: int | None = None,
    **options: Any,
) -> CountResult:
    """Count `profile` with the method called `name`. `options` are passed on (e.g. strength=
    for schulze and ranked-pairs); a method that takes none rejects them."""
    method = get_method(name)
    if options and name not in WITH_STRENGTH:
        raise ValueError(f"{name} takes no options ({', '.join(options)} given)")
    return method(profile, seats=seats, seed=seed, **options)
