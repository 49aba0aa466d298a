"""Scheduled → cancelled: a meeting called off stays on the record, says who cancelled it,
when and why, and takes nothing more."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from minutebook.journal.models import JournalEntry
from minutebook.ledger.competence import Tally
from minutebook.meetings import services
from minutebook.meetings.minutes import minutes_markdown
from minutebook.meetings.models import Meeting, MeetingStatus
from minutebook.motions.services import motion_submit
from tests.meetings.conftest import client_for, convene


def cancel(org, meeting, reason="The hall is flooded."):
    return services.meeting_cancel(actor=org.user("council-0"), meeting=meeting, reason=reason)


def test_cancelling_records_who_when_and_why(org, meeting, clock):
    meeting = cancel(org, meeting)
    assert meeting.status == MeetingStatus.CANCELLED
    assert meeting.cancelled_at == clock.now
    assert meeting.cancelled_by == org.user("council-0")
    assert meeting.cancellation_reason == "The hall is flooded."
    entry = JournalEntry.objects.get(action="meeting.cancel")
    assert "cancelled (The hall is flooded.)" in entry.summary
    assert entry.after["reason"] == "The hall is flooded."
    # Its agenda and notice stay on the record.
    assert meeting.agenda_items.count() == 3
    assert "was cancelled on" in minutes_markdown(meeting)


@pytest.mark.parametrize(
    "persona, allowed",
    [("admin", True), ("secretary", True), ("chair", True), ("seat_holder", False),
     ("member", False), ("outsider", False)],
)  # fmt: skip
def test_who_cancels(org, personas, meeting, clock, persona, allowed):
    if not allowed:
        with pytest.raises(PermissionDenied):
            services.meeting_cancel(actor=personas[persona], meeting=meeting, reason="No.")
        assert Meeting.objects.get(pk=meeting.pk).status == MeetingStatus.SCHEDULED
        return
    meeting = services.meeting_cancel(actor=personas[persona], meeting=meeting, reason="Strike.")
    assert meeting.status == MeetingStatus.CANCELLED


def test_only_a_scheduled_meeting_is_cancelled_and_only_with_a_reason(org, meeting, clock):
    with pytest.raises(ValidationError, match="say why"):
        cancel(org, meeting, reason="  ")
    opened = services.meeting_open(actor=org.admin, meeting=meeting)
    with pytest.raises(ValidationError, match="only a scheduled meeting is cancelled"):
        cancel(org, opened)
    other = cancel(org, convene(org))
    with pytest.raises(ValidationError, match="only a scheduled meeting"):
        cancel(org, other)
    with pytest.raises(ValidationError, match="only a scheduled meeting opens"):
        services.meeting_open(actor=org.admin, meeting=other)


def test_a_cancelled_meeting_takes_nothing_more(org, meeting, clock):
    later = convene(org, days=20)
    meeting = cancel(org, meeting)
    council_0, member = org.user("council-0"), org.members["council-2"]
    refusals = {
        "paper": lambda: services.document_circulate(
            actor=council_0, meeting=meeting, title="Paper", text="Text", authors=[member]
        ),
        "agenda": lambda: services.agenda_item_add(
            actor=council_0, meeting=meeting, title="More", minutes_allocated=5
        ),
        "check-in": lambda: services.attendance_check_in(
            actor=council_0, meeting=meeting, member=member
        ),
        "motion": lambda: motion_submit(
            actor=council_0,
            body=meeting.body,
            decision_type="resolution",
            title="T",
            text="T",
            authors=[member],
            meeting=meeting,
        ),  # fmt: skip
    }
    for refused in refusals.values():
        with pytest.raises(ValidationError, match="cancelled"):
            refused()
    assert Meeting.objects.get(pk=later.pk).status == MeetingStatus.SCHEDULED


def test_a_cancelled_meeting_approves_no_minutes(org, clock):
    earlier = convene(org, days=1)
    clock.set(earlier.starts_at)
    secretary = org.user("council-0")
    earlier = services.meeting_close(
        actor=secretary, meeting=services.meeting_open(actor=secretary, meeting=earlier)
    )
    called_off = cancel(org, convene(org, days=10))
    with pytest.raises(ValidationError, match="was cancelled: it approves nothing"):
        services.meeting_approve_minutes(
            actor=org.admin,
            meeting=earlier,
            at_meeting=called_off,
            tally=Tally(votes_for=4, votes_against=0, votes_abstain=0, present=4),
        )


def test_the_secretary_cancels_from_the_meeting_page(org, meeting, clock):
    secretary = client_for(org.user("council-0"))
    page = secretary.get(f"/meetings/{meeting.pk}/").content.decode()
    assert "Cancel the meeting" in page
    refused = secretary.post(f"/meetings/{meeting.pk}/cancel/", {"reason": ""})
    assert refused.status_code == 302
    assert Meeting.objects.get(pk=meeting.pk).status == MeetingStatus.SCHEDULED
    done = secretary.post(f"/meetings/{meeting.pk}/cancel/", {"reason": "No quorum expected."})
    assert done.status_code == 302
    page = client_for(org.user("council-2")).get(f"/meetings/{meeting.pk}/").content.decode()
    assert "Cancelled" in page and "No quorum expected." in page
    assert "Open the meeting" not in secretary.get(f"/meetings/{meeting.pk}/").content.decode()
    listing = secretary.get("/bodies/council/meetings/")
    assert meeting in [m for m, _ in listing.context["past"]]


def test_the_api_cancels_with_a_reason(org, meeting, clock):
    from tests.api.conftest import Api

    api = Api(org.user("council-0"))
    assert api.post(f"/meetings/{meeting.pk}/cancel", {}).status_code == 422
    answer = api.post(f"/meetings/{meeting.pk}/cancel", {"reason": "Snow."})
    assert answer.status_code == 200
    body = answer.json()
    assert body["status"] == "cancelled" and body["cancellation_reason"] == "Snow."
    assert body["cancelled_at"] is not None
    member = Api(org.user("council-2"))
    assert member.post(f"/meetings/{meeting.pk}/cancel", {"reason": "x"}).status_code == 403
