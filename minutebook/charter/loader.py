"""Read a charter file into a `Charter`, or say everything that is wrong with it.

Loading happens in three passes, each reporting every problem it finds:
1. the YAML is read into located nodes (`yaml_nodes`): syntax errors, duplicate keys;
2. each section is read for its shape (this module): required and unknown keys, types, ranges,
   and rules inside one entry (a body has `unit` or `per_unit_kind`, not both);
3. the entries are checked against each other (`cross_checks`): references, the unit tree,
   ex officio cycles, quorums and thresholds a body can reach, required decision types.
A charter with any problem is never returned. The format is described in docs/charter-format.md.

No Django here: `minutebook charter check` runs without a database.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from fractions import Fraction
from pathlib import Path
from typing import Any

from minutebook.charter import cross_checks, petitions
from minutebook.charter.ballots import assemble_ballot_rules, check_ballot_rules
from minutebook.charter.drafts import (
    ALL_BODIES,
    DEFAULT_OFFICES,
    UNSPECIFIED,
    Draft,
    Problems,
    near_in_meaning,
    suggestion,
)
from minutebook.charter.spec import (
    DEFAULT_SPEAKING_LIMIT_SECONDS,
    Article,
    BodySpec,
    Charter,
    CharterInvalid,
    Competence,
    DecisionTypeSpec,
    Notice,
    Quorum,
    SeatMethod,
    SeatRule,
    UnitSpec,
    Visibility,
)
from minutebook.charter.yaml_nodes import Node, node_at, plain_data, read_yaml
from minutebook.voting.thresholds import ThresholdError, parse_threshold

FORMAT_VERSION = 1

# Ids end up in URLs and in the record, so they are plain: "north", "central-committee",
# "charter.amend".
ID_PATTERN = re.compile(r"[a-z0-9](?:[a-z0-9._-]*[a-z0-9])?")
ID_MAX_LENGTH = 64

_FRACTION = re.compile(r"\s*(\d+)\s*/\s*(\d+)\s*")

# A reader returns the value, or None: after reporting a problem, or for a value written
# `unspecified` (`_or_unspecified`). Either way nothing is checked against it, and in a charter
# without problems a None can only be a value left open.
Reader = Callable[[Problems, Node], Any]


def load_charter(text: str, source: str = "<charter>") -> Charter:
    """The charter in `text`; raises CharterInvalid listing every problem found."""
    problems = Problems(source)
    root, yaml_problems = read_yaml(text)
    for found in yaml_problems:
        problems.add_at(found.line, found.path, found.message)
    if root is None:
        if not yaml_problems:
            problems.add_at(
                None, "", "the file is empty; a charter starts with 'minutebook_charter: 1'"
            )
        raise CharterInvalid(problems.sorted())
    top = _read_top(problems, root)
    if top is not None:
        cross_checks.check(problems, top)
        procedure_rules.check(problems, top)
        obligation_rules.check(problems, top)
    if problems.found or top is None:
        raise CharterInvalid(problems.sorted())
    return _assemble(top)


def load_charter_file(path: str | Path) -> Charter:
    """The charter in the file at `path` (UTF-8). Raises OSError if the file cannot be read,
    CharterInvalid if it is not a valid charter."""
    data = Path(path).read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        problem_text = f"the file is not UTF-8 text (byte {error.start + 1} cannot be read)"
        problems = Problems(str(path))
        problems.add_at(line, "", problem_text)
        raise CharterInvalid(problems.found) from None
    return load_charter(text, source=str(path))


# Values


def _describe(node: Node) -> str:
    """What the author wrote, for "expected X, got Y" messages."""
    value = node.value
    if node.is_mapping:
        return "a mapping"
    if node.is_sequence:
        return "a list"
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"'{node.raw}', which YAML reads as {'true' if value else 'false'}"
    if isinstance(value, int | float):
        return f"the number {node.raw}"
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return f"'{shown}'"
    return f"'{node.raw}' ({type(value).__name__})"


def _expected(problems: Problems, node: Node, what: str, *, text: bool = False) -> None:
    """Report a value of the wrong type; `text`: the key wants text, so a number or a yes/no
    that YAML read as such only needs quotes."""
    hint = ""
    if text and node.raw is not None and not isinstance(node.value, str) and node.value is not None:
        hint = "; put it in quotes to make it text"
    problems.add(node, f"expected {what}, got {_describe(node)}{hint}")


def _text(problems: Problems, node: Node) -> str | None:
    if not isinstance(node.value, str) or not node.value.strip():
        _expected(problems, node, "text", text=True)
        return None
    return node.value


def _optional_text(problems: Problems, node: Node) -> str | None:
    """Free text that may be empty (a description)."""
    if not isinstance(node.value, str):
        _expected(problems, node, "text", text=True)
        return None
    return node.value


def _ident(problems: Problems, node: Node) -> str | None:
    value = node.value
    if not isinstance(value, str):
        _expected(problems, node, "an id (text)", text=True)
        return None
    if not ID_PATTERN.fullmatch(value) or len(value) > ID_MAX_LENGTH:
        problems.add(
            node,
            f"'{value}' is not a valid id: use lowercase letters, digits, '-', '_' and '.', "
            f"starting and ending with a letter or digit, at most {ID_MAX_LENGTH} characters",
        )
        return None
    return value


def _flag(problems: Problems, node: Node) -> bool | None:
    if not isinstance(node.value, bool):
        _expected(problems, node, "true or false")
        return None
    return node.value


def _whole_number(minimum: int, what: str) -> Reader:
    def read(problems: Problems, node: Node) -> int | None:
        value = node.value
        if isinstance(value, bool) or not isinstance(value, int):
            _expected(problems, node, f"a whole number ({what})")
            return None
        if value < minimum:
            problems.add(node, f"{what} must be at least {minimum}, got {value}")
            return None
        return value

    return read


def _or_unspecified(read: Reader) -> Reader:
    """A value the constitution may leave open: `unspecified` is read as None, so that no
    check is made against it and the spec holds None (and a typo of the word is not reported
    as a wrong number)."""

    def read_open(problems: Problems, node: Node) -> Any:
        value = node.value
        if value == UNSPECIFIED:
            return None
        if isinstance(value, str) and near_in_meaning(value, [UNSPECIFIED]):
            problems.add(node, f"unknown value '{value}'; did you mean '{UNSPECIFIED}'?")
            return None
        return read(problems, node)

    return read_open


def _choice(choices: tuple[str, ...], what: str) -> Reader:
    def read(problems: Problems, node: Node) -> str | None:
        value = node.value
        if not isinstance(value, str):
            _expected(problems, node, f"{what} (one of {', '.join(choices)})", text=True)
            return None
        if value not in choices:
            hint = suggestion(value, choices) or f"; it is one of {', '.join(choices)}"
            problems.add(node, f"unknown {what} '{value}'{hint}")
            return None
        return value

    return read


def _threshold(problems: Problems, node: Node) -> str | None:
    """A threshold: one of the names, or an expression (`minutebook.voting.thresholds`); its
    canonical text, which the record stores."""
    try:
        return parse_threshold(plain_data(node)).text
    except ThresholdError as error:
        where = node_at(node, error.path)
        problems.add(where, error.message)
        return None


_visibility = _choice(tuple(Visibility), "visibility")


def _sequence(problems: Problems, node: Node, what: str) -> list[Node] | None:
    if not node.is_sequence:
        _expected(problems, node, f"a list of {what}")
        return None
    return node.value


def _list_of(read_item: Reader, what: str, *, nonempty: bool = False) -> Reader:
    def read(problems: Problems, node: Node) -> list | None:
        items = _sequence(problems, node, what)
        if items is None:
            return None
        if nonempty and not items:
            problems.add(node, f"the list of {what} is empty; at least one is needed")
        read_items = (read_item(problems, item) for item in items if not item.broken)
        return [value for value in read_items if value is not None]

    return read


def _id_node(problems: Problems, node: Node) -> Node | None:
    return node if _ident(problems, node) is not None else None


# A list of references (`articles: [art-4]`), kept as nodes so each is reported on its line.
_references = _list_of(_id_node, "ids")


def _offices(problems: Problems, node: Node) -> tuple[str, ...] | None:
    items = _sequence(problems, node, "offices")
    if items is None:
        return None
    offices: list[str] = []
    for item in items:
        office = _ident(problems, item)
        if office in offices:
            problems.add(item, f"the office '{office}' is listed twice")
        elif office is not None:
            offices.append(office)
    return tuple(offices)


def _quorum(problems: Problems, node: Node) -> Quorum | None:
    value = node.value
    expected = "'majority', a fraction such as '1/3', or a whole number of members"
    if isinstance(value, int) and not isinstance(value, bool):
        if value < 1:
            problems.add(node, f"impossible quorum {value}: at least 1 member must be present")
            return None
        return Quorum(at_least=value)
    if not isinstance(value, str):
        hint = "; write a fraction such as '1/2'" if isinstance(value, float) else ""
        problems.add(node, f"expected {expected} for the quorum, got {_describe(node)}{hint}")
        return None
    if value == "majority":
        return Quorum(fraction=Fraction(1, 2), more_than=True)
    match = _FRACTION.fullmatch(value)
    if match is None:
        hint = suggestion(value, ["majority"]) or f"; expected {expected}"
        problems.add(node, f"malformed quorum '{value}'{hint}")
        return None
    numerator, denominator = int(match[1]), int(match[2])
    if denominator == 0:
        problems.add(node, f"malformed quorum '{value}': the denominator is 0")
        return None
    fraction = Fraction(numerator, denominator)
    if not 0 < fraction <= 1:
        problems.add(
            node, f"impossible quorum '{value}': a fraction must be more than 0 and at most 1"
        )
        return None
    return Quorum(fraction=fraction)


# Entries


Field = tuple[bool, Reader]  # (required, reader)


def _entry(problems: Problems, node: Node, fields: dict[str, Field], what: str) -> Draft | None:
    """Read a mapping: unknown keys, missing required keys and each field's value. An optional
    key set to null counts as absent (`appeal_to: null`)."""
    if not node.is_mapping:
        _expected(problems, node, f"{what} (a mapping of keys to values)")
        return None
    for key in node.value:
        if key not in fields:
            problems.unknown_key(node, key, fields)
    draft = Draft(node)
    for key, (required, read) in fields.items():
        child = node.value.get(key)
        if child is None:
            if required and not node.incomplete:  # else it may be in what could not be read
                problems.add(node, f"missing required key '{key}'")
            continue
        if child.broken or (child.value is None and not required):
            continue
        value = read(problems, child)
        if value is not None:
            draft.values[key] = value
    return draft


def _reader(fields: dict[str, Field], what: str, after: Callable | None = None) -> Reader:
    """A reader for a mapping with `fields`; `after(problems, draft)` checks the entry as a
    whole."""

    def read(problems: Problems, node: Node) -> Draft | None:
        draft = _entry(problems, node, fields, what)
        if draft is not None and after is not None:
            after(problems, draft)
        return draft

    return read


REQUIRED, OPTIONAL = True, False

_seat_count = _or_unspecified(_whole_number(1, "a seat count"))
_term = _whole_number(1, "a term in months")
_days = _or_unspecified(_whole_number(0, "a number of days"))
_speaking_limit = _whole_number(1, "a speaking limit in seconds")

_read_article = _reader(
    {"id": (REQUIRED, _ident), "title": (REQUIRED, _text), "text": (REQUIRED, _text)}, "an article"
)

_read_unit = _reader(
    {
        "id": (REQUIRED, _ident),
        "name": (REQUIRED, _text),
        "kind": (REQUIRED, _ident),
        "parent": (OPTIONAL, _ident),
    },
    "a unit",
)


def _check_elected(problems: Problems, draft: Draft) -> None:
    given = [key for key in ("by_body", "by_members_of", "by_members_of_each") if draft.has(key)]
    if len(given) != 1:
        found = f"; found {' and '.join(given)}" if given else ""
        problems.add(
            draft.node,
            "elected seats need exactly one of by_body, by_members_of, by_members_of_each" + found,
        )


_SEAT_METHODS: dict[str, Reader] = {
    SeatMethod.ELECTED: _reader(
        {
            "by_body": (OPTIONAL, _ident),
            "by_members_of": (OPTIONAL, _ident),
            "by_members_of_each": (OPTIONAL, _ident),
            "count": (REQUIRED, _seat_count),
            "term_months": (OPTIONAL, _term),
        },
        "elected seats",
        after=_check_elected,
    ),
    SeatMethod.APPOINTED: _reader(
        {
            "by_body": (REQUIRED, _ident),
            "count": (REQUIRED, _seat_count),
            "term_months": (OPTIONAL, _term),
        },
        "appointed seats",
    ),
    SeatMethod.EX_OFFICIO: _reader(
        {"of_body": (REQUIRED, _ident), "office": (OPTIONAL, _ident)}, "ex officio seats"
    ),
    SeatMethod.ALL_MEMBERS: _reader({}, "all-members seats ('all_members: {}')"),
}


def _seat(problems: Problems, node: Node) -> Draft | None:
    """A seat rule: a mapping with exactly one key, the method."""
    if not node.is_mapping:
        _expected(problems, node, f"a seat rule ({', '.join(_SEAT_METHODS)})")
        return None
    methods = [key for key in node.value if key in _SEAT_METHODS]
    for key in node.value:
        if key not in _SEAT_METHODS:
            problems.unknown_key(node, key, _SEAT_METHODS)
    if len(methods) > 1:
        problems.add(node, f"a seat rule has one method; found {' and '.join(methods)}")
        return None
    if not methods:
        if not node.value:
            problems.add(node, f"a seat rule needs one of {', '.join(_SEAT_METHODS)}")
        return None
    method = methods[0]
    inner = node.value[method]
    if method == SeatMethod.ALL_MEMBERS and inner.value is None:  # `- all_members:`
        draft = Draft(inner)
    else:
        draft = _SEAT_METHODS[method](problems, inner)
        if draft is None:
            return None
    draft.values["method"] = SeatMethod(method)
    return draft


def _check_emergency(problems: Problems, draft: Draft) -> None:
    if not draft.get("allowed"):
        return
    for key in ("meeting_days", "declared_by"):
        if not draft.has(key):
            problems.add(
                draft.node, f"missing required key '{key}' (emergency meetings are allowed)"
            )
    if draft.has("declared_by") and draft.at("declared_by").value == []:
        problems.add(draft.at("declared_by"), "no body may declare an emergency; name at least one")


_emergency = _reader(
    {
        "allowed": (REQUIRED, _flag),
        "meeting_days": (OPTIONAL, _days),
        "declared_by": (OPTIONAL, _references),
    },
    "the emergency rules",
    after=_check_emergency,
)


def _check_notice(problems: Problems, draft: Draft) -> None:
    emergency = draft.get("emergency")
    if emergency is None or not emergency.get("allowed"):
        return
    ordinary, urgent = draft.get("meeting_days"), emergency.get("meeting_days")
    if isinstance(ordinary, int) and isinstance(urgent, int) and urgent > ordinary:
        problems.add(
            emergency.at("meeting_days"),
            f"emergency notice ({urgent} days) is longer than ordinary notice ({ordinary} "
            "days); an emergency meeting should need less notice, not more",
        )


_notice = _reader(
    {
        "meeting_days": (REQUIRED, _days),
        "documents_days": (REQUIRED, _days),
        "emergency": (OPTIONAL, _emergency),
    },
    "the notice periods",
    after=_check_notice,
)


def _check_body(problems: Problems, draft: Draft) -> None:
    if draft.has("unit") and draft.has("per_unit_kind"):
        problems.add(
            draft.node,
            "a body is either in one unit ('unit') or in every unit of a kind "
            "('per_unit_kind'), not both",
        )
    elif not draft.has("unit") and not draft.has("per_unit_kind"):
        problems.add(
            draft.node,
            "missing 'unit' (the unit the body belongs to) or 'per_unit_kind' (one body in "
            "every unit of that kind)",
        )


# A body's `ballots:` (deciding by ballot outside meetings): minutebook/charter/ballots.py.
_ballots = _reader(
    {
        "allowed": (REQUIRED, _flag),
        "notice_days": (OPTIONAL, _days),
        "open_days": (OPTIONAL, _whole_number(1, "a ballot's open period in days")),
        "min_open_days": (OPTIONAL, _whole_number(1, "a ballot's open period in days")),
        "max_open_days": (OPTIONAL, _whole_number(1, "a ballot's open period in days")),
        "secret": (OPTIONAL, _flag),
        "called_by": (OPTIONAL, _references),
    },
    "the ballot rules",
    after=check_ballot_rules,
)


def _read_motion_rules(problems: Problems, node: Node) -> Draft | None:
    return motion_rules.read_motion_rules(problems, node)


_read_body = _reader(
    {
        "id": (REQUIRED, _ident),
        "name": (REQUIRED, _text),
        "unit": (OPTIONAL, _ident),
        "per_unit_kind": (OPTIONAL, _ident),
        "description": (OPTIONAL, _optional_text),
        "seats": (REQUIRED, _list_of(_seat, "seat rules", nonempty=True)),
        "offices": (OPTIONAL, _offices),
        "quorum": (REQUIRED, _or_unspecified(_quorum)),
        "notice": (REQUIRED, _notice),
        "visibility": (REQUIRED, _visibility),
        "proxies": (OPTIONAL, _flag),
        "speaking_limit_seconds": (OPTIONAL, _speaking_limit),
        "leading": (OPTIONAL, _flag),
        "articles": (OPTIONAL, _references),
        "ballots": (OPTIONAL, _ballots),
        "motions": (OPTIONAL, _read_motion_rules),
    },
    "a body",
    after=_check_body,
)


def _competence(problems: Problems, node: Node) -> Draft | None:
    """An entry of a decision type's `bodies`: a body id, or {body: id, threshold: name}."""
    if node.is_mapping:
        fields = {"body": (REQUIRED, _ident), "threshold": (OPTIONAL, _threshold)}
        return _entry(problems, node, fields, "a body entry")
    body = _ident(problems, node)
    return Draft(node, {"body": body}) if body is not None else None


