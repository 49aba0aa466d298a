"""The small union with the petitions section of tests/petitions/charter.py.

Members in good standing: 6 assembly delegates (3 per local), 5 council members (2 in east,
3 in west), one rank-and-file member in each local: 13 in the union, 6 in east (delegates
0-2, council 1 and 3, east-member), 7 in west. 30 % of 13 is 3.9, so the special assembly
needs 4 signatures."""

from __future__ import annotations

import pytest
from django.test import Client

from minutebook.members.models import MembershipStatus
from minutebook.petitions.services import petition_start
from tests.factories import build_small_union
from tests.petitions.charter import charter_with_petitions


@pytest.fixture
def org(db):
    return build_small_union(charter_with_petitions())


@pytest.fixture
def suspended(org):
    member = org.members["west-member"]
    member.status = MembershipStatus.SUSPENDED
    member.save(update_fields=["status"])
    return org.user("west-member")


def start(org, key: str = "east-member", kind: str = "special-assembly", **extra):
    return petition_start(
        actor=org.user(key),
        kind=kind,
        title=extra.pop("title", "Call a special assembly on the rent strike"),
        demand=extra.pop("demand", "We require a special General Assembly."),
    )


def client_for(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client
