"""The judgment of who may vote and who may stand (`minutebook.bodies.eligibility`), on facts
written by hand: each rule one day either side of the day it is met."""

import datetime as dt

import pytest

from minutebook.bodies.eligibility import (
    HeldSeat,
    MemberFacts,
    SeatContext,
    judge_stand,
    judge_vote,
)
from minutebook.charter.eligibility import (
    BodyRule,
    EligibilityRules,
    GoodStanding,
    Requirement,
    RuleKind,
)

D = dt.date
COUNCIL, COMMISSION, CC = 1, 2, 3
ADMITTED = D(2026, 3, 3)


def facts(*seats, since=ADMITTED, born=None, dues=None, status="member", units=()):
    return MemberFacts(
        member_id=10,
        name="Ada",
        status=status,
        member_since=since,
        date_of_birth=born,
        dues_paid_until=dues,
        seats=tuple(seats),
        units=frozenset(units),
    )


def seat(body_id, definition, starts, free_from=None, name=None, method="elected"):
    return HeldSeat(
        body_id=body_id,
        definition=definition,
        body_name=name or definition.title(),
        method=method,
        starts_on=starts,
        free_from=free_from,
    )


def council(term_months=12, holders=None, kinds=None):
    return SeatContext(
        body_id=COUNCIL,
        definition="council",
        name="Council",
        term_months=term_months,
        holders_units=holders or {},
        unit_kinds=kinds or {},
    )


def rule(kind, number=None, body="council", **extra):
    return BodyRule(id=f"r-{kind.value}", body=body, kind=kind, number=number, **extra)


# Months of membership: admitted 3 March 2026, twelve months to stand → from 3 March 2027.


def test_months_to_stand_are_met_on_the_exact_day():
    rules = EligibilityRules(stand=Requirement(months_in_good_standing=12, articles=("art-3",)))

    before = judge_stand(rules, facts(), council(), D(2027, 3, 2))
    on_the_day = judge_stand(rules, facts(), council(), D(2027, 3, 3))

    assert not before.eligible
    [breach] = before.breaches
    assert breach.rule == "stand.months_in_good_standing"
    assert breach.articles == ("art-3",)
    assert before.eligible_from == D(2027, 3, 3)
    assert before.words().endswith("Eligible to stand from 3 March 2027")
    assert on_the_day.eligible


def test_months_to_vote_bind_a_general_meeting_only():
    rules = EligibilityRules(vote=Requirement(months_in_good_standing=3))

    general = judge_vote(rules, facts(), body_name="Branch", general=True, day=D(2026, 6, 2))
    on_the_day = judge_vote(rules, facts(), body_name="Branch", general=True, day=D(2026, 6, 3))
    committee = judge_vote(rules, facts(), body_name="Board", general=False, day=D(2026, 6, 2))

    assert [b.rule for b in general.breaches] == ["vote.months_in_good_standing"]
    assert general.words() == (
        "may not vote in the Branch: 3 month(s) of membership in good standing needed, a "
        "member since 3 March 2026 [rule vote.months_in_good_standing]. Eligible to vote "
        "from 3 June 2026"
    )
    assert on_the_day.eligible
    assert committee.eligible


def test_a_body_may_ask_more_months_than_the_charter_at_large():
    rules = EligibilityRules(rules=(rule(RuleKind.MONTHS, 24),))

    assert judge_stand(rules, facts(), council(), D(2028, 3, 2)).eligible_from == D(2028, 3, 3)
    assert judge_stand(rules, facts(), council(), D(2028, 3, 3)).eligible


# Age: born 10 May 2010, at least 16 → from 10 May 2026.


def test_minimum_age_on_the_birthday():
    rules = EligibilityRules(vote=Requirement(minimum_age=16))
    born = facts(born=D(2010, 5, 10))

    day_before = judge_vote(rules, born, body_name="B", general=True, day=D(2026, 5, 9))
    birthday = judge_vote(rules, born, body_name="B", general=True, day=D(2026, 5, 10))

    assert day_before.eligible_from == D(2026, 5, 10)
    assert birthday.eligible


