"""Casting what a ballot form sent: posted to the page (`votes.views.vote_cast`), or sent over
the meeting's websocket, which every participant's page keeps open anyway. When thousands vote
at once, a message on an open socket costs the server a fraction of an HTTP request (no new
connection, no session, no middleware), and the casts that arrive at a worker together are
cast in one transaction (`SocketCasts`). Either way `votes.services.vote_cast_together`
decides, and the answer is the same fragment, `votes/my_ballot.html`: the only place a secret
ballot's receipt code ever appears."""

from __future__ import annotations

import asyncio
import logging
import time
import weakref
from collections.abc import Awaitable, Callable

from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import ValidationError as FormValidationError
from django.http import QueryDict
from django.template.loader import render_to_string

from minutebook.members.models import Member
from minutebook.votes import services
from minutebook.votes.access import ballot_state
from minutebook.votes.forms import ballot_from_post
from minutebook.votes.models import Vote

logger = logging.getLogger(__name__)


def _request_from_form(user, vote: Vote, post) -> services.BallotRequest:
    """The ballot in `post` (a QueryDict, as the form sends it); raises ValidationError when
    the form is not a ballot of this vote."""
    voter = None
    if voter_id := post.get("voter"):
        voter = Member.objects.filter(pk=voter_id).first()
    if vote.election_id:
        ranking = ballot_from_post(post, vote.election.ballot_shape)
        return services.BallotRequest(user, ranking=ranking, voter=voter)
    return services.BallotRequest(user, choice=post.get("choice"), voter=voter)


def _answer(user, vote: Vote, outcome) -> dict:
    """The context of `votes/my_ballot.html` after casting came to `outcome` (a Cast, or why
    it was refused); `refused` is set when the viewer has no vote to cast. `vote`: as it
    stands, for a refusal."""
    cast = outcome if isinstance(outcome, services.Cast) else None
    refused = isinstance(outcome, PermissionDenied)
    if refused:
        error = str(outcome) or "you may not vote in this vote"
    elif isinstance(outcome, (ValidationError, FormValidationError)):
        error = " ".join(outcome.messages)
    else:
        error = None
    if cast is not None:
        vote = cast.vote  # as the cast held it
    return {
        "vote": vote,
        "cast": cast,
        "error": error,
        "refused": refused,
        **ballot_state(user, vote, just_cast=cast),
    }


def _cast_forms(vote: Vote, forms: list[tuple[object, QueryDict]]) -> list[dict]:
    """Cast the ballots `forms` (user, what their form sent) in one transaction: the context
    of each one's answer."""
    outcomes: list = [None] * len(forms)
    requests, positions = [], []
    for position, (user, post) in enumerate(forms):
        try:
            requests.append(_request_from_form(user, vote, post))
            positions.append(position)
        except (ValidationError, FormValidationError) as invalid:
            outcomes[position] = invalid
    if requests:
        cast = services.vote_cast_together(vote=vote, requests=requests)
        for position, outcome in zip(positions, cast, strict=True):
            outcomes[position] = outcome
    if not all(isinstance(outcome, services.Cast) for outcome in outcomes):
        vote = Vote.objects.get(pk=vote.pk)  # as it stands after the refusals, read once
    return [
        _answer(user, vote, outcome) for (user, _), outcome in zip(forms, outcomes, strict=True)
    ]


def cast_from_form(user, vote: Vote, post) -> dict:
    """Cast the ballot in `post` (a QueryDict, as the form sends it). Returns the context of
    `votes/my_ballot.html`; `refused` is set when the viewer has no vote to cast."""
    return _cast_forms(vote, [(user, post)])[0]


_places: dict[int, tuple[int, int | None]] = {}


def _where_vote_is(vote_id: int) -> tuple[int, int | None] | None:
    """(meeting, election) of a vote, which never change: asked of the database once per
    vote and worker, not once per ballot of thousands."""
    if vote_id not in _places:
        found = Vote.objects.filter(pk=vote_id).values_list("meeting_id", "election_id").first()
        if found is None:
            return None
        _places[vote_id] = found
    return _places[vote_id]


