"""The charter's `eligibility:` section: who is in good standing, who may vote, who may stand.

```yaml
eligibility:
  good_standing:                   # besides the status 'member' on the roll
    dues_arrears_months_at_most: 3 # dues paid until a day at most 3 months past
    articles: [art-3]
  vote:                            # to vote in a general meeting or a ballot of all members
    months_in_good_standing: 3
    minimum_age: 16
    articles: [art-3]
  stand:                           # to stand for (or be appointed to) any seat
    months_in_good_standing: 12
    minimum_age: 18
  rules:                           # rules of one body; each entry one rule
    - {id: art9-control, body: control-commission, incompatible_with: [central-committee],
       articles: [art-9]}
    - {id: cc-terms, body: central-committee, max_consecutive_terms: 2}
    - {id: cc-total, body: central-committee, max_total_terms: 4}
    - {id: one-branch, body: council, at_most_per_unit: {count: 3, kind: branch}}
    - {id: cc-seniority, body: central-committee, months_in_good_standing: 24}
    - {id: cc-age, body: central-committee, minimum_age: 21}
```

An incompatibility binds both ways: a member of the Central Committee may not stand for the
Control Commission, nor a member of the Control Commission for the Central Committee. The
loader reads the section with the readers below and calls `check` once every section is read;
judging a member against the rules is `minutebook.bodies.eligibility`'s work. No Django here.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the loader's types; spec.py imports this module, drafts imports spec
    from minutebook.charter.drafts import Draft, Problems
    from minutebook.charter.yaml_nodes import Node


class RuleKind(StrEnum):
    INCOMPATIBLE = "incompatible_with"
    MAX_CONSECUTIVE = "max_consecutive_terms"
    MAX_TOTAL = "max_total_terms"
    PER_UNIT = "at_most_per_unit"
    MONTHS = "months_in_good_standing"
    AGE = "minimum_age"


@dataclass(frozen=True)
class GoodStanding:
    """Good standing besides the status 'member': dues paid until a day at most
    `dues_arrears_months_at_most` months before (None: dues are not checked)."""

    dues_arrears_months_at_most: int | None = None
    articles: tuple[str, ...] = ()


@dataclass(frozen=True)
class Requirement:
    """What it takes to vote, or to stand: months of membership in good standing without a
    break, and an age (None: none)."""

    months_in_good_standing: int = 0
    minimum_age: int | None = None
    articles: tuple[str, ...] = ()


@dataclass(frozen=True)
class BodyRule:
    """One rule about who may sit on `body` (see the module's docstring for the forms)."""

    id: str
    body: str
    kind: RuleKind
    name: str = ""
    incompatible_with: tuple[str, ...] = ()
    number: int | None = None  # terms, months, years, or seats per unit
    unit_kind: str | None = None  # at_most_per_unit
    articles: tuple[str, ...] = ()


@dataclass(frozen=True)
class EligibilityRules:
    good_standing: GoodStanding = GoodStanding()
    vote: Requirement = Requirement()
    stand: Requirement = Requirement()
    rules: tuple[BodyRule, ...] = ()

    def rules_for(self, body_id: str) -> tuple[BodyRule, ...]:
        """The rules that bind a seat on the body: its own, and the incompatibilities other
        bodies declare with it (an incompatibility binds both ways)."""
        return tuple(
            rule
            for rule in self.rules
            if rule.body == body_id
            or (rule.kind == RuleKind.INCOMPATIBLE and body_id in rule.incompatible_with)
        )

    @property
    def checks_vote(self) -> bool:
        """Whether anything beyond the status on the roll decides who may vote."""
        return (
            self.good_standing.dues_arrears_months_at_most is not None
            or self.vote.months_in_good_standing > 0
            or self.vote.minimum_age is not None
        )


NO_RULES = EligibilityRules()


# Reading (the loader's readers; imported here lazily because readers imports spec, which
# imports this module).


def _readers():
    from minutebook.charter import readers

    return readers


def read_eligibility(problems: Problems, node: Node) -> Draft | None:
    r = _readers()
    months = r.whole_number(0, "a number of months")
    age = r.whole_number(1, "an age in years")
    requirement = {
        "months_in_good_standing": (r.OPTIONAL, months),
        "minimum_age": (r.OPTIONAL, age),
        "articles": (r.OPTIONAL, r.read_references),
    }
    return r.read_entry(
        problems,
        node,
        {
            "good_standing": (
                r.OPTIONAL,
                r.reader(
                    {
                        "dues_arrears_months_at_most": (r.OPTIONAL, months),
                        "articles": (r.OPTIONAL, r.read_references),
                    },
                    "the rules of good standing",
                ),
            ),
            "vote": (r.OPTIONAL, r.reader(requirement, "what it takes to vote")),
            "stand": (r.OPTIONAL, r.reader(requirement, "what it takes to stand")),
            "rules": (r.OPTIONAL, r.list_of(_read_rule, "eligibility rules")),
        },
        "the eligibility rules",
    )


def _check_rule(problems: Problems, draft: Draft) -> None:
    forms = [kind.value for kind in RuleKind]
    given = [form for form in forms if draft.has(form)]
    if len(given) != 1:
        found = f"; found {' and '.join(given)}" if given else ""
        problems.add(
            draft.node, f"an eligibility rule has exactly one of {', '.join(forms)}{found}"
        )


def _read_rule(problems: Problems, node: Node) -> Draft | None:
    r = _readers()
    per_unit = r.reader(
        {
            "count": (r.REQUIRED, r.whole_number(1, "a number of seats")),
            "kind": (r.REQUIRED, r.read_id),
        },
        "a limit per unit ({count: 3, kind: branch})",
    )
    fields = {
        "id": (r.REQUIRED, r.read_id),
        "body": (r.REQUIRED, r.read_id),
        "name": (r.OPTIONAL, r.read_text),
        RuleKind.INCOMPATIBLE.value: (r.OPTIONAL, r.read_references),
        RuleKind.MAX_CONSECUTIVE.value: (r.OPTIONAL, r.whole_number(1, "a number of terms")),
        RuleKind.MAX_TOTAL.value: (r.OPTIONAL, r.whole_number(1, "a number of terms")),
        RuleKind.PER_UNIT.value: (r.OPTIONAL, per_unit),
        RuleKind.MONTHS.value: (r.OPTIONAL, r.whole_number(1, "a number of months")),
        RuleKind.AGE.value: (r.OPTIONAL, r.whole_number(1, "an age in years")),
        "articles": (r.OPTIONAL, r.read_references),
    }
    return r.reader(fields, "an eligibility rule", after=_check_rule)(problems, node)


# Across the file


def check(problems: Problems, top: Draft) -> None:
    """Ids unique; the bodies, unit kinds and articles named exist; a body is not incompatible
    with itself; term limits and limits per unit bind seats that are elected or appointed; a
    body's total of terms is not below its consecutive terms."""
    section = top.get("eligibility")
    if section is None:
        return
    bodies = {body.get("id"): body for body in top.get("bodies", []) if body.get("id")}
    articles = {article.get("id") for article in top.get("articles", [])}
    kinds = {unit.get("kind") for unit in top.get("units", []) if unit.get("kind")}

    def check_articles(entry: Draft) -> None:
        for node in entry.get("articles", []):
            if node.value not in articles:
                problems.unknown(node, "article", node.value, articles)

    for key in ("good_standing", "vote", "stand"):
        if section.get(key) is not None:
            check_articles(section.get(key))
    seen: dict[str, int] = {}
    limits: dict[str, dict[str, tuple[int, Node]]] = {}
    for entry in section.get("rules", []):
        check_articles(entry)
        rule_id = entry.get("id")
        if rule_id in seen:
            problems.add(
                entry.at("id"), f"duplicate rule id '{rule_id}' (first at line {seen[rule_id]})"
            )
        elif rule_id is not None:
            seen[rule_id] = entry.at("id").line
        body = entry.get("body")
        if body is not None and body not in bodies:
            problems.unknown(entry.at("body"), "body", body, bodies)
            body = None
        for node in entry.get(RuleKind.INCOMPATIBLE.value, []):
            if node.value not in bodies:
                problems.unknown(node, "body", node.value, bodies)
            elif node.value == body:
                problems.add(node, f"the body '{body}' cannot be incompatible with itself")
        per_unit = entry.get(RuleKind.PER_UNIT.value)
        unit_kind = per_unit.get("kind") if per_unit is not None else None
        if unit_kind is not None and unit_kind not in kinds:
            problems.unknown(per_unit.at("kind"), "unit kind", unit_kind, kinds)
        for kind in (RuleKind.MAX_CONSECUTIVE, RuleKind.MAX_TOTAL, RuleKind.PER_UNIT):
            if entry.has(kind.value) and body is not None and not _has_chosen_seats(bodies[body]):
                problems.add(
                    entry.at(kind.value),
                    f"'{kind.value}' binds elected or appointed seats, and the body '{body}' "
                    "has none",
                )
            if kind != RuleKind.PER_UNIT and body is not None and entry.get(kind.value):
                limits.setdefault(body, {})[kind.value] = (
                    entry.get(kind.value),
                    entry.at(kind.value),
                )
    for body, found in limits.items():
        if RuleKind.MAX_CONSECUTIVE.value in found and RuleKind.MAX_TOTAL.value in found:
            consecutive, _ = found[RuleKind.MAX_CONSECUTIVE.value]
            total, where = found[RuleKind.MAX_TOTAL.value]
            if total < consecutive:
                problems.add(
                    where,
                    f"at most {total} term(s) in all on '{body}' is fewer than the "
                    f"{consecutive} consecutive terms its other rule allows",
                )


def _has_chosen_seats(body: Draft) -> bool:
    return any(
        seat.get("method") in ("elected", "appointed") for seat in body.get("seats", []) or ()
    )


# Assembly: only reached when nothing is wrong.


def _ids(nodes) -> tuple[str, ...]:
    return tuple(node.value for node in nodes)


def _requirement(draft: Draft | None) -> Requirement:
    if draft is None:
        return Requirement()
    return Requirement(
        months_in_good_standing=draft.get("months_in_good_standing", 0),
        minimum_age=draft.get("minimum_age"),
        articles=_ids(draft.get("articles", [])),
    )


def assemble(section: Draft | None) -> EligibilityRules:
    if section is None:
        return NO_RULES
    standing = section.get("good_standing")
    return EligibilityRules(
        good_standing=GoodStanding(
            dues_arrears_months_at_most=standing.get("dues_arrears_months_at_most"),
            articles=_ids(standing.get("articles", [])),
        )
        if standing is not None
        else GoodStanding(),
        vote=_requirement(section.get("vote")),
        stand=_requirement(section.get("stand")),
        rules=tuple(_assemble_rule(entry) for entry in section.get("rules", [])),
    )


def _assemble_rule(entry: Draft) -> BodyRule:
    kind = next(kind for kind in RuleKind if entry.has(kind.value))
    value = entry.get(kind.value)
    per_unit = value if kind == RuleKind.PER_UNIT else None
    return BodyRule(
        id=entry.get("id"),
        body=entry.get("body"),
        kind=kind,
        name=entry.get("name", ""),
        incompatible_with=_ids(value) if kind == RuleKind.INCOMPATIBLE else (),
        number=per_unit.get("count")
        if per_unit is not None
        else (value if isinstance(value, int) else None),
        unit_kind=per_unit.get("kind") if per_unit is not None else None,
        articles=_ids(entry.get("articles", [])),
    )
