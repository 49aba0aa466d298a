"""Recording decisions and following them until they are implemented or ended."""

from __future__ import annotations

import datetime as dt
import uuid

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from minutebook.bodies.access import can_record_for_body
from minutebook.bodies.models import Body, Seat
from minutebook.charter.loader import load_charter
from minutebook.charter.selectors import charter_version_in_force
from minutebook.journal.services import journal_append
from minutebook.ledger.competence import (
    BodyRef,
    CompetenceCheck,
    Tally,
    Target,
    check_decision,
)
from minutebook.ledger.hooks import decision_recorded
from minutebook.ledger.models import OPEN_STATUSES, Decision, DecisionStatus, ProgressNote
from minutebook.meetings.access import can_record_at_meeting
from minutebook.members.models import Member

CHARTER_AMEND = "charter.amend"


class DecisionRefused(Exception):
    """The decision fails the competence check and was not marked irregular."""

    def __init__(self, check: CompetenceCheck):
        self.check = check
        super().__init__("; ".join(f.message for f in check.failures))


def body_ref(body: Body) -> BodyRef:
    return BodyRef(
        name=body.name,
        definition=body.definition if body.chartered else None,
        unit=body.unit.slug if body.unit_id else None,
    )


def _target(decision: Decision) -> Target:
    return Target(
        reference=decision.reference,
        decision_type=decision.decision_type,
        is_open=decision.status in OPEN_STATUSES,
        status_label=decision.get_status_display().lower(),
        body=body_ref(decision.body),
    )


def seats_filled_on(body: Body, day: dt.date) -> int:
    return Seat.objects.current(on=day).filter(body=body).count()


def decision_check(
    *,
    body: Body,
    decision_type: str,
    decided_on: dt.date,
    tally: Tally,
    notice_given: bool,
    ends: Decision | None = None,
) -> CompetenceCheck:
    """What the charter in force says of a decision, without recording anything (for forms
    that show the verdict before the secretary commits)."""
    return check_decision(
        charter=charter_version_in_force().charter,
        body=body_ref(body),
        decision_type=decision_type,
        tally=tally,
        seats_filled=seats_filled_on(body, decided_on),
        notice_given=notice_given,
        ends=_target(ends) if ends is not None else None,
    )


@transaction.atomic
def decision_record(
    *,
    actor,
    body: Body,
    decision_type: str,
    decided_on: dt.date,
    title: str,
    text: str,
    tally: Tally,
    notice_given: bool = False,
    ends: Decision | None = None,
    responsible_body: Body | None = None,
    responsible_member: Member | None = None,
    due_on: dt.date | None = None,
    irregular_reason: str = "",
    meeting=None,
    new_charter_text: str | None = None,
    new_charter_source: str = "amended charter",
) -> Decision:
    """Record a decision after checking it against the charter in force.

    A decision that fails the check is refused, unless `irregular_reason` says why it is being
    recorded anyway: then it is stored, marked irregular everywhere it appears. A regular
    rescission or amendment ends the decision it names; a regular `charter.amend` decision puts
    `new_charter_text` in force.

    The body's secretary and administrators record its decisions; a decision taken at an open
    `meeting` of the body may also be recorded by whoever may chair it (the chair closing the
    vote that adopted a motion). Raises PermissionDenied, ValidationError or DecisionRefused."""
    if meeting is not None and meeting.body_id != body.pk:
        raise ValidationError({"meeting": f"that meeting is not a meeting of {body.name}"})
    may_record = (
        can_record_at_meeting(actor, meeting)
        if meeting is not None
        else can_record_for_body(actor, body)
    )
    if not may_record:
        raise PermissionDenied(
            f"only the secretary of {body.name} or an administrator may record its decisions"
            + (", or the chair while the meeting is open" if meeting is not None else "")
        )
    if not title.strip():
        raise ValidationError({"title": "a decision needs a title"})
    if ends is not None and decided_on < ends.decided_on:
        raise ValidationError(
            {"ends": f"a decision of {decided_on} cannot end {ends.reference} of {ends.decided_on}"}
        )
    if ends is not None:
        ends = (
            Decision.objects.select_for_update(of=("self",))
            .select_related("body__unit")
            .get(pk=ends.pk)
        )
    new_charter = None
    if decision_type == CHARTER_AMEND:
        if not new_charter_text:
            raise ValidationError(
                {"new_charter_text": "a charter amendment must carry the amended charter"}
            )
        new_charter = load_charter(new_charter_text, new_charter_source)
    elif new_charter_text:
        raise ValidationError(
            {"new_charter_text": "only a charter.amend decision carries a charter"}
        )

    version = charter_version_in_force()
    check = decision_check(
        body=body,
        decision_type=decision_type,
        decided_on=decided_on,
        tally=tally,
        notice_given=notice_given,
        ends=ends,
    )
    irregular_reason = irregular_reason.strip()
    if not check.passed and not irregular_reason:
        raise DecisionRefused(check)

    decision = Decision.objects.create(
        reference=f"pending-{uuid.uuid4().hex}",
        body=body,
        decided_on=decided_on,
        meeting=meeting,
        decision_type=decision_type,
        title=title.strip(),
        text=text,
        votes_for=tally.votes_for if not tally.unanimous else (tally.votes_for or tally.present),
        votes_against=tally.votes_against if not tally.unanimous else 0,
        votes_abstain=tally.votes_abstain if not tally.unanimous else 0,
        unanimous=tally.unanimous,
        present=tally.present,
        seats_filled=seats_filled_on(body, decided_on),
        notice_given=notice_given,
        charter_version=version,
        check_passed=check.passed,
        check_failures=[failure.to_json() for failure in check.failures],
        threshold=check.threshold,
        check_explanation=check.explanation,
        irregular=bool(irregular_reason),
        irregular_reason=irregular_reason,
        ends=ends,
        responsible_body=responsible_body,
        responsible_member=responsible_member,
        due_on=due_on,
        recorded_by=actor,
    )
    decision.reference = f"{decided_on.year}-{decision.pk:05d}"
    decision.save(update_fields=["reference"])
    journal_append(
        actor=actor,
        action="decision.record",
        obj=decision,
        summary=f"{decision.reference} recorded: {decision.title}"
        + (" (IRREGULAR)" if decision.irregular else ""),
        after=decision_snapshot(decision),
    )
    if ends is not None and not decision.irregular:
        _end(actor=actor, decision=ends, by=decision)
    if new_charter is not None and not decision.irregular:
        from minutebook.charter.services import charter_put_in_force_by_decision

        charter_put_in_force_by_decision(
            actor=actor,
            charter=new_charter,
            text=new_charter_text,
            source_name=new_charter_source,
            decision=decision,
        )
    decision_recorded(actor=actor, decision=decision)
    return decision


