"""Which decisions a user may read, decided in one place.

A decision is as visible as the records of the body that took it (`visible_body_ids`): the
charter's `visibility` of that body, with administrators seeing everything. And whatever
their standing, a member reads every decision that changed their own membership: a suspended
or expelled member reads the charges and the decision against them, which they need to
appeal. A hidden decision and a missing one look the same from outside: a 404."""

from __future__ import annotations

from django.db.models import Q
from django.http import Http404

from minutebook.bodies.access import member_of, visible_body_ids
from minutebook.ledger.models import Decision
from minutebook.ledger.services import may_report_progress
from minutebook.members.models import MembershipStatusChange

DECISION_RELATED = (
    "body__unit",
    "charter_version",
    "ends__body",
    "responsible_body",
    "responsible_member",
    "recorded_by__member",
)


def decisions_about(user) -> set[int]:
    """The decisions that changed the membership of `user`'s own member (ids). Cached on the
    user object for the request."""
    cached = getattr(user, "_minutebook_decisions_about", None)
    if cached is not None:
        return cached
    member = member_of(user)
    about = set()
    if member is not None:
        about = set(
            MembershipStatusChange.objects.filter(
                member=member, decision__isnull=False
            ).values_list("decision_id", flat=True)
        )
    if user is not None:
        user._minutebook_decisions_about = about
    return about


def decisions_visible_to(user):
    """The decisions `user` may read: those of the bodies whose records they may read (none
    for a person who is not a member in good standing and not an administrator), and those
    about their own membership."""
    return Decision.objects.filter(
        Q(body_id__in=visible_body_ids(user)) | Q(pk__in=decisions_about(user))
    )


def can_see_decision(user, decision: Decision) -> bool:
    return decision.body_id in visible_body_ids(user) or decision.pk in decisions_about(user)


def decision_for_viewer(user, reference: str) -> Decision:
    """The decision with this reference, if `user` may read it; Http404 otherwise."""
    try:
        return decisions_visible_to(user).select_related(*DECISION_RELATED).get(reference=reference)
    except Decision.DoesNotExist:
        raise Http404 from None


def can_report_progress(user, decision: Decision) -> bool:
    """Whether `user` may add progress notes: the rule `decision_add_progress` enforces (the
    secretary of the deciding or responsible body, the responsible member, an administrator),
    asked here so a page offers the form only to them."""
    return can_see_decision(user, decision) and may_report_progress(user, decision)
