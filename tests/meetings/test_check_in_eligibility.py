"""Checking in against the charter's eligibility rules (tests/bodies/eligibility_world.py):
a seat holder whose dues are too far in arrears, or a member of too few months at a general
meeting, is refused with the rule; the chair may check them in irregularly, with a reason,
marked on the record and on the attendance list."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from minutebook.journal.models import JournalEntry
from minutebook.meetings import services
from minutebook.members.models import Member
from tests.ballots.conftest import ballot_charter_text
from tests.bodies.eligibility_world import dues_paid, enforce
from tests.factories import make_member
from tests.meetings.conftest import client_for, convene


@pytest.fixture
def small_charter_text() -> str:
    return ballot_charter_text()  # with a Members' Referendum body of all the members


@pytest.fixture
def rules(org, monkeypatch):
    enforce(monkeypatch, ballot_charter_text())
    dues_paid(*Member.objects.all())


def check_in(org, meeting, member, *, actor=None, **options):
    return services.attendance_check_in(
        actor=actor or member.user, meeting=meeting, member=member, **options
    )


# The Council meets on 11 June 2026 (ten days from the frozen now); dues may be two months in
# arrears: paid until 11 April 2026 is the last payment that still counts on the day.


@pytest.mark.parametrize(
    ("paid_until", "admitted"), [(dt.date(2026, 4, 11), True), (dt.date(2026, 4, 10), False)]
)
def test_a_seat_holder_in_arrears_may_not_check_in(
    org, council, open_meeting, rules, paid_until, admitted
):
    member = org.members["council-2"]
    dues_paid(member, until=paid_until)
    if admitted:
        assert check_in(org, open_meeting, member).irregular is False
        return
    with pytest.raises(ValidationError) as refused:
        check_in(org, open_meeting, member)
    assert refused.value.message_dict["member"] == [
        "Council Member 2 may not vote in the Council: dues paid until 10 April 2026: more "
        "than 2 month(s) in arrears (art-1) [rule good_standing.dues_arrears_months_at_most]"
    ]


def test_the_chair_is_told_and_may_proceed_irregularly(org, council, open_meeting, rules):
    member = org.members["council-2"]
    dues_paid(member, until=dt.date(2026, 1, 31))
    chair = org.user("council-1")
    with pytest.raises(ValidationError, match="The chair may check them in irregularly"):
        check_in(org, open_meeting, member, actor=chair)

    row = check_in(
        org, open_meeting, member, actor=chair, proceed=True, proceed_reason="paid in cash today"
    )

    assert row.irregular
    assert row.irregular_reason.endswith("Reason given: paid in cash today")
    entry = JournalEntry.objects.filter(action="attendance.check_in").latest("pk")
    assert entry.summary.endswith("(IRREGULAR)")
    assert entry.after["irregular_reason"] == row.irregular_reason
    page = client_for(chair).get(f"/meetings/{open_meeting.pk}/")
    assert "data-irregular" in page.content.decode()


def test_a_seat_holder_may_not_proceed_for_themselves(org, council, open_meeting, rules):
    member = org.members["council-2"]
    dues_paid(member, until=dt.date(2026, 1, 31))
    with pytest.raises(ValidationError):
        check_in(org, open_meeting, member, proceed=True, proceed_reason="mine")


# A general meeting of all the members on 21 June 2026: three months of membership to vote.


def test_months_to_vote_at_a_general_meeting_on_the_exact_day(org, clock, rules):
    day_short = make_member("Joined First April", org.units["east"], since=dt.date(2026, 4, 1))
    on_the_day = make_member("Joined March", org.units["east"], since=dt.date(2026, 3, 21))
    dues_paid(day_short, on_the_day)
    meeting = convene(org, actor=org.admin, body=org.bodies["referendum"], days=20)

    with pytest.raises(ValidationError) as refused:
        check_in(org, meeting, day_short, actor=org.admin)

    assert (
        "[rule vote.months_in_good_standing]. Eligible to vote from 1 July 2026"
        in refused.value.message_dict["member"][0]
    )
    assert check_in(org, meeting, on_the_day, actor=org.admin).irregular is False
