"""Checks across a charter file: what one entry says about another.

Run on the drafts read by `loader`, so that a problem in one entry does not hide the problems
in others. A check that needs something broken elsewhere (a sound unit tree, a known body) is
skipped for that entry: the broken thing is reported already, and guessing past it would only
add confusing follow-on messages.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from minutebook.charter import ballot_questions, petitions
from minutebook.charter.drafts import ALL_BODIES, DEFAULT_OFFICES, Draft, Problems, suggestion
from minutebook.charter.spec import (
    REQUIRED_DECISION_TYPES,
    Charter,
    Quorum,
    SeatMethod,
    UnitSpec,
)
from minutebook.charter.yaml_nodes import Node
from minutebook.voting.thresholds import best_case, condition_words, parse_threshold


@dataclass
class _Context:
    problems: Problems
    top: Draft
    units: dict[str, Draft]
    bodies: dict[str, Draft]
    articles: dict[str, Draft]
    kinds: set[str]
    tree: Charter | None  # the units alone, when the tree is sound; None otherwise
    # The sections (by what their entries are called) with a syntax error: a name they do not
    # hold may be in the part that could not be read, so references to them are not checked.
    unread: dict[str, str] = field(default_factory=dict)
    skipped: set[str] = field(default_factory=set)  # of `unread`, those whose checks were skipped


# What the entries of a section are called in messages, by section.
_SECTIONS = {
    "article": "articles",
    "unit": "units",
    "body": "bodies",
    "decision type": "decision_types",
}


def check(problems: Problems, top: Draft) -> None:
    context = _Context(
        problems=problems,
        top=top,
        articles=_unique(problems, top.get("articles", []), "article"),
        units=_unique(problems, top.get("units", []), "unit"),
        bodies=_unique(problems, top.get("bodies", []), "body"),
        kinds={unit.get("kind") for unit in top.get("units", []) if unit.get("kind")},
        tree=None,
        unread={what: key for what, key in _SECTIONS.items() if _unreadable(top, key)},
    )
    _unique(problems, top.get("decision_types", []), "decision type")
    context.tree = _check_tree(context)
    for body in top.get("bodies", []):
        _check_body(context, body)
    _check_ex_officio_cycles(context)
    for decision_type in top.get("decision_types", []):
        _check_decision_type(context, decision_type)
    _check_required_types(context)
    petitions.check(problems, top, context.tree, unknown=lambda *named: _unknown(context, *named))
    ballot_questions.check(problems, top, lambda node, body: _check_caller(context, node, body))
    _say_what_was_skipped(context)


def _unreadable(top: Draft, key: str) -> bool:
    """Whether the section, or one of its entries, could not be read for a syntax error (see
    yaml_nodes); a section not found in a file read around errors may be in what was not."""
    if key not in top.node.value:
        return top.node.incomplete
    section = top.node.value[key]
    return section.broken or (section.is_sequence and any(item.broken for item in section.value))


def _say_what_was_skipped(context: _Context) -> None:
    for what in sorted(context.skipped, key=list(_SECTIONS).index):
        key = context.unread[what]
        context.problems.add_at(
            context.top.key_line(key),
            key,
            f"references to {key.replace('_', ' ')} were not checked, since part of '{key}' "
            "could not be read (see the syntax errors); fix them and check again",
        )


def _unique(problems: Problems, drafts: list[Draft], what: str) -> dict[str, Draft]:
    """The drafts by id (the first of each id), reporting the duplicates."""
    found: dict[str, Draft] = {}
    for draft in drafts:
        draft_id = draft.get("id")
        if draft_id is None:
            continue
        if draft_id in found:
            first = found[draft_id].at("id").line
            problems.add(
                draft.at("id"), f"duplicate {what} id '{draft_id}' (first at line {first})"
            )
        else:
            found[draft_id] = draft
    return found


def _known(context: _Context, node: Node, what: str, table: dict[str, Draft]) -> bool:
    """Whether the id in `node` names an entry of `table`; reports it if not."""
    if node.value in table:
        return True
    _unknown(context, node, what, node.value, table)
    return False


def _known_kind(context: _Context, node: Node) -> bool:
    if node.value in context.kinds:
        return True
    _unknown(context, node, "unit kind", node.value, context.kinds)
    return False


def _unknown(context: _Context, node: Node, what: str, name: str, known: Iterable[str]) -> None:
    """Reports an unknown reference, unless the section it refers to was read only in part
    (the name may be in the part that could not be read: said once, at the section)."""
    section = "unit" if what == "unit kind" else what
    if section in context.unread:
        context.skipped.add(section)
    else:
        context.problems.unknown(node, what, name, known)


# The unit tree


def _check_tree(context: _Context) -> Charter | None:
    """Report unknown parents, cycles and roots; the tree of units if it is sound."""
    units = context.units
    if not units:
        return None  # no list of units: reported already
    sound = len(units) == len(context.top.get("units", []))  # no duplicate or unnamed units
    for unit in units.values():
        sound &= all(unit.has(key) and unit.get(key) for key in ("id", "name", "kind"))
        parent = unit.get("parent")
        if parent is not None and not _known(context, unit.at("parent"), "unit", units):
            sound = False
        elif unit.has("parent") and parent is None:
            sound = False  # an invalid parent, reported already
    sound &= not _report_cycles(context)
    if "unit" in context.unread:
        context.skipped.add("unit")
        return None  # the root, or a parent, may be among the units that could not be read
    roots = [unit for unit in units.values() if not unit.has("parent")]
    if not roots:
        context.problems.add_at(
            context.top.key_line("units"),
            "units",
            "the unit tree has no root: exactly one unit (the whole organization) has no parent",
        )
        sound = False
    for extra in roots[1:]:
        context.problems.add(
            extra.node,
            f"more than one root: '{extra.get('id')}' has no parent, but '{roots[0].get('id')}' "
            f"(line {roots[0].node.line}) is the root already; give it a parent",
        )
        sound = False
    if not sound:
        return None
    specs = tuple(
        UnitSpec(u.get("id"), u.get("name"), u.get("kind"), u.get("parent")) for u in units.values()
    )
    return Charter(name="", short_name="", units=specs, bodies=(), decision_types=())


def _report_cycles(context: _Context) -> bool:
    """Report each cycle of parents once, on its first unit in the file."""
    units = context.units
    order = {unit_id: index for index, unit_id in enumerate(units)}
    reported: set[frozenset[str]] = set()
    for start in units:
        path: list[str] = []
        current: str | None = start
        while current in units and current not in path:
            path.append(current)
            current = units[current].get("parent")
        if current not in path:
            continue  # reached the root or an unknown parent
        cycle = path[path.index(current) :]
        if frozenset(cycle) in reported:
            continue
        reported.add(frozenset(cycle))
        first = min(cycle, key=order.__getitem__)
        rotated = cycle[cycle.index(first) :] + cycle[: cycle.index(first)]
        if len(rotated) == 1:
            message = f"the unit '{first}' is its own parent"
        else:
            chain = " → ".join(f"'{unit_id}'" for unit_id in [*rotated, first])
            message = f"the unit tree has a cycle (each unit's parent follows it): {chain}"
        context.problems.add(units[first].at("parent"), message)
    return bool(reported)


def _scope(context: _Context, body: Draft) -> list[str] | None:
    """The units the body exists in, or None if that cannot be known."""
    tree = context.tree
    if tree is None or body.has("unit") == body.has("per_unit_kind"):
        return None
    if body.has("unit"):
        unit = body.get("unit")
        return [unit] if unit in context.units else None
    kind = body.get("per_unit_kind")
    if kind not in context.kinds:
        return None
    return [unit.id for unit in tree.units_of_kind(kind)]


def _per_kind(context: _Context, body_id: str) -> str | None:
    """The unit kind of a body defined per unit kind (with a known kind), else None."""
    body = context.bodies[body_id]
    kind = body.get("per_unit_kind")
    return kind if kind in context.kinds and not body.has("unit") else None


def _check_acting(
    context: _Context, node: Node, body: Draft, target_id: str, scope: list[str], role: str
) -> None:
    """A rule naming a body defined per unit kind means the one of the nearest unit of that
    kind at or above the unit concerned; there has to be one."""
    assert context.tree is not None
    kind = _per_kind(context, target_id)
    if kind is None:
        return
    for unit_id in scope:
        if context.tree.nearest_of_kind(unit_id, kind) is None:
            context.problems.add(
                node,
                f"'{target_id}' is a body in every {kind}, but '{body.get('id')}' in "
                f"'{unit_id}' is not within a {kind}, so no '{target_id}' can {role}",
            )
            return


# Bodies


def _check_body(context: _Context, body: Draft) -> None:
    if body.get("unit") is not None:
        _known(context, body.at("unit"), "unit", context.units)
    if body.get("per_unit_kind") is not None:
        _known_kind(context, body.at("per_unit_kind"))
    for node in body.get("articles", []):
        _known(context, node, "article", context.articles)
    scope = _scope(context, body)
    for seat in body.get("seats", []):
        _check_seat(context, body, seat, scope)
    emergency = (body.get("notice") or Draft(body.node)).get("emergency")
    for node in emergency.get("declared_by", []) if emergency else []:
        if _known(context, node, "body", context.bodies) and scope:
            _check_acting(context, node, body, node.value, scope, "declare an emergency")
    for node in (body.get("ballots") or Draft(body.node)).get("called_by", []):
        _check_caller(context, node, body)
    closed = body.get("closed_sessions") or Draft(body.node)
    for node in closed.get("readers", []):
        _known(context, node, "body", context.bodies)
    for node in closed.get("articles", []):
        _known(context, node, "article", context.articles)
    _check_quorum(context, body, scope)


def _check_caller(context: _Context, node: Node, body: Draft) -> None:
    """A body named to call a ballot of `body` (in `called_by`)."""
    scope = _scope(context, body)
    if _known(context, node, "body", context.bodies) and scope:
        _check_acting(context, node, body, node.value, scope, "call a ballot")


def _check_seat(context: _Context, body: Draft, seat: Draft, scope: list[str] | None) -> None:
    method = seat.get("method")
    if method in (SeatMethod.ELECTED, SeatMethod.APPOINTED):
        role = "elect these seats" if method == SeatMethod.ELECTED else "appoint to these seats"
        by_body = seat.get("by_body")
        node = seat.at("by_body")
        if by_body is not None and _known(context, node, "body", context.bodies) and scope:
            _check_acting(context, node, body, by_body, scope, role)
        if seat.get("by_members_of") is not None:
            _check_by_members_of(context, body, seat, scope)
        if seat.get("by_members_of_each") is not None:
            _check_by_members_of_each(context, body, seat, scope)
    elif method == SeatMethod.EX_OFFICIO:
        of_body = seat.get("of_body")
        if of_body is not None and _known(context, seat.at("of_body"), "body", context.bodies):
            _check_office(context, seat, context.bodies[of_body])
            if scope:
                _check_ex_officio_scope(context, body, seat, scope)


def _check_by_members_of(
    context: _Context, body: Draft, seat: Draft, scope: list[str] | None
) -> None:
    """Members elect seats on their own unit's bodies and those above: the members of a unit
    below the body's unit may, the members of a unit beside or above it may not."""
    node = seat.at("by_members_of")
    if not _known(context, node, "unit", context.units) or not scope:
        return
    assert context.tree is not None
    if body.has("per_unit_kind"):
        kind = body.get("per_unit_kind")
        context.problems.add(
            node,
            f"'{body.get('id')}' is a body in every {kind}, so its seats cannot be elected by "
            f"the members of one unit; 'by_members_of_each: {kind}' means the members of each "
            "body's own unit",
        )
    elif not context.tree.is_within(node.value, scope[0]):
        context.problems.add(
            node,
            f"'{node.value}' is not '{scope[0]}' or a unit below it; seats on a body of "
            f"'{scope[0]}' can only be elected by the members of '{scope[0]}' or of units below it",
        )


