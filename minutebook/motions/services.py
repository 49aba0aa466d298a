"""The life of a motion and its amendments, one service per step.

    submitted → admitted → debated → voted → adopted / rejected
        ↘ withdrawn (by the authors, before the vote)   ↘ referred (by the meeting)

Each service checks who acts and from which state, changes the state in one transaction with
the motion's row locked, and journals the change. The vote itself belongs to
`minutebook.votes.services`, which calls the `*_vote_*` functions here inside its own
transaction when a vote on a motion or an amendment opens, is cancelled or closes.

An adopted motion becomes a decision in the ledger by itself (`motion_record_decision`):
the final text, the tally of the vote, the meeting, the day of the meeting, and the notice as
`motion_notice_given` derives it. The chair who closes the vote records it, whether or not
they are the body's secretary (`can_record_motion`); a motion adopted before that was so, or
left unrecorded once its meeting closed, waits for the secretary's one click, which records
exactly the same decision."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from minutebook.bodies.access import can_record_for_body, member_of
from minutebook.bodies.models import Body
from minutebook.charter.loader import load_charter
from minutebook.charter.models import Unit
from minutebook.charter.spec import CharterInvalid
from minutebook.journal.services import journal_append
from minutebook.ledger.competence import Tally
from minutebook.ledger.models import Decision
from minutebook.ledger.services import CHARTER_AMEND, decision_check, decision_record
from minutebook.live.publish import publish
from minutebook.meetings.access import can_chair_meeting
from minutebook.meetings.models import AgendaItem, Meeting, MeetingStatus
from minutebook.meetings.selectors import present_voters, voting_seat_holders
from minutebook.members.models import Member
from minutebook.motions.access import (
    can_record_motion,
    is_author,
    may_enter_for,
    may_propose_to,
    may_withdraw_motion,
)
from minutebook.motions.models import (
    AMENDMENT_BEFORE_VOTE,
    MOTION_BEFORE_VOTE,
    Amendment,
    AmendmentSponsor,
    AmendmentStatus,
    LateAdmission,
    Motion,
    MotionReading,
    MotionSponsor,
    MotionStatus,
    MotionVersion,
    SponsorRole,
)
from minutebook.motions.rules import (
    Lateness,
    lateness,
    member_unit_id,
    motion_rules,
    motion_unit_id,
    motions_of_unit,
    ordinal,
    reading_problems,
    readings_state,
)
from minutebook.motions.selectors import (
    current_version,
    meeting_day,
    motion_notice_given,
    pending_amendments,
)
from minutebook.voting.motions import decide

# The competence check's rules that say whether a motion may be put to this body at all. The
# others (quorum, threshold, notice) depend on the meeting and the vote, checked when it opens.
STRUCTURAL_RULES = frozenset(
    {
        "unchartered_body",
        "unknown_type",
        "wrong_body",
        "rescind_target",
        "ends_type",
        "ends_closed",
        "rescind_competence",
        "rescind_authority",
    }
)
# The rules that a vote on the motion would break as things stand, apart from the count.
# A type the body takes only by ballot: it may still be moved (and put to a ballot), not voted.
PRE_VOTE_RULES = STRUCTURAL_RULES | {"notice", "by_ballot_only"}
# The input a structural failure is about; the others are about `ends`.
RULE_FIELDS = {
    "unchartered_body": "body",
    "unknown_type": "decision_type",
    "wrong_body": "decision_type",
}


def _locked(model, pk):
    return model.objects.select_for_update(of=("self",)).get(pk=pk)


def _names(members: Iterable[Member]) -> list[str]:
    return [member.membership_number for member in members]


def motion_snapshot(motion: Motion) -> dict:
    return {
        "body": motion.body.slug,
        "meeting": motion.meeting_id,
        "agenda_item": motion.agenda_item_id,
        "decision_type": motion.decision_type,
        "title": motion.title,
        "status": motion.status,
        "ends": motion.ends.reference if motion.ends_id else None,
        "proposing_body": motion.proposing_body.slug if motion.proposing_body_id else None,
        "referred_to": motion.referred_to.slug if motion.referred_to_id else None,
        "decision": motion.decision.reference if motion.decision_id else None,
    }


def _announce(motion: Motion, what: str) -> None:
    """Tell the meeting's participants that its motions changed (pages listening for the
    "motions" topic refresh their list)."""
    if motion.meeting_id:
        publish(
            motion.meeting_id,
            "motions",
            data={"motion": motion.pk, "status": motion.status, "event": what},
        )


def _check_structure(
    *, body: Body, decision_type: str, ends: Decision | None, day: dt.date, rules=STRUCTURAL_RULES
):
    """The failures of the competence check among `rules`, for a motion of this type to this
    body: the check is the ledger's, so a motion is refused with the charter's own words."""
    check = decision_check(
        body=body,
        decision_type=decision_type,
        decided_on=day,
        tally=Tally(votes_for=1, votes_against=0),
        notice_given=False,
        ends=ends,
    )
    return [failure for failure in check.failures if failure.rule in rules]


def _check_authors(body: Body, authors: list[Member], field: str = "authors") -> None:
    if not authors:
        raise ValidationError({field: "a motion needs at least one author"})
    for member in authors:
        if not may_propose_to(member, body):
            raise ValidationError(
                {
                    field: f"{member} cannot author a motion to {body.name}: only members in "
                    "good standing who may read its records can"
                }
            )


def _check_charter_text(decision_type: str, text: str, field: str = "text") -> None:
    """A charter amendment's text is the whole amended charter, which must load."""
    if decision_type != CHARTER_AMEND:
        return
    try:
        load_charter(text, "amended charter")
    except CharterInvalid as invalid:
        raise ValidationError({field: [str(problem) for problem in invalid.problems]}) from None


