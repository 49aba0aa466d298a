"""A Council whose charter leaves its notice periods and its quorum open (`unspecified`,
tests/factories.py:open_charter): a meeting is in time at any notice, a paper at any time
before the meeting, and the meeting needs no quorum; every page, the minutes, the journal and
the API say that the charter fixes none, never a number."""

import datetime as dt

import pytest

from minutebook.journal.models import JournalEntry
from minutebook.meetings import services
from minutebook.meetings.minutes import minutes_markdown
from minutebook.meetings.notice import document_notice, meeting_notice
from minutebook.meetings.selectors import meeting_quorum
from tests.api.conftest import Api
from tests.factories import build_small_union, open_charter
from tests.meetings.conftest import client_for, convene


@pytest.fixture
def org(db, small_charter_text):
    """The small union under the charter with open values (overrides the usual one)."""
    return build_small_union(open_charter(small_charter_text))


def test_a_meeting_called_an_hour_ahead_is_not_late(org, council, clock):
    meeting = convene(org, days=1 / 24)

    verdict = meeting_notice(meeting)

    assert (verdict.required_days, verdict.late) == (None, False)
    assert verdict.explanation == (
        "Notice was given 1 hour before the meeting; the notice for a meeting of the Council "
        "is not fixed by the charter."
    )
    entry = JournalEntry.objects.get(action="meeting.convene")
    assert "LATE" not in entry.summary
    assert entry.after["notice"]["late"] is False


def test_an_emergency_meeting_at_any_notice(org, council, clock):
    meeting = convene(
        org,
        days=1 / 24,
        emergency=True,
        emergency_declared_by=council,
        emergency_reason="A fire in the hall.",
    )

    verdict = meeting_notice(meeting)

    assert (verdict.required_days, verdict.late) == (None, False)
    assert "the notice for an emergency meeting of the Council is not fixed" in verdict.explanation


def _circulate(org, meeting):
    return services.document_circulate(
        actor=org.user("council-0"),
        meeting=meeting,
        title="Report",
        text="Text.",
        authors=[org.members["council-2"]],
    )


def test_a_paper_circulated_just_before_the_meeting_is_in_time(org, council, clock):
    meeting = convene(org, days=10)
    clock.set(meeting.starts_at - dt.timedelta(minutes=5))

    verdict = document_notice(_circulate(org, meeting))

    assert (verdict.required_days, verdict.late) == (None, False)
    assert verdict.explanation.endswith(
        "the period for documents of the Council is not fixed by the charter."
    )


def test_a_paper_circulated_after_the_meeting_began_is_still_late(org, council, clock):
    meeting = convene(org, days=10)
    clock.set(meeting.starts_at)
    meeting = services.meeting_open(actor=org.user("council-0"), meeting=meeting)
    clock.advance(hours=1)

    assert document_notice(_circulate(org, meeting)).late


def test_a_meeting_with_one_present_opens_without_a_quorum_problem(org, council, clock):
    meeting = convene(org, days=10)
    clock.set(meeting.starts_at)
    services.attendance_check_in(actor=org.admin, meeting=meeting, member=org.members["council-2"])

    meeting = services.meeting_open(actor=org.user("council-0"), meeting=meeting)

    quorum = meeting_quorum(meeting)
    assert (quorum.present, quorum.required, quorum.fixed, quorum.has_quorum) == (
        1,
        None,
        False,
        True,
    )
    assert meeting.quorum_at_opening["required"] is None
    summary = JournalEntry.objects.get(action="meeting.open").summary
    assert summary.endswith("1 present; no quorum is fixed by the charter, so none is checked")
    assert "NO QUORUM" not in summary
    minutes = minutes_markdown(meeting)
    assert (
        "At the opening: 1 of 5 seat holders present or represented; no quorum is fixed by the "
        "charter, so none is checked" in minutes
    )
    assert "needed" not in minutes

    page = client_for(org.user("council-2")).get(f"/meetings/{meeting.pk}/").content.decode()
    assert "No quorum fixed by the charter" in page
    assert "No quorum</strong>" not in page

    quorum_out = Api(org.user("council-2")).get(f"/meetings/{meeting.pk}").json()["quorum"]
    assert quorum_out == {
        "filled_seats": 5,
        "present": 1,
        "required": None,
        "fixed": False,
        "rule": "no quorum is fixed by the charter, so none is checked",
        "has_quorum": True,
    }
