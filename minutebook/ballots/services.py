"""Ballots outside meetings: calling, opening, casting, closing, cancelling.

Each step is one transaction that locks the ballot's row and writes the journal. Opening and
closing happen at the ballot's times, by `ballots_tick` (run by the server every few seconds
and by `manage ballots_tick`); a cast is refused by the clock, not only by the status, so a
ballot past its closing time accepts nothing even before the tick has closed it.

The electorate is fixed when the ballot opens: the members holding a seat on the body that
day and in good standing (`BallotVoter`). A member who joins later cannot vote; a member on
the electorate keeps their vote until the close even if suspended meanwhile (the roll is the
roll at opening, as the standing rules of a ballot usually say).

Closing counts with the counting core: `minutebook.voting.motions.decide(threshold, ...)`
with `entire` = the electorate and `present` = those who took part; the ledger's own
competence check (which also applies the body's quorum to the turnout) must pass as well. An
adopted motion becomes a decision through `ledger.services.decision_record(meeting=None)`."""

from __future__ import annotations

import datetime as dt
import logging
import secrets
import uuid
from collections import Counter
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import Count
from django.utils import timezone

from minutebook.ballots import elections
from minutebook.ballots.access import bodies_calling_as, can_manage_ballot
from minutebook.ballots.models import (
    Ballot,
    BallotCandidate,
    BallotChoice,
    BallotKind,
    BallotPaper,
    BallotParticipation,
    BallotStatus,
    BallotVoter,
    NamedBallotVote,
)
from minutebook.ballots.selectors import (
    ballot_rules,
    calling_bodies,
    electorate_digest,
    paper_digests,
)
from minutebook.bodies.eligibility import rules_in_force, voters_entitled
from minutebook.bodies.models import Body, Seat
from minutebook.bodies.seat_rights import non_voting_member_ids
from minutebook.charter.ballots import BallotRules
from minutebook.charter.loader import load_charter
from minutebook.charter.models import Unit
from minutebook.charter.selectors import charter_in_force, charter_version_in_force
from minutebook.charter.spec import CharterInvalid
from minutebook.journal.services import journal_append
from minutebook.ledger.competence import Tally
from minutebook.ledger.models import Decision
from minutebook.ledger.services import (
    CHARTER_AMEND,
    DecisionRefused,
    decision_check,
    decision_procedure,
    decision_record,
    decision_step_record,
    step_bodies,
    step_body,
)
from minutebook.meetings import clock
from minutebook.members.models import Member, MembershipStatus
from minutebook.motions.models import Motion
from minutebook.motions.rules import (
    ballot_lateness,
    ballot_reading_problems,
    motion_rules,
    motion_unit_id,
)
from minutebook.motions.selectors import current_version
from minutebook.motions.services import (
    motion_ballot_cancelled,
    motion_ballot_decided,
    motion_ballot_recorded,
    motion_ballot_started,
)
from minutebook.votes.receipts import new_receipt_code, receipt_hash
from minutebook.voting.motions import decide

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class BallotCast:
    """What casting returns. `receipt_code` (secret ballots only) is shown to the voter once
    and stored nowhere."""

    ballot: Ballot
    voter: Member
    choice: str = ""
    receipt_code: str | None = None


def ballot_snapshot(ballot: Ballot) -> dict:
    return {
        "body": ballot.body.slug,
        "kind": ballot.kind,
        "title": ballot.title,
        "decision_type": ballot.decision_type,
        "secret": ballot.secret,
        "status": ballot.status,
        "threshold": ballot.threshold,
        "opens_at": ballot.opens_at.isoformat(),
        "closes_at": ballot.closes_at.isoformat(),
        "electorate": ballot.electorate,
        "turnout": ballot.turnout,
        "for": ballot.votes_for,
        "against": ballot.votes_against,
        "abstain": ballot.votes_abstain,
        "adopted": ballot.adopted,
    }


def _days(delta: dt.timedelta) -> str:
    return f"{delta.total_seconds() / 86400:g} day(s)"


