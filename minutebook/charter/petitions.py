"""The charter's `petitions:` section: what members can require by signing, and how many must.

Each entry is a kind of petition or requisition: who may sign (the members in good standing of
a unit and the units below it, or the seat holders of a body), how many signatures make it
valid (a number, a percentage of those entitled to sign, or enough signatures in each of a
number of units of a kind), how many days signatures are collected, and what it requires once
valid (a special meeting, a ballot of a body, a decision on recalling an officer), within how
many days. The format is described in docs/charter-format.md, section `petitions`.

Reading is split like the rest of the charter: `read_petitions` reads the shape (called by
`loader`), `check` the references across the file (called by `cross_checks`), `assemble`
builds the dataclasses once nothing is wrong. Its small readers come from
`minutebook.charter.readers`, like every section's.

No Django here.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from minutebook.charter import readers
from minutebook.charter.drafts import ALL_BODIES, DEFAULT_OFFICES, Draft, Problems, ReportUnknown
from minutebook.charter.yaml_nodes import Node

if TYPE_CHECKING:
    from minutebook.charter.spec import Charter


class Signers(StrEnum):
    MEMBERS_OF = "members_of"  # members in good standing of a unit or of a unit below it
    # ... of one unit of a kind: each petition is of the unit of that kind its starter is in
    MEMBERS_OF_EACH = "members_of_each"
    SEATS_OF = "seats_of"  # the seat holders of a body


class ThresholdForm(StrEnum):
    MEMBERS = "members"  # at least N signatures
    PERCENT = "percent"  # at least P % of those entitled to sign when the petition opens
    # more than P % of them ("a majority of its members": more_than_percent: 50)
    MORE_THAN_PERCENT = "more_than_percent"
    UNITS = "units"  # at least M signatures in each of at least N units of a kind


class Requirement(StrEnum):
    MEETING = "meeting"  # a special meeting of a body
    BALLOT = "ballot"  # a ballot of a body's members (a referendum when its seats are all members)
    RECALL = "recall"  # a decision on recalling the holder of an office


# The kind of obligation (minutebook.obligations) each requirement becomes.
OBLIGATION_KINDS = {
    Requirement.MEETING: "meeting",
    Requirement.BALLOT: "ballot",
    Requirement.RECALL: "decision",
}


@dataclass(frozen=True)
class PetitionThreshold:
    form: ThresholdForm
    members: int | None = None
    percent: Fraction | None = None
    units: int | None = None
    of_kind: str | None = None
    each_with_at_least: int | None = None

    def required(self, entitled: int) -> int:
        """Signatures needed in all (for the units form: in each unit), given how many are
        entitled to sign. A percentage is rounded up, exactly: 10 % of 498 is 49.8, so 50;
        more than a percentage is the next whole number above it: more than 50 % of 4 is 3,
        of 3 is 2; and at least one signature is always needed."""
        if self.form == ThresholdForm.MEMBERS:
            assert self.members is not None
            return self.members
        if self.form == ThresholdForm.UNITS:
            assert self.each_with_at_least is not None
            return self.each_with_at_least
        assert self.percent is not None
        exact = self.percent * entitled / 100
        if self.form == ThresholdForm.MORE_THAN_PERCENT:
            return max(1, math.floor(exact) + 1)
        return max(1, math.ceil(exact))


@dataclass(frozen=True)
class PetitionRequirement:
    """What a valid petition requires of `body`, within `within_days` of becoming valid. For a
    recall: a decision of type `decision_type` by `decided_by` (default `body`) on recalling
    the holder of `office` of `body`."""

    kind: Requirement
    body: str
    within_days: int | None  # None: `unspecified`, the duty has no deadline
    office: str | None = None
    decision_type: str | None = None
    decided_by: str | None = None

    @property
    def obligation_kind(self) -> str:
        return OBLIGATION_KINDS[self.kind]

    @property
    def deciding_body(self) -> str:
        """The body the obligation falls on."""
        return self.decided_by or self.body


@dataclass(frozen=True)
class PetitionKindSpec:
    id: str
    name: str
    signers: Signers
    signers_of: str  # a unit id (members_of), a unit kind (members_of_each), a body id (seats_of)
    threshold: PetitionThreshold
    collect_days: int | None  # None: `unspecified`, signatures are taken until it is valid
    requires: PetitionRequirement
    description: str = ""
    articles: tuple[str, ...] = ()


def petition_kind(charter: Charter, kind_id: str) -> PetitionKindSpec:
    """The charter's petition kind `kind_id`; KeyError if it has none of that id."""
    for kind in charter.petitions:
        if kind.id == kind_id:
            return kind
    raise KeyError(kind_id)


