"""Who may read the roll and a member's page.

The roll (who is a member, of which unit, since when) is open to members in good standing and
administrators. A person always sees their own page. A login with no member behind it sees
nothing and is told nothing (404); a member not in good standing is refused (403)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404

from minutebook.bodies.access import is_administrator, member_of, require_insider
from minutebook.members.models import Member


def can_read_roll(user) -> bool:
    if is_administrator(user):
        return True
    member = member_of(user)
    return member is not None and member.is_in_good_standing


def require_roll_reader(user) -> None:
    require_insider(user)
    if not can_read_roll(user):
        raise PermissionDenied("the roll is open to members in good standing")


def member_for_viewer(user, membership_number: str) -> Member:
    """The member with this number, if `user` may read their page."""
    require_insider(user)
    try:
        member = Member.objects.get(membership_number=membership_number)
    except Member.DoesNotExist:
        raise Http404 from None
    if member == member_of(user):
        return member
    if not can_read_roll(user):
        raise PermissionDenied("the roll is open to members in good standing")
    return member
