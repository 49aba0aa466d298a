"""Live events of the topic "vote", sent to every participant of the meeting after commit.

Every event carries data (`event`: open, cast, close or cancel; the vote's id, status, method
and question; `cast`, how many have voted; `eligible`; once closed the counts and the outcome,
or for an election who was elected) and HTML fragments rendered once for everybody:

- "vote-result": the meeting's latest vote, its status and result (`votes/vote_result.html`),
  shown on the meeting's motions page and on the projector;
- "vote-count": how many have voted so far (never what, while a secret ballot is open);
- "vote-panel" (open, close, cancel): the open vote and its options, what participants vote on.

Casts are coalesced (`minutebook.live.coalesce`): in a meeting of thousands at most one "cast"
event per vote per `live_interval(those present)`, carrying the count as it then
stands and the moment it was counted (`counted_at`, epoch seconds)."""

from __future__ import annotations

import time

from django.db import transaction
from django.template.loader import render_to_string

from minutebook.live.coalesce import send_coalesced
from minutebook.live.publish import publish


def vote_event_data(vote, event: str, cast: int, counted_at: float | None = None) -> dict:
    data = {
        "event": event,
        "vote": vote.pk,
        "status": vote.status,
        "method": vote.method,
        "question": vote.question,
        "cast": cast,
        "counted_at": counted_at,
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

    counted_at = time.time()
    publish(
        vote.meeting_id,
        "vote",
        data=vote_event_data(vote, event, ballots_cast(vote), counted_at),
        fragments=vote_fragments(vote.meeting, with_panel=event != "cast"),
    )


def publish_vote(vote, event: str) -> None:
    """Announce a change of the vote once the transaction commits."""
    if event != "cast":
        _publish_now(vote, event)
        return
    vote_id, audience = vote.pk, vote.present or 0
    transaction.on_commit(
        lambda: send_coalesced(
            ("vote-cast", vote_id), lambda: _send_cast_state(vote_id), audience=audience
        )
    )


def _send_cast_state(vote_id: int) -> None:
    from minutebook.votes.models import Vote, VoteStatus

    vote = Vote.objects.select_related("meeting", "election").filter(pk=vote_id).first()
    # Once the vote is closed, its "close" event has said everything.
    if vote is not None and vote.status == VoteStatus.OPEN:
        _publish_now(vote, "cast")
