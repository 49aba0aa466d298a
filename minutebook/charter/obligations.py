"""The charter's `obligations:` section: duties with a deadline, read and checked.

Three forms, each an entry with an `id`, the responsible `body` and optional `name` (the
duty in words) and `articles`:

    - {id: council-meets, body: council, meets_at_least: {times: 2, per: year}}
    - {id: convention-length, body: congress, meeting_lasts_at_most_days: 10}
    - {id: appeal-heard, body: control-commission, within_days: 60,
       after: {decision: appeal.lodge}, then: {decision: appeal.decide}}
    - {id: secretary-answers, body: council, office: secretary, within_days: 60,
       after: {request: {}}, then: {answer: {}}}

A duty within a time counts whole days (`within_days`) or calendar months (`within_months`:
"within two calendar months"). It follows a decision of a type, or a member's written request
to the body (`after: {request: {}}`), which the holders of the body's `office` (its secretary
unless another is named) must answer in writing (`then: {answer: {}}`). A meeting it owes
may be of another body (`then: {meeting: {of: general-meeting}}`: the board must convene the
general meeting; `meets_at_least: {times: 2, per: year, of: members-forum}`: State Council
convenes the forum twice a year), so that the duty shows on the body that owes it.

The loader reads the section with its own readers (and imports this module to do so; nothing
else imports it); `check` looks across the file once every section is read. Judging a duty
against the record is the obligations app's work.
"""

from __future__ import annotations

from minutebook.charter.drafts import ALL_BODIES, DEFAULT_OFFICES, Draft, Problems, suggestion
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

FORMS = ("meets_at_least", "meeting_lasts_at_most_days", "within_days", "within_months")
WITHIN = ("within_days", "within_months")


def _check_period(problems: Problems, draft: Draft) -> None:
    given = [key for key in ("per", "per_months") if draft.has(key)]
    if len(given) != 1:
        problems.add(
            draft.node,
            "say how often: 'per: year' (each calendar year), 'per: month' (each calendar "
            "month) or 'per_months: M' (each period of M months)"
            + (f"; found {' and '.join(given)}" if given else ""),
        )


_meets_at_least = reader(
    {
        "times": (REQUIRED, whole_number(1, "a number of meetings")),
        "per": (OPTIONAL, choice(("year", "month"), "period")),
        "per_months": (OPTIONAL, whole_number(1, "a number of months")),
        "of": (OPTIONAL, read_id),
    },
    "how often the body meets ({times: 2, per: year}), or the body it convenes ({of: <body>})",
    after=_check_period,
)

_after_decision = reader(
    {"decision": (REQUIRED, read_id), "by": (OPTIONAL, read_id)},
    "the event the duty follows ({decision: <decision type>})",
)


def _empty(problems: Problems, node: Node, key: str) -> bool:
    """`request: {}` or `answer: {}`: a form that takes no settings."""
    if node.value not in (None, {}):
        problems.add(node, f"'{key}' takes no settings here: write '{key}: {{}}'")
        return False
    return True


def _after(problems: Problems, node: Node) -> Draft | None:
    """The event that starts the clock: `{decision: <type>[, by: <body>]}` or `{request: {}}`
    (a member's written request to the body)."""
    if node.is_mapping and "request" in node.value:
        for key in node.value:
            if key != "request":
                problems.add(
                    node.value[key], f"'{key}' does not go with 'request' (a member's request)"
                )
        if not _empty(problems, node.value["request"], "request"):
            return None
        draft = Draft(node)
        draft.values["request"] = True
        return draft
    return _after_decision(problems, node)


_THEN = ("meeting", "decision", "answer")
_meeting_of = reader({"of": (OPTIONAL, read_id)}, "the meeting owed ({} or {of: <body>})")


def _then(problems: Problems, node: Node) -> Draft | None:
    """What the body must do: `{meeting: {}}` (or a meeting of another body it convenes,
    `{meeting: {of: <body>}}`), `{decision: <decision type>}`, or `{answer: {}}` (a written
    answer to a request)."""
    what = (
        "what the body must do ({meeting: {}}, {meeting: {of: <body>}}, "
        "{decision: <decision type>} or {answer: {}})"
    )
    if not node.is_mapping:
        expected(problems, node, what)
        return None
    for key in node.value:
        if key not in _THEN:
            problems.unknown_key(node, key, _THEN)
    given = [key for key in _THEN if key in node.value]
    if len(given) != 1:
        problems.add(node, f"expected exactly one of {', '.join(_THEN)} in {what}")
        return None
    draft = Draft(node)
    if given == ["decision"]:
        type_id = read_id(problems, node.value["decision"])
        if type_id is None:
            return None
        draft.values["decision"] = node.value["decision"]
    elif given == ["answer"]:
        if not _empty(problems, node.value["answer"], "answer"):
            return None
        draft.values["answer"] = True
    else:
        inner = node.value["meeting"]
        draft.values["meeting"] = True
        if inner.value not in (None, {}):
            meeting = _meeting_of(problems, inner)
            if meeting is None:
                return None
            if meeting.get("of") is not None:
                draft.values["meeting_of"] = meeting.at("of")
    return draft


