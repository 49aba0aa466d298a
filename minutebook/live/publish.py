"""Telling every participant of a meeting what changed, once the change is committed.

Services call `publish` inside their transaction; the event leaves only after commit, so no
client ever sees a change that was rolled back. An event carries a topic ("speakers", "vote",
"attendance", ...), JSON data, and optionally HTML fragments rendered once for everybody, so
that thousands of delegates do not each have to ask the server for the same fragment."""

from __future__ import annotations

import json
import time
from typing import Any

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction

# The two audiences of an event about an agenda item taken in closed session: those who read
# closed sessions of the meeting, and everyone else following it (see `MeetingRelay`).
CLOSED_SESSION_READERS = "closed-session-readers"
OTHER_FOLLOWERS = "other-followers"


def meeting_group(meeting_id: int) -> str:
    return f"meeting.{meeting_id}"


def publish(
    meeting_id: int,
    topic: str,
    *,
    data: dict[str, Any] | None = None,
    fragments: dict[str, str] | None = None,
    audience: str | None = None,
) -> None:
    """`audience`: only the followers of that audience get the event (None: all)."""
    message = {
        "topic": topic,
        "data": data or {},
        "fragments": fragments or {},
    }

    def send() -> None:
        message["sent_at"] = time.time()
        # Serialized once here, not once per participant: the consumers pass the text on.
        event = {"type": "live.event", "text": json.dumps(message, cls=DjangoJSONEncoder)}
        if audience is not None:
            event["audience"] = audience
        layer = get_channel_layer()
        if layer is not None:
            async_to_sync(layer.group_send)(meeting_group(meeting_id), event)

    transaction.on_commit(send)
