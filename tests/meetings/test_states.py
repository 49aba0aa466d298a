"""Scheduled → open → closed: who moves a meeting on, and nothing else goes."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from minutebook.journal.models import JournalEntry
from minutebook.meetings import services
from minutebook.meetings.access import can_chair_meeting
from minutebook.meetings.models import MeetingStatus
from minutebook.members.models import Member, MembershipStatus
from minutebook.members.services import member_change_status
from minutebook.votes.services import vote_close, vote_open
from tests.factories import record
from tests.meetings.conftest import client_for
from tests.motions.world import DELEGATES, admitted, check_in, make_meeting


def test_open_records_the_time_the_chair_and_the_quorum(org, meeting, clock):
    clock.set(meeting.starts_at)
    for key in ("council-2", "council-3"):
        services.attendance_check_in(actor=org.admin, meeting=meeting, member=org.members[key])
    meeting = services.meeting_open(actor=org.user("council-0"), meeting=meeting)
    assert meeting.status == MeetingStatus.OPEN
    assert meeting.opened_at == clock.now
    assert meeting.chair == org.members["council-0"]
    assert meeting.quorum_at_opening == {
        "filled_seats": 5,
        "present": 2,
        "required": 3,
        "rule": "at least half of the filled seats present",
    }
    entry = JournalEntry.objects.get(action="meeting.open")
    assert "NO QUORUM" in entry.summary


def test_an_administrator_without_a_member_opens_under_the_bodys_chair(
    org, council, meeting, clock
):
    meeting = services.meeting_open(actor=org.admin, meeting=meeting)
    assert meeting.chair == org.members["council-1"]


def test_close_records_the_time_and_the_quorum(org, open_meeting, clock):
    clock.advance(hours=2)
    meeting = services.meeting_close(actor=org.user("council-0"), meeting=open_meeting)
    assert meeting.status == MeetingStatus.CLOSED
    assert meeting.closed_at == clock.now
    assert meeting.quorum_at_closing["present"] == 0
    assert JournalEntry.objects.filter(action="meeting.close").exists()


@pytest.mark.parametrize(
    ("persona", "allowed"),
    [
        ("admin", True),
        ("secretary", True),
        ("chair", True),
        ("seat_holder", False),
        ("member", False),
        ("outsider", False),
    ],
)
def test_who_opens_and_closes(org, personas, meeting, clock, persona, allowed):
    user = personas[persona]
    if not allowed:
        with pytest.raises(PermissionDenied):
            services.meeting_open(actor=user, meeting=meeting)
        meeting = services.meeting_open(actor=org.admin, meeting=meeting)
        with pytest.raises(PermissionDenied):
            services.meeting_close(actor=user, meeting=meeting)
        return
    meeting = services.meeting_open(actor=user, meeting=meeting)
    assert services.meeting_close(actor=user, meeting=meeting).status == MeetingStatus.CLOSED


def test_illegal_transitions_are_refused(org, meeting, clock):
    with pytest.raises(ValidationError, match="only an open meeting closes"):
        services.meeting_close(actor=org.admin, meeting=meeting)
    meeting = services.meeting_open(actor=org.admin, meeting=meeting)
    with pytest.raises(ValidationError, match="only a scheduled meeting opens"):
        services.meeting_open(actor=org.admin, meeting=meeting)
    meeting = services.meeting_close(actor=org.admin, meeting=meeting)
    with pytest.raises(ValidationError):
        services.meeting_open(actor=org.admin, meeting=meeting)
    with pytest.raises(ValidationError):
        services.meeting_close(actor=org.admin, meeting=meeting)


def test_a_stale_copy_cannot_reopen_a_closed_meeting(org, meeting, clock):
    """The services read the meeting's state under a lock, not from the caller's copy."""
    stale = meeting
    services.meeting_close(
        actor=org.admin, meeting=services.meeting_open(actor=org.admin, meeting=meeting)
    )
    with pytest.raises(ValidationError):
        services.meeting_open(actor=org.admin, meeting=stale)


def test_the_chair_must_be_in_good_standing(org, meeting, clock):
    with pytest.raises(ValidationError, match="good standing"):
        services.meeting_open(actor=org.admin, meeting=meeting, chair=org.members["applicant"])


def test_state_changes_are_published_to_the_meeting(org, meeting, clock, monkeypatch):
    sent = []
    monkeypatch.setattr(
        "minutebook.live.publish.publish",
        lambda meeting_id, topic, **kw: sent.append((meeting_id, topic, kw.get("data"))),
    )
    meeting = services.meeting_open(actor=org.admin, meeting=meeting)
    services.meeting_close(actor=org.admin, meeting=meeting)
    assert [(topic, data["status"]) for _, topic, data in sent] == [
        ("meeting", "open"),
        ("meeting", "closed"),
    ]


def test_a_chair_suspended_during_the_meeting_no_longer_runs_it(org, meeting, clock):
    """Council Member 2 chairs the meeting without an office; the Council suspends her (which
    ends her seat): she may no longer close the meeting, which the secretary then does."""
    meeting = services.meeting_open(
        actor=org.admin, meeting=meeting, chair=org.members["council-2"]
    )
    chair = org.members["council-2"]
    suspension = record(
        org.bodies["council"], "member.suspend", yes=4, no=0, present=5, decided_on=clock.now.date()
    )
    member_change_status(
        actor=org.admin,
        member=chair,
        status=MembershipStatus.SUSPENDED,
        effective_on=clock.now.date(),
        decision=suspension,
    )
    meeting.refresh_from_db()
    assert meeting.chair == chair
    with pytest.raises(PermissionDenied):
        services.meeting_close(actor=org.user("council-2"), meeting=meeting)
    assert services.meeting_close(actor=org.user("council-0"), meeting=meeting).status == "closed"


@pytest.mark.parametrize("status", [MembershipStatus.SUSPENDED, MembershipStatus.EXPELLED])
def test_an_office_holder_not_in_good_standing_chairs_nothing(
    org, personas, meeting, clock, status
):
    """Even with a seat and the chair's office still on the record (the status written by an
    import), a member not in good standing may not open, chair or close the meeting."""
    Member.objects.filter(pk=org.members["council-1"].pk).update(status=status)
    chair = org.user("council-1")
    assert not can_chair_meeting(chair, meeting)
    with pytest.raises(PermissionDenied):
        services.meeting_open(actor=chair, meeting=meeting)


def test_a_meeting_does_not_close_while_one_of_its_votes_is_open(org, clock):
    """The refusal names the vote; once it is closed, the meeting closes."""
    meeting = make_meeting(org, chair="east-delegate-1")
    check_in(org, meeting, *DELEGATES)
    motion = admitted(org, meeting, title="Rent strike fund")
    vote = vote_open(actor=org.admin, meeting=meeting, method="show_of_hands", motion=motion)
    with pytest.raises(ValidationError) as refused:
        services.meeting_close(actor=org.user("east-delegate-1"), meeting=meeting)
    assert refused.value.messages == [
        f"vote {vote.pk} (Motion {motion.pk}: Rent strike fund) is still open: close or cancel "
        "it before closing the meeting"
    ]
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.OPEN
    vote_close(actor=org.admin, vote=vote, votes_for=4, votes_against=1)
    meeting = services.meeting_close(actor=org.user("east-delegate-1"), meeting=meeting)
    assert meeting.status == MeetingStatus.CLOSED


def test_the_page_says_which_vote_keeps_the_meeting_open(org, clock):
    meeting = make_meeting(org, chair="east-delegate-1")
    check_in(org, meeting, *DELEGATES)
    motion = admitted(org, meeting, title="Rent strike fund")
    vote = vote_open(actor=org.admin, meeting=meeting, method="secret", motion=motion)
    response = client_for(org.user("east-delegate-1")).post(
        f"/meetings/{meeting.pk}/close/", follow=True
    )
    assert f"vote {vote.pk} (Motion {motion.pk}: Rent strike fund) is still open" in (
        response.content.decode()
    )