def _check_obligation(problems: Problems, draft: Draft) -> None:
    given = [form for form in FORMS if draft.has(form)]
    if len(given) != 1:
        found = f"; found {' and '.join(given)}" if given else ""
        problems.add(draft.node, f"an obligation has exactly one of {', '.join(FORMS)}{found}")
    within = any(draft.has(key) for key in WITHIN)
    for key in ("after", "then"):
        if within and not draft.has(key):
            problems.add(draft.node, f"missing required key '{key}' (a duty within a time)")
        if draft.has(key) and not within:
            problems.add(
                draft.at(key),
                f"'{key}' goes with 'within_days' or 'within_months' (a duty within a time)",
            )
    after, then = draft.get("after"), draft.get("then")
    request = after is not None and after.get("request", False)
    answer = then is not None and then.get("answer", False)
    if after is not None and then is not None and request != answer:
        problems.add(
            draft.at("then"),
            "a member's request is owed a written answer: 'after: {request: {}}' goes with "
            "'then: {answer: {}}', and only with it",
        )
    if draft.has("office") and not (answer or request) and (then or not draft.has("then")):
        problems.add(
            draft.at("office"),
            "'office' names who answers a request: it goes with 'then: {answer: {}}'",
        )


read_obligation = reader(
    {
        "id": (REQUIRED, read_id),
        "body": (REQUIRED, read_id),
        "name": (OPTIONAL, read_text),
        "meets_at_least": (OPTIONAL, _meets_at_least),
        "meeting_lasts_at_most_days": (OPTIONAL, whole_number(1, "a number of days")),
        "within_days": (OPTIONAL, whole_number(0, "a number of days")),
        "within_months": (OPTIONAL, whole_number(1, "a number of calendar months")),
        "after": (OPTIONAL, _after),
        "office": (OPTIONAL, read_id),
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
        if after is not None and after.get("decision") is not None:
            _check_decision(problems, after.at("decision"), after.get("by"), competences, bodies)
            by = after.get("by")
            if by is not None and by not in bodies:
                problems.unknown(after.at("by"), "body", by, bodies)
        if then is not None and then.get("decision") is not None:
            _check_decision(problems, then.get("decision"), body, competences, bodies)
        meets = entry.get("meets_at_least")
        for node in (
            then.get("meeting_of") if then is not None else None,
            meets.at("of") if meets is not None and meets.get("of") is not None else None,
        ):
            if node is not None and node.value not in bodies:
                problems.unknown(node, "body", node.value, bodies)
        if entry.get("office") is not None and body is not None:
            _check_office(problems, entry.at("office"), _body_entry(top, body))
        elif then is not None and then.get("answer") and body is not None:
            _check_office(problems, then.at("answer"), _body_entry(top, body), "secretary")


def _body_entry(top: Draft, body_id: str) -> Draft | None:
    return next((b for b in top.get("bodies", []) if b.get("id") == body_id), None)


def _check_office(
    problems: Problems, node: Node, body: Draft | None, default: str | None = None
) -> None:
    """The office that answers is one of the body's (its own list, or chair and secretary);
    `default`: none is named, and the secretary would answer."""
    if body is None or (body.has("offices") and body.get("offices") is None):
        return  # the body's offices are broken and reported
    offices = body.get("offices", DEFAULT_OFFICES)
    office = default or node.value
    if office in offices:
        return
    listed = f"(its offices: {', '.join(offices) or 'none'})"
    if default:
        problems.add(
            node,
            f"the body '{body.get('id')}' has no office '{office}', which answers unless "
            f"another is named {listed}: name it with 'office: <office>'",
        )
        return
    problems.add(
        node,
        f"the body '{body.get('id')}' has no office '{office}' {listed}"
        f"{suggestion(office, offices)}",
    )


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
        per_calendar_month=bool(meets) and meets.get("per") == "month",
        within_months=entry.get("within_months"),
        after_request=bool(after) and after.get("request", False),
        then_answer=bool(then) and then.get("answer", False),
        office=entry.get("office", "secretary") if then and then.get("answer") else None,
        meetings_of=(
            then.get("meeting_of").value
            if then and then.get("meeting_of")
            else (meets.get("of") if meets else None)
        ),
    )
