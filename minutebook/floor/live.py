"""What every participant's screen hears when the floor changes.

Topic "speakers" carries two fragments rendered once for everybody — "speakers-list" (the
waiting list in order, with the reason for each place) and "current-speaker" (name, role,
side, and the timer element that `live.js` counts down on the server's clock) — and data
with the floor's revision and, when the turn or its timer changed, the timer as data, for
scripts (in the same event: a meeting of thousands gets one message per change, not two).

Services call `announce` inside their transaction. The fragments are rendered after commit,
from the committed state, once per change however many clients listen; per-user controls
refetch themselves (`data-live-refresh="speakers"`)."""

from __future__ import annotations

import time
from typing import Any

from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from minutebook.floor.selectors import FloorState, floor_state
from minutebook.live.publish import CLOSED_SESSION_READERS, OTHER_FOLLOWERS, publish
from minutebook.meetings.access import closed_items_hidden_from
from minutebook.meetings.models import Meeting

SPEAKERS_TOPIC = "speakers"
LIST_FRAGMENT = "speakers-list"
CURRENT_FRAGMENT = "current-speaker"


def announce(meeting_id: int, *, timer: bool = False) -> None:
    """Tell everyone following the meeting, once the transaction commits, that its floor
    changed; with `timer`, also the timer's new state."""
    transaction.on_commit(lambda: publish_floor(meeting_id, timer=timer))


def epoch(moment) -> float | None:
    return moment.timestamp() if moment is not None else None


def fragment_context(state: FloorState, *, closed: bool = False) -> dict[str, Any]:
    """The context of both fragments: the same for the page, the projector and the event;
    `closed`: the item under debate is taken in closed session and the reader may not read
    it (the fragments then say only that)."""
    return {"state": state, "meeting": state.meeting, "closed_session": closed}


def kept_from(user, state: FloorState) -> bool:
    """Whether the debate now on the floor is a closed session that `user` may not read."""
    item = state.agenda_item
    return bool(item and item.closed_session) and item.pk in closed_items_hidden_from(
        user, state.meeting
    )


def render_fragments(state: FloorState, *, closed: bool = False) -> dict[str, str]:
    context = fragment_context(state, closed=closed)
    return {
        LIST_FRAGMENT: render_to_string("floor/speakers_list.html", context),
        CURRENT_FRAGMENT: render_to_string("floor/current_speaker.html", context),
    }


def timer_data(state: FloorState) -> dict[str, Any]:
    """The current turn's timer: limit (extensions included) and elapsed in seconds, and the
    moment (epoch seconds) it was last started, None while paused."""
    turn, timer = state.current, state.current_timer
    if turn is None or timer is None:
        return {"request": None, "server_time": time.time()}
    return {
        "request": turn.pk,
        "member": turn.member.membership_number,
        "limit": timer.limit_seconds,
        "elapsed": timer.elapsed_before.total_seconds(),
        "running_since": epoch(timer.running_since),
        "running": timer.running,
        "remaining": timer.remaining(timezone.now()).total_seconds(),
        "server_time": time.time(),
    }


def viewer_floor_key(state: FloorState, member) -> str:
    """What a participant's own controls depend on, from a "speakers" event's data: floor.js
    computes the same string from each event and refetches the controls only when it
    changed, so that calling a speaker does not make thousands of screens ask the server."""
    number = getattr(member, "membership_number", None)
    waiting = sum(1 for entry in state.waiting if entry.request.member.membership_number == number)
    speaking = state.current is not None and state.current.member.membership_number == number
    return "|".join(
        [
            "1" if state.list_closed else "0",
            str(state.agenda_item.pk) if state.agenda_item else "",
            "1" if state.floor and state.floor.pro_contra else "0",
            str(waiting),
            "1" if speaking else "0",
        ]
    )


def speakers_data(state: FloorState) -> dict[str, Any]:
    current = state.current
    return {
        "revision": state.revision,
        "agenda_item": state.agenda_item.pk if state.agenda_item else None,
        "list_closed": state.list_closed,
        "pro_contra": bool(state.floor and state.floor.pro_contra),
        "waiting": [entry.request.member.membership_number for entry in state.waiting],
        "current": None
        if current is None
        else {
            "request": current.pk,
            "member": current.member.membership_number,
            "name": current.member.full_name,
            "kind": current.kind,
            "stance": current.stance,
        },
    }


def closed_speakers_data(state: FloorState) -> dict[str, Any]:
    """What those kept from a closed session hear of its floor: that it is closed."""
    return {
        "revision": state.revision,
        "agenda_item": state.agenda_item.pk if state.agenda_item else None,
        "list_closed": state.list_closed,
        "pro_contra": False,
        "waiting": [],
        "current": None,
        "closed_session": True,
    }


def publish_floor(meeting_id: int, *, timer: bool = False) -> None:
    """Render the fragments once and send them to everyone following the meeting; while the
    item under debate is taken in closed session, the floor goes only to those who read it,
    and the others hear that the session is closed. Called after commit (outside a
    transaction, so `publish` sends at once)."""
    meeting = Meeting.objects.select_related("body").get(pk=meeting_id)
    state = floor_state(meeting)
    data = speakers_data(state)
    if timer:
        data["timer"] = timer_data(state)
    if not (state.agenda_item and state.agenda_item.closed_session):
        publish(meeting_id, SPEAKERS_TOPIC, data=data, fragments=render_fragments(state))
        return
    publish(
        meeting_id,
        SPEAKERS_TOPIC,
        data=data,
        fragments=render_fragments(state),
        audience=CLOSED_SESSION_READERS,
    )
    publish(
        meeting_id,
        SPEAKERS_TOPIC,
        data=closed_speakers_data(state),
        fragments=render_fragments(state, closed=True),
        audience=OTHER_FOLLOWERS,
    )
