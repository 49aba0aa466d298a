"""Casting what a ballot form sent: posted to the page (`votes.views.vote_cast`), or sent over
the meeting's websocket, which every participant's page keeps open anyway. When thousands vote
at once, a message on an open socket costs the server a fraction of an HTTP request (no new
connection, no session, no middleware). Either way `votes.services.vote_cast` decides, and the
answer is the same fragment, `votes/my_ballot.html`: the only place a secret ballot's receipt
code ever appears."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import ValidationError as FormValidationError
from django.http import QueryDict
from django.template.loader import render_to_string

from minutebook.members.models import Member
from minutebook.votes import services
from minutebook.votes.access import ballot_state
from minutebook.votes.forms import ballot_from_post
from minutebook.votes.models import Vote


def cast_from_form(user, vote: Vote, post) -> dict:
    """Cast the ballot in `post` (a QueryDict, as the form sends it). Returns the context of
    `votes/my_ballot.html`; `refused` is set when the viewer has no vote to cast."""
    cast = error = None
    refused = False
    voter = None
    if voter_id := post.get("voter"):
        voter = Member.objects.filter(pk=voter_id).first()
    try:
        if vote.election_id:
            ballot = {"ranking": ballot_from_post(post, vote.election.ballot_shape)}
        else:
            ballot = {"choice": post.get("choice")}
        cast = services.vote_cast(actor=user, vote=vote, voter=voter, **ballot)
    except PermissionDenied as denied:
        refused = True
        error = str(denied) or "you may not vote in this vote"
    except (ValidationError, FormValidationError) as invalid:
        error = " ".join(invalid.messages)
    # The vote as it stands: as the cast held it, or read again after a refusal.
    vote = cast.vote if cast is not None else Vote.objects.get(pk=vote.pk)
    return {
        "vote": vote,
        "cast": cast,
        "error": error,
        "refused": refused,
        **ballot_state(user, vote, just_cast=cast),
    }


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


def cast_from_socket(user, meeting_id: int, data) -> dict:
    """A cast sent over the websocket of meeting `meeting_id`, whose follower `user` is:
    `data` is {"vote": ID, "fields": [[NAME, VALUE], ...]}, the ballot form's fields. The
    answer: {"vote", "ok", "html" (the ballot fragment, with the panel's "you have voted" as an
    out-of-band swap), "error"}."""
    try:
        vote_id = int(data["vote"])
        post = QueryDict(mutable=True)
        for name, value in data.get("fields", []):
            post.appendlist(str(name), str(value))
    except (KeyError, TypeError, ValueError):
        return {"ok": False, "error": 'a cast is {"vote": ID, "fields": [[NAME, VALUE], ...]}'}
    # The socket was opened by someone who may follow this meeting: its votes they may see.
    place = _where_vote_is(vote_id)
    if place is None or place[0] != meeting_id:
        return {"ok": False, "error": f"this meeting has no vote {vote_id}"}
    # What the ballot's form needs; the service reads the vote itself, holding it open.
    vote = Vote(pk=vote_id, meeting_id=place[0], election_id=place[1])
    context = cast_from_form(user, vote, post)
    return {
        "vote": vote_id,
        "ok": context["cast"] is not None,
        "error": context["error"],
        "html": render_to_string("votes/my_ballot.html", {**context, "oob": True}),
    }
