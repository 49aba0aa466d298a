"""The competence check: may this body take this decision, this way, under this charter?

Pure Python over the charter's data, so the ledger, the meetings and the API all ask the same
question in the same place."""

from __future__ import annotations

from dataclasses import dataclass, field

from minutebook.charter.spec import NO_QUORUM_FIXED, Charter, SeatMethod
from minutebook.voting.motions import decide

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
    notes: list[str] = []
    if body_spec.quorum is None:
        notes.append(f"The {body_spec.name} has no quorum: {NO_QUORUM_FIXED}.")
    elif tally.present is not None:
        required = body_spec.quorum.required(seats_filled)
        if tally.present < required:
            failures.append(
                Failure(
                    "quorum",
                    f"no quorum: {tally.present} present, the charter requires "
                    f"{body_spec.quorum.describe()} ({required} of {seats_filled} seats filled)",
                    body_spec.articles,
                )
            )

    explanation = ""
    counts = tally.counts()
    if counts is None:
        failures.append(
            Failure(
                "tally",
                "the vote is missing: give the votes for and against, or unanimous with the number present",
            )
        )
    else:
        yes, no, abstain = counts
        try:
            outcome = decide(
                competence.threshold,
                yes=yes,
                no=no,
                abstain=abstain,
                present=tally.present,
                entire=seats_filled,
            )
        except ValueError as error:
            failures.append(Failure("tally", str(error), spec.articles))
        else:
            explanation = outcome.explanation
            if not outcome.adopted:
                failures.append(Failure("threshold", outcome.explanation, spec.articles))

    if spec.notice_required and not notice_given:
        failures.append(
            Failure(
                "notice",
                f"'{spec.name}' requires prior notice of the proposal, and none was given",
                spec.articles,
            )
        )

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
