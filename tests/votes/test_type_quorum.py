"""A quorum for one kind of business (`quorum:` on a decision type): "for amendments to the
constitution the quorum is one third of members"; "a quorum of 10% is required for all
elections" (the type `election`). The General Assembly has 6 delegates and its own quorum is a
majority (4); `constitution.amend` needs a third (2 of 6), `budget.big` at least 5, and an
election at the Assembly 5 as well."""

import datetime as dt

import pytest

from minutebook.bodies.models import Seat
from minutebook.bodies.services import seat_end
from minutebook.ledger.competence import BodyRef, Tally, check_decision
from minutebook.votes.elections import candidate_accept, election_create, election_nominate
from minutebook.votes.services import VoteRefused, vote_open
from tests.charter.charters import variant
from tests.factories import build_small_union, make_member
from tests.motions.world import admitted, check_in, make_meeting

TYPES = (
    "  - id: constitution.amend\n    name: Amend the constitution\n    bodies: [assembly]\n"
    "    threshold: two_thirds_cast\n    quorum: 1/3\n"
    "  - id: budget.big\n    name: A large budget\n    bodies: [assembly]\n"
    "    threshold: majority_cast\n    quorum: 5\n"
    "  - id: election\n    name: Elections\n    bodies: [assembly]\n"
    "    threshold: majority_cast\n    quorum: 5\n"
)
CHAIR = "east-delegate-0"


@pytest.fixture
def org(db, small_charter_text):
    return build_small_union(
        variant(("decision_types:\n", "decision_types:\n" + TYPES), text=small_charter_text)
    )


def meeting_with(org, *present):
    meeting = make_meeting(org, chair=CHAIR)
    check_in(org, meeting, *present)
    return meeting


def open_on(org, meeting, motion):
    return vote_open(actor=org.user(CHAIR), meeting=meeting, method="named", motion=motion)


def test_a_smaller_quorum_for_its_business_replaces_the_bodys(org, clock):
    # 2 present: a third of 6 for the constitution, though not the Assembly's majority (4)
    meeting = meeting_with(org, CHAIR, "west-delegate-0")
    motion = admitted(org, meeting, decision_type="constitution.amend", by=CHAIR)
    vote = open_on(org, meeting, motion)
    assert not vote.irregular and vote.quorum_required == 2

    ordinary = meeting_with(org, CHAIR, "west-delegate-0")
    resolution = admitted(org, ordinary, by=CHAIR)
    with pytest.raises(VoteRefused) as refused:
        open_on(org, ordinary, resolution)
    assert refused.value.problems[0].startswith("no quorum: 2 present")


def test_one_below_the_types_quorum_is_refused(org, clock):
    meeting = meeting_with(org, CHAIR)
    motion = admitted(org, meeting, decision_type="constitution.amend", by=CHAIR)
    with pytest.raises(VoteRefused) as refused:
        open_on(org, meeting, motion)
    assert refused.value.problems == [
        "no quorum: 1 present, the charter requires at least a third of the filled seats "
        "present for 'Amend the constitution' (2 of 6 seats filled)"
    ]


def test_a_larger_quorum_for_its_business_at_the_boundary(org, clock):
    four = meeting_with(
        org, "east-delegate-0", "east-delegate-1", "east-delegate-2", "west-delegate-0"
    )
    motion = admitted(org, four, decision_type="budget.big", by=CHAIR)
    with pytest.raises(VoteRefused) as refused:
        open_on(org, four, motion)
    assert "requires at least 5 present for 'A large budget' (5 of 6" in refused.value.problems[0]

    five = meeting_with(
        org, "east-delegate-0", "east-delegate-1", "east-delegate-2", "west-delegate-0",
        "west-delegate-1",
    )  # fmt: skip
    motion = admitted(org, five, decision_type="budget.big", by=CHAIR, title="Again")
    assert not open_on(org, five, motion).irregular


def test_the_ledgers_check_applies_the_types_quorum(org):
    from minutebook.charter.selectors import charter_in_force

    charter = charter_in_force()
    body = BodyRef(name="General Assembly", definition="assembly", unit="union")

    def check(decision_type, present):
        return check_decision(
            charter=charter,
            body=body,
            decision_type=decision_type,
            tally=Tally(votes_for=present, votes_against=0, present=present),
            seats_filled=6,
            notice_given=True,
        )

    assert check("constitution.amend", 2).passed
    assert [f.rule for f in check("constitution.amend", 1).failures] == ["quorum"]
    assert check("budget.big", 5).passed
    assert [f.rule for f in check("budget.big", 4).failures] == ["quorum"]
    assert check("resolution", 4).passed  # the Assembly's own: a majority of 6
    assert [f.rule for f in check("resolution", 3).failures] == ["quorum"]


def test_an_election_at_the_body_needs_the_quorum_of_the_type_election(org, clock):
    secretary = org.user(CHAIR)
    candidates = []
    for name in ("Ada", "Ben"):
        org.members[name] = make_member(name, org.units["east"])
        candidates.append(name)

    seat = Seat.objects.get(body=org.bodies["council"], member=org.members["council-4"])
    seat_end(actor=org.admin, seat=seat, ended_on=dt.date(2026, 5, 1), reason="resigned")

    def election_at(meeting):
        election = election_create(
            actor=secretary, meeting=meeting, body=org.bodies["council"], seats=1, method="approval"
        )
        for name in candidates:
            candidate = election_nominate(
                actor=secretary, election=election, member=org.members[name]
            )
            candidate_accept(actor=org.user(name), candidate=candidate)
        return election

    four = meeting_with(
        org, "east-delegate-0", "east-delegate-1", "east-delegate-2", "west-delegate-0"
    )
    with pytest.raises(VoteRefused) as refused:
        vote_open(actor=secretary, meeting=four, method="secret", election=election_at(four))
    assert "for 'Elections' (5 of 6 seats filled)" in refused.value.problems[0]

    five = meeting_with(
        org, "east-delegate-0", "east-delegate-1", "east-delegate-2", "west-delegate-0",
        "west-delegate-1",
    )  # fmt: skip
    vote = vote_open(actor=secretary, meeting=five, method="secret", election=election_at(five))
    assert not vote.irregular and vote.quorum_required == 5
