"""Who sits with which rights, and the quorum as constitutions write it: seats with voice but
no vote, ranges of seats, attendees with speaking rights only, proxies with conditions, and the
quorum's further forms. Read and checked here; the loader calls in.

    bodies:
      - id: standing-committee
        seats:
          - elected: {by_body: central-committee, count: {min: 3, max: 5}}
          - ex_officio: {of_body: staff, office: organizer, voting: false}
        quorum:
          rule: majority
          not_fewer_than: 3
          excluding_offices: [paid-secretary]
        attendees_with_voice:
          - seats_of: central-committee
          - unit_members
        proxies:
          held_by: seat_holders
          per_year: 3
          not_for: [procedural]
          directions: forbidden
      - id: branch-meeting
        meeting_kinds: [election-deliberation]
        quorum:
          rule: 6
          bands: [{unit_members_below: 20, rule: 4}]
          none_for: [election-deliberation]

Counting these rights at a meeting is the meetings app's work (`minutebook.meetings.selectors`):
who is present with a vote, the quorum, who may carry a proxy.
"""

from __future__ import annotations

from collections.abc import Callable

from minutebook.charter.drafts import Draft, Problems
from minutebook.charter.readers import (
    OPTIONAL,
    REQUIRED,
    choice,
    expected,
    list_of,
    read_flag,
    read_id,
    read_references,
    reader,
    whole_number,
)
from minutebook.charter.spec import (
    ProxyDirections,
    ProxyHolders,
    ProxyRules,
    Quorum,
    QuorumBand,
    SeatRule,
    VoiceRule,
)
from minutebook.charter.yaml_nodes import Node

# A meeting kind every body has: a meeting called at emergency notice.
EMERGENCY = "emergency"
UNIT_MEMBERS = "unit_members"


# Seat counts: a number, `unspecified`, or a range.


def _check_range(problems: Problems, draft: Draft) -> None:
    low, high = draft.get("min"), draft.get("max")
    if isinstance(low, int) and isinstance(high, int) and low > high:
        problems.add(draft.node, f"the fewest seats ({low}) are more than the most ({high})")


_read_range = reader(
    {
        "min": (REQUIRED, whole_number(1, "the fewest seats")),
        "max": (OPTIONAL, whole_number(1, "the most seats")),
    },
    "a range of seats ({min: 3, max: 5})",
    after=_check_range,
)


def seat_count_reader(read_number: Callable) -> Callable:
    """A seat rule's `count`: what `read_number` reads, or a range `{min: 3, max: 5}` (`max`
    left out: at least `min`, as many as are elected)."""

    def read(problems: Problems, node: Node):
        if node.is_mapping:
            return _read_range(problems, node)
        return read_number(problems, node)

    return read


def spread_seat_range(draft: Draft) -> None:
    """Put a range read by `seat_count_reader` into the seat rule's `count` (the most, or None
    without a most) and `count_min`, so that every check counting seats reads a number."""
    count = draft.get("count")
    if isinstance(count, Draft):
        draft.values["count"] = count.get("max")
        draft.values["count_min"] = count.get("min")


def seat_count_words(rule: SeatRule) -> str:
    """ "3 to 5", "at least 3", "4", or "" when the count is not fixed."""
    if rule.count_min is not None:
        if rule.count is None:
            return f"at least {rule.count_min}"
        return f"{rule.count_min} to {rule.count}"
    return "" if rule.count is None else str(rule.count)


# The quorum's further forms.


def _check_bands(problems: Problems, draft: Draft) -> None:
    sizes: list[int] = []
    for band in draft.get("bands", []):
        size = band.get("unit_members_below")
        if size in sizes:
            problems.add(band.at("unit_members_below"), f"two bands for units below {size} members")
        elif size is not None:
            sizes.append(size)


def quorum_reader(read_simple: Callable) -> Callable:
    """A body's `quorum`: the simple forms (`read_simple`: majority, a fraction, a number) or a
    mapping with the simple `rule` and its qualifications."""
    read_band = reader(
        {
            "unit_members_below": (REQUIRED, whole_number(1, "a number of members")),
            "rule": (REQUIRED, read_simple),
        },
        "a quorum band ({unit_members_below: 20, rule: 4})",
    )
    read_form = reader(
        {
            "rule": (REQUIRED, read_simple),
            "not_fewer_than": (OPTIONAL, whole_number(1, "a number of members present")),
            "bands": (OPTIONAL, list_of(read_band, "quorum bands", nonempty=True)),
            "excluding_offices": (OPTIONAL, read_references),
            "counts_non_voting": (OPTIONAL, read_flag),
            "none_for": (OPTIONAL, read_references),
        },
        "a quorum ({rule: majority, not_fewer_than: 5, ...})",
        after=_check_bands,
    )

    def read(problems: Problems, node: Node):
        if not node.is_mapping:
            return read_simple(problems, node)
        draft = read_form(problems, node)
        if draft is None or draft.get("rule") is None:
            return None
        return draft

    return read


def assemble_quorum(value) -> Quorum | None:
    """The body's Quorum from what `quorum_reader` read."""
    if not isinstance(value, Draft):
        return value
    base: Quorum = value.get("rule")
    bands = sorted(
        (
            QuorumBand(unit_members_below=band.get("unit_members_below"), quorum=band.get("rule"))
            for band in value.get("bands", [])
        ),
        key=lambda band: band.unit_members_below,
    )
    return Quorum(
        fraction=base.fraction,
        more_than=base.more_than,
        at_least=base.at_least,
        not_fewer_than=value.get("not_fewer_than"),
        bands=tuple(bands),
        excluding_offices=_ids(value.get("excluding_offices", [])),
        counts_non_voting=value.get("counts_non_voting", False),
        none_for=_ids(value.get("none_for", [])),
    )