# Reading the shape


def _percent(problems: Problems, node: Node) -> Fraction | None:
    """A percentage: a number more than 0 and at most 100 (`10`, `12.5`, `"12.5%"`), kept as
    an exact fraction."""
    value = node.value
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        readers.expected(problems, node, "a percentage such as 10 or 12.5")
        return None
    text = str(node.raw if node.raw is not None else value).strip().removesuffix("%").strip()
    try:
        percent = Fraction(Decimal(text))
    except (InvalidOperation, ValueError):
        readers.expected(problems, node, "a percentage such as 10 or 12.5")
        return None
    if not 0 < percent <= 100:
        problems.add(node, f"a percentage must be more than 0 and at most 100, got {text}")
        return None
    return percent


def _below_hundred(problems: Problems, node: Node) -> Fraction | None:
    """A percentage that signatures can exceed: less than 100."""
    percent = _percent(problems, node)
    if percent is not None and percent >= 100:
        problems.add(node, "more than 100 % can never be reached; for everyone write percent: 100")
        return None
    return percent


def _one_of(keys: tuple[str, ...], what: str):
    def check(problems: Problems, draft: Draft) -> None:
        given = [key for key in keys if draft.has(key)]
        if len(given) != 1:
            found = f"; found {' and '.join(given)}" if given else ""
            problems.add(draft.node, f"{what} needs exactly one of {', '.join(keys)}{found}")

    return check


def _check_threshold(problems: Problems, draft: Draft) -> None:
    forms = tuple(ThresholdForm)
    _one_of(forms, "a petition's threshold")(problems, draft)
    if draft.has("units"):
        for key in ("of_kind", "each_with_at_least"):
            if not draft.has(key):
                problems.add(draft.node, f"missing required key '{key}' (with 'units')")
    else:
        for key in ("of_kind", "each_with_at_least"):
            if draft.has(key):
                problems.add(draft.at(key), f"'{key}' goes with 'units' only")


def _check_requirement(problems: Problems, draft: Draft) -> None:
    _one_of(tuple(Requirement), "'requires'")(problems, draft)


@functools.cache
def _readers() -> dict[str, Any]:
    """The readers of the section, built once, on first use."""
    required, optional = readers.REQUIRED, readers.OPTIONAL
    at_least_one = readers.whole_number(1, "a number of signatures")
    days = readers.or_unspecified(readers.whole_number(0, "a number of days"))
    requirement_fields = {"body": (required, readers.read_id), "within_days": (required, days)}
    recall_fields = {
        **requirement_fields,
        "office": (required, readers.read_id),
        "decision_type": (required, readers.read_id),
        "decided_by": (optional, readers.read_id),
    }
    requires = readers.reader(
        {
            Requirement.MEETING: (optional, readers.reader(requirement_fields, "a meeting")),
            Requirement.BALLOT: (optional, readers.reader(requirement_fields, "a ballot")),
            Requirement.RECALL: (optional, readers.reader(recall_fields, "a recall")),
        },
        "what the petition requires",
        after=_check_requirement,
    )
    signers = readers.reader(
        {
            Signers.MEMBERS_OF: (optional, readers.read_id),
            Signers.MEMBERS_OF_EACH: (optional, readers.read_id),
            Signers.SEATS_OF: (optional, readers.read_id),
        },
        "who may sign",
        after=_one_of(tuple(Signers), "'signers'"),
    )
    threshold = readers.reader(
        {
            ThresholdForm.MEMBERS: (optional, at_least_one),
            ThresholdForm.PERCENT: (optional, _percent),
            ThresholdForm.MORE_THAN_PERCENT: (optional, _below_hundred),
            ThresholdForm.UNITS: (optional, readers.whole_number(1, "a number of units")),
            "of_kind": (optional, readers.read_id),
            "each_with_at_least": (optional, at_least_one),
        },
        "a petition's threshold",
        after=_check_threshold,
    )
    kind = readers.reader(
        {
            "id": (required, readers.read_id),
            "name": (required, readers.read_text),
            "description": (optional, readers.read_optional_text),
            "articles": (optional, readers.read_references),
            "signers": (required, signers),
            "threshold": (required, threshold),
            "collect_days": (
                required,
                readers.or_unspecified(readers.whole_number(1, "a number of days to collect")),
            ),
            "requires": (required, requires),
        },
        "a kind of petition",
    )
    return {"section": readers.list_of(kind, "kinds of petition")}


