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
from fractions import Fraction
from pathlib import Path

from minutebook.charter import (
    apportionment,
    ballot_questions,
    closed_sessions,
    cross_checks,
    motion_rules,
    notice_periods,
    petitions,
    seat_rights,
)
from minutebook.charter import eligibility as eligibility_rules
from minutebook.charter import obligations as obligation_rules
from minutebook.charter import procedures as procedure_rules
from minutebook.charter.ballots import assemble_ballot_rules, check_ballot_rules
from minutebook.charter.drafts import (
    ALL_BODIES,
    DEFAULT_OFFICES,
    Draft,
    Problems,
    suggestion,
)
from minutebook.charter.readers import (
    OPTIONAL,
    REQUIRED,
    Field,
    Reader,
    choice,
    describe,
    expected,
    list_of,
    or_unspecified,
    read_entry,
    read_flag,
    read_id,
    read_optional_text,
    read_references,
    read_sequence,
    read_text,
    read_threshold,
    reader,
    whole_number,
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
from minutebook.charter.yaml_nodes import Node, read_yaml
from minutebook.voting.election_methods import ELECTION_METHODS

FORMAT_VERSION = 1

_FRACTION = re.compile(r"\s*(\d+)\s*/\s*(\d+)\s*")


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
        seat_rights.check(problems, top)
        eligibility_rules.check(problems, top)
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


_visibility = choice(tuple(Visibility), "visibility")


def _offices(problems: Problems, node: Node) -> tuple[str, ...] | None:
    items = read_sequence(problems, node, "offices")
    if items is None:
        return None
    offices: list[str] = []
    for item in items:
        office = read_id(problems, item)
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
        problems.add(node, f"expected {expected} for the quorum, got {describe(node)}{hint}")
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


_seat_count = seat_rights.seat_count_reader(or_unspecified(whole_number(1, "a seat count")))
_term = whole_number(1, "a term in months")
_days = or_unspecified(whole_number(0, "a number of days"))
_speaking_limit = whole_number(1, "a speaking limit in seconds")

_read_article = reader(
    {"id": (REQUIRED, read_id), "title": (REQUIRED, read_text), "text": (REQUIRED, read_text)},
    "an article",
)

_read_unit = reader(
    {
        "id": (REQUIRED, read_id),
        "name": (REQUIRED, read_text),
        "kind": (REQUIRED, read_id),
        "parent": (OPTIONAL, read_id),
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
    apportionment.check_elected(problems, draft)


_SEAT_METHODS: dict[str, Reader] = {
    SeatMethod.ELECTED: reader(
        {
            "by_body": (OPTIONAL, read_id),
            "by_members_of": (OPTIONAL, read_id),
            "by_members_of_each": (OPTIONAL, read_id),
            "count": (OPTIONAL, _seat_count),  # required unless apportioned: check_elected
            "apportioned": (OPTIONAL, apportionment.read_apportionment),
            "counted_by": (OPTIONAL, choice(ELECTION_METHODS, "counting method")),
            "term_months": (OPTIONAL, _term),
            "voting": (OPTIONAL, read_flag),
        },
        "elected seats",
        after=_check_elected,
    ),
    SeatMethod.APPOINTED: reader(
        {
            "by_body": (REQUIRED, read_id),
            "count": (REQUIRED, _seat_count),
            "term_months": (OPTIONAL, _term),
            "voting": (OPTIONAL, read_flag),
        },
        "appointed seats",
    ),
    SeatMethod.EX_OFFICIO: reader(
        {
            "of_body": (REQUIRED, read_id),
            "office": (OPTIONAL, read_id),
            "voting": (OPTIONAL, read_flag),
        },
        "ex officio seats",
    ),
    SeatMethod.ALL_MEMBERS: reader(
        {"voting": (OPTIONAL, read_flag)}, "all-members seats ('all_members: {}')"
    ),
}


def _seat(problems: Problems, node: Node) -> Draft | None:
    """A seat rule: a mapping with exactly one key, the method."""
    if not node.is_mapping:
        expected(problems, node, f"a seat rule ({', '.join(_SEAT_METHODS)})")
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
    seat_rights.spread_seat_range(draft)
    return draft


def _check_emergency(problems: Problems, draft: Draft) -> None:
    notice_periods.check_days_or_hours(problems, draft, "meeting", required=False)
    if not draft.get("allowed"):
        return
    for key in ("meeting_days", "declared_by"):
        if key == "meeting_days" and draft.has("meeting_hours"):
            continue
        if not draft.has(key):
            problems.add(
                draft.node, f"missing required key '{key}' (emergency meetings are allowed)"
            )
    if draft.has("declared_by") and draft.at("declared_by").value == []:
        problems.add(draft.at("declared_by"), "no body may declare an emergency; name at least one")


_emergency = reader(
    {
        "allowed": (REQUIRED, read_flag),
        "meeting_days": (OPTIONAL, _days),
        "meeting_hours": (OPTIONAL, notice_periods.read_hours),
        "declared_by": (OPTIONAL, read_references),
    },
    "the emergency rules",
    after=_check_emergency,
)


def _check_notice(problems: Problems, draft: Draft) -> None:
    notice_periods.check_days_or_hours(problems, draft, "meeting")
    notice_periods.check_days_or_hours(problems, draft, "documents")
    emergency = draft.get("emergency")
    if emergency is None or not emergency.get("allowed"):
        return
    ordinary = notice_periods.written_period(draft, "meeting")
    urgent = notice_periods.written_period(emergency, "meeting")
    if ordinary is not None and urgent is not None and urgent.delta > ordinary.delta:
        key = "meeting_hours" if urgent.hours is not None else "meeting_days"
        problems.add(
            emergency.at(key),
            f"emergency notice ({urgent.words()}) is longer than ordinary notice "
            f"({ordinary.words()}); an emergency meeting should need less notice, not more",
        )


_notice = reader(
    {
        "meeting_days": (OPTIONAL, _days),
        "meeting_hours": (OPTIONAL, notice_periods.read_hours),
        "documents_days": (OPTIONAL, _days),
        "documents_hours": (OPTIONAL, notice_periods.read_hours),
        "emergency": (OPTIONAL, _emergency),
    },
    "the notice periods",
    after=_check_notice,
)


def _check_body(problems: Problems, draft: Draft) -> None:
    apportionment.check_body(problems, draft)
    apportionment.check_body_weights(problems, draft)
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
_ballots = reader(
    {
        "allowed": (REQUIRED, read_flag),
        "notice_days": (OPTIONAL, _days),
        "open_days": (OPTIONAL, whole_number(1, "a ballot's open period in days")),
        "min_open_days": (OPTIONAL, whole_number(1, "a ballot's open period in days")),
        "max_open_days": (OPTIONAL, whole_number(1, "a ballot's open period in days")),
        "secret": (OPTIONAL, read_flag),
        "called_by": (OPTIONAL, read_references),
        "questions": (OPTIONAL, ballot_questions.read_questions),
    },
    "the ballot rules",
    after=check_ballot_rules,
)


def _read_motion_rules(problems: Problems, node: Node) -> Draft | None:
    return motion_rules.read_motion_rules(problems, node)


def _read_closed_sessions(problems: Problems, node: Node) -> Draft | None:
    return closed_sessions.read_closed_sessions(problems, node)


_read_body = reader(
    {
        "id": (REQUIRED, read_id),
        "name": (REQUIRED, read_text),
        "unit": (OPTIONAL, read_id),
        "per_unit_kind": (OPTIONAL, read_id),
        "description": (OPTIONAL, read_optional_text),
        "seats": (REQUIRED, list_of(_seat, "seat rules", nonempty=True)),
        "offices": (OPTIONAL, _offices),
        "quorum": (REQUIRED, or_unspecified(seat_rights.quorum_reader(_quorum))),
        "notice": (REQUIRED, _notice),
        "visibility": (REQUIRED, _visibility),
        "proxies": (OPTIONAL, seat_rights.read_proxies),
        "attendees_with_voice": (OPTIONAL, seat_rights.read_attendees_with_voice),
        "meeting_kinds": (OPTIONAL, seat_rights.read_meeting_kinds),
        "speaking_limit_seconds": (OPTIONAL, _speaking_limit),
        "leading": (OPTIONAL, read_flag),
        "articles": (OPTIONAL, read_references),
        "ballots": (OPTIONAL, _ballots),
        "motions": (OPTIONAL, _read_motion_rules),
        "closed_sessions": (OPTIONAL, _read_closed_sessions),
        "vote_weights": (OPTIONAL, apportionment.read_vote_weights),
    },
    "a body",
    after=_check_body,
)


def _competence(problems: Problems, node: Node) -> Draft | None:
    """An entry of a decision type's `bodies`: a body id, or {body: id, threshold: name}."""
    if node.is_mapping:
        fields = {"body": (REQUIRED, read_id), "threshold": (OPTIONAL, read_threshold)}
        return read_entry(problems, node, fields, "a body entry")
    body = read_id(problems, node)
    return Draft(node, {"body": body}) if body is not None else None


def _competences(problems: Problems, node: Node) -> list[Draft] | str | None:
    if node.value == ALL_BODIES:
        return ALL_BODIES
    if not node.is_sequence:
        expected(problems, node, f"a list of bodies or '{ALL_BODIES}'")
        return None
    if not node.value:
        problems.add(node, "no body may take this decision type; list at least one body")
    read_items = (_competence(problems, item) for item in node.value if not item.broken)
    return [draft for draft in read_items if draft is not None]


def _check_decision_type(problems: Problems, draft: Draft) -> None:
    """Every body entry needs a threshold: its own or the type's default."""
    notice_periods.check_type_notice(problems, draft)
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


_read_decision_type = reader(
    {
        "id": (REQUIRED, read_id),
        "name": (REQUIRED, read_text),
        "bodies": (REQUIRED, _competences),
        "threshold": (OPTIONAL, read_threshold),
        "notice_required": (OPTIONAL, read_flag),
        "notice": (OPTIONAL, notice_periods.read_type_notice),
        "quorum": (OPTIONAL, _quorum),
        "appeal_to": (OPTIONAL, read_id),
        "articles": (OPTIONAL, read_references),
        "description": (OPTIONAL, read_optional_text),
        "procedure": (OPTIONAL, _read_procedure),
        "readings": (OPTIONAL, _read_readings),
        "amount": (OPTIONAL, procedure_rules.read_amount_rule),
        "protected": (OPTIONAL, procedure_rules.read_protection),
    },
    "a decision type",
    after=_check_decision_type,
)

_read_organization = reader(
    {
        "name": (REQUIRED, read_text),
        "short_name": (REQUIRED, read_text),
        "preamble": (OPTIONAL, read_optional_text),
    },
    "the organization",
)


def _is_whole_number(node: Node | None) -> bool:
    return node is not None and isinstance(node.value, int) and not isinstance(node.value, bool)


def _version(problems: Problems, node: Node) -> int | None:
    value = node.value
    if not _is_whole_number(node):
        expected(problems, node, f"the format version {FORMAT_VERSION}")
        return None
    return value


def _petitions(problems: Problems, node: Node) -> list[Draft] | None:
    return petitions.read_petitions(problems, node)  # through the module: it imports this one


_TOP_FIELDS: dict[str, Field] = {
    "minutebook_charter": (REQUIRED, _version),
    "organization": (REQUIRED, _read_organization),
    "articles": (OPTIONAL, list_of(_read_article, "articles")),
    "units": (REQUIRED, list_of(_read_unit, "units", nonempty=True)),
    "bodies": (REQUIRED, list_of(_read_body, "bodies", nonempty=True)),
    "decision_types": (REQUIRED, list_of(_read_decision_type, "decision types", nonempty=True)),
    "petitions": (OPTIONAL, _petitions),
    "obligations": (OPTIONAL, list_of(obligation_rules.read_obligation, "obligations")),
    "eligibility": (OPTIONAL, eligibility_rules.read_eligibility),
}


def _read_top(problems: Problems, root: Node) -> Draft | None:
    if not root.is_mapping:
        expected(problems, root, "a mapping at the top of the file (minutebook_charter: 1, ...)")
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
    return read_entry(problems, root, _TOP_FIELDS, "a charter")


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
        eligibility=eligibility_rules.assemble(top.get("eligibility")),
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
                apportionment=apportionment.assemble_apportionment(seat.get("apportioned")),
                election_method=seat.get("counted_by"),
                voting=seat.get("voting", True),
                count_min=seat.get("count_min"),
            )
            for seat in body.get("seats")
        ),
        offices=body.get("offices", DEFAULT_OFFICES),
        quorum=seat_rights.assemble_quorum(body.get("quorum")),
        notice=Notice(
            meeting_days=notice.get("meeting_days"),
            documents_days=notice.get("documents_days"),
            meeting_hours=notice.get("meeting_hours"),
            documents_hours=notice.get("documents_hours"),
            emergency_meeting_hours=emergency.get("meeting_hours"),
            emergency_allowed=emergency.get("allowed", False),
            # Written `unspecified`: None; not written (emergencies not allowed): 0.
            emergency_meeting_days=emergency.get(
                "meeting_days",
                None if emergency.has("meeting_days") or emergency.has("meeting_hours") else 0,
            ),
            emergency_declared_by=_ids(emergency.get("declared_by", [])),
        ),
        visibility=Visibility(body.get("visibility")),
        proxies_allowed=seat_rights.proxies_allowed(body.get("proxies", False)),
        proxy_rules=seat_rights.assemble_proxy_rules(body.get("proxies")),
        attendees_with_voice=seat_rights.assemble_voice(body.get("attendees_with_voice", [])),
        meeting_kinds=_ids(body.get("meeting_kinds", [])),
        articles=_ids(body.get("articles", [])),
        speaking_limit_seconds=body.get("speaking_limit_seconds", DEFAULT_SPEAKING_LIMIT_SECONDS),
        leading=body.get("leading", False),
        ballots=assemble_ballot_rules(body.get("ballots")),
        motions=motion_rules.assemble_motion_rules(body.get("motions")),
        closed_sessions=closed_sessions.assemble_closed_sessions(body.get("closed_sessions")),
        vote_weights=apportionment.assemble_vote_weights(body.get("vote_weights")),
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
        notice_required=decision_type.get("notice_required", False) or decision_type.has("notice"),
        notice=notice_periods.assemble_type_notice(decision_type.get("notice")),
        quorum=decision_type.get("quorum"),
        appeal_to=decision_type.get("appeal_to"),
        articles=_ids(decision_type.get("articles", [])),
        description=decision_type.get("description", ""),
        procedure=procedure_rules.assemble(decision_type.get("procedure", [])),
        readings=motion_rules.assemble_readings(decision_type.get("readings")),
        amount=decision_type.get("amount"),
        protected=decision_type.get("protected"),
    )
