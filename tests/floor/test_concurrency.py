"""One speaker at a time, also when several chairs press "call next" at the same moment.
PostgreSQL only: SQLite serializes every writer anyway."""

import threading

import pytest
from django.db import connection, connections

from minutebook.floor.models import RequestStatus, SpeakerRequest
from minutebook.floor.services import FloorRefused, floor_call_next, floor_request

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

CHAIRS = 8


def run_at_once(functions):
    """Run each function in its own thread (and database connection), all released at once;
    return what each returned or raised."""
    barrier = threading.Barrier(len(functions))
    outcomes: list = [None] * len(functions)

    def worker(index, function):
        try:
            barrier.wait()
            outcomes[index] = function()
        except Exception as error:  # the outcome is what the test looks at
            outcomes[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=pair) for pair in enumerate(functions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def test_chairs_calling_at_once_call_one_speaker(org, meeting, chair, secretary):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL")
    for key in ("east-delegate-1", "east-delegate-2", "west-delegate-1"):
        floor_request(actor=org.user(key), meeting=meeting, kind="speech")
    chairs = [chair, secretary, org.admin] * CHAIRS

    outcomes = run_at_once(
        [lambda user=user: floor_call_next(actor=user, meeting=meeting) for user in chairs]
    )

    called = [o for o in outcomes if isinstance(o, SpeakerRequest)]
    refused = [o for o in outcomes if isinstance(o, FloorRefused)]
    assert len(called) == 1
    assert len(refused) == len(chairs) - 1
    assert called[0].member == org.members["east-delegate-1"]
    assert SpeakerRequest.objects.filter(status=RequestStatus.SPEAKING).count() == 1
    assert SpeakerRequest.objects.filter(status=RequestStatus.WAITING).count() == 2


def test_a_member_asking_twice_at_once_waits_once(org, meeting):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL")
    delegate = org.user("east-delegate-1")

    outcomes = run_at_once(
        [lambda: floor_request(actor=delegate, meeting=meeting, kind="speech")] * 6
    )

    assert sum(isinstance(o, SpeakerRequest) for o in outcomes) == 1
    assert all(isinstance(o, SpeakerRequest | FloorRefused) for o in outcomes), outcomes
    assert SpeakerRequest.objects.filter(status=RequestStatus.WAITING).count() == 1


def test_many_delegates_asking_at_once_all_get_on_the_list(org, meeting):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL")
    keys = [f"{local}-delegate-{i}" for local in ("east", "west") for i in range(3)]

    outcomes = run_at_once(
        [
            lambda key=key: floor_request(actor=org.user(key), meeting=meeting, kind="speech")
            for key in keys
        ]
    )

    assert all(isinstance(o, SpeakerRequest) for o in outcomes), outcomes
    assert SpeakerRequest.objects.filter(status=RequestStatus.WAITING).count() == len(keys)
