"""Scottish STV against STVPoll 0.5.6 (VoteIT), an independent implementation, on many random
small profiles.

STVPoll departs from the Order in three ways, so the two are compared only where none of them
can matter, and each departure is kept below as a test showing the rule's answer:

- it rounds transfer values to five places where rule 48(3) truncates them;
- when several candidates pass the quota together it transfers their surpluses one after the
  other, and lets the first surplus flow to a candidate whose own surplus is still queued,
  even one that reached exactly the quota and has none (rule 48(2) gives papers only to
  continuing candidates);
- ties it cannot settle from earlier counts it breaks with its own random order, unrecorded.
"""

from __future__ import annotations

import random
from decimal import Decimal

from hypothesis import given, settings
from stvpoll.scottish_stv import calculate_scottish_stv

from minutebook.voting.profile import Ballot, Profile
from minutebook.voting.result import CountResult
from minutebook.voting.stv import scottish_stv
from tests.voting.stv_reference import strict_profiles


def stvpoll_winners(profile: Profile) -> set[str]:
    names = profile.candidates
    ballots = [
        (tuple(names[c] for (c,) in ballot.ranking if c not in profile.withdrawn), ballot.weight)
        for ballot in profile.ballots
    ]
    eligible = tuple(names[c] for c in profile.continuing)
    if profile.seats >= len(eligible):
        return set(eligible)  # STVPoll refuses a count with no contest
    result = calculate_scottish_stv(eligible, ballots, profile.seats, random_shuffle=False)
    return set(result)


def rounding_could_matter(result: CountResult) -> bool:
    """Whether a decision of the count was ever closer than the largest difference rounding
    instead of truncating could make (0.00001 per paper per surplus transferred so far): the
    lowest two continuing candidates before an exclusion, or a continuing candidate and the
    quota."""
    papers = sum(result.rounds[0].votes.values()) + result.rounds[0].exhausted
    transfers = 0
    out: set[str] = set()
    for before, stage in zip(result.rounds, result.rounds[1:], strict=False):
        transfers += before.action.startswith("transfer surplus")
        margin = transfers * papers * Decimal("0.00001")
        out.update(before.elected, before.excluded)
        continuing = sorted(v for name, v in before.votes.items() if name not in out)
        near_quota = any(abs(v - before.quota) <= margin for v in continuing)
        close_call = len(continuing) > 1 and continuing[1] - continuing[0] <= margin
        if transfers and (near_quota or (stage.excluded and close_call)):
            return True
    return False


def several_surpluses_at_once(result: CountResult) -> bool:
    """Whether a surplus was transferred while another elected candidate waited for their own
    turn: with a surplus of their own, or elected with exactly the quota since the last
    transfer (no surplus under the Order, but STVPoll queues them all the same and lets the
    surplus before them reach them)."""
    elected: set[str] = set()
    exactly_the_quota: set[str] = set()
    for before, stage in zip(result.rounds, result.rounds[1:], strict=False):
        exactly_the_quota.update(
            name for name in before.elected if before.votes[name] == before.quota
        )
        elected.update(before.elected)
        if not stage.action.startswith("transfer surplus"):
            continue
        waiting = [name for name in elected if before.votes[name] > before.quota]
        if len(waiting) > 1 or exactly_the_quota:
            return True
        exactly_the_quota.clear()  # STVPoll's queue is empty again after this transfer
    return False


def comparable(result: CountResult) -> bool:
    """No tie, no two surpluses waiting together, no value near enough to another for
    rounding to reorder them: the cases where STVPoll should agree with the Order."""
    return not (
        result.ties_broken or several_surpluses_at_once(result) or rounding_could_matter(result)
    )


@settings(max_examples=400, deadline=None)
@given(strict_profiles(max_weight=40))
def test_same_winners_as_stvpoll(profile):
    result = scottish_stv(profile, seed=0)
    if comparable(result):
        assert set(result.elected) == stvpoll_winners(profile)


def test_most_random_profiles_are_comparable_and_agree():
    """The filter above leaves most profiles in: of 600 random ones, at least 70% are compared
    (and all of those agree)."""
    rng = random.Random(2007)
    compared = 0
    for _ in range(600):
        n = rng.randint(2, 6)
        ballots = tuple(
            Ballot(tuple((c,) for c in rng.sample(range(n), rng.randint(1, n))), rng.randint(1, 40))
            for _ in range(rng.randint(1, 12))
        )
        profile = Profile(tuple("ABCDEF"[:n]), ballots, seats=rng.randint(1, n))
        result = scottish_stv(profile, seed=0)
        if comparable(result):
            compared += 1
            assert set(result.elected) == stvpoll_winners(profile), profile
    assert compared >= 420


