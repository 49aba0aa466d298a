"""Reads about votes and elections: the projector's and the participants' live panels, results,
the published receipts."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

from django.urls import reverse

from minutebook.votes.elections import standing
from minutebook.votes.models import (
    Choice,
    Election,
    NamedBallot,
    Participation,
    SecretBallot,
    Vote,
    VoteMethod,
    VoteStatus,
)


def open_vote(meeting) -> Vote | None:
    return (
        Vote.objects.filter(meeting=meeting, status=VoteStatus.OPEN)
        .select_related("election", "motion", "amendment")
        .first()
    )


def latest_vote(meeting) -> Vote | None:
    """The open vote, else the last one closed (cancelled votes are passed over)."""
    vote = open_vote(meeting)
    if vote is not None:
        return vote
    return (
        Vote.objects.filter(meeting=meeting, status=VoteStatus.CLOSED)
        .select_related("election", "motion", "amendment")
        .order_by("-closed_at", "-pk")
        .first()
    )


def ballots_cast(vote: Vote) -> int:
    """How many have voted so far (never what, while a secret ballot is open)."""
    if vote.method == VoteMethod.SHOW_OF_HANDS:
        if vote.status == VoteStatus.CLOSED:
            return (vote.votes_for or 0) + (vote.votes_against or 0) + (vote.votes_abstain or 0)
        return 0
    if vote.is_secret:
        return Participation.objects.filter(vote=vote).count()
    return NamedBallot.objects.filter(vote=vote).count()


def projector_vote_context(meeting) -> dict:
    """What `votes/vote_result.html` renders: the meeting's latest vote, its status, how many
    have voted, and once closed its result (for an election, who was elected). The same for
    everyone, so it can be rendered once and sent to every screen."""
    vote = latest_vote(meeting)
    context: dict = {"meeting": meeting, "vote": vote, "cast": 0, "election": None}
    if vote is None:
        return context
    context["cast"] = ballots_cast(vote)
    if vote.election_id:
        context["election"] = vote.election
        context["elected"] = (vote.election.result or {}).get("elected", [])
    context["vote_url"] = reverse("votes:detail", args=[vote.pk])
    return context


def vote_panel_context(meeting, vote: Vote | None = None) -> dict:
    """What `votes/vote_panel.html` renders: the open vote and its options, the same for every
    participant (what each may do is answered when they cast)."""
    vote = vote if vote is not None else open_vote(meeting)
    context: dict = {"meeting": meeting, "vote": vote}
    if vote is None or vote.status != VoteStatus.OPEN:
        context["vote"] = None
        return context
    context.update(
        cast=ballots_cast(vote),
        choices=Choice.choices,
        cast_url=reverse("votes:cast", args=[vote.pk]),
    )
    if vote.election_id:
        context["election"] = vote.election
        context["candidates"] = list(standing(vote.election))
    return context


@dataclass(frozen=True)
class Receipt:
    receipt_hash: str
    says: str


def published_receipts(vote: Vote) -> list[Receipt]:
    """Every secret ballot of a closed vote by the hash of its receipt, with what it says
    (sorted by hash, which follows nothing about the voters)."""
    if not vote.is_secret or vote.status != VoteStatus.CLOSED:
        return []
    labels = dict(Choice.choices)
    names = _candidate_names(vote.election) if vote.election_id else {}
    receipts = []
    for digest, choice, ranking in (
        SecretBallot.objects.filter(vote=vote)
        .order_by("receipt_hash")
        .values_list("receipt_hash", "choice", "ranking")
    ):
        says = labels.get(choice, "") if not vote.election_id else ranking_words(ranking, names)
        receipts.append(Receipt(digest, says))
    return receipts


def _candidate_names(election: Election) -> dict[int, str]:
    return {c.pk: c.member.full_name for c in election.candidates.select_related("member")}


def ranking_words(ranking, names: dict[int, str]) -> str:
    """A ballot as words: "1. Ana, 2. Bo", "Ana, Bo" for approval, "blank"."""
    groups = [group for group in (ranking or []) if group]
    if not groups:
        return "blank"
    if len(groups) == 1:
        return ", ".join(names.get(c, "?") for c in groups[0])
    return ", ".join(
        f"{position}. " + " = ".join(names.get(c, "?") for c in group)
        for position, group in enumerate(groups, start=1)
    )


def named_ballots(vote: Vote):
    return NamedBallot.objects.filter(vote=vote).select_related("voter", "cast_by")


def meeting_votes(meeting):
    return (
        Vote.objects.filter(meeting=meeting)
        .select_related("motion", "amendment", "election")
        .order_by("opened_at", "pk")
    )


def meeting_elections(meeting):
    return (
        Election.objects.filter(meeting=meeting).select_related("body").order_by("created_at", "pk")
    )


def election_rounds(result: dict | None) -> dict | None:
    """The stored count as a table: one column per round (what it did and why), one row per
    candidate with their votes at the end of each round, and the rows of non-transferable
    votes and the quota where the method has them."""
    if not result:
        return None
    rounds = result.get("rounds", [])
    elected = result.get("elected", [])
    rows = []
    for name in result.get("candidates", []):
        cells = []
        for stage in rounds:
            mark = ""
            if name in stage.get("elected", []):
                mark = "elected"
            elif name in stage.get("excluded", []):
                mark = "excluded"
            cells.append({"votes": stage.get("votes", {}).get(name), "mark": mark})
        rows.append({"name": name, "elected": name in elected, "cells": cells})
    quotas = [stage.get("quota") for stage in rounds]
    return {
        "rounds": rounds,
        "rows": rows,
        "exhausted": [stage.get("exhausted") for stage in rounds],
        "quotas": quotas,
        "show_quota": any(quota is not None for quota in quotas),
    }


def _sha256(rows) -> str:
    text = json.dumps([list(row) for row in rows], separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def secret_ballot_digests(vote: Vote) -> dict:
    """Who took part in a secret ballot, and what its ballots say, fixed by SHA-256 in the
    journal entry that closes it: [voter, proxy] membership numbers in order, and [receipt
    hash, choice, ranking] in order of receipt hash. Anyone who may read both lists can
    recompute them; a participation or ballot added, removed or changed afterwards shows."""
    participants = list(
        Participation.objects.filter(vote=vote)
        .order_by("voter__membership_number")
        .values_list("voter__membership_number", "by_proxy__membership_number")
    )
    ballots = SecretBallot.objects.filter(vote=vote).order_by("receipt_hash")
    return {
        "participants": len(participants),
        "participants_sha256": _sha256(participants),
        "ballots_sha256": _sha256(ballots.values_list("receipt_hash", "choice", "ranking")),
    }