def checked_call(
    *,
    actor,
    body: Body,
    opens_at: dt.datetime,
    closes_at: dt.datetime,
    kind: str,
    decision_type: str = "",
    calling_body=None,
) -> tuple[Body, dt.datetime, BallotRules]:
    """What every ballot's call must satisfy: the body decides by ballot, the actor may call
    one (in the name of `calling_body`, by default the first they may), the notice and the
    open period are the charter's for this kind of question and decision type (its
    `questions:` entries over the body's rules). Returns the calling body, the moment of the
    call and the rules that apply."""
    rules = ballot_rules(body)
    if rules is None or not rules.allowed:
        raise ValidationError(
            {"body": f"the charter does not let the {body.name} decide by ballot outside meetings"}
        )
    rules = rules.for_question(kind, decision_type)
    callers = bodies_calling_as(actor, body, kind, decision_type)
    if not callers:
        names = (
            ", ".join(caller.name for caller in calling_bodies(body, kind, decision_type))
            or "no body"
        )
        raise PermissionDenied(
            f"a ballot of the {body.name} is called by the secretary of {names}, "
            "or an administrator"
        )
    if calling_body is not None:
        if calling_body not in callers:
            raise PermissionDenied(f"you may not call a ballot in the name of {calling_body.name}")
    else:
        calling_body = callers[0]
    now = clock.now()
    earliest = now + dt.timedelta(days=rules.notice_days)
    if opens_at < earliest:
        raise ValidationError(
            {
                "opens_at": f"the charter requires {rules.notice_days} day(s) of notice: the "
                f"ballot may open at {timezone.localtime(earliest):%Y-%m-%d %H:%M} or later"
            }
        )
    period = closes_at - opens_at
    low = dt.timedelta(days=rules.min_open_days)
    high = dt.timedelta(days=rules.max_open_days) if rules.max_open_days is not None else None
    if period < low or (high is not None and period > high):
        raise ValidationError(
            {
                "closes_at": f"the charter keeps a ballot of the {body.name} open "
                f"{rules.open_period_words()}; this one would be open {_days(period)}"
            }
        )
    return calling_body, now, rules


@transaction.atomic
def ballot_call(
    *,
    actor,
    body: Body,
    title: str,
    opens_at: dt.datetime,
    closes_at: dt.datetime,
    decision_type: str = "",
    text: str = "",
    calling_body: Body | None = None,
    step_of: Decision | None = None,
    motion: Motion | None = None,
) -> Ballot:
    """Announce a ballot of the members of `body`, as the charter's `ballots:` rules on the
    body allow: called by one of `called_by` (its secretary) or an administrator, at least
    `notice_days` before it opens, open for a period the charter allows, on a decision type
    the body may take; secret or named as the charter says.

    With `step_of`, the ballot decides the step that decision waits for (a referendum
    ratifying what the congress adopted): `body` must be the body the charter names for it,
    the question is that decision, and the step's threshold applies.

    With `motion`, the ballot decides a submitted motion to `body` (its type and current
    text): its earlier readings at meetings, if the charter requires several, and the body's
    deadline and limit per unit for motions count as for a meeting (`_check_motion_rules`). A
    type read several times goes to a ballot only so."""
    if step_of is not None and motion is not None:
        raise ValidationError({"motion": "a ballot decides a motion or a step, not both"})
    if step_of is not None:
        decision_type = step_of.decision_type
    if motion is not None:
        if motion.body_id != body.pk:
            raise ValidationError(
                {"motion": f"motion {motion.pk} is a motion to the {motion.body.name}"}
            )
        decision_type, text = motion.decision_type, current_version(motion).text
        title = title or motion.title
    calling_body, now, rules = checked_call(
        actor=actor,
        body=body,
        opens_at=opens_at,
        closes_at=closes_at,
        kind=BallotKind.MOTION,
        decision_type=decision_type,
        calling_body=calling_body,
    )
    title = title.strip()
    if not title:
        raise ValidationError({"title": "a ballot needs a question or title"})
    if step_of is None:
        _check_motion_rules(body, decision_type, motion, opens_at, now)
    if step_of is not None:
        threshold, what = _step_to_decide(body, step_of, opens_at)
        text, decision_type = step_of.text, step_of.decision_type
    else:
        threshold, what = _motion_threshold(body, decision_type, text), title[:300]
    ballot = Ballot.objects.create(
        body=body,
        kind=BallotKind.MOTION,
        title=title[:300],
        text=text,
        decision_type=decision_type,
        charter_version=charter_version_in_force(),
        secret=rules.secret,
        threshold=threshold,
        called_by=actor,
        calling_body=calling_body,
        announced_at=now,
        opens_at=opens_at,
        closes_at=closes_at,
        step_of=step_of,
        motion=motion,
    )
    after = {**ballot_snapshot(ballot), "calling_body": calling_body.slug}
    if step_of is not None:
        after["step_of"] = step_of.reference
    if motion is not None:
        after["motion"] = motion.pk
        motion_ballot_started(actor=actor, motion=motion)
    journal_append(
        actor=actor,
        action="ballot.call",
        obj=ballot,
        summary=f"Ballot {ballot.pk} of the {body.name} announced by the {calling_body.name}: "
        f"{what}",
        after=after,
    )
    return ballot


