"""A body whose charter fixes no quorum (`quorum: unspecified`): a decision is recorded with
any number present, and its record says that no quorum was checked."""

import pytest

from minutebook.ledger.services import DecisionRefused
from tests.factories import build_small_union, open_charter, record


@pytest.fixture
def org(db, small_charter_text):
    return build_small_union(open_charter(small_charter_text))


def test_a_decision_with_one_present_is_recorded_and_says_no_quorum_is_fixed(org):
    decision = record(org.bodies["council"], "resolution", yes=1, no=0, present=1)

    assert decision.check_passed and not decision.irregular
    assert decision.check_failures == []
    assert decision.check_explanation.startswith(
        "The Council has no quorum: no quorum is fixed by the charter, so none is checked. "
    )


def test_the_threshold_is_still_checked(org):
    with pytest.raises(DecisionRefused) as refused:
        record(org.bodies["council"], "resolution", yes=1, no=1, present=2)

    assert [failure.rule for failure in refused.value.check.failures] == ["threshold"]


def test_a_body_with_a_quorum_keeps_it(org):
    """The Bureau's quorum (2) is in the charter: one present is refused."""
    with pytest.raises(DecisionRefused) as refused:
        record(org.bodies["bureau"], "resolution", yes=1, no=0, present=1)

    assert [failure.rule for failure in refused.value.check.failures] == ["quorum"]