def _competences(problems: Problems, node: Node) -> list[Draft] | str | None:
    if node.value == ALL_BODIES:
        return ALL_BODIES
    if not node.is_sequence:
        _expected(problems, node, f"a list of bodies or '{ALL_BODIES}'")
        return None
    if not node.value:
        problems.add(node, "no body may take this decision type; list at least one body")
    read_items = (_competence(problems, item) for item in node.value if not item.broken)
    return [draft for draft in read_items if draft is not None]


def _check_decision_type(problems: Problems, draft: Draft) -> None:
    """Every body entry needs a threshold: its own or the type's default."""
    if draft.has("threshold"):
        return
    competences = draft.get("bodies")
    if competences == ALL_BODIES:
        problems.add(draft.at("bodies"), "'bodies: all' needs the type's default 'threshold'")
        return
    for entry in competences or ():
        if not entry.has("threshold"):
            problems.add(
                entry.node,
                f"no threshold for '{entry.get('body')}': give the entry one "
                "({body: ..., threshold: ...}) or give the decision type a default 'threshold'",
            )


def _read_procedure(problems: Problems, node: Node) -> list[Draft] | None:
    return procedure_rules.read_procedure(problems, node)


def _read_readings(problems: Problems, node: Node) -> Draft | None:
    return motion_rules.read_readings(problems, node)


