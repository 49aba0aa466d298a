"""The competence check: the right body, the threshold of the charter, notice, quorum."""

import datetime as dt

import pytest

from minutebook.ledger.competence import Tally
from minutebook.ledger.services import DecisionRefused, decision_check
from tests.factories import record

DAY = dt.date(2026, 3, 1)


def check(org, body, decision_type, **tally):
    notice = tally.pop("notice_given", False)
    return decision_check(
        body=org.bodies[body],
        decision_type=decision_type,
        decided_on=DAY,
        tally=Tally(**tally),
        notice_given=notice,
    )


def rules(result):
    return [failure.rule for failure in result.failures]


def test_a_competent_body_reaching_its_threshold_passes(org):
    result = check(org, "council", "resolution", votes_for=3, votes_against=2)
    assert result.passed
    assert result.threshold == "majority_cast"


def test_a_body_the_charter_does_not_empower_is_refused(org):
    result = check(org, "bureau", "budget.spend", votes_for=3, votes_against=0)
    assert rules(result) == ["wrong_body"]
    assert "Council" in result.failures[0].message


def test_majority_of_votes_cast_ignores_abstentions_and_fails_on_a_tie(org):
    assert check(org, "council", "resolution", votes_for=2, votes_against=1, votes_abstain=2).passed
    assert rules(check(org, "council", "resolution", votes_for=2, votes_against=2)) == ["threshold"]


def test_two_thirds_of_votes_cast(org):
    # 4 of 6 is exactly two-thirds: adopted; 3 of 5 is not.
    ok = check(org, "assembly", "charter.amend", votes_for=4, votes_against=2, notice_given=True)
    assert ok.passed, ok.failures
    short = check(org, "assembly", "charter.amend", votes_for=3, votes_against=2, notice_given=True)
    assert rules(short) == ["threshold"]


def test_three_fifths_of_votes_cast(org):
    assert check(org, "council", "budget.spend", votes_for=3, votes_against=2).passed
    assert rules(check(org, "council", "budget.spend", votes_for=2, votes_against=2)) == [
        "threshold"
    ]


def test_majority_of_members_present_counts_abstentions_against(org):
    # 3 for of 5 present passes; 2 for, 1 against, 2 abstaining of 5 present fails.
    assert check(org, "council", "member.suspend", votes_for=3, votes_against=0, present=5).passed
    failing = check(
        org, "council", "member.suspend", votes_for=2, votes_against=1, votes_abstain=2, present=5
    )
    assert rules(failing) == ["threshold"]


def test_majority_of_present_needs_the_number_present(org):
    assert rules(check(org, "council", "member.suspend", votes_for=3, votes_against=0)) == ["tally"]


def test_majority_of_the_entire_membership_counts_the_seats_not_the_votes(org):
    # The assembly has 6 seats filled: 4 is a majority of the entire membership, 3 is not,
    # however few vote against.
    assert check(org, "assembly", "strike.call", votes_for=4, votes_against=0).passed
    assert rules(check(org, "assembly", "strike.call", votes_for=3, votes_against=0)) == [
        "threshold"
    ]


def test_two_thirds_of_the_entire_membership(org):
    # Council: 5 seats; two-thirds of 5 is 3.33, so 4 are needed.
    assert check(
        org, "council", "member.expel", votes_for=4, votes_against=1, notice_given=True
    ).passed
    assert rules(
        check(org, "council", "member.expel", votes_for=3, votes_against=0, notice_given=True)
    ) == ["threshold"]


def test_unanimity_per_body_override(org):
    assert check(org, "assembly", "body.establish", unanimous=True, present=5).passed
    assert rules(check(org, "assembly", "body.establish", votes_for=5, votes_against=1)) == [
        "threshold"
    ]


def test_missing_notice_is_refused_when_the_charter_requires_it(org):
    result = check(org, "assembly", "charter.amend", votes_for=6, votes_against=0)
    assert rules(result) == ["notice"]
    assert result.failures[0].articles == ("art-2",)


def test_no_quorum_is_refused(org):
    # Assembly quorum: more than half of the 6 filled seats, i.e. 4.
    result = check(org, "assembly", "resolution", votes_for=3, votes_against=0, present=3)
    assert rules(result) == ["quorum"]


def test_several_failures_are_all_reported(org):
    result = check(
        org, "assembly", "charter.amend", votes_for=1, votes_against=1, votes_abstain=1, present=3
    )
    assert set(rules(result)) == {"quorum", "threshold", "notice"}


def test_a_refused_decision_is_not_stored(org):
    from minutebook.ledger.models import Decision

    before = Decision.objects.count()
    with pytest.raises(DecisionRefused) as refused:
        record(org.bodies["bureau"], "budget.spend", yes=3, no=0)
    assert [f.rule for f in refused.value.check.failures] == ["wrong_body"]
    assert Decision.objects.count() == before


def test_an_irregular_decision_is_stored_with_reason_and_failures(org):
    decision = record(
        org.bodies["bureau"],
        "budget.spend",
        yes=3,
        no=0,
        irregular_reason="The bureau spent the money before the council met.",
    )
    assert decision.irregular
    assert not decision.check_passed
    assert decision.check_failures[0]["rule"] == "wrong_body"


def test_an_unchartered_group_cannot_take_a_binding_decision(org):
    from minutebook.bodies.services import body_register_unchartered

    group = body_register_unchartered(actor=org.admin, name="Coordinating Committee")
    with pytest.raises(DecisionRefused) as refused:
        record(group, "resolution")
    assert [f.rule for f in refused.value.check.failures] == ["unchartered_body"]
    decision = record(group, "resolution", irregular_reason="Recorded so the record is complete.")
    assert decision.irregular


def test_a_composite_threshold_needs_every_condition(org):
    """rules.standing: three-quarters of the votes cast and a majority of the council's five
    members, so never fewer than 3 for."""
    assert check(org, "council", "rules.standing", votes_for=3, votes_against=1).passed
    # 3 of 5 cast is less than three-quarters (3.75 → 4)
    three_of_five = check(org, "council", "rules.standing", votes_for=3, votes_against=2)
    assert rules(three_of_five) == ["threshold"]
    assert "3/4 of the 5 votes cast = 4 needed; 3 for — not met" in three_of_five.explanation
    # 2 to 0 is every vote cast but not more than half of the 5 members
    two_of_two = check(org, "council", "rules.standing", votes_for=2, votes_against=0, present=3)
    assert rules(two_of_two) == ["threshold"]
    assert "entire membership of 5 = 3 needed; 2 for — not met" in two_of_two.failures[0].message
