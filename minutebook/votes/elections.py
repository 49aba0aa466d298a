"""Elections at a meeting: creating one, nominations, the ballot, the count, the seats.

An election fills seats on a body that the charter has the meeting's body elect
(`elected: {by_body: <meeting's body>}`), as many as are vacant on the day. Candidates are
members in good standing who accepted their nomination. The vote is a secret ballot
(`minutebook.votes.services`); closing it counts the ballots with the vote-counting core
(`minutebook.voting.methods.count`) under a fresh random seed for any draw by lot, stores the
whole result with its rounds, and seats the elected with the election as their provenance."""

from __future__ import annotations

import secrets

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from minutebook.bodies.access import can_record_for_body, member_of
from minutebook.bodies.eligibility import irregular_reason, may_stand, refusal
from minutebook.bodies.models import Body, Seat, SeatMethod
from minutebook.bodies.services import seat_fill, seat_rules
from minutebook.charter.describe import seat_rule_words
from minutebook.charter.selectors import charter_in_force
from minutebook.charter.spec import SeatRule
from minutebook.journal.services import journal_append
from minutebook.live.publish import publish
from minutebook.meetings.access import can_chair_meeting, can_record_at_meeting
from minutebook.meetings.models import Meeting, MeetingStatus
from minutebook.meetings.selectors import seat_holders
from minutebook.members.models import Member
from minutebook.motions.selectors import meeting_day
from minutebook.votes.models import (
    BallotShape,
    Candidate,
    Election,
    ElectionMethod,
    ElectionStatus,
    SecretBallot,
)
from minutebook.voting.methods import count
from minutebook.voting.profile import Ballot, Profile

SINGLE_SEAT_METHODS = (ElectionMethod.IRV,)
# Methods whose ballots may rank candidates equal; the others need a strict order.
EQUAL_RANKS_ALLOWED = (ElectionMethod.SCHULZE,)


def electing_rule(meeting_body: Body, body: Body) -> SeatRule | None:
    """The charter's rule by which the meeting's body elects seats on `body`, if any; for a
    body defined per unit, the electing body must be the one acting for that unit."""
    if not meeting_body.chartered:
        return None
    charter = charter_in_force()
    for rule in seat_rules(body):
        if rule.method != SeatMethod.ELECTED or rule.by_body != meeting_body.definition:
            continue
        if body.unit_id and meeting_body.unit_id:
            acting = charter.acting_unit(rule.by_body, body.unit.slug)
            if acting != meeting_body.unit.slug:
                continue
        return rule
    return None


def vacancies(body: Body, rule: SeatRule, day) -> int | None:
    """Elected seats not held on the day (None when the charter sets no number)."""
    if rule.count is None:
        return None
    held = Seat.objects.current(on=day).filter(body=body, method=SeatMethod.ELECTED).count()
    return max(rule.count - held, 0)


def _announce(election: Election, what: str) -> None:
    publish(
        election.meeting_id,
        "elections",
        data={"election": election.pk, "status": election.status, "event": what},
    )


def election_snapshot(election: Election) -> dict:
    return {
        "meeting": election.meeting_id,
        "body": election.body.slug,
        "title": election.title,
        "seats": election.seats,
        "method": election.method,
        "status": election.status,
    }


def checked_method(rule: SeatRule, method: str, seats: int) -> ElectionMethod:
    """The counting method of an election of `seats` seats under the seat `rule`: one the
    software counts, the one the charter names for these seats if it names one, and able to
    fill that many seats."""
    try:
        method = ElectionMethod(method)
    except ValueError:
        raise ValidationError({"method": f"unknown counting method {method!r}"}) from None
    if rule.election_method is not None and method != rule.election_method:
        named = ElectionMethod(rule.election_method).label
        raise ValidationError(
            {"method": f"the charter has these seats elected by {named} ({rule.election_method})"}
        )
    if isinstance(seats, bool) or not isinstance(seats, int) or seats < 1:
        raise ValidationError({"seats": "elect at least one seat"})
    if method in SINGLE_SEAT_METHODS and seats != 1:
        raise ValidationError({"method": f"{method.label} elects one seat"})
    return method