def _socket_answer(vote_id: int, context: dict, recorded_at: float) -> dict:
    ok = context["cast"] is not None
    return {
        "vote": vote_id,
        "ok": ok,
        "recorded_at": recorded_at if ok else None,
        "error": context["error"],
        "html": render_to_string("votes/my_ballot.html", {**context, "oob": True}),
    }


def casts_from_sockets(casts: list[tuple[object, int, object]]) -> list[dict]:
    """Casts sent over the websockets of meetings, (user, meeting, data) each: the user
    follows the meeting, `data` is {"vote": ID, "fields": [[NAME, VALUE], ...]}, the ballot
    form's fields. The ballots of each vote are cast in one transaction. Each answer:
    {"vote", "ok", "html" (the ballot fragment, with the panel's "you have voted" as an
    out-of-band swap), "error", "recorded_at" (epoch seconds, once the ballot is committed:
    every count the live events read from then on, `counted_at`, includes it)}."""
    answers: list[dict | None] = [None] * len(casts)
    forms_of: dict[int, list[tuple[int, object, QueryDict]]] = {}
    for position, (user, meeting_id, data) in enumerate(casts):
        try:
            vote_id = int(data["vote"])
            post = QueryDict(mutable=True)
            for name, value in data.get("fields", []):
                post.appendlist(str(name), str(value))
        except (KeyError, TypeError, ValueError):
            answers[position] = {
                "ok": False,
                "error": 'a cast is {"vote": ID, "fields": [[NAME, VALUE], ...]}',
            }
            continue
        # The socket was opened by someone who may follow this meeting: its votes they may see.
        place = _where_vote_is(vote_id)
        if place is None or place[0] != meeting_id:
            answers[position] = {"ok": False, "error": f"this meeting has no vote {vote_id}"}
            continue
        forms_of.setdefault(vote_id, []).append((position, user, post))
    for vote_id, forms in forms_of.items():
        meeting_id, election_id = _places[vote_id]
        # What the ballot's form needs; the service reads the vote itself, holding it open.
        vote = Vote(pk=vote_id, meeting_id=meeting_id, election_id=election_id)
        contexts = _cast_forms(vote, [(user, post) for _, user, post in forms])
        recorded_at = time.time()
        for (position, *_), context in zip(forms, contexts, strict=True):
            answers[position] = _socket_answer(vote_id, context, recorded_at)
    return answers


class SocketCasts:
    """The casts arriving over the sockets of one worker, cast together: while one batch is
    with the database, the next gathers, so a quiet meeting's ballot is cast at once and, when
    thousands press at once, each batch costs the database a few statements instead of a few
    per ballot. `cast_many` is `casts_from_sockets`, run outside the event loop."""

    LARGEST_BATCH = 500

    def __init__(self, cast_many: Callable[[list], Awaitable[list[dict]]]):
        self._cast_many = cast_many
        self._waiting: list[tuple[tuple, asyncio.Future]] = []
        self._casting = False

    async def cast(self, user, meeting_id: int, data) -> dict:
        answer = asyncio.get_running_loop().create_future()
        self._waiting.append(((user, meeting_id, data), answer))
        if not self._casting:
            self._casting = True
            self._task = asyncio.ensure_future(self._cast_waiting())
        return await answer

    async def _cast_waiting(self) -> None:
        try:
            while self._waiting:
                batch = self._waiting[: self.LARGEST_BATCH]
                del self._waiting[: self.LARGEST_BATCH]
                try:
                    answers = await self._cast_many([cast for cast, _ in batch])
                except Exception:
                    logger.exception("casting %d ballots failed", len(batch))
                    failed = {"ok": False, "error": "the ballot could not be recorded: try again"}
                    answers = [failed] * len(batch)
                for (_, answer), given in zip(batch, answers, strict=True):
                    if not answer.done():
                        answer.set_result(given)
        finally:
            self._casting = False


_socket_casts: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def socket_casts(cast_many: Callable[[list], Awaitable[list[dict]]]) -> SocketCasts:
    """The running event loop's SocketCasts (one per worker; tests run several loops)."""
    loop = asyncio.get_running_loop()
    if loop not in _socket_casts:
        _socket_casts[loop] = SocketCasts(cast_many)
    return _socket_casts[loop]