def test_an_age_not_recorded_is_not_checked_and_said_so():
    rules = EligibilityRules(vote=Requirement(minimum_age=16))

    verdict = judge_vote(rules, facts(), body_name="B", general=True, day=D(2026, 5, 9))

    assert verdict.eligible
    assert verdict.notes == ("date of birth not recorded: the minimum age of 16 is not checked",)


# Good standing: dues at most two months in arrears. Paid until 31 January 2026 → in good
# standing up to 31 March 2026, not from 1 April.


def test_dues_in_arrears_end_good_standing_the_day_after_the_limit():
    rules = EligibilityRules(good_standing=GoodStanding(dues_arrears_months_at_most=2))
    paid = facts(dues=D(2026, 1, 31))

    last_day = judge_vote(rules, paid, body_name="Board", general=False, day=D(2026, 3, 31))
    day_after = judge_vote(rules, paid, body_name="Board", general=False, day=D(2026, 4, 1))

    assert last_day.eligible
    assert [b.rule for b in day_after.breaches] == ["good_standing.dues_arrears_months_at_most"]
    assert day_after.eligible_from is None  # only paying ends it


def test_no_dues_recorded_is_arrears_and_no_status_is_no_standing():
    rules = EligibilityRules(good_standing=GoodStanding(dues_arrears_months_at_most=2))

    unpaid = judge_vote(rules, facts(), body_name="B", general=False, day=D(2026, 4, 1))
    suspended = judge_stand(EligibilityRules(), facts(status="suspended"), council(), D(2026, 4, 1))

    assert unpaid.breaches[0].words == "no dues are recorded as paid"
    assert suspended.breaches[0].words == "Ada is suspended, not a member in good standing"


# Term limits: twelve-month terms; a whole term out of the body breaks the run.

T1 = seat(COUNCIL, "council", D(2024, 1, 1), D(2025, 1, 1))
T2 = seat(COUNCIL, "council", D(2025, 1, 1), D(2026, 1, 1))


def test_consecutive_terms_at_the_limit_and_one_under():
    rules = EligibilityRules(rules=(rule(RuleKind.MAX_CONSECUTIVE, 2),))

    one_served = judge_stand(rules, facts(T1), council(), D(2025, 1, 1))
    two_served = judge_stand(rules, facts(T1, T2), council(), D(2026, 1, 1))

    assert one_served.eligible  # a second term: N
    assert not two_served.eligible  # a third in a row: N+1
    assert two_served.breaches[0].words == (
        "at most 2 consecutive term(s) on the Council; 2 served in a row"
    )
    # after a whole term out: from 1 January 2027
    assert two_served.eligible_from == D(2027, 1, 1)
    assert not judge_stand(rules, facts(T1, T2), council(), D(2026, 12, 31)).eligible
    assert judge_stand(rules, facts(T1, T2), council(), D(2027, 1, 1)).eligible


def test_a_term_cut_short_counts_and_a_break_of_a_whole_term_resets():
    rules = EligibilityRules(rules=(rule(RuleKind.MAX_CONSECUTIVE, 1),))
    resigned = seat(COUNCIL, "council", D(2025, 1, 1), D(2025, 4, 1))

    assert not judge_stand(rules, facts(resigned), council(), D(2026, 3, 31)).eligible
    assert judge_stand(rules, facts(resigned), council(), D(2026, 4, 1)).eligible


def test_no_two_consecutive_terms_as_delegate():
    rules = EligibilityRules(rules=(rule(RuleKind.MAX_CONSECUTIVE, 1),))
    verdict = judge_stand(rules, facts(T2), council(term_months=24), D(2026, 1, 1))

    assert verdict.eligible_from == D(2028, 1, 1)


def test_total_terms_at_the_limit_and_one_under():
    rules = EligibilityRules(rules=(rule(RuleKind.MAX_TOTAL, 2),))
    far = seat(COUNCIL, "council", D(2020, 1, 1), D(2021, 1, 1))
    other_body = seat(CC, "cc", D(2019, 1, 1), D(2020, 1, 1))

    assert judge_stand(rules, facts(far, other_body), council(), D(2026, 1, 1)).eligible
    verdict = judge_stand(rules, facts(far, T2), council(), D(2030, 1, 1))
    assert verdict.breaches[0].words == "at most 2 term(s) on the Council in all; 2 served"
    assert verdict.eligible_from is None


