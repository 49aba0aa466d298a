"""The bodies: the list by unit, and one body with who sits there and how they got there."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from minutebook.bodies.access import (
    body_for_viewer,
    can_record_for_body,
    can_see_body_records,
    require_insider,
    visible_body_ids,
)
from minutebook.bodies.apportionment import (
    apportioned_rule,
    census_in_force,
    census_rows,
    census_take,
    formula_words,
)
from minutebook.bodies.forms import CensusForm
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
from minutebook.members.access import can_read_roll

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
            "apportioned": apportioned_rule(body) is not None,  # a census counts its units
            "census": census_in_force(body) if spec else None,
        },
    )


@login_required
def body_apportionment(request, slug: str):
    """The body's seats in proportion to members: the formula, the census in force (or the one
    asked for) with its counts and seats per unit, who was counted (for readers of the roll),
    earlier censuses, and for the body's secretary the form to take a new one."""
    body = body_for_viewer(request.user, slug)
    rule = apportioned_rule(body)
    if rule is None:
        raise Http404("the charter does not apportion this body's seats")
    may_take = can_record_for_body(request.user, body)
    form = CensusForm(initial={"taken_on": timezone.localdate()})
    if request.method == "POST":
        if not may_take:
            raise PermissionDenied(f"only the secretary of {body.name} records its census")
        form = CensusForm(request.POST)
        if form.is_valid():
            try:
                census = census_take(
                    actor=request.user,
                    body=body,
                    taken_on=form.cleaned_data["taken_on"],
                    label=form.cleaned_data["label"],
                )
            except ValidationError as error:
                for field, errors in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                messages.success(request, f"Census of {census.taken_on} recorded.")
                return redirect(
                    f"{reverse('bodies:apportionment', args=[body.slug])}?census={census.pk}"
                )
    censuses = list(body.censuses.order_by("-taken_on", "-pk"))
    census = census_in_force(body)
    if request.GET.get("census", "").isdigit():
        census = next((c for c in censuses if c.pk == int(request.GET["census"])), None)
        if census is None:
            raise Http404("no such census of this body")
    rows = census_rows(census) if census else []
    return render(
        request,
        "bodies/apportionment.html",
        {
            "body": body,
            "rule": rule,
            "formula": formula_words(rule),
            "census": census,
            "in_force": census_in_force(body),
            "rows": rows,
            "totals": {
                "members": sum(row.count.members for row in rows),
                "seats": sum(row.count.seats for row in rows),
                "held": sum(row.held for row in rows),
            },
            "censuses": censuses,
            "show_counted": can_read_roll(request.user),
            "may_take": may_take,
            "form": form,
        },
    )
