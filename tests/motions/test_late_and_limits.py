"""A body's rules on motions: a motion submitted fewer than `deadline_days` days before the
meeting is late, admitted only with the counts of the meeting's vote reaching
`late_admission`; at most `per_unit_limit` motions per unit for one meeting.

Here the General Assembly's deadline is 7 days, a late motion needs two-thirds of the votes
cast, and each local may put at most 2 motions to one meeting. The meeting is on 1 June."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from minutebook.journal.models import JournalEntry
from minutebook.ledger.competence import Tally
from minutebook.meetings.models import MeetingStatus
from minutebook.motions.models import LateAdmission, MotionStatus
from minutebook.motions.rules import lateness
from minutebook.motions.services import motion_admit, motion_submit, motion_withdraw
from tests.charter.charters import variant
from tests.motions.world import make_meeting, submit

CHAIR = "east-delegate-1"
ON_TIME = dt.datetime(2026, 5, 25, 12, 0, tzinfo=dt.UTC)  # exactly 7 days before


@pytest.fixture
def small_charter_text(small_charter_text):
    return variant(
        (
            "    proxies: true\n    visibility: members\n",
            "    proxies: true\n    visibility: members\n"
            "    motions: {deadline_days: 7, late_admission: two_thirds_cast, per_unit_limit: 2}\n",
        ),
        text=small_charter_text,
    )


def admit(org, motion, meeting, votes=None, by=CHAIR):
    return motion_admit(
        actor=org.user(by),
        motion=motion,
        meeting=meeting,
        agenda_item=meeting.agenda_items.get(position=1),
        late_votes=votes,
    )


@pytest.fixture
def late_motion(org, meeting, clock):
    clock.set(ON_TIME + dt.timedelta(days=1))
    return submit(org, meeting)


def test_a_motion_exactly_the_deadline_before_is_in_time(org, meeting, clock):
    clock.set(ON_TIME)
    motion = submit(org, meeting)

    assert lateness(motion, meeting) is None
    assert admit(org, motion, meeting).status == MotionStatus.ADMITTED


def test_a_motion_one_day_later_is_late_and_refused_without_a_vote(org, meeting, late_motion):
    late = lateness(late_motion, meeting)
    assert (late.days_before, late.deadline_days) == (6, 7)

    with pytest.raises(ValidationError) as refused:
        admit(org, late_motion, meeting)

    assert refused.value.message_dict["late_votes"] == [
        "the motion was submitted 6 days before the meeting; the charter's deadline is 7 days "
        "before the meeting, and a late motion is admitted only by two-thirds of the votes "
        "cast (abstentions do not count) in a vote of the meeting: enter the counts"
    ]


def test_a_late_motion_admitted_by_exactly_two_thirds(org, meeting, late_motion):
    motion = admit(org, late_motion, meeting, Tally(votes_for=4, votes_against=2))

    assert motion.status == MotionStatus.ADMITTED
    admission = LateAdmission.objects.get(motion=motion)
    assert (admission.votes_for, admission.votes_against, admission.votes_abstain) == (4, 2, 0)
    assert admission.threshold == "two_thirds_cast"
    entry = JournalEntry.objects.get(object_id=str(motion.pk), action="motion.admit_late")
    assert entry.after["for"] == 4 and entry.after["days_before"] == 6


def test_a_late_motion_one_vote_short_is_not_admitted(org, meeting, late_motion):
    with pytest.raises(ValidationError, match="the vote did not reach it"):
        admit(org, late_motion, meeting, Tally(votes_for=3, votes_against=2))

    late_motion.refresh_from_db()
    assert late_motion.status == MotionStatus.SUBMITTED
    assert not LateAdmission.objects.exists()


def test_a_late_motion_is_admitted_at_the_open_meeting_only(org, late_motion, meeting):
    meeting.status = MeetingStatus.SCHEDULED
    meeting.opened_at = None
    meeting.save(update_fields=["status", "opened_at"])

    with pytest.raises(ValidationError, match="admit it at the meeting, once it is open"):
        admit(org, late_motion, meeting, Tally(votes_for=6, votes_against=0))


def test_counts_for_a_motion_in_time_are_refused(org, meeting):
    motion = submit(org, meeting)

    with pytest.raises(ValidationError, match="the motion is in time"):
        admit(org, motion, meeting, Tally(votes_for=6, votes_against=0))


def test_counts_beyond_those_present_are_refused(org, meeting, late_motion):
    with pytest.raises(ValidationError, match="the counts do not add up"):
        admit(org, late_motion, meeting, Tally(votes_for=9, votes_against=0))


def test_only_who_chairs_admits_a_late_motion(org, meeting, late_motion):
    with pytest.raises(PermissionDenied):
        admit(org, late_motion, meeting, Tally(votes_for=6, votes_against=0), by="west-delegate-1")


def test_the_nth_motion_of_a_unit_is_accepted_and_the_next_refused(org, meeting):
    submit(org, meeting, by="west-delegate-1")
    submit(org, meeting, by="west-delegate-2", title="Second")

    with pytest.raises(ValidationError) as refused:
        submit(org, meeting, by="west-delegate-0", title="Third")

    assert refused.value.message_dict["meeting"] == [
        "the charter allows at most 2 motions per unit to one meeting of General Assembly; "
        "West Local has 2 for General Assembly, June session already"
    ]
    assert submit(org, meeting, by="east-delegate-2", title="East's first")


def test_a_withdrawn_motion_does_not_count(org, meeting):
    first = submit(org, meeting, by="west-delegate-1")
    submit(org, meeting, by="west-delegate-2", title="Second")
    motion_withdraw(actor=org.user("west-delegate-1"), motion=first)

    assert submit(org, meeting, by="west-delegate-0", title="Third")


def test_a_motion_submitted_without_a_meeting_counts_when_admitted(org, meeting):
    submit(org, meeting, by="west-delegate-1")
    submit(org, meeting, by="west-delegate-2", title="Second")
    unplaced = motion_submit(
        actor=org.user("west-delegate-0"),
        body=meeting.body,
        decision_type="resolution",
        title="Third",
        text="Text.",
        authors=[org.members["west-delegate-0"]],
    )

    with pytest.raises(ValidationError, match="at most 2 motions per unit"):
        admit(org, unplaced, meeting)


def test_another_body_without_the_rules_has_no_limit(org, clock):
    council = make_meeting(org, "council", status=MeetingStatus.SCHEDULED)
    for n in range(3):
        submit(org, council, by="east-delegate-0", title=f"Motion {n}")
