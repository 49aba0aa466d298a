"""Reads about motions that pages, the API, votes and the minutes share."""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from minutebook.bodies.models import Body
from minutebook.charter.selectors import charter_in_force
from minutebook.charter.spec import Period
from minutebook.meetings.notice import meeting_began
from minutebook.meetings.selectors import meeting_day
from minutebook.motions.models import (
    AMENDMENT_PENDING,
    Amendment,
    AmendmentSponsor,
    Motion,
    MotionSponsor,
    MotionVersion,
)
from minutebook.voting.motions import Threshold

# The decision type whose threshold, if the charter gives the body one, applies to amendments.
AMENDMENT_DECISION_TYPE = "motion.amend"


def current_version(motion: Motion) -> MotionVersion:
    return motion.versions.order_by("-number").first()


def motion_notice_period(motion: Motion) -> Period | None:
    """The notice the motion needs: its decision type's own (`notice: {days: 30}`), else the
    body's period for documents; None where the charter leaves it open or does not define
    the body."""
    body = motion.body
    if not body.chartered:
        return None
    charter = charter_in_force()
    try:
        own = charter.decision_type(motion.decision_type).notice
    except KeyError:
        own = None
    return own or charter.body(body.definition).notice.period("documents")


def motion_notice_given(motion: Motion, meeting) -> bool:
    """Whether members had notice of the motion: it was circulated (submitted, which publishes
    it to everyone who may read the body's records) at least the notice period before the
    meeting: its decision type's own notice if the charter gives the type one, else the
    body's period for documents. A period in days counts whole calendar days before the day
    of the meeting; one in hours counts to the minute before the meeting began. Where the
    charter leaves the period open, circulated by the day of the meeting. A body the charter
    does not define gives no notice at all."""
    if not motion.body.chartered:
        return False
    period = motion_notice_period(motion)
    if period is not None and period.hours is not None:
        return meeting_began(meeting) - motion.submitted_at >= period.delta
    circulated = timezone.localtime(motion.submitted_at).date()
    days = period.days if period is not None else 0
    return (meeting_day(meeting) - circulated).days >= days


def amendment_threshold(body: Body) -> str:
    """Amendments pass by a majority of the votes cast (abstentions not counted), unless the
    charter defines a decision type `motion.amend` that the body may take: then its
    threshold for that body applies."""
    if body.chartered:
        try:
            spec = charter_in_force().decision_type(AMENDMENT_DECISION_TYPE)
        except KeyError:
            spec = None
        if spec is not None:
            competence = spec.competence_of(body.definition)
            if competence is not None:
                return competence.threshold
    return Threshold.MAJORITY_CAST.value


def pending_amendments(motion: Motion) -> QuerySet[Amendment]:
    """Amendments admitted to the debate and not yet decided: they go to the vote first."""
    return motion.amendments.filter(status__in=AMENDMENT_PENDING)


def motions_with_details(queryset: QuerySet[Motion]) -> QuerySet[Motion]:
    """Motions with what their lists show, in a fixed number of queries."""
    return queryset.select_related(
        "body", "meeting", "agenda_item", "proposing_body", "decision", "referred_to", "ends"
    ).prefetch_related(
        Prefetch("sponsors", queryset=MotionSponsor.objects.select_related("member")),
        Prefetch("versions", queryset=MotionVersion.objects.select_related("amendment")),
        Prefetch(
            "amendments",
            queryset=Amendment.objects.prefetch_related(
                Prefetch("sponsors", queryset=AmendmentSponsor.objects.select_related("member"))
            ),
        ),
    )


def meeting_motions(meeting) -> QuerySet[Motion]:
    """The motions submitted or admitted to the meeting, in agenda order."""
    return motions_with_details(Motion.objects.filter(meeting=meeting)).order_by(
        "agenda_item__position", "submitted_at", "pk"
    )


@dataclass(frozen=True)
class DiffLine:
    kind: str  # "same", "added", "removed"
    text: str


def text_diff(old: str, new: str) -> list[DiffLine]:
    """A line-by-line comparison of two texts, for showing what an amendment changes."""
    lines: list[DiffLine] = []
    old_lines, new_lines = old.splitlines(), new.splitlines()
    matcher = difflib.SequenceMatcher(a=old_lines, b=new_lines, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            lines.extend(DiffLine("same", line) for line in old_lines[i1:i2])
            continue
        lines.extend(DiffLine("removed", line) for line in old_lines[i1:i2])
        lines.extend(DiffLine("added", line) for line in new_lines[j1:j2])
    return lines


def unified_diff(old: str, new: str, *, old_name: str, new_name: str) -> str:
    """The change as a unified diff, for the minutes and the API."""
    return "\n".join(
        difflib.unified_diff(
            old.splitlines(), new.splitlines(), fromfile=old_name, tofile=new_name, lineterm=""
        )
    )
