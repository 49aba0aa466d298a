"""The charter's `obligations:` section: duties with a deadline, read and checked.

Three forms, each an entry with an `id`, the responsible `body` and optional `name` (the
duty in words) and `articles`:

    - {id: council-meets, body: council, meets_at_least: {times: 2, per: year}}
    - {id: convention-length, body: congress, meeting_lasts_at_most_days: 10}
    - {id: appeal-heard, body: control-commission, within_days: 60,
       after: {decision: appeal.lodge}, then: {decision: appeal.decide}}

The loader reads the section with its own readers (and imports this module to do so; nothing
else imports it); `check` looks across the file once every section is read. Judging a duty
against the record is the obligations app's work.
"""

from __future__ import annotations

from minutebook.charter.drafts import ALL_BODIES, Draft, Problems
from minutebook.charter.readers import (
    OPTIONAL,
    REQUIRED,
    choice,
    expected,
    read_id,
    read_references,
    read_text,
    reader,
    whole_number,
)
from minutebook.charter.spec import ObligationSpec
from minutebook.charter.yaml_nodes import Node

FORMS = ("meets_at_least", "meeting_lasts_at_most_days", "within_days")


def _check_period(problems: Problems, draft: Draft) -> None:
    given = [key for key in ("per", "per_months") if draft.has(key)]
    if len(given) != 1:
        problems.add(
            draft.node,
            "say how often: 'per: year' (each calendar year) or 'per_months: M' (each period "
            "of M months)" + (f"; found {' and '.join(given)}" if given else ""),
        )


_meets_at_least = reader(
    {
        "times": (REQUIRED, whole_number(1, "a number of meetings")),
        "per": (OPTIONAL, choice(("year",), "period")),
        "per_months": (OPTIONAL, whole_number(1, "a number of months")),
    },
    "how often the body meets ({times: 2, per: year})",
    after=_check_period,
)

_after = reader(
    {"decision": (REQUIRED, read_id), "by": (OPTIONAL, read_id)},
    "the event the duty follows ({decision: <decision type>})",
)


def _then(problems: Problems, node: Node) -> Draft | None:
    """What the body must do: `{meeting: {}}` or `{decision: <decision type>}`."""
    what = "what the body must do ({meeting: {}} or {decision: <decision type>})"
    if not node.is_mapping:
        expected(problems, node, what)
        return None
    for key in node.value:
        if key not in ("meeting", "decision"):
            problems.unknown_key(node, key, ("meeting", "decision"))
    given = [key for key in ("meeting", "decision") if key in node.value]
    if len(given) != 1:
        problems.add(node, f"expected exactly one of meeting, decision in {what}")
        return None
    draft = Draft(node)
    if given == ["decision"]:
        type_id = read_id(problems, node.value["decision"])
        if type_id is None:
            return None
        draft.values["decision"] = node.value["decision"]
    else:
        inner = node.value["meeting"]
        if inner.value not in (None, {}):
            problems.add(inner, "a meeting duty takes no settings here: write 'meeting: {}'")
            return None
        draft.values["meeting"] = True
    return draft


def _check_obligation(problems: Problems, draft: Draft) -> None:
    given = [form for form in FORMS if draft.has(form)]
    if len(given) != 1:
        found = f"; found {' and '.join(given)}" if given else ""
        problems.add(draft.node, f"an obligation has exactly one of {', '.join(FORMS)}{found}")
    for key in ("after", "then"):
        if draft.has("within_days") and not draft.has(key):
            problems.add(draft.node, f"missing required key '{key}' (a duty within days)")
        if draft.has(key) and not draft.has("within_days"):
            problems.add(draft.at(key), f"'{key}' goes with 'within_days' (a duty within days)")


read_obligation = reader(
    {
        "id": (REQUIRED, read_id),
        "body": (REQUIRED, read_id),
        "name": (OPTIONAL, read_text),
        "meets_at_least": (OPTIONAL, _meets_at_least),
        "meeting_lasts_at_most_days": (OPTIONAL, whole_number(1, "a number of days")),
        "within_days": (OPTIONAL, whole_number(0, "a number of days")),
        "after": (OPTIONAL, _after),
        "then": (OPTIONAL, _then),
        "articles": (OPTIONAL, read_references),
    },
    "an obligation",
    after=_check_obligation,
)


# Across the file


def check(problems: Problems, top: Draft) -> None:
    """Ids unique; the body, decision types and articles named exist; the responsible body
    may take the decision it must take, and `after.by` the decision that starts the clock."""
    bodies = {body.get("id") for body in top.get("bodies", [])}
    articles = {article.get("id") for article in top.get("articles", [])}
    competences = _competences(top, bodies)
    seen: dict[str, int] = {}
    for entry in top.get("obligations", []):
        obligation_id = entry.get("id")
        if obligation_id in seen:
            problems.add(
                entry.at("id"),
                f"duplicate obligation id '{obligation_id}' (first at line {seen[obligation_id]})",
            )
        elif obligation_id is not None:
            seen[obligation_id] = entry.at("id").line
        body = entry.get("body")
        if body is not None and body not in bodies:
            problems.unknown(entry.at("body"), "body", body, bodies)
            body = None
        for node in entry.get("articles", []):
            if node.value not in articles:
                problems.unknown(node, "article", node.value, articles)
        after, then = entry.get("after"), entry.get("then")
        if after is not None:
            _check_decision(problems, after.at("decision"), after.get("by"), competences, bodies)
            by = after.get("by")
            if by is not None and by not in bodies:
                problems.unknown(after.at("by"), "body", by, bodies)
        if then is not None and then.get("decision") is not None:
            _check_decision(problems, then.get("decision"), body, competences, bodies)


def _competences(top: Draft, bodies: set[str]) -> dict[str, set[str]]:
    """Each decision type's bodies, by id."""
    found: dict[str, set[str]] = {}
    for decision_type in top.get("decision_types", []):
        entries = decision_type.get("bodies")
        if decision_type.get("id") is None:
            continue
        if entries == ALL_BODIES:
            found[decision_type.get("id")] = set(bodies)
        else:
            found[decision_type.get("id")] = {e.get("body") for e in entries or () if e.get("body")}
    return found


def _check_decision(
    problems: Problems,
    node: Node,
    body: str | None,
    competences: dict[str, set[str]],
    bodies: set[str],
) -> None:
    type_id = node.value
    if type_id not in competences:
        problems.unknown(node, "decision type", type_id, competences)
        return
    if body is not None and body in bodies and body not in competences[type_id]:
        problems.add(node, f"the body '{body}' may not take decisions of type '{type_id}'")


# Assembly: only reached when nothing is wrong.


def assemble(entries: list[Draft]) -> tuple[ObligationSpec, ...]:
    return tuple(_assemble_one(entry) for entry in entries)


def _assemble_one(entry: Draft) -> ObligationSpec:
    meets = entry.get("meets_at_least")
    after, then = entry.get("after"), entry.get("then")
    then_decision = then.get("decision") if then is not None else None
    return ObligationSpec(
        id=entry.get("id"),
        body=entry.get("body"),
        name=entry.get("name", ""),
        times=meets.get("times") if meets else None,
        per_months=meets.get("per_months") if meets else None,
        lasts_at_most_days=entry.get("meeting_lasts_at_most_days"),
        within_days=entry.get("within_days"),
        after_decision=after.get("decision") if after else None,
        after_by=after.get("by") if after else None,
        then_decision=then_decision.value if then_decision is not None else None,
        articles=tuple(node.value for node in entry.get("articles", [])),
    )
