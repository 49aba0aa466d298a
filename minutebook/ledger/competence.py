"""The competence check: may this body take this decision, this way, under this charter?

Pure Python over the charter's data, so the ledger, the meetings and the API all ask the same
question in the same place."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from minutebook.charter.spec import (
    NO_QUORUM_FIXED,
    Charter,
    DecisionTypeSpec,
    ProcedureStep,
    SeatMethod,
)
from minutebook.voting.motions import MotionOutcome, decide

RESCIND = "decision.rescind"


@dataclass(frozen=True)
class Tally:
    votes_for: int | None = None
    votes_against: int | None = None
    votes_abstain: int | None = None
    unanimous: bool = False
    present: int | None = None

    def counts(self) -> tuple[int, int, int] | None:
        if self.unanimous:
            if self.votes_for is not None:
                return self.votes_for, 0, 0
            return (self.present, 0, 0) if self.present is not None else None
        if self.votes_for is None or self.votes_against is None:
            return None
        return self.votes_for, self.votes_against, self.votes_abstain or 0


@dataclass(frozen=True)
class BodyRef:
    """The deciding body as the check needs it: its charter definition (None when the charter
    does not define it), its unit, and its name for messages."""

    name: str
    definition: str | None
    unit: str | None


@dataclass(frozen=True)
class Target:
    """A decision that the checked decision would rescind or amend."""

    reference: str
    decision_type: str
    is_open: bool
    status_label: str
    body: BodyRef


@dataclass(frozen=True)
class Failure:
    rule: str
    message: str
    articles: tuple[str, ...] = ()

    def to_json(self) -> dict:
        return {"rule": self.rule, "message": self.message, "articles": list(self.articles)}


@dataclass(frozen=True)
class CompetenceCheck:
    failures: tuple[Failure, ...]
    threshold: str = ""
    explanation: str = ""
    articles: tuple[str, ...] = field(default=())

    @property
    def passed(self) -> bool:
        return not self.failures


def check_decision(
    *,
    charter: Charter,
    body: BodyRef,
    decision_type: str,
    tally: Tally,
    seats_filled: int,
    notice_given: bool,
    ends: Target | None = None,
    recommendation: Target | None = None,
) -> CompetenceCheck:
    if body.definition is None:
        return CompetenceCheck(
            (
                Failure(
                    "unchartered_body",
                    f"{body.name} is not a body of the charter: it cannot take binding decisions",
                ),
            )
        )
    try:
        spec = charter.decision_type(decision_type)
    except KeyError:
        return CompetenceCheck(
            (Failure("unknown_type", f"the charter has no decision type '{decision_type}'"),)
        )
    failures: list[Failure] = []
    competence = spec.competence_of(body.definition)
    if competence is None:
        allowed = ", ".join(charter.body(c.body).name for c in spec.competences)
        failures.append(
            Failure(
                "wrong_body",
                f"{body.name} may not decide '{spec.name}': the charter gives it to {allowed}",
                spec.articles,
            )
        )
        return CompetenceCheck(tuple(failures), articles=spec.articles)

    body_spec = charter.body(body.definition)
    notes = (
        [f"The {body_spec.name} has no quorum: {NO_QUORUM_FIXED}."]
        if body_spec.quorum is None
        else []
    )
    failures.extend(_quorum_failures(charter, body.definition, tally, seats_filled))
    outcome, tally_failures = _measure(competence.threshold, tally, seats_filled, spec.articles)
    failures.extend(tally_failures)
    explanation = " ".join([*notes, outcome.explanation]) if outcome else " ".join(notes)
    if outcome is not None and not outcome.adopted:
        failures.append(Failure("threshold", outcome.explanation, spec.articles))

    if spec.notice_required and not notice_given:
        failures.append(
            Failure(
                "notice",
                f"'{spec.name}' requires prior notice of the proposal, and none was given",
                spec.articles,
            )
        )

    failures.extend(_check_recommendations(charter, spec, body, recommendation))
    if ends is not None:
        failures.extend(_check_ending(charter, body, spec.id, ends))
    elif decision_type == RESCIND:
        failures.append(
            Failure("rescind_target", "a rescission must name the decision it rescinds")
        )

    return CompetenceCheck(
        tuple(failures),
        threshold=competence.threshold,
        explanation=" ".join([*notes, explanation]).strip(),
        articles=spec.articles,
    )


def _quorum_failures(charter: Charter, body_id: str, tally: Tally, seats_filled: int):
    body_spec = charter.body(body_id)
    if tally.present is None or body_spec.quorum is None:  # none taken, or none fixed
        return
    # A quorum by the size of the unit (bands): where every member of the unit holds a seat,
    # the seats filled are the unit's members; otherwise the size is not known here.
    general = all(rule.method == SeatMethod.ALL_MEMBERS for rule in body_spec.seats)
    size = seats_filled if body_spec.quorum.bands and general else None
    required = body_spec.quorum.required(seats_filled, size)
    if tally.present < required:
        yield Failure(
            "quorum",
            f"no quorum: {tally.present} present, the charter requires "
            f"{body_spec.quorum.describe(size)} ({required} of {seats_filled} seats filled)",
            body_spec.articles,
        )


def _measure(
    threshold: str, tally: Tally, seats_filled: int, articles: tuple[str, ...]
) -> tuple[MotionOutcome | None, list[Failure]]:
    """The vote measured against the threshold, or the failure that it cannot be."""
    counts = tally.counts()
    if counts is None:
        message = "the vote is missing: give the votes for and against, or unanimous with the number present"
        return None, [Failure("tally", message)]
    yes, no, abstain = counts
    try:
        outcome = decide(
            threshold, yes=yes, no=no, abstain=abstain, present=tally.present, entire=seats_filled
        )
    except ValueError as error:
        return None, [Failure("tally", str(error), articles)]
    return outcome, []


def _check_recommendations(
    charter: Charter, spec: DecisionTypeSpec, body: BodyRef, recommendation: Target | None
):
    """A type whose procedure asks for a recommendation is decided on one: an open decision
    of the recommending type, by the recommending body that acts for the deciding body."""
    for step in spec.recommendations:
        recommending = charter.body(step.body).name
        wanted_unit = charter.acting_unit(step.body, body.unit) if body.unit else None
        if recommendation is None:
            yield Failure(
                "recommendation",
                f"'{spec.name}' is decided on a recommendation of {recommending}, and none is named",
                spec.articles,
            )
        elif (
            recommendation.decision_type != step.decision_type
            or recommendation.body.definition != step.body
            or (wanted_unit is not None and recommendation.body.unit != wanted_unit)
        ):
            yield Failure(
                "recommendation",
                f"{recommendation.reference} is not a recommendation of {recommending} "
                f"('{step.decision_type}')",
                spec.articles,
            )
        elif not recommendation.is_open:
            yield Failure(
                "recommendation",
                f"the recommendation {recommendation.reference} is {recommendation.status_label}",
                spec.articles,
            )
    if recommendation is not None and not spec.recommendations:
        yield Failure(
            "recommendation", f"'{spec.name}' is not decided on a recommendation", spec.articles
        )


def check_step(
    *,
    charter: Charter,
    step: ProcedureStep,
    body: BodyRef,
    decision_unit: str | None,
    tally: Tally,
    seats_filled: int,
    decided_on: dt.date,
    opens_on: dt.date | None,
    due_on: dt.date | None,
    articles: tuple[str, ...] = (),
) -> tuple[CompetenceCheck, MotionOutcome | None]:
    """A later step of a decision's procedure, taken by `body`: the right body, in its time,
    with its quorum. Its vote is measured against the step's threshold; that it does not carry
    is the step's outcome (a ratification refused), not a failure."""
    failures: list[Failure] = []
    step_body = charter.body(step.body)
    acting = charter.acting_unit(step.body, decision_unit) if decision_unit else None
    if body.definition != step.body or (acting is not None and body.unit != acting):
        failures.append(
            Failure(
                "step_body",
                f"the {step.kind.value} is for {step_body.name}"
                + (f" of '{acting}'" if acting and step_body.per_unit_kind else "")
                + f", not {body.name}",
                articles,
            )
        )
    if opens_on is None:
        failures.append(Failure("step_order", f"the {step.kind.value} is not due yet", articles))
    elif decided_on < opens_on:
        failures.append(
            Failure(
                "step_order",
                f"a {step.kind.value} of {decided_on} comes before the step it follows ({opens_on})",
                articles,
            )
        )
    if due_on is not None and decided_on > due_on:
        failures.append(
            Failure(
                "step_late",
                f"the {step.kind.value} was due by {due_on}: {decided_on} is too late",
                articles,
            )
        )
    if body.definition == step.body:
        failures.extend(_quorum_failures(charter, step.body, tally, seats_filled))
    outcome, tally_failures = _measure(step.threshold, tally, seats_filled, articles)
    failures.extend(tally_failures)
    check = CompetenceCheck(
        tuple(failures),
        threshold=step.threshold,
        explanation=outcome.explanation if outcome else "",
        articles=articles,
    )
    return check, outcome


