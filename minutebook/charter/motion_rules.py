"""Rules on motions before they are voted on: a decision type's `readings:` and a body's
`motions:`, read and checked.

    decision_types:
      - id: bylaw.amend
        readings: {count: 2, days_between: 14}
      - id: constitution.amend        # "at two successive meetings, or at one meeting by a
        readings: {count: 2, or_at_one_meeting: two_thirds_cast}    # two-thirds majority"
    bodies:
      - id: convention
        motions: {deadline_days: 42, late_admission: two_thirds_cast, per_unit_limit: 3}

Following a motion through its readings, its late admission and the limit per unit is the
motions app's work (`minutebook.motions.rules`).
"""

from __future__ import annotations

from minutebook.charter.describe import threshold_words
from minutebook.charter.drafts import Draft, Problems
from minutebook.charter.readers import OPTIONAL, REQUIRED, read_threshold, reader, whole_number
from minutebook.charter.spec import MotionRules, Readings


def _check_motions(problems: Problems, draft: Draft) -> None:
    if draft.has("late_admission") and not draft.has("deadline_days"):
        problems.add(
            draft.at("late_admission"),
            "'late_admission' says how a late motion may still be admitted: give the "
            "'deadline_days' after which a motion is late",
        )


read_readings = reader(
    {
        "count": (REQUIRED, whole_number(2, "a number of readings")),
        "days_between": (OPTIONAL, whole_number(0, "a number of days between readings")),
        "or_at_one_meeting": (OPTIONAL, read_threshold),
    },
    "the readings ({count: 2, days_between: 14})",
)

read_motion_rules = reader(
    {
        "deadline_days": (OPTIONAL, whole_number(1, "a number of days before the meeting")),
        "late_admission": (OPTIONAL, read_threshold),
        "per_unit_limit": (OPTIONAL, whole_number(1, "a number of motions")),
    },
    "the rules on motions ({deadline_days: 7, late_admission: two_thirds_cast, ...})",
    after=_check_motions,
)


def assemble_readings(draft: Draft | None) -> Readings | None:
    if draft is None:
        return None
    return Readings(
        count=draft.get("count"),
        days_between=draft.get("days_between", 0),
        or_at_one_meeting=draft.get("or_at_one_meeting"),
    )


def assemble_motion_rules(draft: Draft | None) -> MotionRules:
    if draft is None:
        return MotionRules()
    return MotionRules(
        deadline_days=draft.get("deadline_days"),
        late_admission=draft.get("late_admission"),
        per_unit_limit=draft.get("per_unit_limit"),
    )


def motion_rules_words(rules: MotionRules) -> str:
    """A body's rules on motions in words, or "" when it has none."""
    parts = []
    if rules.deadline_days is not None:
        parts.append(f"motions are due {rules.deadline_days} days before the meeting")
        if rules.late_admission is None:
            parts.append("late ones are not admitted")
        else:
            parts.append(f"a late one is admitted only by {threshold_words(rules.late_admission)}")
    if rules.per_unit_limit is not None:
        parts.append(f"at most {rules.per_unit_limit} per unit for one meeting")
    return "; ".join(parts)


def readings_words(readings: Readings | None) -> str:
    """ "read 2 times at separate meetings, at least 14 days apart, voted on at the last", or "";
    with the alternative, "…; or adopted at one meeting by two-thirds of the votes cast…"."""
    if readings is None:
        return ""
    apart = f", at least {readings.days_between} days apart" if readings.days_between else ""
    words = f"read {readings.count} times at separate meetings{apart}, voted on at the last"
    if readings.or_at_one_meeting:
        words += f"; or adopted at one meeting by {threshold_words(readings.or_at_one_meeting)}"
    return words
