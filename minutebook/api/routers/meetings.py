"""Meetings: convening, the agenda, documents, attendance and the quorum, opening and closing,
the minutes and their approval. Every write goes through `minutebook.meetings.services`;
meetings are as visible as their body's records (others get 404)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.http import Http404
from ninja import Field, Query, Router, Schema, Status

from minutebook.api.access import member_for_viewer
from minutebook.api.errors import ErrorOut, unknown
from minutebook.api.pagination import PageParams, paginate
from minutebook.api.routers.bodies import MemberRefOut
from minutebook.api.routers.decisions import BodyRefOut, DecisionDetailOut, decision_detail
from minutebook.bodies.access import (
    body_for_viewer,
    can_see_body_records,
    member_of,
    visible_body_ids,
)
from minutebook.bodies.models import Body
from minutebook.ledger.competence import Tally
from minutebook.meetings import services
from minutebook.meetings.access import (
    closed_items_hidden_from,
    document_for_viewer,
    meeting_for_viewer,
)
from minutebook.meetings.minutes import minutes_markdown
from minutebook.meetings.models import AgendaItem, Meeting, MeetingStatus
from minutebook.meetings.notice import NoticeVerdict, document_notice, meeting_notice
from minutebook.meetings.selectors import (
    QuorumState,
    documents_with_notice,
    meeting_attendance,
    meeting_quorum,
    stored_quorum,
)
from minutebook.members.models import Member

router = Router(tags=["meetings"])
ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut}
WRITE_ERRORS = {**ERRORS, 422: ErrorOut}


class NoticeOut(Schema):
    required_days: int | None
    required_hours: int | None = None  # set instead of required_days for a period in hours
    days_given: int
    late: bool
    explanation: str


class QuorumOut(Schema):
    filled_seats: int
    present: int
    required: int | None  # null when the charter fixes no quorum (`fixed` is false)
    fixed: bool
    rule: str
    has_quorum: bool  # true when no quorum is fixed: none is checked


class AgendaItemOut(Schema):
    id: int
    position: int
    title: str
    description: str = Field(
        description="empty for an item taken in closed session that the reader may not read"
    )
    minutes_allocated: int | None
    closed_session: bool = Field(description="taken in closed session, as the charter allows")
    closed_ground: str


class ClosedSessionIn(Schema):
    ground: str = Field(
        min_length=1,
        max_length=300,
        description="why; one of the charter's grounds if it lists them",
    )


class DocumentOut(Schema):
    id: int
    title: str
    authors: list[MemberRefOut]
    author_bodies: list[BodyRefOut]
    agenda_item: int | None = Field(description="the item's position on the agenda")
    circulated_at: dt.datetime
    notice: NoticeOut


class DocumentDetailOut(DocumentOut):
    text: str


class AttendanceOut(Schema):
    member: MemberRefOut
    proxy_for: MemberRefOut | None
    holds_seat: bool
    rights: str = Field(
        description="vote; voice (a seat without a vote, or an attendee with speaking rights "
        "only); guest"
    )
    proxy_directions: str = Field(description="a directed proxy's directions; empty if none")
    checked_in_at: dt.datetime
    checked_out_at: dt.datetime | None


class MeetingOut(Schema):
    id: int
    body: BodyRefOut
    title: str
    status: MeetingStatus
    starts_at: dt.datetime
    ends_at: dt.datetime | None
    place: str
    online_url: str
    emergency: bool
    kind: str = Field(description="a kind of meeting the charter names; empty: ordinary")
    notice: NoticeOut
    minutes_approved_by: str | None


class MeetingPage(Schema):
    count: int
    limit: int
    offset: int
    items: list[MeetingOut]


class MeetingDetailOut(MeetingOut):
    convened_at: dt.datetime
    convened_by: str
    emergency_declared_by: BodyRefOut | None
    emergency_reason: str
    chair: MemberRefOut | None
    opened_at: dt.datetime | None
    closed_at: dt.datetime | None
    cancelled_at: dt.datetime | None
    cancellation_reason: str
    agenda: list[AgendaItemOut]
    documents: list[DocumentOut]
    attendance: list[AttendanceOut]
    quorum: QuorumOut
    quorum_at_opening: QuorumOut | None
    quorum_at_closing: QuorumOut | None


class MeetingFilters(PageParams):
    body: str | None = Field(None, description="body slug")
    status: MeetingStatus | None = None


class AgendaItemIn(Schema):
    title: str
    description: str = ""
    minutes_allocated: int | None = Field(None, ge=1)


class AgendaAddIn(AgendaItemIn):
    position: int | None = Field(None, ge=1, description="1 = first; empty: at the end")


class AgendaOrderIn(Schema):
    items: list[int] = Field(description="the ids of every item, in the new order")


class ConveneIn(Schema):
    body: str = Field(description="slug of the body")
    title: str
    starts_at: dt.datetime = Field(description="with its time zone offset")
    ends_at: dt.datetime | None = None
    place: str = ""
    online_url: str = ""
    agenda: list[AgendaItemIn] = []
    emergency: bool = False
    emergency_declared_by: str | None = Field(None, description="slug of the declaring body")
    emergency_reason: str = ""
    kind: str = Field("", description="one of the body's `meeting_kinds`; empty: ordinary")


class DocumentIn(Schema):
    title: str
    text: str = Field(description="Markdown")
    authors: list[str] = Field([], description="membership numbers")
    author_bodies: list[str] = Field([], description="body slugs")
    agenda_item: int | None = Field(None, description="id of an item of this meeting's agenda")


class CheckInIn(Schema):
    member: str | None = Field(None, description="membership number; empty: yourself")
    proxy_for: str | None = Field(None, description="membership number of the absent seat holder")
    proxy_directions: str = Field("", description="how the absent seat holder directed the proxy")
    proceed: bool = Field(
        False,
        description="the chair checks in a seat holder the charter's eligibility rules do not "
        "let vote: the attendance is irregular (and so is a vote they take part in)",
    )
    proceed_reason: str = ""


class CheckOutIn(Schema):
    member: str | None = Field(None, description="membership number; empty: yourself")


class OpenIn(Schema):
    chair: str | None = Field(None, description="membership number; empty: yourself")


class MinutesOut(Schema):
    markdown: str
    draft: bool
    approved_by: str | None


class ApproveMinutesIn(Schema):
    at_meeting: int = Field(description="id of the later meeting of the body that approves them")
    votes_for: int = Field(ge=0)
    votes_against: int = Field(ge=0)
    votes_abstain: int = Field(0, ge=0)
    present: int = Field(ge=0)


# Output


def _notice_out(verdict: NoticeVerdict) -> dict:
    return {
        "required_days": verdict.required_days,
        "required_hours": verdict.required_hours,
        "days_given": verdict.days_given,
        "late": verdict.late,
        "explanation": verdict.explanation,
    }


def _quorum_out(quorum: QuorumState | None) -> dict | None:
    if quorum is None:
        return None
    return {
        "filled_seats": quorum.filled_seats,
        "present": quorum.present,
        "required": quorum.required,
        "fixed": quorum.fixed,
        "rule": quorum.rule,
        "has_quorum": quorum.has_quorum,
    }


def _body_ref(body: Body | None) -> dict | None:
    return None if body is None else {"slug": body.slug, "name": body.name}


def _meeting_out(meeting: Meeting) -> dict:
    return {
        "id": meeting.pk,
        "body": _body_ref(meeting.body),
        "title": meeting.title,
        "status": meeting.status,
        "starts_at": meeting.starts_at,
        "ends_at": meeting.ends_at,
        "place": meeting.place,
        "online_url": meeting.online_url,
        "emergency": meeting.emergency,
        "kind": meeting.kind,
        "notice": _notice_out(meeting_notice(meeting)),
        # The approving decision is the body's own: whoever sees the meeting sees it.
        "minutes_approved_by": meeting.minutes_approved_by.reference
        if meeting.minutes_approved_by_id
        else None,
    }


def _item_out(item: AgendaItem, hidden: frozenset[int] = frozenset()) -> dict:
    return {
        "id": item.pk,
        "position": item.position,
        "title": item.title,
        "description": "" if item.pk in hidden else item.description,
        "minutes_allocated": item.minutes_allocated,
        "closed_session": item.closed_session,
        "closed_ground": item.closed_ground,
    }


def _document_out(document, verdict: NoticeVerdict, *, with_text: bool = False) -> dict:
    out = {
        "id": document.pk,
        "title": document.title,
        "authors": list(document.authors.all()),
        "author_bodies": [_body_ref(body) for body in document.author_bodies.all()],
        "agenda_item": document.agenda_item.position if document.agenda_item_id else None,
        "circulated_at": document.circulated_at,
        "notice": _notice_out(verdict),
    }
    if with_text:
        out["text"] = document.text
    return out


def _attendance_out(meeting: Meeting) -> list[dict]:
    return [
        {
            "member": line.attendance.member,
            "proxy_for": line.attendance.proxy_for,
            "holds_seat": line.holds_seat,
            "rights": line.rights,
            "proxy_directions": line.attendance.proxy_directions,
            "checked_in_at": line.attendance.checked_in_at,
            "checked_out_at": line.attendance.checked_out_at,
        }
        for line in meeting_attendance(meeting).lines
    ]


def meeting_detail(viewer, meeting_id: int) -> dict:
    meeting = meeting_for_viewer(viewer, meeting_id)
    meeting = Meeting.objects.select_related(
        "body", "chair", "convened_by__member", "emergency_declared_by", "minutes_approved_by"
    ).get(pk=meeting.pk)
    out = _meeting_out(meeting)
    hidden = closed_items_hidden_from(viewer, meeting)
    convener = getattr(meeting.convened_by, "member", None)
    out.update(
        convened_at=meeting.convened_at,
        convened_by=convener.full_name if convener else meeting.convened_by.get_username(),
        emergency_declared_by=_body_ref(meeting.emergency_declared_by),
        emergency_reason=meeting.emergency_reason,
        chair=meeting.chair,
        opened_at=meeting.opened_at,
        closed_at=meeting.closed_at,
        cancelled_at=meeting.cancelled_at,
        cancellation_reason=meeting.cancellation_reason,
        agenda=[_item_out(item, hidden) for item in meeting.agenda_items.order_by("position")],
        documents=[
            _document_out(document, verdict)
            for document, verdict in documents_with_notice(meeting, hidden=hidden)
        ],
        attendance=_attendance_out(meeting),
        quorum=_quorum_out(meeting_quorum(meeting)),
        quorum_at_opening=_quorum_out(stored_quorum(meeting.quorum_at_opening)),
        quorum_at_closing=_quorum_out(stored_quorum(meeting.quorum_at_closing)),
    )
    return out


# What a request body names. Whatever the caller may not see is as unknown as what does not
# exist: 422 at that field.


def _named_body(viewer, field: str, slug: str) -> Body:
    try:
        body = body_for_viewer(viewer, slug)
    except Http404:
        raise unknown(field, f"no body '{slug}'") from None
    if field == "body" and not can_see_body_records(viewer, body):
        raise unknown(field, f"no body '{slug}'")
    return body


def _named_member(viewer, field: str, number: str) -> Member:
    try:
        return member_for_viewer(viewer, number)
    except Http404:
        raise unknown(field, f"no member {number}") from None


def _member_or_self(viewer, field: str, number: str | None) -> Member:
    if number:
        return _named_member(viewer, field, number)
    member = member_of(viewer)
    if member is None:
        raise unknown(field, "you are not on the roll: name the member")
    return member


def _agenda_item(meeting: Meeting, item_id: int) -> AgendaItem:
    try:
        return meeting.agenda_items.get(pk=item_id)
    except AgendaItem.DoesNotExist:
        raise Http404(f"no item {item_id} on this agenda") from None


# Endpoints


@router.get("/meetings", response={200: MeetingPage, **ERRORS}, summary="Meetings")
def meetings_list(request, filters: Query[MeetingFilters]):
    """The meetings of the bodies whose records the caller may read, latest first."""
    meetings = Meeting.objects.filter(body_id__in=visible_body_ids(request.auth)).select_related(
        "body", "minutes_approved_by"
    )
    if filters.body:
        meetings = meetings.filter(body__slug=filters.body)
    if filters.status:
        meetings = meetings.filter(status=filters.status)
    return paginate(meetings.order_by("-starts_at", "-pk"), filters, _meeting_out)


@router.post("/meetings", response={201: MeetingDetailOut, **WRITE_ERRORS}, summary="Convene")
def meetings_convene(request, payload: ConveneIn):
    """Notice is given now. The body's chair and secretary and administrators convene it."""
    viewer = request.auth
    with transaction.atomic():
        meeting = services.meeting_convene(
            actor=viewer,
            body=_named_body(viewer, "body", payload.body),
            title=payload.title,
            starts_at=payload.starts_at,
            ends_at=payload.ends_at,
            place=payload.place,
            online_url=payload.online_url,
            agenda=[
                services.AgendaEntry(item.title, item.minutes_allocated, item.description)
                for item in payload.agenda
            ],
            emergency=payload.emergency,
            emergency_declared_by=_named_body(
                viewer, "emergency_declared_by", payload.emergency_declared_by
            )
            if payload.emergency_declared_by
            else None,
            emergency_reason=payload.emergency_reason,
            kind=payload.kind,
        )
        return Status(201, meeting_detail(viewer, meeting.pk))


