"""The organization's structure: the unit tree, and the bodies with who sits on them."""

from __future__ import annotations

import datetime as dt

from django.http import Http404
from ninja import Field, Query, Router, Schema, Status

from minutebook.api.access import require_person_on_roll, visible_election, visible_reference
from minutebook.api.errors import ErrorOut
from minutebook.api.pagination import PageParams, paginate
from minutebook.api.routers.charter import BodyRulesOut
from minutebook.bodies.access import body_for_viewer, body_visibility, can_see_body_records
from minutebook.bodies.apportionment import (
    apportioned_rule,
    census_in_force,
    census_rows,
    census_take,
)
from minutebook.bodies.models import Body, Census, Seat
from minutebook.bodies.selectors import body_seat_groups
from minutebook.charter.models import Unit
from minutebook.charter.selectors import charter_in_force
from minutebook.members.access import can_read_roll

router = Router(tags=["structure"])
ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut}


class UnitOut(Schema):
    slug: str
    name: str
    kind: str
    active: bool
    children: list[UnitOut]


UnitOut.model_rebuild()


class BodyOut(Schema):
    slug: str
    name: str
    definition: str
    unit: str | None
    chartered: bool
    active: bool
    visibility: str
    records_visible: bool


class BodyPage(Schema):
    count: int
    limit: int
    offset: int
    items: list[BodyOut]


class BodyFilters(PageParams):
    unit: str | None = None
    active: bool | None = None


class MemberRefOut(Schema):
    membership_number: str
    full_name: str


class ViaSeatOut(Schema):
    id: int
    body: str
    office: str


class SeatElectionOut(Schema):
    id: int = Field(description="the election, at `/elections/{id}`")
    title: str
    meeting: int = Field(description="the meeting of the electing body that held it")


class SeatOut(Schema):
    id: int
    member: MemberRefOut
    method: str
    office: str
    constituency: str | None
    source_decision: str | None
    source_election: SeatElectionOut | None
    via_seat: ViaSeatOut | None
    starts_on: dt.date
    term_ends_on: dt.date | None


class SeatGroupOut(Schema):
    method: str
    constituency: str | None
    seats: int
    filled: int
    vacant: int


class BodyDetailOut(BodyOut):
    description: str
    rules: BodyRulesOut | None
    seats: list[SeatOut]
    seat_groups: list[SeatGroupOut]
    vacancies: int


def _body_out(viewer, body: Body, charter) -> dict:
    return {
        "slug": body.slug,
        "name": body.name,
        "definition": body.definition,
        "unit": body.unit.slug if body.unit_id else None,
        "chartered": body.chartered,
        "active": body.is_active,
        "visibility": body_visibility(body, charter),
        "records_visible": can_see_body_records(viewer, body),
    }


def seat_out(viewer, seat: Seat) -> dict:
    """A seat with its provenance; the deciding record, or the election that filled it,
    only if the viewer may read it."""
    via = seat.via_seat
    return {
        "id": seat.pk,
        "member": seat.member,
        "method": seat.method,
        "office": seat.office,
        "constituency": seat.constituency.slug if seat.constituency_id else None,
        "source_decision": visible_reference(viewer, seat.source_decision),
        "source_election": visible_election(viewer, seat.source_election),
        "via_seat": {"id": via.pk, "body": via.body.slug, "office": via.office} if via else None,
        "starts_on": seat.starts_on,
        "term_ends_on": seat.term_ends_on,
    }


@router.get("/units", response={200: list[UnitOut], **ERRORS}, summary="The unit tree")
def units_tree(request):
    """The units as a tree from the root; dissolved units stay in it, marked inactive."""
    require_person_on_roll(request.auth)
    units = list(Unit.objects.order_by("pk"))
    children: dict[int | None, list[Unit]] = {}
    for unit in units:
        children.setdefault(unit.parent_id, []).append(unit)

    def node(unit: Unit) -> dict:
        return {
            "slug": unit.slug,
            "name": unit.name,
            "kind": unit.kind,
            "active": unit.is_active,
            "children": [node(child) for child in children.get(unit.pk, [])],
        }

    return [node(root) for root in children.get(None, [])]


