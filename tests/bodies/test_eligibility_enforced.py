"""The charter's eligibility rules where seats are filled and candidates nominated: refused
with the rule and its article, or recorded as irregular with the reason when the recorder (or
the chair) proceeds. The rules are those of tests/bodies/eligibility_world.py."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from minutebook.bodies.models import Seat, SeatMethod
from minutebook.bodies.services import seat_end, seat_fill
from minutebook.journal.models import JournalEntry
from minutebook.members.models import Member
from minutebook.votes.elections import election_fill_seats, election_nominate
from minutebook.votes.models import ElectionStatus
from tests.ballots.conftest import ballot_charter_text
from tests.bodies.eligibility_world import dues_paid, enforce
from tests.factories import BY_ELECTION_DAY, by_election, record


@pytest.fixture
def small_charter_text() -> str:
    return ballot_charter_text()  # with the Trustees, elected by all the members


@pytest.fixture
def rules(org, monkeypatch):
    enforce(monkeypatch, ballot_charter_text())
    dues_paid(*Member.objects.all())


def trustee(org, key: str, starts_on: dt.date, **options) -> Seat:
    return seat_fill(
        actor=org.admin,
        body=org.bodies["trustees"],
        member=org.members[key],
        method=SeatMethod.ELECTED,
        starts_on=starts_on,
        constituency=org.units["union"],
        **options,
    )


def refusal(error: pytest.ExceptionInfo) -> str:
    return " ".join(error.value.message_dict["member"])


# Months of membership to stand: everyone joined on 10 January 2026; the Trustees ask twelve
# months, so from 10 January 2027.


def test_a_seat_the_day_before_the_months_are_met_is_refused_with_the_rule(org, rules):
    with pytest.raises(ValidationError) as refused:
        trustee(org, "east-member", dt.date(2027, 1, 9))

    assert refusal(refused) == (
        "East Rank And File may not stand for the Trustees: 12 month(s) of membership in good "
        "standing needed, a member since 10 January 2026 (art-2) [rule trustees-seniority]. "
        "Eligible to stand from 10 January 2027"
    )
    assert not Seat.objects.filter(body=org.bodies["trustees"]).exists()
    assert trustee(org, "east-member", dt.date(2027, 1, 10)).irregular is False


def test_the_recorder_may_proceed_and_the_seat_is_irregular_on_the_record(org, rules):
    seat = trustee(
        org,
        "east-member",
        dt.date(2027, 1, 9),
        proceed=True,
        proceed_reason="the members elected her a day early",
    )

    assert seat.irregular
    assert seat.irregular_reason == (
        "Recorded although 12 month(s) of membership in good standing needed, a member since "
        "10 January 2026 (art-2) [rule trustees-seniority]. Reason given: the members elected "
        "her a day early"
    )
    entry = JournalEntry.objects.filter(action="seat.fill").latest("pk")
    assert entry.summary.endswith("(IRREGULAR)")
    assert entry.after["irregular_reason"] == seat.irregular_reason


def test_dues_in_arrears_refuse_a_seat(org, rules):
    # Paid until 9 November 2026: two months later, 9 January 2027, is the last day in standing.
    dues_paid(org.members["east-member"], until=dt.date(2026, 11, 9))

    with pytest.raises(ValidationError) as refused:
        trustee(org, "east-member", dt.date(2027, 1, 10))

    assert "dues paid until 9 November 2026: more than 2 month(s) in arrears (art-1)" in (
        refusal(refused)
    )


# Incompatibility, both ways: Council Members 0, 1 and 2 sit on the Bureau.


def test_a_bureau_member_may_not_sit_on_a_local_committee(org, rules):
    with pytest.raises(ValidationError) as refused:
        seat_fill(
            actor=org.admin,
            body=org.bodies["local-committee.east"],
            member=org.members["council-1"],
            method=SeatMethod.ELECTED,
            starts_on=dt.date(2026, 6, 1),
            constituency=org.units["east"],
        )

    assert "no member of the Bureau may sit on the Local Committee" in refusal(refused)
    assert "[rule local-not-bureau]" in refusal(refused)


def test_a_local_committee_member_may_not_sit_on_the_bureau(org, rules):
    seat_fill(
        actor=org.admin,
        body=org.bodies["local-committee.east"],
        member=org.members["east-member"],
        method=SeatMethod.ELECTED,
        starts_on=dt.date(2026, 6, 1),
        constituency=org.units["east"],
    )
    bureau_seat = Seat.objects.get(body=org.bodies["bureau"], member=org.members["council-2"])
    seat_end(actor=org.admin, seat=bureau_seat, ended_on=dt.date(2026, 6, 1), reason="resigned")
    decision = record(org.bodies["council"], "resolution", decided_on=dt.date(2026, 6, 2))

    with pytest.raises(ValidationError) as refused:
        seat_fill(
            actor=org.admin,
            body=org.bodies["bureau"],
            member=org.members["east-member"],
            method=SeatMethod.ELECTED,
            starts_on=dt.date(2026, 6, 2),
            source_decision=decision,
        )

    assert refusal(refused).startswith(
        "East Rank And File may not stand for the Bureau: no member of the Bureau may sit on "
        "the Local Committee: East Rank And File sits on the Local Committee, East Local (art-1)"
    )


# At most three councillors from one local: West holds 0, 2 and 4, East 1 and 3.


def test_a_fourth_councillor_from_one_local_is_refused_a_third_is_not(org, rules):
    seat = Seat.objects.get(body=org.bodies["council"], member=org.members["council-1"])
    seat_end(actor=org.admin, seat=seat, ended_on=dt.date(2026, 6, 1), reason="resigned")
    decision = record(org.bodies["assembly"], "resolution", decided_on=dt.date(2026, 6, 1))

    def councillor(key):
        return seat_fill(
            actor=org.admin,
            body=org.bodies["council"],
            member=org.members[key],
            method=SeatMethod.ELECTED,
            starts_on=dt.date(2026, 6, 1),
            source_decision=decision,
        )

    with pytest.raises(ValidationError) as refused:
        councillor("west-member")
    assert "at most 3 member(s) of the Council from one local; 3 sit for the same local" in (
        refusal(refused)
    )
    assert councillor("east-member").member == org.members["east-member"]


# No two consecutive terms on the Council: the founding terms ran 10 January 2026 to
# 9 January 2027; a whole term out, twelve months, ends on 10 January 2028.


def test_a_second_consecutive_term_is_refused_until_a_term_has_passed(org, rules):
    decision = record(org.bodies["assembly"], "resolution", decided_on=dt.date(2027, 1, 9))

    def again(day):
        return seat_fill(
            actor=org.admin,
            body=org.bodies["council"],
            member=org.members["council-3"],
            method=SeatMethod.ELECTED,
            starts_on=day,
            source_decision=decision,
        )

    with pytest.raises(ValidationError) as refused:
        again(dt.date(2028, 1, 9))
    assert refusal(refused) == (
        "Council Member 3 may not stand for the Council: at most 1 consecutive term(s) on the "
        "Council; 1 served in a row [rule council-one-term]. Eligible to stand from "
        "10 January 2028"
    )
    assert again(dt.date(2028, 1, 10)).starts_on == dt.date(2028, 1, 10)


# Nominations at a meeting: the by-election to the Council on 1 June 2026, chaired by East
# Delegate 1; Council Member 4 resigned the day before and would serve a second term in a row.


def test_a_nomination_is_refused_with_its_rule(org, rules):
    election = by_election(org)

    with pytest.raises(ValidationError) as refused:
        election_nominate(
            actor=org.user("east-delegate-1"), election=election, member=org.members["council-4"]
        )

    assert "[rule council-one-term]" in refusal(refused)
    assert not election.candidates.exists()


def test_only_the_chair_may_let_an_ineligible_candidate_stand(org, rules):
    election = by_election(org)
    with pytest.raises(ValidationError):
        election_nominate(
            actor=org.user("west-delegate-0"),
            election=election,
            member=org.members["council-4"],
            proceed=True,
            proceed_reason="I insist",
        )

    candidate = election_nominate(
        actor=org.user("east-delegate-1"),
        election=election,
        member=org.members["council-4"],
        proceed=True,
        proceed_reason="the assembly voted to suspend the rule",
    )

    assert candidate.irregular
    assert candidate.irregular_reason.endswith(
        "[rule council-one-term]. Reason given: the assembly voted to suspend the rule"
    )
    entry = JournalEntry.objects.filter(action="election.nominate").latest("pk")
    assert entry.summary.endswith("(IRREGULAR)")


def test_an_irregular_candidate_elected_takes_an_irregular_seat(org, rules):
    election = by_election(org)
    candidate = election_nominate(
        actor=org.user("east-delegate-1"),
        election=election,
        member=org.members["council-4"],
        proceed=True,
        proceed_reason="suspended rule",
    )
    # The count, as the record stands after it (the counting is tested in tests/votes).
    election.result = {
        "candidate_ids": {"Council Member 4": candidate.pk},
        "elected": ["Council Member 4"],
    }
    election.status = ElectionStatus.COUNTED
    election.save(update_fields=["result", "status"])

    [seat] = election_fill_seats(actor=org.admin, election=election)

    assert seat.irregular and seat.starts_on == BY_ELECTION_DAY
    assert seat.irregular_reason.startswith("Recorded although at most 1 consecutive term(s)")
    assert "elected as an irregular candidate" in seat.irregular_reason


def test_the_bodys_page_says_who_may_vote_and_stand(org, rules):
    from django.test import Client

    client = Client()
    client.force_login(org.user("east-member"))

    council = client.get("/bodies/council/").content.decode()
    committee = client.get("/bodies/local-committee.east/").content.decode()

    assert "Who may vote and stand" in council
    assert "At most 1 consecutive term(s) on the Council [rule council-one-term]" in council
    assert "At most 3 member(s) of the Council from one local [rule council-per-local]" in council
    assert "In good standing: dues at most 2 month(s) in arrears (art-1)" in council
    assert (
        "No member of the Bureau may sit on the Local Committee, nor the other way round (art-1) "
        "[rule local-not-bureau]" in committee
    )
