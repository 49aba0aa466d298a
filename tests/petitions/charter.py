"""The small test union's charter with a `petitions:` section, one kind per form."""

from pathlib import Path

SMALL_CHARTER = Path(__file__).parent.parent / "data" / "small-charter.yaml"

PETITIONS = """
petitions:
  - id: special-assembly
    name: Requisition of a special General Assembly
    description: Members can force a special General Assembly.
    articles: [art-1]
    signers: {members_of: union}
    threshold: {percent: 30}
    collect_days: 30
    requires:
      meeting: {body: assembly, within_days: 21}
  - id: locals-requisition
    name: Requisition by the locals
    signers: {members_of: union}
    threshold: {units: 2, of_kind: local, each_with_at_least: 2}
    collect_days: 14
    requires:
      meeting: {body: assembly, within_days: 30}
  - id: referendum
    name: Petition for a referendum
    signers: {members_of: union}
    threshold: {members: 5}
    collect_days: 14
    requires:
      ballot: {body: assembly, within_days: 30}
  - id: council-recall
    name: Recall of the Council's chair
    signers: {seats_of: council}
    threshold: {members: 2}
    collect_days: 7
    requires:
      recall: {body: council, office: chair, decision_type: resolution, within_days: 14}
  - id: east-meeting
    name: Special meeting of the East Local Committee
    signers: {members_of: east}
    threshold: {members: 2}
    collect_days: 10
    requires:
      meeting: {body: local-committee, within_days: 10}
  - id: local-meeting
    name: Special meeting of a local's committee
    signers: {members_of_each: local}
    threshold: {percent: 50}
    collect_days: 10
    requires:
      meeting: {body: local-committee, within_days: 7}
"""


# The referendum petition requires a ballot of the General Assembly, which must decide by ballot.
ASSEMBLY_BALLOTS = (
    "    proxies: true\n    visibility: members\n",
    "    proxies: true\n    visibility: members\n"
    "    ballots: {allowed: true, notice_days: 7, open_days: 7, called_by: [council]}\n",
)


def charter_with_petitions(extra: str = PETITIONS) -> str:
    text = SMALL_CHARTER.read_text()
    assert text.count(ASSEMBLY_BALLOTS[0]) == 1
    return text.replace(*ASSEMBLY_BALLOTS) + extra
