"""Signatures racing each other, on PostgreSQL (SQLite serialises writers, so the race
cannot happen there): the petition's row is locked, so the same member signing twice at once
signs once, and two signatures racing at the threshold make exactly one obligation."""

from __future__ import annotations

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from minutebook.obligations.models import Obligation
from minutebook.petitions.models import PetitionStatus, Signature
from minutebook.petitions.services import petition_sign
from tests.petitions.conftest import start

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def postgres_only(db):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (DATABASE_URL=postgres://...)")


def run_together(calls) -> list:
    """Start every call at the same moment, each in its own thread and connection."""
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


def test_the_same_member_signing_at_once_signs_once(org):
    petition = start(org)
    user = org.user("west-member")

    outcomes = run_together([lambda: petition_sign(actor=user, petition=petition)] * 6)

    refused = [o for o in outcomes if isinstance(o, ValidationError)]
    assert len(refused) == 5, outcomes
    assert (
        Signature.objects.filter(petition=petition, member=org.members["west-member"]).count() == 1
    )


def test_signatures_racing_at_the_threshold_make_one_obligation(org):
    """3 of 4 signed; five more sign at once: one reaches the threshold, four are refused."""
    petition = start(org)
    for key in ("west-member", "east-delegate-0"):
        petition_sign(actor=org.user(key), petition=petition)
    users = [
        org.user(k)
        for k in (
            "east-delegate-1",
            "east-delegate-2",
            "west-delegate-0",
            "west-delegate-1",
            "west-delegate-2",
        )
    ]

    outcomes = run_together([lambda u=u: petition_sign(actor=u, petition=petition) for u in users])

    signed = [o for o in outcomes if isinstance(o, Signature)]
    refused = [o for o in outcomes if isinstance(o, ValidationError)]
    assert (len(signed), len(refused)) == (1, 4), outcomes
    petition.refresh_from_db()
    assert petition.status == PetitionStatus.REACHED
    assert Signature.objects.filter(petition=petition).count() == 4
    assert Obligation.objects.filter(source=petition.source).count() == 1