def _check_motion_rules(
    body: Body, decision_type: str, motion: Motion | None, opens_at: dt.datetime, now
) -> None:
    """The charter's rules on motions, for a ballot deciding one (`minutebook.motions.rules`):
    a ballot is only ever a type's last reading, after the earlier ones at meetings; a motion
    submitted after the body's deadline before the ballot opens is late, and refused (a
    ballot has no meeting to admit it); the motions put to the body's ballots opening the
    same day count for their unit as motions to one meeting."""
    opens_on = timezone.localdate(opens_at)
    field = "motion" if motion is not None else "decision_type"
    problems = ballot_reading_problems(body, decision_type, motion, opens_on)
    if problems:
        raise ValidationError({field: problems})
    read = motion is not None and motion.readings.exists()
    submitted_on = timezone.localdate(motion.submitted_at if motion else now)
    late = None if read else ballot_lateness(body, submitted_on, opens_on)
    if late is not None:
        raise ValidationError({"opens_at": late})
    limit = motion_rules(body).per_unit_limit
    if motion is None or limit is None:
        return
    unit_id = motion_unit_id(motion)
    same_day = [
        ballot.motion
        for ballot in Ballot.objects.filter(body=body, motion__isnull=False)
        .exclude(status=BallotStatus.CANCELLED)
        .select_related("motion__proposing_body")
        if timezone.localdate(ballot.opens_at) == opens_on
    ]
    counted = [other for other in same_day if motion_unit_id(other) == unit_id]
    if len(counted) >= limit:
        unit = Unit.objects.filter(pk=unit_id).first()
        raise ValidationError(
            {
                "motion": f"the charter allows at most {limit} motion{'' if limit == 1 else 's'} "
                f"per unit to one sitting of the {body.name}, and its ballots opening on "
                f"{opens_on:%-d %B %Y} are one; {unit or 'this unit'} has {len(counted)} "
                "already"
            }
        )


def _motion_threshold(body: Body, decision_type: str, text: str) -> str:
    """The threshold of a motion the body decides by ballot: a decision type it may take (a
    `charter.amend` ballot's text must be the whole amended charter, valid)."""
    charter = charter_in_force()
    try:
        spec = charter.decision_type(decision_type)
    except KeyError:
        raise ValidationError(
            {"decision_type": f"the charter has no decision type '{decision_type}'"}
        ) from None
    competence = spec.competence_of(body.definition)
    if competence is None:
        allowed = ", ".join(charter.body(c.body).name for c in spec.competences)
        raise ValidationError(
            {
                "decision_type": f"{body.name} may not decide '{spec.name}': the charter gives "
                f"it to {allowed}"
            }
        )
    if decision_type == CHARTER_AMEND:
        try:
            load_charter(text, "the amended charter")
        except CharterInvalid as invalid:
            first = invalid.problems[0] if invalid.problems else "it does not load"
            raise ValidationError(
                {"text": f"the amended charter (the ballot's text) is not valid: {first}"}
            ) from None
    return competence.threshold


def _step_to_decide(body: Body, decision: Decision, opens_at: dt.datetime) -> tuple[str, str]:
    """The threshold of the step `decision` waits for, which `body` must be the one to take,
    and the step in words."""
    state = decision_procedure(decision, timezone.localdate(opens_at))
    current = state.current if state else None
    if current is None:
        raise ValidationError(
            {"step_of": f"{decision.reference} awaits no ratification, consent or veto"}
        )
    taker = step_body(decision, current.step)
    # A units step is taken by each unit concerned through its own body: any of those still
    # to answer may decide its answer by ballot. An outside approval is no one's ballot.
    takers = [taker] if taker is not None else step_bodies(decision, current)
    if body.pk not in {t.pk for t in takers}:
        name = (
            taker.name
            if taker
            else current.step.outside or ", ".join(t.name for t in takers) or current.step.body
        )
        raise ValidationError(
            {"body": f"the {current.step.kind.value} of {decision.reference} is for {name}"}
        )
    return current.step.threshold, f"the {current.step.kind.value} of {decision.reference}"


