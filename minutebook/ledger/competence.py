"""The competence check: may this body take this decision, this way, under this charter?

Pure Python over the charter's data, so the ledger, the meetings and the API all ask the same
question in the same place."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from minutebook.charter.spec import (
    NO_QUORUM_FIXED,
    UNIT_STEPS,
    BodySpec,
    Charter,
    DecisionTypeSpec,
    ProcedureStep,
    SeatMethod,
    StepKind,
    UnitsConcerned,
)
from minutebook.voting.motions import MotionOutcome, decide
from minutebook.voting.thresholds import threshold_words

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
    decided_on: dt.date | None = None


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
    by_ballot: bool = False,
    decided_on: dt.date | None = None,
    amount: Decimal | None = None,
    affected_units: tuple[str, ...] | None = None,
) -> CompetenceCheck:
    """`by_ballot`: the decision was taken by a ballot outside meetings, counted by the
    software; otherwise at a meeting (or recorded by hand), which a type the body takes only
    by ballot forbids."""
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
    failures.extend(_quorum_failures(charter, body.definition, tally, seats_filled, spec))
    outcome, tally_failures = _measure(competence.threshold, tally, seats_filled, spec.articles)
    failures.extend(tally_failures)
    explanation = " ".join([*notes, outcome.explanation]) if outcome else " ".join(notes)
    if outcome is not None and not outcome.adopted:
        failures.append(Failure("threshold", outcome.explanation, spec.articles))

    if spec.notice_required and not notice_given:
        if spec.notice is not None:
            message = (
                f"'{spec.name}' requires {spec.notice.notice_words()} of the proposal, "
                "and it was not given that long before"
            )
        else:
            message = f"'{spec.name}' requires prior notice of the proposal, and none was given"
        failures.append(Failure("notice", message, spec.articles))

    if not by_ballot:
        failures.extend(_by_ballot_only(body_spec, spec, spec.articles))
    failures.extend(_check_recommendations(charter, spec, body, recommendation, amount))
    failures.extend(_check_amount(spec, amount))
    failures.extend(_check_affected_units(charter, spec, body, amount, affected_units or ()))
    if ends is not None:
        failures.extend(_check_ending(charter, body, spec.id, ends))
        failures.extend(_check_protection(charter, ends, decided_on, tally, seats_filled))
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


def _quorum_failures(
    charter: Charter,
    body_id: str,
    tally: Tally,
    seats_filled: int,
    spec: DecisionTypeSpec | None = None,
):
    """The body's quorum, or for a decision type with a quorum of its own (`quorum:` on the
    type: "for amendments the quorum is one third of members") that one instead."""
    body_spec = charter.body(body_id)
    own = spec.quorum if spec is not None else None
    quorum = own or body_spec.quorum
    if tally.present is None or quorum is None:  # none taken, or none fixed
        return
    # A quorum by the size of the unit (bands): where every member of the unit holds a seat,
    # the seats filled are the unit's members; otherwise the size is not known here.
    general = all(rule.method == SeatMethod.ALL_MEMBERS for rule in body_spec.seats)
    size = seats_filled if quorum.bands and general else None
    required = quorum.required(seats_filled, size)
    if tally.present < required:
        rule = f"{quorum.describe(size)} for '{spec.name}'" if own else quorum.describe(size)
        yield Failure(
            "quorum",
            f"no quorum: {tally.present} present, the charter requires "
            f"{rule} ({required} of {seats_filled} seats filled)",
            spec.articles if own else body_spec.articles,
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


def _check_amount(spec: DecisionTypeSpec, amount: Decimal | None):
    if amount is not None and spec.amount is None:
        yield Failure("amount", f"'{spec.name}' records no amount: leave it out", spec.articles)
    elif amount is not None and amount < 0:
        yield Failure("amount", f"an amount is 0 or more, not {amount}", spec.articles)


def _check_affected_units(
    charter: Charter,
    spec: DecisionTypeSpec,
    body: BodyRef,
    amount: Decimal | None,
    affected: tuple[str, ...],
):
    """A type whose procedure asks the affected units names them: units of the kind of the
    step's body, at or below the deciding body's unit; a type that asks none names none."""
    steps = [
        step
        for step in spec.steps_after_adoption
        if step.kind in UNIT_STEPS and step.units == UnitsConcerned.AFFECTED
    ]
    if not steps:
        if affected:
            yield Failure(
                "affected_units",
                f"'{spec.name}' asks no affected units: name none",
                spec.articles,
            )
        return
    if not affected:
        if any(step.applies(amount) for step in steps):
            kind = charter.body(steps[0].body).per_unit_kind
            yield Failure(
                "affected_units",
                f"'{spec.name}' asks the agreement of the {kind} units it affects: name them",
                spec.articles,
            )
        return
    known = {unit.id: unit for unit in charter.units}
    kinds = {charter.body(step.body).per_unit_kind for step in steps}
    for unit_id in affected:
        unit = known.get(unit_id)
        if unit is None or unit.kind not in kinds:
            yield Failure(
                "affected_units",
                f"'{unit_id}' is not a unit of kind {', '.join(sorted(k for k in kinds if k))}",
                spec.articles,
            )
        elif body.unit is not None and not charter.is_within(unit_id, body.unit):
            yield Failure(
                "affected_units",
                f"{unit.name} is outside the unit of {body.name}",
                spec.articles,
            )


def _check_protection(
    charter: Charter,
    target: Target,
    decided_on: dt.date | None,
    tally: Tally,
    seats_filled: int,
):
    """A decision of a protected type is not rescinded or amended within its months, or
    only by the vote the protection names."""
    spec = _decision_type_or_none(charter, target.decision_type)
    if spec is None or spec.protected is None or decided_on is None or target.decided_on is None:
        return
    protection = spec.protected
    until = protection.until(target.decided_on)
    if decided_on >= until:
        return
    period = (
        f"{target.reference} of {target.decided_on} is protected for {protection.months} "
        f"month{'s' if protection.months != 1 else ''}, until {until}"
    )
    if protection.except_threshold is None:
        yield Failure("protected", f"{period}: it may not be ended before then", spec.articles)
        return
    outcome, _ = _measure(protection.except_threshold, tally, seats_filled, spec.articles)
    if outcome is not None and not outcome.adopted:
        yield Failure(
            "protected",
            f"{period}, except by {threshold_words(protection.except_threshold)}: "
            f"{outcome.explanation}",
            spec.articles,
        )


def _check_recommendations(
    charter: Charter,
    spec: DecisionTypeSpec,
    body: BodyRef,
    recommendation: Target | None,
    amount: Decimal | None = None,
):
    """A type whose procedure asks for a recommendation is decided on one: an open decision
    of the recommending type, by the recommending body that acts for the deciding body. A
    recommendation asked only above an amount is asked of decisions above it; one named
    below it is checked all the same (it does no harm, and must be the right one)."""
    for step in spec.recommendations:
        if recommendation is None and not step.applies(amount):
            continue
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
    decision_type: DecisionTypeSpec | None = None,
    by_ballot: bool = False,
    units: tuple[str, ...] | None = None,
    answered: tuple[str, ...] = (),
) -> tuple[CompetenceCheck, MotionOutcome | None]:
    """A later step of a decision's procedure, taken by `body`: the right body, in its time,
    with its quorum. Its vote is measured against the step's threshold; that it does not carry
    is the step's outcome (a ratification refused), not a failure. For a units step, `body`
    is one of the units concerned (`units`) that has not answered yet (`answered`)."""
    failures: list[Failure] = []
    if step.kind == StepKind.OUTSIDE_APPROVAL:
        failures.append(
            Failure(
                "step_body",
                f"the approval awaited is that of {step.outside}, outside the organization, "
                f"not a vote of {body.name}: record it with the outside body's reference",
                articles,
            )
        )
        failures.extend(_step_dates(step, decided_on, opens_on, due_on, articles))
        return CompetenceCheck(tuple(failures), articles=articles), None
    step_body = charter.body(step.body)
    acting = charter.acting_unit(step.body, decision_unit) if decision_unit else None
    if step.kind in UNIT_STEPS:
        failures.extend(_units_step_body(charter, step, body, units or (), answered, articles))
    elif body.definition != step.body or (acting is not None and body.unit != acting):
        failures.append(
            Failure(
                "step_body",
                f"the {step.kind.value} is for {step_body.name}"
                + (f" of '{acting}'" if acting and step_body.per_unit_kind else "")
                + f", not {body.name}",
                articles,
            )
        )
    failures.extend(_step_dates(step, decided_on, opens_on, due_on, articles))
    if body.definition == step.body:
        failures.extend(_quorum_failures(charter, step.body, tally, seats_filled))
        if decision_type is not None and not by_ballot:
            failures.extend(_by_ballot_only(step_body, decision_type, articles))
    outcome, tally_failures = _measure(step.threshold, tally, seats_filled, articles)
    failures.extend(tally_failures)
    check = CompetenceCheck(
        tuple(failures),
        threshold=step.threshold,
        explanation=outcome.explanation if outcome else "",
        articles=articles,
    )
    return check, outcome


def _by_ballot_only(body: BodySpec, spec: DecisionTypeSpec, articles: tuple[str, ...]):
    """A body whose `ballots: questions:` take this decision type (or every motion) only by
    ballot: taken otherwise (at a meeting, or recorded by hand), it is irregular."""
    only = body.ballots.only_by_ballot("motion", spec.id) if body.ballots else None
    if only is not None:
        yield Failure(
            "by_ballot_only",
            f"the {body.name} takes {'these' if only.decision_type else 'its'} decisions "
            f"('{spec.name}') only by ballot outside meetings: call a ballot of it",
            articles,
        )


def _step_dates(
    step: ProcedureStep,
    decided_on: dt.date,
    opens_on: dt.date | None,
    due_on: dt.date | None,
    articles: tuple[str, ...],
):
    what = step_noun(step)
    if opens_on is None:
        yield Failure("step_order", f"the {what} is not due yet", articles)
    elif decided_on < opens_on:
        yield Failure(
            "step_order",
            f"a {what} of {decided_on} comes before the step it follows ({opens_on})",
            articles,
        )
    if due_on is not None and decided_on > due_on:
        yield Failure(
            "step_late", f"the {what} was due by {due_on}: {decided_on} is too late", articles
        )


def step_noun(step: ProcedureStep) -> str:
    return {
        StepKind.UNITS_AGREE: "agreement of the units",
        StepKind.UNITS_VETO: "veto of the units",
        StepKind.OUTSIDE_APPROVAL: "outside approval",
    }.get(step.kind, step.kind.value)


def _units_step_body(
    charter: Charter,
    step: ProcedureStep,
    body: BodyRef,
    units: tuple[str, ...],
    answered: tuple[str, ...],
    articles: tuple[str, ...],
):
    step_body = charter.body(step.body)
    names = ", ".join(charter.unit(unit).name for unit in units) or "none"
    if body.definition != step.body or body.unit not in units:
        yield Failure(
            "step_body",
            f"the {step_noun(step)} is for the {step_body.name} of each unit concerned "
            f"({names}), not {body.name}",
            articles,
        )
    elif body.unit in answered:
        yield Failure(
            "step_answered",
            f"{body.name} has answered already: each unit answers once",
            articles,
        )


def check_outside_step(
    *,
    step: ProcedureStep,
    decided_on: dt.date,
    opens_on: dt.date | None,
    due_on: dt.date | None,
    reference: str,
    articles: tuple[str, ...] = (),
) -> CompetenceCheck:
    """The approval of a body outside the organization: the step awaited, in its time, with
    the reference of the outside body's answer."""
    failures: list[Failure] = []
    if step.kind != StepKind.OUTSIDE_APPROVAL:
        failures.append(
            Failure(
                "step_body",
                f"the step awaited is the {step_noun(step)} of a body of the organization, "
                "not an outside approval",
                articles,
            )
        )
    failures.extend(_step_dates(step, decided_on, opens_on, due_on, articles))
    if not reference.strip():
        failures.append(
            Failure(
                "outside_reference",
                "give the reference of the outside body's answer (its letter, minute or "
                "resolution)",
                articles,
            )
        )
    return CompetenceCheck(tuple(failures), articles=articles)


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