_read_decision_type = _reader(
    {
        "id": (REQUIRED, _ident),
        "name": (REQUIRED, _text),
        "bodies": (REQUIRED, _competences),
        "threshold": (OPTIONAL, _threshold),
        "notice_required": (OPTIONAL, _flag),
        "appeal_to": (OPTIONAL, _ident),
        "articles": (OPTIONAL, _references),
        "description": (OPTIONAL, _optional_text),
        "procedure": (OPTIONAL, _read_procedure),
        "readings": (OPTIONAL, _read_readings),
    },
    "a decision type",
    after=_check_decision_type,
)

_read_organization = _reader(
    {
        "name": (REQUIRED, _text),
        "short_name": (REQUIRED, _text),
        "preamble": (OPTIONAL, _optional_text),
    },
    "the organization",
)


def _is_whole_number(node: Node | None) -> bool:
    return node is not None and isinstance(node.value, int) and not isinstance(node.value, bool)


def _version(problems: Problems, node: Node) -> int | None:
    value = node.value
    if not _is_whole_number(node):
        _expected(problems, node, f"the format version {FORMAT_VERSION}")
        return None
    return value


def _petitions(problems: Problems, node: Node) -> list[Draft] | None:
    return petitions.read_petitions(problems, node)  # through the module: it imports this one


