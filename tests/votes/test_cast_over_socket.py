"""Casting over the meeting's websocket (minutebook.votes.casting): the same service and the
same answer as posting the ballot form, the receipt code only in the voter's own reply."""

from __future__ import annotations

import re
import time

import pytest
from asgiref.sync import async_to_sync
from channels.routing import URLRouter
from channels.testing import WebsocketCommunicator

from minutebook.routing import websocket_urlpatterns
from minutebook.votes.models import Participation, SecretBallot
from minutebook.votes.receipts import receipt_hash
from minutebook.votes.services import vote_open
from tests.motions.world import admitted

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def fresh_vote_places(monkeypatch):
    # Each worker remembers which meeting a vote is in (it never changes); the test database
    # hands out the same vote ids again from test to test, a real one never does.
    from minutebook.votes import casting

    monkeypatch.setattr(casting, "_places", {})


async def reply_to(communicator, ref) -> tuple[dict, list[dict]]:
    """The reply with `ref`, and every other message received before it."""
    others = []
    while True:
        message = await communicator.receive_json_from(timeout=5)
        if message["topic"] == "reply" and message["ref"] == ref:
            return message["data"], others
        others.append(message)


def casting(user, meeting, sends: list[dict]) -> list[tuple[dict, list[dict]]]:
    """Connect as `user` to `meeting`'s socket and send each of `sends` as a cast: the replies,
    each with the messages before it (the last one also with those that came after it)."""

    async def scenario():
        communicator = WebsocketCommunicator(
            URLRouter(websocket_urlpatterns), f"/ws/meetings/{meeting.pk}/"
        )
        communicator.scope["user"] = user
        connected, _ = await communicator.connect()
        assert connected
        assert (await communicator.receive_json_from())["topic"] == "hello"
        replies = []
        for ref, data in enumerate(sends, start=1):
            await communicator.send_json_to({"topic": "cast", "ref": ref, "data": data})
            replies.append(await reply_to(communicator, ref))
        # The events that follow the last reply (what every participant gets).
        later = replies[-1][1]
        while not await communicator.receive_nothing(timeout=0.5):
            later.append(await communicator.receive_json_from())
        await communicator.disconnect()
        return replies

    return async_to_sync(scenario)()


@pytest.fixture
def secret_vote(org, meeting):
    motion = admitted(org, meeting)
    return vote_open(
        actor=org.user("east-delegate-0"), meeting=meeting, method="secret", motion=motion
    )


def test_a_secret_ballot_cast_over_the_socket_is_counted_once(org, meeting, secret_vote):
    voter = org.user("west-delegate-0")
    ballot = {"vote": secret_vote.pk, "fields": [["choice", "against"]]}
    before = time.time()
    (first, events_before), (second, events_after) = casting(voter, meeting, [ballot, ballot])
    # Live events go out as they happen, before or after the voter's own answer.
    events = events_before + events_after

    assert first["ok"] and first["vote"] == secret_vote.pk and first["error"] is None
    # When it was committed, so that a page knows which count includes it.
    assert before < first["recorded_at"] < time.time()
    code = re.search(r'receipt-code">([0-9A-Z-]+)<', first["html"]).group(1)
    assert "Your vote is recorded" in first["html"]
    assert f'id="ballot-{secret_vote.pk}" hx-swap-oob="true"' in first["html"]
    stored = SecretBallot.objects.get(vote=secret_vote)
    assert (stored.choice, stored.receipt_hash) == ("against", receipt_hash(code))
    assert Participation.objects.filter(vote=secret_vote).count() == 1
    # The count goes to everybody, the receipt only to the voter.
    counts = [e for e in events if e["topic"] == "vote"]
    assert counts and all(e["data"]["cast"] == 1 and code not in str(e) for e in counts)

    assert not second["ok"] and second["recorded_at"] is None
    assert "already been cast" in second["error"] and "already been cast" in second["html"]
    assert SecretBallot.objects.filter(vote=secret_vote).count() == 1


def test_a_follower_without_a_vote_is_refused(org, meeting, secret_vote):
    [(answer, _)] = casting(
        org.user("east-member"),
        meeting,
        [{"vote": secret_vote.pk, "fields": [["choice", "for"]]}],
    )
    assert not answer["ok"] and answer["error"] == "you have no vote in this vote"
    assert not SecretBallot.objects.filter(vote=secret_vote).exists()


