"""Who may move a motion along its workflow, and from which state: the matrix of role ×
state for admitting, opening the debate, withdrawing and referring.

Roles: the administrator; the meeting's chair (East Delegate 1); the assembly's secretary
(East Delegate 0); the motion's author (West Delegate 1); a rank-and-file member; an outsider
(a login with no member behind it)."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from minutebook.journal.models import JournalEntry
from minutebook.meetings.models import MeetingStatus
from minutebook.motions.models import MotionStatus
from minutebook.motions.services import (
    motion_admit,
    motion_debate,
    motion_refer,
    motion_submit,
    motion_withdraw,
)
from minutebook.votes.services import vote_close, vote_open
from tests.motions.world import submit

CHAIRS = {"administrator", "chair", "secretary"}
ACTIONS = {
    # action: (states it starts from, roles that may do it)
    "admit": ({MotionStatus.SUBMITTED}, CHAIRS),
    "debate": ({MotionStatus.ADMITTED}, CHAIRS),
    "withdraw": (
        {MotionStatus.SUBMITTED, MotionStatus.ADMITTED, MotionStatus.DEBATED},
        {"author"},
    ),
    "refer": ({MotionStatus.ADMITTED, MotionStatus.DEBATED}, CHAIRS),
}


class Rollback(Exception):
    pass


def attempt(call) -> str:
    """What happens when the call is made; nothing it does is kept."""
    try:
        with transaction.atomic():
            call()
            raise Rollback
    except Rollback:
        return "ok"
    except PermissionDenied:
        return "forbidden"
    except ValidationError:
        return "refused"


def motion_in(state, org, meeting):
    secretary = org.user("east-delegate-0")
    motion = submit(org, meeting)
    if state == MotionStatus.SUBMITTED:
        return motion
    if state == MotionStatus.WITHDRAWN:
        return motion_withdraw(actor=org.user("west-delegate-1"), motion=motion)
    motion = motion_admit(
        actor=secretary, motion=motion, meeting=meeting, agenda_item=meeting.agenda_items.first()
    )
    if state == MotionStatus.ADMITTED:
        return motion
    motion = motion_debate(actor=secretary, motion=motion)
    if state == MotionStatus.DEBATED:
        return motion
    if state == MotionStatus.REFERRED:
        return motion_refer(actor=secretary, motion=motion, to_body=org.bodies["council"])
    vote = vote_open(actor=secretary, meeting=meeting, method="show_of_hands", motion=motion)
    if state == MotionStatus.VOTED:
        motion.refresh_from_db()
        return motion
    yes, no = (5, 1) if state == MotionStatus.ADOPTED else (1, 5)
    vote_close(actor=secretary, vote=vote, votes_for=yes, votes_against=no)
    motion.refresh_from_db()
    return motion


def act(action, actor, motion, org, meeting):
    if action == "admit":
        return motion_admit(
            actor=actor, motion=motion, meeting=meeting, agenda_item=meeting.agenda_items.last()
        )
    if action == "debate":
        return motion_debate(actor=actor, motion=motion)
    if action == "withdraw":
        return motion_withdraw(actor=actor, motion=motion)
    return motion_refer(actor=actor, motion=motion, to_body=org.bodies["council"])


@pytest.mark.parametrize("state", list(MotionStatus))
def test_who_may_do_what_from_which_state(state, org, meeting, outsider):
    motion = motion_in(state, org, meeting)
    assert motion.status == state
    roles = {
        "administrator": org.admin,
        "chair": org.user("east-delegate-1"),
        "secretary": org.user("east-delegate-0"),
        "author": org.user("west-delegate-1"),
        "member": org.user("west-member"),
        "outsider": outsider,
    }
    seen, expected = {}, {}
    for action, (states, allowed) in ACTIONS.items():
        for role, user in roles.items():
            seen[action, role] = attempt(lambda: act(action, user, motion, org, meeting))  # noqa: B023
            if role not in allowed:
                expected[action, role] = "forbidden"
            else:
                expected[action, role] = "ok" if state in states else "refused"
    assert seen == expected


def test_each_transition_is_journaled_with_before_and_after(org, meeting):
    motion = motion_in(MotionStatus.DEBATED, org, meeting)
    entries = JournalEntry.objects.filter(object_type="motions.motion", object_id=str(motion.pk))
    assert list(entries.values_list("action", flat=True)) == [
        "motion.submit",
        "motion.admit",
        "motion.debate",
    ]
    debate = entries.get(action="motion.debate")
    assert (debate.before["status"], debate.after["status"]) == ("admitted", "debated")


def test_the_debate_and_referrals_need_the_meeting_open(org, meeting):
    meeting.status = MeetingStatus.SCHEDULED
    meeting.save()
    motion = motion_in(MotionStatus.ADMITTED, org, meeting)
    with pytest.raises(ValidationError):
        motion_debate(actor=org.user("east-delegate-0"), motion=motion)
    with pytest.raises(ValidationError):
        motion_refer(
            actor=org.user("east-delegate-0"), motion=motion, to_body=org.bodies["council"]
        )


def test_a_motion_is_admitted_only_to_its_own_bodys_meeting(org, meeting):
    from tests.motions.world import make_meeting

    council_meeting = make_meeting(org, "council")
    motion = submit(org, meeting)
    with pytest.raises(ValidationError):
        motion_admit(
            actor=org.admin,
            motion=motion,
            meeting=council_meeting,
            agenda_item=council_meeting.agenda_items.first(),
        )


def test_a_closed_meeting_takes_no_motions(org, meeting):
    meeting.status = MeetingStatus.CLOSED
    meeting.closed_at = meeting.starts_at
    meeting.save()
    with pytest.raises(ValidationError):
        motion_submit(
            actor=org.user("west-delegate-1"),
            body=meeting.body,
            decision_type="resolution",
            title="Late",
            text="Too late.",
            authors=[org.members["west-delegate-1"]],
            meeting=meeting,
        )
