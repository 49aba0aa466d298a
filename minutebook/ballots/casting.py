"""Casting from the ballot page when thousands vote at once (a referendum's opening).

The casts that reach one server worker while its previous batch is with the database go
together (`minutebook.votes.casting.SocketCasts`, at most 500; a lone cast goes at once) and
are cast by `ballots.services.ballot_cast_together` in one transaction: a few statements per
batch instead of a few per vote, in a pooled connection of their own, not in the one thread
that runs the other pages. Each vote is still refused or accepted on its own, exactly as
`ballot_cast` would."""

from __future__ import annotations

import asyncio
import weakref

from asgiref.sync import sync_to_async
from channels.db import database_sync_to_async
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.http import Http404

from minutebook.ballots.access import ballot_for_viewer
from minutebook.ballots.models import Ballot, BallotKind
from minutebook.ballots.services import CastRequest, ballot_cast_together
from minutebook.votes.casting import SocketCasts
from minutebook.votes.forms import ballot_from_post


def _request(user, ballot: Ballot, data) -> CastRequest | ValidationError:
    if ballot.kind == BallotKind.ELECTION:
        try:
            return CastRequest(user, ranking=ballot_from_post(data, ballot.ballot_shape))
        except ValidationError as refusal:
            return refusal
    return CastRequest(user, choice=data.get("choice"))


def casts_together(casts: list[tuple]) -> list[dict]:
    """(user, ballot id, the form's data) for each cast → {"ballot", "cast", "refusal"}: the
    BallotCast, or why it was refused (Http404 to whoever may not see the ballot)."""
    answers: list[dict | None] = [None] * len(casts)
    by_ballot: dict[int, list[int]] = {}
    for position, (_user, ballot_id, _data) in enumerate(casts):
        by_ballot.setdefault(ballot_id, []).append(position)
    for ballot_id, positions in by_ballot.items():
        ballot = Ballot.objects.select_related("body").filter(pk=ballot_id).first()
        if ballot is None:
            for position in positions:
                answers[position] = {"ballot": None, "cast": None, "refusal": Http404()}
            continue
        requests = {p: _request(casts[p][0], ballot, casts[p][2]) for p in positions}
        valid = [p for p in positions if isinstance(requests[p], CastRequest)]
        cast = ballot_cast_together(ballot=ballot, requests=[requests[p] for p in valid])
        outcomes = dict(zip(valid, cast, strict=True))
        for position in positions:
            outcome = outcomes.get(position, requests[position])
            if isinstance(outcome, PermissionDenied):
                try:  # one who may not see the ballot learns nothing of it
                    ballot_for_viewer(casts[position][0], ballot_id)
                except Http404 as hidden:
                    outcome = hidden
            answers[position] = {
                "ballot": ballot,
                "cast": None if isinstance(outcome, Exception) else outcome,
                "refusal": outcome if isinstance(outcome, Exception) else None,
            }
    return answers


# On PostgreSQL, not in the one thread that runs the views, which would queue the votes of
# thousands behind every page request: in a pooled connection of their own. SQLite writes one
# transaction at a time anyway, so there the views' thread casts them.
_cast_apart = database_sync_to_async(casts_together, thread_sensitive=False)
_cast_in_views_thread = sync_to_async(casts_together, thread_sensitive=True)


def casts_apart() -> bool:
    """Whether casts run in pooled connections of their own (on PostgreSQL) rather than in
    the views' thread. Tests whose world is in their own uncommitted transaction say no."""
    return "postgresql" in settings.DATABASES["default"]["ENGINE"]


async def _cast_many(casts: list[tuple]) -> list[dict]:
    if casts_apart():
        return await _cast_apart(casts)
    return await _cast_in_views_thread(casts)


_batchers: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def give_back_connection() -> None:
    """Return this thread's database connection to the pool, unless a transaction holds it
    (a test's, for one)."""
    if not connection.in_atomic_block:
        connection.close()


async def cast_in_batch(user, ballot_id: int, data) -> dict:
    """Cast with whatever else reaches this worker meanwhile (one batcher per event loop)."""
    loop = asyncio.get_running_loop()
    if loop not in _batchers:
        _batchers[loop] = SocketCasts(_cast_many)
    answer = await _batchers[loop].cast(user, ballot_id, data)
    if "refusal" not in answer:  # the whole batch failed
        return {"ballot": None, "cast": None, "refusal": ValidationError(answer["error"])}
    return answer