def test_ex_officio_and_general_seats_are_no_terms():
    rules = EligibilityRules(rules=(rule(RuleKind.MAX_TOTAL, 1),))
    ex_officio = seat(COUNCIL, "council", D(2024, 1, 1), D(2025, 1, 1), method="ex_officio")

    assert judge_stand(rules, facts(ex_officio), council(), D(2026, 1, 1)).eligible


# Incompatibility: no member of the Central Committee on the Control Commission.

ART9 = BodyRule(
    id="art9",
    body="control-commission",
    kind=RuleKind.INCOMPATIBLE,
    incompatible_with=("central-committee",),
    articles=("art-9",),
)
COMMISSION_CONTEXT = SeatContext(COMMISSION, "control-commission", "Control Commission", 24)
CC_CONTEXT = SeatContext(CC, "central-committee", "Central Committee", 24)
ON_CC = seat(CC, "central-committee", D(2025, 6, 1), D(2027, 6, 1), name="Central Committee")
ON_COMMISSION = seat(
    COMMISSION, "control-commission", D(2025, 6, 1), D(2027, 6, 1), name="Control Commission"
)


def test_a_central_committee_member_may_not_stand_for_the_control_commission():
    rules = EligibilityRules(rules=(ART9,))

    verdict = judge_stand(rules, facts(ON_CC), COMMISSION_CONTEXT, D(2026, 11, 23))

    assert verdict.words() == (
        "may not stand for the Control Commission: no member of the Central Committee may "
        "sit on the Control Commission: Ada sits on the Central Committee (art-9) [rule art9]"
    )


def test_nor_a_control_commission_member_for_the_central_committee():
    rules = EligibilityRules(rules=(ART9,))

    verdict = judge_stand(rules, facts(ON_COMMISSION), CC_CONTEXT, D(2026, 11, 23))

    assert verdict.breaches[0].rule == "art9"
    assert verdict.breaches[0].words.startswith(
        "no member of the Central Committee may sit on the Control Commission"
    )


def test_the_incompatibility_ends_with_the_seat():
    rules = EligibilityRules(rules=(ART9,))

    assert not judge_stand(rules, facts(ON_CC), COMMISSION_CONTEXT, D(2027, 5, 31)).eligible
    assert judge_stand(rules, facts(ON_CC), COMMISSION_CONTEXT, D(2027, 6, 1)).eligible


# At most three councillors from one branch.

HARBOUR, QUAY, NORTH = 21, 22, 20
KINDS = {HARBOUR: "branch", QUAY: "branch", NORTH: "district"}


@pytest.mark.parametrize(("from_harbour", "eligible"), [(2, True), (3, False)])
def test_at_most_three_from_one_branch(from_harbour, eligible):
    rules = EligibilityRules(rules=(rule(RuleKind.PER_UNIT, 3, unit_kind="branch"),))
    holders = {100 + i: frozenset({HARBOUR, NORTH}) for i in range(from_harbour)}
    holders |= {200: frozenset({QUAY}), 201: frozenset({QUAY})}

    verdict = judge_stand(
        rules, facts(units={HARBOUR, NORTH}), council(holders=holders, kinds=KINDS), D(2026, 1, 1)
    )

    assert verdict.eligible is eligible
    if not eligible:
        assert verdict.breaches[0].words == (
            "at most 3 member(s) of the Council from one branch; 3 sit for the same branch"
        )


def test_the_member_themselves_is_not_counted_against_their_branch():
    rules = EligibilityRules(rules=(rule(RuleKind.PER_UNIT, 1, unit_kind="branch"),))
    holders = {10: frozenset({HARBOUR})}  # Ada already sits

    assert judge_stand(
        rules, facts(units={HARBOUR}), council(holders=holders, kinds=KINDS), D(2026, 1, 1)
    ).eligible
