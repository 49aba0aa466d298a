"""A decision type's `procedure:`: the steps besides its adoption, read and checked.

    procedure:
      - recommend: {body: board, decision_type: budget.recommend}
      - ratify: {body: members, threshold: majority_cast, within_days: 90}
      - consent: {body: first-nations-caucus, within_days: 60}
      - veto: {body: central-committee, within_days: 30, threshold: two_thirds_cast}
      - units_agree: {body: branch-meeting, units: affected, needs: all, within_days: 60}
      - units_veto: {body: branch-meeting, units: all, needs: majority, within_days: 30}
      - outside_approval: {by: "National Executive Board", within_days: 90}
      - recommend: {body: board, decision_type: spend.recommend, when: {amount_above: 10000}}

A recommendation comes before the adoption; ratifications and consents follow it in the order
written, each by its body's own vote; a veto window opens once the approvals before it are
given. A units step asks each unit concerned through its own instance of a body defined per
unit kind. A step with `when:` applies only to decisions above an amount (the type's
`amount:`). A decision type's `protected:` keeps its decisions from rescission for a time.
Following a decision through its steps is the ledger's work.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from fractions import Fraction

from minutebook.charter.drafts import Draft, Problems
from minutebook.charter.readers import (
    OPTIONAL,
    REQUIRED,
    choice,
    expected,
    read_id,
    read_text,
    read_threshold,
    reader,
    whole_number,
)
from minutebook.charter.spec import (
    UNIT_STEPS,
    VETOES,
    AmountCondition,
    AmountRule,
    ProcedureStep,
    Protection,
    StepKind,
    UnitsConcerned,
    UnitsNeeded,
)
from minutebook.charter.yaml_nodes import Node
from minutebook.voting.thresholds import ThresholdError, parse_share

_within_days = whole_number(1, "a number of days")

_NEEDS_WORDS = {"all": UnitsNeeded(), "majority": UnitsNeeded(Fraction(1, 2), more_than=True)}


def read_needs(problems: Problems, node: Node) -> UnitsNeeded | None:
    """How many of the units concerned: `all`, `majority`, `{at_least: 2/3}` or
    `{more_than: 1/2}` (a share as thresholds write it: 2/3, 60%, 0.6)."""
    if isinstance(node.value, str) and node.value in _NEEDS_WORDS:
        return _NEEDS_WORDS[node.value]
    if node.is_mapping and len(node.value) == 1:
        ((key, value),) = node.value.items()
        if key in ("at_least", "more_than"):
            try:
                share = parse_share(value.value, ())
            except ThresholdError as error:
                problems.add(value, error.message)
                return None
            if key == "more_than" and share.value == 1:
                problems.add(value, "more than all of the units can never be reached")
                return None
            return UnitsNeeded(share.value, more_than=key == "more_than")
    expected(problems, node, "how many units: all, majority, {at_least: 2/3} or {more_than: 1/2}")
    return None


def read_amount_number(problems: Problems, node: Node) -> Decimal | None:
    """An amount, exactly as written (10000, 10000.50, "10,000" is not a number)."""
    value = node.value
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        expected(problems, node, "an amount (a number such as 10000 or 2500.50)")
        return None
    try:
        amount = Decimal(str(node.raw if node.raw is not None else value).strip())
    except InvalidOperation:
        expected(problems, node, "an amount (a number such as 10000 or 2500.50)")
        return None
    if not amount.is_finite() or amount < 0:
        problems.add(node, f"an amount must be 0 or more, got {node.raw}")
        return None
    return amount


def read_when(problems: Problems, node: Node) -> AmountCondition | None:
    """`{amount_above: 10000}` (strictly more) or `{amount_at_least: 10000}`."""
    if node.is_mapping and len(node.value) == 1:
        ((key, value),) = node.value.items()
        if key in ("amount_above", "amount_at_least"):
            limit = read_amount_number(problems, value)
            if limit is None:
                return None
            return AmountCondition(limit, inclusive=key == "amount_at_least")
        problems.unknown_key(node, key, ["amount_above", "amount_at_least"])
        return None
    expected(problems, node, "a condition: {amount_above: 10000} or {amount_at_least: 10000}")
    return None


_units_concerned = choice(tuple(UnitsConcerned), "units")
_WHEN = {"when": (OPTIONAL, read_when)}
_UNITS_FIELDS = {
    "body": (REQUIRED, read_id),
    "units": (REQUIRED, _units_concerned),
    "needs": (OPTIONAL, read_needs),
    "threshold": (OPTIONAL, read_threshold),
}

_STEP_FIELDS = {
    StepKind.RECOMMEND: {
        "body": (REQUIRED, read_id),
        "decision_type": (REQUIRED, read_id),
        **_WHEN,
    },
    StepKind.RATIFY: {
        "body": (REQUIRED, read_id),
        "threshold": (OPTIONAL, read_threshold),
        "within_days": (OPTIONAL, _within_days),
        **_WHEN,
    },
    StepKind.CONSENT: {
        "body": (REQUIRED, read_id),
        "threshold": (OPTIONAL, read_threshold),
        "within_days": (OPTIONAL, _within_days),
        **_WHEN,
    },
    StepKind.VETO: {
        "body": (REQUIRED, read_id),
        "threshold": (OPTIONAL, read_threshold),
        "within_days": (REQUIRED, _within_days),
        **_WHEN,
    },
    StepKind.UNITS_AGREE: {**_UNITS_FIELDS, "within_days": (OPTIONAL, _within_days), **_WHEN},
    StepKind.UNITS_VETO: {**_UNITS_FIELDS, "within_days": (REQUIRED, _within_days), **_WHEN},
    StepKind.OUTSIDE_APPROVAL: {
        "by": (REQUIRED, read_text),
        "within_days": (OPTIONAL, _within_days),
        **_WHEN,
    },
}
_STEP_READERS = {
    kind: reader(
        fields,
        f"a {kind.value} step ({{by: ...}})"
        if kind == StepKind.OUTSIDE_APPROVAL
        else f"a {kind.value} step ({{body: ...}})",
    )
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
        check_protection(problems, decision_type)
        deciding = _deciding_bodies(decision_type, bodies)
        for step in decision_type.get("procedure", []):
            if step.get("when") is not None and decision_type.get("amount") is None:
                problems.add(
                    step.at("when"),
                    f"'{decision_type.get('id')}' records no amount: give the decision type "
                    "`amount:` (plain, or {currency: ...}) for a step that depends on one",
                )
            if decision_type.get("id") == "charter.amend" and step.get("kind") in VETOES:
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
            if step.get("kind") in UNIT_STEPS:
                _check_units_body(problems, top, step, body)
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


def _check_units_body(problems: Problems, top: Draft, step: Draft, body: str) -> None:
    """A units step asks each unit through its own instance of a body: one defined per unit
    kind."""
    for entry in top.get("bodies", []):
        if entry.get("id") == body and entry.get("per_unit_kind") is None:
            problems.add(
                step.at("body"),
                f"'{body}' is one body, not one in each unit: the units concerned agree or veto "
                "each through its own instance of a body defined with `per_unit_kind`",
            )


def check_protection(problems: Problems, decision_type: Draft) -> None:
    """`protected:` is for decisions that can be rescinded at all."""
    if decision_type.get("protected") is not None and decision_type.get("id") in (
        "decision.rescind",
        "charter.amend",
    ):
        problems.add(
            decision_type.at("protected"),
            f"'{decision_type.get('id')}' decisions are not rescinded: protect the decision "
            "types whose decisions a rescission may end",
        )


def _read_currency(problems: Problems, node: Node) -> str | None:
    return read_text(problems, node)


_read_amount_mapping = reader({"currency": (REQUIRED, _read_currency)}, "an amount rule")


def read_amount_rule(problems: Problems, node: Node) -> AmountRule | None:
    """`amount: plain` (a number) or `amount: {currency: USD}`."""
    if node.value == "plain":
        return AmountRule()
    if node.is_mapping:
        draft = _read_amount_mapping(problems, node)
        if draft is None or draft.get("currency") is None:
            return None
        return AmountRule(currency=draft.get("currency").strip())
    expected(problems, node, "plain or {currency: ...}")
    return None


_read_protection_mapping = reader(
    {
        "months": (REQUIRED, whole_number(1, "a number of months")),
        "except": (OPTIONAL, read_threshold),
    },
    "a protection ({months: 12, except: two_thirds_cast})",
)


def read_protection(problems: Problems, node: Node) -> Protection | None:
    """`protected: {months: 12, except: two_thirds_cast}`: not rescinded within 12 months
    except by two thirds; without `except`, not at all within them."""
    draft = _read_protection_mapping(problems, node)
    if draft is None or draft.get("months") is None:
        return None
    return Protection(months=draft.get("months"), except_threshold=draft.get("except"))


def _deciding_bodies(decision_type: Draft, bodies: set[str]) -> set[str]:
    entries = decision_type.get("bodies")
    if entries == "all":
        return set(bodies)
    return {entry.get("body") for entry in entries or () if entry.get("body")}


def assemble(steps: list[Draft]) -> tuple[ProcedureStep, ...]:
    return tuple(
        ProcedureStep(
            kind=step.get("kind"),
            body=step.get("body") or "",
            threshold=step.get("threshold", "majority_cast"),
            within_days=step.get("within_days"),
            decision_type=step.get("decision_type"),
            units=UnitsConcerned(step.get("units")) if step.get("units") else None,
            needs=step.get("needs", UnitsNeeded()) if step.get("kind") in UNIT_STEPS else None,
            outside=(step.get("by") or "").strip(),
            when=step.get("when"),
        )
        for step in steps
    )
