"""Who may see votes and elections: whoever may follow the meeting (read its body's records).
To anyone else they do not exist (404). Casting is for the eligible voters and their proxies
only, chairing for those `can_chair_meeting` allows; the services enforce both, and the
functions here let pages offer only what the viewer may do."""

from __future__ import annotations

from django.db.models import Q
from django.http import Http404

from minutebook.bodies.access import member_of, visible_body_ids
from minutebook.meetings.access import can_chair_meeting
from minutebook.votes.models import Election, Vote, VoteStatus


def vote_for_viewer(user, pk: int) -> Vote:
    try:
        return Vote.objects.select_related(
            "meeting__body", "motion", "amendment__motion", "election"
        ).get(pk=pk, meeting__body_id__in=visible_body_ids(user))
    except Vote.DoesNotExist:
        raise Http404 from None


def vote_for_voter(user, pk: int) -> Vote:
    """The vote, for someone casting in it: those who have a vote in it (their own or a
    proxy's) may follow its meeting, which spares the casting of thousands the whole
    visibility check; anyone else goes through it."""
    from minutebook.votes.models import Eligibility

    member = member_of(user)
    vote = (
        Vote.objects.select_related("meeting__body", "motion", "amendment__motion", "election")
        .filter(pk=pk)
        .first()
    )
    if (
        vote is not None
        and member is not None
        and Eligibility.objects.filter(vote=vote)
        .filter(Q(member=member, proxy__isnull=True) | Q(proxy=member))
        .exists()
    ):
        return vote
    return vote_for_viewer(user, pk)


def election_for_viewer(user, pk: int) -> Election:
    try:
        return Election.objects.select_related("meeting__body", "body").get(
            pk=pk, meeting__body_id__in=visible_body_ids(user)
        )
    except Election.DoesNotExist:
        raise Http404 from None


def can_chair_vote(user, vote: Vote) -> bool:
    return can_chair_meeting(user, vote.meeting)


def my_ballots(user, vote: Vote) -> list[dict]:
    """The votes the viewer casts in an open electronic vote: their own and those they carry
    as a proxy, each with whether it has been cast."""
    from minutebook.votes.services import has_voted, voter_rows

    if vote.status != VoteStatus.OPEN or not vote.is_electronic:
        return []
    member = member_of(user)
    return [
        {
            "voter": row.member,
            "by_proxy": row.proxy_id is not None,
            "cast": has_voted(vote, row.member_id),
            "weight": row.weight,
        }
        for row in voter_rows(vote, member)
    ]


def ballot_state(user, vote: Vote | None, just_cast=None) -> dict:
    """What a page shows the viewer of an open vote, beside the panel everyone sees: their
    ballots, and whether they have cast them all (then the panel shows no form), or have none.
    `just_cast`, the Cast the viewer just made: when it was their only vote, nothing need be
    asked of the database."""
    if just_cast is not None and just_cast.carries == 1:
        ballots = [{"voter": just_cast.voter, "by_proxy": just_cast.by_proxy, "cast": True}]
    else:
        ballots = my_ballots(user, vote) if vote is not None else []
    return {
        "personal": True,
        "my_ballots": ballots,
        "all_cast": bool(ballots) and all(ballot["cast"] for ballot in ballots),
    }
