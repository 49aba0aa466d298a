"""Reading the charter in force."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count
from django.http import Http404

from minutebook.charter.loader import load_charter
from minutebook.charter.models import CharterVersion, Unit
from minutebook.charter.spec import Charter


class NoCharter(LookupError):
    """The installation has no charter yet (run `minutebook init --charter FILE`)."""


_parsed: dict[str, Charter] = {}


def parsed_charter(version: CharterVersion) -> Charter:
    """The version's charter, parsed once per process (versions never change)."""
    charter = _parsed.get(version.sha256)
    if charter is None:
        if "source_text" in version.get_deferred_fields():
            version.refresh_from_db(fields=["source_text", "source_name"])
        charter = _parsed[version.sha256] = load_charter(version.source_text, version.source_name)
    return charter


def charter_version_in_force() -> CharterVersion:
    """The newest version, without its (large) source text unless it must be parsed."""
    version = CharterVersion.objects.defer("source_text").order_by("-number").first()
    if version is None:
        raise NoCharter("no charter has been loaded; run `minutebook init --charter FILE`")
    return version


def charter_in_force() -> Charter:
    return parsed_charter(charter_version_in_force())


def unit_and_descendant_ids(unit: Unit) -> set[int]:
    """The unit and every unit below it (one query for the whole tree)."""
    children: dict[int | None, list[int]] = {}
    for pk, parent_id in Unit.objects.values_list("pk", "parent_id"):
        children.setdefault(parent_id, []).append(pk)
    found, stack = set(), [unit.pk]
    while stack:
        pk = stack.pop()
        found.add(pk)
        stack.extend(children.get(pk, []))
    return found


def charter_version_by_number(number: int) -> CharterVersion:
    """Any version of the charter, in force or not: the charter is open to every member."""
    try:
        return CharterVersion.objects.select_related("adopted_by__body").get(number=number)
    except CharterVersion.DoesNotExist:
        raise Http404 from None


def charter_versions():
    return CharterVersion.objects.select_related("adopted_by__body").order_by("-number")


def previous_charter_version(version: CharterVersion) -> CharterVersion | None:
    return CharterVersion.objects.filter(number__lt=version.number).order_by("-number").first()


@dataclass
class UnitNode:
    """A unit in the tree, with its active bodies and the members in good standing who belong
    to it directly (`members`) and to it or a unit below (`members_within`)."""

    unit: Unit
    children: list[UnitNode] = field(default_factory=list)
    bodies: list = field(default_factory=list)
    members: int = 0

    @property
    def members_within(self) -> int:
        return self.members + sum(child.members_within for child in self.children)


def unit_tree() -> list[UnitNode]:
    """The active units as a tree (roots first, children by name), in four queries."""
    from minutebook.bodies.models import Body
    from minutebook.members.models import MembershipStatus, UnitMembership

    nodes = {unit.pk: UnitNode(unit) for unit in Unit.objects.filter(dissolved_by__isnull=True)}
    roots = []
    for node in nodes.values():
        parent = nodes.get(node.unit.parent_id)
        (parent.children if parent else roots).append(node)
    bodies = Body.objects.filter(dissolved_by__isnull=True, unit__in=nodes).order_by("name")
    for body in bodies.select_related("unit"):
        nodes[body.unit_id].bodies.append(body)
    counts = (
        UnitMembership.objects.filter(
            until__isnull=True, member__status=MembershipStatus.MEMBER, unit__in=nodes
        )
        .values("unit_id")
        .annotate(n=Count("member_id", distinct=True))
    )
    for row in counts:
        nodes[row["unit_id"]].members = row["n"]
    return roots


def unit_tree_flat(roots: list[UnitNode]) -> list[tuple[int, UnitNode]]:
    """The tree in reading order, each unit with its depth (the root is 0)."""
    found: list[tuple[int, UnitNode]] = []

    def walk(node: UnitNode, depth: int) -> None:
        found.append((depth, node))
        for child in node.children:
            walk(child, depth + 1)

    for root in roots:
        walk(root, 0)
    return found
