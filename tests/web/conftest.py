"""Personas and a small ledger for the page tests.

Personas of the small union (tests/factories.py): an administrator; `member` (a rank-and-file
member of the East local, on no body); `secretary` (secretary of the General Assembly);
`bureau` (a Bureau member, so she may read the Bureau's closed records); `council_secretary`
(secretary of the Council and of the Bureau); an `outsider` (a login with no member behind
it); an `applicant` (on the roll, not in good standing)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from minutebook.bodies.services import body_register_unchartered
from tests.factories import record


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def login():
    """A function giving a client logged in as any user."""
    return client_for


@pytest.fixture
def admin_client(org):
    return client_for(org.admin)


@pytest.fixture
def member_client(org):
    return client_for(org.user("east-member"))


@pytest.fixture
def secretary_client(org):
    return client_for(org.user("east-delegate-0"))


@pytest.fixture
def bureau_client(org):
    return client_for(org.user("council-1"))


@pytest.fixture
def council_secretary_client(org):
    return client_for(org.user("council-0"))


@pytest.fixture
def outsider_client(outsider):
    return client_for(outsider)


@pytest.fixture
def applicant_client(org):
    return client_for(org.user("applicant"))


@pytest.fixture
def anonymous_client(db):
    return Client()


@pytest.fixture
def ledger(org):
    """A handful of decisions: an open one, a closed Bureau one, an overdue one, an irregular
    one, and a claim of an unchartered group."""
    bodies = org.bodies
    today = timezone.localdate()
    coordinating = body_register_unchartered(actor=org.admin, name="Coordinating Committee")
    decisions = {
        "open": record(
            bodies["assembly"], "resolution", title="Support the tenants of Elm Street", yes=5, no=1,
            text="The assembly **supports** the tenants.", decided_on=today - dt.timedelta(days=30),
        ),
        "secret": record(
            bodies["bureau"], "resolution", title="Secret bureau plan", yes=3, no=0,
            text="SECRET-TEXT of the bureau", decided_on=today - dt.timedelta(days=20),
            responsible_member=org.members["east-member"],
        ),
        "overdue": record(
            bodies["council"], "resolution", title="Print the leaflets", yes=4, no=1,
            decided_on=today - dt.timedelta(days=40), due_on=today - dt.timedelta(days=5),
            responsible_member=org.members["east-member"],
        ),
        "irregular": record(
            bodies["assembly"], "budget.spend", title="Buy a van", yes=5, no=1, decided_on=today - dt.timedelta(days=10),
            irregular_reason="The assembly voted it although the charter gives spending to the council.",
        ),
        "claim": record(
            coordinating, "resolution", title="Coordinators call a rally", decided_on=today - dt.timedelta(days=5),
            irregular_reason="Taken by a group the charter does not know.",
        ),
    }  # fmt: skip
    decisions["coordinating"] = coordinating
    return decisions
