"""Putting a charter in force: the founding charter, and amendments by recorded decision."""

from __future__ import annotations

import hashlib

from django.db import transaction
from django.utils import timezone

from minutebook.bodies.models import Body
from minutebook.charter.loader import load_charter
from minutebook.charter.models import CharterVersion, Unit
from minutebook.charter.spec import Charter
from minutebook.journal.services import journal_append


class CharterAlreadyInstalled(ValueError):
    pass


def body_slug(definition: str, unit_slug: str | None, per_unit: bool) -> str:
    return f"{definition}.{unit_slug}" if per_unit else definition


@transaction.atomic
def charter_install_founding(*, actor, text: str, source_name: str) -> CharterVersion:
    """Load the founding charter of a new organization. Validates it completely first: a
    charter with errors raises `CharterInvalid` and nothing is stored."""
    charter = load_charter(text, source_name)
    if CharterVersion.objects.exists():
        raise CharterAlreadyInstalled(
            "this organization already has a charter; it changes only by a charter.amend decision"
        )
    return _put_in_force(actor=actor, charter=charter, text=text, source_name=source_name)


def charter_put_in_force_by_decision(
    *, actor, charter: Charter, text: str, source_name: str, decision
) -> CharterVersion:
    """Called by the ledger when a regular charter.amend decision is recorded, inside its
    transaction, so that the new version and the decision stand or fall together."""
    return _put_in_force(
        actor=actor, charter=charter, text=text, source_name=source_name, decision=decision
    )


def _put_in_force(*, actor, charter: Charter, text: str, source_name: str, decision=None):
    previous = CharterVersion.objects.order_by("-number").first()
    version = CharterVersion.objects.create(
        number=1 if previous is None else previous.number + 1,
        source_name=source_name,
        source_text=text,
        sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        in_force_from=timezone.now(),
        adopted_by=decision,
    )
    journal_append(
        actor=actor,
        action="charter.version",
        obj=version,
        summary=(
            f"Charter version {version.number} in force"
            + (f" by decision {decision.reference}" if decision else " (founding charter)")
        ),
        before={"version": previous.number, "sha256": previous.sha256} if previous else None,
        after={"version": version.number, "sha256": version.sha256, "source": source_name},
    )
    _sync_structure(actor=actor, charter=charter, version=version)
    return version


def _sync_structure(*, actor, charter: Charter, version: CharterVersion) -> None:
    """Make the Unit and Body rows match the charter: create what is new, rename what
    changed, mark dissolved what the charter no longer names. Nothing is deleted."""
    units = {unit.slug: unit for unit in Unit.objects.all()}
    for spec in _parents_first(charter):
        parent = units[spec.parent] if spec.parent else None
        unit = units.get(spec.id)
        wanted = {"name": spec.name, "kind": spec.kind, "parent": parent, "dissolved_by": None}
        if unit is None:
            unit = Unit.objects.create(slug=spec.id, **wanted)
            units[spec.id] = unit
            _journal_structure(actor, "unit.create", unit, None, wanted)
        elif _differs(unit, wanted):
            before = _snapshot(unit, wanted)
            for name, value in wanted.items():
                setattr(unit, name, value)
            unit.save()
            _journal_structure(actor, "unit.update", unit, before, wanted)
    named = {spec.id for spec in charter.units}
    for slug, unit in units.items():
        if slug not in named and unit.dissolved_by_id is None:
            unit.dissolved_by = version
            unit.save(update_fields=["dissolved_by"])
            _journal_structure(actor, "unit.dissolve", unit, {"active": True}, {"active": False})

    bodies = {body.slug: body for body in Body.objects.filter(chartered=True)}
    wanted_slugs = set()
    for spec in charter.bodies:
        if spec.per_unit_kind:
            targets = [units[u.id] for u in charter.units if u.kind == spec.per_unit_kind]
            instances = [
                (body_slug(spec.id, u.slug, True), f"{spec.name}, {u.name}", u) for u in targets
            ]
        else:
            instances = [(spec.id, spec.name, units[spec.unit])]
        for slug, name, unit in instances:
            wanted_slugs.add(slug)
            wanted = {"name": name, "definition": spec.id, "unit": unit, "dissolved_by": None}
            body = bodies.get(slug)
            if body is None:
                body = Body.objects.create(slug=slug, chartered=True, **wanted)
                _journal_structure(actor, "body.create", body, None, wanted)
            elif _differs(body, wanted):
                before = _snapshot(body, wanted)
                for field, value in wanted.items():
                    setattr(body, field, value)
                body.save()
                _journal_structure(actor, "body.update", body, before, wanted)
    for slug, body in bodies.items():
        if slug not in wanted_slugs and body.dissolved_by_id is None:
            body.dissolved_by = version
            body.save(update_fields=["dissolved_by"])
            _journal_structure(actor, "body.dissolve", body, {"active": True}, {"active": False})


def _parents_first(charter: Charter):
    placed: set[str] = set()
    pending = list(charter.units)
    while pending:
        rest = []
        for spec in pending:
            if spec.parent is None or spec.parent in placed:
                placed.add(spec.id)
                yield spec
            else:
                rest.append(spec)
        pending = rest


def _value(value):
    if hasattr(value, "slug"):
        return value.slug
    if hasattr(value, "number"):
        return value.number
    return value


def _differs(instance, wanted: dict) -> bool:
    return any(getattr(instance, name) != value for name, value in wanted.items())


def _snapshot(instance, wanted: dict) -> dict:
    return {name: _value(getattr(instance, name)) for name in wanted}


def _journal_structure(actor, action, obj, before, after) -> None:
    journal_append(
        actor=actor,
        action=action,
        obj=obj,
        summary=f"{action.replace('.', ' ')}: {obj}",
        before=None if before is None else {k: _value(v) for k, v in before.items()},
        after=None if after is None else {k: _value(v) for k, v in after.items()},
    )