@router.get(
    "/meetings/{meeting_id}",
    response={200: MeetingDetailOut, **ERRORS},
    summary="A meeting with its notice, agenda, documents, attendance and quorum",
)
def meeting_get(request, meeting_id: int):
    return meeting_detail(request.auth, meeting_id)


@router.get(
    "/meetings/{meeting_id}/agenda", response={200: list[AgendaItemOut], **ERRORS}, summary="Agenda"
)
def agenda_list(request, meeting_id: int):
    meeting = meeting_for_viewer(request.auth, meeting_id)
    hidden = closed_items_hidden_from(request.auth, meeting)
    return [_item_out(item, hidden) for item in meeting.agenda_items.order_by("position")]


@router.post(
    "/meetings/{meeting_id}/agenda",
    response={201: AgendaItemOut, **WRITE_ERRORS},
    summary="Add an agenda item",
)
def agenda_add(request, meeting_id: int, payload: AgendaAddIn):
    meeting = meeting_for_viewer(request.auth, meeting_id)
    item = services.agenda_item_add(actor=request.auth, meeting=meeting, **payload.dict())
    return Status(201, _item_out(item))


@router.put(
    "/meetings/{meeting_id}/agenda/order",
    response={200: list[AgendaItemOut], **WRITE_ERRORS},
    summary="Reorder the agenda",
)
def agenda_order(request, meeting_id: int, payload: AgendaOrderIn):
    meeting = meeting_for_viewer(request.auth, meeting_id)
    items = services.agenda_reorder(actor=request.auth, meeting=meeting, order=payload.items)
    return [_item_out(item) for item in items]


