"""Who may see and record what, decided in one place.

The charter says, for each body, who may read its records: every member (`members`), the
members of its unit and the units below (`unit`), or only its seat holders (`body`).
Administrators see everything. A person who is not a member in good standing sees no records."""

from __future__ import annotations

from django.http import Http404

from minutebook.bodies.models import Body, Seat
from minutebook.charter.models import Unit
from minutebook.charter.selectors import charter_in_force
from minutebook.charter.spec import Charter, Visibility
from minutebook.members.models import Member, MembershipStatus, UnitMembership


def is_administrator(user) -> bool:
    return bool(user and user.is_authenticated and user.is_superuser)


def member_of(user) -> Member | None:
    if not (user and user.is_authenticated):
        return None
    try:
        return user.member
    except Member.DoesNotExist:
        return None


def body_visibility(body: Body, charter: Charter | None = None) -> Visibility:
    """Pass `charter` (the charter in force) when asking for many bodies, to read it once."""
    if not body.chartered:
        # What an unchartered group did is recorded precisely so members can see it.
        return Visibility.MEMBERS
    charter = charter or charter_in_force()
    try:
        return charter.body(body.definition).visibility
    except KeyError:  # a body dissolved by a later charter keeps the strictest visibility
        return Visibility.BODY


def visible_body_ids(user) -> set[int]:
    """The bodies whose records `user` may read. Cached on the user object for the request."""
    cached = getattr(user, "_minutebook_visible_bodies", None)
    if cached is not None:
        return cached
    bodies = list(Body.objects.all())
    if is_administrator(user):
        visible = {body.pk for body in bodies}
    else:
        member = member_of(user)
        visible = set()
        if member is not None and member.status == MembershipStatus.MEMBER:
            seated = set(
                Seat.objects.current().filter(member=member).values_list("body_id", flat=True)
            )
            own_units = _units_with_ancestors(member)
            charter = charter_in_force()
            for body in bodies:
                visibility = body_visibility(body, charter)
                if (
                    visibility == Visibility.MEMBERS
                    or (visibility == Visibility.UNIT and body.unit_id in own_units)
                    or body.pk in seated
                ):
                    visible.add(body.pk)
    if user is not None:
        user._minutebook_visible_bodies = visible
    return visible


def _units_with_ancestors(member: Member) -> set[int]:
    parents = dict(Unit.objects.values_list("pk", "parent_id"))
    result: set[int] = set()
    for unit_id in UnitMembership.objects.filter(member=member, until__isnull=True).values_list(
        "unit_id", flat=True
    ):
        while unit_id is not None and unit_id not in result:
            result.add(unit_id)
            unit_id = parents.get(unit_id)
    return result


def can_see_body_records(user, body: Body) -> bool:
    return body.pk in visible_body_ids(user)


def can_record_for_body(user, body: Body) -> bool:
    """Administrators, and the body's secretary, record its decisions and seats."""
    if is_administrator(user):
        return True
    member = member_of(user)
    if member is None or member.status != MembershipStatus.MEMBER or not body.chartered:
        return False
    return Seat.objects.current().filter(body=body, member=member, office="secretary").exists()


def body_for_viewer(user, slug: str) -> Body:
    """A body's page is open to every member (who sits where is not secret); its records are
    filtered by `can_see_body_records`. Outsiders get a 404."""
    if member_of(user) is None and not is_administrator(user):
        raise Http404
    try:
        return Body.objects.select_related("unit").get(slug=slug)
    except Body.DoesNotExist:
        raise Http404 from None


def require_insider(user) -> None:
    """The record's pages are for members and administrators: to anyone else (a login with no
    member behind it) they do not exist, so they get a 404, never a hint of what is there."""
    if member_of(user) is None and not is_administrator(user):
        raise Http404


def bodies_recordable_by(user):
    """The active bodies whose decisions `user` may record, as `can_record_for_body` decides
    for one body: everything for administrators (also an unchartered group, whose claimed
    decisions are recorded as irregular), else the bodies where the user holds the office of
    secretary while in good standing."""
    active = Body.objects.filter(dissolved_by__isnull=True).select_related("unit")
    if is_administrator(user):
        return active
    member = member_of(user)
    if member is None or member.status != MembershipStatus.MEMBER:
        return active.none()
    secretary_of = Seat.objects.current().filter(member=member, office="secretary")
    return active.filter(chartered=True, pk__in=secretary_of.values("body_id"))
