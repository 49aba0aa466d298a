"""Calling a meeting: who may, of which bodies, and an emergency where the charter allows."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone

from minutebook.bodies.models import Body
from minutebook.charter.selectors import charter_in_force
from minutebook.charter.spec import BodySpec, Charter
from minutebook.journal.services import journal_append
from minutebook.meetings import clock
from minutebook.meetings.access import can_act_for_body
from minutebook.meetings.models import AgendaItem, Meeting
from minutebook.meetings.notice import meeting_notice
from minutebook.meetings.services._shared import check_allocation, notice_json, when


@dataclass(frozen=True)
class AgendaEntry:
    """An agenda item as given when a meeting is convened."""

    title: str
    minutes_allocated: int | None = None
    description: str = ""


def _active_spec(body: Body, charter: Charter) -> BodySpec:
    if not body.chartered:
        raise ValidationError(
            {"body": f"{body.name} is not a body of the charter: it holds no meetings"}
        )
    if body.dissolved_by_id is not None:
        raise ValidationError({"body": f"{body.name} was dissolved: it holds no meetings"})
    try:
        return charter.body(body.definition)
    except KeyError:
        raise ValidationError(
            {"body": f"the charter in force does not define {body.name}"}
        ) from None


def _declarers(charter: Charter, spec: BodySpec, body: Body) -> list[str]:
    """The names of the bodies that may declare an emergency meeting of `body`."""
    names = []
    for body_id in spec.notice.emergency_declared_by:
        name = charter.body(body_id).name
        unit = charter.acting_unit(body_id, body.unit.slug) if body.unit_id else None
        if charter.body(body_id).per_unit_kind and unit:
            name = f"{name} of {charter.unit(unit).name}"
        names.append(name)
    return names


def may_declare_emergency(charter: Charter, spec: BodySpec, body: Body, declarer: Body) -> bool:
    """Whether the charter lets `declarer` declare an emergency meeting of `body`: it must be
    one of the bodies the notice rule names, and for a body defined per unit kind, the
    instance that acts for the meeting's unit (`Charter.acting_unit`)."""
    if not declarer.is_active or declarer.definition not in spec.notice.emergency_declared_by:
        return False
    if body.unit_id is None:
        return False
    acting = charter.acting_unit(declarer.definition, body.unit.slug)
    return declarer.unit_id is not None and declarer.unit.slug == acting


def _agenda_entries(agenda: Iterable[AgendaEntry | str]) -> list[AgendaEntry]:
    entries = []
    for index, entry in enumerate(agenda, start=1):
        if isinstance(entry, str):
            entry = AgendaEntry(title=entry)
        if not entry.title.strip():
            raise ValidationError({"agenda": f"agenda item {index} needs a title"})
        check_allocation(entry.minutes_allocated, "agenda")
        entries.append(entry)
    return entries


def _check_online_url(url: str) -> None:
    if url:
        try:
            URLValidator(schemes=["http", "https"])(url)
        except ValidationError:
            raise ValidationError(
                {"online_url": "give the online link as an http(s) URL"}
            ) from None


