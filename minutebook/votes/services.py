"""Votes at a meeting: opening, casting, the roll call, closing, cancelling.

One service per step, each in one transaction that locks the vote's row: casting ballots and
closing the vote therefore never overlap, and a ballot is either counted or refused, never
lost. That every eligible person votes once is enforced by the database (unique constraints
on `NamedBallot` and `Participation`), whatever arrives at the same moment.

Opening a vote snapshots who may vote: the seat holders present, and the absent seat holders
whose proxies are present (`minutebook.meetings.selectors.present_voters`); the proxy casts
their vote. Without quorum, or when the charter's check already fails (a motion that needed
notice and had none...), the vote is refused unless the chair explicitly proceeds: then it is
marked irregular with the reasons, and so is the decision it leads to.

Closing counts the vote against the threshold of the motion's decision type (amendments: see
`minutebook.motions.selectors.amendment_threshold`) with `minutebook.voting.motions.decide`,
publishes the result and hands it to the motion, the amendment or the election."""

from __future__ import annotations

import random
import secrets
import uuid
from collections import Counter
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import Q
from django.utils import timezone

from minutebook.charter.selectors import charter_in_force
from minutebook.journal.services import journal_append
from minutebook.meetings.access import can_chair_meeting
from minutebook.meetings.models import Meeting, MeetingStatus
from minutebook.meetings.seat_rights import proxies_cast_in
from minutebook.meetings.selectors import (
    QuorumState,
    meeting_quorum,
    meeting_weights,
    present_attendance,
    present_voters,
    voting_seat_holders,
)
from minutebook.members.models import Member
from minutebook.motions.models import Amendment, Motion
from minutebook.motions.rules import readings_state
from minutebook.motions.selectors import amendment_threshold
from minutebook.motions.services import (
    amendment_vote_cancelled,
    amendment_vote_decided,
    amendment_vote_started,
    motion_vote_cancelled,
    motion_vote_decided,
    motion_vote_problems,
    motion_vote_started,
)
from minutebook.votes import elections
from minutebook.votes.live import publish_vote
from minutebook.votes.models import (
    ELECTRONIC_METHODS,
    Choice,
    Election,
    Eligibility,
    NamedBallot,
    Participation,
    SecretBallot,
    Vote,
    VoteMethod,
    VoteStatus,
)
from minutebook.votes.receipts import new_receipt_code, receipt_hash
from minutebook.votes.selectors import secret_ballot_digests
from minutebook.voting.motions import Threshold, decide


