"""Personas and a small client for the API tests.

admin: the administrator. secretary: secretary of the General Assembly (an East delegate).
council_secretary: secretary of the Council and of the Bureau. member: a rank-and-file member
of East Local; other_member: one of West Local. outsider: a login with no place on the roll.
anonymous: no login at all."""

from __future__ import annotations

import json

import pytest
from django.test import Client


class Api:
    """The Django test client, speaking JSON to /api/v1, signed in as one user."""

    def __init__(self, user=None, *, token: str | None = None, client: Client | None = None):
        self.client = client or Client()
        self.headers = {"Authorization": f"Bearer {token}"} if token else {}
        if user is not None:
            self.client.force_login(user)

    def get(self, path: str, **params):
        return self.client.get(f"/api/v1{path}", params, headers=self.headers)

    def post(self, path: str, data: dict | None = None, **extra):
        return self.client.post(
            f"/api/v1{path}",
            json.dumps(data or {}),
            content_type="application/json",
            headers={**self.headers, **extra.pop("headers", {})},
            **extra,
        )

    def delete(self, path: str):
        return self.client.delete(f"/api/v1{path}", headers=self.headers)


def fields(response) -> set[str | None]:
    """The fields an error answer names."""
    return {item["field"] for item in response.json()["detail"]}


def rules(response) -> set[str | None]:
    return {item["rule"] for item in response.json()["detail"]}


@pytest.fixture
def admin(org):
    return Api(org.admin)


@pytest.fixture
def secretary(org):
    return Api(org.user("east-delegate-0"))


@pytest.fixture
def council_secretary(org):
    return Api(org.user("council-0"))


@pytest.fixture
def member(org):
    return Api(org.user("east-member"))


@pytest.fixture
def other_member(org):
    return Api(org.user("west-member"))


@pytest.fixture
def outsider_api(org, outsider):
    return Api(outsider)


@pytest.fixture
def anonymous(org):
    return Api()


@pytest.fixture
def ledger(org):
    """A few decisions of every visibility:

    campaign: General Assembly (every member reads it), implemented after a progress note.
    bureau: the Bureau's (only its three seat holders and the administrator read it).
    east: East Local's committee (only East members read it).
    overdue: a Council decision past its due date, for which the Bureau is responsible.
    irregular: a Council spending decision that failed its threshold, recorded anyway.
    rescinded / rescission: a Council resolution and the Council decision rescinding it.
    bureau_ended: a Bureau decision that a Council decision (`bureau_ender`) rescinded."""
    import datetime as dt

    from django.utils import timezone

    from minutebook.bodies.models import SeatMethod
    from minutebook.bodies.services import seat_fill
    from minutebook.ledger.services import decision_add_progress
    from tests.factories import FOUNDED, record

    bodies = org.bodies
    today = timezone.localdate()
    for key in ("east-delegate-1", "east-delegate-2"):
        seat_fill(
            actor=org.admin,
            body=bodies["local-committee.east"],
            member=org.members[key],
            method=SeatMethod.ELECTED,
            starts_on=FOUNDED,
            constituency=org.units["east"],
        )
    decisions = {
        "campaign": record(
            bodies["assembly"], "resolution", yes=5, no=1, title="Start the rent campaign"
        ),
        "bureau": record(bodies["bureau"], "resolution", yes=3, no=0, title="Bureau rota"),
        "east": record(
            bodies["local-committee.east"], "resolution", yes=2, no=0, title="East leaflets"
        ),
        "overdue": record(
            bodies["council"],
            "resolution",
            yes=4,
            no=1,
            title="Publish the accounts",
            decided_on=today - dt.timedelta(days=40),
            due_on=today - dt.timedelta(days=10),
            responsible_body=bodies["bureau"],
        ),
        "irregular": record(
            bodies["council"],
            "budget.spend",
            yes=2,
            no=3,
            title="Buy a printer",
            irregular_reason="the minutes say it was adopted; recorded as taken",
        ),
        "rescinded": record(bodies["council"], "resolution", yes=4, no=0, title="Old policy"),
    }
    decisions["rescission"] = record(
        bodies["council"],
        "decision.rescind",
        yes=4,
        no=0,
        title="Rescind the old policy",
        ends=decisions["rescinded"],
        decided_on=dt.date(2026, 3, 2),
    )
    decisions["bureau_ended"] = record(
        bodies["bureau"], "resolution", yes=2, no=1, title="Bureau expenses rule"
    )
    decisions["bureau_ender"] = record(
        bodies["council"],
        "decision.rescind",
        yes=4,
        no=1,
        title="Rescind a Bureau rule",
        ends=decisions["bureau_ended"],
        decided_on=dt.date(2026, 3, 3),
    )
    decision_add_progress(
        actor=org.admin,
        decision=decisions["campaign"],
        written_on=dt.date(2026, 4, 1),
        text="Leaflets printed and handed out.",
        status="implemented",
    )
    for decision in decisions.values():
        decision.refresh_from_db()
    return decisions