@transaction.atomic
def meeting_convene(
    *,
    actor,
    body: Body,
    title: str,
    starts_at: dt.datetime,
    place: str = "",
    online_url: str = "",
    agenda: Iterable[AgendaEntry | str] = (),
    emergency: bool = False,
    emergency_declared_by: Body | None = None,
    emergency_reason: str = "",
    ends_at: dt.datetime | None = None,
    kind: str = "",
) -> Meeting:
    """Call a meeting of `body`, giving notice now.

    Administrators and the holders of the body's chair and secretary offices convene it. An
    emergency meeting needs the charter to allow emergencies for the body, one of the bodies
    it names to have declared it (the actor must be able to act for that body), and a
    reason; it is then held to the charter's shorter emergency notice. `kind` is one of the
    kinds of meeting the charter names for the body (`meeting_kinds`), or "" for an ordinary
    meeting."""
    charter = charter_in_force()
    spec = _active_spec(body, charter)
    if not can_act_for_body(actor, body):
        raise PermissionDenied(
            f"only an administrator or the chair or secretary of {body.name} may convene it"
        )
    now = clock.now()
    title = title.strip()
    if not title:
        raise ValidationError({"title": "a meeting needs a title"})
    if timezone.is_naive(starts_at):
        raise ValidationError({"starts_at": "give the time with its time zone"})
    if starts_at <= now:
        raise ValidationError({"starts_at": "a meeting is convened before it starts"})
    if ends_at is not None and ends_at <= starts_at:
        raise ValidationError({"ends_at": "a meeting ends after it starts"})
    place, online_url = place.strip(), online_url.strip()
    if not place and not online_url:
        raise ValidationError({"place": "give a place, an online link, or both"})
    _check_online_url(online_url)
    entries = _agenda_entries(agenda)
    kind = kind.strip()
    if kind and kind not in spec.meeting_kinds:
        known = ", ".join(spec.meeting_kinds) or "none but ordinary meetings"
        raise ValidationError(
            {
                "kind": f"the charter names no '{kind}' meetings of the {spec.name} (it names: {known})"
            }
        )
    emergency_reason = emergency_reason.strip()
    if emergency:
        if not spec.notice.emergency_allowed:
            raise ValidationError(
                {"emergency": f"the charter does not allow emergency meetings of the {spec.name}"}
            )
        if emergency_declared_by is None:
            raise ValidationError(
                {"emergency_declared_by": "name the body that declared the emergency"}
            )
        if not may_declare_emergency(charter, spec, body, emergency_declared_by):
            allowed = " or ".join(_declarers(charter, spec, body))
            raise ValidationError(
                {
                    "emergency_declared_by": f"only the {allowed} may declare an emergency "
                    f"meeting of the {body.name}, not the {emergency_declared_by.name}"
                }
            )
        if not emergency_reason:
            raise ValidationError(
                {"emergency_reason": "the declaring body states its reasons for the emergency"}
            )
        if not can_act_for_body(actor, emergency_declared_by):
            raise PermissionDenied(
                f"only an administrator or the chair or secretary of "
                f"{emergency_declared_by.name} may declare an emergency in its name"
            )
    elif emergency_declared_by is not None or emergency_reason:
        raise ValidationError(
            {"emergency": "only an emergency meeting records who declared an emergency and why"}
        )

    meeting = Meeting.objects.create(
        body=body,
        title=title,
        convened_by=actor,
        convened_at=now,
        starts_at=starts_at,
        ends_at=ends_at,
        place=place,
        online_url=online_url,
        emergency=emergency,
        kind=kind,
        emergency_declared_by=emergency_declared_by if emergency else None,
        emergency_reason=emergency_reason if emergency else "",
    )
    AgendaItem.objects.bulk_create(
        AgendaItem(
            meeting=meeting,
            position=position,
            title=entry.title.strip(),
            description=entry.description.strip(),
            minutes_allocated=entry.minutes_allocated,
        )
        for position, entry in enumerate(entries, start=1)
    )
    notice = meeting_notice(meeting, spec=spec)
    journal_append(
        actor=actor,
        action="meeting.convene",
        obj=meeting,
        summary=f"{body.name}: meeting convened for {when(starts_at)}: {title}"
        + (" (EMERGENCY)" if emergency else "")
        + (f" ({kind.replace('-', ' ')})" if kind else "")
        + (" (LATE NOTICE)" if notice.late else ""),
        after={**meeting_snapshot(meeting), "notice": notice_json(notice)},
    )
    return meeting


def meeting_snapshot(meeting: Meeting) -> dict:
    return {
        "body": meeting.body.slug,
        "title": meeting.title,
        "status": meeting.status,
        "convened_at": meeting.convened_at.isoformat(),
        "starts_at": meeting.starts_at.isoformat(),
        "ends_at": meeting.ends_at.isoformat() if meeting.ends_at else None,
        "place": meeting.place,
        "online_url": meeting.online_url,
        "emergency": meeting.emergency,
        **({"kind": meeting.kind} if meeting.kind else {}),
        "emergency_declared_by": meeting.emergency_declared_by.slug
        if meeting.emergency_declared_by_id
        else None,
        "emergency_reason": meeting.emergency_reason,
        "chair": meeting.chair.membership_number if meeting.chair_id else None,
        "agenda": [
            {"position": item.position, "title": item.title, "minutes": item.minutes_allocated}
            for item in meeting.agenda_items.order_by("position")
        ],
    }
