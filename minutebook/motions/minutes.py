"""The minutes' section on readings and late admissions: a motion read at a meeting leaves its
agenda (it is carried to a later meeting), so the meeting's motions no longer list it; this
section keeps the reading in that meeting's minutes."""

from __future__ import annotations

from minutebook.charter.describe import threshold_words
from minutebook.meetings.minutes_sections import MinutesSection
from minutebook.motions.models import LateAdmission, MotionReading
from minutebook.motions.rules import ordinal


def readings_section(meeting, hidden: frozenset[int]) -> list[MinutesSection]:
    readings = MotionReading.objects.filter(meeting=meeting).select_related("motion")
    admissions = LateAdmission.objects.filter(meeting=meeting).select_related("motion")
    lines = [
        f"- {ordinal(reading.number)} reading of motion {reading.motion_id}, "
        f"*{reading.motion.title}*; carried to a later meeting for its next reading."
        for reading in readings.order_by("recorded_at", "pk")
    ]
    lines += [
        f"- Motion {admission.motion_id}, *{admission.motion.title}*, submitted late, admitted by "
        f"the meeting's vote ({threshold_words(admission.threshold)}): {admission.votes_for} "
        f"for, {admission.votes_against} against, {admission.votes_abstain} abstaining."
        for admission in admissions.order_by("admitted_at", "pk")
    ]
    if not lines:
        return []
    return [MinutesSection(title="Readings and late motions", markdown="\n".join(lines))]
