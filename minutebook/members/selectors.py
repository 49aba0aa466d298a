"""Reading the roll for the pages."""

from __future__ import annotations

from django.db.models import OuterRef, Prefetch, Q, Subquery

from minutebook.members.models import (
    Member,
    MembershipStatus,
    MembershipStatusChange,
    UnitMembership,
)


def roll(*, status: str = "", text: str = ""):
    """Members with their current units (prefetched as `current_units`), by name."""
    members = Member.objects.prefetch_related(
        Prefetch(
            "unit_memberships",
            queryset=UnitMembership.objects.filter(until__isnull=True).select_related("unit"),
            to_attr="current_units",
        )
    )
    if status:
        members = members.filter(status=status)
    for word in text.split():
        members = members.filter(Q(full_name__icontains=word) | Q(membership_number__iexact=word))
    return members.order_by("full_name", "membership_number")


def unit_memberships_of(member: Member):
    return member.unit_memberships.select_related("unit").order_by("-until", "-since")


def status_history_of(member: Member):
    return member.status_history.select_related("decision__body").order_by("-effective_on", "-pk")


def in_good_standing_on(day, members=None):
    """The members (of `members`, default everyone) whose status on `day` was member: the last
    status change effective on or before that day, not today's status. A member admitted the
    day after, or suspended on the day, was not in good standing that day."""
    status_then = (
        MembershipStatusChange.objects.filter(member=OuterRef("pk"), effective_on__lte=day)
        .order_by("-effective_on", "-pk")
        .values("status")[:1]
    )
    members = members if members is not None else Member.objects.all()
    return members.annotate(status_then=Subquery(status_then)).filter(
        status_then=MembershipStatus.MEMBER
    )


def unit_members_on(day, unit_ids):
    """(member id, unit id) of the memberships of the units `unit_ids` held on `day` (`until`
    is the last day of a membership)."""
    return (
        UnitMembership.objects.filter(unit_id__in=unit_ids, since__lte=day)
        .filter(Q(until__isnull=True) | Q(until__gte=day))
        .values_list("member_id", "unit_id")
    )
