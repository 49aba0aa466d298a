"""An adopted motion lands in the ledger by itself: the final text, the tally of the vote, the
meeting and its day, the competence check, the notice it had. A vote without quorum, or
despite a failed check, that the chair pushed through makes the decision irregular."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from minutebook.charter.models import CharterVersion
from minutebook.journal.models import JournalEntry
from minutebook.ledger.models import DecisionStatus
from minutebook.meetings.models import Attendance, Meeting, MeetingStatus
from minutebook.motions.models import Motion, MotionStatus
from minutebook.motions.services import motion_record_decision
from minutebook.votes.models import Vote
from minutebook.votes.services import VoteRefused, vote_cast, vote_close, vote_open
from tests.factories import record
from tests.motions.world import MEETING_START, admitted

CAST = {
    "east-delegate-0": "for",
    "east-delegate-1": "for",
    "east-delegate-2": "for",
    "west-delegate-0": "for",
    "west-delegate-1": "against",
    "west-delegate-2": "abstain",
}


@pytest.fixture
def secretary(org):
    return org.user("east-delegate-0")


def vote_through(org, meeting, motion, *, method="named", chair="east-delegate-0", **opening):
    """`chair` opens the vote, everyone present casts as in CAST, `chair` closes it."""
    vote = vote_open(
        actor=org.user(chair), meeting=meeting, method=method, motion=motion, **opening
    )
    for key, choice in CAST.items():
        if Attendance.objects.filter(meeting=meeting, member=org.members[key]).exists():
            vote_cast(actor=org.user(key), vote=vote, choice=choice)
    return vote_close(actor=org.user(chair), vote=vote)


def test_the_decisions_page_links_its_meeting_and_its_motion(org, meeting, client):
    motion = admitted(org, meeting, title="Rent strike fund")
    vote_through(org, meeting, motion, method="secret")
    decision = Motion.objects.get(pk=motion.pk).decision
    client.force_login(org.user("west-delegate-1"))
    page = client.get(f"/decisions/{decision.reference}/").content.decode()
    assert f'<a href="/meetings/{meeting.pk}/">{meeting.title}</a>' in page
    assert f'<a href="/motions/{motion.pk}/">Motion {motion.pk}: Rent strike fund</a>' in page


def test_an_adopted_motion_is_recorded_with_its_vote_meeting_and_check(org, meeting):
    motion = admitted(org, meeting, title="Rent strike fund")
    vote = vote_through(org, meeting, motion, method="secret")
    motion.refresh_from_db()
    decision = motion.decision
    assert motion.status == MotionStatus.ADOPTED
    assert decision.motion == motion  # linked both ways
    assert (decision.title, decision.text) == (motion.title, motion.versions.get().text)
    assert (decision.votes_for, decision.votes_against, decision.votes_abstain) == (4, 1, 1)
    assert decision.present == 6 and decision.seats_filled == 6
    assert decision.meeting == meeting
    assert decision.decided_on == dt.date(2026, 6, 1)
    assert decision.check_passed and not decision.irregular
    assert decision.threshold == "majority_cast"
    assert decision.notice_given  # circulated a fortnight before
    assert decision.recorded_by == org.user("east-delegate-0")
    assert decision.check_explanation == vote.explanation
    assert JournalEntry.objects.filter(action="motion.record", object_id=str(motion.pk)).exists()


def test_the_threshold_comes_from_the_decision_type(org, meeting):
    """A rent strike needs a majority of all seat holders: 4 of the 6 for, 1 against, 1
    abstaining reaches it; with only 3 for it fails though nobody votes against."""
    motion = admitted(org, meeting, decision_type="strike.call")
    vote = vote_through(org, meeting, motion)
    assert vote.threshold == "majority_entire" and vote.adopted
    second = admitted(org, meeting, decision_type="strike.call", title="Second strike")
    opened = vote_open(
        actor=org.user("east-delegate-0"), meeting=meeting, method="show_of_hands", motion=second
    )
    closed = vote_close(
        actor=org.user("east-delegate-0"), vote=opened, votes_for=3, votes_against=0
    )
    assert not closed.adopted
    second.refresh_from_db()
    assert second.status == MotionStatus.REJECTED and second.decision is None


def test_without_quorum_the_vote_is_refused_unless_the_chair_proceeds(org, clock):
    from tests.motions.world import check_in, make_meeting

    meeting = make_meeting(org, chair="east-delegate-1")
    check_in(org, meeting, "east-delegate-0", "east-delegate-1", "west-delegate-1")
    motion = admitted(org, meeting)
    with pytest.raises(VoteRefused) as refused:
        vote_open(actor=org.user("east-delegate-0"), meeting=meeting, method="named", motion=motion)
    assert refused.value.problems == [
        "no quorum: 3 present, the charter requires more than half of the filled seats present "
        "(4 of 6 seats filled)"
    ]
    vote = vote_through(org, meeting, motion, proceed=True, proceed_reason="the delegates insisted")
    assert vote.irregular
    assert vote.irregular_reason.startswith("The chair proceeded although no quorum: 3 present")
    assert vote.irregular_reason.endswith("Reason given: the delegates insisted")
    motion.refresh_from_db()
    decision = motion.decision
    assert decision.irregular and decision.irregular_reason == vote.irregular_reason
    assert not decision.check_passed
    assert [f["rule"] for f in decision.check_failures] == ["quorum"]


def test_a_motion_circulated_late_needs_the_chair_to_proceed_and_is_irregular(
    org, meeting, clock, small_charter_text
):
    """A charter amendment requires notice; submitted three days before the meeting it had
    none (documents are due seven days before)."""
    clock.set(MEETING_START - dt.timedelta(days=3))
    amended = small_charter_text.replace("name: Test Tenants' Union", "name: Tenants' Union")
    motion = admitted(org, meeting, decision_type="charter.amend", text=amended)
    with pytest.raises(VoteRefused) as refused:
        vote_open(actor=org.user("east-delegate-0"), meeting=meeting, method="named", motion=motion)
    assert refused.value.problems == [
        "'Amend the charter' requires prior notice of the proposal, and none was given"
    ]
    vote_through(org, meeting, motion, proceed=True)
    motion.refresh_from_db()
    assert motion.decision.irregular and not motion.decision.notice_given
    assert "requires prior notice" in motion.decision.irregular_reason
    # An irregular amendment does not change the charter.
    assert CharterVersion.objects.count() == 1


def test_a_regular_charter_amendment_puts_the_amended_charter_in_force(
    org, meeting, small_charter_text
):
    amended = small_charter_text.replace("name: Test Tenants' Union", "name: Tenants' Union")
    motion = admitted(org, meeting, decision_type="charter.amend", text=amended)
    vote_through(org, meeting, motion)  # 4 for, 1 against: two-thirds of the votes cast
    motion.refresh_from_db()
    assert not motion.decision.irregular
    new = CharterVersion.objects.get(number=2)
    assert new.adopted_by == motion.decision
    assert "name: Tenants' Union" in new.source_text


def test_the_chair_who_is_not_secretary_puts_the_adopted_motion_in_the_ledger(org, meeting):
    """East Delegate 1 chairs the meeting and holds no office on the assembly: closing the vote
    that adopts the motion records the decision at once, at this meeting, with the tally."""
    motion = admitted(org, meeting)
    vote = vote_through(org, meeting, motion, chair="east-delegate-1")
    motion.refresh_from_db()
    decision = motion.decision
    assert motion.status == MotionStatus.ADOPTED
    assert decision is not None and decision.motion == motion
    assert decision.meeting == meeting
    assert (decision.votes_for, decision.votes_against, decision.votes_abstain) == (4, 1, 1)
    assert decision.present == vote.present == 6
    assert decision.decided_on == dt.date(2026, 6, 1)
    assert decision.recorded_by == org.user("east-delegate-1")
    assert JournalEntry.objects.filter(action="motion.record", object_id=str(motion.pk)).exists()


def test_once_the_meeting_closed_its_chair_no_longer_records(org, meeting):
    """An adopted motion left out of the ledger (adopted before the chair recorded anything)
    waits for the secretary once the meeting is over: the chair's part ends with it."""
    motion = admitted(org, meeting)
    vote = vote_open(
        actor=org.user("east-delegate-1"), meeting=meeting, method="show_of_hands", motion=motion
    )
    # The record as such a vote left it: closed, the motion adopted, nothing in the ledger.
    Vote.objects.filter(pk=vote.pk).update(
        status="closed", votes_for=4, votes_against=1, votes_abstain=1, adopted=True
    )
    Motion.objects.filter(pk=motion.pk).update(status=MotionStatus.ADOPTED)
    Meeting.objects.filter(pk=meeting.pk).update(
        status=MeetingStatus.CLOSED, closed_at=meeting.starts_at + dt.timedelta(hours=2)
    )
    motion.refresh_from_db()
    for key in ("east-delegate-1", "west-delegate-2"):  # the meeting's chair, a seat holder
        with pytest.raises(PermissionDenied):
            motion_record_decision(actor=org.user(key), motion=motion)
    decision = motion_record_decision(actor=org.user("east-delegate-0"), motion=motion)
    assert decision.votes_for == 4 and decision.meeting == meeting
    assert decision.recorded_by == org.user("east-delegate-0")


def test_an_adopted_rescission_ends_the_decision_it_names(org, meeting):
    old = record(org.bodies["assembly"], "resolution", title="Old policy")
    motion = admitted(org, meeting, decision_type="decision.rescind", ends=old)
    vote_through(org, meeting, motion)
    old.refresh_from_db()
    motion.refresh_from_db()
    assert old.status == DecisionStatus.RESCINDED
    assert motion.decision.ends == old
