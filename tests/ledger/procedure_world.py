"""The small union's charter with the procedures of issue 10's second part, and a third
local, so that "a majority of the locals" and "half of them" differ from "all of them":

- `boundaries.redraw` (Council): with the agreement of every local it affects, within 30 days;
- `dues.set` (Council): agreed by a majority of all the locals (2 of 3), no deadline;
- `policy.adopt` (Assembly): vetoed if at least half of the locals (2 of 3) veto within 21 days;
- `spend.approve` (Council, in USD): on the Bureau's recommendation above 10,000; ratified by
  the Assembly within 60 days at or above 50,000;
- `affiliation.join` (Council): subject to the approval of the National Federation's
  Executive Board within 90 days;
- `platform.adopt` (Assembly): not rescinded within 6 months except by two thirds of the
  votes cast; `pledge.make` (Council): not rescinded within 3 months at all. (Short periods:
  the test world's seats run for twelve months from January 2026.)"""

from minutebook.bodies.models import SeatMethod
from minutebook.bodies.services import seat_fill
from tests.charter.charters import variant
from tests.factories import FOUNDED, build_small_union, make_member

PROCEDURE_TYPES = """  - id: boundaries.redraw
    name: Redraw the locals' boundaries
    bodies: [council]
    threshold: majority_cast
    procedure:
      - units_agree: {body: local-committee, units: affected, needs: all, within_days: 30}
  - id: dues.set
    name: Set the dues
    bodies: [council]
    threshold: majority_cast
    procedure:
      - units_agree: {body: local-committee, units: all, needs: majority}
  - id: policy.adopt
    name: Adopt a policy
    bodies: [assembly]
    threshold: majority_cast
    procedure:
      - units_veto: {body: local-committee, units: all, needs: {at_least: 1/2}, within_days: 21}
  - id: spend.approve
    name: Approve an expenditure
    bodies: [council]
    threshold: majority_cast
    amount: {currency: USD}
    procedure:
      - recommend: {body: bureau, decision_type: budget.recommend, when: {amount_above: 10000}}
      - ratify: {body: assembly, within_days: 60, when: {amount_at_least: 50000}}
  - id: affiliation.join
    name: Join the national federation
    bodies: [council]
    threshold: two_thirds_cast
    procedure:
      - outside_approval: {by: "National Federation Executive Board", within_days: 90}
  - id: platform.adopt
    name: Adopt the platform
    bodies: [assembly]
    threshold: majority_cast
    protected: {months: 6, except: two_thirds_cast}
  - id: pledge.make
    name: Make a pledge
    bodies: [council]
    threshold: majority_cast
    protected: {months: 3}
"""


def procedure_charter(text: str) -> str:
    return variant(
        (
            "  - {id: west, name: West Local, kind: local, parent: union}\n",
            "  - {id: west, name: West Local, kind: local, parent: union}\n"
            "  - {id: north, name: North Local, kind: local, parent: union}\n",
        ),
        ("decision_types:\n", "decision_types:\n" + PROCEDURE_TYPES),
        text=text,
    )


def build_procedure_world(small_charter_text: str):
    """The small union on this charter, with three members on each Local Committee (the first
    its secretary, `<local>-committee-0`)."""
    world = build_small_union(procedure_charter(small_charter_text))
    for local in ("east", "west", "north"):
        unit = world.units[local]
        for i in range(3):
            key = f"{local}-committee-{i}"
            member = world.members[key] = make_member(f"{unit.name} Committee {i}", unit)
            seat_fill(
                actor=world.admin,
                body=world.bodies[f"local-committee.{local}"],
                member=member,
                method=SeatMethod.ELECTED,
                starts_on=FOUNDED,
                constituency=unit,
                office="secretary" if i == 0 else "",
            )
    return world