def _check_by_members_of_each(
    context: _Context, body: Draft, seat: Draft, scope: list[str] | None
) -> None:
    node = seat.at("by_members_of_each")
    if not _known_kind(context, node) or not scope:
        return
    assert context.tree is not None
    if not any(context.tree.units_of_kind(node.value, within=unit_id) for unit_id in scope):
        where = f"'{scope[0]}'" if body.has("unit") else f"any {body.get('per_unit_kind')}"
        context.problems.add(
            node,
            f"no unit of kind '{node.value}' is at or below {where}, so these seats would never "
            "be filled",
        )


def _check_office(context: _Context, seat: Draft, of_body: Draft) -> None:
    office = seat.get("office")
    if office is None or (of_body.has("offices") and of_body.get("offices") is None):
        return  # no office named, or the other body's offices are broken and reported
    offices = of_body.get("offices", DEFAULT_OFFICES)
    if office not in offices:
        context.problems.add(
            seat.at("office"),
            f"'{of_body.get('id')}' has no office '{office}' (its offices: "
            f"{', '.join(offices) or 'none'}){suggestion(office, offices)}",
        )


def _check_ex_officio_scope(context: _Context, body: Draft, seat: Draft, scope: list[str]) -> None:
    """Ex officio seats from a body defined per unit kind come from its instance at or above
    the unit concerned, or else from all its instances below it; there has to be one."""
    assert context.tree is not None
    of_body = seat.get("of_body")
    kind = _per_kind(context, of_body)
    if kind is None:
        return
    for unit_id in scope:
        above = context.tree.nearest_of_kind(unit_id, kind)
        if above is None and not context.tree.units_of_kind(kind, within=unit_id):
            context.problems.add(
                seat.at("of_body"),
                f"'{of_body}' is a body in every {kind}, but there is no {kind} at, above or "
                f"below '{unit_id}', so no one would hold these seats",
            )
            return


