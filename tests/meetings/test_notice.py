"""Late notice and late documents, derived from the record and the charter (time frozen)."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from minutebook.meetings import services
from minutebook.meetings.notice import document_notice, meeting_notice
from tests.meetings.conftest import NOW, convene


@pytest.mark.parametrize(
    ("given", "late", "days_given"),
    [
        (dt.timedelta(days=7), False, 7),
        (dt.timedelta(days=10), False, 10),
        (dt.timedelta(days=7) - dt.timedelta(minutes=1), True, 6),
        (dt.timedelta(days=2), True, 2),
    ],
)
def test_a_meeting_called_at_less_than_the_charters_notice_is_late(
    org, council, clock, given, late, days_given
):
    meeting = services.meeting_convene(
        actor=org.admin, body=council, title="M", starts_at=NOW + given, place="Hall"
    )
    verdict = meeting_notice(meeting)
    assert (verdict.required_days, verdict.late, verdict.days_given) == (7, late, days_given)


def test_the_explanation_says_how_short_the_notice_was(org, council, clock):
    verdict = meeting_notice(convene(org, days=3))
    assert verdict.explanation == (
        "Notice was given 3 days before the meeting; the charter requires 7 days' notice for "
        "the Council: 4 days short."
    )


def test_opening_early_shortens_the_notice(org, council, clock):
    """Notice counts up to the moment the meeting began, if it opened before its time."""
    meeting = convene(org, days=7)
    assert not meeting_notice(meeting).late
    clock.advance(days=6)
    meeting = services.meeting_open(actor=org.admin, meeting=meeting)
    assert meeting_notice(meeting).late


def circulate(org, meeting, **extra):
    extra.setdefault("title", "Treasurer's report")
    extra.setdefault("text", "Income and spending.")
    extra.setdefault("authors", [org.members["council-2"]])
    return services.document_circulate(actor=org.user("council-0"), meeting=meeting, **extra)


def test_a_document_circulated_in_time(org, meeting, clock):
    document = circulate(org, meeting)
    verdict = document_notice(document)
    assert not verdict.late and verdict.required_days == 3 and verdict.days_given == 10


def test_a_document_circulated_less_than_the_documents_period_before_is_late(org, meeting, clock):
    clock.set(meeting.starts_at - dt.timedelta(days=2, hours=12))
    verdict = document_notice(circulate(org, meeting))
    assert verdict.late
    assert verdict.explanation == (
        "Circulated 2 days and 12 hours before the meeting; the charter requires documents 3 "
        "days before a meeting of the Council: 12 hours short."
    )


def test_a_document_circulated_after_the_meeting_began_is_late(org, open_meeting, clock):
    clock.advance(minutes=45)
    verdict = document_notice(circulate(org, open_meeting))
    assert verdict.late
    assert verdict.explanation.startswith("Circulated 45 minutes after the meeting began")


def test_an_emergency_meetings_documents_need_only_the_meetings_notice(org, council, clock):
    meeting = convene(
        org,
        days=2,
        emergency=True,
        emergency_declared_by=council,
        emergency_reason="Eviction notices served.",
    )
    clock.advance(hours=12)
    verdict = document_notice(circulate(org, meeting))
    assert verdict.required_days == 1 and not verdict.late


def test_documents_name_their_authors(org, meeting, clock):
    with pytest.raises(ValidationError) as error:
        circulate(org, meeting, authors=[])
    assert "no anonymous papers" in str(error.value)
    document = circulate(org, meeting, authors=[], author_bodies=[org.bodies["bureau"]])
    assert list(document.author_bodies.all()) == [org.bodies["bureau"]]


@pytest.mark.parametrize(
    ("persona", "own_paper", "allowed"),
    [
        ("admin", False, True),
        ("secretary", False, True),
        ("chair", False, True),
        ("seat_holder", True, True),
        ("seat_holder", False, False),
        ("member", True, False),
        ("outsider", False, False),
    ],
)
def test_who_may_circulate(org, personas, meeting, clock, persona, own_paper, allowed):
    """Officers circulate any paper; a seat holder only their own; nobody else."""
    user = personas[persona]
    author = user.member if own_paper else org.members["council-4"]
    call = lambda: services.document_circulate(  # noqa: E731
        actor=user, meeting=meeting, title="Paper", text="Text", authors=[author]
    )
    if allowed:
        assert call().circulated_by == user
    else:
        with pytest.raises(PermissionDenied):
            call()


def test_a_closed_meeting_takes_no_more_papers(org, open_meeting, clock):
    meeting = services.meeting_close(actor=org.admin, meeting=open_meeting)
    with pytest.raises(ValidationError, match="closed"):
        circulate(org, meeting)


def test_a_document_belongs_to_an_item_of_its_own_meeting(org, meeting, clock):
    other = convene(org, days=20)
    item = other.agenda_items.create(position=1, title="Elsewhere")
    with pytest.raises(ValidationError) as error:
        circulate(org, meeting, agenda_item=item)
    assert "agenda_item" in error.value.message_dict
    own = meeting.agenda_items.get(position=2)
    assert circulate(org, meeting, agenda_item=own).agenda_item == own
