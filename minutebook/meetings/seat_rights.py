"""Rights at a meeting as the charter gives them (minutebook/charter/seat_rights.py): which
seat holders vote, who attends with voice only, what the quorum counts, and the conditions
on proxies. `minutebook.meetings.selectors` counts with these."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils import timezone

from minutebook.bodies.models import Seat
from minutebook.bodies.seat_rights import non_voting_member_ids
from minutebook.charter.seat_rights import EMERGENCY
from minutebook.charter.selectors import charter_in_force, unit_and_descendant_ids
from minutebook.charter.spec import BodySpec, ProxyDirections, ProxyHolders, Quorum
from minutebook.meetings.models import Attendance, Meeting, MeetingStatus
from minutebook.members.models import Member, MembershipStatus, UnitMembership


def spec_in_force(meeting: Meeting) -> BodySpec | None:
    """The meeting's body as the charter in force defines it; None for a body it does not."""
    if not meeting.body.chartered:
        return None
    try:
        return charter_in_force().body(meeting.body.definition)
    except KeyError:
        return None


def _seats(meeting: Meeting):
    return Seat.objects.current(on=timezone.localdate(meeting.starts_at)).filter(body=meeting.body)


def non_voting_holders(meeting: Meeting, spec: BodySpec | None = None) -> set[int]:
    """Members holding a seat with voice but no vote on the meeting's body that day."""
    spec = spec if spec is not None else spec_in_force(meeting)
    return non_voting_member_ids(spec, _seats(meeting))


def quorum_uncounted(meeting: Meeting, quorum: Quorum, spec: BodySpec) -> set[int]:
    """Seat holders the quorum does not count: those without a vote (unless it counts them)
    and the holders of the offices it excludes (a paid secretary)."""
    uncounted = set() if quorum.counts_non_voting else non_voting_holders(meeting, spec)
    if quorum.excluding_offices:
        uncounted |= set(
            _seats(meeting)
            .filter(office__in=quorum.excluding_offices)
            .values_list("member_id", flat=True)
        )
    return uncounted


def quorum_waived(meeting: Meeting, quorum: Quorum) -> str | None:
    """The kind of meeting for which the charter fixes no quorum, if the meeting is one."""
    if meeting.emergency and EMERGENCY in quorum.none_for:
        return EMERGENCY
    if meeting.kind and meeting.kind in quorum.none_for:
        return meeting.kind
    return None


def unit_members(meeting: Meeting) -> int | None:
    """Members in good standing of the body's unit (and the units below it) on the meeting's
    day: the size a quorum by bands looks at."""
    unit = meeting.body.unit
    if unit is None:
        return None
    day = timezone.localdate(meeting.starts_at)
    return (
        UnitMembership.objects.filter(
            unit_id__in=unit_and_descendant_ids(unit),
            since__lte=day,
            member__status=MembershipStatus.MEMBER,
        )
        .exclude(until__lt=day)
        .values("member_id")
        .distinct()
        .count()
    )


def with_voice(meeting: Meeting, member_ids, spec: BodySpec | None = None) -> set[int]:
    """Of `member_ids` (people without a seat on the body), those the charter lets attend and
    speak (`attendees_with_voice`): seat holders of another body named, or members of the
    body's unit."""
    spec = spec if spec is not None else spec_in_force(meeting)
    member_ids = set(member_ids)
    if spec is None or not spec.attendees_with_voice or not member_ids:
        return set()
    day = timezone.localdate(meeting.starts_at)
    found: set[int] = set()
    for rule in spec.attendees_with_voice:
        if rule.unit_members and meeting.body.unit_id:
            found |= set(
                UnitMembership.objects.filter(
                    member_id__in=member_ids,
                    unit_id__in=unit_and_descendant_ids(meeting.body.unit),
                    since__lte=day,
                )
                .exclude(until__lt=day)
                .values_list("member_id", flat=True)
            )
        elif rule.seats_of:
            seats = Seat.objects.current(on=day).filter(
                member_id__in=member_ids, body__chartered=True, body__definition=rule.seats_of
            )
            if rule.office:
                seats = seats.filter(office=rule.office)
            found |= set(seats.values_list("member_id", flat=True))
    return found


def check_proxy_conditions(
    meeting: Meeting,
    *,
    member: Member,
    proxy_for: Member,
    voting_holders: set[int],
    directions: str,
    spec: BodySpec | None = None,
) -> None:
    """Refuse a proxy the charter's conditions do not allow (`proxies: {...}`): a seat without
    a vote, a holder the charter does not allow, a seat holder represented by proxy at as many
    meetings of the year as the charter allows, directions where they are forbidden or
    none where they are required."""
    name = meeting.body.name
    if proxy_for.pk not in voting_holders:
        raise ValidationError(
            {"proxy_for": f"{proxy_for}'s seat on the {name} has no vote, so no proxy carries one"}
        )
    spec = spec if spec is not None else spec_in_force(meeting)
    rules = spec.proxy_rules if spec is not None else None
    if rules is None:
        return
    if rules.held_by == ProxyHolders.SEAT_HOLDERS and member.pk not in voting_holders:
        raise ValidationError(
            {"member": f"only another voting seat holder of the {name} may carry a proxy"}
        )
    if rules.held_by == ProxyHolders.UNIT_MEMBERS:
        unit = meeting.body.unit
        if (
            unit is None
            or not UnitMembership.objects.filter(
                member=member, unit_id__in=unit_and_descendant_ids(unit), until__isnull=True
            ).exists()
        ):
            raise ValidationError(
                {"member": f"only a member of {unit} may carry a proxy at the {name}"}
            )
    if rules.per_year is not None:
        year = timezone.localdate(meeting.starts_at).year
        earlier = (
            Attendance.objects.filter(
                proxy_for=proxy_for,
                meeting__body=meeting.body,
                meeting__starts_at__year=year,
            )
            .exclude(meeting=meeting)
            .exclude(meeting__status=MeetingStatus.CANCELLED)  # never held
            .values("meeting_id")
            .distinct()
            .count()
        )
        if earlier >= rules.per_year:
            raise ValidationError(
                {
                    "proxy_for": f"{proxy_for} was represented by proxy at {earlier} meetings "
                    f"of the {name} in {year}: the charter allows at most {rules.per_year} "
                    "a year"
                }
            )
    if directions and rules.directions == ProxyDirections.FORBIDDEN:
        raise ValidationError(
            {"proxy_directions": "the charter forbids directing a proxy how to vote"}
        )
    if not directions and rules.directions == ProxyDirections.REQUIRED:
        raise ValidationError(
            {"proxy_directions": "the charter requires the absent member's directions"}
        )


def proxies_cast_in(meeting: Meeting, decision_type: str | None) -> bool:
    """Whether proxies cast votes in a vote on a motion of `decision_type` (the charter may
    exclude procedural votes: `proxies: {not_for: [...]}`)."""
    spec = spec_in_force(meeting)
    if spec is None or spec.proxy_rules is None or decision_type is None:
        return True
    return decision_type not in spec.proxy_rules.not_for