@router.put(
    "/meetings/{meeting_id}/agenda/{item_id}",
    response={200: AgendaItemOut, **WRITE_ERRORS},
    summary="Change an agenda item",
)
def agenda_edit(request, meeting_id: int, item_id: int, payload: AgendaItemIn):
    meeting = meeting_for_viewer(request.auth, meeting_id)
    item = services.agenda_item_edit(
        actor=request.auth, item=_agenda_item(meeting, item_id), **payload.dict()
    )
    return _item_out(item)


@router.post(
    "/meetings/{meeting_id}/agenda/{item_id}/closed-session",
    response={200: AgendaItemOut, **WRITE_ERRORS},
    summary="Take an agenda item in closed session, as the charter allows",
)
def agenda_close_session(request, meeting_id: int, item_id: int, payload: ClosedSessionIn):
    meeting = meeting_for_viewer(request.auth, meeting_id)
    item = services.agenda_item_close_session(
        actor=request.auth, item=_agenda_item(meeting, item_id), ground=payload.ground
    )
    return _item_out(item)


@router.delete(
    "/meetings/{meeting_id}/agenda/{item_id}",
    response={204: None, **WRITE_ERRORS},
    summary="Remove an agenda item",
)
def agenda_remove(request, meeting_id: int, item_id: int):
    meeting = meeting_for_viewer(request.auth, meeting_id)
    services.agenda_item_remove(actor=request.auth, item=_agenda_item(meeting, item_id))
    return Status(204, None)