def _check_meeting(body: Body, meeting: Meeting | None, agenda_item: AgendaItem | None) -> None:
    if agenda_item is not None and (meeting is None or agenda_item.meeting_id != meeting.pk):
        raise ValidationError({"agenda_item": "that agenda item is not on this meeting's agenda"})
    if meeting is None:
        return
    if meeting.body_id != body.pk:
        raise ValidationError({"meeting": f"that meeting is not a meeting of {body.name}"})
    meeting.refuse_if_over()


@transaction.atomic
def motion_submit(
    *,
    actor,
    body: Body,
    decision_type: str,
    title: str,
    text: str,
    authors: list[Member],
    meeting: Meeting | None = None,
    agenda_item: AgendaItem | None = None,
    ends: Decision | None = None,
    proposing_body: Body | None = None,
) -> Motion:
    """Submit a motion to a body, moved by its authors (members) or by `proposing_body`.

    The decision type must be one the charter lets the body take (the refusal names the body
    that may), an `ends` decision one the body may rescind or amend. The submitter is one of
    the authors, the proposing body's secretary, or the body's secretary or an administrator
    entering it for its authors. Raises PermissionDenied or ValidationError."""
    authors = list(dict.fromkeys(authors))
    if proposing_body is not None:
        if not can_record_for_body(actor, proposing_body):
            raise PermissionDenied(
                f"only the secretary of {proposing_body.name} moves motions in its name"
            )
    else:
        member = member_of(actor)
        if not (member in authors or may_enter_for(actor, body)):
            raise PermissionDenied(
                "submit motions you author yourself; the body's secretary enters motions "
                "handed in by others"
            )
    if not body.is_active:
        raise ValidationError({"body": f"{body.name} cannot take decisions"})
    title, text = title.strip(), text.strip()
    if not title:
        raise ValidationError({"title": "a motion needs a title"})
    if not text:
        raise ValidationError({"text": "a motion needs a text"})
    _check_authors(body, authors)
    _check_meeting(body, meeting, agenda_item)
    day = meeting_day(meeting) if meeting else timezone.localdate()
    failures = _check_structure(body=body, decision_type=decision_type, ends=ends, day=day)
    if failures:
        errors: dict[str, list[str]] = {}
        for failure in failures:
            articles = f" (articles: {', '.join(failure.articles)})" if failure.articles else ""
            errors.setdefault(RULE_FIELDS.get(failure.rule, "ends"), []).append(
                failure.message + articles
            )
        raise ValidationError(errors)
    _check_charter_text(decision_type, text)
    if meeting is not None:
        if proposing_body is not None:
            unit_id = proposing_body.unit_id
        else:
            unit_id = member_unit_id(authors[0].pk, timezone.localdate())
        _check_unit_limit(body, meeting, unit_id)

    now = timezone.now()
    motion = Motion.objects.create(
        body=body,
        meeting=meeting,
        agenda_item=agenda_item,
        decision_type=decision_type,
        title=title,
        ends=ends,
        proposing_body=proposing_body,
        submitted_by=actor,
        submitted_at=now,
    )
    MotionVersion.objects.create(motion=motion, number=1, text=text, created_at=now)
    MotionSponsor.objects.bulk_create(
        MotionSponsor(motion=motion, member=member, role=SponsorRole.AUTHOR, signed_at=now)
        for member in authors
    )
    journal_append(
        actor=actor,
        action="motion.submit",
        obj=motion,
        summary=f"Motion {motion.pk} submitted to {body.name}: {title}",
        after={**motion_snapshot(motion), "text": text, "authors": _names(authors)},
    )
    _announce(motion, "submitted")
    return motion


