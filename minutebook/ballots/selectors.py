"""Reads about ballots outside meetings that services, pages and the API share: the charter's
rules for a body, the bodies that may call a ballot of it, counts and digests."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

from django.utils import timezone

from minutebook.ballots.models import (
    Ballot,
    BallotChoice,
    BallotPaper,
    BallotParticipation,
    BallotStatus,
    NamedBallotVote,
)
from minutebook.bodies.models import Body
from minutebook.charter.ballots import BallotRules
from minutebook.charter.selectors import charter_in_force
from minutebook.ledger.access import decisions_visible_to
from minutebook.ledger.models import Decision, DecisionStatus
from minutebook.ledger.services import decision_procedure, step_bodies, step_body
from minutebook.votes.selectors import Receipt, ranking_words


def ballot_rules(body: Body) -> BallotRules | None:
    """The charter's `ballots:` rules of the body, None when it decides only in meetings (or
    is not a body of the charter in force)."""
    if not body.is_active:
        return None
    try:
        return charter_in_force().body(body.definition).ballots
    except KeyError:
        return None


def allows_ballots(body: Body) -> bool:
    rules = ballot_rules(body)
    return rules is not None and rules.allowed


def question_rules(body: Body, kind: str, decision_type: str = "") -> BallotRules | None:
    """The rules of a ballot of `body` on this kind of question (`motion`, `election`) and
    decision type: the body's, as its `questions:` entries override them."""
    rules = ballot_rules(body)
    return rules.for_question(kind, decision_type) if rules is not None else None


def calling_bodies(body: Body, kind: str | None = None, decision_type: str = "") -> list[Body]:
    """The bodies that may call a ballot of `body`, as the charter names them in `called_by`
    (that of the question's entry, for a `kind` of question; with none, those who may call
    some ballot of it): for a body defined per unit kind, the instance acting for the body's
    unit."""
    rules = ballot_rules(body)
    if rules is None or not rules.allowed or body.unit_id is None:
        return []
    if kind is not None:
        definitions = rules.for_question(kind, decision_type).called_by
    else:
        every = [rules.called_by, *(q.called_by for q in rules.questions if q.called_by)]
        definitions = tuple(dict.fromkeys(d for group in every for d in group))
    charter = charter_in_force()
    found = []
    for definition in definitions:
        unit = charter.acting_unit(definition, body.unit.slug)
        instance = Body.objects.filter(definition=definition, unit__slug=unit).first()
        if instance is not None and instance.is_active:
            found.append(instance)
    return found


def ballots_cast(ballot: Ballot) -> int:
    """How many have voted so far (never what, while a secret ballot is open)."""
    model = BallotParticipation if ballot.secret else NamedBallotVote
    return model.objects.filter(ballot=ballot).count()


def _sha256(rows) -> str:
    text = json.dumps([list(row) for row in rows], separators=(",", ":"), sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()


def electorate_digest(ballot: Ballot) -> str:
    """SHA-256 of the electorate's membership numbers in order, fixed in the journal at opening."""
    return _sha256(
        (number,)
        for number in ballot.voters.order_by("member__membership_number").values_list(
            "member__membership_number", flat=True
        )
    )


def paper_digests(ballot: Ballot) -> dict:
    """Who took part in a secret ballot and what its papers say, fixed by SHA-256 in the
    journal entry that closes it (as `minutebook.votes.selectors.secret_ballot_digests`)."""
    participants = list(
        BallotParticipation.objects.filter(ballot=ballot)
        .order_by("voter__membership_number")
        .values_list("voter__membership_number", flat=True)
    )
    papers = BallotPaper.objects.filter(ballot=ballot).order_by("receipt_hash")
    return {
        "participants": len(participants),
        "participants_sha256": _sha256((number,) for number in participants),
        "papers_sha256": _sha256(papers.values_list("receipt_hash", "choice", "ranking")),
    }


def published_receipts(ballot: Ballot) -> list[dict]:
    """Every paper's receipt hash with what it says, once the ballot is closed."""
    if ballot.status != "closed" or not ballot.secret:
        return []
    return [
        {"receipt_hash": digest, "choice": choice, "ranking": ranking}
        for digest, choice, ranking in BallotPaper.objects.filter(ballot=ballot)
        .order_by("receipt_hash")
        .values_list("receipt_hash", "choice", "ranking")
    ]


def receipts_in_words(ballot: Ballot) -> list[Receipt]:
    """The published receipts with what each paper says in words, as a meeting's secret
    ballot shows them: "For", or an election's ranking with the candidates' names."""
    labels = dict(BallotChoice.choices)
    names = {c.pk: c.member.full_name for c in ballot.candidates.select_related("member")}
    return [
        Receipt(
            row["receipt_hash"],
            ranking_words(row["ranking"], names) if ballot.elects_id else labels[row["choice"]],
        )
        for row in published_receipts(ballot)
    ]


@dataclass(frozen=True)
class AwaitedStep:
    decision: Decision
    kind: str  # ratify, consent, veto


def steps_awaiting(user, body: Body) -> list[AwaitedStep]:
    """The pending decisions `user` may read whose next step (a ratification, consent or veto)
    is the body's, and that no ballot yet decides: what whoever calls its ballots has to put to
    it, offered on its ballots' page so that nobody copies a reference by hand."""
    today = timezone.localdate()
    pending = (
        decisions_visible_to(user)
        .filter(status=DecisionStatus.PENDING)
        .exclude(step_ballots__in=Ballot.objects.exclude(status=BallotStatus.CANCELLED))
        .select_related("body", "charter_version")
        .order_by("decided_on", "pk")
    )
    awaiting = []
    for decision in pending:
        state = decision_procedure(decision, today)
        current = state.current if state else None
        taker = step_body(decision, current.step) if current else None
        takers = (
            [taker] if taker is not None else (step_bodies(decision, current) if current else [])
        )
        if body.pk in {t.pk for t in takers}:
            awaiting.append(AwaitedStep(decision, current.step.kind.value))
    return awaiting