@router.get(
    "/meetings/{meeting_id}/documents",
    response={200: list[DocumentOut], **ERRORS},
    summary="Documents, each with when it was circulated and whether that was in time",
)
def documents_list(request, meeting_id: int):
    meeting = meeting_for_viewer(request.auth, meeting_id)
    hidden = closed_items_hidden_from(request.auth, meeting)
    return [
        _document_out(document, verdict)
        for document, verdict in documents_with_notice(meeting, hidden=hidden)
    ]


@router.post(
    "/meetings/{meeting_id}/documents",
    response={201: DocumentDetailOut, **WRITE_ERRORS},
    summary="Circulate a document",
)
def documents_circulate(request, meeting_id: int, payload: DocumentIn):
    viewer = request.auth
    meeting = meeting_for_viewer(viewer, meeting_id)
    with transaction.atomic():
        document = services.document_circulate(
            actor=viewer,
            meeting=meeting,
            title=payload.title,
            text=payload.text,
            authors=[_named_member(viewer, "authors", number) for number in payload.authors],
            author_bodies=[
                _named_body(viewer, "author_bodies", slug) for slug in payload.author_bodies
            ],
            agenda_item=_agenda_item(meeting, payload.agenda_item) if payload.agenda_item else None,
        )
    return Status(201, _document_out(document, document_notice(document), with_text=True))