def test_a_bad_choice_or_a_malformed_cast_says_what_is_wrong(org, meeting, secret_vote):
    voter = org.user("west-delegate-0")
    replies = casting(
        voter,
        meeting,
        [
            {"vote": secret_vote.pk, "fields": [["choice", "maybe"]]},
            {"fields": [["choice", "for"]]},
            {"vote": secret_vote.pk, "fields": "for"},
            {"vote": secret_vote.pk + 1000, "fields": [["choice", "for"]]},
        ],
    )
    [bad_choice, no_vote, bad_fields, elsewhere] = [answer for answer, _ in replies]
    assert bad_choice["error"] == "vote for, against or abstain"
    assert (
        no_vote["error"]
        == bad_fields["error"]
        == ('a cast is {"vote": ID, "fields": [[NAME, VALUE], ...]}')
    )
    assert elsewhere["error"] == f"this meeting has no vote {secret_vote.pk + 1000}"
    assert not any(answer["ok"] for answer, _ in replies)
    assert not SecretBallot.objects.filter(vote=secret_vote).exists()


def test_a_vote_of_another_meeting_cannot_be_cast_from_this_ones_socket(org, meeting, secret_vote):
    from tests.meetings.conftest import convene

    [(answer, _)] = casting(
        org.user("council-2"),
        convene(org),
        [{"vote": secret_vote.pk, "fields": [["choice", "for"]]}],
    )
    assert answer["error"] == f"this meeting has no vote {secret_vote.pk}"
    assert not SecretBallot.objects.filter(vote=secret_vote).exists()


def test_casts_arriving_together_are_each_answered_and_counted_once(org, meeting, secret_vote):
    """Delegates pressing at the same moment, one of them twice: the worker casts what
    arrived together in one transaction, and each socket gets its own answer."""
    voters = [
        org.user(name)
        for name in ("west-delegate-0", "west-delegate-1", "east-delegate-0", "east-delegate-1")
    ]

    async def scenario():
        communicators = []
        for user in voters:
            communicator = WebsocketCommunicator(
                URLRouter(websocket_urlpatterns), f"/ws/meetings/{meeting.pk}/"
            )
            communicator.scope["user"] = user
            assert (await communicator.connect())[0]
            await communicator.receive_json_from()  # hello
            communicators.append(communicator)
        for ref, communicator in enumerate(communicators, start=1):
            ballot = {
                "vote": secret_vote.pk,
                "fields": [["choice", "for" if ref % 2 else "against"]],
            }
            await communicator.send_json_to({"topic": "cast", "ref": ref, "data": ballot})
            if ref == 1:  # pressed twice
                await communicator.send_json_to({"topic": "cast", "ref": 10, "data": ballot})
        answers = [
            (await reply_to(communicator, ref))[0]
            for ref, communicator in enumerate(communicators, start=1)
        ]
        again = (await reply_to(communicators[0], 10))[0]
        for communicator in communicators:
            await communicator.disconnect()
        return answers, again

    answers, again = async_to_sync(scenario)()
    assert all(answer["ok"] for answer in answers)
    codes = [re.search(r'receipt-code">([0-9A-Z-]+)<', a["html"]).group(1) for a in answers]
    assert len(set(codes)) == 4
    assert not again["ok"] and "already been cast" in again["error"]
    stored = SecretBallot.objects.filter(vote=secret_vote)
    assert {ballot.receipt_hash for ballot in stored} == {receipt_hash(code) for code in codes}
    assert sorted(stored.values_list("choice", flat=True)) == ["against"] * 2 + ["for"] * 2
    assert Participation.objects.filter(vote=secret_vote).count() == 4


def test_casts_wait_for_the_batch_with_the_database_and_go_together():
    import asyncio

    from minutebook.votes.casting import SocketCasts

    batches = []

    async def cast_many(casts):
        batches.append([data for _, _, data in casts])
        await asyncio.sleep(0.05)  # the database at work
        return [{"ok": True, "data": data} for _, _, data in casts]

    async def scenario():
        casts = SocketCasts(cast_many)
        first = asyncio.ensure_future(casts.cast("rosa", 1, "a"))
        await asyncio.sleep(0)  # the first goes to the database at once
        rest = [asyncio.ensure_future(casts.cast("user", 1, data)) for data in "bcd"]
        return await asyncio.gather(first, *rest)

    answers = asyncio.run(scenario())
    assert batches == [["a"], ["b", "c", "d"]]
    assert [answer["data"] for answer in answers] == ["a", "b", "c", "d"]