@transaction.atomic
def ballot_call_election(
    *,
    actor,
    body: Body,
    elects: Body,
    seats: int,
    method: str,
    candidates: list[Member],
    opens_at: dt.datetime,
    closes_at: dt.datetime,
    title: str = "",
    calling_body: Body | None = None,
) -> Ballot:
    """Announce an election by the members of `body` (an all-members body of a unit) of
    `seats` seats on `elects`, which the charter has those members elect, counted by `method`
    among `candidates` (members in good standing), on the body's ballot rules."""
    calling_body, now, rules = checked_call(
        actor=actor,
        body=body,
        opens_at=opens_at,
        closes_at=closes_at,
        kind=BallotKind.ELECTION,
        calling_body=calling_body,
    )
    method = elections.checked_election(
        body=body,
        elects=elects,
        seats=seats,
        method=method,
        candidates=candidates,
        day=timezone.localdate(closes_at),
    )
    ballot = Ballot.objects.create(
        body=body,
        kind=BallotKind.ELECTION,
        title=(title.strip() or f"Election to the {elects.name} ({seats} seat(s))")[:300],
        charter_version=charter_version_in_force(),
        secret=rules.secret,
        called_by=actor,
        calling_body=calling_body,
        announced_at=now,
        opens_at=opens_at,
        closes_at=closes_at,
        elects=elects,
        seats=seats,
        method=method,
    )
    BallotCandidate.objects.bulk_create(
        BallotCandidate(ballot=ballot, member=member) for member in candidates
    )
    journal_append(
        actor=actor,
        action="ballot.call",
        obj=ballot,
        summary=f"Election by ballot {ballot.pk} announced by the {calling_body.name}: "
        f"{ballot.title}",
        after={
            **ballot_snapshot(ballot),
            "calling_body": calling_body.slug,
            "elects": elects.slug,
            "seats": seats,
            "method": method,
            "candidates": [member.membership_number for member in candidates],
        },
    )
    return ballot


def _locked(ballot: Ballot) -> Ballot:
    return (
        Ballot.objects.select_for_update(of=("self",))
        .select_related("body__unit", "called_by")
        .get(pk=ballot.pk)
    )


def _refuse_unless(ballot: Ballot, status: str, rule: str) -> None:
    if ballot.status != status:
        raise ValidationError(
            {"ballot": f"the ballot is {ballot.get_status_display().lower()}: {rule}"}
        )


def _snapshot_electorate(ballot: Ballot, day: dt.date) -> int:
    """One `BallotVoter` row per member seated on the body that day with a vote and in good
    standing, in one statement: a referendum of 100,000 members is copied inside the database.
    Seats the charter gives voice but no vote (`voting: false`) are left out. Where the
    charter's eligibility rules ask more of a voter (dues, months of membership, age), only
    those they entitle (`bodies.eligibility.voters_entitled`) are written, from Python."""
    seats = Seat.objects.current(on=day).filter(body=ballot.body)
    try:
        spec = charter_in_force().body(ballot.body.definition)
    except KeyError:
        spec = None
    seated = (
        seats.filter(member__status=MembershipStatus.MEMBER)
        .exclude(member_id__in=non_voting_member_ids(spec, seats))
        .values("member_id")
        .distinct()
    )
    if rules_in_force().checks_vote:
        entitled = voters_entitled(ballot.body, seated.values_list("member_id", flat=True), day)
        BallotVoter.objects.bulk_create(
            (BallotVoter(ballot=ballot, member_id=pk) for pk in sorted(entitled)),
            batch_size=5000,
        )
        return len(entitled)
    select, parameters = seated.query.sql_with_params()
    voter = BallotVoter._meta
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {quote(voter.db_table)} ({quote('ballot_id')}, {quote('member_id')}) "
            f"SELECT %s, seated.member_id FROM ({select}) seated",
            [ballot.pk, *parameters],
        )
    return BallotVoter.objects.filter(ballot=ballot).count()


@transaction.atomic
def ballot_open(*, ballot: Ballot, actor=None) -> Ballot:
    """Open an announced ballot at (or after) its opening time, fixing its electorate. Run by
    the tick (no actor) or by someone who manages it."""
    ballot = _locked(ballot)
    if actor is not None and not can_manage_ballot(actor, ballot):
        raise PermissionDenied("ballots open at their time; only those who call them open one")
    _refuse_unless(ballot, BallotStatus.ANNOUNCED, "only an announced ballot opens")
    now = clock.now()
    if now < ballot.opens_at:
        raise ValidationError(
            {"ballot": f"the ballot opens at {timezone.localtime(ballot.opens_at):%Y-%m-%d %H:%M}"}
        )
    if now >= ballot.closes_at:
        raise ValidationError({"ballot": "the ballot's period ended before it could open"})
    before = ballot_snapshot(ballot)
    ballot.electorate = _snapshot_electorate(ballot, timezone.localdate(now))
    ballot.status = BallotStatus.OPEN
    ballot.opened_at = now
    ballot.save(update_fields=["electorate", "status", "opened_at"])
    journal_append(
        actor=actor,
        action="ballot.open",
        obj=ballot,
        summary=f"Ballot {ballot.pk} opened: {ballot.electorate} member(s) may vote",
        before=before,
        after={**ballot_snapshot(ballot), "electorate_sha256": electorate_digest(ballot)},
    )
    return ballot


