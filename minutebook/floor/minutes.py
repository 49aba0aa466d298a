"""The minutes' section on the debate: for each agenda item, who spoke, in order, for how
long, with the extensions and who granted them, the points of order, and who was still
waiting when the debate closed."""

from __future__ import annotations

import re
from collections import defaultdict

from django.utils import timezone

from minutebook.floor.models import (
    DebateClosure,
    Floor,
    RequestKind,
    RequestStatus,
    SpeakerRequest,
    Stance,
)
from minutebook.floor.statistics import person_name
from minutebook.floor.timer import clock
from minutebook.meetings.minutes_sections import MinutesSection

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|~])")


def md(text: str) -> str:
    """Plain text, safe inside Markdown (a name with an asterisk stays a name)."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", str(text))


def _time(moment) -> str:
    return timezone.localtime(moment).strftime("%H:%M")


def _limit_lines(floor: Floor | None, body_name: str) -> list[str]:
    if floor is None:
        return []
    lines = [
        f"Speaking limit: {clock(floor.charter_limit_seconds)} for every speaker, as the "
        f"charter sets for the {md(body_name)}."
    ]
    for change in floor.limit_changes.select_related("changed_by__member"):
        lines.append(
            f"At {_time(change.changed_at)} {md(person_name(change.changed_by))} changed the "
            f"limit from {clock(change.seconds_before)} to {clock(change.seconds_after)}: "
            f"{md(change.reason)}."
        )
    return lines


def _turn_line(number: int, turn: SpeakerRequest) -> str:
    what = " — point of order" if turn.kind == RequestKind.POINT_OF_ORDER else ""
    side = f" ({turn.get_stance_display().lower()})" if turn.stance != Stance.NONE else ""
    speaking = turn.status == RequestStatus.SPEAKING
    length = "still speaking" if speaking else clock(turn.time_spoken)
    line = f"{number}. **{md(turn.member.full_name)}**{side}{what}: {length}"
    extensions = [
        f"{clock(extension.seconds)} more, granted by {md(person_name(extension.granted_by))} "
        f"({md(extension.reason)})"
        for extension in turn.extensions.all()
    ]
    if extensions:
        line += "; " + "; ".join(extensions)
    return line


def _names(requests) -> str:
    return ", ".join(
        md(request.member.full_name)
        + (" (point of order)" if request.kind == RequestKind.POINT_OF_ORDER else "")
        for request in requests
    )


def _item_lines(requests: list[SpeakerRequest], closures: list[DebateClosure]) -> list[str]:
    turns = sorted(
        (r for r in requests if r.status in (RequestStatus.SPEAKING, RequestStatus.SPOKE)),
        key=lambda r: (r.called_at, r.pk),
    )
    lines: list[str] = []
    if turns:
        lines.append("Speakers, in order:")
        lines.append("")
        lines.extend(_turn_line(number, turn) for number, turn in enumerate(turns, 1))
        lines.append("")
    else:
        lines.extend(["Nobody spoke.", ""])
    withdrawn = [r for r in requests if r.status == RequestStatus.WITHDRAWN]
    own = [r for r in withdrawn if r.ended_by_id == r.member.user_id]
    removed = [r for r in withdrawn if r.ended_by_id != r.member.user_id]
    if own:
        lines.append(f"Withdrew their request: {_names(own)}.")
    if removed:
        lines.append(f"Taken off the list by the chair: {_names(removed)}.")
    for closure in closures:
        waiting = [r for r in requests if r.debate_closure_id == closure.pk]
        still = f" Still waiting, not called: {_names(waiting)}." if waiting else ""
        lines.append(
            f"Debate closed at {_time(closure.closed_at)} by "
            f"{md(person_name(closure.closed_by))}.{still}"
        )
    waiting = [r for r in requests if r.status == RequestStatus.WAITING]
    if waiting:
        lines.append(f"Still on the list: {_names(waiting)}.")
    while lines and lines[-1] == "":
        lines.pop()
    return lines


def speakers_minutes(meeting, hidden: frozenset[int]) -> list[MinutesSection]:
    """The "Speakers" section, or none if nobody asked for the floor."""
    requests = list(
        SpeakerRequest.objects.filter(meeting=meeting)
        .select_related("member", "agenda_item")
        .prefetch_related("extensions__granted_by__member")
        .order_by("requested_at", "pk")
    )
    if not requests:
        return []
    floor = Floor.objects.filter(meeting=meeting).first()
    closures = list(
        DebateClosure.objects.filter(meeting=meeting).select_related("closed_by__member")
    )
    by_item: dict[int | None, list[SpeakerRequest]] = defaultdict(list)
    items = {}
    for request in requests:
        by_item[request.agenda_item_id].append(request)
        if request.agenda_item_id is not None:
            items[request.agenda_item_id] = request.agenda_item
    lines = _limit_lines(floor, meeting.body.name)
    ordered = sorted(items.values(), key=lambda item: item.position)
    for item in ordered:
        lines.extend(["", f"### {item.position}. {md(item.title)}", ""])
        if item.pk in hidden:
            lines.append(
                "Debated in closed session: the debate is read by those the charter names."
            )
            continue
        lines.extend(
            _item_lines(by_item[item.pk], [c for c in closures if c.agenda_item_id == item.pk])
        )
    if None in by_item:
        heading = "Outside the agenda items" if ordered else "The debate"
        lines.extend(["", f"### {heading}", ""])
        lines.extend(_item_lines(by_item[None], [c for c in closures if c.agenda_item_id is None]))
    return [MinutesSection(title="Speakers", markdown="\n".join(lines).strip() + "\n")]
