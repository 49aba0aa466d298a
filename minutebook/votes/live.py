"""Live events of the topic "vote", sent to every participant of the meeting after commit.

Every event carries data (`event`: open, cast, close or cancel; the vote's id, status, method
and question; `cast`, how many have voted; `eligible`; once closed the counts and the outcome,
or for an election who was elected) and HTML fragments rendered once for everybody:

- "vote-result": the meeting's latest vote, its status and result (`votes/vote_result.html`),
  shown on the meeting's motions page and on the projector;
- "vote-count": how many have voted so far (never what, while a secret ballot is open);
- "vote-panel" (open, close, cancel): the open vote and its options, what participants vote on.

Casts are coalesced: in a meeting of thousands, sending every screen an event per ballot
would swamp the server, so each process sends at most one "cast" event per vote per
`MINUTEBOOK_LIVE_CAST_INTERVAL` seconds (default 0.25), the last one carrying the count as it
then stands. 0 sends one per ballot."""

from __future__ import annotations

import threading
import time

from django.conf import settings
from django.db import close_old_connections, transaction
from django.template.loader import render_to_string

from minutebook.live.publish import publish

DEFAULT_CAST_INTERVAL = 0.25

_lock = threading.Lock()
_last_sent: dict[int, float] = {}
_scheduled: set[int] = set()


def _interval() -> float:
    return float(getattr(settings, "MINUTEBOOK_LIVE_CAST_INTERVAL", DEFAULT_CAST_INTERVAL))


def vote_event_data(vote, event: str, cast: int) -> dict:
    data = {
        "event": event,
        "vote": vote.pk,
        "status": vote.status,
        "method": vote.method,
        "question": vote.question,
        "cast": cast,
        "eligible": vote.present,
        "irregular": vote.irregular,
    }
    if vote.status == "closed":
        if vote.election_id:
            data["elected"] = (vote.election.result or {}).get("elected", [])
        else:
            data.update(
                votes_for=vote.votes_for,
                votes_against=vote.votes_against,
                votes_abstain=vote.votes_abstain,
                adopted=vote.adopted,
                explanation=vote.explanation,
            )
    return data


def vote_fragments(meeting, *, with_panel: bool) -> dict[str, str]:
    from minutebook.votes.selectors import projector_vote_context, vote_panel_context

    context = projector_vote_context(meeting)
    fragments = {
        "vote-result": render_to_string("votes/vote_result.html", context),
        "vote-count": render_to_string("votes/vote_count.html", context),
    }
    if with_panel:
        fragments["vote-panel"] = render_to_string(
            "votes/vote_panel.html", vote_panel_context(meeting)
        )
    return fragments


def _publish_now(vote, event: str) -> None:
    from minutebook.votes.selectors import ballots_cast

    publish(
        vote.meeting_id,
        "vote",
        data=vote_event_data(vote, event, ballots_cast(vote)),
        fragments=vote_fragments(vote.meeting, with_panel=event != "cast"),
    )


def publish_vote(vote, event: str) -> None:
    """Announce a change of the vote once the transaction commits."""
    if event != "cast" or _interval() <= 0:
        _publish_now(vote, event)
        return
    transaction.on_commit(lambda: _coalesced_cast(vote.pk))


def _coalesced_cast(vote_id: int) -> None:
    wait = 0.0
    with _lock:
        if vote_id in _scheduled:
            return  # a send is due and will carry this ballot in its count
        now = time.monotonic()
        wait = _last_sent.get(vote_id, 0.0) + _interval() - now
        if wait > 0:
            _scheduled.add(vote_id)
        else:
            _last_sent[vote_id] = now
    if wait > 0:
        timer = threading.Timer(wait, _send_scheduled, args=(vote_id,))
        timer.daemon = True
        timer.start()
    else:
        _send_cast_state(vote_id)


def _send_scheduled(vote_id: int) -> None:
    with _lock:
        _scheduled.discard(vote_id)
        _last_sent[vote_id] = time.monotonic()
    close_old_connections()
    try:
        _send_cast_state(vote_id)
    finally:
        # The timer's thread has its own database connection; do not leave it open.
        from django.db import connection

        connection.close()


def _send_cast_state(vote_id: int) -> None:
    from minutebook.votes.models import Vote, VoteStatus

    vote = Vote.objects.select_related("meeting", "election").filter(pk=vote_id).first()
    # Once the vote is closed, its "close" event has said everything.
    if vote is not None and vote.status == VoteStatus.OPEN:
        _publish_now(vote, "cast")
