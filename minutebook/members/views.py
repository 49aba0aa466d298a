"""The roll and a member's page."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone

from minutebook.bodies.access import is_administrator, visible_body_ids
from minutebook.bodies.eligibility import member_eligibility
from minutebook.bodies.selectors import seats_of_member
from minutebook.charter.selectors import charter_in_force
from minutebook.ledger.access import decisions_about, decisions_visible_to
from minutebook.ledger.selectors import decision_type_names
from minutebook.members.access import member_for_viewer, require_roll_reader
from minutebook.members.forms import RollFilterForm
from minutebook.members.selectors import roll as roll_of_members
from minutebook.members.selectors import status_history_of, unit_memberships_of

PAGE_SIZE = 50


@login_required
def roll(request):
    require_roll_reader(request.user)
    form = RollFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    members = roll_of_members(status=filters.get("status", ""), text=filters.get("q", ""))
    page = Paginator(members, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "members/roll.html", {"form": form, "page": page})


@login_required
def member_detail(request, membership_number: str):
    member = member_for_viewer(request.user, membership_number)
    memberships = list(unit_memberships_of(member))
    responsible = (
        decisions_visible_to(request.user).filter(responsible_member=member).select_related("body")
    )
    return render(
        request,
        "members/member_detail.html",
        {
            "member": member,
            "units": [m for m in memberships if m.until is None],
            "past_units": [m for m in memberships if m.until is not None],
            "current_seats": list(seats_of_member(member, current=True)),
            "past_seats": list(seats_of_member(member, current=False)),
            "status_history": list(status_history_of(member)),
            "responsible": list(responsible),
            "type_names": decision_type_names(charter_in_force()),
            "visible_body_ids": visible_body_ids(request.user),
            "own_decision_ids": decisions_about(request.user),
            "is_self": member.user_id == request.user.pk,
            # Dues and age are the member's own business: their page shows what follows from
            # them to the member and to administrators only.
            "eligibility": member_eligibility(member, timezone.localdate())
            if member.user_id == request.user.pk or is_administrator(request.user)
            else None,
        },
    )