def read_petitions(problems: Problems, node: Node) -> list[Draft] | None:
    """The `petitions:` list, for the loader's table of top-level keys."""
    return _readers()["section"](problems, node)


# Checks across the file


def check(
    problems: Problems, top: Draft, tree: Charter | None, unknown: ReportUnknown | None = None
) -> None:
    """References of each petition kind to units, kinds, bodies, offices, decision types and
    articles, and thresholds that can never be reached. `tree` is the sound unit tree, or None
    (then the checks that need it are skipped: the tree's problems are reported already).
    `unknown` reports a reference to nothing known; the cross checks pass one that stays
    silent about sections read only in part (the name may be in the part not read)."""
    unknown = unknown or problems.unknown
    drafts = top.get("petitions", [])
    units = {u.get("id") for u in top.get("units", []) if u.get("id")}
    kinds = {u.get("kind") for u in top.get("units", []) if u.get("kind")}
    bodies = {b.get("id"): b for b in top.get("bodies", []) if b.get("id")}
    types = {t.get("id"): t for t in top.get("decision_types", []) if t.get("id")}
    articles = {a.get("id") for a in top.get("articles", []) if a.get("id")}
    seen: dict[str, int] = {}
    for draft in drafts:
        kind_id = draft.get("id")
        if kind_id in seen:
            problems.add(
                draft.at("id"),
                f"duplicate petition kind id '{kind_id}' (first at line {seen[kind_id]})",
            )
        elif kind_id is not None:
            seen[kind_id] = draft.at("id").line
        for node in draft.get("articles", []):
            if node.value not in articles:
                unknown(node, "article", node.value, articles)
        context = _KindContext(problems, unknown, draft, units, kinds, bodies, types, tree)
        scopes = context.signing_units()
        context.check_threshold(scopes[0] if scopes and len(scopes) == 1 else None)
        context.check_requirement(scopes)