def _check_quorum(context: _Context, body: Draft, scope: list[str] | None) -> None:
    """A whole-number quorum larger than the seats a body can have is impossible. Only counted
    when every seat has a fixed number; ex officio and all-members seats vary."""
    quorum = body.get("quorum")
    if isinstance(quorum, Draft):  # the mapping form (seat_rights): its rule and its floor
        rule, floor = quorum.get("rule"), quorum.get("not_fewer_than")
        least = max(n for n in (getattr(rule, "at_least", None), floor, 0) if n is not None)
        quorum = Quorum(at_least=least or None)
    if not isinstance(quorum, Quorum) or quorum.at_least is None:
        return  # a quorum that is not a number, left open, or broken and reported
    for unit_id, total in (_fixed_seats_per_unit(context, body) or {}).items():
        if 0 < total < quorum.at_least:  # no seats at all is reported with the seat rule
            where = f" in '{unit_id}'" if body.has("per_unit_kind") else ""
            context.problems.add(
                body.at("quorum"),
                f"impossible quorum: {quorum.at_least} present, but the body has only "
                f"{total} seats{where}",
            )
            return


def _fixed_seats_per_unit(context: _Context, body: Draft) -> dict[str, int] | None:
    """The seats of the body in each unit it exists in, when every seat rule fixes a number;
    None when ex officio or all-members seats make it vary, a count is left open, or the
    rules are broken (and reported)."""
    scope = _scope(context, body)
    seats = body.get("seats")
    if not scope or not seats or len(seats) != len(body.at("seats").value):
        return None
    if any(not isinstance(seat.get("count"), int) for seat in seats):
        return None
    kinds = [seat.get("by_members_of_each") for seat in seats if seat.has("by_members_of_each")]
    if context.tree is None or any(kind not in context.kinds for kind in kinds):
        return None
    tree = context.tree
    return {unit_id: sum(_seats_in(tree, seat, unit_id) for seat in seats) for unit_id in scope}