@transaction.atomic
def election_create(
    *, actor, meeting: Meeting, body: Body, seats: int, method: str, title: str = ""
) -> Election:
    """The chair opens nominations for `seats` vacant seats on `body`, to be filled by the
    meeting's body as the charter provides, counted by `method`."""
    if not can_chair_meeting(actor, meeting):
        raise PermissionDenied("only the chair holds an election")
    if meeting.status == MeetingStatus.CLOSED:
        raise ValidationError({"meeting": "the meeting is closed"})
    rule = electing_rule(meeting.body, body)
    if rule is None:
        charter = charter_in_force()
        ways = "; ".join(seat_rule_words(charter, r) for r in seat_rules(body)) or "no seats at all"
        raise ValidationError(
            {
                "body": f"the charter does not have the {meeting.body.name} elect seats on "
                f"{body.name}: its seats are {ways}"
            }  # fmt: skip
        )
    method = checked_method(rule, method, seats)
    open_seats = vacancies(body, rule, meeting_day(meeting))
    if open_seats is not None and seats > open_seats:
        raise ValidationError(
            {"seats": f"{body.name} has {open_seats} vacant elected seat(s) on the day"}
        )
    election = Election.objects.create(
        meeting=meeting,
        body=body,
        title=title.strip()
        or f"Election to the {body.name} ({seats} seat{'s' if seats > 1 else ''})",
        seats=seats,
        method=method,
        created_by=actor,
        created_at=timezone.now(),
    )
    journal_append(
        actor=actor,
        action="election.create",
        obj=election,
        summary=f"Election opened for nominations: {election.title}",
        after=election_snapshot(election),
    )
    _announce(election, "created")
    return election


def _locked_election(election: Election) -> Election:
    return (
        Election.objects.select_for_update(of=("self",))
        .select_related("meeting__body", "body")
        .get(pk=election.pk)
    )


def may_nominate(user, election: Election) -> bool:
    """The chair records nominations from the floor; the electing body's seat holders nominate
    from their own devices."""
    if can_chair_meeting(user, election.meeting):
        return True
    member = member_of(user)
    return (
        member is not None
        and member.is_in_good_standing
        and seat_holders(election.meeting).filter(pk=member.pk).exists()
    )


@transaction.atomic
def election_nominate(
    *,
    actor,
    election: Election,
    member: Member,
    proceed: bool = False,
    proceed_reason: str = "",
) -> Candidate:
    """Nominate a member in good standing who does not already sit on the body. A member who
    nominates themselves has accepted; anyone else must accept (`candidate_accept`).

    A member the charter's eligibility rules exclude from the body on the day of the meeting
    (`bodies.eligibility.may_stand`) is refused with the rule, unless the chair `proceed`s:
    the candidacy is then irregular, with the rule broken and `proceed_reason`, and so is the
    seat if they are elected."""
    election = _locked_election(election)
    if not may_nominate(actor, election):
        raise PermissionDenied("only the chair or a voting member of the meeting nominates")
    if election.status != ElectionStatus.NOMINATING:
        raise ValidationError({"election": "nominations are closed"})
    if not member.is_in_good_standing:
        raise ValidationError({"member": f"{member} is not a member in good standing"})
    if (
        Seat.objects.current(on=meeting_day(election.meeting))
        .filter(body=election.body, member=member)
        .exists()
    ):
        raise ValidationError({"member": f"{member} already sits on the {election.body.name}"})
    verdict = may_stand(member, election.body, meeting_day(election.meeting))
    irregular_because = ""
    if not verdict.eligible:
        if not (proceed and can_chair_meeting(actor, election.meeting)):
            raise ValidationError({"member": refusal(verdict, str(member))})
        irregular_because = irregular_reason(verdict, proceed_reason)
    now = timezone.now()
    self_nominated = member_of(actor) == member
    try:
        with transaction.atomic():
            candidate = Candidate.objects.create(
                election=election,
                member=member,
                nominated_by=actor,
                nominated_at=now,
                accepted_at=now if self_nominated else None,
                irregular=bool(irregular_because),
                irregular_reason=irregular_because,
            )
    except IntegrityError:
        raise ValidationError({"member": f"{member} is already nominated"}) from None
    journal_append(
        actor=actor,
        action="election.nominate",
        obj=candidate,
        summary=f"{member} nominated in {election.title}"
        + (" (self-nominated, accepted)" if self_nominated else "")
        + (" (IRREGULAR)" if irregular_because else ""),
        after={"election": election.pk, "member": member.membership_number}
        | ({"irregular_reason": irregular_because} if irregular_because else {}),
    )
    _announce(election, "nominated")
    return candidate


@transaction.atomic
def candidate_accept(*, actor, candidate: Candidate) -> Candidate:
    """The nominee accepts, or the chair records the acceptance given in the room."""
    candidate = Candidate.objects.select_for_update(of=("self",)).get(pk=candidate.pk)
    election = _locked_election(candidate.election)
    if not (member_of(actor) == candidate.member or can_chair_meeting(actor, election.meeting)):
        raise PermissionDenied("only the nominee accepts a nomination")
    if election.status != ElectionStatus.NOMINATING:
        raise ValidationError({"election": "nominations are closed"})
    if candidate.accepted_at is not None:
        raise ValidationError({"candidate": "the nomination was already accepted"})
    candidate.accepted_at = timezone.now()
    candidate.save(update_fields=["accepted_at"])
    journal_append(
        actor=actor,
        action="election.accept",
        obj=candidate,
        summary=f"{candidate.member} accepted the nomination in {election.title}",
        after={"election": election.pk, "member": candidate.member.membership_number},
    )
    _announce(election, "accepted")
    return candidate