@dataclass
class _KindContext:
    problems: Problems
    unknown: ReportUnknown
    draft: Draft
    units: set[str]
    kinds: set[str]
    bodies: dict[str, Draft]
    types: dict[str, Draft]
    tree: Charter | None

    def known_body(self, node: Node) -> bool:
        if node.value in self.bodies:
            return True
        self.unknown(node, "body", node.value, self.bodies)
        return False

    def signing_units(self) -> list[str] | None:
        """The units a petition of the kind may be of: the signers' unit (for seats_of: the
        body's unit), or for members_of_each every unit of the kind; None if not known."""
        signers = self.draft.get("signers")
        if signers is None:
            return None
        if signers.get(Signers.MEMBERS_OF) is not None:
            node = signers.at(Signers.MEMBERS_OF)
            if node.value not in self.units:
                self.unknown(node, "unit", node.value, self.units)
                return None
            return [node.value]
        if signers.get(Signers.MEMBERS_OF_EACH) is not None:
            node = signers.at(Signers.MEMBERS_OF_EACH)
            if node.value not in self.kinds:
                self.unknown(node, "unit kind", node.value, self.kinds)
                return None
            if self.tree is None:
                return None
            found = [unit.id for unit in self.tree.units_of_kind(node.value)]
            if not found:
                self.problems.add(node, f"there is no unit of kind '{node.value}'")
            return found
        if signers.get(Signers.SEATS_OF) is None:
            return None
        node = signers.at(Signers.SEATS_OF)
        if not self.known_body(node):
            return None
        body = self.bodies[node.value]
        if body.has("per_unit_kind"):
            self.problems.add(
                node,
                f"'{node.value}' is a body in every {body.get('per_unit_kind')}; the seat "
                "holders who sign must be those of a body in one unit",
            )
            return None
        return [body.get("unit")] if body.get("unit") in self.units else None

    def check_threshold(self, scope: str | None) -> None:
        threshold, signers = self.draft.get("threshold"), self.draft.get("signers")
        if threshold is None or signers is None:
            return
        if threshold.get(ThresholdForm.UNITS) is not None:
            self.check_units(threshold, signers, scope)
            return
        needed = threshold.get(ThresholdForm.MEMBERS)
        body_id = signers.get(Signers.SEATS_OF)
        if needed is None or body_id not in self.bodies or scope is None:
            return
        seats = self.fixed_seats(self.bodies[body_id], scope)
        if seats is not None and needed > seats:
            self.problems.add(
                threshold.at(ThresholdForm.MEMBERS),
                f"impossible threshold: {needed} signatures, but '{body_id}' has at most "
                f"{seats} seats, so no more than {seats} can ever sign",
            )

    def check_units(self, threshold: Draft, signers: Draft, scope: str | None) -> None:
        kind = threshold.get("of_kind")
        if kind is None:
            return
        node = threshold.at("of_kind")
        if kind not in self.kinds:
            self.unknown(node, "unit kind", kind, self.kinds)
            return
        if signers.get(Signers.MEMBERS_OF) is None:
            self.problems.add(
                node,
                "signatures by units are counted for the members of one unit ('members_of'), "
                "not for seat holders nor in each unit of a kind",
            )
            return
        if self.tree is None or scope is None:
            return
        available = len(self.tree.units_of_kind(kind, within=scope))
        needed = threshold.get(ThresholdForm.UNITS)
        if available == 0:
            self.problems.add(node, f"there is no unit of kind '{kind}' within '{scope}'")
        elif needed > available:
            self.problems.add(
                threshold.at(ThresholdForm.UNITS),
                f"impossible threshold: signatures from {needed} units of kind '{kind}', but "
                f"'{scope}' has only {available}",
            )

    def fixed_seats(self, body: Draft, unit_id: str) -> int | None:
        """The most seats the body can have, when every seat rule fixes a count."""
        total = 0
        for seat in body.get("seats", []):
            count = seat.get("count")
            if count is None:
                return None
            each = seat.get("by_members_of_each")
            if each is not None:
                if self.tree is None:
                    return None
                count *= len(self.tree.units_of_kind(each, within=unit_id))
            total += count
        return total

    def check_requirement(self, scopes: list[str] | None) -> None:
        requires = self.draft.get("requires")
        if requires is None:
            return
        for form in Requirement:
            entry = requires.get(form)
            if entry is None:
                continue
            body_id = entry.get("body")
            if body_id is None or not self.known_body(entry.at("body")):
                continue
            self.check_instance(entry.at("body"), body_id, scopes)
            if form == Requirement.BALLOT:
                self.check_decides_by_ballot(entry.at("body"), body_id)
            if form == Requirement.RECALL:
                self.check_recall(entry, body_id, scopes)

    def check_decides_by_ballot(self, node: Node, body_id: str) -> None:
        """A ballot required of a body that the charter never lets decide by ballot could never
        be called, so the duty could never be met."""
        rules = self.bodies[body_id].get("ballots")
        if rules is None or not rules.get("allowed"):
            self.problems.add(
                node,
                f"'{body_id}' does not decide by ballot outside meetings (no 'ballots: "
                "{allowed: true}'), so the ballot this petition requires could never be held",
            )

    def check_instance(self, node: Node, body_id: str, scopes: list[str] | None) -> None:
        """A body in every unit of a kind means the one of the signers' unit (or above it)."""
        kind = self.bodies[body_id].get("per_unit_kind")
        if kind is None or self.tree is None or scopes is None or kind not in self.kinds:
            return
        for scope in scopes:
            if self.tree.nearest_of_kind(scope, kind) is None:
                self.problems.add(
                    node,
                    f"'{body_id}' is a body in every {kind}, but the signers' unit '{scope}' is "
                    f"not within a {kind}",
                )
                return

    def check_recall(self, entry: Draft, body_id: str, scopes: list[str] | None) -> None:
        office = entry.get("office")
        offices = self.bodies[body_id].get("offices", DEFAULT_OFFICES)
        if office is not None and office not in offices:
            self.problems.add(
                entry.at("office"),
                f"'{body_id}' has no office '{office}' (its offices: {', '.join(offices)})",
            )
        deciding = entry.get("decided_by") or body_id
        if entry.get("decided_by") is not None:
            if not self.known_body(entry.at("decided_by")):
                return
            self.check_instance(entry.at("decided_by"), deciding, scopes)
        type_id = entry.get("decision_type")
        if type_id is None:
            return
        node = entry.at("decision_type")
        if type_id not in self.types:
            self.unknown(node, "decision type", type_id, self.types)
            return
        competences = self.types[type_id].get("bodies")
        if competences is None:
            return
        if competences != ALL_BODIES and deciding not in {c.get("body") for c in competences}:
            self.problems.add(
                node,
                f"'{deciding}' may not take decisions of type '{type_id}' (see its 'bodies'), "
                "so it could never decide the recall",
            )


# Assembly: only reached when nothing is wrong


