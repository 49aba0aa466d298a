"""Notice periods the charter counts in hours: "emergency meetings on 48 hours' notice", "an
agenda at least 12 hours in advance". Here the Council's emergency meetings need 48 hours and
the Bureau's meetings 12 hours, its documents 6 hours (time frozen)."""

import datetime as dt

import pytest

from minutebook.meetings import services
from minutebook.meetings.notice import document_notice, meeting_notice
from tests.charter.charters import variant
from tests.meetings.conftest import NOW


@pytest.fixture
def small_charter_text(small_charter_text):
    return variant(
        (
            "emergency: {allowed: true, meeting_days: 1, declared_by: [council]}",
            "emergency: {allowed: true, meeting_hours: 48, declared_by: [council]}",
        ),
        (
            "    notice: {meeting_days: 1, documents_days: 1}\n    visibility: body\n",
            "    notice: {meeting_hours: 12, documents_hours: 6}\n    visibility: body\n",
        ),
        text=small_charter_text,
    )


def bureau_meeting(org, ahead: dt.timedelta):
    return services.meeting_convene(
        actor=org.admin, body=org.bodies["bureau"], title="B", starts_at=NOW + ahead, place="Hall"
    )


def test_twelve_hours_notice_is_judged_to_the_minute(org, clock):
    in_time = meeting_notice(bureau_meeting(org, dt.timedelta(hours=12)))
    late = meeting_notice(bureau_meeting(org, dt.timedelta(hours=12) - dt.timedelta(minutes=1)))

    assert not in_time.late and (in_time.required_hours, in_time.required_days) == (12, None)
    assert late.late
    assert late.explanation == (
        "Notice was given 11 hours before the meeting; the charter requires 12 hours' notice "
        "for the Bureau: 1 minute short."
    )


def test_documents_in_hours(org, clock):
    meeting = bureau_meeting(org, dt.timedelta(days=1))
    clock.set(meeting.starts_at - dt.timedelta(hours=6))
    member = org.members["council-0"]
    in_time = services.document_circulate(
        actor=org.admin, meeting=meeting, title="Agenda", text="Items.", authors=[member]
    )
    clock.advance(minutes=1)
    late = services.document_circulate(
        actor=org.admin, meeting=meeting, title="Late paper", text="More.", authors=[member]
    )
    assert not document_notice(in_time).late
    assert document_notice(late).late


def test_an_emergency_on_forty_eight_hours_notice(org, council, clock):
    def emergency(ahead):
        return services.meeting_convene(
            actor=org.user("council-0"),
            body=council,
            title="Emergency",
            starts_at=NOW + ahead,
            place="Hall",
            emergency=True,
            emergency_declared_by=council,
            emergency_reason="Eviction notices served today.",
        )

    assert not meeting_notice(emergency(dt.timedelta(hours=48))).late
    late = meeting_notice(emergency(dt.timedelta(hours=47)))
    assert late.late and "48 hours' notice" in late.explanation