# The obligations section is read with the readers above (so it imports this module).
from minutebook.charter import obligations as obligation_rules  # noqa: E402

_TOP_FIELDS: dict[str, Field] = {
    "minutebook_charter": (REQUIRED, _version),
    "organization": (REQUIRED, _read_organization),
    "articles": (OPTIONAL, _list_of(_read_article, "articles")),
    "units": (REQUIRED, _list_of(_read_unit, "units", nonempty=True)),
    "bodies": (REQUIRED, _list_of(_read_body, "bodies", nonempty=True)),
    "decision_types": (REQUIRED, _list_of(_read_decision_type, "decision types", nonempty=True)),
    "petitions": (OPTIONAL, _petitions),
    "obligations": (OPTIONAL, _list_of(obligation_rules.read_obligation, "obligations")),
}


def _read_top(problems: Problems, root: Node) -> Draft | None:
    if not root.is_mapping:
        _expected(problems, root, "a mapping at the top of the file (minutebook_charter: 1, ...)")
        return None
    version = root.value.get("minutebook_charter")
    if _is_whole_number(version) and version.value != FORMAT_VERSION:
        # Another version may be another format: reading it as this one would only add noise.
        problems.add(
            version,
            f"unsupported format version {version.value}; this Minutebook reads version "
            f"{FORMAT_VERSION}",
        )
        return None
    return _entry(problems, root, _TOP_FIELDS, "a charter")


