"""Elections by ballot outside meetings: an election of officers by all the members of a unit.

The ballot is put to a body whose seats are `all_members` in unit U (the electorate: U's
members in good standing at opening); it fills seats of another body that the charter has
elected by those members (`elected: {by_members_of: U}`, or `by_members_of_each: <U's
kind>`). Candidates are named when the ballot is called. The papers are shaped as the
counting method needs (`minutebook.votes.models.BALLOT_SHAPES`), counted by the counting core
(`minutebook.voting.methods.count`) under a fresh random seed, and the elected take their
seats through `bodies.services.seat_fill` with the unit as their constituency, as the seats
of a meeting's election do (`minutebook.votes.elections`).

Seats elected by a body (`by_body`) are filled at that body's meetings, not here: a seat
filled by a body needs a decision or a meeting's election as its provenance."""

from __future__ import annotations

import datetime as dt
import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from minutebook.ballots.models import Ballot, BallotCandidate, BallotPaper, NamedBallotVote
from minutebook.bodies.eligibility import may_stand, refusal
from minutebook.bodies.models import Body, SeatMethod
from minutebook.bodies.services import seat_fill, seat_rules
from minutebook.charter.spec import SeatRule
from minutebook.journal.services import journal_append
from minutebook.members.models import Member
from minutebook.votes.elections import (
    candidate_labels,
    checked_method,
    ranking_checked,
    vacancies,
)
from minutebook.votes.models import BALLOT_SHAPES, ElectionMethod
from minutebook.voting.methods import count
from minutebook.voting.profile import Ballot as CoreBallot
from minutebook.voting.profile import Profile


def members_electing_rule(body: Body, elects: Body) -> SeatRule | None:
    """The charter's rule by which the members of `body`'s unit elect seats on `elects`, when
    `body` is that unit's all-members body; None otherwise."""
    if body.unit_id is None or not any(
        rule.method == SeatMethod.ALL_MEMBERS for rule in seat_rules(body)
    ):
        return None
    for rule in seat_rules(elects):
        if rule.method != SeatMethod.ELECTED:
            continue
        if rule.by_members_of == body.unit.slug or (
            rule.by_members_of_each is not None and rule.by_members_of_each == body.unit.kind
        ):
            return rule
    return None


def checked_election(
    *, body: Body, elects: Body, seats: int, method: str, candidates: list[Member], day: dt.date
) -> ElectionMethod:
    """What the charter and the counting method require of an election by ballot."""
    rule = members_electing_rule(body, elects)
    if rule is None:
        raise ValidationError(
            {
                "elects": f"the charter does not have the members of the {body.name} elect "
                f"seats on the {elects.name}"
            }
        )
    method = checked_method(rule, method, seats)
    open_seats = vacancies(elects, rule, day)
    if open_seats is not None and seats > open_seats:
        raise ValidationError(
            {"seats": f"{elects.name} has {open_seats} vacant elected seat(s) on {day}"}
        )
    if len({member.pk for member in candidates}) != len(candidates):
        raise ValidationError({"candidates": "a candidate is named twice"})
    if len(candidates) < seats:
        raise ValidationError(
            {"candidates": f"{len(candidates)} candidate(s) for {seats} seat(s): name more"}
        )
    for member in candidates:
        if not member.is_in_good_standing:
            raise ValidationError({"candidates": f"{member} is not a member in good standing"})
    for member in candidates:
        verdict = may_stand(member, elects, day)
        if not verdict.eligible:
            raise ValidationError({"candidates": refusal(verdict, str(member))})
    return method


def candidates_of(ballot: Ballot) -> list[BallotCandidate]:
    return list(ballot.candidates.select_related("member").order_by("member__full_name", "pk"))


def election_ranking_check(ballot: Ballot, ranking) -> list[list[int]]:
    """A paper as the method needs it, as preference groups of candidate ids, best first (as
    for a meeting's election); an empty paper is blank."""
    return ranking_checked(
        ranking,
        candidates=lambda: set(ballot.candidates.values_list("pk", flat=True)),
        shape=BALLOT_SHAPES[ElectionMethod(ballot.method)],
        method=ballot.method,
    )


def election_count(ballot: Ballot) -> None:
    """Count the papers with the core and store the whole result (rounds, quota, transfers,
    the seed for draws by lot) on the ballot, with the candidates' ids by name."""
    candidates = candidates_of(ballot)
    labels = candidate_labels(candidates)
    index = {c.pk: i for i, c in enumerate(candidates)}
    source = BallotPaper if ballot.secret else NamedBallotVote
    papers = []
    for ranking in source.objects.filter(ballot=ballot).values_list("ranking", flat=True):
        groups = tuple(tuple(index[c] for c in group if c in index) for group in (ranking or []))
        papers.append(CoreBallot(tuple(group for group in groups if group), 1))
    profile = Profile(
        candidates=tuple(labels[c.pk] for c in candidates),
        ballots=tuple(papers),
        seats=ballot.seats,
        title=ballot.title,
    ).merged()
    seed = secrets.randbelow(2**31)
    try:
        result = count(ballot.method, profile, seats=ballot.seats, seed=seed)
    except ValueError as error:
        raise ValidationError({"ballot": f"the papers cannot be counted: {error}"}) from None
    stored = result.to_json()
    stored["candidate_ids"] = {labels[c.pk]: c.pk for c in candidates}
    stored["ballots"] = profile.total_weight
    stored["blank"] = sum(b.weight for b in profile.ballots if not b.ranking)
    ballot.result = stored
    ballot.tie_seed = result.tie_seed if result.tie_seed is not None else seed
    ballot.explanation = (
        f"{ballot.turnout} of {ballot.electorate} voted. Elected: "
        f"{', '.join(result.elected) if result.elected else 'nobody'} ({ballot.seats} "
        f"seat{'s' if ballot.seats > 1 else ''}; {ElectionMethod(ballot.method).label})."
    )


def elected_members(ballot: Ballot) -> list[Member]:
    if not ballot.result:
        return []
    ids = ballot.result.get("candidate_ids", {})
    by_id = {c.pk: c.member for c in candidates_of(ballot)}
    return [by_id[ids[name]] for name in ballot.result.get("elected", []) if name in ids]


def election_seat(ballot: Ballot) -> list[str]:
    """Seat the elected on the body from the day the ballot closed, the unit as their
    constituency. The count is the authority: the seats are recorded by the system (no actor
    in the journal), each in its own savepoint; who could not be seated is returned."""
    day = timezone.localdate(ballot.closes_at)
    problems = []
    for member in elected_members(ballot):
        try:
            with transaction.atomic():
                seat_fill(
                    actor=None,
                    body=ballot.elects,
                    member=member,
                    method=SeatMethod.ELECTED,
                    starts_on=day,
                    constituency=ballot.body.unit,
                    by_ballot=True,
                )
        except ValidationError as refusal:
            problems.append(f"{member}: {'; '.join(refusal.messages)}")
    if problems:
        ballot.recording_note = "Not seated: " + "; ".join(problems)
        ballot.save(update_fields=["recording_note"])
    journal_append(
        actor=None,
        action="ballot.seat",
        obj=ballot,
        summary=f"Ballot {ballot.pk}: the elected take their seats on the {ballot.elects.name}"
        + (f" ({ballot.recording_note})" if problems else ""),
        after={"elected": [m.membership_number for m in elected_members(ballot)]},
    )
    return problems