def _check_unit_limit(
    body: Body, meeting: Meeting, unit_id: int | None, *, motion: Motion | None = None
) -> None:
    """At most the body's `per_unit_limit` motions (not withdrawn) for one meeting count for
    one unit: the proposing body's, or the first author's."""
    limit = motion_rules(body).per_unit_limit
    if limit is None:
        return
    counted = motions_of_unit(meeting, unit_id, excluding=motion.pk if motion else None)
    if len(counted) >= limit:
        unit = Unit.objects.filter(pk=unit_id).first()
        raise ValidationError(
            {
                "meeting": f"the charter allows at most {limit} motion{'' if limit == 1 else 's'} "
                f"per unit to one meeting of {body.name}; {unit or 'this unit'} has "
                f"{len(counted)} for {meeting.title} already"
            }
        )


@transaction.atomic
def motion_cosponsor(*, actor, motion: Motion) -> MotionSponsor:
    """The acting member signs the motion as a co-sponsor, before it is put to the vote."""
    motion = _locked(Motion, motion.pk)
    member = member_of(actor)
    if not may_propose_to(member, motion.body):
        raise PermissionDenied(
            f"only members in good standing who may read the records of {motion.body.name} "
            "sign its motions"
        )
    if motion.status not in MOTION_BEFORE_VOTE:
        raise ValidationError({"motion": f"the motion is {motion.get_status_display().lower()}"})
    try:
        with transaction.atomic():
            sponsor = MotionSponsor.objects.create(
                motion=motion, member=member, role=SponsorRole.COSPONSOR, signed_at=timezone.now()
            )
    except IntegrityError:
        raise ValidationError({"motion": "you already support this motion"}) from None
    journal_append(
        actor=actor,
        action="motion.cosponsor",
        obj=motion,
        summary=f"{member} co-sponsors motion {motion.pk}",
        after={"cosponsor": member.membership_number},
    )
    return sponsor


def _transition(actor, motion: Motion, status: str, action: str, summary: str, **changes):
    before = motion_snapshot(motion)
    motion.status = status
    for field, value in changes.items():
        setattr(motion, field, value)
    motion.save(update_fields=["status", *changes])
    journal_append(
        actor=actor,
        action=action,
        obj=motion,
        summary=summary,
        before=before,
        after=motion_snapshot(motion),
    )
    _announce(motion, action.split(".")[-1])
    return motion


def _require_state(obj, allowed, doing: str) -> None:
    if obj.status not in allowed:
        raise ValidationError(
            {"status": f"cannot {doing}: it is {obj.get_status_display().lower()}"}
        )


@transaction.atomic
def motion_admit(
    *,
    actor,
    motion: Motion,
    meeting: Meeting,
    agenda_item: AgendaItem,
    late_votes: Tally | None = None,
) -> Motion:
    """The chair or secretary admits a submitted motion to an item of a meeting's agenda.

    A motion submitted after the body's deadline for this meeting is late: it is admitted only
    at the open meeting, with `late_votes`, the counts of the meeting's procedural vote, reaching
    the charter's `late_admission` majority; they are kept with the admission."""
    motion = _locked(Motion, motion.pk)
    if not can_chair_meeting(actor, meeting):
        raise PermissionDenied("only the chair or the secretary admits motions to the agenda")
    _require_state(motion, (MotionStatus.SUBMITTED,), "admit the motion")
    if agenda_item is None:
        raise ValidationError({"agenda_item": "admit the motion to an item of the agenda"})
    _check_meeting(motion.body, meeting, agenda_item)
    if motion.meeting_id != meeting.pk:
        _check_unit_limit(motion.body, meeting, motion_unit_id(motion), motion=motion)
    late = lateness(motion, meeting)
    if late is None and late_votes is not None:
        raise ValidationError(
            {"late_votes": "the motion is in time: it needs no vote to be admitted"}
        )
    if late is not None:
        _admit_late(actor, motion, meeting, late, late_votes)
    return _transition(
        actor,
        motion,
        MotionStatus.ADMITTED,
        "motion.admit",
        f"Motion {motion.pk} admitted to item {agenda_item.position} of {meeting.title}",
        meeting=meeting,
        agenda_item=agenda_item,
    )


