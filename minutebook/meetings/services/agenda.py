"""The agenda: items with time allocations, changed while the meeting is scheduled, and by
the chair while it is open."""

from __future__ import annotations

from collections.abc import Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max, ProtectedError
from django.template.loader import render_to_string

from minutebook.charter.spec import ClosedSessionRules
from minutebook.journal.services import journal_append
from minutebook.live import publish as live
from minutebook.meetings.access import can_chair_meeting
from minutebook.meetings.models import CLOSED_GROUND_LENGTH, AgendaItem, Meeting, MeetingStatus
from minutebook.meetings.notice import body_spec_for
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
    # One fragment for everybody: what a closed session keeps from those who may not read
    # it is left out for all (its readers see it on the page).
    closed = {item.pk for item in items if item.closed_session}
    live.publish(
        meeting.pk,
        "agenda",
        data={"items": [{"id": item.pk, "position": item.position} for item in items]},
        fragments={
            "agenda": render_to_string(
                "meetings/agenda_list.html",
                {"meeting": meeting, "agenda": items, "closed_hidden": closed},
            )
        },
    )


def _item_json(item: AgendaItem) -> dict:
    return {
        "position": item.position,
        "title": item.title,
        "description": item.description,
        "minutes_allocated": item.minutes_allocated,
        "closed_session": item.closed_session,
        "closed_ground": item.closed_ground,
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


@transaction.atomic
def agenda_item_close_session(*, actor, item: AgendaItem, ground: str) -> AgendaItem:
    """Take `item` in closed session on `ground`, as the charter's `closed_sessions:` allows
    the body: from then on its debate, papers and motions are read only by those the charter
    names (`meetings.access.reads_closed_sessions`); its title and decisions stay on the
    record for every reader. A closed session is not opened again: who closed it, when and
    why is part of the record."""
    meeting = _agenda_editable(actor, item.meeting)
    item = AgendaItem.objects.select_for_update(of=("self",)).get(pk=item.pk, meeting=meeting)
    rules = closed_session_rules(meeting)
    if item.closed_session:
        raise ValidationError(
            {
                "item": f"item {item.position} is already taken in closed session ({item.closed_ground})"
            }
        )
    ground = " ".join(ground.split())
    if not ground:
        raise ValidationError({"ground": "say on what ground the item is taken in closed session"})
    if len(ground) > CLOSED_GROUND_LENGTH:
        raise ValidationError(
            {"ground": f"the ground is at most {CLOSED_GROUND_LENGTH} characters"}
        )
    if rules.grounds and ground not in rules.grounds:
        raise ValidationError(
            {
                "ground": f"the charter lets the {meeting.body.name} meet in closed session only "
                f"for: {'; '.join(rules.grounds)}"
            }
        )
    before = _item_json(item)
    item.closed_session, item.closed_ground = True, ground
    item.save(update_fields=["closed_session", "closed_ground"])
    _agenda_changed(
        actor,
        meeting,
        "agenda.close_session",
        item,
        f"{meeting}: agenda item {item.position} taken in closed session: {ground}",
        before=before,
        after=_item_json(item),
    )
    return item


def closed_session_rules(meeting: Meeting) -> ClosedSessionRules:
    """The body's `closed_sessions:` in the charter the meeting was called under; refused
    with the rule when the charter keeps the body's meetings open."""
    spec = body_spec_for(meeting)
    if spec is None or spec.closed_sessions is None:
        raise ValidationError(
            {
                "item": f"the charter does not let the {meeting.body.name} take an item in "
                "closed session (no 'closed_sessions' on the body): its meetings are open to "
                "everyone who may read its records"
            }
        )
    return spec.closed_sessions
