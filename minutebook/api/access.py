"""Who may read what through the API.

Every rule here rests on `minutebook.bodies.access` (above all `visible_body_ids`), so the
charter's visibility is decided in one place for the pages and the API alike. Hidden and
missing objects both raise Http404 with the same message, so a 404 never tells that something
exists. The rules themselves live in the apps' access modules; the API only words its 404s."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404

from minutebook.bodies.access import is_administrator, member_of, visible_body_ids
from minutebook.ledger import access as ledger_access
from minutebook.ledger.access import decisions_visible_to  # noqa: F401 (re-exported for routers)
from minutebook.ledger.models import Decision
from minutebook.members import access as members_access
from minutebook.members.access import require_roll_reader
from minutebook.members.models import Member


def require_person_on_roll(user) -> None:
    """The charter, the units and the bodies are open to everyone on the roll and to
    administrators, as body pages are (`body_for_viewer`); others are refused."""
    if is_administrator(user):
        return
    if member_of(user) is None:
        raise PermissionDenied("only people on the organization's roll can read this")


def require_roll_access(user) -> None:
    """The roll is open to members in good standing and administrators (as on the pages)."""
    require_roll_reader(user)


def member_for_viewer(user, membership_number: str) -> Member:
    try:
        return members_access.member_for_viewer(user, membership_number)
    except Http404:
        raise Http404(f"no member {membership_number}") from None


def decision_for_viewer(user, reference: str) -> Decision:
    try:
        return ledger_access.decision_for_viewer(user, reference)
    except Http404:
        raise Http404(f"no decision {reference}") from None


def visible_reference(user, decision: Decision | None) -> str | None:
    """A linked decision's reference, or None when the viewer may not read it: a record the
    viewer may see must not point at one they may not."""
    if decision is None or not ledger_access.can_see_decision(user, decision):
        return None
    return decision.reference


def visible_election(user, election) -> dict | None:
    """The election that filled a seat (`Seat.source_election`), or None when the viewer may
    not read the records of the body whose meeting held it (its page and `/elections/{id}`
    answer 404 to them then)."""
    if election is None or election.meeting.body_id not in visible_body_ids(user):
        return None
    return {"id": election.pk, "title": election.title, "meeting": election.meeting_id}


def visible_decision(user, reference: str) -> Decision | None:
    """The decision a request body names, or None if the user may not see it (the API
    answers 422 'unknown' then, as for a reference that does not exist)."""
    try:
        return decision_for_viewer(user, reference)
    except Http404:
        return None