def _held_open(ballot: Ballot) -> Ballot:
    """The ballot, held open until this transaction ends: closing waits for the papers being
    cast, which do not wait for each other (a shared lock on PostgreSQL)."""
    lock = " FOR SHARE" if connection.vendor == "postgresql" else ""
    table = connection.ops.quote_name(Ballot._meta.db_table)
    return Ballot.objects.raw(f"SELECT * FROM {table} WHERE id = %s{lock}", [ballot.pk])[0]


def _not_accepting(ballot: Ballot, now: dt.datetime) -> ValidationError:
    if ballot.status == BallotStatus.ANNOUNCED or now < ballot.opens_at:
        when = timezone.localtime(ballot.opens_at)
        return ValidationError({"ballot": f"the ballot opens at {when:%Y-%m-%d %H:%M}"})
    if ballot.status in (BallotStatus.CLOSED, BallotStatus.CANCELLED):
        return ValidationError({"ballot": f"the ballot is {ballot.get_status_display().lower()}"})
    when = timezone.localtime(ballot.closes_at)
    return ValidationError({"ballot": f"the ballot closed at {when:%Y-%m-%d %H:%M}"})


def _checked_choice(choice: str | None) -> str:
    try:
        return BallotChoice(choice).value
    except ValueError:
        raise ValidationError({"choice": "vote for, against or abstain"}) from None


@dataclass(frozen=True)
class CastRequest:
    """One vote to cast (see `ballot_cast_together`)."""

    actor: object
    choice: str | None = None
    ranking: list | None = None


Refusal = ValidationError | PermissionDenied


def ballot_cast(
    *, actor, ballot: Ballot, choice: str | None = None, ranking: list | None = None
) -> BallotCast:
    """A member of the electorate votes, once, while the ballot is open by the clock. For a
    secret ballot only THAT they voted is stored with their name; what they voted is stored
    apart, under a receipt code returned once."""
    (outcome,) = ballot_cast_together(ballot=ballot, requests=[CastRequest(actor, choice, ranking)])
    if isinstance(outcome, BallotCast):
        return outcome
    raise outcome


@transaction.atomic
def ballot_cast_together(
    *, ballot: Ballot, requests: list[CastRequest]
) -> list[BallotCast | Refusal]:
    """Cast several votes of one ballot in one transaction, each refused or accepted on its
    own exactly as `ballot_cast` would: when thousands vote at once, what arrived together
    costs the database a few statements instead of a few per vote."""
    ballot = _held_open(ballot)
    now = clock.now()
    if not ballot.accepting_votes(now):
        return [_not_accepting(ballot, now)] * len(requests)
    users = {r.actor.pk for r in requests if getattr(r.actor, "is_authenticated", False)}
    members = {m.user_id: m for m in Member.objects.filter(user_id__in=users)}
    on_roll = set(
        BallotVoter.objects.filter(
            ballot=ballot, member_id__in=[m.pk for m in members.values()]
        ).values_list("member_id", flat=True)
    )
    outcomes: list[BallotCast | Refusal | None] = []
    chosen: list[tuple[int, Member, str, list | None]] = []
    taken: set[int] = set()
    for position, request in enumerate(requests):
        member = members.get(request.actor.pk) if request.actor.pk in users else None
        if member is None or member.pk not in on_roll:
            outcomes.append(PermissionDenied("you are not on the electorate of this ballot"))
            continue
        try:
            if ballot.kind == BallotKind.ELECTION:
                choice, ranking = "", elections.election_ranking_check(ballot, request.ranking)
            else:
                choice, ranking = _checked_choice(request.choice), None
        except ValidationError as refusal:
            outcomes.append(refusal)
            continue
        if member.pk in taken:
            outcomes.append(_already())
            continue
        taken.add(member.pk)
        outcomes.append(None)
        chosen.append((position, member, choice, ranking))
    store = _store_papers if ballot.secret else _store_named_votes
    for position, outcome in store(ballot, requests, chosen, now):
        outcomes[position] = outcome
    return outcomes


def _already() -> ValidationError:
    return ValidationError({"ballot": "you have already voted in this ballot"})


def _record_participations(ballot: Ballot, voters: list[int]) -> set[int]:
    """Insert the participations the database does not hold yet, in one statement: the
    voters whose rows it took (the others had voted before)."""
    table = BallotParticipation._meta
    quote = connection.ops.quote_name
    if connection.vendor == "postgresql":
        rows = "SELECT %s, voter FROM unnest(%s::bigint[]) AS cast_vote(voter)"
        parameters = [ballot.pk, voters]
    else:
        rows = "VALUES " + ", ".join(["(%s, %s)"] * len(voters))
        parameters = [value for voter in voters for value in (ballot.pk, voter)]
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {quote(table.db_table)} ({quote('ballot_id')}, {quote('voter_id')}) "
            f"{rows} ON CONFLICT DO NOTHING RETURNING {quote('voter_id')}",
            parameters,
        )
        return {voter for (voter,) in cursor.fetchall()}