def _admit_late(
    actor, motion: Motion, meeting: Meeting, late: Lateness, votes: Tally | None
) -> None:
    if late.late_admission is None or votes is None:
        raise ValidationError(
            {
                "late_votes": late.words
                + ("" if late.late_admission is None else ": enter the counts")
            }
        )
    if meeting.status != MeetingStatus.OPEN:
        raise ValidationError(
            {"late_votes": f"{late.words}: admit it at the meeting, once it is open"}
        )
    try:
        outcome = decide(
            late.late_admission,
            yes=votes.votes_for,
            no=votes.votes_against,
            abstain=votes.votes_abstain or 0,
            present=len(present_voters(meeting)),
            entire=voting_seat_holders(meeting).count(),
        )
    except (TypeError, ValueError) as error:
        raise ValidationError({"late_votes": f"the counts do not add up: {error}"}) from None
    if not outcome.adopted:
        raise ValidationError(
            {"late_votes": f"{late.words}; the vote did not reach it: {outcome.explanation}"}
        )
    admission = LateAdmission.objects.create(
        motion=motion,
        meeting=meeting,
        threshold=late.late_admission,
        votes_for=votes.votes_for,
        votes_against=votes.votes_against,
        votes_abstain=votes.votes_abstain or 0,
        explanation=outcome.explanation,
        admitted_by=actor,
        admitted_at=timezone.now(),
    )
    journal_append(
        actor=actor,
        action="motion.admit_late",
        obj=motion,
        summary=f"Late motion {motion.pk} admitted by the vote of {meeting.title}: "
        f"{outcome.explanation}",
        after={
            "meeting": meeting.pk,
            "days_before": late.days_before,
            "deadline_days": late.deadline_days,
            "threshold": admission.threshold,
            "for": admission.votes_for,
            "against": admission.votes_against,
            "abstain": admission.votes_abstain,
        },
    )


@transaction.atomic
def motion_read(*, actor, motion: Motion, meeting: Meeting) -> MotionReading:
    """The chair records a reading of the motion, other than its last, at the open meeting it
    is admitted to. The motion then goes back to 'submitted', off the agenda, to be admitted
    to a later meeting of the body for its next reading: at least the charter's days after
    this one. The last reading is the meeting that votes on it."""
    motion = _locked(Motion, motion.pk)
    if not can_chair_meeting(actor, meeting):
        raise PermissionDenied("only the chair records the reading of a motion")
    if motion.meeting_id != meeting.pk:
        raise ValidationError({"motion": "the motion is not on this meeting's agenda"})
    _require_state(motion, (MotionStatus.ADMITTED, MotionStatus.DEBATED), "read the motion")
    _require_open_meeting(motion)
    state = readings_state(motion)
    if state is None:
        raise ValidationError(
            {
                "motion": f"the charter reads '{motion.decision_type}' motions once: put it to the vote"
            }
        )
    rule_words = f"the charter requires {state.words} for '{motion.decision_type}'"
    if state.next_is_last:
        raise ValidationError(
            {
                "motion": f"{rule_words}: this is the motion's last reading, at which it is put "
                "to the vote"
            }
        )
    if any(reading.meeting_id == meeting.pk for reading in state.readings):
        raise ValidationError({"motion": f"{rule_words}: it was read at this meeting already"})
    day = meeting_day(meeting)
    if state.due_from is not None and day < state.due_from:
        raise ValidationError(
            {
                "motion": f"{rule_words}: the previous reading was on "
                f"{state.readings[-1].read_on:%-d %B %Y}, so the next is due from "
                f"{state.due_from:%-d %B %Y}"
            }
        )
    reading = MotionReading.objects.create(
        motion=motion,
        number=state.next_number,
        meeting=meeting,
        read_on=day,
        recorded_by=actor,
        recorded_at=timezone.now(),
    )
    journal_append(
        actor=actor,
        action="motion.read",
        obj=motion,
        summary=f"{ordinal(reading.number)} reading of motion {motion.pk} at {meeting.title}",
        after={"reading": reading.number, "meeting": meeting.pk, "read_on": day.isoformat()},
    )
    _announce(motion, "read")
    _transition(
        actor,
        motion,
        MotionStatus.SUBMITTED,
        "motion.carry",
        f"Motion {motion.pk} carried to a later meeting of {motion.body.name} for its "
        f"{ordinal(reading.number + 1)} reading",
        meeting=None,
        agenda_item=None,
    )
    return reading


def _require_open_meeting(motion: Motion) -> Meeting:
    meeting = Meeting.objects.get(pk=motion.meeting_id)
    if meeting.status != MeetingStatus.OPEN:
        raise ValidationError({"meeting": "the meeting is not open"})
    return meeting


