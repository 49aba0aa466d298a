"""The bodies: the list by unit, and one body with who sits there and how they got there."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from minutebook.bodies.access import (
    body_for_viewer,
    can_see_body_records,
    require_insider,
    visible_body_ids,
)
from minutebook.bodies.page_sections import body_sections
from minutebook.bodies.seat_rights import seat_votes
from minutebook.bodies.selectors import (
    bodies_by_unit,
    body_seat_groups,
    current_seats_of_body,
    dissolved_bodies,
    past_seats_of_body,
    seat_counts,
)
from minutebook.charter.describe import body_rules, visibility_words
from minutebook.charter.selectors import charter_in_force
from minutebook.ledger.access import decisions_visible_to
from minutebook.ledger.selectors import decision_type_names

RECENT_DECISIONS = 20


@login_required
def body_list(request):
    require_insider(request.user)
    charter = charter_in_force()
    groups, unattached = bodies_by_unit()
    dissolved = list(dissolved_bodies())
    everything = [body for _, _, bodies in groups for body in bodies] + unattached
    return render(
        request,
        "bodies/body_list.html",
        {
            "groups": groups,
            "unattached": unattached,
            "dissolved": dissolved,
            "seat_counts": seat_counts(charter, everything),
            "visible_body_ids": visible_body_ids(request.user),
        },
    )


@login_required
def body_detail(request, slug: str):
    body = body_for_viewer(request.user, slug)
    charter = charter_in_force()
    spec = None
    if body.chartered:
        try:
            spec = charter.body(body.definition)
        except KeyError:  # dissolved by a later charter
            spec = None
    current_seats = current_seats_of_body(body, spec.offices if spec else ())
    may_see_records = can_see_body_records(request.user, body)
    decisions = []
    if may_see_records:
        decisions = list(
            decisions_visible_to(request.user)
            .filter(body=body)
            .select_related("body")[:RECENT_DECISIONS]
        )
    return render(
        request,
        "bodies/body_detail.html",
        {
            "body": body,
            "spec": spec,
            "rules": body_rules(charter, spec) if spec else None,
            "visibility": visibility_words(charter, spec, body.unit.name if body.unit_id else None)
            if spec
            else None,
            "decision_types": charter.decision_types_for_body(spec.id) if spec else (),
            "seat_count": seat_counts(charter, [body])[body.pk],
            "current_seats": current_seats,
            "non_voting": {seat.pk for seat in current_seats if not seat_votes(spec, seat)},
            "vacant_groups": [
                group for group in body_seat_groups(body, held=current_seats) if group.vacant
            ],
            "past_seats": list(past_seats_of_body(body)),
            "may_see_records": may_see_records,
            "decisions": decisions,
            "type_names": decision_type_names(charter),
            "visible_body_ids": visible_body_ids(request.user),
            "sections": body_sections(request, body),
        },
    )
