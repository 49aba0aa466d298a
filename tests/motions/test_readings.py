"""Motions read several times at separate meetings before the vote (a decision type's
`readings:`): each earlier reading recorded by the chair, at least the charter's days apart;
the vote on adoption refused before the last reading, or taken as irregular.

Here the General Assembly's resolutions are read twice, 14 days apart, and its platform three
times, 14 days apart."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from minutebook.journal.models import JournalEntry
from minutebook.meetings.minutes import minutes_markdown
from minutebook.meetings.models import MeetingStatus
from minutebook.motions.models import MotionStatus
from minutebook.motions.services import motion_admit, motion_read
from minutebook.votes.services import VoteRefused, vote_open
from tests.charter.charters import variant
from tests.motions.world import DELEGATES, MEETING_START, admitted, check_in, make_meeting

CHAIR = "east-delegate-1"
FIRST = MEETING_START  # 1 June 2026


@pytest.fixture
def small_charter_text(small_charter_text):
    return variant(
        (
            "  - id: resolution\n    name: Resolution\n",
            "  - id: resolution\n    name: Resolution\n"
            "    readings: {count: 2, days_between: 14}\n",
        ),
        (
            "decision_types:\n",
            "decision_types:\n"
            "  - id: platform.adopt\n    name: Adopt the platform\n    bodies: [assembly]\n"
            "    threshold: majority_cast\n    readings: {count: 3, days_between: 14}\n",
        ),
        text=small_charter_text,
    )


def meeting_on(org, day: dt.date):
    meeting = make_meeting(org, chair=CHAIR, starts_at=dt.datetime.combine(day, FIRST.timetz()))
    check_in(org, meeting, *DELEGATES)
    return meeting


def close(meeting) -> None:
    meeting.status = MeetingStatus.CLOSED
    meeting.closed_at = meeting.starts_at + dt.timedelta(hours=3)
    meeting.save(update_fields=["status", "closed_at"])


def read_at(org, motion, meeting):
    return motion_read(actor=org.user(CHAIR), motion=motion, meeting=meeting)


def admit_to(org, motion, meeting):
    return motion_admit(
        actor=org.user(CHAIR),
        motion=motion,
        meeting=meeting,
        agenda_item=meeting.agenda_items.get(position=1),
    )


def put_to_vote(org, motion, meeting, **extra):
    return vote_open(
        actor=org.user(CHAIR), meeting=meeting, method="show_of_hands", motion=motion, **extra
    )


@pytest.fixture
def read_once(org, meeting):
    """A resolution admitted to the 1 June meeting and read there once."""
    motion = admitted(org, meeting)
    reading = read_at(org, motion, meeting)
    close(meeting)
    motion.refresh_from_db()
    return motion, reading


def test_a_reading_is_recorded_and_the_motion_is_carried_off_the_agenda(org, read_once):
    motion, reading = read_once

    assert (reading.number, reading.read_on) == (1, dt.date(2026, 6, 1))
    assert motion.status == MotionStatus.SUBMITTED
    assert motion.meeting_id is None and motion.agenda_item_id is None
    actions = JournalEntry.objects.filter(object_id=str(motion.pk)).values_list("action", flat=True)
    assert list(actions)[-2:] == ["motion.read", "motion.carry"]


def test_the_last_reading_exactly_the_days_between_later_is_put_to_the_vote(org, read_once):
    motion, _ = read_once
    later = meeting_on(org, dt.date(2026, 6, 15))
    admit_to(org, motion, later)

    vote = put_to_vote(org, motion, later)

    assert not vote.irregular


def test_the_last_reading_one_day_too_early_is_refused_with_the_rule(org, read_once):
    motion, _ = read_once
    early = meeting_on(org, dt.date(2026, 6, 14))
    admit_to(org, motion, early)

    with pytest.raises(VoteRefused) as refused:
        put_to_vote(org, motion, early)

    assert refused.value.problems == [
        "the charter requires 2 readings at separate meetings, at least 14 days apart for "
        "'resolution': the previous reading was on 1 June 2026, so the next is due from "
        "15 June 2026"
    ]


def test_the_adoption_vote_before_the_last_reading_is_refused(org, meeting):
    motion = admitted(org, meeting)

    with pytest.raises(VoteRefused) as refused:
        put_to_vote(org, motion, meeting)

    assert "this motion has had 0 readings: record its 1st reading" in refused.value.problems[0]
    motion.refresh_from_db()
    assert motion.status == MotionStatus.ADMITTED


def test_the_chair_may_proceed_and_the_vote_is_irregular(org, meeting):
    motion = admitted(org, meeting)

    vote = put_to_vote(org, motion, meeting, proceed=True, proceed_reason="urgent")

    assert vote.irregular
    assert "has had 0 readings" in vote.irregular_reason


def test_the_last_reading_is_not_recorded_as_a_reading(org, read_once):
    motion, _ = read_once
    later = meeting_on(org, dt.date(2026, 6, 15))
    admit_to(org, motion, later)

    with pytest.raises(ValidationError, match="this is the motion's last reading"):
        read_at(org, motion, later)


def test_a_second_reading_at_the_same_meeting_is_refused(org, meeting):
    motion = admitted(org, meeting, decision_type="platform.adopt")
    read_at(org, motion, meeting)
    admit_to(org, motion, meeting)

    with pytest.raises(ValidationError, match="it was read at this meeting already"):
        read_at(org, motion, meeting)
    with pytest.raises(VoteRefused):
        put_to_vote(org, motion, meeting)


@pytest.mark.parametrize(("day", "accepted"), [(15, True), (14, False)])
def test_a_middle_reading_needs_the_days_between(org, meeting, day, accepted):
    motion = admitted(org, meeting, decision_type="platform.adopt")
    read_at(org, motion, meeting)
    close(meeting)
    second = meeting_on(org, dt.date(2026, 6, day))
    admit_to(org, motion, second)

    if accepted:
        assert read_at(org, motion, second).number == 2
    else:
        with pytest.raises(ValidationError, match="the next is due from 15 June 2026"):
            read_at(org, motion, second)


def test_a_type_read_once_has_no_reading_to_record(org, meeting, small_charter_text):
    motion = admitted(org, meeting, decision_type="charter.amend", text=small_charter_text)

    with pytest.raises(ValidationError, match="reads 'charter.amend' motions once"):
        read_at(org, motion, meeting)


def test_only_who_chairs_the_meeting_records_a_reading(org, meeting):
    motion = admitted(org, meeting)

    with pytest.raises(PermissionDenied):
        motion_read(actor=org.user("west-delegate-1"), motion=motion, meeting=meeting)


def test_the_reading_is_in_the_minutes_of_its_meeting(org, meeting, read_once):
    motion, _ = read_once

    assert (
        f"- 1st reading of motion {motion.pk}, *Rent strike fund*; carried to a later meeting"
        in minutes_markdown(meeting)
    )
