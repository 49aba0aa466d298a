"""The `questions:` of a body's `ballots:`: rules for one kind of question or one decision type
put to its ballots, where they differ from the body's, and what it decides only by ballot.

```yaml
ballots:
  allowed: true
  notice_days: 14
  min_open_days: 7
  max_open_days: 21
  called_by: [council]
  questions:
    - kind: election                 # elections by ballot of the members
      open_days: 14
      secret: true
      only_by_ballot: true           # the seats the members elect are filled only by ballot
    - decision_type: charter.amend   # amendments of the constitution (and their ratification)
      notice_days: 28
      open_days: 28
      only_by_ballot: true           # never decided at a meeting of this body
```

An entry names a `kind` (`motion`: a referendum or circular resolution, or a step of a
procedure; `election`) or a `decision_type`, never both, and any of `notice_days`, the open
period, `secret`, `called_by` and `only_by_ballot`. A ballot takes the body's rules, then the
entry of its kind, then that of its decision type (`BallotRules.for_question`).

`read_question` reads one entry's shape (for `loader`'s `ballots:` reader), `check` the
references across the file (called by `cross_checks`): a decision type the charter defines
and the body takes (or takes a step of), elections only on a body of all members.
"""

from __future__ import annotations

from minutebook.charter.ballots import QUESTION_KINDS, check_open_period
from minutebook.charter.drafts import ALL_BODIES, Draft, Problems
from minutebook.charter.readers import (
    OPTIONAL,
    choice,
    list_of,
    read_flag,
    read_id,
    read_references,
    reader,
    whole_number,
)


def _check_question(problems: Problems, draft: Draft) -> None:
    named = [key for key in ("kind", "decision_type") if draft.has(key)]
    if not named:
        problems.add(
            draft.node,
            "say which questions these rules are for: 'kind' (motion or election) or "
            "'decision_type'",
        )
    elif len(named) == 2:
        problems.add(
            draft.at("decision_type"),
            "an entry is for a 'kind' of question or for a 'decision_type', not both: write "
            "two entries",
        )
    check_open_period(problems, draft, required=False)
    if draft.has("called_by") and draft.at("called_by").value == []:
        problems.add(draft.at("called_by"), "no body may call such a ballot; name at least one")


_period = whole_number(1, "a ballot's open period in days")

read_question = reader(
    {
        "kind": (OPTIONAL, choice(QUESTION_KINDS, "kind of question")),
        "decision_type": (OPTIONAL, read_id),
        "notice_days": (OPTIONAL, whole_number(0, "a number of days")),
        "open_days": (OPTIONAL, _period),
        "min_open_days": (OPTIONAL, _period),
        "max_open_days": (OPTIONAL, _period),
        "secret": (OPTIONAL, read_flag),
        "called_by": (OPTIONAL, read_references),
        "only_by_ballot": (OPTIONAL, read_flag),
    },
    "the rules of a kind of question ({kind: election, open_days: 14, secret: true})",
    after=_check_question,
)

read_questions = list_of(read_question, "rules of questions")


def check(problems: Problems, top: Draft, known_body) -> None:
    """Each body's `questions:`: one entry per kind and per decision type; a decision type the
    charter defines, which the body takes or takes a step of; elections by ballot only on a
    body of all members. `known_body(node)` checks a `called_by` reference as `cross_checks`
    checks the body's own."""
    types = {t.get("id"): t for t in top.get("decision_types", []) if t.get("id")}
    body_ids = {b.get("id") for b in top.get("bodies", []) if b.get("id")}
    for body in top.get("bodies", []):
        rules = body.get("ballots")
        if rules is None:
            continue
        seen: dict[str, int] = {}
        for entry in rules.get("questions", []):
            key = entry.get("decision_type") or entry.get("kind")
            where = entry.at("decision_type" if entry.has("decision_type") else "kind")
            if key is not None and key in seen:
                problems.add(where, f"a second entry for '{key}' (first at line {seen[key]})")
            elif key is not None:
                seen[key] = where.line
            for node in entry.get("called_by", []):
                known_body(node, body)
            if entry.get("kind") == "election" and not _all_members(body):
                problems.add(
                    entry.at("kind"),
                    f"'{body.get('id')}' holds no elections by ballot: only a body whose seats "
                    "are all the members of a unit elects by ballot",
                )
            type_id = entry.get("decision_type")
            if type_id is None:
                continue
            if type_id not in types:
                problems.unknown(entry.at("decision_type"), "decision type", type_id, types)
            elif body.get("id") not in _takers(types[type_id], body_ids):
                problems.add(
                    entry.at("decision_type"),
                    f"'{body.get('id')}' neither takes '{type_id}' decisions nor a step of "
                    "their procedure: no ballot of it is on that question",
                )


def _all_members(body: Draft) -> bool:
    return any(seat.get("method") == "all_members" for seat in body.get("seats", []))


def _takers(decision_type: Draft, body_ids: set[str]) -> set[str]:
    """The bodies that take the type's decisions or a step of their procedure."""
    entries = decision_type.get("bodies")
    deciding = (
        set(body_ids)
        if entries == ALL_BODIES
        else {entry.get("body") for entry in entries or () if entry.get("body")}
    )
    steps = {step.get("body") for step in decision_type.get("procedure", []) if step.get("body")}
    return deciding | steps
