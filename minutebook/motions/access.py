"""Who may read and act on motions, decided in one place.

A motion is as visible as the records of the body it is submitted to: whoever may read that
body's records (`minutebook.bodies.access`) reads its motions and amendments; to anyone else a
motion does not exist (404). The services check who may act; the `can_*` functions here ask
the same questions for pages that offer a button only to those who may press it."""

from __future__ import annotations

from django.http import Http404

from minutebook.bodies.access import (
    can_record_for_body,
    can_see_body_records,
    is_administrator,
    member_of,
    visible_body_ids,
)
from minutebook.bodies.models import Body
from minutebook.meetings.access import reads_closed_sessions
from minutebook.members.models import Member
from minutebook.motions.models import (
    AMENDMENT_BEFORE_VOTE,
    MOTION_BEFORE_VOTE,
    Amendment,
    AmendmentStatus,
    Motion,
    MotionStatus,
    SponsorRole,
)


def motions_visible_to(user):
    """The motions of the bodies whose records `user` reads, but those debated in a closed
    session that the charter keeps from the user (`meetings.access.reads_closed_sessions`)."""
    motions = Motion.objects.filter(body_id__in=visible_body_ids(user))
    return motions.exclude(pk__in=_kept_in_closed_sessions(user, motions))


def _kept_in_closed_sessions(user, motions) -> list[int]:
    closed = motions.filter(agenda_item__closed_session=True).select_related("meeting__body")
    by_meeting: dict[int, list[Motion]] = {}
    for motion in closed:
        by_meeting.setdefault(motion.meeting_id, []).append(motion)
    return [
        motion.pk
        for kept in by_meeting.values()
        if not reads_closed_sessions(user, kept[0].meeting)
        for motion in kept
    ]


def motion_for_viewer(user, pk: int) -> Motion:
    """The motion if `user` may read its body's records; Http404 otherwise (hidden or missing)."""
    try:
        return motions_visible_to(user).select_related("body", "meeting").get(pk=pk)
    except Motion.DoesNotExist:
        raise Http404 from None


def amendment_for_viewer(user, pk: int) -> Amendment:
    try:
        return Amendment.objects.select_related("motion__body", "motion__meeting").get(
            pk=pk, motion__in=motions_visible_to(user)
        )
    except Amendment.DoesNotExist:
        raise Http404 from None


def may_propose_to(member: Member | None, body: Body) -> bool:
    """A member may author or sign a motion to a body whose records they may read, while in
    good standing (so a closed body's motions come from its own seat holders)."""
    return (
        member is not None
        and member.is_in_good_standing
        and body.is_active
        and can_see_body_records(member.user, body)
    )


def may_enter_for(user, body: Body) -> bool:
    """Administrators and the body's secretary may enter a motion on behalf of its authors
    (a motion handed in on paper)."""
    return is_administrator(user) or can_record_for_body(user, body)


def is_author(user, sponsors) -> bool:
    member = member_of(user)
    return member is not None and any(
        sponsor.member_id == member.pk and sponsor.role == SponsorRole.AUTHOR
        for sponsor in sponsors
    )


def may_withdraw_motion(user, motion: Motion) -> bool:
    """The authors withdraw their motion; a body's motion is withdrawn by that body's
    secretary (whatever the motion's state: the service then checks that)."""
    if motion.proposing_body_id and can_record_for_body(user, motion.proposing_body):
        return True
    return is_author(user, motion.sponsors.all())


def can_withdraw_motion(user, motion: Motion) -> bool:
    """Whether to offer the withdrawal: before the vote, to those who may withdraw."""
    return motion.status in MOTION_BEFORE_VOTE and may_withdraw_motion(user, motion)


def can_cosponsor_motion(user, motion: Motion) -> bool:
    member = member_of(user)
    return (
        motion.status in MOTION_BEFORE_VOTE
        and may_propose_to(member, motion.body)
        and not any(sponsor.member_id == member.pk for sponsor in motion.sponsors.all())
    )


def can_amend_motion(user, motion: Motion) -> bool:
    return motion.status in MOTION_BEFORE_VOTE and (
        may_propose_to(member_of(user), motion.body) or may_enter_for(user, motion.body)
    )


def can_withdraw_amendment(user, amendment: Amendment) -> bool:
    return amendment.status in AMENDMENT_BEFORE_VOTE and is_author(user, amendment.sponsors.all())


def can_cosponsor_amendment(user, amendment: Amendment) -> bool:
    member = member_of(user)
    return (
        amendment.status in AMENDMENT_BEFORE_VOTE
        and amendment.motion.status in MOTION_BEFORE_VOTE
        and may_propose_to(member, amendment.motion.body)
        and not any(sponsor.member_id == member.pk for sponsor in amendment.sponsors.all())
    )


def can_chair_motion(user, motion: Motion) -> bool:
    """The chair's actions on a motion (admit, open the debate, refer) belong to whoever may
    chair the meeting it is admitted to."""
    from minutebook.meetings.access import can_chair_meeting

    return motion.meeting_id is not None and can_chair_meeting(user, motion.meeting)


def can_read_motion(user, motion: Motion, readings) -> bool:
    """Whether to offer recording a reading: a motion whose type the charter reads several
    times (`readings`, its `minutebook.motions.rules.ReadingsState`), before its last reading,
    on the agenda of a meeting `user` may chair."""
    return (
        readings is not None
        and not readings.next_is_last
        and motion.status in (MotionStatus.ADMITTED, MotionStatus.DEBATED)
        and can_chair_motion(user, motion)
    )


def can_record_motion(user, motion: Motion) -> bool:
    """Who records an adopted motion in the ledger: whoever records the body's decisions and,
    while the meeting that voted on it is open, whoever may chair that meeting (see
    `minutebook.meetings.access.can_record_at_meeting`)."""
    from minutebook.meetings.access import can_record_at_meeting

    if motion.meeting_id is None:
        return can_record_for_body(user, motion.body)
    return can_record_at_meeting(user, motion.meeting)


def motion_is_open(motion: Motion) -> bool:
    return motion.status in MOTION_BEFORE_VOTE or motion.status == MotionStatus.VOTED


def amendment_is_open(amendment: Amendment) -> bool:
    return amendment.status not in (
        AmendmentStatus.ADOPTED,
        AmendmentStatus.REJECTED,
        AmendmentStatus.WITHDRAWN,
    )
