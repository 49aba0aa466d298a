"""The demo's meetings: a year of Central Committee meetings on fixed dates and a branch
assembly in session on the day the demo is loaded."""

import datetime as dt

import pytest
from django.utils import timezone

from minutebook.demo.load import demo_load
from minutebook.journal.services import journal_verify
from minutebook.meetings.models import Attendance, Meeting, MeetingStatus
from minutebook.meetings.notice import meeting_notice
from minutebook.meetings.selectors import documents_with_notice, meeting_quorum


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        from django.db import transaction

        with transaction.atomic():
            demo_load()
            yield
            transaction.set_rollback(True)


def cc_meetings():
    return list(Meeting.objects.filter(body__slug="central-committee").order_by("starts_at"))


def test_the_central_committee_met_and_approved_its_minutes(demo, db):
    june, september, january = cc_meetings()
    assert (june.status, september.status, january.status) == (
        MeetingStatus.CLOSED,
        MeetingStatus.CLOSED,
        MeetingStatus.SCHEDULED,
    )
    assert june.starts_at == dt.datetime(2026, 6, 13, 10, tzinfo=dt.UTC)
    approval = june.minutes_approved_by
    assert approval.decision_type == "minutes.approve"
    assert approval.meeting == september and not approval.irregular
    assert september.minutes_approved_by is None  # a draft until January
    assert june.decisions.filter(title="Support the care workers' strike").exists()
    assert not any(meeting_notice(meeting).late for meeting in (june, september, january))


def test_the_january_meeting_has_a_late_paper(demo, db):
    january = cc_meetings()[2]
    assert january.starts_at == dt.datetime(2027, 1, 16, 10, tzinfo=dt.UTC)
    verdicts = {
        document.title: verdict.late for document, verdict in documents_with_notice(january)
    }
    assert verdicts == {"Draft budget 2027": False, "Debrief of the national day of action": True}


def test_the_harbour_branch_is_in_session_today(demo, db):
    meeting = Meeting.objects.get(body__slug="branch-assembly.harbour")
    assert meeting.status == MeetingStatus.OPEN
    assert timezone.localdate(meeting.starts_at) == timezone.localdate()
    assert meeting.chair.user.username == "tom"
    assert meeting.agenda_items.count() == 3
    present = set(
        Attendance.objects.filter(meeting=meeting).values_list("member__user__username", flat=True)
    )
    assert "tom" in present and "rosa" not in present and len(present) == 6
    assert meeting_quorum(meeting).has_quorum
    assert not meeting_notice(meeting).late


def test_the_journal_stays_intact(demo, db):
    assert journal_verify().intact