def assemble(drafts: list[Draft]) -> tuple[PetitionKindSpec, ...]:
    return tuple(_assemble_kind(draft) for draft in drafts)


def _assemble_kind(draft: Draft) -> PetitionKindSpec:
    signers = draft.get("signers")
    scope = next(form for form in Signers if signers.get(form) is not None)
    threshold = draft.get("threshold")
    requires = draft.get("requires")
    form = next(form for form in Requirement if requires.get(form) is not None)
    entry = requires.get(form)
    return PetitionKindSpec(
        id=draft.get("id"),
        name=draft.get("name"),
        description=draft.get("description", ""),
        articles=tuple(node.value for node in draft.get("articles", [])),
        signers=scope,
        signers_of=signers.get(scope),
        threshold=PetitionThreshold(
            form=next(f for f in ThresholdForm if threshold.get(f) is not None),
            members=threshold.get(ThresholdForm.MEMBERS),
            percent=threshold.get(ThresholdForm.PERCENT)
            if threshold.get(ThresholdForm.PERCENT) is not None
            else threshold.get(ThresholdForm.MORE_THAN_PERCENT),
            units=threshold.get(ThresholdForm.UNITS),
            of_kind=threshold.get("of_kind"),
            each_with_at_least=threshold.get("each_with_at_least"),
        ),
        collect_days=draft.get("collect_days"),
        requires=PetitionRequirement(
            kind=form,
            body=entry.get("body"),
            within_days=entry.get("within_days"),
            office=entry.get("office"),
            decision_type=entry.get("decision_type"),
            decided_by=entry.get("decided_by"),
        ),
    )


# In words


def _percent_text(percent: Fraction) -> str:
    if percent.denominator == 1:
        return str(percent.numerator)
    return f"{float(percent):g}"


def describe_kind(charter: Charter, kind: PetitionKindSpec) -> dict[str, str]:
    """The kind's rule in words: who signs, how many, for how long, and what it requires."""
    if kind.signers == Signers.MEMBERS_OF:
        signers = f"the members in good standing of {_name(charter.unit, kind.signers_of)}"
    elif kind.signers == Signers.MEMBERS_OF_EACH:
        signers = f"the members in good standing of a {kind.signers_of} (each in their own)"
    else:
        signers = f"the seat holders of the {_name(charter.body, kind.signers_of)}"
    threshold = kind.threshold
    if threshold.form == ThresholdForm.MEMBERS:
        how_many = f"at least {threshold.members} of {signers}"
    elif threshold.form == ThresholdForm.PERCENT:
        how_many = (
            f"at least {_percent_text(threshold.percent)} % of {signers} (counted when the "
            "petition opens, rounded up)"
        )
    elif threshold.form == ThresholdForm.MORE_THAN_PERCENT:
        share = "half" if threshold.percent == 50 else f"{_percent_text(threshold.percent)} %"
        how_many = f"more than {share} of {signers} (counted when the petition opens)"
    else:
        how_many = (
            f"at least {threshold.each_with_at_least} of {signers} in each of at least "
            f"{threshold.units} units of kind '{threshold.of_kind}'"
        )
    need = kind.requires
    body = _name(charter.body, need.body)
    if need.within_days is None:
        days = "(no time limit is fixed by the charter)"
    else:
        days = f"within {need.within_days} day{'s' if need.within_days != 1 else ''}"
    if need.kind == Requirement.MEETING:
        requires = f"a special meeting of the {body} {days}"
    elif need.kind == Requirement.BALLOT:
        requires = f"a ballot of the {body} {days}"
    else:
        decider = _name(charter.body, need.deciding_body)
        requires = (
            f"a decision of the {decider} on recalling the {need.office} of the {body} {days}"
        )
    if kind.collect_days is None:
        collect = "until it is valid or withdrawn (no period is fixed by the charter)"
        signed = f"A petition signed by {how_many}"
    else:
        collect = f"{kind.collect_days} day{'s' if kind.collect_days != 1 else ''}"
        signed = f"A petition signed by {how_many} within {kind.collect_days} days"
    if need.within_days is None:
        sentence = f"{signed} requires {requires}."
    else:
        sentence = f"{signed} requires {requires} of its becoming valid."
    return {
        "signers": signers,
        "threshold": how_many,
        "collect": collect,
        "requires": requires,
        "sentence": sentence,
    }


def _name(lookup, item_id: str) -> str:
    try:
        return lookup(item_id).name
    except KeyError:
        return item_id
