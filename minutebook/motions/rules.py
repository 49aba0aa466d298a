"""What the charter's rules on motions say about one motion: its readings, whether it is late
for a meeting, the unit it counts for under a limit per unit.

The charter gives a decision type `readings: {count, days_between}` and a body
`motions: {deadline_days, late_admission, per_unit_limit}` (`minutebook.charter.motion_rules`).
The services (`minutebook.motions.services`) refuse what these rules forbid; pages and the API
show what they say."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from minutebook.bodies.models import Body
from minutebook.charter.describe import threshold_words
from minutebook.charter.selectors import charter_in_force
from minutebook.charter.spec import MotionRules, Readings
from minutebook.meetings.models import Meeting
from minutebook.meetings.selectors import meeting_day
from minutebook.members.models import UnitMembership
from minutebook.motions.models import Motion, MotionReading, MotionStatus


def ordinal(number: int) -> str:
    suffix = {1: "st", 2: "nd", 3: "rd"}.get(number % 10 if number % 100 not in (11, 12, 13) else 0)
    return f"{number}{suffix or 'th'}"


def readings_rule(motion: Motion) -> Readings | None:
    """The readings the charter requires for the motion's decision type, if any."""
    if not motion.body.chartered:
        return None
    try:
        return charter_in_force().decision_type(motion.decision_type).readings
    except KeyError:
        return None


def motion_rules(body: Body) -> MotionRules:
    """The body's rules on motions; none for a body the charter does not define."""
    if not body.chartered:
        return MotionRules()
    try:
        return charter_in_force().body(body.definition).motions
    except KeyError:
        return MotionRules()


@dataclass(frozen=True)
class ReadingsState:
    """Where a motion stands in its readings. `readings` are the earlier readings on record;
    the next one is number `next_number`, due from `due_from` (None: any meeting). The last
    reading is the meeting that votes on the motion."""

    rule: Readings
    readings: tuple[MotionReading, ...]

    @property
    def next_number(self) -> int:
        return len(self.readings) + 1

    @property
    def next_is_last(self) -> bool:
        return self.next_number >= self.rule.count

    @property
    def due_from(self) -> dt.date | None:
        if not self.readings:
            return None
        return self.readings[-1].read_on + dt.timedelta(days=self.rule.days_between)

    @property
    def early_vote_threshold(self) -> str | None:
        """The threshold of a vote before the last reading, where the charter allows one ("or
        at one meeting by a two-thirds majority"); None where the next reading is the last
        or the charter allows none."""
        return None if self.next_is_last else self.rule.or_at_one_meeting

    @property
    def words(self) -> str:
        between = (
            f", at least {self.rule.days_between} days apart" if self.rule.days_between else ""
        )
        words = f"{self.rule.count} readings at separate meetings{between}"
        if self.rule.or_at_one_meeting:
            words += (
                f" (or adoption at one meeting by {threshold_words(self.rule.or_at_one_meeting)})"
            )
        return words


def readings_state(motion: Motion) -> ReadingsState | None:
    rule = readings_rule(motion)
    if rule is None:
        return None
    readings = tuple(motion.readings.select_related("meeting").order_by("number"))
    return ReadingsState(rule=rule, readings=readings)


def reading_problems(motion: Motion, meeting: Meeting) -> list[str]:
    """What the readings rule says against reading the motion for the last time (putting it
    to the vote) at `meeting`."""
    state = readings_state(motion)
    if state is None or state.early_vote_threshold is not None:
        # No readings, or a vote now is the other way the charter allows: at one meeting, by
        # its own threshold (`minutebook.votes.services` puts it to the vote by that one).
        return []
    problems = []
    rule_words = f"the charter requires {state.words} for '{motion.decision_type}'"
    if not state.next_is_last:
        had = len(state.readings)
        problems.append(
            f"{rule_words}, the vote at the last; this motion has had {had} reading"
            f"{'' if had == 1 else 's'}: record its {ordinal(state.next_number)} reading "
            "instead of voting"
        )
    if any(reading.meeting_id == meeting.pk for reading in state.readings):
        problems.append(f"{rule_words}: the motion was read at this meeting already")
    day = meeting_day(meeting)
    if state.due_from is not None and day < state.due_from:
        problems.append(
            f"{rule_words}: the previous reading was on {state.readings[-1].read_on:%-d %B %Y}, "
            f"so the next is due from {state.due_from:%-d %B %Y}"
        )
    return problems


@dataclass(frozen=True)
class Lateness:
    """A motion submitted `days_before` whole days before the meeting's day, fewer than the
    body's `deadline_days`."""

    days_before: int
    deadline_days: int
    late_admission: str | None

    @property
    def words(self) -> str:
        when = f"{self.days_before} day{'' if self.days_before == 1 else 's'} before the meeting"
        rule = f"the charter's deadline is {self.deadline_days} days before the meeting"
        if self.days_before <= 0:
            when = "on the day of the meeting or later"
        if self.late_admission is None:
            return f"the motion was submitted {when}; {rule}, and late motions are not admitted"
        return (
            f"the motion was submitted {when}; {rule}, and a late motion is admitted only by "
            f"{threshold_words(self.late_admission)} in a vote of the meeting"
        )


