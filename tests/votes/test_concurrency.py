"""One vote per person, enforced by the database under concurrent requests, and no ballot
lost or counted twice when the chair closes the vote while ballots arrive. Threads with their
own connections to PostgreSQL (SQLite serialises writers, so the race cannot happen there)."""

from __future__ import annotations

import threading

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, connections

from minutebook.votes.models import NamedBallot, Participation, SecretBallot, Vote
from minutebook.votes.services import vote_cast, vote_close, vote_open
from tests.motions.world import DELEGATES, admitted

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def postgres_only(db):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (DATABASE_URL=postgres://...)")


def run_together(calls) -> list:
    """Start every call at the same moment, each in its own thread and connection; return what
    each returned or raised."""
    barrier = threading.Barrier(len(calls))
    outcomes: list = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait()
            outcomes[index] = call()
        except Exception as error:  # noqa: BLE001 - the test inspects it
            outcomes[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


@pytest.mark.parametrize("method", ["secret", "named"])
def test_the_same_voter_casting_at_once_counts_once(org, meeting, method):
    motion = admitted(org, meeting)
    vote = vote_open(actor=org.admin, meeting=meeting, method=method, motion=motion)
    user = org.user("west-delegate-0")
    outcomes = run_together(
        [lambda: vote_cast(actor=user, vote=vote, choice="for") for _ in range(8)]
    )
    succeeded = [o for o in outcomes if not isinstance(o, Exception)]
    refused = [o for o in outcomes if isinstance(o, ValidationError)]
    assert len(succeeded) == 1 and len(refused) == 7, outcomes
    if method == "secret":
        assert Participation.objects.filter(vote=vote).count() == 1
        assert SecretBallot.objects.filter(vote=vote).count() == 1
    else:
        assert NamedBallot.objects.filter(vote=vote).count() == 1


def test_ballots_racing_the_close_are_counted_or_refused_never_lost(org, meeting):
    motion = admitted(org, meeting)
    vote = vote_open(actor=org.admin, meeting=meeting, method="secret", motion=motion)
    users = [org.user(key) for key in DELEGATES]
    calls = [lambda u=u: vote_cast(actor=u, vote=vote, choice="for") for u in users]
    calls.append(lambda: vote_close(actor=org.admin, vote=vote))
    outcomes = run_together(calls)
    assert not [o for o in outcomes if isinstance(o, PermissionDenied | TypeError)], outcomes
    vote = Vote.objects.get(pk=vote.pk)
    accepted = sum(1 for o in outcomes[:-1] if not isinstance(o, Exception))
    ballots = SecretBallot.objects.filter(vote=vote).count()
    assert ballots == Participation.objects.filter(vote=vote).count() == accepted
    assert vote.status == "closed" and vote.votes_for == ballots


def test_many_voters_at_once_are_all_counted(org, meeting):
    motion = admitted(org, meeting)
    vote = vote_open(actor=org.admin, meeting=meeting, method="secret", motion=motion)
    users = [org.user(key) for key in DELEGATES]
    outcomes = run_together(
        [lambda u=u: vote_cast(actor=u, vote=vote, choice="for") for u in users]
    )
    assert not [o for o in outcomes if isinstance(o, Exception)], outcomes
    closed = vote_close(actor=org.admin, vote=vote)
    assert closed.votes_for == len(DELEGATES)
