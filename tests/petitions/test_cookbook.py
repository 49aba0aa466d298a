"""The cookbook's petition entries in docs/charter-format.md load as they are written."""

import re
from pathlib import Path

import pytest

from minutebook.charter.loader import load_charter

DOC = Path(__file__).parents[2] / "docs" / "charter-format.md"

BASE = """
minutebook_charter: 1
organization: {name: Example Union, short_name: EU}
units:
  - {id: national, name: National, kind: national}
  - {id: north, name: North, kind: branch, parent: national}
  - {id: south, name: South, kind: branch, parent: national}
  - {id: east, name: East, kind: branch, parent: national}
bodies:
  - {id: general-meeting, name: General Meeting, unit: national, seats: [all_members: {}],
     quorum: 20, notice: {meeting_days: 14, documents_days: 7}, visibility: members}
  - {id: members-referendum, name: Members' Referendum, unit: national,
     seats: [all_members: {}], quorum: 1, notice: {meeting_days: 14, documents_days: 14},
     visibility: members,
     ballots: {allowed: true, notice_days: 14, open_days: 14, called_by: [members-referendum]}}
  - {id: conference, name: Conference, unit: national,
     seats: [elected: {by_members_of_each: branch, count: 5}], quorum: majority,
     notice: {meeting_days: 30, documents_days: 14}, visibility: members}
  - {id: branch-meeting, name: Branch Meeting, per_unit_kind: branch, seats: [all_members: {}],
     quorum: 5, notice: {meeting_days: 7, documents_days: 3}, visibility: unit}
  - {id: executive, name: Executive, unit: national, seats: [elected: {by_body: conference,
     count: 7}], quorum: majority, notice: {meeting_days: 7, documents_days: 3},
     visibility: members}
decision_types:
  - {id: charter.amend, name: Amend, bodies: [conference], threshold: two_thirds_cast}
  - {id: decision.rescind, name: Rescind, bodies: all, threshold: majority_cast}
  - {id: officer.recall, name: Recall an officer, bodies: [executive], threshold: majority_entire}
"""


def cookbook_petitions() -> list[str]:
    cookbook = "".join(DOC.read_text().split("## Cookbook: the constitution's words")[1:])
    blocks = re.findall(r"```yaml\n(.*?)```", cookbook, flags=re.S)
    return [block.split("decision_types:")[0] for block in blocks if block.startswith("petitions:")]


def test_the_cookbook_has_every_petition_form():
    assert len(cookbook_petitions()) >= 5


@pytest.mark.parametrize("block", cookbook_petitions())
def test_each_entry_loads(block):
    charter = load_charter(BASE + block)

    assert len(charter.petitions) == 1