def _check_ending(charter: Charter, body: BodyRef, decision_type: str, target: Target):
    if decision_type not in (RESCIND, target.decision_type):
        yield Failure(
            "ends_type",
            f"a '{decision_type}' decision cannot end {target.reference} "
            f"(a '{target.decision_type}'): only a rescission or an amendment of the same type can",
        )
        return
    if not target.is_open:
        yield Failure("ends_closed", f"{target.reference} is already {target.status_label}")
    if decision_type == RESCIND:
        target_spec = _decision_type_or_none(charter, target.decision_type)
        if target_spec is None or target_spec.competence_of(body.definition) is None:
            yield Failure(
                "rescind_competence",
                f"{body.name} may not rescind {target.reference}: it may not take "
                f"'{target.decision_type}' decisions itself",
                target_spec.articles if target_spec else (),
            )
    if not has_authority_over(charter, body, target.body):
        yield Failure(
            "rescind_authority",
            f"{body.name} has no authority over decisions of {target.body.name}: only that body, "
            "a body that elects or appoints it, or a body of a higher unit may end them",
        )


def _decision_type_or_none(charter: Charter, type_id: str):
    try:
        return charter.decision_type(type_id)
    except KeyError:
        return None


def has_authority_over(charter: Charter, body: BodyRef, other: BodyRef) -> bool:
    """A body may end the decisions of itself, of the bodies it elects or appoints (directly
    or through them), and of bodies of units below its own unit. Anyone may end what an
    unchartered group claimed to decide, provided the body is competent for the type."""
    if other.definition is None:
        return True
    if body.definition == other.definition and body.unit == other.unit:
        return True
    if _fills_seats_of(charter, body.definition, other.definition):
        return True
    return _unit_strictly_above(charter, body.unit, other.unit)


def _fills_seats_of(charter: Charter, chooser: str, chosen: str) -> bool:
    seen: set[str] = set()
    frontier = [chosen]
    while frontier:
        current = frontier.pop()
        if current in seen:
            continue
        seen.add(current)
        for rule in charter.body(current).seats:
            if rule.method in (SeatMethod.ELECTED, SeatMethod.APPOINTED) and rule.by_body:
                if rule.by_body == chooser:
                    return True
                frontier.append(rule.by_body)
    return False


def _unit_strictly_above(charter: Charter, upper: str | None, lower: str | None) -> bool:
    if upper is None or lower is None:
        return False
    parents = {unit.id: unit.parent for unit in charter.units}
    parent = parents.get(lower)
    while parent is not None:
        if parent == upper:
            return True
        parent = parents.get(parent)
    return False