class VoteRefused(ValidationError):
    """The vote may not be opened as things stand (no quorum, a failed charter check); the
    chair may proceed anyway, which makes the vote irregular. `problems` says why."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__({"proceed": problems})


@dataclass(frozen=True)
class Cast:
    """What casting returns. `receipt_code` (secret ballots only) is shown to the voter once
    and stored nowhere."""

    vote: Vote
    voter: Member
    by_proxy: bool
    choice: str = ""
    receipt_code: str | None = None
    carries: int = 1  # how many votes the actor casts in this vote: their own and proxies
    weight: int = 1  # the votes this ballot counts for, where the charter weighs votes


def _locked_vote(vote: Vote) -> Vote:
    return (
        Vote.objects.select_for_update(of=("self",))
        .select_related("meeting__body", "motion", "amendment", "election")
        .get(pk=vote.pk)
    )


def _vote_held_open(vote: Vote) -> Vote:
    """The vote, held open until this transaction ends: closing it waits for the ballots
    being cast, which do not wait for each other (a shared lock; SQLite locks the whole
    database for every write anyway)."""
    lock = " FOR SHARE" if connection.vendor == "postgresql" else ""
    # One round trip: thousands cast at once. What the vote relates to loads when asked.
    return Vote.objects.raw(f"SELECT * FROM votes_vote WHERE id = %s{lock}", [vote.pk])[0]


def vote_snapshot(vote: Vote) -> dict:
    return {
        "meeting": vote.meeting_id,
        "question": vote.question,
        "method": vote.method,
        "status": vote.status,
        "threshold": vote.threshold,
        "present": vote.present,
        "seats_filled": vote.seats_filled,
        "quorum_required": vote.quorum_required,
        **({"weighted": True} if vote.weighted else {}),
        "irregular": vote.irregular,
        "irregular_reason": vote.irregular_reason,
        "for": vote.votes_for,
        "against": vote.votes_against,
        "abstain": vote.votes_abstain,
        "adopted": vote.adopted,
    }


def _type_quorum(body, type_id: str):
    """(the quorum, the type's name) where the charter gives the decision type, taken by the
    body, a quorum of its own."""
    if not body.chartered:
        return None
    try:
        spec = charter_in_force().decision_type(type_id)
    except KeyError:
        return None
    if spec.quorum is None or spec.competence_of(body.definition) is None:
        return None
    return spec.quorum, spec.name


def _motion_threshold(motion: Motion) -> str:
    """The type's threshold for the body; before the motion's last reading, the threshold by
    which the charter allows adopting it at one meeting instead (`or_at_one_meeting`)."""
    state = readings_state(motion)
    if state is not None and state.early_vote_threshold is not None:
        return state.early_vote_threshold
    try:
        spec = charter_in_force().decision_type(motion.decision_type)
    except KeyError:
        spec = None
    competence = spec.competence_of(motion.body.definition) if spec else None
    # Only reachable when the chair proceeds against a failed check: the charter gives the
    # body no threshold for this type, so the least demanding one is used and the vote, and
    # any decision, is irregular anyway.
    return competence.threshold if competence else Threshold.MAJORITY_CAST.value


# Elections are no decision type; where the charter defines a type `election` that the body
# may take, with a quorum of its own ("a quorum of 10% is required for all elections"), an
# election at the body's meeting needs that quorum (its threshold is not used: an election is
# counted by its method), as amendments take the threshold of `motion.amend`.
ELECTION_DECISION_TYPE = "election"


def _quorum_problem(
    meeting: Meeting, motion: Motion | None = None, election: Election | None = None
) -> tuple[list[str], object]:
    """The meeting's quorum; for a motion of a decision type with a quorum of its own (or an
    election, where the type `election` has one), that one instead, counted against the same
    seats filled and members present."""
    quorum = meeting_quorum(meeting)
    own = None
    if motion is not None:
        own = _type_quorum(motion.body, motion.decision_type)
    elif election is not None:
        own = _type_quorum(meeting.body, ELECTION_DECISION_TYPE)
    if own is not None:
        rule, name = own
        quorum = QuorumState(
            quorum.filled_seats,
            quorum.present,
            rule.required(quorum.filled_seats),
            f"{rule.describe()} for '{name}'",
        )
    if quorum.has_quorum:
        return [], quorum
    return [
        f"no quorum: {quorum.present} present, the charter requires {quorum.rule} "
        f"({quorum.required} of {quorum.filled_seats} seats filled)"
    ], quorum


@transaction.atomic
def vote_open(
    *,
    actor,
    meeting: Meeting,
    method: str,
    motion: Motion | None = None,
    amendment: Amendment | None = None,
    election: Election | None = None,
    proceed: bool = False,
    proceed_reason: str = "",
) -> Vote:
    """The chair opens a vote on one motion, amendment or election at the open meeting.

    Refused (VoteRefused) without quorum or when the charter's check already fails, unless
    `proceed`: then the vote is irregular, its reason naming what failed and `proceed_reason`.
    An election is voted by secret ballot; a motion only when no amendment to it is pending."""
    meeting = (
        Meeting.objects.select_for_update(of=("self",)).select_related("body").get(pk=meeting.pk)
    )
    if not can_chair_meeting(actor, meeting):
        raise PermissionDenied("only the chair opens a vote")
    if meeting.status != MeetingStatus.OPEN:
        raise ValidationError({"meeting": "votes are taken at an open meeting"})
    if sum(subject is not None for subject in (motion, amendment, election)) != 1:
        raise ValidationError({"question": "put one motion, amendment or election to the vote"})
    try:
        method = VoteMethod(method)
    except ValueError:
        raise ValidationError({"method": f"unknown voting method {method!r}"}) from None
    if Vote.objects.filter(meeting=meeting, status=VoteStatus.OPEN).exists():
        raise ValidationError({"meeting": "another vote is open: close it first"})

    problems: list[str] = []
    if motion is not None:
        motion = Motion.objects.select_related("body", "ends").get(pk=motion.pk)
        question = f"Motion {motion.pk}: {motion.title}"
        threshold = _motion_threshold(motion)
        problems += motion_vote_problems(motion, meeting)
    elif amendment is not None:
        amendment = Amendment.objects.select_related("motion__body").get(pk=amendment.pk)
        question = f"Amendment {amendment.number} to motion {amendment.motion_id}: {amendment.motion.title}"
        threshold = amendment_threshold(amendment.motion.body)
    else:
        if method != VoteMethod.SECRET:
            raise ValidationError({"method": "elections are held by secret ballot"})
        question = f"Election: {election.title}"
        threshold = ""
    quorum_problems, quorum = _quorum_problem(meeting, motion, election)
    problems = quorum_problems + problems + _irregular_voter_problems(meeting)
    proceed_reason = proceed_reason.strip()
    if problems and not proceed:
        raise VoteRefused(problems)

    # The question's own state moves on (and its own rules are checked) in this transaction.
    if motion is not None:
        motion_vote_started(actor=actor, motion=motion, meeting=meeting)
    elif amendment is not None:
        amendment_vote_started(actor=actor, amendment=amendment, meeting=meeting)
    else:
        elections.election_vote_started(actor=actor, election=election, meeting=meeting)

    irregular_reason = ""
    if problems:
        irregular_reason = "The chair proceeded although " + "; ".join(problems) + "."
        if proceed_reason:
            irregular_reason += f" Reason given: {proceed_reason}"
    # A vote the charter keeps proxies out of (`proxies: {not_for: [...]}`, a procedural vote)
    # is cast by those present in person only.
    by_proxy = proxies_cast_in(meeting, motion.decision_type if motion is not None else None)
    voters = sorted(present_voters(meeting, proxies=by_proxy))
    weights = meeting_weights(meeting, set(voters))
    try:
        with transaction.atomic():
            vote = Vote.objects.create(
                meeting=meeting,
                motion=motion,
                amendment=amendment,
                election=election,
                question=question[:400],
                method=method,
                threshold=threshold,
                opened_by=actor,
                opened_at=timezone.now(),
                seats_filled=weights.total if weights else voting_seat_holders(meeting).count(),
                present=weights.present if weights else len(voters),
                weighted=weights is not None,
                quorum_required=quorum.required,
                irregular=bool(irregular_reason),
                irregular_reason=irregular_reason,
            )
    except IntegrityError:
        raise ValidationError(
            {"meeting": "another vote is open, or this was voted already"}
        ) from None
    _snapshot_eligibility(vote, meeting, voters, weights.of_voter if weights else None)
    journal_append(
        actor=actor,
        action="vote.open",
        obj=vote,
        summary=f"Vote {vote.pk} opened ({vote.get_method_display().lower()}): {vote.question}"
        + (" (IRREGULAR)" if vote.irregular else ""),
        after={
            **vote_snapshot(vote),
            "eligible": list(
                Member.objects.filter(pk__in=voters).values_list("membership_number", flat=True)
            ),
            **(
                {
                    "weights": {
                        number: weights.of_voter.get(pk, 0)
                        for pk, number in Member.objects.filter(pk__in=voters).values_list(
                            "pk", "membership_number"
                        )
                    }
                }
                if weights
                else {}
            ),
        },
    )
    publish_vote(vote, "open")
    return vote


def _irregular_voter_problems(meeting: Meeting) -> list[str]:
    """The voters present whom the chair checked in although the charter's eligibility rules
    do not let them vote (`attendance_check_in(proceed=True)`): a vote with them is irregular."""
    voters = present_voters(meeting)
    return [
        f"{row.member} votes though not entitled ({row.irregular_reason})"
        for row in present_attendance(meeting)
        .filter(irregular=True, member_id__in=voters)
        .select_related("member")
    ]


def _snapshot_eligibility(
    vote: Vote, meeting: Meeting, voters: list[int], weights: dict[int, int] | None = None
) -> None:
    """One row per voter; a voter present in person casts their own vote, an absent one is
    represented by the attendee holding their proxy. `weights`: the votes each carries, where
    the charter weighs votes (else one each)."""
    in_person: set[int] = set()
    proxy_of: dict[int, int] = {}
    for member_id, proxy_for in present_attendance(meeting).values_list(
        "member_id", "proxy_for_id"
    ):
        in_person.add(member_id)
        if proxy_for is not None:
            proxy_of[proxy_for] = member_id
    Eligibility.objects.bulk_create(
        Eligibility(
            vote=vote,
            member_id=voter,
            proxy_id=None if voter in in_person else proxy_of.get(voter),
            weight=weights.get(voter, 0) if weights is not None else 1,
        )
        for voter in voters
    )


def has_voted(vote: Vote, member_id: int) -> bool:
    model = Participation if vote.is_secret else NamedBallot
    return model.objects.filter(vote=vote, voter_id=member_id).exists()


def voter_rows(vote: Vote, member: Member | None) -> list[Eligibility]:
    """The votes `member` casts in this vote: their own (when present in person) first, then
    those they carry as a proxy."""
    if member is None:
        return []
    return _voter_rows_of(vote, [member])[member.pk]


def _voter_rows_of(vote: Vote, members: list[Member]) -> dict[int, list[Eligibility]]:
    """voter_rows of several members, asked of the database once."""
    ids = {member.pk for member in members}
    rows = (
        Eligibility.objects.filter(vote=vote)
        .filter(Q(member__in=ids, proxy__isnull=True) | Q(proxy__in=ids))
        .select_related("member")
    )
    by_member: dict[int, list[Eligibility]] = {pk: [] for pk in ids}
    for row in rows:
        by_member[row.proxy_id or row.member_id].append(row)
    for pk, carried in by_member.items():
        carried.sort(key=lambda row, pk=pk: (row.member_id != pk, row.member.full_name))
    return by_member


def _eligibility_for(
    vote: Vote, rows: list[Eligibility], voter: Member | None, taken: set[int] = frozenset()
) -> Eligibility:
    """Which of the actor's `rows` (voter_rows) this ballot is for. `taken`: the voters whose
    ballots are being cast in the same transaction."""
    if voter is not None:
        rows = [row for row in rows if row.member_id == voter.pk]
        if not rows:
            raise PermissionDenied(f"you do not cast the vote of {voter} in this vote")
        return rows[0]
    if not rows:
        raise PermissionDenied("you have no vote in this vote")
    if len(rows) == 1:
        return rows[0]
    for row in rows:
        if row.member_id not in taken and not has_voted(vote, row.member_id):
            return row
    return rows[0]


def _check_choice(choice: str | None) -> str:
    try:
        return Choice(choice).value
    except ValueError:
        raise ValidationError({"choice": "vote for, against or abstain"}) from None


@dataclass(frozen=True)
class BallotRequest:
    """One ballot to cast (see `vote_cast`)."""

    actor: object
    choice: str | None = None
    ranking: list | None = None
    voter: Member | None = None


Refusal = ValidationError | PermissionDenied


def vote_cast(
    *,
    actor,
    vote: Vote,
    choice: str | None = None,
    ranking: list | None = None,
    voter: Member | None = None,
) -> Cast:
    """An eligible voter (or their proxy, naming `voter`) casts their ballot in an open
    electronic vote: `choice` on a motion or amendment, `ranking` in an election. A second
    ballot for the same voter is refused. For a secret ballot only THAT the voter voted is
    stored with their name; what they voted is stored apart, under a receipt code that is
    returned once."""
    (outcome,) = vote_cast_together(
        vote=vote, requests=[BallotRequest(actor, choice, ranking, voter)]
    )
    if isinstance(outcome, Cast):
        return outcome
    raise outcome


@transaction.atomic
def vote_cast_together(*, vote: Vote, requests: list[BallotRequest]) -> list[Cast | Refusal]:
    """Cast several ballots of one vote in one transaction, each as `vote_cast` casts it:
    what each request came to, in order, its Cast or why it was refused (a refusal refuses
    that ballot only). When thousands vote at once, one transaction for what arrived together
    asks the database a few times instead of a few times per ballot."""
    vote = _vote_held_open(vote)
    if vote.method not in ELECTRONIC_METHODS:
        refusal = ValidationError(
            {"vote": f"in a {vote.get_method_display().lower()} the chair records the votes"}
        )
        return [refusal] * len(requests)
    if vote.status != VoteStatus.OPEN:
        refusal = ValidationError({"vote": f"the vote is {vote.get_status_display().lower()}"})
        return [refusal] * len(requests)
    members = _members_of([request.actor for request in requests])
    rows_of = _voter_rows_of(vote, list(members.values()))

    outcomes: list[Cast | Refusal | None] = []
    # (position of the request, the eligibility it casts, choice, ranking, votes it carries)
    chosen: list[tuple[int, Eligibility, str, list | None, int]] = []
    taken: set[int] = set()
    for position, request in enumerate(requests):
        member = members.get(request.actor.pk) if request.actor.is_authenticated else None
        rows = rows_of.get(member.pk, []) if member else []
        try:
            row = _eligibility_for(vote, rows, request.voter, taken)
            if vote.election_id:
                ranking = elections.election_ballot_check(vote.election, request.ranking)
                choice = ""
            else:
                choice, ranking = _check_choice(request.choice), None
        except (ValidationError, PermissionDenied) as refusal:
            outcomes.append(refusal)
            continue
        if row.member_id in taken:
            outcomes.append(_already_cast(row))
            continue
        taken.add(row.member_id)
        outcomes.append(None)
        chosen.append((position, row, choice, ranking, len(rows)))

    store = _store_secret_ballots if vote.is_secret else _store_named_ballots
    for position, outcome in store(vote, requests, chosen):
        outcomes[position] = outcome
    if any(isinstance(outcome, Cast) for outcome in outcomes):
        publish_vote(vote, "cast")
    return outcomes


def _members_of(actors: list) -> dict[int, Member]:
    ids = {actor.pk for actor in actors if actor.is_authenticated}
    return {member.user_id: member for member in Member.objects.filter(user_id__in=ids)}


def _already_cast(row: Eligibility) -> ValidationError:
    whose = f"{row.member}'s vote" if row.proxy_id is not None else "your vote"
    return ValidationError({"vote": f"{whose} has already been cast"})


def _record_participations(vote: Vote, voters: list[tuple[int, int | None]]) -> set[int]:
    """Insert the participations (voter, proxy) the database does not hold yet: the voters
    whose rows it took."""
    participation = Participation._meta
    quote = connection.ops.quote_name
    table = quote(participation.db_table)
    vote_column, voter_column, proxy_column = (
        quote(participation.get_field(name).column) for name in ("vote", "voter", "by_proxy")
    )
    if connection.vendor == "postgresql":
        # Two arrays, not three placeholders a row: psycopg parses a statement's text on
        # every call, and hundreds of placeholders cost more than the insert.
        rows = (
            "SELECT %s, voter, proxy FROM unnest(%s::bigint[], %s::bigint[])"
            " AS cast_ballot(voter, proxy)"
        )
        parameters = [vote.pk, [voter for voter, _ in voters], [proxy for _, proxy in voters]]
    else:
        rows = "VALUES " + ", ".join(["(%s, %s, %s)"] * len(voters))
        parameters = [value for voter, proxy in voters for value in (vote.pk, voter, proxy)]
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({vote_column}, {voter_column}, {proxy_column}) {rows}"
            f" ON CONFLICT DO NOTHING RETURNING {voter_column}",
            parameters,
        )
        return {voter_id for (voter_id,) in cursor.fetchall()}


def _store_secret_ballots(vote: Vote, requests, chosen) -> list[tuple[int, Cast | Refusal]]:
    """THAT each voter voted, with their name; WHAT they voted apart, under a receipt code.
    The database takes each voter's participation once: a voter whose row it already holds
    has voted before."""
    if not chosen:
        return []
    recorded = _record_participations(
        vote, [(row.member_id, row.proxy_id) for _, row, *_ in chosen]
    )
    ballots, outcomes = [], []
    for position, row, choice, ranking, carries in chosen:
        if row.member_id not in recorded:
            outcomes.append((position, _already_cast(row)))
            continue
        code = new_receipt_code()
        ballots.append(
            SecretBallot(
                vote=vote,
                choice=choice,
                ranking=ranking,
                receipt_hash=receipt_hash(code),
                weight=row.weight,
            )
        )
        by_proxy = row.proxy_id is not None
        outcomes.append(
            (
                position,
                Cast(vote, row.member, by_proxy, choice, code, carries=carries, weight=row.weight),
            )
        )
    # Stored in no particular order: nothing about the rows follows who voted when. Not
    # journaled one by one either: the entry closing the vote names how many took part and
    # fixes who did and what the ballots say by digest.
    random.Random(secrets.randbits(128)).shuffle(ballots)
    SecretBallot.objects.bulk_create(ballots)
    return outcomes


def _store_named_ballots(vote: Vote, requests, chosen) -> list[tuple[int, Cast | Refusal]]:
    outcomes = []
    for position, row, choice, _ranking, carries in chosen:
        actor = requests[position].actor
        try:
            with transaction.atomic():
                ballot = NamedBallot.objects.create(
                    vote=vote,
                    voter=row.member,
                    choice=choice,
                    cast_by=row.proxy or row.member,
                    recorded_by=actor,
                    recorded_at=timezone.now(),
                    weight=row.weight,
                )
        except IntegrityError:
            outcomes.append((position, _already_cast(row)))
            continue
        by_proxy = row.proxy_id is not None
        journal_append(
            actor=actor,
            action="vote.cast",
            obj=ballot,
            summary=f"{row.member} voted {choice} in vote {vote.pk}"
            + (f", by proxy {row.proxy}" if by_proxy else ""),
            after={"vote": vote.pk, "voter": row.member.membership_number, "choice": choice},
        )
        outcomes.append(
            (
                position,
                Cast(vote, row.member, by_proxy, choice, carries=carries, weight=row.weight),
            )
        )
    return outcomes


@transaction.atomic
def vote_roll_call(*, actor, vote: Vote, voter: Member, choice: str) -> NamedBallot:
    """The chair records an eligible voter's answer in a roll call (answered by their proxy
    when they are represented). Recording it again corrects it, on the journal."""
    vote = _locked_vote(vote)
    if not can_chair_meeting(actor, vote.meeting):
        raise PermissionDenied("only the chair records the roll call")
    if vote.method != VoteMethod.ROLL_CALL:
        raise ValidationError({"vote": "this vote is not a roll call"})
    if vote.status != VoteStatus.OPEN:
        raise ValidationError({"vote": f"the vote is {vote.get_status_display().lower()}"})
    choice = _check_choice(choice)
    row = Eligibility.objects.filter(vote=vote, member=voter).select_related("proxy").first()
    if row is None:
        raise ValidationError({"voter": f"{voter} has no vote in this vote"})
    ballot = NamedBallot.objects.select_for_update().filter(vote=vote, voter=voter).first()
    before = None
    if ballot is None:
        ballot = NamedBallot.objects.create(
            vote=vote,
            voter=voter,
            choice=choice,
            cast_by=row.proxy or voter,
            recorded_by=actor,
            recorded_at=timezone.now(),
            weight=row.weight,
        )
    else:
        before = {"choice": ballot.choice}
        ballot.choice = choice
        ballot.recorded_by = actor
        ballot.recorded_at = timezone.now()
        ballot.save(update_fields=["choice", "recorded_by", "recorded_at"])
    journal_append(
        actor=actor,
        action="vote.roll_call",
        obj=ballot,
        summary=f"Roll call, vote {vote.pk}: {voter} {choice}" + (" (corrected)" if before else ""),
        before=before,
        after={"vote": vote.pk, "voter": voter.membership_number, "choice": choice},
    )
    publish_vote(vote, "cast")
    return ballot


def _count_choices(vote: Vote) -> Counter:
    """Votes per choice: each ballot counts for its weight (one, unless the charter weighs
    votes)."""
    model = SecretBallot if vote.is_secret else NamedBallot
    counted: Counter = Counter()
    for choice, weight in model.objects.filter(vote=vote).values_list("choice", "weight"):
        counted[choice] += weight
    return counted


def _reshuffle_secret_ballots(vote: Vote) -> None:
    """Write the vote's secret ballots again, in a random order under fresh random keys, so
    that neither where nor in which transaction a ballot is stored follows the order in which
    people voted (see the module docstring of `minutebook.votes.models`)."""
    rows = list(
        SecretBallot.objects.filter(vote=vote).values_list(
            "choice", "ranking", "receipt_hash", "weight"
        )
    )
    SecretBallot.objects.filter(vote=vote).delete()
    secrets.SystemRandom().shuffle(rows)
    SecretBallot.objects.bulk_create(
        SecretBallot(
            id=uuid.uuid4(),
            vote=vote,
            choice=choice,
            ranking=ranking,
            receipt_hash=digest,
            weight=weight,
        )
        for choice, ranking, digest, weight in rows
    )


def _whole(name: str, value) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValidationError({name: "give a whole number, 0 or more"})
    return value


@transaction.atomic
def vote_close(
    *,
    actor,
    vote: Vote,
    votes_for: int | None = None,
    votes_against: int | None = None,
    votes_abstain: int | None = None,
) -> Vote:
    """The chair closes the vote and it is counted: the counts the chair enters for a show of
    hands, the ballots otherwise. The outcome goes to the motion (adopted motions are recorded
    in the ledger), the amendment (an adopted one changes the motion's text) or the election
    (counted, and the elected take their seats)."""
    vote = _locked_vote(vote)
    if not can_chair_meeting(actor, vote.meeting):
        raise PermissionDenied("only the chair closes a vote")
    if vote.status != VoteStatus.OPEN:
        raise ValidationError({"vote": f"the vote is {vote.get_status_display().lower()}"})
    before = vote_snapshot(vote)
    vote.status = VoteStatus.CLOSED
    vote.closed_by = actor
    vote.closed_at = timezone.now()

    if vote.election_id:
        _reshuffle_secret_ballots(vote)
        vote.save(update_fields=["status", "closed_by", "closed_at"])
        elections.election_count(actor=actor, election=vote.election, vote=vote)
        vote.explanation = elections.election_summary(vote.election)
        vote.save(update_fields=["explanation"])
    else:
        if vote.method == VoteMethod.SHOW_OF_HANDS:
            if votes_for is None or votes_against is None:
                raise ValidationError({"votes_for": "enter the votes for and against"})
            yes = _whole("votes_for", votes_for)
            no = _whole("votes_against", votes_against)
            abstain = _whole("votes_abstain", votes_abstain or 0)
        else:
            counted = _count_choices(vote)
            yes, no, abstain = (
                counted[Choice.FOR],
                counted[Choice.AGAINST],
                counted[Choice.ABSTAIN],
            )
        try:
            outcome = decide(
                vote.threshold,
                yes=yes,
                no=no,
                abstain=abstain,
                present=vote.present,
                entire=vote.seats_filled,
            )
        except ValueError as error:
            raise ValidationError({"votes_for": str(error)}) from None
        vote.votes_for, vote.votes_against, vote.votes_abstain = yes, no, abstain
        vote.adopted = outcome.adopted
        vote.explanation = outcome.explanation
        if vote.is_secret:
            _reshuffle_secret_ballots(vote)
        vote.save()
    after = vote_snapshot(vote)
    if vote.is_secret:
        after.update(secret_ballot_digests(vote))
    journal_append(
        actor=actor,
        action="vote.close",
        obj=vote,
        summary=f"Vote {vote.pk} closed: {vote.explanation}",
        before=before,
        after=after,
    )
    if vote.motion_id:
        motion_vote_decided(actor=actor, motion=vote.motion, vote=vote)
    elif vote.amendment_id:
        amendment_vote_decided(actor=actor, amendment=vote.amendment, vote=vote)
    publish_vote(vote, "close")
    return vote


@transaction.atomic
def vote_cancel(*, actor, vote: Vote, reason: str) -> Vote:
    """The chair cancels an open vote (the wrong method, a disorder in the room): nothing is
    counted, the question goes back to where it was, and it may be put to a new vote."""
    vote = _locked_vote(vote)
    if not can_chair_meeting(actor, vote.meeting):
        raise PermissionDenied("only the chair cancels a vote")
    if vote.status != VoteStatus.OPEN:
        raise ValidationError({"vote": f"the vote is {vote.get_status_display().lower()}"})
    if not reason.strip():
        raise ValidationError({"reason": "say why the vote is cancelled"})
    before = vote_snapshot(vote)
    vote.status = VoteStatus.CANCELLED
    vote.closed_by = actor
    vote.closed_at = timezone.now()
    vote.explanation = f"Cancelled: {reason.strip()}"
    vote.save(update_fields=["status", "closed_by", "closed_at", "explanation"])
    if vote.is_secret:
        _reshuffle_secret_ballots(vote)
    journal_append(
        actor=actor,
        action="vote.cancel",
        obj=vote,
        summary=f"Vote {vote.pk} cancelled: {reason.strip()}",
        before=before,
        after=vote_snapshot(vote),
    )
    if vote.motion_id:
        motion_vote_cancelled(actor=actor, motion=vote.motion)
    elif vote.amendment_id:
        amendment_vote_cancelled(actor=actor, amendment=vote.amendment)
    else:
        elections.election_vote_cancelled(actor=actor, election=vote.election)
    publish_vote(vote, "cancel")
    return vote
