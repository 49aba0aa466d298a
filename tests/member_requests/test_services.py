"""Making, answering and withdrawing a request: the duty to answer arises with it, is met
in time on its last day and late the day after, overdue while unanswered after it; only the
holders of the charter's office answer; only the member who made it withdraws it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from minutebook.journal.models import JournalEntry
from minutebook.journal.services import journal_verify
from minutebook.member_requests.models import RequestStatus
from minutebook.member_requests.selectors import request_duty
from minutebook.member_requests.services import request_answer, request_withdraw
from minutebook.members.models import MembershipStatus
from minutebook.obligations.duties import DutyState
from minutebook.obligations.models import Obligation, ObligationStatus
from minutebook.obligations.selectors import body_duties
from tests.member_requests.conftest import DUE_ON, MADE_ON, answer, submit


def test_a_request_gives_rise_to_the_duty_to_answer_it(org):
    made = submit(org)

    obligation = Obligation.objects.get(source=f"request:{made.pk}")
    assert (obligation.body, obligation.kind, obligation.rule) == (
        org.bodies["council"],
        "answer",
        "council-answers",
    )
    assert (obligation.arose_on, obligation.due_on) == (MADE_ON, DUE_ON)
    assert made.due_on == DUE_ON and made.office == "secretary"
    # Everyone who reads the Council's records sees the duty: its title names no subject.
    assert "accounts" not in obligation.title and str(made.pk) in obligation.title
    assert obligation.rule_text.startswith("The secretary of the Council answers")
    assert [e.action for e in JournalEntry.objects.order_by("pk")][-2:] == [
        "request.submit",
        "obligation.arise",
    ]
    assert journal_verify().intact


@pytest.mark.parametrize(
    ("answered_on", "state"),
    [(DUE_ON, DutyState.MET), (DUE_ON + dt.timedelta(days=1), DutyState.LATE)],
)
def test_an_answer_on_the_sixtieth_day_is_in_time_on_the_sixty_first_late(org, answered_on, state):
    made = submit(org)

    answer(org, made, answered_on)

    duty = request_duty(made, today=DUE_ON + dt.timedelta(days=5))
    assert duty.state == state
    assert duty.met.on == answered_on


@pytest.mark.parametrize(
    ("today", "state"),
    [(DUE_ON, DutyState.OPEN), (DUE_ON + dt.timedelta(days=1), DutyState.OVERDUE)],
)
def test_an_unanswered_request_is_overdue_on_the_body_the_day_after_its_sixtieth(org, today, state):
    made = submit(org)

    duties = [d for d in body_duties(org.bodies["council"], today) if d.source == made.source]

    assert [d.state for d in duties] == [state]


def test_two_calendar_months_end_on_the_same_day_or_the_month_s_last(org):
    on_the_day = submit(org, body="bureau", on=dt.date(2026, 3, 2))
    month_end = submit(org, body="bureau", on=dt.date(2025, 12, 31))

    assert on_the_day.due_on == dt.date(2026, 5, 2)
    assert month_end.due_on == dt.date(2026, 2, 28)


@pytest.mark.parametrize("key", ["council-1", "east-member", "east-delegate-0"])
def test_only_the_office_holder_answers(org, key):
    """council-1 sits on the Council without its office; east-delegate-0 is the Assembly's
    secretary, not the Council's."""
    made = submit(org)

    with pytest.raises(PermissionDenied, match="only the secretary of the Council"):
        answer(org, made, MADE_ON, key=key)

    made.refresh_from_db()
    assert (
        made.status == RequestStatus.OPEN
        and not JournalEntry.objects.filter(action="request.answer").exists()
    )


def test_an_administrator_does_not_answer_for_the_office(org):
    made = submit(org)

    with pytest.raises(PermissionDenied):
        request_answer(actor=org.admin, request=made, answer="Soon.")


def test_an_answer_is_recorded_with_who_and_when_and_journaled(org):
    made = submit(org)

    answered = answer(org, made, dt.date(2026, 4, 10), text="In the April bulletin.")

    assert answered.status == RequestStatus.ANSWERED
    assert answered.answered_by == org.members["council-0"]
    assert answered.answer == "In the April bulletin."
    entry = JournalEntry.objects.get(action="request.answer")
    assert entry.after["answer"] == "In the April bulletin."


def test_a_request_is_answered_once(org):
    made = submit(org)
    answer(org, made, dt.date(2026, 4, 10))

    with pytest.raises(ValidationError, match="answered already"):
        answer(org, made, dt.date(2026, 4, 11))


def test_an_empty_answer_is_refused(org):
    made = submit(org)

    with pytest.raises(ValidationError) as refused:
        answer(org, made, dt.date(2026, 4, 10), text="  ")

    assert "answer" in refused.value.message_dict


@pytest.mark.parametrize(
    ("subject", "text", "field"), [(" ", "Why?", "subject"), ("Why", "", "text")]
)
def test_an_empty_request_is_refused_naming_the_field(org, subject, text, field):
    with pytest.raises(ValidationError) as refused:
        submit(org, subject=subject, text=text)

    assert field in refused.value.message_dict
    assert not Obligation.objects.filter(kind="answer").exists()


def test_who_may_ask(org):
    """An applicant is no member; a body with no such rule (the Assembly) answers nobody."""
    with pytest.raises(PermissionDenied, match="not a member"):
        submit(org, key="applicant")
    with pytest.raises(PermissionDenied, match="does not say"):
        submit(org, body="assembly")
    suspended = org.members["west-member"]
    suspended.status = MembershipStatus.SUSPENDED
    suspended.save(update_fields=["status"])
    assert submit(org, key="west-member").requester == suspended


def test_the_member_withdraws_the_request_and_the_duty_with_it(org):
    made = submit(org)

    request_withdraw(actor=org.user("east-member"), request=made)

    made.refresh_from_db()
    obligation = Obligation.objects.get(source=made.source)
    assert made.status == RequestStatus.WITHDRAWN
    assert obligation.status == ObligationStatus.WITHDRAWN
    assert "withdrawn by the member" in obligation.withdrawn_reason
    assert request_duty(made) is None
    with pytest.raises(ValidationError):
        answer(org, made, dt.date(2026, 4, 10))


def test_nobody_else_withdraws_it(org):
    made = submit(org)

    with pytest.raises(PermissionDenied):
        request_withdraw(actor=org.user("council-0"), request=made)
    with pytest.raises(PermissionDenied):
        request_withdraw(actor=org.admin, request=made)
