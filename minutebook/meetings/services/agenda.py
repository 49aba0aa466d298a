"""The agenda: items with time allocations, changed while the meeting is scheduled, and by
the chair while it is open."""

from __future__ import annotations

from collections.abc import Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max, ProtectedError
from django.template.loader import render_to_string

from minutebook.journal.services import journal_append
from minutebook.live import publish as live
from minutebook.meetings.access import can_chair_meeting
from minutebook.meetings.models import AgendaItem, Meeting, MeetingStatus
from minutebook.meetings.services._shared import check_allocation, locked


def _agenda_editable(actor, meeting: Meeting) -> Meeting:
    meeting = locked(meeting)
    meeting.refuse_if_over("its agenda is part of the record")
    if not can_chair_meeting(actor, meeting):
        raise PermissionDenied(
            "only the chair, the body's chair or secretary, or an administrator changes the agenda"
            if meeting.status == MeetingStatus.SCHEDULED
            else "only the chair changes the agenda of an open meeting"
        )
    return meeting


def _renumber(meeting: Meeting, items: Sequence[AgendaItem]) -> None:
    """Give `items` the positions 1..n in this order. Positions are unique per meeting, so
    the items first move out of the way (above every position in use), then into place."""
    ceiling = (meeting.agenda_items.aggregate(top=Max("position"))["top"] or 0) + 1
    for offset, item in enumerate(items):
        AgendaItem.objects.filter(pk=item.pk).update(position=ceiling + len(items) + offset)
    for position, item in enumerate(items, start=1):
        AgendaItem.objects.filter(pk=item.pk).update(position=position)
        item.position = position


def _agenda_changed(actor, meeting: Meeting, action: str, obj, summary: str, **journal) -> None:
    journal_append(actor=actor, action=action, obj=obj, summary=summary, **journal)
    items = list(meeting.agenda_items.order_by("position"))
    live.publish(
        meeting.pk,
        "agenda",
        data={"items": [{"id": item.pk, "position": item.position} for item in items]},
        fragments={
            "agenda": render_to_string(
                "meetings/agenda_list.html", {"meeting": meeting, "agenda": items}
            )
        },
    )


def _item_json(item: AgendaItem) -> dict:
    return {
        "position": item.position,
        "title": item.title,
        "description": item.description,
        "minutes_allocated": item.minutes_allocated,
    }


@transaction.atomic
def agenda_item_add(
    *,
    actor,
    meeting: Meeting,
    title: str,
    description: str = "",
    minutes_allocated: int | None = None,
    position: int | None = None,
) -> AgendaItem:
    """Add an item at `position` (1 = first; by default at the end)."""
    meeting = _agenda_editable(actor, meeting)
    if not title.strip():
        raise ValidationError({"title": "an agenda item needs a title"})
    check_allocation(minutes_allocated)
    items = list(meeting.agenda_items.order_by("position"))
    if position is None:
        position = len(items) + 1
    if not 1 <= position <= len(items) + 1:
        raise ValidationError({"position": f"the position is between 1 and {len(items) + 1}"})
    item = AgendaItem.objects.create(
        meeting=meeting,
        position=len(items) + 1 + 1000,
        title=title.strip(),
        description=description.strip(),
        minutes_allocated=minutes_allocated,
    )
    items.insert(position - 1, item)
    _renumber(meeting, items)
    _agenda_changed(
        actor,
        meeting,
        "agenda.add",
        item,
        f"{meeting}: agenda item {item.position} added: {item.title}"
        + ("" if meeting.status == MeetingStatus.SCHEDULED else " (during the meeting)"),
        after=_item_json(item),
    )
    return item


@transaction.atomic
def agenda_item_edit(
    *,
    actor,
    item: AgendaItem,
    title: str,
    description: str = "",
    minutes_allocated: int | None = None,
) -> AgendaItem:
    meeting = _agenda_editable(actor, item.meeting)
    item = AgendaItem.objects.select_for_update(of=("self",)).get(pk=item.pk, meeting=meeting)
    if not title.strip():
        raise ValidationError({"title": "an agenda item needs a title"})
    check_allocation(minutes_allocated)
    before = _item_json(item)
    item.title, item.description = title.strip(), description.strip()
    item.minutes_allocated = minutes_allocated
    item.save(update_fields=["title", "description", "minutes_allocated"])
    _agenda_changed(
        actor,
        meeting,
        "agenda.edit",
        item,
        f"{meeting}: agenda item {item.position} changed: {item.title}",
        before=before,
        after=_item_json(item),
    )
    return item


@transaction.atomic
def agenda_item_remove(*, actor, item: AgendaItem) -> None:
    """Remove an item; the items after it move up. An item that documents or motions refer
    to stays: they must be moved first."""
    meeting = _agenda_editable(actor, item.meeting)
    item = AgendaItem.objects.select_for_update(of=("self",)).get(pk=item.pk, meeting=meeting)
    if item.documents.exists():
        raise ValidationError(
            {"item": f"documents are circulated for item {item.position}: it stays on the agenda"}
        )
    before = _item_json(item)
    try:
        with transaction.atomic():
            item.delete()
    except ProtectedError:
        raise ValidationError(
            {"item": f"other records refer to item {before['position']}: it stays on the agenda"}
        ) from None
    _renumber(meeting, list(meeting.agenda_items.order_by("position")))
    _agenda_changed(
        actor,
        meeting,
        "agenda.remove",
        meeting,
        f"{meeting}: agenda item {before['position']} removed: {before['title']}",
        before=before,
    )


@transaction.atomic
def agenda_reorder(*, actor, meeting: Meeting, order: Sequence[int]) -> list[AgendaItem]:
    """Put the agenda in the order of `order`, the ids of all its items."""
    meeting = _agenda_editable(actor, meeting)
    items = {item.pk: item for item in meeting.agenda_items.select_for_update(of=("self",))}
    if sorted(order) != sorted(items):
        raise ValidationError({"order": "give every item of the agenda once"})
    before = [items[pk].title for pk in sorted(items, key=lambda pk: items[pk].position)]
    ordered = [items[pk] for pk in order]
    _renumber(meeting, ordered)
    _agenda_changed(
        actor,
        meeting,
        "agenda.reorder",
        meeting,
        f"{meeting}: agenda reordered",
        before=before,
        after=[item.title for item in ordered],
    )
    return ordered
