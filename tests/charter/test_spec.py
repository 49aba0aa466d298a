"""The helpers a loaded charter offers: its unit tree and where its bodies are."""

import pytest

from minutebook.charter.loader import load_charter_file
from tests.charter.charters import DEMO_PATH


@pytest.fixture(scope="module")
def charter():
    return load_charter_file(DEMO_PATH)


def ids(items):
    return [item.id for item in items]


def test_the_unit_tree(charter):
    assert charter.root.id == "national"
    assert ids(charter.children("national")) == ["north", "valley", "coast"]
    assert ids(charter.children("harbour")) == []
    assert ids(charter.descendants("north")) == ["harbour", "millbrook", "ironbridge"]
    assert len(charter.descendants("national")) == 11
    assert ids(charter.ancestors("harbour")) == ["north", "national"]
    assert ids(charter.ancestors("national")) == []


def test_within_and_kinds(charter):
    assert charter.is_within("harbour", "north")
    assert charter.is_within("north", "north")
    assert not charter.is_within("harbour", "valley")
    assert not charter.is_within("north", "harbour")
    assert ids(charter.units_of_kind("branch", within="valley")) == ["ashford", "greenhill"]
    assert charter.nearest_of_kind("harbour", "district").id == "north"
    assert charter.nearest_of_kind("north", "district").id == "north"
    assert charter.nearest_of_kind("north", "branch") is None


def test_where_bodies_are(charter):
    assert ids(charter.body_units("congress")) == ["national"]
    assert ids(charter.body_units("district-committee")) == ["north", "valley", "coast"]
    assert ids(charter.bodies_for_unit("harbour")) == ["branch-assembly"]
    assert ids(charter.bodies_for_unit("north")) == ["district-committee"]
    assert "congress" in ids(charter.bodies_for_unit("national"))


def test_acting_unit_is_the_nearest_instance_at_or_above(charter):
    assert charter.acting_unit("district-committee", "harbour") == "north"
    assert charter.acting_unit("district-committee", "national") is None
    assert charter.acting_unit("central-committee", "harbour") == "national"


def test_fixed_seats_count_a_rule_for_each_unit(charter):
    # The Congress's delegates follow each branch's members at a census: no fixed number.
    assert charter.fixed_seats("congress") is None
    assert charter.fixed_seats("central-committee") == 30
    assert charter.fixed_seats("district-committee", "valley") == 9
    assert charter.fixed_seats("branch-assembly", "harbour") == 0


def test_decision_types_for_body(charter):
    assert ids(charter.decision_types_for_body("control-commission")) == [
        "decision.rescind",
        "minutes.approve",
    ]
