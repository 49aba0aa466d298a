"""The agenda: items with time allocations, added, edited, reordered and removed while the
meeting is scheduled, and by the chair while it is open; fixed once it is closed."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from minutebook.journal.models import JournalEntry
from minutebook.meetings import services


def titles(meeting):
    return list(meeting.agenda_items.order_by("position").values_list("position", "title"))


def test_add_at_the_end_or_at_a_position(org, meeting, clock):
    services.agenda_item_add(actor=org.admin, meeting=meeting, title="Closing", minutes_allocated=5)
    services.agenda_item_add(actor=org.admin, meeting=meeting, title="Minutes", position=1)
    assert titles(meeting) == [
        (1, "Minutes"),
        (2, "Reports"),
        (3, "Budget"),
        (4, "Any other business"),
        (5, "Closing"),
    ]
    assert meeting.agenda_items.get(title="Closing").minutes_allocated == 5
    assert JournalEntry.objects.filter(action="agenda.add").count() == 2


def test_edit_an_item(org, meeting, clock):
    item = meeting.agenda_items.get(position=2)
    services.agenda_item_edit(
        actor=org.admin, item=item, title="Budget 2027", description="Draft", minutes_allocated=45
    )
    item.refresh_from_db()
    assert (item.title, item.description, item.minutes_allocated) == ("Budget 2027", "Draft", 45)
    entry = JournalEntry.objects.get(action="agenda.edit")
    assert entry.before["title"] == "Budget" and entry.after["minutes_allocated"] == 45


def test_reorder(org, meeting, clock):
    items = {item.title: item.pk for item in meeting.agenda_items.all()}
    services.agenda_reorder(
        actor=org.admin,
        meeting=meeting,
        order=[items["Any other business"], items["Reports"], items["Budget"]],
    )
    assert titles(meeting) == [(1, "Any other business"), (2, "Reports"), (3, "Budget")]
    with pytest.raises(ValidationError):
        services.agenda_reorder(actor=org.admin, meeting=meeting, order=[items["Reports"]])


def test_remove_closes_the_gap(org, meeting, clock):
    services.agenda_item_remove(actor=org.admin, item=meeting.agenda_items.get(position=1))
    assert titles(meeting) == [(1, "Budget"), (2, "Any other business")]


def test_an_item_with_documents_stays(org, meeting, clock):
    item = meeting.agenda_items.get(position=1)
    services.document_circulate(
        actor=org.admin,
        meeting=meeting,
        title="Report",
        text="...",
        authors=[org.members["council-0"]],
        agenda_item=item,
    )
    with pytest.raises(ValidationError, match="documents"):
        services.agenda_item_remove(actor=org.admin, item=item)


@pytest.mark.parametrize("minutes", [0, -5])
def test_allocations_are_positive(org, meeting, clock, minutes):
    with pytest.raises(ValidationError):
        services.agenda_item_add(
            actor=org.admin, meeting=meeting, title="X", minutes_allocated=minutes
        )


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
@pytest.mark.parametrize("state", ["scheduled", "open", "closed"])
def test_who_changes_the_agenda_in_which_state(
    org, personas, meeting, clock, persona, allowed, state
):
    if state != "scheduled":
        clock.set(meeting.starts_at)
        meeting = services.meeting_open(actor=org.admin, meeting=meeting)
    if state == "closed":
        meeting = services.meeting_close(actor=org.admin, meeting=meeting)
    add = lambda: services.agenda_item_add(  # noqa: E731
        actor=personas[persona], meeting=meeting, title="Urgent motion"
    )
    if state == "closed":
        with pytest.raises((ValidationError, PermissionDenied)):
            add()
    elif allowed:
        assert add().position == 4
        entry = JournalEntry.objects.get(action="agenda.add")
        assert ("during the meeting" in entry.summary) == (state == "open")
    else:
        with pytest.raises(PermissionDenied):
            add()


def test_the_meetings_own_chair_changes_its_agenda(org, meeting, clock):
    """A chair elected for the meeting, without an office on the body, runs its agenda."""
    clock.set(meeting.starts_at)
    meeting = services.meeting_open(
        actor=org.admin, meeting=meeting, chair=org.members["council-3"]
    )
    item = services.agenda_item_add(
        actor=org.user("council-3"), meeting=meeting, title="Added from the chair"
    )
    assert item.position == 4