def lateness(motion: Motion, meeting: Meeting) -> Lateness | None:
    """How late the motion is for `meeting`, or None if it is in time (or the body sets no
    deadline). A motion carried over after an earlier reading is never late: it was read."""
    rules = motion_rules(motion.body)
    if rules.deadline_days is None:
        return None
    submitted = timezone.localtime(motion.submitted_at).date()
    days_before = (meeting_day(meeting) - submitted).days
    if days_before >= rules.deadline_days or motion.readings.exists():
        return None
    return Lateness(days_before, rules.deadline_days, rules.late_admission)


def motion_unit_id(motion: Motion) -> int | None:
    """The unit a motion counts for under a limit per unit: its proposing body's unit, or the
    unit its first author belonged to when it was submitted (their earliest current one)."""
    if motion.proposing_body_id is not None:
        return motion.proposing_body.unit_id
    first = motion.sponsors.filter(role="author").order_by("signed_at", "pk").first()
    if first is None:
        return None
    return member_unit_id(first.member_id, timezone.localtime(motion.submitted_at).date())


def member_unit_id(member_id: int, day: dt.date) -> int | None:
    membership = (
        UnitMembership.objects.filter(member_id=member_id, since__lte=day)
        .exclude(until__lt=day)
        .order_by("since", "pk")
        .first()
    )
    return membership.unit_id if membership else None


def motions_of_unit(
    meeting: Meeting, unit_id: int | None, *, excluding: int | None = None
) -> list[Motion]:
    """The motions for `meeting` that count for the unit: not withdrawn."""
    motions = (
        Motion.objects.filter(meeting=meeting)
        .exclude(status=MotionStatus.WITHDRAWN)
        .exclude(pk=excluding)
        .select_related("proposing_body")
    )
    return [motion for motion in motions if motion_unit_id(motion) == unit_id]


# Ballots outside meetings (`minutebook.ballots.services` asks these when a ballot is called).
# A ballot is a reading only as the last one, the one that votes: the charter's "readings at
# separate meetings" are meetings, and a ballot is none. So a type read several times goes to a
# ballot only as a motion already read at the body's meetings, the earlier readings' days apart.


def type_readings(body: Body, decision_type: str) -> Readings | None:
    """The readings the charter requires for the decision type, if any, on a chartered body."""
    if not body.chartered:
        return None
    try:
        return charter_in_force().decision_type(decision_type).readings
    except KeyError:
        return None


def ballot_reading_problems(
    body: Body, decision_type: str, motion: Motion | None, opens_on: dt.date
) -> list[str]:
    """What the readings rule says against a ballot of `body`, opening on `opens_on`, deciding
    a decision of this type (on `motion`, if the ballot puts one to the members)."""
    rule = type_readings(body, decision_type)
    if rule is None:
        return []
    state = ReadingsState(rule=rule, readings=())
    if motion is not None:
        state = readings_state(motion) or state
    rule_words = (
        f"the charter requires {state.words} for '{decision_type}', the vote at the last; a "
        "ballot can only be the last"
    )
    earlier = rule.count - 1
    if motion is None:
        return [
            f"{rule_words}: put to the ballot a motion of the {body.name} read {earlier} "
            f"time{'' if earlier == 1 else 's'} at its meetings"
        ]
    problems = []
    if not state.next_is_last:
        had = len(state.readings)
        problems.append(
            f"{rule_words}; this motion has had {had} reading{'' if had == 1 else 's'}: its "
            f"{ordinal(state.next_number)} is at a meeting of the {body.name}"
        )
    if state.due_from is not None and opens_on < state.due_from:
        problems.append(
            f"{rule_words}; the previous reading was on {state.readings[-1].read_on:%-d %B %Y}, "
            f"so the ballot opens on {state.due_from:%-d %B %Y} or later"
        )
    return problems


def ballot_lateness(body: Body, submitted_on: dt.date, opens_on: dt.date) -> str | None:
    """Why a question submitted on `submitted_on` (the motion's day, or the call's) is late for
    a ballot of `body` opening on `opens_on`, or None. The body's deadline for motions counts
    back from the opening as from a meeting's day; a late motion is admitted only by a vote of
    a meeting, which a ballot has not: it is refused (put it to a later ballot)."""
    rules = motion_rules(body)
    if rules.deadline_days is None:
        return None
    days_before = (opens_on - submitted_on).days
    if days_before >= rules.deadline_days:
        return None
    return (
        f"the charter's deadline for motions to the {body.name} is {rules.deadline_days} days "
        f"before the vote, and this one was submitted {days_before} day"
        f"{'' if days_before == 1 else 's'} before the ballot opens; a late motion is admitted "
        "only by a vote of a meeting: let the ballot open on "
        f"{submitted_on + dt.timedelta(days=rules.deadline_days):%-d %B %Y} or later"
    )
