"""Minutebook profiles as pref_voting sees them, for the differential tests."""

from __future__ import annotations

from pref_voting.profiles_with_ties import ProfileWithTies

from minutebook.voting.profile import Profile


def to_pref_voting(profile: Profile) -> ProfileWithTies:
    """The same ballots for pref_voting: groups are ranks, unranked candidates below all ranked
    ones (pref_voting calls that 'extended strict preference'). Withdrawals are not carried
    over: restrict pref_voting with `curr_cands` instead."""
    rankings = [
        {c: rank for rank, group in enumerate(b.ranking, start=1) for c in group}
        for b in profile.ballots
    ]
    reference = ProfileWithTies(
        rankings,
        rcounts=[b.weight for b in profile.ballots],
        candidates=list(range(len(profile.candidates))),
    )
    reference.use_extended_strict_preference()
    return reference
