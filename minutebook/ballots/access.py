"""Who may do what with a ballot outside meetings, declared once and read by the services,
the pages and the API.

- see a ballot: whoever may read the body's records, and every member on its electorate
  (a member who may vote always sees what they vote on); to anyone else it does not exist
  (404);
- call a ballot of a body: the secretaries of the bodies the charter's `called_by` names (the
  instance acting for the body's unit) and administrators;
- cast: the members on the electorate fixed at opening (checked by `ballot_cast`);
- cancel, or close one whose time has run out before the tick did: those who may call it;
- record an adopted motion in the ledger: the body's secretary and administrators
  (`minutebook.bodies.access.can_record_for_body`, which the ledger checks itself)."""

from __future__ import annotations

from django.db.models import Q
from django.http import Http404

from minutebook.ballots.models import Ballot, BallotStatus, BallotVoter
from minutebook.ballots.selectors import calling_bodies
from minutebook.bodies.access import (
    can_record_for_body,
    is_administrator,
    member_of,
    visible_body_ids,
)
from minutebook.bodies.models import Body


def bodies_calling_as(
    user, body: Body, kind: str | None = None, decision_type: str = ""
) -> list[Body]:
    """The bodies in whose name `user` may call a ballot of `body` (on that kind of question
    and decision type, when given: the charter may name other callers for them)."""
    return [
        caller
        for caller in calling_bodies(body, kind, decision_type)
        if can_record_for_body(user, caller)
    ]


def can_call_ballot(user, body: Body, kind: str | None = None, decision_type: str = "") -> bool:
    return bool(bodies_calling_as(user, body, kind, decision_type))


def can_manage_ballot(user, ballot: Ballot) -> bool:
    """Cancel it, or close it once its time has run out: those who may call such a ballot."""
    return is_administrator(user) or can_call_ballot(
        user, ballot.body, ballot.kind, ballot.decision_type
    )


def is_voter(user, ballot: Ballot) -> bool:
    member = member_of(user)
    return member is not None and BallotVoter.objects.filter(ballot=ballot, member=member).exists()


def _visible(user):
    member = member_of(user)
    on_electorate = (
        Q(pk__in=BallotVoter.objects.filter(member=member).values("ballot_id"))
        if member is not None
        else Q(pk__in=[])
    )
    return Ballot.objects.filter(Q(body_id__in=visible_body_ids(user)) | on_electorate)


def ballot_for_viewer(user, pk: int) -> Ballot:
    if member_of(user) is None and not is_administrator(user):
        raise Http404
    ballot = (
        _visible(user)
        .select_related("body__unit", "calling_body", "decision", "elects")
        .filter(pk=pk)
        .first()
    )
    if ballot is None:
        raise Http404
    return ballot


def ballots_for_viewer(user, body: Body | None = None):
    if member_of(user) is None and not is_administrator(user):
        return Ballot.objects.none()
    found = _visible(user).select_related("body")
    return found.filter(body=body) if body is not None else found


def ballots_open_to(user):
    """The open ballots in which the viewer may vote (the navigation's "Ballots")."""
    member = member_of(user)
    if member is None:
        return Ballot.objects.none()
    return Ballot.objects.filter(
        status=BallotStatus.OPEN,
        pk__in=BallotVoter.objects.filter(member=member).values("ballot_id"),
    ).select_related("body")
