"""Who may make, read, answer and withdraw members' requests, declared once for the services,
the pages and the API.

- **Making a request** to a body: a member in good standing, or suspended (a suspended member
  keeps the right to ask, and to complain), who belongs to the body's unit or a unit below it,
  to a body whose charter rule says it answers members' requests (`after: {request: {}}`).
- **Answering**: the members in good standing who hold the rule's office on the body today
  (its secretary unless the rule names another). Nobody else, administrators included: the
  charter says who answers, and an answer by anyone else is not the body's answer.
- **Reading in full** (the subject, the text, the answer): the member who made it, those who
  answer it, and administrators.
- **Knowing that it exists** (its number, the body, when it was made, its due date and
  status): whoever may read the body's records (`minutebook.bodies.access`), as they see the
  duty to answer on the body's page. To anyone else it does not exist (404).
- **Withdrawing**: the member who made it, while it awaits an answer.

Refusals that depend on who the person is are PermissionDenied (403); refusals that depend on
the request's state (answered already, withdrawn) are the services' ValidationErrors."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from minutebook.bodies.access import (
    is_administrator,
    member_of,
    require_insider,
    visible_body_ids,
)
from minutebook.bodies.models import Body, Seat
from minutebook.charter.selectors import charter_in_force, unit_and_descendant_ids
from minutebook.charter.spec import Charter, ObligationSpec
from minutebook.member_requests.models import MemberRequest
from minutebook.members.models import Member, MembershipStatus, UnitMembership

MAY_ASK = (MembershipStatus.MEMBER, MembershipStatus.SUSPENDED)


def request_rule(charter: Charter, body: Body) -> ObligationSpec | None:
    """The charter's rule under which `body` answers members' requests, or None."""
    return next(
        (s for s in charter.obligations if s.after_request and s.body == body.definition), None
    )


def submit_refusal(member: Member | None, body: Body, charter: Charter) -> str | None:
    """Why `member` may not make a request to `body`, in the charter's terms; None if they
    may."""
    if member is None:
        return "only members make requests"
    if request_rule(charter, body) is None or not body.is_active:
        return f"the charter does not say that the {body.name} answers members' requests"
    if member.status not in MAY_ASK:
        return f"{member} is not a member ({member.get_status_display()})"
    units = unit_and_descendant_ids(body.unit) if body.unit_id else set()
    if not UnitMembership.objects.filter(
        member=member, until__isnull=True, unit_id__in=units
    ).exists():
        unit = body.unit.name if body.unit_id else "its unit"
        return f"only the members of {unit} and the units below it make requests to the {body.name}"
    return None


def require_requester(user, body: Body, charter: Charter) -> Member:
    member = member_of(user)
    refusal = submit_refusal(member, body, charter)
    if refusal is not None:
        raise PermissionDenied(refusal)
    assert member is not None
    return member


def bodies_to_address(user) -> list[Body]:
    """The bodies `user` may make a request to, by name."""
    charter = charter_in_force()
    member = member_of(user)
    definitions = {s.body for s in charter.obligations if s.after_request}
    bodies = Body.objects.filter(definition__in=definitions, chartered=True).select_related("unit")
    return [
        body for body in bodies.order_by("name") if submit_refusal(member, body, charter) is None
    ]


def holds_office(member: Member | None, request: MemberRequest) -> bool:
    return (
        member is not None
        and Seat.objects.current()
        .filter(body_id=request.body_id, member=member, office=request.office)
        .exists()
    )


def answer_refusal(user, request: MemberRequest) -> str | None:
    """Why `user` may not answer the request; None if they may."""
    member = member_of(user)
    if not holds_office(member, request):
        return f"only the {request.office} of the {request.body.name} answers its requests"
    assert member is not None
    if member.status != MembershipStatus.MEMBER:
        return f"{member} is not a member in good standing ({member.get_status_display()})"
    return None


def require_answerer(user, request: MemberRequest) -> Member:
    refusal = answer_refusal(user, request)
    if refusal is not None:
        raise PermissionDenied(refusal)
    member = member_of(user)
    assert member is not None
    return member


def is_requester(user, request: MemberRequest) -> bool:
    member = member_of(user)
    return member is not None and member.pk == request.requester_id


def reads_in_full(user, request: MemberRequest) -> bool:
    return (
        is_administrator(user)
        or is_requester(user, request)
        or holds_office(member_of(user), request)
    )


def requests_visible_to(user) -> QuerySet[MemberRequest]:
    """The requests whose existence `user` may know of (what they may read of each is
    `reads_in_full`)."""
    requests = MemberRequest.objects.all()
    if is_administrator(user):
        return requests
    member = member_of(user)
    if member is None:
        return requests.none()
    offices = Seat.objects.current().filter(member=member).exclude(office="")
    held = Q(pk__in=[])
    for body_id, office in offices.values_list("body_id", "office"):
        held |= Q(body_id=body_id, office=office)
    return requests.filter(Q(requester=member) | held | Q(body_id__in=visible_body_ids(user)))


def request_for_viewer(user, pk: int) -> MemberRequest:
    """The request if `user` may know of it; Http404 otherwise (hidden or missing)."""
    require_insider(user)
    try:
        return (
            requests_visible_to(user)
            .select_related("body__unit", "requester", "answered_by", "charter_version")
            .get(pk=pk)
        )
    except MemberRequest.DoesNotExist:
        raise Http404 from None
