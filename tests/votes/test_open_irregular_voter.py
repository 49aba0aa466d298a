"""A voter the chair checked in although the charter's eligibility rules do not let them vote
(`attendance_check_in(proceed=True)`) makes any vote they take part in irregular: opening it
is refused, naming them and the rule, unless the chair proceeds."""

from __future__ import annotations

import pytest

from minutebook.meetings.models import Attendance
from minutebook.votes.services import VoteRefused, vote_open
from tests.motions.world import admitted

REASON = "Recorded although dues paid until 10 April 2026: more than 2 month(s) in arrears."


def test_a_vote_with_an_irregular_voter_is_refused_then_irregular(org, meeting):
    Attendance.objects.filter(meeting=meeting, member=org.members["west-delegate-2"]).update(
        irregular=True, irregular_reason=REASON
    )
    motion = admitted(org, meeting)

    with pytest.raises(VoteRefused) as refused:
        vote_open(actor=org.admin, meeting=meeting, method="named", motion=motion)
    assert refused.value.problems == [f"West Local Delegate 2 votes though not entitled ({REASON})"]

    vote = vote_open(
        actor=org.admin,
        meeting=meeting,
        method="named",
        motion=motion,
        proceed=True,
        proceed_reason="the assembly accepts her vote",
    )
    assert vote.irregular
    assert "West Local Delegate 2 votes though not entitled" in vote.irregular_reason


def test_an_irregular_guest_without_a_vote_changes_nothing(org, meeting):
    Attendance.objects.create(
        meeting=meeting,
        member=org.members["east-member"],
        checked_in_at=meeting.starts_at,
        irregular=True,
        irregular_reason=REASON,
    )
    motion = admitted(org, meeting)

    assert not vote_open(actor=org.admin, meeting=meeting, method="named", motion=motion).irregular
