"""Readings as one of two ways to adopt: "adopted at two successive meetings, or at one meeting
by a two-thirds majority" (`readings: {count: 2, or_at_one_meeting: two_thirds_cast}`).

Here the General Assembly's resolutions take that rule. Six delegates are present and vote by
name; two thirds of the votes cast is worked by hand for each tally."""

import datetime as dt

import pytest

from minutebook.meetings.models import MeetingStatus
from minutebook.motions.models import MotionStatus
from minutebook.motions.rules import readings_state
from minutebook.motions.services import motion_admit, motion_read
from minutebook.votes.services import vote_cast, vote_close, vote_open
from tests.charter.charters import variant
from tests.motions.world import DELEGATES, MEETING_START, admitted, check_in, make_meeting

CHAIR = "east-delegate-1"


@pytest.fixture
def small_charter_text(small_charter_text):
    return variant(
        (
            "  - id: resolution\n    name: Resolution\n",
            "  - id: resolution\n    name: Resolution\n"
            "    readings: {count: 2, or_at_one_meeting: two_thirds_cast}\n",
        ),
        text=small_charter_text,
    )


def vote_on(org, meeting, motion, choices: list[str]):
    """The chair opens a named vote; the six delegates cast `choices` in order; it closes."""
    vote = vote_open(actor=org.user(CHAIR), meeting=meeting, method="named", motion=motion)
    for key, choice in zip(DELEGATES, choices, strict=True):
        if choice:
            vote_cast(actor=org.user(key), vote=vote, choice=choice)
    return vote_close(actor=org.user(CHAIR), vote=vote)


def test_a_vote_at_the_first_meeting_is_allowed_by_two_thirds(org, meeting):
    motion = admitted(org, meeting)
    # 4 for, 2 against: 4 of 6 cast is exactly two thirds
    vote = vote_on(org, meeting, motion, ["for"] * 4 + ["against"] * 2)

    assert not vote.irregular and vote.threshold == "two_thirds_cast"
    assert vote.adopted
    motion.refresh_from_db()
    assert motion.status == MotionStatus.ADOPTED
    assert motion.decision is not None and not motion.decision.irregular


def test_a_majority_short_of_two_thirds_at_one_meeting_is_not_enough(org, meeting):
    motion = admitted(org, meeting)
    # 3 for, 2 against, 1 abstaining: 3 of 5 cast is a majority, less than two thirds (3.33)
    vote = vote_on(org, meeting, motion, ["for"] * 3 + ["against"] * 2 + ["abstain"])

    assert not vote.adopted
    assert "two-thirds of the 5 votes cast, that is at least 4 yes" in vote.explanation


def test_after_a_reading_at_one_meeting_a_majority_adopts_at_the_next(org, meeting):
    motion = admitted(org, meeting)
    motion_read(actor=org.user(CHAIR), motion=motion, meeting=meeting)
    meeting.status = MeetingStatus.CLOSED
    meeting.closed_at = meeting.starts_at + dt.timedelta(hours=3)
    meeting.save(update_fields=["status", "closed_at"])
    motion.refresh_from_db()
    second = make_meeting(org, chair=CHAIR, starts_at=MEETING_START + dt.timedelta(days=7))
    check_in(org, second, *DELEGATES)
    motion_admit(
        actor=org.user(CHAIR),
        motion=motion,
        meeting=second,
        agenda_item=second.agenda_items.get(position=1),
    )
    assert readings_state(motion).early_vote_threshold is None
    # the same 3 for, 2 against, 1 abstaining now adopts: a majority of the votes cast
    vote = vote_on(org, second, motion, ["for"] * 3 + ["against"] * 2 + ["abstain"])

    assert vote.threshold == "majority_cast" and vote.adopted and not vote.irregular


def test_the_rule_in_words():
    from minutebook.charter.motion_rules import readings_words
    from minutebook.charter.spec import Readings

    assert readings_words(Readings(count=2, or_at_one_meeting="two_thirds_cast")) == (
        "read 2 times at separate meetings, voted on at the last; or adopted at one meeting by "
        "two-thirds of the votes cast (abstentions do not count)"
    )