def standing(election: Election):
    """The candidates who stand: nominated, accepted, still in good standing."""
    return (
        election.candidates.filter(accepted_at__isnull=False, member__status="member")
        .select_related("member")
        .order_by("member__full_name", "pk")
    )


def election_vote_started(*, actor, election: Election, meeting: Meeting) -> Election:
    election = _locked_election(election)
    if election.meeting_id != meeting.pk:
        raise ValidationError({"election": "the election is not held at this meeting"})
    if election.status != ElectionStatus.NOMINATING:
        raise ValidationError(
            {"election": f"the election is {election.get_status_display().lower()}"}
        )
    candidates = standing(election).count()
    if candidates < election.seats:
        raise ValidationError(
            {
                "election": f"{candidates} candidate(s) stand for {election.seats} seat(s): "
                "nominate more, or hold an election for fewer seats"
            }
        )
    return _election_transition(
        actor, election, ElectionStatus.VOTING, "election.vote", "voting opened"
    )


def election_vote_cancelled(*, actor, election: Election) -> Election:
    election = _locked_election(election)
    return _election_transition(
        actor, election, ElectionStatus.NOMINATING, "election.vote_cancel", "voting cancelled"
    )


def _election_transition(actor, election: Election, status: str, action: str, what: str):
    before = election_snapshot(election)
    election.status = status
    election.save(update_fields=["status"])
    journal_append(
        actor=actor,
        action=action,
        obj=election,
        summary=f"{election.title}: {what}",
        before=before,
        after=election_snapshot(election),
    )
    _announce(election, action.split(".")[-1])
    return election


def election_ballot_check(election: Election, ranking) -> list[list[int]]:
    """A ballot as the election's method needs it, as a list of preference groups of
    candidate ids, best first: one group of one candidate (plurality), one group of any
    number (approval), or groups of one (ranked methods; Schulze allows equal ranks). An
    empty ballot is a blank vote."""
    return ranking_checked(
        ranking,
        candidates=lambda: set(standing(election).values_list("pk", flat=True)),
        shape=election.ballot_shape,
        method=election.method,
    )


def ranking_checked(ranking, *, candidates, shape: str, method: str) -> list[list[int]]:
    """A ranking as preference groups of the ids in `candidates()` (asked only once the
    ranking is well formed), in the shape the method needs: what a meeting's election and a
    ballot outside meetings both take. An empty ranking is a blank vote."""
    if ranking is None:
        return []
    if not isinstance(ranking, list) or not all(isinstance(group, list) for group in ranking):
        raise ValidationError({"ranking": "a ballot is a list of preference groups"})
    groups = [group for group in ranking if group]
    ids = [candidate for group in groups for candidate in group]
    if not all(isinstance(i, int) and not isinstance(i, bool) for i in ids):
        raise ValidationError({"ranking": "name the candidates by their ids"})
    if len(set(ids)) != len(ids):
        raise ValidationError({"ranking": "a candidate appears twice on the ballot"})
    if not set(ids) <= candidates():
        raise ValidationError({"ranking": "the ballot names someone who is not a candidate"})
    if shape == BallotShape.SINGLE and (len(groups) > 1 or any(len(g) > 1 for g in groups)):
        raise ValidationError({"ranking": "mark one candidate"})
    if shape == BallotShape.APPROVAL and len(groups) > 1:
        raise ValidationError({"ranking": "an approval ballot marks candidates without order"})
    if (
        shape == BallotShape.RANKED
        and method not in EQUAL_RANKS_ALLOWED
        and any(len(group) > 1 for group in groups)
    ):
        raise ValidationError({"ranking": "give each candidate a different rank"})
    return groups


def candidate_labels(candidates) -> dict[int, str]:
    """Each candidate's name on the count; a name two candidates share gets the membership
    number, so the count never mixes them up."""
    names = [c.member.full_name for c in candidates]
    return {
        c.pk: c.member.full_name
        if names.count(c.member.full_name) == 1
        else f"{c.member.full_name} ({c.member.membership_number})"
        for c in candidates
    }


