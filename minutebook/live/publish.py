"""Telling every participant of a meeting what changed, once the change is committed.

Services call `publish` inside their transaction; the event leaves only after commit, so no
client ever sees a change that was rolled back. An event carries a topic ("speakers", "vote",
"attendance", ...), JSON data, and optionally HTML fragments rendered once for everybody, so
that thousands of delegates do not each have to ask the server for the same fragment."""

from __future__ import annotations

import time
from typing import Any

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction


def meeting_group(meeting_id: int) -> str:
    return f"meeting.{meeting_id}"


def publish(
    meeting_id: int,
    topic: str,
    *,
    data: dict[str, Any] | None = None,
    fragments: dict[str, str] | None = None,
) -> None:
    event = {
        "type": "live.event",
        "topic": topic,
        "data": data or {},
        "fragments": fragments or {},
    }

    def send() -> None:
        event["sent_at"] = time.time()
        layer = get_channel_layer()
        if layer is not None:
            async_to_sync(layer.group_send)(meeting_group(meeting_id), event)

    transaction.on_commit(send)
