"""Reading the roll for the pages."""

from __future__ import annotations

from django.db.models import Prefetch, Q

from minutebook.members.models import Member, UnitMembership


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