@transaction.atomic
def motion_debate(*, actor, motion: Motion) -> Motion:
    """The chair opens the debate on an admitted motion, at the open meeting."""
    motion = _locked(Motion, motion.pk)
    if motion.meeting_id is None or not can_chair_meeting(actor, motion.meeting):
        raise PermissionDenied("only the chair opens the debate")
    _require_state(motion, (MotionStatus.ADMITTED,), "open the debate")
    _require_open_meeting(motion)
    return _transition(
        actor, motion, MotionStatus.DEBATED, "motion.debate", f"Debate on motion {motion.pk}"
    )


@transaction.atomic
def motion_withdraw(*, actor, motion: Motion, reason: str = "") -> Motion:
    """Its authors (or, for a body's motion, that body's secretary) withdraw the motion
    before it is put to the vote."""
    motion = _locked(Motion, motion.pk)
    if not may_withdraw_motion(actor, motion):
        raise PermissionDenied("only the motion's authors withdraw it")
    _require_state(motion, MOTION_BEFORE_VOTE, "withdraw the motion")
    summary = f"Motion {motion.pk} withdrawn" + (f": {reason.strip()}" if reason.strip() else "")
    return _transition(actor, motion, MotionStatus.WITHDRAWN, "motion.withdraw", summary)


@transaction.atomic
def motion_refer(*, actor, motion: Motion, to_body: Body, note: str = "") -> Motion:
    """The meeting refers the motion to a body or commission (recorded by the chair), instead
    of deciding it."""
    motion = _locked(Motion, motion.pk)
    if motion.meeting_id is None or not can_chair_meeting(actor, motion.meeting):
        raise PermissionDenied("only the chair records a referral by the meeting")
    _require_state(motion, (MotionStatus.ADMITTED, MotionStatus.DEBATED), "refer the motion")
    _require_open_meeting(motion)
    if not to_body.is_active:
        raise ValidationError({"to_body": f"{to_body.name} is not an active body of the charter"})
    if to_body.pk == motion.body_id:
        raise ValidationError({"to_body": "refer the motion to another body"})
    return _transition(
        actor,
        motion,
        MotionStatus.REFERRED,
        "motion.refer",
        f"Motion {motion.pk} referred to {to_body.name}",
        referred_to=to_body,
        referral_note=note.strip(),
    )


# Called by minutebook.votes.services, inside the vote's transaction.


def motion_vote_problems(motion: Motion, meeting: Meeting) -> list[str]:
    """What the charter's check says against deciding the motion at this meeting, apart from
    the quorum and the count: no notice for a type that needs it, an `ends` decision no longer
    open... The chair may still proceed; the vote and its decision are then irregular."""
    failures = _check_structure(
        body=motion.body,
        decision_type=motion.decision_type,
        ends=motion.ends,
        day=meeting_day(meeting),
        rules=PRE_VOTE_RULES,
    )
    notice = motion_notice_given(motion, meeting)
    problems = [failure.message for failure in failures if failure.rule != "notice" or not notice]
    return problems + reading_problems(motion, meeting)


def motion_vote_started(*, actor, motion: Motion, meeting: Meeting) -> Motion:
    """The motion goes to the vote: admitted (or debated) at this meeting, with no amendment
    still pending."""
    motion = _locked(Motion, motion.pk)
    if motion.meeting_id != meeting.pk:
        raise ValidationError({"motion": "the motion is not on this meeting's agenda"})
    _require_state(motion, (MotionStatus.ADMITTED, MotionStatus.DEBATED), "vote on the motion")
    pending = list(pending_amendments(motion).order_by("number"))
    if pending:
        numbers = ", ".join(str(amendment.number) for amendment in pending)
        raise ValidationError(
            {
                "motion": f"amendment{'s' if len(pending) > 1 else ''} {numbers} to this motion "
                "must be voted on or withdrawn first"
            }
        )
    return _transition(
        actor, motion, MotionStatus.VOTED, "motion.vote", f"Motion {motion.pk} put to the vote"
    )


def motion_vote_cancelled(*, actor, motion: Motion) -> Motion:
    motion = _locked(Motion, motion.pk)
    return _transition(
        actor,
        motion,
        MotionStatus.DEBATED,
        "motion.vote_cancel",
        f"Vote on motion {motion.pk} cancelled; the motion is back in debate",
    )


def motion_vote_decided(*, actor, motion: Motion, vote) -> Motion:
    """The closed vote adopted or rejected the motion. An adopted motion is recorded in the
    ledger at once: by the chair who closed the vote, or the body's secretary."""
    motion = _locked(Motion, motion.pk)
    _require_state(motion, (MotionStatus.VOTED,), "decide the motion")
    status = MotionStatus.ADOPTED if vote.adopted else MotionStatus.REJECTED
    _transition(
        actor,
        motion,
        status,
        f"motion.{status}",
        f"Motion {motion.pk} {status}: {vote.explanation}",
    )
    if vote.adopted and can_record_motion(actor, motion):
        motion_record_decision(actor=actor, motion=motion)
    return motion