# Proxies with conditions.

_read_proxy_rules = reader(
    {
        "held_by": (OPTIONAL, choice(tuple(ProxyHolders), "proxy holder")),
        "per_year": (OPTIONAL, whole_number(1, "a number of meetings a year")),
        "not_for": (OPTIONAL, read_references),
        "directions": (OPTIONAL, choice(tuple(ProxyDirections), "rule on directions")),
    },
    "the proxy rules ({held_by: seat_holders, per_year: 3, not_for: [...], directions: ...})",
)


def read_proxies(problems: Problems, node: Node):
    """A body's `proxies`: true or false, or the conditions of proxies it allows."""
    if node.is_mapping:
        return _read_proxy_rules(problems, node)
    return read_flag(problems, node)


def proxies_allowed(value) -> bool:
    return isinstance(value, Draft) or bool(value)


def assemble_proxy_rules(value) -> ProxyRules | None:
    if not isinstance(value, Draft):
        return None
    return ProxyRules(
        held_by=ProxyHolders(value.get("held_by", ProxyHolders.MEMBERS)),
        per_year=value.get("per_year"),
        not_for=_ids(value.get("not_for", [])),
        directions=ProxyDirections(value.get("directions", ProxyDirections.ALLOWED)),
    )


def proxy_rules_words(rules: ProxyRules | None) -> str:
    """The conditions on proxies in words, or "" when there are none."""
    if rules is None:
        return ""
    parts = {
        ProxyHolders.MEMBERS: ["carried by a member in good standing"],
        ProxyHolders.SEAT_HOLDERS: ["carried only by another voting seat holder"],
        ProxyHolders.UNIT_MEMBERS: ["carried only by a member of the body's unit"],
    }[rules.held_by]
    parts.append("one proxy per member at a time")
    if rules.per_year is not None:
        parts.append(f"for at most {rules.per_year} meetings a year per seat holder")
    if rules.not_for:
        parts.append(f"not in votes on {', '.join(rules.not_for)}")
    if rules.directions == ProxyDirections.FORBIDDEN:
        parts.append("a proxy may not be directed how to vote")
    elif rules.directions == ProxyDirections.REQUIRED:
        parts.append("a proxy votes as directed")
    return "; ".join(parts)


# Attendees with speaking rights only.


def _voice_entry(problems: Problems, node: Node) -> Draft | None:
    if node.value == UNIT_MEMBERS:
        return Draft(node, {"unit_members": True})
    if not node.is_mapping:
        expected(problems, node, f"'{UNIT_MEMBERS}' or {{seats_of: <body>, office: <office>}}")
        return None
    return reader(
        {"seats_of": (REQUIRED, read_id), "office": (OPTIONAL, read_id)},
        "attendees with voice ({seats_of: <body>})",
    )(problems, node)


read_attendees_with_voice = list_of(_voice_entry, "attendees with voice")


def assemble_voice(entries: list[Draft]) -> tuple[VoiceRule, ...]:
    return tuple(
        VoiceRule(
            seats_of=entry.get("seats_of"),
            office=entry.get("office"),
            unit_members=entry.get("unit_members", False),
        )
        for entry in entries
    )


read_meeting_kinds = read_references


# Checks across the file.


def check(problems: Problems, top: Draft) -> None:
    """The offices, bodies, decision types and meeting kinds these rules name exist."""
    bodies = {body.get("id"): body for body in top.get("bodies", []) if body.get("id")}
    types = {t.get("id") for t in top.get("decision_types", []) if t.get("id")}
    for body in bodies.values():
        offices = set(body.get("offices") or ("chair", "secretary"))
        quorum = body.get("quorum")
        kinds = {EMERGENCY, *(node.value for node in body.get("meeting_kinds", []))}
        if isinstance(quorum, Draft):
            for node in quorum.get("excluding_offices", []):
                if node.value not in offices:
                    problems.unknown(node, "office of this body", node.value, offices)
            for node in quorum.get("none_for", []):
                if node.value not in kinds:
                    problems.add(
                        node,
                        f"unknown meeting kind '{node.value}': a body's kinds are "
                        f"'{EMERGENCY}' and those in its 'meeting_kinds'",
                    )
        proxies = body.get("proxies")
        if isinstance(proxies, Draft):
            for node in proxies.get("not_for", []):
                if node.value not in types:
                    problems.unknown(node, "decision type", node.value, types)
        for entry in body.get("attendees_with_voice", []):
            other = entry.get("seats_of")
            if other is None:
                continue
            if other not in bodies:
                problems.unknown(entry.at("seats_of"), "body", other, bodies)
                continue
            other_offices = set(bodies[other].get("offices") or ("chair", "secretary"))
            office = entry.get("office")
            if office is not None and office not in other_offices:
                problems.unknown(entry.at("office"), f"office of '{other}'", office, other_offices)
        if not any(seat.get("voting", True) for seat in body.get("seats", [])) and body.get(
            "seats"
        ):
            problems.add(body.at("seats"), "every seat is without a vote: nobody could decide")


def _ids(nodes: list[Node]) -> tuple[str, ...]:
    return tuple(node.value for node in nodes)
