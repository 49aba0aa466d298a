"""Once per member under concurrent requests, enforced by the database: threads with their own
connections to PostgreSQL (SQLite serialises writers, so the race cannot happen there)."""

from __future__ import annotations

import asyncio

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import AsyncClient
from django.urls import reverse

from minutebook.ballots.models import BallotPaper, BallotParticipation, NamedBallotVote
from minutebook.ballots.services import ballot_cast, ballot_close
from tests.ballots.world import REFERENDUM_ELECTORATE, open_circular, open_referendum
from tests.votes.test_concurrency import run_together

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def postgres_only(db):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (DATABASE_URL=postgres://...)")


@pytest.mark.parametrize("kind", ["secret", "named"])
def test_the_same_member_voting_at_once_counts_once(org, clock, kind):
    ballot = open_referendum(org, clock) if kind == "secret" else open_circular(org, clock)
    user = org.user("council-1")
    outcomes = run_together(
        [lambda: ballot_cast(actor=user, ballot=ballot, choice="for") for _ in range(8)]
    )
    succeeded = [o for o in outcomes if not isinstance(o, Exception)]
    refused = [o for o in outcomes if isinstance(o, ValidationError)]
    assert len(succeeded) == 1 and len(refused) == 7, outcomes
    if kind == "secret":
        assert BallotParticipation.objects.filter(ballot=ballot).count() == 1
        assert BallotPaper.objects.filter(ballot=ballot).count() == 1
    else:
        assert NamedBallotVote.objects.filter(ballot=ballot).count() == 1


def test_the_whole_electorate_at_once_is_counted_once_each(org, clock):
    ballot = open_referendum(org, clock)
    users = [org.user(key) for key in sorted(REFERENDUM_ELECTORATE)]
    outcomes = run_together(
        [lambda u=u: ballot_cast(actor=u, ballot=ballot, choice="for") for u in users * 2]
    )
    accepted = [o for o in outcomes if not isinstance(o, Exception)]
    assert len(accepted) == len(users), outcomes
    clock.advance(days=7)
    closed = ballot_close(ballot=ballot)
    assert (closed.turnout, closed.votes_for) == (13, 13)


def test_the_pages_casts_arriving_together_are_cast_together_once_each(org, clock):
    """Posted from the ballot page at once (async view, batched in a connection of their own)."""
    ballot = open_referendum(org, clock)
    url = reverse("ballots:cast", args=[ballot.pk])
    users = [org.user(key) for key in sorted(REFERENDUM_ELECTORATE)]

    async def press_all():
        clients = []
        for user in users:
            client = AsyncClient()
            await client.aforce_login(user)
            clients.append(client)
        return await asyncio.gather(
            *(
                client.post(url, {"choice": "for"}, headers={"HX-Request": "true"})
                for client in clients + clients[:3]  # three press twice
            )
        )

    answers = asyncio.run(press_all())
    texts = [answer.content.decode() for answer in answers]
    assert sum("receipt-code" in text for text in texts) == 13
    assert BallotParticipation.objects.filter(ballot=ballot).count() == 13
    assert BallotPaper.objects.filter(ballot=ballot).count() == 13


def test_the_cast_endpoints_presses_arriving_together_are_counted_once_each(org, clock):
    """The page's htmx casts through the cast endpoint, in pooled connections of their own,
    every voter pressing twice at once."""
    from django.core.handlers.asgi import ASGIHandler

    from minutebook.ballots.cast_endpoint import BallotCastEndpoint
    from tests.ballots.test_cast_endpoint import RECEIPT, Phone, press_together, session_of

    ballot = open_referendum(org, clock)
    phones = [Phone(session_of(org.user(key))) for key in sorted(REFERENDUM_ELECTORATE)]

    answers = press_together(
        BallotCastEndpoint(ASGIHandler()), [(phone, ballot.pk, "for") for phone in phones * 2]
    )

    assert sum(bool(RECEIPT.search(a["text"])) for a in answers) == 13
    assert sum("already voted" in a["text"] for a in answers) == 13
    assert BallotParticipation.objects.filter(ballot=ballot).count() == 13
    assert BallotPaper.objects.filter(ballot=ballot).count() == 13