# Called by minutebook.ballots.services, inside the ballot's transaction: a motion decided by a
# ballot of its body outside meetings (its last reading, where the charter requires several).


def motion_ballot_started(*, actor, motion: Motion) -> Motion:
    """The submitted motion is put to a ballot of its body: off any meeting's agenda, being
    voted on until the ballot closes."""
    motion = _locked(Motion, motion.pk)
    _require_state(motion, (MotionStatus.SUBMITTED,), "put the motion to a ballot")
    return _transition(
        actor,
        motion,
        MotionStatus.VOTED,
        "motion.ballot",
        f"Motion {motion.pk} put to a ballot of the {motion.body.name}",
        meeting=None,
        agenda_item=None,
    )


def motion_ballot_cancelled(*, actor, motion: Motion) -> Motion:
    motion = _locked(Motion, motion.pk)
    return _transition(
        actor,
        motion,
        MotionStatus.SUBMITTED,
        "motion.ballot_cancel",
        f"Ballot on motion {motion.pk} cancelled; the motion is submitted again",
    )


def motion_ballot_decided(
    *, actor, motion: Motion, adopted: bool, explanation: str, decision: Decision | None
) -> Motion:
    """The closed ballot adopted or rejected the motion; an adopted one names its decision
    once the ballot is recorded in the ledger (`motion_ballot_recorded`)."""
    motion = _locked(Motion, motion.pk)
    _require_state(motion, (MotionStatus.VOTED,), "decide the motion")
    status = MotionStatus.ADOPTED if adopted else MotionStatus.REJECTED
    return _transition(
        actor,
        motion,
        status,
        f"motion.{status}",
        f"Motion {motion.pk} {status} by ballot: {explanation}",
        decision=decision if adopted else None,
    )


def motion_ballot_recorded(*, motion: Motion, decision: Decision) -> None:
    """The adopted motion's ballot was recorded in the ledger after it closed."""
    Motion.objects.filter(pk=motion.pk, status=MotionStatus.ADOPTED).update(decision=decision)


def decided_vote(motion: Motion):
    """The closed vote that decided the motion."""
    return motion.votes.filter(status="closed").order_by("-closed_at").first()


@transaction.atomic
def motion_record_decision(*, actor, motion: Motion) -> Decision:
    """Record the adopted motion in the ledger: the final text, the vote's tally, the meeting
    and its day, the notice the motion had. A vote the chair opened without quorum or despite
    a failed check is recorded as irregular with that reason; so is a motion the meeting
    adopted although the check fails for a reason that arose after the vote opened."""
    motion = _locked(Motion, motion.pk)
    if not can_record_motion(actor, motion):
        raise PermissionDenied(
            f"only the secretary of {motion.body.name} or an administrator records its "
            "decisions, or the chair while the meeting is open"
        )
    if motion.status != MotionStatus.ADOPTED:
        raise ValidationError({"motion": "only an adopted motion becomes a decision"})
    if motion.decision_id is not None:
        raise ValidationError({"motion": "the motion is already in the ledger"})
    vote = decided_vote(motion)
    meeting = vote.meeting
    day = meeting_day(meeting)
    tally = Tally(
        votes_for=vote.votes_for,
        votes_against=vote.votes_against,
        votes_abstain=vote.votes_abstain,
        present=vote.present,
    )
    notice_given = motion_notice_given(motion, meeting)
    text = current_version(motion).text
    reason = vote.irregular_reason
    check = decision_check(
        body=motion.body,
        decision_type=motion.decision_type,
        decided_on=day,
        tally=tally,
        notice_given=notice_given,
        ends=motion.ends,
    )
    if not check.passed and not reason:
        reason = (
            f"Adopted by the vote at {meeting.title} although the charter's check fails: "
            + "; ".join(failure.message for failure in check.failures)
        )
    decision = decision_record(
        actor=actor,
        body=motion.body,
        decision_type=motion.decision_type,
        decided_on=day,
        title=motion.title,
        text=text,
        tally=tally,
        notice_given=notice_given,
        ends=motion.ends,
        irregular_reason=reason,
        meeting=meeting,
        new_charter_text=text if motion.decision_type == CHARTER_AMEND else None,
        new_charter_source=f"motion {motion.pk}",
    )
    motion.decision = decision
    motion.save(update_fields=["decision"])
    journal_append(
        actor=actor,
        action="motion.record",
        obj=motion,
        summary=f"Motion {motion.pk} recorded as decision {decision.reference}",
        after={"decision": decision.reference, "vote": vote.pk},
    )
    _announce(motion, "recorded")
    return decision