def _end(*, actor, decision: Decision, by: Decision) -> None:
    before = decision.status
    decision.status = (
        DecisionStatus.RESCINDED
        if by.decision_type == "decision.rescind"
        else DecisionStatus.SUPERSEDED
    )
    decision.save(update_fields=["status"])
    journal_append(
        actor=actor,
        action="decision.end",
        obj=decision,
        summary=f"{decision.reference} {decision.get_status_display().lower()} by {by.reference}",
        before={"status": before},
        after={"status": decision.status, "by": by.reference},
    )


ALLOWED_PROGRESS = {
    DecisionStatus.ADOPTED: {
        DecisionStatus.ADOPTED,
        DecisionStatus.IN_PROGRESS,
        DecisionStatus.IMPLEMENTED,
    },
    DecisionStatus.IN_PROGRESS: {DecisionStatus.IN_PROGRESS, DecisionStatus.IMPLEMENTED},
}


@transaction.atomic
def decision_add_progress(
    *, actor, decision: Decision, written_on: dt.date, text: str, status: str
) -> ProgressNote:
    """Add a dated progress note and move the status on (adopted → in progress →
    implemented). Ending a decision any other way needs a decision of its own."""
    decision = (
        Decision.objects.select_for_update(of=("self",))
        .select_related("body", "responsible_body")
        .get(pk=decision.pk)
    )
    if not may_report_progress(actor, decision):
        raise PermissionDenied(
            "only the secretary of the deciding or responsible body, the responsible member or an administrator may report progress"
        )
    if not text.strip():
        raise ValidationError({"text": "a progress note needs text"})
    allowed = ALLOWED_PROGRESS.get(decision.status)
    if allowed is None:
        raise ValidationError(
            {
                "status": f"{decision.reference} is {decision.get_status_display().lower()}: no further progress can be reported"
            }
        )
    if status not in allowed:
        raise ValidationError({"status": f"cannot go from {decision.status} to {status}"})
    before = decision.status
    note = ProgressNote.objects.create(
        decision=decision,
        written_on=written_on,
        text=text.strip(),
        status_after=status,
        author=actor,
    )
    if status != before:
        decision.status = status
        decision.save(update_fields=["status"])
    journal_append(
        actor=actor,
        action="decision.progress",
        obj=decision,
        summary=f"{decision.reference}: progress note ({status})",
        before={"status": before},
        after={"status": status, "note": note.text, "written_on": written_on.isoformat()},
    )
    return note


def may_report_progress(actor, decision: Decision) -> bool:
    if can_record_for_body(actor, decision.body):
        return True
    if decision.responsible_body and can_record_for_body(actor, decision.responsible_body):
        return True
    member = getattr(actor, "member", None)
    return member is not None and decision.responsible_member_id == member.pk


def decision_snapshot(decision: Decision) -> dict:
    return {
        "reference": decision.reference,
        "body": decision.body.slug,
        "decided_on": decision.decided_on.isoformat(),
        "meeting": decision.meeting_id,
        "decision_type": decision.decision_type,
        "title": decision.title,
        "text": decision.text,
        "votes": {
            "for": decision.votes_for,
            "against": decision.votes_against,
            "abstain": decision.votes_abstain,
            "unanimous": decision.unanimous,
            "present": decision.present,
        },
        "seats_filled": decision.seats_filled,
        "notice_given": decision.notice_given,
        "charter_version": decision.charter_version.number,
        "check_passed": decision.check_passed,
        "check_failures": decision.check_failures,
        "irregular": decision.irregular,
        "irregular_reason": decision.irregular_reason,
        "ends": decision.ends.reference if decision.ends_id else None,
        "status": decision.status,
        "due_on": decision.due_on.isoformat() if decision.due_on else None,
        "responsible_body": decision.responsible_body.slug
        if decision.responsible_body_id
        else None,
        "responsible_member": decision.responsible_member.membership_number
        if decision.responsible_member_id
        else None,
    }
