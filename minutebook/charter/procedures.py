"""A decision type's `procedure:`: the steps besides its adoption, read and checked.

    procedure:
      - recommend: {body: board, decision_type: budget.recommend}
      - ratify: {body: members, threshold: majority_cast, within_days: 90}
      - consent: {body: first-nations-caucus, within_days: 60}
      - veto: {body: central-committee, within_days: 30, threshold: two_thirds_cast}

A recommendation comes before the adoption; ratifications and consents follow it in the order
written, each by its body's own vote; a veto window opens once the approvals before it are
given. Following a decision through its steps is the ledger's work.
"""

from __future__ import annotations

from minutebook.charter.drafts import Draft, Problems
from minutebook.charter.readers import (
    OPTIONAL,
    REQUIRED,
    expected,
    read_id,
    read_threshold,
    reader,
    whole_number,
)
from minutebook.charter.spec import ProcedureStep, StepKind
from minutebook.charter.yaml_nodes import Node

_within_days = whole_number(1, "a number of days")

_STEP_FIELDS = {
    StepKind.RECOMMEND: {"body": (REQUIRED, read_id), "decision_type": (REQUIRED, read_id)},
    StepKind.RATIFY: {
        "body": (REQUIRED, read_id),
        "threshold": (OPTIONAL, read_threshold),
        "within_days": (OPTIONAL, _within_days),
    },
    StepKind.CONSENT: {
        "body": (REQUIRED, read_id),
        "threshold": (OPTIONAL, read_threshold),
        "within_days": (OPTIONAL, _within_days),
    },
    StepKind.VETO: {
        "body": (REQUIRED, read_id),
        "threshold": (OPTIONAL, read_threshold),
        "within_days": (REQUIRED, _within_days),
    },
}
_STEP_READERS = {
    kind: reader(fields, f"a {kind.value} step ({{body: ...}})")
    for kind, fields in _STEP_FIELDS.items()
}


def read_step(problems: Problems, node: Node) -> Draft | None:
    """One step: a mapping with one key, the kind of step."""
    kinds = ", ".join(StepKind)
    if not node.is_mapping or len(node.value) != 1:
        expected(
            problems, node, f"a step: one of {kinds} with its body ({{ratify: {{body: ...}}}})"
        )
        return None
    ((kind, value),) = node.value.items()
    if kind not in _STEP_READERS:
        problems.unknown_key(node, kind, list(StepKind))
        return None
    draft = _STEP_READERS[StepKind(kind)](problems, value)
    if draft is not None:
        draft.values["kind"] = StepKind(kind)
    return draft


def read_procedure(problems: Problems, node: Node) -> list[Draft] | None:
    if not node.is_sequence:
        expected(problems, node, "a list of steps")
        return None
    steps = [read_step(problems, item) for item in node.value if not item.broken]
    steps = [step for step in steps if step is not None]
    seen_after = False
    for step in steps:
        if step.get("kind") == StepKind.RECOMMEND and seen_after:
            problems.add(
                step.node, "a recommendation comes before the adoption: list it before the others"
            )
        seen_after = seen_after or step.get("kind") != StepKind.RECOMMEND
    return steps


def check(problems: Problems, top: Draft) -> None:
    """References of every decision type's procedure: known bodies and decision types, a step
    body other than the deciding bodies, a recommending body competent for its type."""
    bodies = {b.get("id") for b in top.get("bodies", []) if b.get("id")}
    types = {t.get("id"): t for t in top.get("decision_types", []) if t.get("id")}
    for decision_type in top.get("decision_types", []):
        deciding = _deciding_bodies(decision_type, bodies)
        for step in decision_type.get("procedure", []):
            if decision_type.get("id") == "charter.amend" and step.get("kind") == StepKind.VETO:
                problems.add(
                    step.node,
                    "an amended charter takes effect when it is adopted or ratified: a veto "
                    "window after that would leave the charter in force in doubt; ask for a "
                    "ratification or consent instead",
                )
            body = step.get("body")
            if body is not None and body not in bodies:
                problems.unknown(step.at("body"), "body", body, bodies)
                continue
            if body in deciding and step.get("kind") != StepKind.RECOMMEND:
                problems.add(
                    step.at("body"),
                    f"'{body}' itself takes '{decision_type.get('id')}' decisions: a "
                    f"{step.get('kind')} by the deciding body is no separate step",
                )
            recommending = step.get("decision_type")
            if recommending is None:
                continue
            if recommending not in types:
                problems.unknown(step.at("decision_type"), "decision type", recommending, types)
            elif body not in _deciding_bodies(types[recommending], bodies):
                problems.add(
                    step.at("decision_type"),
                    f"'{body}' may not take '{recommending}' decisions, so it cannot make "
                    "this recommendation",
                )


def _deciding_bodies(decision_type: Draft, bodies: set[str]) -> set[str]:
    entries = decision_type.get("bodies")
    if entries == "all":
        return set(bodies)
    return {entry.get("body") for entry in entries or () if entry.get("body")}


def assemble(steps: list[Draft]) -> tuple[ProcedureStep, ...]:
    return tuple(
        ProcedureStep(
            kind=step.get("kind"),
            body=step.get("body"),
            threshold=step.get("threshold", "majority_cast"),
            within_days=step.get("within_days"),
            decision_type=step.get("decision_type"),
        )
        for step in steps
    )