def _store_papers(ballot: Ballot, requests, chosen, now) -> list[tuple[int, BallotCast | Refusal]]:
    """THAT each member voted, with their name; WHAT they voted apart, under a receipt code.
    Not journaled one by one (thousands vote at once, and the journal's chain would make them
    queue): the entry closing the ballot fixes who took part and what the papers say by
    digest."""
    if not chosen:
        return []
    recorded = _record_participations(ballot, [member.pk for _, member, *_ in chosen])
    papers, outcomes = [], []
    for position, member, choice, ranking in chosen:
        if member.pk not in recorded:
            outcomes.append((position, _already()))
            continue
        code = new_receipt_code()
        papers.append(
            BallotPaper(
                ballot=ballot, choice=choice, ranking=ranking, receipt_hash=receipt_hash(code)
            )
        )
        outcomes.append((position, BallotCast(ballot, member, choice, code)))
    # Stored in no particular order: nothing about the rows follows who voted when.
    secrets.SystemRandom().shuffle(papers)
    BallotPaper.objects.bulk_create(papers)
    return outcomes


def _store_named_votes(
    ballot: Ballot, requests, chosen, now
) -> list[tuple[int, BallotCast | Refusal]]:
    outcomes = []
    for position, member, choice, ranking in chosen:
        try:
            with transaction.atomic():
                vote = NamedBallotVote.objects.create(
                    ballot=ballot, voter=member, choice=choice, ranking=ranking, cast_at=now
                )
        except IntegrityError:
            outcomes.append((position, _already()))
            continue
        journal_append(
            actor=requests[position].actor,
            action="ballot.cast",
            obj=vote,
            summary=f"{member} voted {choice or 'a ranking'} in ballot {ballot.pk}",
            after={
                "ballot": ballot.pk,
                "voter": member.membership_number,
                "choice": choice,
                "ranking": ranking,
            },
        )
        outcomes.append((position, BallotCast(ballot, member, choice)))
    return outcomes


def has_voted(ballot: Ballot, member: Member | None) -> bool:
    if member is None:
        return False
    model = BallotParticipation if ballot.secret else NamedBallotVote
    return model.objects.filter(ballot=ballot, voter=member).exists()


def _reshuffle_papers(ballot: Ballot) -> None:
    """Write the papers again in a random order under fresh keys, so that neither where nor in
    which transaction a paper is stored follows the order in which people voted."""
    rows = list(
        BallotPaper.objects.filter(ballot=ballot).values_list("choice", "ranking", "receipt_hash")
    )
    BallotPaper.objects.filter(ballot=ballot).delete()
    secrets.SystemRandom().shuffle(rows)
    BallotPaper.objects.bulk_create(
        (
            BallotPaper(id=uuid.uuid4(), ballot=ballot, choice=c, ranking=r, receipt_hash=h)
            for c, r, h in rows
        ),
        batch_size=5000,
    )


def _choices(ballot: Ballot) -> Counter:
    model = BallotPaper if ballot.secret else NamedBallotVote
    counts = model.objects.filter(ballot=ballot).order_by().values("choice").annotate(n=Count("pk"))
    return Counter({row["choice"]: row["n"] for row in counts})


@transaction.atomic
def ballot_close(*, ballot: Ballot, actor=None) -> Ballot:
    """Close an open ballot at (or after) its closing time and count it. A motion is adopted
    when the threshold is reached (`entire` = the electorate, `present` = the turnout) and
    the charter's check passes; it is then recorded in the ledger."""
    ballot = _locked(ballot)
    if actor is not None and not can_manage_ballot(actor, ballot):
        raise PermissionDenied("ballots close at their time; only those who call them close one")
    _refuse_unless(ballot, BallotStatus.OPEN, "only an open ballot closes")
    now = clock.now()
    if now < ballot.closes_at:
        when = timezone.localtime(ballot.closes_at)
        raise ValidationError({"ballot": f"the ballot is open until {when:%Y-%m-%d %H:%M}"})
    before = ballot_snapshot(ballot)
    ballot.status = BallotStatus.CLOSED
    ballot.closed_at = now
    model = BallotParticipation if ballot.secret else NamedBallotVote
    ballot.turnout = model.objects.filter(ballot=ballot).count()
    if ballot.secret:
        _reshuffle_papers(ballot)
    if ballot.kind == BallotKind.ELECTION:
        elections.election_count(ballot)
    else:
        _decide(ballot)
    ballot.save()
    after = ballot_snapshot(ballot)
    if ballot.secret:
        after.update(paper_digests(ballot))
    journal_append(
        actor=actor,
        action="ballot.close",
        obj=ballot,
        summary=f"Ballot {ballot.pk} closed: {ballot.explanation}",
        before=before,
        after=after,
    )
    if ballot.kind == BallotKind.ELECTION:
        elections.election_seat(ballot)
    elif ballot.step_of_id is not None or ballot.adopted:
        _record_in_ledger(ballot, actor)
    if ballot.motion_id is not None:
        motion_ballot_decided(
            actor=actor,
            motion=ballot.motion,
            adopted=bool(ballot.adopted),
            explanation=ballot.explanation,
            decision=ballot.decision,
        )
    return ballot