def _seats_in(tree: Charter, seat: Draft, unit_id: str) -> int:
    if seat.get("voting") is False:
        return 0  # voice without a vote: counted neither in quorums nor in thresholds
    kind = seat.get("by_members_of_each")
    if kind is None:
        return seat.get("count")
    return seat.get("count") * len(tree.units_of_kind(kind, within=unit_id))


def _check_ex_officio_cycles(context: _Context) -> None:
    """Body A with ex officio seats for B's members, and B for A's: who belongs to either
    would depend on itself."""
    takes_from: dict[str, list[str]] = {}
    for body_id, body in context.bodies.items():
        takes_from[body_id] = [
            seat.get("of_body")
            for seat in body.get("seats", [])
            if seat.get("method") == SeatMethod.EX_OFFICIO and seat.get("of_body") in context.bodies
        ]
    order = {body_id: index for index, body_id in enumerate(context.bodies)}
    reported: set[frozenset[str]] = set()

    def visit(body_id: str, path: list[str]) -> None:
        for other in takes_from[body_id]:
            if other in path:
                _report_ex_officio_cycle(context, path[path.index(other) :], order, reported)
            else:
                visit(other, [*path, other])

    for body_id in context.bodies:
        visit(body_id, [body_id])


def _report_ex_officio_cycle(
    context: _Context, cycle: list[str], order: dict[str, int], reported: set[frozenset[str]]
) -> None:
    if frozenset(cycle) in reported:
        return
    reported.add(frozenset(cycle))
    first = min(cycle, key=order.__getitem__)
    start = cycle.index(first)
    cycle = cycle[start:] + cycle[:start]
    body = context.bodies[first]
    taken = cycle[1] if len(cycle) > 1 else first
    seat = next(
        s
        for s in body.get("seats", [])
        if s.get("method") == SeatMethod.EX_OFFICIO and s.get("of_body") == taken
    )
    if len(cycle) == 1:
        message = f"'{first}' cannot have ex officio seats for its own members"
    else:
        sits_on = [
            f"the members of '{cycle[(i + 1) % len(cycle)]}' sit on '{cycle[i]}'"
            for i in range(len(cycle))
        ]
        message = (
            f"ex officio seats form a cycle: {', '.join(sits_on[:-1])} and {sits_on[-1]}; "
            "who belongs to these bodies would depend on itself"
        )
    context.problems.add(seat.at("of_body"), message)


