"""Convening a meeting: who may, of which bodies, with what."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from minutebook.bodies.models import Body
from minutebook.bodies.services import body_register_unchartered
from minutebook.charter.models import CharterVersion
from minutebook.journal.models import JournalEntry
from minutebook.meetings import services
from minutebook.meetings.models import MeetingStatus
from tests.meetings.conftest import NOW, convene


@pytest.mark.parametrize(
    ("persona", "allowed"),
    [
        ("admin", True),
        ("secretary", True),
        ("chair", True),
        ("seat_holder", False),
        ("member", False),
        ("outsider", False),
    ],
)
def test_who_may_convene_an_active_body(org, personas, clock, persona, allowed):
    """Administrators and the holders of the body's chair and secretary offices."""
    if allowed:
        meeting = convene(org, actor=personas[persona])
        assert meeting.status == MeetingStatus.SCHEDULED
        assert meeting.convened_at == NOW
        assert meeting.convened_by == personas[persona]
    else:
        with pytest.raises(PermissionDenied):
            convene(org, actor=personas[persona])


@pytest.mark.parametrize("persona", ["admin", "secretary", "chair", "seat_holder", "member"])
def test_nobody_convenes_an_unchartered_group(org, personas, clock, persona):
    group = body_register_unchartered(actor=org.admin, name="Coordinating Committee")
    with pytest.raises(ValidationError, match="not a body of the charter"):
        convene(org, actor=personas[persona], body=group)


@pytest.mark.parametrize("persona", ["admin", "secretary"])
def test_nobody_convenes_a_dissolved_body(org, personas, clock, persona):
    Body.objects.filter(pk=org.bodies["council"].pk).update(
        dissolved_by=CharterVersion.objects.get(number=1)
    )
    council = Body.objects.get(slug="council")
    with pytest.raises((ValidationError, PermissionDenied)):
        convene(org, actor=personas[persona], body=council)
    with pytest.raises(ValidationError, match="dissolved"):
        convene(org, actor=org.admin, body=council)


def test_an_office_holder_convenes_only_their_own_body(org, personas, clock):
    """The Council's secretary holds no office on the General Assembly."""
    with pytest.raises(PermissionDenied):
        convene(org, actor=personas["chair"], body=org.bodies["assembly"])
    # The Assembly's own secretary may.
    assert convene(org, actor=org.user("east-delegate-0"), body=org.bodies["assembly"], days=20)


def test_a_suspended_office_holder_may_not_convene(org, personas, clock):
    from minutebook.members.models import Member

    Member.objects.filter(pk=org.members["council-0"].pk).update(status="suspended")
    with pytest.raises(PermissionDenied):
        convene(org, actor=org.user("council-0"))


def test_the_meeting_records_its_agenda_and_journals_the_notice(org, council, clock):
    meeting = convene(
        org,
        online_url="https://meet.example.org/council",
        agenda=[services.AgendaEntry("Reports", 15), "Elections"],
    )
    items = list(meeting.agenda_items.order_by("position"))
    assert [(i.position, i.title, i.minutes_allocated) for i in items] == [
        (1, "Reports", 15),
        (2, "Elections", None),
    ]
    entry = JournalEntry.objects.get(action="meeting.convene")
    assert entry.object_id == str(meeting.pk)
    assert entry.after["notice"] == {"required_days": 7, "days_given": 10, "late": False}
    assert entry.after["agenda"][0]["title"] == "Reports"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"title": "  "}, "title"),
        ({"days": -1}, "starts_at"),
        ({"days": 0}, "starts_at"),
        ({"place": "", "online_url": ""}, "place"),
        ({"online_url": "ftp://example.org"}, "online_url"),
        ({"agenda": [services.AgendaEntry("Reports", 0)]}, "agenda"),
        ({"agenda": [""]}, "agenda"),
    ],
)
def test_a_meeting_needs_a_title_a_future_start_and_a_place(org, council, clock, changes, field):
    with pytest.raises(ValidationError) as error:
        convene(org, **changes)
    assert field in error.value.message_dict


def test_a_meeting_ends_after_it_starts(org, council, clock):
    with pytest.raises(ValidationError) as error:
        convene(org, ends_at=NOW + dt.timedelta(days=9))
    assert "ends_at" in error.value.message_dict


def test_an_online_meeting_needs_no_place(org, council, clock):
    meeting = convene(org, place="", online_url="https://meet.example.org/x")
    assert meeting.place == "" and meeting.online_url