# Amendments


def amendment_snapshot(amendment: Amendment) -> dict:
    return {
        "motion": amendment.motion_id,
        "number": amendment.number,
        "base_version": amendment.base_version.number,
        "status": amendment.status,
    }


def _check_amendable(motion: Motion) -> None:
    if motion.status not in MOTION_BEFORE_VOTE:
        raise ValidationError(
            {"motion": f"the motion is {motion.get_status_display().lower()}: it cannot be amended"}
        )


@transaction.atomic
def amendment_submit(
    *, actor, motion: Motion, text: str, authors: list[Member], rationale: str = ""
) -> Amendment:
    """Propose an amendment: the motion's whole text as it would read, with its authors."""
    motion = _locked(Motion, motion.pk)
    authors = list(dict.fromkeys(authors))
    if not (member_of(actor) in authors or may_enter_for(actor, motion.body)):
        raise PermissionDenied(
            "submit amendments you author yourself; the secretary enters those handed in by others"
        )
    _check_amendable(motion)
    _check_authors(motion.body, authors)
    text = text.strip()
    base = current_version(motion)
    if not text:
        raise ValidationError({"text": "give the motion's text as amended"})
    if text == base.text.strip():
        raise ValidationError({"text": "the amendment does not change the text"})
    _check_charter_text(motion.decision_type, text)
    number = (motion.amendments.aggregate(last=Max("number"))["last"] or 0) + 1
    now = timezone.now()
    amendment = Amendment.objects.create(
        motion=motion,
        number=number,
        base_version=base,
        text=text,
        rationale=rationale.strip(),
        submitted_by=actor,
        submitted_at=now,
    )
    AmendmentSponsor.objects.bulk_create(
        AmendmentSponsor(amendment=amendment, member=member, role=SponsorRole.AUTHOR, signed_at=now)
        for member in authors
    )
    journal_append(
        actor=actor,
        action="amendment.submit",
        obj=amendment,
        summary=f"Amendment {number} to motion {motion.pk} submitted",
        after={**amendment_snapshot(amendment), "text": text, "authors": _names(authors)},
    )
    _announce(motion, "amendment")
    return amendment


def _amendment_transition(actor, amendment: Amendment, status: str, action: str, summary: str):
    before = amendment_snapshot(amendment)
    amendment.status = status
    amendment.save(update_fields=["status"])
    journal_append(
        actor=actor,
        action=action,
        obj=amendment,
        summary=summary,
        before=before,
        after=amendment_snapshot(amendment),
    )
    _announce(amendment.motion, action)
    return amendment


def _locked_amendment(amendment: Amendment) -> Amendment:
    return (
        Amendment.objects.select_for_update(of=("self",))
        .select_related("motion__body", "motion__meeting", "base_version")
        .get(pk=amendment.pk)
    )


@transaction.atomic
def amendment_cosponsor(*, actor, amendment: Amendment) -> AmendmentSponsor:
    amendment = _locked_amendment(amendment)
    member = member_of(actor)
    if not may_propose_to(member, amendment.motion.body):
        raise PermissionDenied("only members who may propose to this body sign its amendments")
    _require_state(amendment, AMENDMENT_BEFORE_VOTE, "sign the amendment")
    try:
        with transaction.atomic():
            sponsor = AmendmentSponsor.objects.create(
                amendment=amendment,
                member=member,
                role=SponsorRole.COSPONSOR,
                signed_at=timezone.now(),
            )
    except IntegrityError:
        raise ValidationError({"amendment": "you already support this amendment"}) from None
    journal_append(
        actor=actor,
        action="amendment.cosponsor",
        obj=amendment,
        summary=f"{member} co-sponsors amendment {amendment.number} to motion {amendment.motion_id}",
        after={"cosponsor": member.membership_number},
    )
    return sponsor


@transaction.atomic
def amendment_withdraw(*, actor, amendment: Amendment) -> Amendment:
    amendment = _locked_amendment(amendment)
    if not is_author(actor, amendment.sponsors.all()):
        raise PermissionDenied("only the amendment's authors withdraw it")
    _require_state(amendment, AMENDMENT_BEFORE_VOTE, "withdraw the amendment")
    return _amendment_transition(
        actor,
        amendment,
        AmendmentStatus.WITHDRAWN,
        "amendment.withdraw",
        f"Amendment {amendment.number} to motion {amendment.motion_id} withdrawn",
    )


