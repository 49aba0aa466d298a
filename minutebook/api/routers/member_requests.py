"""Members' requests: the list the caller may know of, one request (in full to the member who
made it, those who answer it and administrators; its number, body, dates and status to others
who may read the body's records), making one, answering it, withdrawing it. Everything goes
through `minutebook.member_requests.services` and `access`, as the pages do: a request the
caller may not know of is a 404, an action they may not take a 403, a refusal by the request's
state a 422."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.http import Http404
from ninja import Field, Query, Router, Schema, Status

from minutebook.api.errors import ErrorOut
from minutebook.api.pagination import PageParams, paginate
from minutebook.api.routers.bodies import MemberRefOut
from minutebook.bodies.access import require_insider
from minutebook.bodies.models import Body
from minutebook.member_requests import services
from minutebook.member_requests.access import (
    reads_in_full,
    request_for_viewer,
    requests_visible_to,
)
from minutebook.member_requests.models import MemberRequest
from minutebook.member_requests.selectors import request_duty

router = Router(tags=["requests"])
ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut}
WRITE_ERRORS = {**ERRORS, 422: ErrorOut}


class RequestOut(Schema):
    id: int
    body: str
    office: str = Field(description="the office whose holders answer it")
    rule: str
    submitted_at: dt.datetime
    due_on: dt.date
    status: str = Field(description="open, answered or withdrawn")
    duty: str | None = Field(
        description="the duty to answer, from the record: open, overdue, met or late; null "
        "once withdrawn"
    )
    in_full: bool = Field(description="whether the caller reads the request and its answer")
    subject: str | None = Field(description="null to those who may only know of the request")
    text: str | None
    requester: MemberRefOut | None
    answer: str | None
    answered_by: MemberRefOut | None
    answered_at: dt.datetime | None


class RequestPage(Schema):
    count: int
    limit: int
    offset: int
    items: list[RequestOut]


class RequestIn(Schema):
    body: str = Field(description="the slug of the body asked")
    subject: str
    text: str


class AnswerIn(Schema):
    answer: str


def _out(viewer, made: MemberRequest) -> dict:
    full = reads_in_full(viewer, made)
    duty = request_duty(made)
    return {
        "id": made.pk,
        "body": made.body.slug,
        "office": made.office,
        "rule": made.rule,
        "submitted_at": made.submitted_at,
        "due_on": made.due_on,
        "status": made.status,
        "duty": duty.state if duty else None,
        "in_full": full,
        "subject": made.subject if full else None,
        "text": made.text if full else None,
        "requester": made.requester if full else None,
        "answer": made.answer or None if full else None,
        "answered_by": made.answered_by if full else None,
        "answered_at": made.answered_at if full else None,
    }


@router.get("/requests", response={200: RequestPage, **ERRORS}, summary="Members' requests")
def requests_list(request, page: Query[PageParams]):
    """The requests the caller may know of, newest first: their own, those they answer, and
    the others to bodies whose records they may read (number and status only)."""
    require_insider(request.auth)
    made = requests_visible_to(request.auth).select_related("body", "requester", "answered_by")
    return paginate(made, page, lambda r: _out(request.auth, r))


@router.get("/requests/{request_id}", response={200: RequestOut, **ERRORS}, summary="A request")
def request_get(request, request_id: int):
    return _out(request.auth, request_for_viewer(request.auth, request_id))


@router.post("/requests", response={201: RequestOut, **WRITE_ERRORS}, summary="Make a request")
def request_submit(request, payload: RequestIn):
    """403 to those who may not ask that body (not in its unit, or the charter gives it no
    duty to answer); 422 for an empty subject or text; 404 for an unknown body."""
    require_insider(request.auth)
    body = Body.objects.select_related("unit").filter(slug=payload.body).first()
    if body is None:
        raise Http404
    with transaction.atomic():
        made = services.request_submit(
            actor=request.auth, body=body, subject=payload.subject, text=payload.text
        )
    return Status(201, _out(request.auth, request_for_viewer(request.auth, made.pk)))


@router.post(
    "/requests/{request_id}/answer",
    response={200: RequestOut, **WRITE_ERRORS},
    summary="Answer a request",
)
def request_answer(request, request_id: int, payload: AnswerIn):
    """By a holder of the office the charter names (others 403), while it awaits an answer
    (422)."""
    made = request_for_viewer(request.auth, request_id)
    with transaction.atomic():
        services.request_answer(actor=request.auth, request=made, answer=payload.answer)
    return _out(request.auth, request_for_viewer(request.auth, request_id))


@router.post(
    "/requests/{request_id}/withdraw",
    response={200: RequestOut, **WRITE_ERRORS},
    summary="Withdraw one's request",
)
def request_withdraw(request, request_id: int):
    """By the member who made it (others 403), while it awaits an answer (422)."""
    made = request_for_viewer(request.auth, request_id)
    with transaction.atomic():
        services.request_withdraw(actor=request.auth, request=made)
    return _out(request.auth, request_for_viewer(request.auth, request_id))