# Decision types


def _can_have_members(context: _Context, body_id: str, seen: frozenset[str] = frozenset()) -> bool:
    """False only when the body certainly has no one on it: its only seats are for units that
    do not exist or for bodies that themselves can have no one. Unknown is taken as yes."""
    body = context.bodies[body_id]
    scope = _scope(context, body)
    seats = body.get("seats")
    if not seats or len(seats) != len(body.at("seats").value):
        return True  # the seat rules are broken, and reported
    for seat in seats:
        method = seat.get("method")
        if method == SeatMethod.ALL_MEMBERS:
            return True
        if method == SeatMethod.EX_OFFICIO:
            of_body = seat.get("of_body")
            if of_body not in context.bodies or of_body in seen:
                return True
            if _can_have_members(context, of_body, seen | {body_id}):
                return True
            continue
        kind = seat.get("by_members_of_each")
        if kind is None or scope is None or context.tree is None or kind not in context.kinds:
            return True
        if any(context.tree.units_of_kind(kind, within=unit_id) for unit_id in scope):
            return True
    return False


def _largest_fixed_seats(context: _Context, body_id: str) -> int | None:
    """The most seats the body can have in any of its units, when every seat rule has a fixed
    count."""
    per_unit = _fixed_seats_per_unit(context, context.bodies[body_id])
    return max(per_unit.values()) if per_unit else None


