"""The append-only journal: who changed what in the record, when, before and after."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from minutebook.journal.models import JournalEntry

GENESIS_HASH = "0" * 64
# Any constant distinguishes this lock from others the database might hold.
_APPEND_LOCK_KEY = 0x4D696E75


def _canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def entry_hash(
    *,
    position: int,
    recorded_at: datetime,
    actor_id: int | None,
    actor_name: str,
    action: str,
    object_type: str,
    object_id: str,
    summary: str,
    before: Any,
    after: Any,
    previous_hash: str,
) -> str:
    """The SHA-256 of everything an entry says, including its position and the hash before it,
    so that editing, deleting, inserting or reordering entries breaks the chain."""
    content = _canonical(
        {
            "position": position,
            "recorded_at": recorded_at.astimezone(UTC).isoformat(timespec="microseconds"),
            "actor_id": actor_id,
            "actor_name": actor_name,
            "action": action,
            "object_type": object_type,
            "object_id": object_id,
            "summary": summary,
            "before": before,
            "after": after,
            "previous_hash": previous_hash,
        }
    )
    return hashlib.sha256(content.encode("utf-8")).hexdigest()


def _hash_of(entry: JournalEntry) -> str:
    return entry_hash(
        position=entry.position,
        recorded_at=entry.recorded_at,
        actor_id=entry.actor_id,
        actor_name=entry.actor_name,
        action=entry.action,
        object_type=entry.object_type,
        object_id=entry.object_id,
        summary=entry.summary,
        before=entry.before,
        after=entry.after,
        previous_hash=entry.previous_hash,
    )


def _normalized(value: Any) -> Any:
    """What the value will look like after a trip through a JSON column, so that the hash
    computed now equals the hash recomputed from the stored row."""
    return None if value is None else json.loads(_canonical(value))


def journal_append(
    *,
    actor: Any,
    action: str,
    obj: Any,
    summary: str,
    before: Any = None,
    after: Any = None,
) -> JournalEntry:
    """Append one entry. Must run inside the transaction that makes the change it records."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("journal_append must run inside the transaction of the change")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_APPEND_LOCK_KEY])
    last = JournalEntry.objects.order_by("-position").only("position", "entry_hash").first()
    position = 1 if last is None else last.position + 1
    previous_hash = GENESIS_HASH if last is None else last.entry_hash
    recorded_at = timezone.now()
    actor_id = getattr(actor, "pk", None)
    actor_name = _actor_name(actor)
    before, after = _normalized(before), _normalized(after)
    fields = {
        "position": position,
        "recorded_at": recorded_at,
        "actor_id": actor_id,
        "actor_name": actor_name,
        "action": action,
        "object_type": obj._meta.label_lower,
        "object_id": str(obj.pk),
        "summary": summary,
        "before": before,
        "after": after,
        "previous_hash": previous_hash,
    }
    return JournalEntry.objects.create(**fields, entry_hash=entry_hash(**fields))


def _actor_name(actor: Any) -> str:
    if actor is None:
        return "system"
    member = getattr(actor, "member", None)
    if member is not None:
        return member.full_name
    return actor.get_username()


@dataclass(frozen=True)
class JournalVerdict:
    entries: int
    head_hash: str
    broken_at: int | None = None  # 1-based position in the chain where it first fails
    problem: str = ""

    @property
    def intact(self) -> bool:
        return self.broken_at is None


def journal_verify() -> JournalVerdict:
    """Walk the chain from the first entry and report the first position where it breaks."""
    previous_hash = GENESIS_HASH
    expected_position = 1
    count = 0
    for entry in JournalEntry.objects.order_by("position").iterator(chunk_size=2000):
        count += 1
        if entry.position != expected_position:
            return JournalVerdict(
                count,
                previous_hash,
                expected_position,
                f"expected entry #{expected_position}, found #{entry.position}: "
                "an entry was deleted or inserted",
            )
        if entry.previous_hash != previous_hash:
            return JournalVerdict(
                count,
                previous_hash,
                entry.position,
                f"entry #{entry.position} does not follow the entry before it "
                "(previous-hash mismatch): entries were removed, inserted or reordered",
            )
        if _hash_of(entry) != entry.entry_hash:
            return JournalVerdict(
                count,
                previous_hash,
                entry.position,
                f"entry #{entry.position} was altered after it was written (hash mismatch)",
            )
        previous_hash = entry.entry_hash
        expected_position += 1
    return JournalVerdict(count, previous_hash)
