"""Making, answering and withdrawing members' requests. A request gives rise, in its own
transaction, to the body's duty to answer it (an obligation of kind `answer`), due on the day
the charter's rule gives; the answer meets it, and a withdrawal withdraws it.

Every change is journaled; answering and withdrawing lock the request's row first, so that an
answer and a withdrawal racing cannot both go through. Who may do what is `access`. The
moments recorded come from `minutebook.meetings.clock`, so that a request of the past can be
replayed into the record (the demo's story)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from minutebook.bodies.models import Body
from minutebook.charter.selectors import charter_version_in_force, parsed_charter
from minutebook.journal.services import journal_append
from minutebook.meetings import clock
from minutebook.member_requests.access import (
    is_requester,
    request_rule,
    require_answerer,
    require_requester,
)
from minutebook.member_requests.models import MemberRequest, RequestStatus
from minutebook.obligations.models import ObligationKind
from minutebook.obligations.services import obligation_arise, obligations_withdraw_arisen_from
from minutebook.obligations.words import rule_words, within_words

SUBJECT_MAX = 300


def _snapshot(request: MemberRequest) -> dict[str, Any]:
    return {
        "body": request.body.slug,
        "rule": request.rule,
        "office": request.office,
        "requester": request.requester.membership_number,
        "subject": request.subject,
        "submitted_at": request.submitted_at.isoformat(),
        "due_on": request.due_on.isoformat(),
        "status": request.status,
    }


@transaction.atomic
def request_submit(*, actor, body: Body, subject: str, text: str) -> MemberRequest:
    """Make a written request to `body`, under the charter's rule that it answers members'
    requests; the duty to answer arises with it, due as the rule says (60 days: a request of
    1 March is answered by 30 April). Raises PermissionDenied for those who may not ask this
    body, ValidationError naming the field for an empty subject or text."""
    version = charter_version_in_force()
    charter = parsed_charter(version)
    member = require_requester(actor, body, charter)
    spec = request_rule(charter, body)
    assert spec is not None and spec.office is not None
    subject, text = (subject or "").strip(), (text or "").strip()
    if not subject:
        raise ValidationError({"subject": "say in a line what the request is about"})
    if len(subject) > SUBJECT_MAX:
        raise ValidationError({"subject": f"a subject has at most {SUBJECT_MAX} characters"})
    if not text:
        raise ValidationError({"text": "write the request"})
    now = clock.now()
    made_on = timezone.localdate(now)
    request = MemberRequest.objects.create(
        body=body,
        rule=spec.id,
        office=spec.office,
        charter_version=version,
        requester=member,
        subject=subject,
        text=text,
        submitted_at=now,
        due_on=spec.due_after(made_on),
    )
    journal_append(
        actor=actor,
        action="request.submit",
        obj=request,
        summary=f"{request}: made by {member}, to be answered by the {spec.office} by "
        f"{request.due_on:%-d %B %Y}",
        after=_snapshot(request),
    )
    # The duty's title is shown to everyone who may read the body's records: it names the
    # request by its number only, not its subject nor who made it.
    obligation_arise(
        actor=actor,
        body=body,
        kind=ObligationKind.ANSWER,
        params={"request": request.pk},
        title=f"A written answer to request {request.pk}, within {within_words(spec)}",
        arose_on=made_on,
        due_on=request.due_on,
        rule=spec.id,
        rule_text=rule_words(charter, spec),
        source=request.source,
    )
    return request


def _locked(request: MemberRequest) -> MemberRequest:
    return (
        MemberRequest.objects.select_for_update(of=("self",))
        .select_related("body", "requester")
        .get(pk=request.pk)
    )


def _require_open(request: MemberRequest) -> None:
    if request.status != RequestStatus.OPEN:
        raise ValidationError(
            {"status": f"request {request.pk} is {request.get_status_display().lower()} already"}
        )


@transaction.atomic
def request_answer(*, actor, request: MemberRequest, answer: str) -> MemberRequest:
    """Answer the request in writing, as a holder of the office the rule names (others:
    PermissionDenied). An answer after the due date is taken, and the duty shows as met late."""
    request = _locked(request)
    member = require_answerer(actor, request)
    _require_open(request)
    answer = (answer or "").strip()
    if not answer:
        raise ValidationError({"answer": "write the answer"})
    request.status = RequestStatus.ANSWERED
    request.answer = answer
    request.answered_by = member
    request.answered_at = clock.now()
    request.save(update_fields=["status", "answer", "answered_by", "answered_at"])
    journal_append(
        actor=actor,
        action="request.answer",
        obj=request,
        summary=f"{request}: answered by {member} ({request.office})",
        before={"status": RequestStatus.OPEN},
        after={
            "status": request.status,
            "answered_by": member.membership_number,
            "answered_at": request.answered_at.isoformat(),
            "answer": answer,
        },
    )
    return request


@transaction.atomic
def request_withdraw(*, actor, request: MemberRequest) -> MemberRequest:
    """Withdraw one's own request while it awaits an answer; the duty to answer it is
    withdrawn with it."""
    request = _locked(request)
    if not is_requester(actor, request):
        raise PermissionDenied("only the member who made a request withdraws it")
    _require_open(request)
    request.status = RequestStatus.WITHDRAWN
    request.withdrawn_at = clock.now()
    request.save(update_fields=["status", "withdrawn_at"])
    journal_append(
        actor=actor,
        action="request.withdraw",
        obj=request,
        summary=f"{request}: withdrawn by {request.requester}",
        before={"status": RequestStatus.OPEN},
        after={"status": request.status, "withdrawn_at": request.withdrawn_at.isoformat()},
    )
    obligations_withdraw_arisen_from(
        actor=actor,
        source=request.source,
        reason=f"request {request.pk} was withdrawn by the member who made it",
    )
    return request