def _check_reachable(context: _Context, body_id: str, threshold: str, node: Node) -> None:
    """A threshold the body cannot reach even with every seat filled, everyone present and
    voting for (the best case for every condition) is impossible: say which condition fails."""
    seats = _largest_fixed_seats(context, body_id)
    if not seats:
        return
    reached, results = best_case(parse_threshold(threshold).rule, seats)
    if not reached:
        failing = [result for result in results if not result.met]
        words = "; ".join(condition_words(result.condition) for result in failing)
        context.problems.add(
            node,
            f"impossible threshold: '{body_id}' has at most {seats} seats, so even with all of "
            f"them voting for it can never reach {words}",
        )


def _check_type_quorum(context: _Context, decision_type: Draft, entries) -> None:
    """A type's own whole-number quorum larger than the seats of a body that takes it."""
    quorum = decision_type.get("quorum")
    if not isinstance(quorum, Quorum) or quorum.at_least is None:
        return
    for body_id, _, _ in entries:
        seats = _largest_fixed_seats(context, body_id)
        if seats and seats < quorum.at_least:
            context.problems.add(
                decision_type.at("quorum"),
                f"impossible quorum: {quorum.at_least} present, but '{body_id}', which takes "
                f"this type, has at most {seats} seats",
            )
            return


def _entries(context: _Context, decision_type: Draft) -> list[tuple[str, str | None, Node]]:
    """The (body id, threshold, where written) of the type's `bodies`, known bodies only."""
    competences = decision_type.get("bodies")
    default = decision_type.get("threshold")
    if competences is None:
        return []
    if competences == ALL_BODIES:
        return [(body_id, default, decision_type.at("bodies")) for body_id in context.bodies]
    entries = []
    seen: dict[str, int] = {}
    for entry in competences:
        if entry.get("body") is None:
            continue  # missing or invalid, reported already
        node = entry.at("body")
        if not _known(context, node, "body", context.bodies):
            continue
        if node.value in seen:
            context.problems.add(
                node, f"the body '{node.value}' is listed twice (first at line {seen[node.value]})"
            )
            continue
        seen[node.value] = node.line
        entries.append((node.value, entry.get("threshold", default), node))
    return entries


def _check_decision_type(context: _Context, decision_type: Draft) -> None:
    entries = _entries(context, decision_type)
    _check_type_quorum(context, decision_type, entries)
    for body_id, threshold, node in entries:
        if threshold is None:
            continue
        if not _can_have_members(context, body_id):
            context.problems.add(
                node,
                f"impossible threshold: '{body_id}' can never have anyone on it (see its seat "
                f"rules), so it can never reach '{threshold}'",
            )
            continue
        _check_reachable(context, body_id, threshold, node)
    for node in decision_type.get("articles", []):
        _known(context, node, "article", context.articles)
    appeal_to = decision_type.get("appeal_to")
    if appeal_to is None:
        return
    node = decision_type.at("appeal_to")
    if not _known(context, node, "body", context.bodies):
        return
    if appeal_to in {body_id for body_id, _, _ in entries}:
        context.problems.add(
            node,
            f"an appeal to '{appeal_to}' is meaningless: '{appeal_to}' itself takes decisions "
            "of this type",
        )
        return
    for body_id, _, _ in entries:
        scope = _scope(context, context.bodies[body_id])
        if scope:
            _check_acting(
                context, node, context.bodies[body_id], appeal_to, scope, "hear the appeal"
            )


def _check_required_types(context: _Context) -> None:
    where = context.top.at("decision_types")
    if not where.is_sequence:
        return  # missing or broken, reported already
    if "decision type" in context.unread:
        context.skipped.add("decision type")
        return
    ids = {draft.at("id").value for draft in context.top.get("decision_types", [])}
    for type_id in REQUIRED_DECISION_TYPES:
        if type_id not in ids:
            context.problems.add_at(
                context.top.key_line("decision_types"),
                "decision_types",
                f"missing the decision type '{type_id}', which every charter needs "
                "(the software relies on it)",
            )