@router.get(
    "/meetings/{meeting_id}/documents/{document_id}",
    response={200: DocumentDetailOut, **ERRORS},
    summary="A document with its text",
)
def document_get(request, meeting_id: int, document_id: int):
    document = document_for_viewer(request.auth, meeting_id, document_id)
    return _document_out(document, document_notice(document), with_text=True)


@router.get(
    "/meetings/{meeting_id}/attendance",
    response={200: list[AttendanceOut], **ERRORS},
    summary="Who checked in, when, carrying whose proxy",
)
def attendance_list(request, meeting_id: int):
    return _attendance_out(meeting_for_viewer(request.auth, meeting_id))


@router.post(
    "/meetings/{meeting_id}/check-in",
    response={201: AttendanceOut, **WRITE_ERRORS},
    summary="Check in (yourself, or as the chair anyone, with a proxy where allowed)",
)
def attendance_check_in(request, meeting_id: int, payload: CheckInIn):
    viewer = request.auth
    meeting = meeting_for_viewer(viewer, meeting_id)
    row = services.attendance_check_in(
        actor=viewer,
        meeting=meeting,
        member=_member_or_self(viewer, "member", payload.member),
        proxy_for=_named_member(viewer, "proxy_for", payload.proxy_for)
        if payload.proxy_for
        else None,
        proxy_directions=payload.proxy_directions,
        proceed=payload.proceed,
        proceed_reason=payload.proceed_reason,
    )
    line = next(line for line in meeting_attendance(meeting).lines if line.attendance.pk == row.pk)
    return Status(
        201,
        {
            "member": row.member,
            "proxy_for": row.proxy_for,
            "holds_seat": line.holds_seat,
            "rights": line.rights,
            "proxy_directions": row.proxy_directions,
            "checked_in_at": row.checked_in_at,
            "checked_out_at": row.checked_out_at,
        },
    )


