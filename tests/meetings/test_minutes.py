"""The minutes: drafted from the record (attendance and quorum, agenda, documents with late
ones marked, decisions), as Markdown and as a printable page, and approved at a later meeting
of the same body only."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from minutebook.journal.models import JournalEntry
from minutebook.ledger.competence import Tally
from minutebook.ledger.services import DecisionRefused
from minutebook.meetings import services
from minutebook.meetings.minutes import minutes_markdown
from minutebook.meetings.minutes_sections import MinutesSection, register_minutes_section
from tests.factories import record
from tests.meetings.conftest import client_for, convene, hold


def check_in(org, meeting, key, **extra):
    return services.attendance_check_in(
        actor=org.admin, meeting=meeting, member=org.members[key], **extra
    )


@pytest.fixture
def held(org, meeting, clock):
    """A Council meeting with a document in time, a late one, a guest, someone who left early,
    and a decision taken at it."""
    services.document_circulate(
        actor=org.user("council-0"),
        meeting=meeting,
        title="Treasurer's report",
        text="Income and spending.",
        authors=[org.members["council-1"]],
        agenda_item=meeting.agenda_items.get(position=2),
    )
    clock.set(meeting.starts_at - dt.timedelta(days=1))
    services.document_circulate(
        actor=org.user("council-2"),
        meeting=meeting,
        title="Motion on *rents*",
        text="We resolve...",
        authors=[org.members["council-2"]],
        author_bodies=[org.bodies["bureau"]],
    )
    clock.set(meeting.starts_at)
    for key in ("council-0", "council-1", "council-2", "council-3"):
        check_in(org, meeting, key)
    check_in(org, meeting, "east-member")
    meeting = services.meeting_open(actor=org.user("council-0"), meeting=meeting)
    clock.advance(minutes=50)
    services.attendance_check_out(actor=org.admin, meeting=meeting, member=org.members["council-3"])
    record(
        org.bodies["council"],
        "resolution",
        yes=3,
        no=0,
        present=3,
        title="Support the rent strike",
        decided_on=meeting.starts_at.date(),
        meeting=meeting,
    )
    clock.advance(minutes=70)
    return services.meeting_close(actor=org.user("council-0"), meeting=meeting)


def test_the_markdown_minutes_say_what_happened(org, held):
    text = minutes_markdown(held)
    assert text.startswith("# Minutes of the Council: Ordinary meeting\n")
    assert "- **Chair:** Council Member 0" in text
    assert "- **Opened:** 11 June 2026, 09:00" in text
    assert "- **Closed:** 11 June 2026, 11:00" in text
    assert "draft, to be approved at a later meeting of the Council" in text
    # Attendance and quorum
    assert "**Seat holders who attended (4):**" in text
    assert "- Council Member 3 (arrived 09:00, left 09:50)" in text
    assert "**Also present, without a seat:**" in text and "East Rank And File" in text
    assert "**Absent:** Council Member 4" in text
    assert "- At the opening: 4 of 5 seat holders present or represented, 3 needed" in text
    assert "- At the close: 3 of 5 seat holders present or represented, 3 needed" in text
    # Agenda with allocations
    assert "1. Reports (20 min)\n2. Budget (30 min)\n3. Any other business" in text
    # Documents, the late one marked
    assert (
        "- **Treasurer's report**, by Council Member 1, for item 2. Circulated 1 June 2026" in text
    )
    late = next(line for line in text.splitlines() if "rents" in line)
    assert late.startswith("- **Motion on \\*rents\\***, by Council Member 2, the Bureau.")
    assert "**LATE:** Circulated 1 day before the meeting" in late
    assert (
        "Treasurer's report" in text
        and "LATE" not in text.split("Treasurer's report")[1].split("\n")[0]
    )
    # Decisions
    assert (
        "Support the rent strike (resolution): 3 for, 0 against, 0 abstaining; 3 present." in text
    )


def test_late_notice_and_emergencies_are_in_the_minutes(org, council, clock):
    meeting = convene(
        org,
        days=2,
        emergency=True,
        emergency_declared_by=council,
        emergency_reason="Eviction notices served.",
    )
    text = minutes_markdown(meeting)
    assert "- **Emergency meeting:** declared by the Council: Eviction notices served." in text
    late = convene(org, days=2, title="Too soon")
    assert "- **Notice:** **LATE NOTICE.** Notice was given 2 days before" in minutes_markdown(late)


def test_the_minutes_page_print_page_and_download(org, held):
    client = client_for(org.user("council-2"))
    page = client.get(f"/meetings/{held.pk}/minutes/").content.decode()
    assert "Draft minutes" in page
    assert f'href="/meetings/{held.pk}/minutes.md"' in page
    assert "<strong>LATE:</strong>" in page
    printed = client.get(f"/meetings/{held.pk}/minutes/print/")
    html = printed.content.decode()
    assert "meetings/minutes-print.css" in html
    assert "site-header" not in html  # no site around the printed record
    assert "<strong>LATE:</strong>" in html and "Council Member 3" in html
    download = client.get(f"/meetings/{held.pk}/minutes.md")
    assert download["Content-Type"] == "text/markdown; charset=utf-8"
    assert download["Content-Disposition"] == (
        'attachment; filename="minutes-council-2026-06-11.md"'
    )
    assert download.content.decode() == minutes_markdown(held)


def test_other_apps_add_their_sections_in_order(org, held):
    register_minutes_section(
        50, "test.debate", lambda meeting, hidden: [MinutesSection("Debate", "Three spoke.")]
    )
    try:
        text = minutes_markdown(held)
        assert text.index("## Documents") < text.index("## Debate") < text.index("## Decisions")
    finally:
        from minutebook.meetings.minutes_sections import _sections

        _sections[:] = [entry for entry in _sections if entry[1] != "test.debate"]


# Approval


def test_minutes_are_approved_at_a_later_meeting_by_a_decision(two_meetings, clock):
    org, first, second = two_meetings
    clock.set(second.starts_at)
    for key in ("council-0", "council-1", "council-2"):
        check_in(org, second, key)
    second = services.meeting_open(actor=org.admin, meeting=second, chair=org.members["council-0"])
    decision = services.meeting_approve_minutes(
        actor=org.user("council-0"),
        meeting=first,
        at_meeting=second,
        tally=Tally(votes_for=3, votes_against=0, votes_abstain=0, present=3),
    )
    first.refresh_from_db()
    assert first.minutes_approved_by == decision
    assert decision.decision_type == "minutes.approve"
    assert decision.meeting == second
    assert decision.body == org.bodies["council"]
    assert decision.decided_on == second.starts_at.date()
    assert decision.title == "Minutes of the meeting of 11 June 2026 approved"
    entry = JournalEntry.objects.get(action="meeting.minutes_approve")
    assert entry.after["minutes_approved_by"] == decision.reference
    assert len(entry.after["minutes_sha256"]) == 64
    assert f"approved by decision {decision.reference}" in minutes_markdown(first)
    # The approving meeting's minutes show the decision.
    assert "Minutes of the meeting of 11 June 2026 approved (minutes.approve)" in minutes_markdown(
        second
    )
    with pytest.raises(ValidationError, match="were approved"):
        services.meeting_approve_minutes(
            actor=org.admin,
            meeting=first,
            at_meeting=second,
            tally=Tally(votes_for=3, votes_against=0, present=3),
        )


def test_only_at_a_later_meeting_of_the_same_body(two_meetings, clock):
    org, first, second = two_meetings
    tally = Tally(votes_for=3, votes_against=0, present=3)
    # Not at the meeting itself, nor an earlier one.
    with pytest.raises(ValidationError, match="later meeting"):
        services.meeting_approve_minutes(
            actor=org.admin, meeting=first, at_meeting=first, tally=tally
        )
    # Not at a meeting of another body.
    clock.set(second.starts_at - dt.timedelta(days=5))
    assembly = convene(org, actor=org.admin, body=org.bodies["assembly"], days=2, title="Assembly")
    assembly = services.meeting_open(
        actor=org.admin, meeting=assembly, chair=org.members["council-0"]
    )
    with pytest.raises(ValidationError, match="later meeting of the Council"):
        services.meeting_approve_minutes(
            actor=org.admin, meeting=first, at_meeting=assembly, tally=tally
        )
    # Not at a meeting that has not opened yet.
    with pytest.raises(ValidationError, match="has not opened"):
        services.meeting_approve_minutes(
            actor=org.admin, meeting=first, at_meeting=second, tally=tally
        )


def test_minutes_of_a_meeting_still_in_session_are_not_approved(two_meetings, clock):
    org, first, second = two_meetings
    clock.set(second.starts_at)
    second = services.meeting_open(actor=org.admin, meeting=second, chair=org.members["council-0"])
    later = convene(org, actor=org.admin, days=10, title="August")
    clock.set(later.starts_at)
    later = services.meeting_open(actor=org.admin, meeting=later, chair=org.members["council-0"])
    with pytest.raises(ValidationError, match="once the meeting has closed"):
        services.meeting_approve_minutes(
            actor=org.admin,
            meeting=second,
            at_meeting=later,
            tally=Tally(votes_for=3, votes_against=0, present=3),
        )


def test_a_charter_without_minutes_approve_is_refused_clearly(org, meeting, clock):
    first = hold(org, meeting, clock)
    second = convene(org, days=10, title="July")
    clock.set(second.starts_at)
    second = services.meeting_open(actor=org.admin, meeting=second)
    with pytest.raises(ValidationError) as error:
        services.meeting_approve_minutes(
            actor=org.admin,
            meeting=first,
            at_meeting=second,
            tally=Tally(votes_for=3, votes_against=0, present=3),
        )
    assert "the charter has no decision type 'minutes.approve'" in str(error.value)
    first.refresh_from_db()
    assert first.minutes_approved_by is None


def test_the_approval_is_checked_like_any_decision(two_meetings, clock):
    """No quorum, or a majority against: refused, and the minutes stay a draft."""
    org, first, second = two_meetings
    clock.set(second.starts_at)
    second = services.meeting_open(actor=org.admin, meeting=second, chair=org.members["council-0"])
    for tally in (
        Tally(votes_for=2, votes_against=0, present=2),
        Tally(votes_for=1, votes_against=2, present=3),
    ):
        with pytest.raises(DecisionRefused):
            services.meeting_approve_minutes(
                actor=org.admin, meeting=first, at_meeting=second, tally=tally
            )
    first.refresh_from_db()
    assert first.minutes_approved_by is None


def test_only_the_bodys_secretary_or_an_administrator_records_the_approval(two_meetings, clock):
    from django.core.exceptions import PermissionDenied

    org, first, second = two_meetings
    clock.set(second.starts_at)
    second = services.meeting_open(actor=org.admin, meeting=second, chair=org.members["council-0"])
    with pytest.raises(PermissionDenied):
        services.meeting_approve_minutes(
            actor=org.user("council-2"),
            meeting=first,
            at_meeting=second,
            tally=Tally(votes_for=3, votes_against=0, present=3),
        )


def test_approving_from_the_later_meetings_page(two_meetings, clock):
    org, first, second = two_meetings
    clock.set(second.starts_at)
    for key in ("council-0", "council-1", "council-2"):
        check_in(org, second, key)
    second = services.meeting_open(actor=org.admin, meeting=second, chair=org.members["council-0"])
    secretary = client_for(org.user("council-0"))
    html = secretary.get(f"/meetings/{second.pk}/").content.decode()
    assert "Approve the minutes of an earlier meeting" in html
    form = secretary.get(f"/meetings/{second.pk}/approve-minutes/")
    assert form.context["form"]["present"].value() == 3
    refused = secretary.post(
        f"/meetings/{second.pk}/approve-minutes/",
        {"meeting": first.pk, "votes_for": 1, "votes_against": 2, "votes_abstain": 0, "present": 3},
    )
    assert "does not allow this approval" in refused.content.decode()
    response = secretary.post(
        f"/meetings/{second.pk}/approve-minutes/",
        {"meeting": first.pk, "votes_for": 3, "votes_against": 0, "votes_abstain": 0, "present": 3},
    )
    assert response.status_code == 302
    first.refresh_from_db()
    assert first.minutes_approved_by.meeting_id == second.pk
    assert (
        client_for(org.user("council-2")).get(f"/meetings/{second.pk}/approve-minutes/").status_code
        == 403
    )


def test_the_chair_of_the_approving_meeting_does_not_approve_minutes_alone(two_meetings, clock):
    """Recording what a meeting decided is open to its chair, but approving minutes stays
    with the body's secretary and administrators."""
    org, first, second = two_meetings
    clock.set(second.starts_at)
    second = services.meeting_open(actor=org.admin, meeting=second, chair=org.members["council-1"])
    with pytest.raises(PermissionDenied, match="approves its minutes"):
        services.meeting_approve_minutes(
            actor=org.user("council-1"),
            meeting=first,
            at_meeting=second,
            tally=Tally(votes_for=3, votes_against=0, present=3),
        )
