"""Membership status changes carry the decision behind them; nobody is expelled by a click."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from minutebook.bodies.models import Seat
from minutebook.members.models import MembershipStatus
from minutebook.members.services import member_change_status
from tests.factories import record

DAY = dt.date(2026, 4, 1)


def test_expulsion_needs_a_recorded_expulsion_decision(org):
    member = org.members["east-member"]
    with pytest.raises(ValidationError, match="needs a recorded 'member.expel' decision"):
        member_change_status(
            actor=org.admin, member=member, status=MembershipStatus.EXPELLED, effective_on=DAY
        )
    resolution = record(org.bodies["council"], "resolution")
    with pytest.raises(ValidationError, match="not 'member.expel'"):
        member_change_status(
            actor=org.admin,
            member=member,
            status=MembershipStatus.EXPELLED,
            effective_on=DAY,
            decision=resolution,
        )


def test_an_irregular_expulsion_changes_nothing(org):
    irregular = record(
        org.bodies["bureau"],
        "member.expel",
        yes=3,
        no=0,
        decided_on=DAY,
        irregular_reason="The bureau expelled a faction without a hearing.",
    )
    with pytest.raises(ValidationError, match="irregular"):
        member_change_status(
            actor=org.admin,
            member=org.members["east-member"],
            status=MembershipStatus.EXPELLED,
            effective_on=DAY,
            decision=irregular,
        )


def test_a_regular_expulsion_is_applied_with_its_history_and_ends_seats(org):
    member = org.members["council-3"]
    expulsion = record(
        org.bodies["council"], "member.expel", yes=4, no=1, decided_on=DAY, notice_given=True
    )
    member_change_status(
        actor=org.admin,
        member=member,
        status=MembershipStatus.EXPELLED,
        effective_on=DAY,
        decision=expulsion,
        note="Hearing held on 20 March.",
    )
    member.refresh_from_db()
    assert member.status == MembershipStatus.EXPELLED
    history = list(member.status_history.values_list("status", "decision__reference"))
    assert history[-1] == ("expelled", expulsion.reference)
    assert not Seat.objects.current().filter(member=member).exists()
    assert Seat.objects.filter(member=member, end_reason="member expelled").exists()


def test_only_administrators_apply_status_changes(org):
    with pytest.raises(PermissionDenied):
        member_change_status(
            actor=org.user("council-0"),
            member=org.members["east-member"],
            status=MembershipStatus.RESIGNED,
            effective_on=DAY,
        )


def test_a_resignation_needs_no_decision_but_impossible_moves_are_refused(org):
    member = org.members["west-member"]
    member_change_status(
        actor=org.admin, member=member, status=MembershipStatus.RESIGNED, effective_on=DAY
    )
    with pytest.raises(ValidationError, match="cannot become suspended"):
        member_change_status(
            actor=org.admin, member=member, status=MembershipStatus.SUSPENDED, effective_on=DAY
        )