# Assembly: only reached when nothing is wrong, so every required value is there.


def _assemble(top: Draft) -> Charter:
    organization = top.get("organization")
    return Charter(
        name=organization.get("name"),
        short_name=organization.get("short_name"),
        preamble=organization.get("preamble", ""),
        articles=tuple(
            Article(id=a.get("id"), title=a.get("title"), text=a.get("text"))
            for a in top.get("articles", ())
        ),
        units=tuple(
            UnitSpec(id=u.get("id"), name=u.get("name"), kind=u.get("kind"), parent=u.get("parent"))
            for u in top.get("units")
        ),
        bodies=tuple(_assemble_body(b) for b in top.get("bodies")),
        decision_types=tuple(
            _assemble_decision_type(t, [b.get("id") for b in top.get("bodies")])
            for t in top.get("decision_types")
        ),
        petitions=petitions.assemble(top.get("petitions", [])),
        obligations=obligation_rules.assemble(top.get("obligations", [])),
    )


def _ids(nodes: list[Node]) -> tuple[str, ...]:
    return tuple(node.value for node in nodes)


def _assemble_body(body: Draft) -> BodySpec:
    notice = body.get("notice")
    emergency = notice.get("emergency") or Draft(notice.node)
    return BodySpec(
        id=body.get("id"),
        name=body.get("name"),
        unit=body.get("unit"),
        per_unit_kind=body.get("per_unit_kind"),
        description=body.get("description", ""),
        seats=tuple(
            SeatRule(
                method=seat.get("method"),
                count=seat.get("count"),
                by_body=seat.get("by_body"),
                by_members_of=seat.get("by_members_of"),
                by_members_of_each=seat.get("by_members_of_each"),
                of_body=seat.get("of_body"),
                office=seat.get("office"),
                term_months=seat.get("term_months"),
            )
            for seat in body.get("seats")
        ),
        offices=body.get("offices", DEFAULT_OFFICES),
        quorum=body.get("quorum"),
        notice=Notice(
            meeting_days=notice.get("meeting_days"),
            documents_days=notice.get("documents_days"),
            emergency_allowed=emergency.get("allowed", False),
            # Written `unspecified`: None; not written (emergencies not allowed): 0.
            emergency_meeting_days=emergency.get(
                "meeting_days", None if emergency.has("meeting_days") else 0
            ),
            emergency_declared_by=_ids(emergency.get("declared_by", [])),
        ),
        visibility=Visibility(body.get("visibility")),
        proxies_allowed=body.get("proxies", False),
        articles=_ids(body.get("articles", [])),
        speaking_limit_seconds=body.get("speaking_limit_seconds", DEFAULT_SPEAKING_LIMIT_SECONDS),
        leading=body.get("leading", False),
        ballots=assemble_ballot_rules(body.get("ballots")),
        motions=motion_rules.assemble_motion_rules(body.get("motions")),
    )


def _assemble_decision_type(decision_type: Draft, body_ids: list[str]) -> DecisionTypeSpec:
    default = decision_type.get("threshold")
    entries = decision_type.get("bodies")
    if entries == ALL_BODIES:
        competences = tuple(Competence(body=body_id, threshold=default) for body_id in body_ids)
    else:
        competences = tuple(
            Competence(body=entry.get("body"), threshold=entry.get("threshold", default))
            for entry in entries
        )
    return DecisionTypeSpec(
        id=decision_type.get("id"),
        name=decision_type.get("name"),
        competences=competences,
        notice_required=decision_type.get("notice_required", False),
        appeal_to=decision_type.get("appeal_to"),
        articles=_ids(decision_type.get("articles", [])),
        description=decision_type.get("description", ""),
        procedure=procedure_rules.assemble(decision_type.get("procedure", [])),
        readings=motion_rules.assemble_readings(decision_type.get("readings")),
    )


# A decision type's procedure, its readings and a body's rules on motions are read with the
# readers above (so those modules import this one).
from minutebook.charter import motion_rules  # noqa: E402
from minutebook.charter import procedures as procedure_rules  # noqa: E402