def election_profile(election: Election) -> tuple[Profile, dict[str, int]]:
    """The ballots of the election as the counting core reads them, and each candidate's id by
    their name on the count."""
    candidates = list(standing(election))
    labels = candidate_labels(candidates)
    index = {c.pk: i for i, c in enumerate(candidates)}
    ballots = []
    for ranking, weight in SecretBallot.objects.filter(
        vote__election=election, vote__status="closed"
    ).values_list("ranking", "weight"):
        if weight == 0:  # a delegate present beyond the votes of their unit
            continue
        groups = tuple(tuple(index[c] for c in group if c in index) for group in (ranking or []))
        ballots.append(Ballot(tuple(group for group in groups if group), weight))
    profile = Profile(
        candidates=tuple(labels[c.pk] for c in candidates),
        ballots=tuple(ballots),
        seats=election.seats,
        title=election.title,
    ).merged()
    return profile, {labels[c.pk]: c.pk for c in candidates}


def election_count(*, actor, election: Election, vote) -> Election:
    """Count the closed ballot with the core, store the result and seat the elected when the
    actor may record seats (otherwise the secretary does, with `election_fill_seats`)."""
    election = _locked_election(election)
    if election.status != ElectionStatus.VOTING:
        raise ValidationError(
            {"election": f"the election is {election.get_status_display().lower()}"}
        )
    profile, ids = election_profile(election)
    seed = secrets.randbelow(2**31)
    try:
        result = count(election.method, profile, seats=election.seats, seed=seed)
    except ValueError as error:
        raise ValidationError({"election": f"the ballots cannot be counted: {error}"}) from None
    stored = result.to_json()
    stored["candidate_ids"] = ids
    stored["ballots"] = profile.total_weight
    stored["blank"] = sum(b.weight for b in profile.ballots if not b.ranking)
    election.result = stored
    election.tie_seed = result.tie_seed if result.tie_seed is not None else seed
    election.status = ElectionStatus.COUNTED
    election.counted_by = actor
    election.counted_at = timezone.now()
    election.save(update_fields=["result", "tie_seed", "status", "counted_by", "counted_at"])
    journal_append(
        actor=actor,
        action="election.count",
        obj=election,
        summary=f"{election.title} counted: elected {', '.join(result.elected) or 'nobody'}",
        after={
            **election_snapshot(election),
            "elected": result.elected,
            "tie_seed": election.tie_seed,
            "ballots": stored["ballots"],
        },
    )
    if may_fill_seats(actor, election):
        election_fill_seats(actor=actor, election=election)
    _announce(election, "counted")
    return election


def may_fill_seats(user, election: Election) -> bool:
    """The secretaries of the two bodies, and the chair of the electing meeting while it is
    open, so that closing the ballot seats the elected at once."""
    return can_record_for_body(user, election.body) or can_record_at_meeting(user, election.meeting)


def elected_members(election: Election) -> list[Member]:
    if not election.result:
        return []
    ids = election.result.get("candidate_ids", {})
    wanted = [ids[name] for name in election.result.get("elected", []) if name in ids]
    by_id = {c.pk: c.member for c in election.candidates.select_related("member")}
    return [by_id[pk] for pk in wanted if pk in by_id]


@transaction.atomic
def election_fill_seats(*, actor, election: Election) -> list[Seat]:
    """Seat the elected on the body from the day of the meeting, with the election as the
    seats' provenance. Idempotent: someone already seated by this election is skipped."""
    election = _locked_election(election)
    if not may_fill_seats(actor, election):
        raise PermissionDenied(
            f"only the secretary of {election.body.name} or of {election.meeting.body.name}, "
            "or an administrator, records seats"
        )
    if election.status != ElectionStatus.COUNTED:
        raise ValidationError({"election": "the election has not been counted"})
    seated = set(election.resulting_seats.values_list("member_id", flat=True))
    day = meeting_day(election.meeting)
    # A candidate the chair let stand irregularly takes the seat irregularly, for that reason.
    irregular = dict(
        election.candidates.filter(irregular=True).values_list("member_id", "irregular_reason")
    )
    seats = [
        seat_fill(
            actor=actor,
            body=election.body,
            member=member,
            method=SeatMethod.ELECTED,
            starts_on=day,
            source_election=election,
            proceed=member.pk in irregular,
            proceed_reason=f"elected as an irregular candidate ({irregular[member.pk]})"
            if member.pk in irregular
            else "",
        )
        for member in elected_members(election)
        if member.pk not in seated
    ]
    if seats:
        journal_append(
            actor=actor,
            action="election.fill",
            obj=election,
            summary=f"{election.title}: {', '.join(str(s.member) for s in seats)} seated",
            after={"seats": [seat.pk for seat in seats]},
        )
    return seats


def election_summary(election: Election) -> str:
    election.refresh_from_db(fields=["result"])
    elected = (election.result or {}).get("elected", [])
    method = ElectionMethod(election.method).label
    return (
        f"Elected: {', '.join(elected) if elected else 'nobody'} "
        f"({election.seats} seat{'s' if election.seats > 1 else ''}; {method})."
    )
