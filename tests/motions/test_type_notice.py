"""A decision type's own notice (`notice: {days: 30}` or `{hours: 48}`): a motion of the type
is put to the vote only if it was circulated that long before the meeting; otherwise the chair
must proceed and the decision is irregular.

Here the General Assembly (documents 7 days) takes `bylaws.change` on 30 days' notice and
`urgent.action` on 48 hours'. The meeting begins on 1 June 2026 at 09:00 UTC."""

import datetime as dt

import pytest

from minutebook.motions.selectors import motion_notice_given
from minutebook.votes.services import VoteRefused, vote_open
from tests.charter.charters import variant
from tests.motions.world import MEETING_START, admitted

TYPES = (
    "  - id: bylaws.change\n    name: Amend the bylaws\n    bodies: [assembly]\n"
    "    threshold: majority_cast\n    notice: {days: 30}\n"
    "  - id: urgent.action\n    name: Urgent action\n    bodies: [assembly]\n"
    "    threshold: majority_cast\n    notice: {hours: 48}\n"
)


@pytest.fixture
def small_charter_text(small_charter_text):
    return variant(("decision_types:\n", "decision_types:\n" + TYPES), text=small_charter_text)


def refused_problems(org, meeting, motion) -> list[str]:
    with pytest.raises(VoteRefused) as refused:
        vote_open(actor=org.user("east-delegate-0"), meeting=meeting, method="named", motion=motion)
    return refused.value.problems


def test_thirty_days_notice_counts_calendar_days_before_the_meetings_day(org, meeting, clock):
    # 2 May to 1 June is 30 days; 3 May is 29.
    clock.set(dt.datetime(2026, 5, 2, 23, 0, tzinfo=dt.UTC))
    in_time = admitted(org, meeting, decision_type="bylaws.change", title="In time")
    clock.set(dt.datetime(2026, 5, 3, 0, 30, tzinfo=dt.UTC))
    late = admitted(org, meeting, decision_type="bylaws.change", title="Late")

    assert motion_notice_given(in_time, meeting)
    assert not motion_notice_given(late, meeting)
    assert refused_problems(org, meeting, late) == [
        "'Amend the bylaws' requires 30 days' notice of the proposal, and it was not given "
        "that long before"
    ]
    vote = vote_open(
        actor=org.user("east-delegate-0"), meeting=meeting, method="named", motion=in_time
    )
    assert not vote.irregular


def test_the_types_own_notice_replaces_the_bodys_period_for_documents(org, meeting, clock):
    """Eight days is enough for a resolution (documents 7 days), not for the bylaws."""
    clock.set(MEETING_START - dt.timedelta(days=8))
    resolution = admitted(org, meeting, title="A resolution")
    bylaws = admitted(org, meeting, decision_type="bylaws.change", title="Bylaws")
    assert motion_notice_given(resolution, meeting)
    assert not motion_notice_given(bylaws, meeting)


def test_forty_eight_hours_notice_counts_to_the_minute(org, meeting, clock):
    clock.set(MEETING_START - dt.timedelta(hours=48))
    in_time = admitted(org, meeting, decision_type="urgent.action", title="In time")
    clock.set(MEETING_START - dt.timedelta(hours=48) + dt.timedelta(minutes=1))
    late = admitted(org, meeting, decision_type="urgent.action", title="Late")

    assert motion_notice_given(in_time, meeting)
    assert not motion_notice_given(late, meeting)
    assert refused_problems(org, meeting, late) == [
        "'Urgent action' requires 48 hours' notice of the proposal, and it was not given "
        "that long before"
    ]


def test_a_late_motion_voted_anyway_is_recorded_as_irregular(org, meeting, clock):
    clock.set(MEETING_START - dt.timedelta(hours=47))
    motion = admitted(org, meeting, decision_type="urgent.action")
    vote = vote_open(
        actor=org.user("east-delegate-0"),
        meeting=meeting,
        method="named",
        motion=motion,
        proceed=True,
    )
    assert vote.irregular and "48 hours' notice" in vote.irregular_reason