@transaction.atomic
def amendment_admit(*, actor, amendment: Amendment) -> Amendment:
    """The chair admits an amendment to the debate on its motion, which must be on the
    agenda of a meeting."""
    amendment = _locked_amendment(amendment)
    motion = amendment.motion
    if motion.meeting_id is None or not can_chair_meeting(actor, motion.meeting):
        raise PermissionDenied("only the chair of the motion's meeting admits amendments")
    _require_state(amendment, (AmendmentStatus.SUBMITTED,), "admit the amendment")
    if motion.status not in (MotionStatus.ADMITTED, MotionStatus.DEBATED):
        raise ValidationError({"motion": "admit the motion to the agenda first"})
    return _amendment_transition(
        actor,
        amendment,
        AmendmentStatus.ADMITTED,
        "amendment.admit",
        f"Amendment {amendment.number} to motion {motion.pk} admitted",
    )


@transaction.atomic
def amendment_restate(*, actor, amendment: Amendment, text: str) -> Amendment:
    """Its authors restate an amendment on the motion's current text, after another adopted
    amendment changed it."""
    amendment = _locked_amendment(amendment)
    if not is_author(actor, amendment.sponsors.all()):
        raise PermissionDenied("only the amendment's authors restate it")
    _require_state(amendment, AMENDMENT_BEFORE_VOTE, "restate the amendment")
    text = text.strip()
    base = current_version(amendment.motion)
    if not text or text == base.text.strip():
        raise ValidationError({"text": "the amendment must change the current text"})
    _check_charter_text(amendment.motion.decision_type, text)
    before = {**amendment_snapshot(amendment), "text": amendment.text}
    amendment.text = text
    amendment.base_version = base
    amendment.save(update_fields=["text", "base_version"])
    journal_append(
        actor=actor,
        action="amendment.restate",
        obj=amendment,
        summary=f"Amendment {amendment.number} to motion {amendment.motion_id} restated on "
        f"version {base.number}",
        before=before,
        after={**amendment_snapshot(amendment), "text": text},
    )
    return amendment


def amendment_vote_started(*, actor, amendment: Amendment, meeting: Meeting) -> Amendment:
    amendment = _locked_amendment(amendment)
    motion = amendment.motion
    if motion.meeting_id != meeting.pk:
        raise ValidationError({"amendment": "its motion is not on this meeting's agenda"})
    _require_state(amendment, (AmendmentStatus.ADMITTED,), "vote on the amendment")
    if motion.status not in (MotionStatus.ADMITTED, MotionStatus.DEBATED):
        raise ValidationError({"motion": f"the motion is {motion.get_status_display().lower()}"})
    if amendment.base_version_id != current_version(motion).pk:
        raise ValidationError(
            {
                "amendment": f"the motion's text has changed since amendment {amendment.number} "
                "was written: its authors must restate it on the current text"
            }
        )
    return _amendment_transition(
        actor,
        amendment,
        AmendmentStatus.VOTED,
        "amendment.vote",
        f"Amendment {amendment.number} to motion {motion.pk} put to the vote",
    )


def amendment_vote_cancelled(*, actor, amendment: Amendment) -> Amendment:
    amendment = _locked_amendment(amendment)
    return _amendment_transition(
        actor,
        amendment,
        AmendmentStatus.ADMITTED,
        "amendment.vote_cancel",
        f"Vote on amendment {amendment.number} to motion {amendment.motion_id} cancelled",
    )


def amendment_vote_decided(*, actor, amendment: Amendment, vote) -> Amendment:
    """An adopted amendment gives the motion its next version; a rejected one leaves it."""
    amendment = _locked_amendment(amendment)
    _require_state(amendment, (AmendmentStatus.VOTED,), "decide the amendment")
    motion = _locked(Motion, amendment.motion_id)
    status = AmendmentStatus.ADOPTED if vote.adopted else AmendmentStatus.REJECTED
    _amendment_transition(
        actor,
        amendment,
        status,
        f"amendment.{status}",
        f"Amendment {amendment.number} to motion {motion.pk} {status}: {vote.explanation}",
    )
    if vote.adopted:
        base = current_version(motion)
        version = MotionVersion.objects.create(
            motion=motion,
            number=base.number + 1,
            text=amendment.text,
            amendment=amendment,
            created_at=timezone.now(),
        )
        journal_append(
            actor=actor,
            action="motion.version",
            obj=motion,
            summary=f"Motion {motion.pk} version {version.number}, as amendment "
            f"{amendment.number} changed it",
            before={"version": base.number, "text": base.text},
            after={"version": version.number, "text": version.text, "amendment": amendment.pk},
        )
    return amendment
