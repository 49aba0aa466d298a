"""Who may follow a meeting and read its record: whoever may read its body's records; the
rest of an item taken in closed session, only those the charter names."""

from __future__ import annotations

from django.db.models import Q
from django.http import Http404

from minutebook.bodies.access import can_record_for_body, can_see_body_records, member_of
from minutebook.bodies.models import Seat
from minutebook.meetings.models import Meeting, MeetingStatus
from minutebook.meetings.notice import body_spec_for
from minutebook.meetings.selectors import closed_item_ids, meeting_day


def can_follow_meeting(user, meeting_id: int) -> bool:
    try:
        meeting = Meeting.objects.select_related("body").get(pk=meeting_id)
    except Meeting.DoesNotExist:
        return False
    return can_see_body_records(user, meeting.body)


def meeting_for_viewer(user, meeting_id: int) -> Meeting:
    """The meeting if `user` may read its body's records; 404 otherwise (hidden or missing)."""
    try:
        meeting = Meeting.objects.select_related("body", "body__unit").get(pk=meeting_id)
    except Meeting.DoesNotExist:
        raise Http404 from None
    if not can_see_body_records(user, meeting.body):
        raise Http404
    return meeting


def closed_items_hidden_from(user, meeting: Meeting) -> frozenset[int]:
    """The agenda items of `meeting` taken in closed session whose debate `user` may not read
    (their title and decisions are on the record for all): every such item, unless the user
    reads closed sessions of the meeting (`reads_closed_sessions`)."""
    closed = frozenset(closed_item_ids(meeting))
    if not closed or reads_closed_sessions(user, meeting):
        return frozenset()
    return closed


def reads_closed_sessions(user, meeting: Meeting) -> bool:
    """Whoever held a seat on the meeting's body on its day, or on a body the charter names
    among the readers of its closed sessions, and the meeting's chair. Not administrators as
    such: the charter says who reads a closed session, not the running of the server."""
    member = member_of(user)
    if member is None:
        return False
    if meeting.chair_id == member.pk:
        return True
    spec = body_spec_for(meeting)
    readers = spec.closed_sessions.readers if spec and spec.closed_sessions else ()
    seats = Seat.objects.current(on=meeting_day(meeting)).filter(member=member)
    return seats.filter(
        Q(body_id=meeting.body_id) | Q(body__definition__in=readers, body__chartered=True)
    ).exists()


def can_chair_meeting(user, meeting: Meeting) -> bool:
    """Who runs a meeting's floor and votes: administrators, the meeting's chair, and the
    holders of the body's chair and secretary offices; a member among them who is not in
    good standing (suspended, expelled...) runs nothing, whatever seat they hold."""
    from minutebook.bodies.access import is_administrator, member_of
    from minutebook.bodies.models import Seat
    from minutebook.meetings.selectors import meeting_day

    if is_administrator(user):
        return True
    member = member_of(user)
    if member is None or not member.is_in_good_standing:
        return False
    if meeting.chair_id == member.pk:
        return True
    return (
        Seat.objects.current(on=meeting_day(meeting))
        .filter(body_id=meeting.body_id, member=member, office__in=("chair", "secretary"))
        .exists()
    )


def can_record_at_meeting(user, meeting: Meeting) -> bool:
    """Who may put on the record what a meeting decided (an adopted motion, the seats an
    election filled): whoever records the body's decisions, and, while the meeting is open,
    whoever may chair it, so that closing a vote puts its outcome on the record at once."""
    if can_record_for_body(user, meeting.body):
        return True
    return meeting.status == MeetingStatus.OPEN and can_chair_meeting(user, meeting)


# Who may do what with meetings. The services enforce these; the pages ask them only to decide
# which buttons and forms to show.
#
#   convene a meeting of a body      administrators; the holders of the body's chair and
#                                    secretary offices (those of the two the charter gives it)
#   declare an emergency for a body  the same people for the declaring body
#   edit the agenda, open, close,    `can_chair_meeting`: administrators, the meeting's chair,
#   check others in and out, record  the holders of the body's chair and secretary offices
#   proxies                          (agenda only until the meeting closes)
#   circulate a document             the same, and any seat holder for a paper they author
#   check oneself in and out         a seat holder, while the meeting is open
#   approve minutes                  the body's secretary and administrators (who record the
#                                    body's decisions)
#   record what the meeting decided  `can_record_at_meeting`: the same, and while the meeting
#   (adopted motions, elections)     is open, whoever may chair it

CONVENING_OFFICES = ("chair", "secretary")


def holds_office(user, body, offices, *, on) -> bool:
    """Whether `user` is a member in good standing holding one of `offices` on `body` on
    the day `on`."""
    from minutebook.bodies.access import member_of
    from minutebook.bodies.models import Seat

    member = member_of(user)
    if member is None or not member.is_in_good_standing:
        return False
    return (
        Seat.objects.current(on=on)
        .filter(body=body, member=member, office__in=tuple(offices))
        .exists()
    )


def can_act_for_body(user, body, *, on=None) -> bool:
    """Who may convene a body, or declare an emergency in its name: administrators, and the
    holders of the chair and secretary offices that the charter gives the body."""
    from minutebook.bodies.access import is_administrator
    from minutebook.charter.selectors import charter_in_force
    from minutebook.meetings import clock

    if is_administrator(user):
        return True
    if not body.is_active:
        return False
    try:
        offices = charter_in_force().body(body.definition).offices
    except KeyError:
        return False
    convening = [office for office in CONVENING_OFFICES if office in offices]
    return holds_office(user, body, convening, on=on or clock.today())


def can_convene(user, body) -> bool:
    return body.is_active and can_act_for_body(user, body)


def is_seat_holder(user, meeting: Meeting) -> bool:
    from minutebook.bodies.access import member_of
    from minutebook.meetings.selectors import seat_holders

    member = member_of(user)
    return (
        member is not None
        and member.is_in_good_standing
        and seat_holders(meeting).filter(pk=member.pk).exists()
    )


def can_circulate_documents(user, meeting: Meeting) -> bool:
    """Whether to offer `user` the form (a seat holder may circulate only papers they
    author; the service checks that)."""
    if meeting.is_over:
        return False
    return can_chair_meeting(user, meeting) or is_seat_holder(user, meeting)


def document_for_viewer(user, meeting_id: int, document_id: int):
    """A document of a meeting the user may follow; 404 otherwise."""
    from minutebook.meetings.models import Document

    meeting = meeting_for_viewer(user, meeting_id)
    try:
        document = (
            Document.objects.select_related("meeting__body", "agenda_item", "circulated_by")
            .prefetch_related("authors", "author_bodies")
            .get(pk=document_id, meeting=meeting)
        )
    except Document.DoesNotExist:
        raise Http404 from None
    if document.agenda_item_id in closed_items_hidden_from(user, meeting):
        raise Http404  # a paper of a closed session: as if it did not exist
    return document