def _tally(ballot: Ballot) -> Tally:
    return Tally(
        votes_for=ballot.votes_for,
        votes_against=ballot.votes_against,
        votes_abstain=ballot.votes_abstain,
        present=ballot.turnout,
    )


def decided_on(ballot: Ballot) -> dt.date:
    return timezone.localdate(ballot.closes_at)


def _decide(ballot: Ballot) -> None:
    """Count the motion. A ballot on a step of a decision's procedure carries or not by the
    step's threshold alone: its charter rules are checked when the step is recorded."""
    counted = _choices(ballot)
    yes, no, abstain = (counted[c] for c in BallotChoice)
    ballot.votes_for, ballot.votes_against, ballot.votes_abstain = yes, no, abstain
    outcome = decide(
        ballot.threshold,
        yes=yes,
        no=no,
        abstain=abstain,
        present=ballot.turnout,
        entire=ballot.electorate,
    )
    explanation = f"{ballot.turnout} of {ballot.electorate} voted. {outcome.explanation}"
    if ballot.step_of_id is not None:
        ballot.adopted = outcome.adopted
        ballot.explanation = explanation
        return
    check = decision_check(
        body=ballot.body,
        decision_type=ballot.decision_type,
        decided_on=decided_on(ballot),
        tally=_tally(ballot),
        notice_given=True,
        by_ballot=True,
    )
    ballot.adopted = outcome.adopted and check.passed
    if outcome.adopted and not check.passed:
        failures = "; ".join(failure.message for failure in check.failures)
        explanation += f" Not adopted: the charter's check fails: {failures}."
    ballot.explanation = explanation


def _record_in_ledger(ballot: Ballot, actor) -> None:
    """Put the counted outcome in the ledger — an adopted motion as a decision, a ballot on a
    step of a decision's procedure as that step, carried or not — in the name of whoever
    closes it or else whoever called it, if they may still manage such a ballot (the software
    counted it, so no secretary of the voting body is needed: a Members' Referendum has
    none); otherwise it waits for one who may (`ballot_record_decision`)."""
    recorder = next(
        (p for p in (actor, ballot.called_by) if p is not None and can_manage_ballot(p, ballot)),
        None,
    )
    if recorder is None:
        ballot.recording_note = (
            f"Awaiting the secretary of the {ballot.calling_body.name} or an administrator to "
            "record the outcome in the ledger."
        )
        ballot.save(update_fields=["recording_note"])
        return
    _record_as(ballot, recorder)


def _record_as(ballot: Ballot, recorder) -> None:
    try:
        with transaction.atomic():
            if ballot.step_of_id is not None:
                ballot.step_record = decision_step_record(
                    actor=recorder,
                    decision=ballot.step_of,
                    body=ballot.body,
                    decided_on=decided_on(ballot),
                    tally=_tally(ballot),
                    counted_ballot=True,
                )
            else:
                ballot.decision = decision_record(
                    actor=recorder,
                    body=ballot.body,
                    decision_type=ballot.decision_type,
                    decided_on=decided_on(ballot),
                    title=ballot.title,
                    text=ballot.text,
                    tally=_tally(ballot),
                    notice_given=True,
                    meeting=None,
                    new_charter_text=ballot.text if ballot.decision_type == CHARTER_AMEND else None,
                    new_charter_source=f"ballot {ballot.pk}",
                    counted_ballot=True,
                )
    except (DecisionRefused, ValidationError) as refusal:
        ballot.recording_note = f"Not recorded in the ledger: {refusal}"
        ballot.save(update_fields=["recording_note"])
        return
    ballot.recording_note = ""
    ballot.save(update_fields=["decision", "step_record", "recording_note"])
    if ballot.motion_id is not None and ballot.decision is not None:
        motion_ballot_recorded(motion=ballot.motion, decision=ballot.decision)
    if ballot.step_record is not None:
        step = ballot.step_record
        summary = f"Ballot {ballot.pk} recorded as the {step.kind} of {ballot.step_of.reference}"
        after = {"step_of": ballot.step_of.reference, "carried": step.carried}
    else:
        summary = f"Ballot {ballot.pk} recorded in the ledger as {ballot.decision.reference}"
        after = {"decision": ballot.decision.reference}
    journal_append(actor=recorder, action="ballot.record", obj=ballot, summary=summary, after=after)


