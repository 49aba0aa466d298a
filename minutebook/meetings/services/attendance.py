"""Attendance: checking in and out, guests, proxies where the charter allows them. Every
change tells the participants who is present and whether there is a quorum."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string

from minutebook.bodies.access import member_of
from minutebook.bodies.eligibility import irregular_reason, may_vote, refusal
from minutebook.journal.services import journal_append
from minutebook.live import publish as live
from minutebook.live.coalesce import send_coalesced
from minutebook.meetings import clock
from minutebook.meetings.access import can_chair_meeting
from minutebook.meetings.models import Attendance, Meeting, MeetingStatus
from minutebook.meetings.seat_rights import check_proxy_conditions, with_voice
from minutebook.meetings.selectors import (
    meeting_attendance,
    meeting_day,
    meeting_quorum,
    present_attendance,
    proxies_allowed,
    quorum_snapshot,
    seat_holders,
    voting_seat_holders,
)
from minutebook.meetings.services._shared import locked
from minutebook.members.models import Member


def _attendance_changed(meeting: Meeting) -> None:
    """Tell every participant who is present and whether there is a quorum, once the change
    is committed (a burst of check-ins as one event: see `minutebook.live.coalesce`)."""
    meeting_id = meeting.pk
    transaction.on_commit(
        lambda: send_coalesced(("attendance", meeting_id), lambda: publish_attendance(meeting_id))
    )


def publish_attendance(meeting_id: int) -> None:
    meeting = Meeting.objects.select_related("body").get(pk=meeting_id)
    quorum = meeting_quorum(meeting)
    attendance = meeting_attendance(meeting)
    live.publish(
        meeting.pk,
        "attendance",
        data={"quorum": {**quorum_snapshot(quorum), "has_quorum": quorum.has_quorum}},
        fragments={
            "quorum": render_to_string(
                "meetings/quorum_panel.html", {"meeting": meeting, "quorum": quorum}
            ),
            "attendance": render_to_string(
                "meetings/attendance_list.html", {"meeting": meeting, "attendance": attendance}
            ),
        },
    )


def _attendance_json(row: Attendance, *, by_chair: bool) -> dict:
    return {
        "member": row.member.membership_number,
        "proxy_for": row.proxy_for.membership_number if row.proxy_for_id else None,
        **({"proxy_directions": row.proxy_directions} if row.proxy_directions else {}),
        "checked_in_at": row.checked_in_at.isoformat(),
        "checked_out_at": row.checked_out_at.isoformat() if row.checked_out_at else None,
        "by_chair": by_chair,
    }


@transaction.atomic
def attendance_check_in(
    *,
    actor,
    meeting: Meeting,
    member: Member,
    proxy_for: Member | None = None,
    proxy_directions: str = "",
    proceed: bool = False,
    proceed_reason: str = "",
) -> Attendance:
    """Record `member` as present.

    A seat holder checks themselves in while the meeting is open. The chair (see
    `can_chair_meeting`) checks anyone in, also before the meeting opens: seat holders, a
    member carrying the proxy of an absent seat holder, and guests without a seat, who count
    for nothing. Proxies are recorded by the chair only, and only where the charter allows
    them for the body and on its conditions (`proxies: {...}`: who may carry one, how many
    meetings a year, directions); each absent seat holder has at most one proxy per meeting,
    and a member carries at most one. Only a voting seat gives a proxy. Members the charter
    lets attend with speaking rights only check themselves in like seat holders. Someone who
    left and comes back is checked in again on the same line.

    A seat holder the charter's eligibility rules do not let vote in the body on the day
    (`bodies.eligibility.may_vote`: dues in arrears; in a general meeting also months of
    membership and age) is refused with the rule, unless the chair `proceed`s: the attendance
    is then irregular, its reason naming the rule and `proceed_reason`, and so is every vote
    opened while they are present (`votes.services.vote_open`)."""
    meeting = locked(meeting)
    meeting.refuse_if_over()
    chairing = can_chair_meeting(actor, meeting)
    actor_member = member_of(actor)
    itself = actor_member is not None and actor_member.pk == member.pk
    holders = set(seat_holders(meeting).values_list("pk", flat=True))
    if not chairing:
        if not itself:
            raise PermissionDenied("only the chair checks in someone else")
        if proxy_for is not None:
            raise PermissionDenied("the chair records proxies")
        if meeting.status != MeetingStatus.OPEN:
            raise ValidationError({"meeting": "you check yourself in once the meeting is open"})
        if member.pk not in holders and not with_voice(meeting, {member.pk}):
            raise PermissionDenied(
                f"you hold no seat on the {meeting.body.name}: the chair may check you in"
            )
    if not member.is_in_good_standing:
        raise ValidationError({"member": f"{member} is not a member in good standing"})
    proxy_directions = proxy_directions.strip()
    if proxy_directions and proxy_for is None:
        raise ValidationError({"proxy_directions": "directions are given with a proxy"})
    irregular_because = ""
    if member.pk in holders:
        irregular_because = _eligibility_problem(
            meeting, member, chairing=chairing, proceed=proceed, proceed_reason=proceed_reason
        )
    if proxy_for is not None:
        _check_proxy(meeting, member, proxy_for, holders)
        check_proxy_conditions(
            meeting,
            member=member,
            proxy_for=proxy_for,
            voting_holders=set(voting_seat_holders(meeting).values_list("pk", flat=True)),
            directions=proxy_directions,
        )
    carrier = present_attendance(meeting).filter(proxy_for=member).select_related("member").first()
    if carrier is not None:
        raise ValidationError(
            {
                "member": f"{member} is represented by {carrier.member}'s proxy: the chair checks "
                f"{carrier.member} out (or in again without the proxy) first"
            }
        )
    now = clock.now()
    row = Attendance.objects.filter(meeting=meeting, member=member).first()
    if row is not None and row.checked_out_at is None:
        if proxy_for is not None and row.proxy_for_id is not None:
            raise ValidationError(
                {
                    "proxy_for": f"{member} already carries the proxy of {row.proxy_for}: a "
                    "member carries one proxy at a time"
                }
            )
        raise ValidationError({"member": f"{member} is already checked in"})
    try:
        with transaction.atomic():
            if row is None:
                row = Attendance.objects.create(
                    meeting=meeting,
                    member=member,
                    checked_in_at=now,
                    proxy_for=proxy_for,
                    proxy_directions=proxy_directions,
                    irregular=bool(irregular_because),
                    irregular_reason=irregular_because,
                )
            else:
                row.checked_in_at, row.checked_out_at, row.proxy_for = now, None, proxy_for
                row.proxy_directions = proxy_directions
                row.irregular, row.irregular_reason = bool(irregular_because), irregular_because
                row.save(
                    update_fields=[
                        "checked_in_at",
                        "checked_out_at",
                        "proxy_for",
                        "proxy_directions",
                        "irregular",
                        "irregular_reason",
                    ]
                )
    except IntegrityError:
        raise ValidationError(
            {"proxy_for": f"{proxy_for} is already represented at this meeting"}
        ) from None
    journal_append(
        actor=actor,
        action="attendance.check_in",
        obj=row,
        summary=f"{meeting}: {member} checked in"
        + (f", carrying the proxy of {proxy_for}" if proxy_for else "")
        + (" (directed)" if proxy_directions else "")
        + ("" if member.pk in holders or proxy_for else " (no seat)")
        + (" (IRREGULAR)" if row.irregular else ""),
        after=_attendance_json(row, by_chair=not itself)
        | ({"irregular_reason": row.irregular_reason} if row.irregular else {}),
    )
    _attendance_changed(meeting)
    return row


def _eligibility_problem(
    meeting: Meeting, member: Member, *, chairing: bool, proceed: bool, proceed_reason: str
) -> str:
    """'' when the seat holder may vote at the meeting; the irregular reason when the chair
    proceeds although they may not; else refused with the rule."""
    verdict = may_vote(member, meeting.body, meeting_day(meeting))
    if verdict.eligible:
        return ""
    if not (chairing and proceed):
        raise ValidationError(
            {
                "member": refusal(verdict, str(member))
                + (". The chair may check them in irregularly, giving a reason" if chairing else "")
            }
        )
    return irregular_reason(verdict, proceed_reason)


def _check_proxy(meeting: Meeting, member: Member, proxy_for: Member, holders: set[int]) -> None:
    if not proxies_allowed(meeting):
        raise ValidationError(
            {
                "proxy_for": f"the charter does not allow proxies at meetings of the {meeting.body.name}"
            }
        )
    if proxy_for.pk == member.pk:
        raise ValidationError({"proxy_for": "nobody carries their own proxy"})
    if proxy_for.pk not in holders:
        raise ValidationError(
            {"proxy_for": f"{proxy_for} holds no seat on the {meeting.body.name}"}
        )
    if present_attendance(meeting).filter(member=proxy_for).exists():
        raise ValidationError({"proxy_for": f"{proxy_for} is present: a proxy is for the absent"})
    other = (
        Attendance.objects.filter(meeting=meeting, proxy_for=proxy_for)
        .exclude(member=member)
        .select_related("member")
        .first()
    )
    if other is not None:
        raise ValidationError(
            {"proxy_for": f"{proxy_for} already gave their proxy to {other.member} at this meeting"}
        )


@transaction.atomic
def attendance_check_out(*, actor, meeting: Meeting, member: Member) -> Attendance:
    """Record that `member` left (with any proxy they carried). A seat holder checks
    themselves out; the chair checks anyone out."""
    meeting = locked(meeting)
    meeting.refuse_if_over()
    actor_member = member_of(actor)
    itself = actor_member is not None and actor_member.pk == member.pk
    if not itself and not can_chair_meeting(actor, meeting):
        raise PermissionDenied("only the chair checks out someone else")
    row = (
        present_attendance(meeting)
        .select_for_update(of=("self",))
        .select_related("member", "proxy_for")
        .filter(member=member)
        .first()
    )
    if row is None:
        raise ValidationError({"member": f"{member} is not checked in"})
    row.checked_out_at = clock.now()
    row.save(update_fields=["checked_out_at"])
    journal_append(
        actor=actor,
        action="attendance.check_out",
        obj=row,
        summary=f"{meeting}: {member} left",
        after=_attendance_json(row, by_chair=not itself),
    )
    _attendance_changed(meeting)
    return row
