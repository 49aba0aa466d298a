"""The organization at a glance."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from minutebook.bodies.access import member_of, require_insider
from minutebook.bodies.selectors import bodies_by_unit, seat_counts, seats_of_member
from minutebook.charter.selectors import charter_version_in_force
from minutebook.ledger.access import decisions_visible_to
from minutebook.ledger.selectors import decision_type_names
from minutebook.obligations.selectors import duties_visible_to

RECENT = 8
LISTED = 10


@login_required
def home(request):
    require_insider(request.user)
    version = charter_version_in_force()
    charter = version.charter
    groups, unattached = bodies_by_unit()
    bodies = [body for _, _, group in groups for body in group] + unattached
    decisions = decisions_visible_to(request.user).select_related("body")
    overdue = decisions.overdue().order_by("due_on", "pk")
    irregular = decisions.filter(irregular=True)
    member = member_of(request.user)
    failing_duties = duties_visible_to(request.user, failing=True)
    return render(
        request,
        "web/home.html",
        {
            "charter": charter,
            "version": version,
            "groups": groups,
            "unattached": unattached,
            "seat_counts": seat_counts(charter, bodies),
            "recent": list(decisions[:RECENT]),
            "overdue": list(overdue[:LISTED]),
            "overdue_count": overdue.count(),
            "irregular": list(irregular[:LISTED]),
            "irregular_count": irregular.count(),
            "failing_duties": failing_duties[:LISTED],
            "failing_duties_count": len(failing_duties),
            "own_seats": list(seats_of_member(member, current=True)) if member else [],
            "type_names": decision_type_names(charter),
        },
    )