@transaction.atomic
def ballot_record_decision(*, actor, ballot: Ballot) -> Ballot:
    """Whoever may manage the ballot (the calling body's secretary, an administrator)
    records what closing could not (nobody who may manage it closed or called it, or the
    ledger refused it then): an adopted motion, or the outcome of a step, carried or not."""
    ballot = _locked(ballot)
    if not can_manage_ballot(actor, ballot):
        raise PermissionDenied(
            f"only the secretary of {ballot.calling_body.name} or an administrator records it"
        )
    recordable = ballot.adopted or ballot.step_of_id is not None
    if ballot.status != BallotStatus.CLOSED or not recordable or _recorded(ballot):
        raise ValidationError({"ballot": "only a counted ballot not yet recorded is recorded"})
    _record_as(ballot, actor)
    if not _recorded(ballot):
        raise ValidationError({"ballot": ballot.recording_note})
    return ballot


def _recorded(ballot: Ballot) -> bool:
    return ballot.decision_id is not None or ballot.step_record_id is not None


@transaction.atomic
def ballot_cancel(*, actor, ballot: Ballot, reason: str) -> Ballot:
    """Those who may call the ballot cancel it before it closes, with a reason: nothing is
    counted; its papers are rewritten as at closing."""
    ballot = _locked(ballot)
    if not can_manage_ballot(actor, ballot):
        raise PermissionDenied("only those who may call a ballot of this body cancel one")
    if ballot.status not in (BallotStatus.ANNOUNCED, BallotStatus.OPEN):
        raise ValidationError({"ballot": f"the ballot is {ballot.get_status_display().lower()}"})
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "say why the ballot is cancelled"})
    before = ballot_snapshot(ballot)
    ballot.status = BallotStatus.CANCELLED
    ballot.closed_at = clock.now()
    ballot.cancelled_by = actor
    ballot.cancel_reason = reason
    ballot.explanation = f"Cancelled: {reason}"
    ballot.save(
        update_fields=["status", "closed_at", "cancelled_by", "cancel_reason", "explanation"]
    )
    if ballot.secret:
        _reshuffle_papers(ballot)
    if ballot.motion_id is not None:
        motion_ballot_cancelled(actor=actor, motion=ballot.motion)
    journal_append(
        actor=actor,
        action="ballot.cancel",
        obj=ballot,
        summary=f"Ballot {ballot.pk} cancelled: {reason}",
        before=before,
        after=ballot_snapshot(ballot),
    )
    return ballot


@dataclass(frozen=True)
class TickReport:
    opened: list[int]
    closed: list[int]
    failed: list[tuple[int, str]]


def ballots_tick() -> TickReport:
    """Open the announced ballots whose time has come and close the open ones whose time is
    up, each in its own transaction. Idempotent: run it as often as you like, from several
    processes at once (a ballot another process has just moved is passed over)."""
    now = clock.now()
    report = TickReport([], [], [])
    due_to_open = Ballot.objects.filter(
        status=BallotStatus.ANNOUNCED, opens_at__lte=now, closes_at__gt=now
    ).values_list("pk", flat=True)
    for pk in list(due_to_open):
        _tick_one(pk, ballot_open, BallotStatus.ANNOUNCED, report.opened, report.failed)
    due_to_close = Ballot.objects.filter(status=BallotStatus.OPEN, closes_at__lte=now).values_list(
        "pk", flat=True
    )
    for pk in list(due_to_close):
        _tick_one(pk, ballot_close, BallotStatus.OPEN, report.closed, report.failed)
    return report


def _tick_one(pk: int, step, status: str, done: list[int], failed: list) -> None:
    ballot = Ballot.objects.filter(pk=pk, status=status).first()
    if ballot is None:
        return  # moved meanwhile by another process
    try:
        step(ballot=ballot)
    except ValidationError as refusal:
        if Ballot.objects.filter(pk=pk, status=status).exists():
            failed.append((pk, "; ".join(refusal.messages)))
            log.warning("ballot %s: %s", pk, refusal)
        return
    done.append(pk)
