"""A body's rules for taking agenda items in closed session (the `closed_sessions:` key).

    bodies:
      - id: central-committee
        closed_sessions:
          grounds: [staff matters, legal advice]   # the only grounds; omitted: any ground, stated
          readers: [control-commission]            # besides the body's own seat holders
          articles: [art-7]

Without the key a body meets in open session only. An item taken in closed session keeps its
title and its decisions on the record for everyone who may read the body's records: what is
closed is the rest (the description, the papers, the list of speakers, the motions debated
and how each seat holder voted), which only the body's seat holders and those of the
`readers` bodies read. Deciding in secret is not what a closed session is for: the decisions
stay on the record.
"""

from __future__ import annotations

from minutebook.charter.drafts import Draft
from minutebook.charter.readers import (
    OPTIONAL,
    list_of,
    read_references,
    read_text,
    reader,
)
from minutebook.charter.spec import ClosedSessionRules

read_closed_sessions = reader(
    {
        "grounds": (OPTIONAL, list_of(read_text, "grounds", nonempty=True)),
        "readers": (OPTIONAL, read_references),
        "articles": (OPTIONAL, read_references),
    },
    "the rules on closed sessions ({grounds: [staff matters], readers: [...]})",
)


def assemble_closed_sessions(draft: Draft | None) -> ClosedSessionRules | None:
    if draft is None:
        return None
    return ClosedSessionRules(
        grounds=tuple(draft.get("grounds", [])),
        readers=tuple(node.value for node in draft.get("readers", [])),
        articles=tuple(node.value for node in draft.get("articles", [])),
    )


def closed_session_words(rules: ClosedSessionRules | None, body_names: dict[str, str]) -> str:
    """The rule in words for the body's page, or "" when the body meets only in open session."""
    if rules is None:
        return ""
    grounds = f"for {', '.join(rules.grounds)}" if rules.grounds else "on a ground the chair states"
    readers = "its seat holders"
    if rules.readers:
        others = ", ".join(body_names.get(body_id, body_id) for body_id in rules.readers)
        readers += f" and those of the {others}"
    return (
        f"may take an agenda item in closed session {grounds}; its title and decisions stay "
        f"on the record, the rest is read by {readers} only"
    )
