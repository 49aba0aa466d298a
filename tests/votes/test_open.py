"""Opening a vote: only the chair, at an open meeting, one vote at a time; the eligible voters
and the quorum are taken as the meeting stands."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from minutebook.meetings.models import Attendance, MeetingStatus
from minutebook.votes.models import Eligibility, VoteStatus
from minutebook.votes.services import VoteRefused, vote_cancel, vote_open
from tests.motions.world import admitted, check_in, make_meeting


def test_only_the_chair_opens_a_vote(org, meeting, outsider):
    motion = admitted(org, meeting)
    for user in (org.user("west-delegate-1"), org.user("west-member"), outsider):
        with pytest.raises(PermissionDenied):
            vote_open(actor=user, meeting=meeting, method="named", motion=motion)
    for key in ("east-delegate-1", "east-delegate-0"):  # the meeting's chair, the secretary
        vote = vote_open(actor=org.user(key), meeting=meeting, method="named", motion=motion)
        vote_cancel(actor=org.user(key), vote=vote, reason="testing who may open it")
    assert vote_open(actor=org.admin, meeting=meeting, method="named", motion=motion)


def test_votes_are_taken_at_an_open_meeting_one_at_a_time(org, meeting):
    first = admitted(org, meeting)
    second = admitted(org, meeting, title="Another")
    chair = org.user("east-delegate-0")
    vote_open(actor=chair, meeting=meeting, method="named", motion=first)
    with pytest.raises(ValidationError) as refused:
        vote_open(actor=chair, meeting=meeting, method="named", motion=second)
    assert "another vote is open" in str(refused.value)
    scheduled = make_meeting(org, status=MeetingStatus.SCHEDULED)
    third = admitted(org, scheduled, title="Third")
    with pytest.raises(ValidationError):
        vote_open(actor=chair, meeting=scheduled, method="named", motion=third)


def test_the_eligible_voters_are_snapshot_when_the_vote_opens(org, meeting):
    motion = admitted(org, meeting)
    vote = vote_open(actor=org.admin, meeting=meeting, method="secret", motion=motion)
    assert vote.present == 6 and vote.seats_filled == 6 and vote.quorum_required == 4
    assert set(
        Eligibility.objects.filter(vote=vote).values_list("member__full_name", flat=True)
    ) == {f"{local} Local Delegate {i}" for local in ("East", "West") for i in range(3)}
    # Someone leaving afterwards does not change who may vote in this vote.
    Attendance.objects.filter(member=org.members["west-delegate-2"]).update(
        checked_out_at=meeting.starts_at
    )
    assert Eligibility.objects.filter(vote=vote).count() == 6


def test_members_who_hold_no_seat_are_not_eligible(org, clock):
    meeting = make_meeting(org)
    check_in(
        org, meeting, "east-delegate-0", "east-delegate-1", "east-delegate-2", "west-delegate-0"
    )
    check_in(org, meeting, "east-member")  # a guest, not a delegate
    motion = admitted(org, meeting)
    vote = vote_open(actor=org.admin, meeting=meeting, method="named", motion=motion)
    assert vote.present == 4
    assert not Eligibility.objects.filter(vote=vote, member=org.members["east-member"]).exists()


def test_a_proxy_is_eligible_to_cast_for_the_absent_seat_holder(org, clock):
    meeting = make_meeting(org)
    check_in(org, meeting, "east-delegate-0", "east-delegate-1", "west-delegate-0")
    check_in(org, meeting, "west-delegate-1", proxy_for="west-delegate-2")
    motion = admitted(org, meeting)
    vote = vote_open(actor=org.admin, meeting=meeting, method="named", motion=motion)
    assert vote.present == 5
    row = Eligibility.objects.get(vote=vote, member=org.members["west-delegate-2"])
    assert row.proxy == org.members["west-delegate-1"]
    assert Eligibility.objects.get(vote=vote, member=org.members["west-delegate-1"]).proxy is None


def test_a_refused_vote_leaves_no_trace(org, clock):
    meeting = make_meeting(org)
    check_in(org, meeting, "east-delegate-0")
    motion = admitted(org, meeting)
    with pytest.raises(VoteRefused):
        vote_open(actor=org.admin, meeting=meeting, method="named", motion=motion)
    motion.refresh_from_db()
    assert motion.status == "admitted" and not motion.votes.exists()


def test_a_cancelled_vote_sends_the_question_back_and_may_be_taken_again(org, meeting):
    motion = admitted(org, meeting)
    vote = vote_open(actor=org.admin, meeting=meeting, method="named", motion=motion)
    with pytest.raises(ValidationError):
        vote_cancel(actor=org.admin, vote=vote, reason="  ")
    vote_cancel(actor=org.admin, vote=vote, reason="wrong method")
    vote.refresh_from_db()
    motion.refresh_from_db()
    assert vote.status == VoteStatus.CANCELLED and motion.status == "debated"
    assert vote_open(actor=org.admin, meeting=meeting, method="roll_call", motion=motion)