@router.post(
    "/meetings/{meeting_id}/check-out",
    response={200: AttendanceOut, **WRITE_ERRORS},
    summary="Check out (yourself, or as the chair anyone)",
)
def attendance_check_out(request, meeting_id: int, payload: CheckOutIn):
    viewer = request.auth
    meeting = meeting_for_viewer(viewer, meeting_id)
    row = services.attendance_check_out(
        actor=viewer, meeting=meeting, member=_member_or_self(viewer, "member", payload.member)
    )
    line = next(line for line in meeting_attendance(meeting).lines if line.attendance.pk == row.pk)
    return {
        "member": row.member,
        "proxy_for": row.proxy_for,
        "holds_seat": line.holds_seat,
        "rights": line.rights,
        "proxy_directions": row.proxy_directions,
        "checked_in_at": row.checked_in_at,
        "checked_out_at": row.checked_out_at,
    }


@router.get(
    "/meetings/{meeting_id}/quorum",
    response={200: QuorumOut, **ERRORS},
    summary="The quorum now, as the charter counts it",
)
def quorum_get(request, meeting_id: int):
    return _quorum_out(meeting_quorum(meeting_for_viewer(request.auth, meeting_id)))


@router.post(
    "/meetings/{meeting_id}/open",
    response={200: MeetingDetailOut, **WRITE_ERRORS},
    summary="Open the meeting",
)
def meeting_open(request, meeting_id: int, payload: OpenIn):
    viewer = request.auth
    meeting = meeting_for_viewer(viewer, meeting_id)
    services.meeting_open(
        actor=viewer,
        meeting=meeting,
        chair=_named_member(viewer, "chair", payload.chair) if payload.chair else None,
    )
    return meeting_detail(viewer, meeting_id)


@router.post(
    "/meetings/{meeting_id}/close",
    response={200: MeetingDetailOut, **WRITE_ERRORS},
    summary="Close the meeting",
)
def meeting_close(request, meeting_id: int):
    viewer = request.auth
    services.meeting_close(actor=viewer, meeting=meeting_for_viewer(viewer, meeting_id))
    return meeting_detail(viewer, meeting_id)


class CancelIn(Schema):
    reason: str = Field(description="why the meeting is called off; on the record")


@router.post(
    "/meetings/{meeting_id}/cancel",
    response={200: MeetingDetailOut, **WRITE_ERRORS},
    summary="Cancel a scheduled meeting",
)
def meeting_cancel(request, meeting_id: int, payload: CancelIn):
    viewer = request.auth
    services.meeting_cancel(
        actor=viewer, meeting=meeting_for_viewer(viewer, meeting_id), reason=payload.reason
    )
    return meeting_detail(viewer, meeting_id)


@router.get(
    "/meetings/{meeting_id}/minutes",
    response={200: MinutesOut, **ERRORS},
    summary="The minutes, drafted from the record, as Markdown",
)
def minutes_get(request, meeting_id: int):
    meeting = meeting_for_viewer(request.auth, meeting_id)
    approved = meeting.minutes_approved_by
    return {
        "markdown": minutes_markdown(
            meeting, hidden=closed_items_hidden_from(request.auth, meeting)
        ),
        "draft": approved is None,
        "approved_by": approved.reference if approved else None,
    }


@router.post(
    "/meetings/{meeting_id}/minutes/approve",
    response={201: DecisionDetailOut, **WRITE_ERRORS},
    summary="Approve the minutes at a later meeting of the body",
)
def minutes_approve(request, meeting_id: int, payload: ApproveMinutesIn):
    """Recorded as a `minutes.approve` decision of the body, taken at `at_meeting`."""
    viewer = request.auth
    meeting = meeting_for_viewer(viewer, meeting_id)
    try:
        at_meeting = meeting_for_viewer(viewer, payload.at_meeting)
    except Http404:
        raise unknown("at_meeting", f"no meeting {payload.at_meeting}") from None
    with transaction.atomic():
        decision = services.meeting_approve_minutes(
            actor=viewer,
            meeting=meeting,
            at_meeting=at_meeting,
            tally=Tally(
                votes_for=payload.votes_for,
                votes_against=payload.votes_against,
                votes_abstain=payload.votes_abstain,
                present=payload.present,
            ),
        )
        return Status(201, decision_detail(viewer, decision.reference))
