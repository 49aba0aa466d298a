"""Scheduled → open → closed, with the quorum at each moment kept; or scheduled → cancelled."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from minutebook.bodies.access import member_of
from minutebook.journal.services import journal_append
from minutebook.live import publish as live
from minutebook.meetings import clock
from minutebook.meetings.access import can_chair_meeting
from minutebook.meetings.models import Meeting, MeetingStatus
from minutebook.meetings.selectors import (
    QuorumState,
    meeting_quorum,
    office_holder,
    quorum_snapshot,
)
from minutebook.meetings.services._shared import locked
from minutebook.members.models import Member
from minutebook.votes.models import Vote, VoteStatus


def _meeting_changed(meeting: Meeting) -> None:
    live.publish(
        meeting.pk,
        "meeting",
        data={
            "status": meeting.status,
            "opened_at": meeting.opened_at.isoformat() if meeting.opened_at else None,
            "closed_at": meeting.closed_at.isoformat() if meeting.closed_at else None,
            "cancelled_at": meeting.cancelled_at.isoformat() if meeting.cancelled_at else None,
            "chair": meeting.chair.full_name if meeting.chair_id else None,
        },
    )


def _locked_to_move(actor, meeting: Meeting, state: str, *, who: str, rule: str) -> Meeting:
    """The meeting, read again under its lock, once `actor` may run it (else PermissionDenied
    saying `who` may) and it is in `state` (else a refusal naming its state and the `rule`)."""
    meeting = locked(meeting)
    if not can_chair_meeting(actor, meeting):
        raise PermissionDenied(who)
    if meeting.status != state:
        raise ValidationError(
            {"status": f"the meeting is {meeting.get_status_display().lower()}: {rule}"}
        )
    return meeting


@transaction.atomic
def meeting_open(*, actor, meeting: Meeting, chair: Member | None = None) -> Meeting:
    """Open a scheduled meeting now, under `chair` (by default the member opening it, or
    the holder of the body's chair office). The quorum at this moment is kept."""
    meeting = _locked_to_move(
        actor,
        meeting,
        MeetingStatus.SCHEDULED,
        who="only the body's chair or secretary, or an administrator, opens its meetings",
        rule="only a scheduled meeting opens",
    )
    chair = chair or member_of(actor) or office_holder(meeting, "chair")
    if chair is None:
        raise ValidationError({"chair": "name the member who chairs the meeting"})
    if not chair.is_in_good_standing:
        raise ValidationError({"chair": f"{chair} is not a member in good standing"})
    before = {"status": meeting.status}
    meeting.status = MeetingStatus.OPEN
    meeting.opened_at = clock.now()
    meeting.chair = chair
    quorum = meeting_quorum(meeting)
    meeting.quorum_at_opening = quorum_snapshot(quorum)
    meeting.save(update_fields=["status", "opened_at", "chair", "quorum_at_opening"])
    journal_append(
        actor=actor,
        action="meeting.open",
        obj=meeting,
        summary=f"{meeting}: opened, chaired by {chair}; {_quorum_summary(quorum)}",
        before=before,
        after={
            "status": meeting.status,
            "opened_at": meeting.opened_at.isoformat(),
            "chair": chair.membership_number,
            "quorum": meeting.quorum_at_opening,
        },
    )
    _meeting_changed(meeting)
    return meeting


def _quorum_summary(quorum: QuorumState) -> str:
    if not quorum.fixed:
        return f"{quorum.present} present; {quorum.rule}"
    if quorum.has_quorum:
        return f"quorum present ({quorum.present} of {quorum.required} needed)"
    return f"NO QUORUM ({quorum.present} present, {quorum.required} needed)"


@transaction.atomic
def meeting_close(*, actor, meeting: Meeting) -> Meeting:
    """Close an open meeting now, once no vote of it is open (the vote would be left with
    no meeting to close it at). Its minutes are a draft until a later meeting of the body
    approves them."""
    meeting = _locked_to_move(
        actor,
        meeting,
        MeetingStatus.OPEN,
        who="only the chair, the body's chair or secretary, or an administrator closes the meeting",
        rule="only an open meeting closes",
    )
    # The meeting's lock keeps a vote from opening meanwhile (`vote_open` takes it too).
    open_vote = Vote.objects.filter(meeting=meeting, status=VoteStatus.OPEN).first()
    if open_vote is not None:
        raise ValidationError(
            {
                "status": f"vote {open_vote.pk} ({open_vote.question}) is still open: close or "
                "cancel it before closing the meeting"
            }
        )
    meeting.status = MeetingStatus.CLOSED
    meeting.closed_at = clock.now()
    meeting.quorum_at_closing = quorum_snapshot(meeting_quorum(meeting))
    meeting.save(update_fields=["status", "closed_at", "quorum_at_closing"])
    journal_append(
        actor=actor,
        action="meeting.close",
        obj=meeting,
        summary=f"{meeting}: closed",
        before={"status": MeetingStatus.OPEN},
        after={
            "status": meeting.status,
            "closed_at": meeting.closed_at.isoformat(),
            "quorum": meeting.quorum_at_closing,
        },
    )
    _meeting_changed(meeting)
    return meeting


@transaction.atomic
def meeting_cancel(*, actor, meeting: Meeting, reason: str) -> Meeting:
    """Call off a scheduled meeting, saying why: it stays on the record, with its notice,
    agenda and papers, as cancelled by `actor` now, and takes nothing more. Those who open a
    meeting cancel it; one that has opened is closed instead."""
    meeting = _locked_to_move(
        actor,
        meeting,
        MeetingStatus.SCHEDULED,
        who="only the body's chair or secretary, or an administrator, cancels its meetings",
        rule="only a scheduled meeting is cancelled",
    )
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "say why the meeting is cancelled"})
    meeting.status = MeetingStatus.CANCELLED
    meeting.cancelled_at = clock.now()
    meeting.cancelled_by = actor
    meeting.cancellation_reason = reason
    meeting.save(update_fields=["status", "cancelled_at", "cancelled_by", "cancellation_reason"])
    journal_append(
        actor=actor,
        action="meeting.cancel",
        obj=meeting,
        summary=f"{meeting}: cancelled ({reason})",
        before={"status": MeetingStatus.SCHEDULED},
        after={
            "status": meeting.status,
            "cancelled_at": meeting.cancelled_at.isoformat(),
            "reason": reason,
        },
    )
    _meeting_changed(meeting)
    return meeting