def test_departure_transfer_values_are_truncated_not_rounded():
    """C's surplus of 7 moves on at 7/52 = 0.134615... per paper: 0.13461 under rule 48(3)
    ("any remainder being ignored"), 0.13462 rounded by STVPoll. All 52 papers go to A, who
    ends with 43.99972 under the Order - just behind B's 44, so A is excluded and B elected -
    but 44.00024 under STVPoll, which excludes B and elects A."""
    profile = Profile.from_names(
        "ABCD",
        [
            (["B", "D", "A", "C"], 10),
            (["B"], 16),
            (["A", "B", "D", "C"], 16),
            (["C", "A", "D"], 26),
            (["D"], 1),
            (["A"], 21),
            (["B", "A", "D", "C"], 18),
            (["C", "A", "B", "D"], 26),
        ],
        seats=2,
    )
    result = scottish_stv(profile)
    assert result.rounds[1].votes["A"] == Decimal("43.99972")
    assert sorted(result.elected) == ["B", "C"]
    assert stvpoll_winners(profile) == {"A", "C"}


def test_departure_no_transfer_to_a_candidate_already_elected():
    """A (43) and E (32) both pass the quota of 29. A's papers read A > C > E: E is elected, not
    continuing, so they go to C alone (rule 48(2)); C is elected by them, and the surpluses of
    E and then C elect D. STVPoll lets A's surplus reach E too, because E's own surplus is still
    waiting to be transferred, and elects B instead of D."""
    rankings = [("EB", 22), ("EADBC", 10), ("DC", 24), ("BC", 23), ("CD", 18), ("ACE", 23)]
    rankings.append(("ACDE", 20))
    profile = Profile.from_names("ABCDE", [(list(r), w) for r, w in rankings], seats=4)
    result = scottish_stv(profile)
    assert result.rounds[1].transfers == {"A": Decimal("-14.00000"), "C": Decimal("13.99994")}
    assert sorted(result.elected) == ["A", "C", "D", "E"]
    assert stvpoll_winners(profile) == {"A", "B", "C", "E"}


def test_departure_ties_left_to_chance_are_drawn_and_recorded():
    """C is elected; A, B, D, E have no votes but A's 0.72 from C's surplus, so two of the
    zero-vote candidates must go, level at every stage: rule 51(2)(b) decides by lot. Minutebook
    draws with a recorded seed (the same seed, the same draws); STVPoll uses an order of its own
    that is not recorded (here, without shuffling, it always excludes the last listed)."""
    profile = Profile.from_names("ABCDE", [(["C", "A"], 1), (["C"], 24)], seats=3)
    first = scottish_stv(profile, seed=11)
    assert len(first.ties_broken) == 2
    assert all("chosen by lot (seed 11)" in draw for draw in first.ties_broken)
    assert scottish_stv(profile, seed=11).to_json() == first.to_json()
    winners = {frozenset(scottish_stv(profile, seed=seed).elected) for seed in range(30)}
    assert len(winners) == 3  # C and A with any one of B, D, E
    assert stvpoll_winners(profile) == {"A", "B", "C"}


def test_departure_no_transfer_to_a_candidate_elected_with_exactly_the_quota():
    """Found by the random comparison above. A (5) and C (exactly the quota of 2) are elected
    on first preferences. A's surplus of 3 moves at 3/5 a paper: the A > C papers go nowhere,
    C being elected and not continuing (rule 48(2)), so D (1.2) beats B (0.6) to the last seat.
    STVPoll queues C's surplus of nothing behind A's and lets the A > C papers reach C, whose
    surplus then lifts B (1.35) over D."""
    profile = Profile.from_names(
        "ABCDE",
        [(["A", "D"], 2), (["A", "B"], 1), (["A", "C"], 2), (["C", "B"], 2), ([], 2)],
        seats=3,
    )
    result = scottish_stv(profile)
    assert result.rounds[1].votes["D"] == Decimal("1.20000")
    assert result.rounds[1].votes["B"] == Decimal("0.60000")
    assert sorted(result.elected) == ["A", "C", "D"]
    assert stvpoll_winners(profile) == {"A", "B", "C"}
    assert not comparable(result)
