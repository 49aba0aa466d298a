"""Approving the minutes of a closed meeting at a later meeting of the same body."""

from __future__ import annotations

import hashlib

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from minutebook.bodies.access import can_record_for_body
from minutebook.charter.selectors import charter_in_force
from minutebook.journal.services import journal_append
from minutebook.ledger.competence import Tally
from minutebook.ledger.models import Decision
from minutebook.ledger.services import decision_record
from minutebook.live import publish as live
from minutebook.meetings import clock
from minutebook.meetings.models import Meeting, MeetingStatus
from minutebook.meetings.services._shared import locked

MINUTES_APPROVE = "minutes.approve"


@transaction.atomic
def meeting_approve_minutes(
    *, actor, meeting: Meeting, at_meeting: Meeting, tally: Tally
) -> Decision:
    """Record that `at_meeting`, a later meeting of the same body that has opened, approved
    the minutes of the closed `meeting`: a `minutes.approve` decision of the body, checked
    like any other (competence, quorum, majority), taken at `at_meeting`."""
    from minutebook.meetings.minutes import minutes_markdown

    meeting = locked(meeting)
    # Not `decision_record`'s wider rule for decisions taken at a meeting: approving minutes
    # is the secretary's, whoever chairs the approving meeting.
    if not can_record_for_body(actor, meeting.body):
        raise PermissionDenied(
            f"only the secretary of {meeting.body.name} or an administrator approves its minutes"
        )
    if meeting.status != MeetingStatus.CLOSED:
        raise ValidationError({"meeting": "minutes are approved once the meeting has closed"})
    if meeting.minutes_approved_by_id is not None:
        raise ValidationError(
            {"meeting": f"these minutes were approved by {meeting.minutes_approved_by.reference}"}
        )
    if at_meeting.body_id != meeting.body_id or at_meeting.starts_at <= meeting.starts_at:
        raise ValidationError(
            {"at_meeting": f"minutes are approved at a later meeting of the {meeting.body.name}"}
        )
    if at_meeting.status == MeetingStatus.SCHEDULED:
        raise ValidationError(
            {"at_meeting": f"“{at_meeting.title}” has not opened: it approves nothing yet"}
        )
    if at_meeting.status == MeetingStatus.CANCELLED:
        raise ValidationError(
            {"at_meeting": f"“{at_meeting.title}” was cancelled: it approves nothing"}
        )
    try:
        charter_in_force().decision_type(MINUTES_APPROVE)
    except KeyError:
        raise ValidationError(
            {
                "decision_type": f"the charter has no decision type '{MINUTES_APPROVE}': it does "
                "not say who approves minutes, so Minutebook cannot record an approval"
            }
        ) from None
    draft = minutes_markdown(meeting)
    day = timezone.localtime(meeting.starts_at).date()
    day_words = f"{day.day} {day:%B %Y}"
    decided_on = (
        clock.today()
        if at_meeting.status == MeetingStatus.OPEN
        else timezone.localdate(at_meeting.opened_at)
    )
    decision = decision_record(
        actor=actor,
        body=meeting.body,
        decision_type=MINUTES_APPROVE,
        decided_on=decided_on,
        title=f"Minutes of the meeting of {day_words} approved",
        text=f"The {meeting.body.name} approves the minutes of its meeting of {day_words} "
        f"(“{meeting.title}”) as drafted from the record.",
        tally=tally,
        meeting=at_meeting,
    )
    meeting.minutes_approved_by = decision
    meeting.save(update_fields=["minutes_approved_by"])
    journal_append(
        actor=actor,
        action="meeting.minutes_approve",
        obj=meeting,
        summary=f"{meeting}: minutes approved by {decision.reference}",
        before={"minutes_approved_by": None},
        after={
            "minutes_approved_by": decision.reference,
            "at_meeting": at_meeting.pk,
            # The approved draft's fingerprint: the minutes are regenerated from the record,
            # and this says what they read when they were approved.
            "minutes_sha256": hashlib.sha256(draft.encode()).hexdigest(),
        },
    )
    live.publish(meeting.pk, "meeting", data={"minutes_approved_by": decision.reference})
    live.publish(at_meeting.pk, "decisions", data={"decision": decision.reference})
    return decision