@router.get("/bodies", response={200: BodyPage, **ERRORS}, summary="The bodies")
def bodies_list(request, filters: Query[BodyFilters]):
    require_person_on_roll(request.auth)
    bodies = Body.objects.select_related("unit").order_by("unit__pk", "pk")
    if filters.unit:
        bodies = bodies.filter(unit__slug=filters.unit)
    if filters.active is True:
        bodies = bodies.filter(chartered=True, dissolved_by__isnull=True)
    elif filters.active is False:
        bodies = bodies.exclude(chartered=True, dissolved_by__isnull=True)
    charter = charter_in_force()
    return paginate(bodies, filters, lambda body: _body_out(request.auth, body, charter))


@router.get(
    "/bodies/{slug}",
    response={200: BodyDetailOut, **ERRORS},
    summary="A body, its rules and its current seats",
)
def body_get(request, slug: str):
    body = body_for_viewer(request.auth, slug)
    charter = charter_in_force()
    seats = list(
        Seat.objects.current()
        .filter(body=body)
        .select_related(
            "member",
            "constituency",
            "source_decision",
            "source_election__meeting",
            "via_seat__body",
        )
    )
    groups = body_seat_groups(body, held=seats)
    out = _body_out(request.auth, body, charter)
    spec = charter.body(body.definition) if body.is_active else None
    out.update(
        description=spec.description if spec else "",
        rules=spec,
        seats=[seat_out(request.auth, seat) for seat in seats],
        seat_groups=[
            {
                "method": group.method,
                "constituency": group.constituency.slug if group.constituency else None,
                "seats": group.seats,
                "filled": group.filled,
                "vacant": group.vacant,
            }
            for group in groups
        ],
        vacancies=sum(group.vacant for group in groups),
    )
    return out


# Apportioned seats: a body's censuses (minutebook/bodies/apportionment.py).


class CensusUnitOut(Schema):
    unit: str
    members: int
    seats: int
    held: int
    counted: list[MemberRefOut] | None = Field(
        None, description="Who was counted; only for readers of the roll."
    )


class CensusOut(Schema):
    id: int
    body: str
    taken_on: dt.date
    label: str
    unit_kind: str
    formula: str
    in_force: bool
    units: list[CensusUnitOut]


class CensusIn(Schema):
    taken_on: dt.date
    label: str = ""


def _census_out(viewer, census: Census) -> dict:
    in_force = census_in_force(census.body)
    show_counted = can_read_roll(viewer)
    return {
        "id": census.pk,
        "body": census.body.slug,
        "taken_on": census.taken_on,
        "label": census.label,
        "unit_kind": census.unit_kind,
        "formula": census.formula,
        "in_force": in_force is not None and in_force.pk == census.pk,
        "units": [
            {
                "unit": row.count.unit.slug,
                "members": row.count.members,
                "seats": row.count.seats,
                "held": row.held,
                "counted": list(row.count.counted.all()) if show_counted else None,
            }
            for row in census_rows(census)
        ],
    }


def _apportioned_body(viewer, slug: str) -> Body:
    body = body_for_viewer(viewer, slug)
    if apportioned_rule(body) is None:
        raise Http404(f"the charter does not apportion the seats of {slug}")
    return body


@router.get(
    "/bodies/{slug}/censuses",
    response={200: list[CensusOut], **ERRORS},
    summary="A body's censuses, the one in force first",
)
def censuses_list(request, slug: str):
    """For a body whose seats the charter apportions by members: each census with its date,
    the formula in words, and per unit the members counted, the seats and the seats held."""
    body = _apportioned_body(request.auth, slug)
    in_force = census_in_force(body)
    censuses = sorted(
        body.censuses.order_by("-taken_on", "-pk"),
        key=lambda census: in_force is None or census.pk != in_force.pk,
    )
    return [_census_out(request.auth, census) for census in censuses]


@router.get(
    "/bodies/{slug}/censuses/{census_id}",
    response={200: CensusOut, **ERRORS},
    summary="One census of a body",
)
def census_get(request, slug: str, census_id: int):
    body = _apportioned_body(request.auth, slug)
    census = body.censuses.filter(pk=census_id).first()
    if census is None:
        raise Http404(f"no census {census_id} of {slug}")
    return _census_out(request.auth, census)


@router.post(
    "/bodies/{slug}/censuses",
    response={201: CensusOut, **ERRORS, 422: ErrorOut},
    summary="Take a census (administrators, the body's secretary)",
)
def census_create(request, slug: str, payload: CensusIn):
    body = _apportioned_body(request.auth, slug)
    census = census_take(
        actor=request.auth, body=body, taken_on=payload.taken_on, label=payload.label
    )
    return Status(201, _census_out(request.auth, census))
