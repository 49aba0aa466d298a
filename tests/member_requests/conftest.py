"""The small union (tests/data/small-charter.yaml) whose Council's secretary answers members'
written requests within 60 days, and whose Bureau (records seen by its members only) answers
within two calendar months.

Council: five members, council-0 its secretary (in West Local); the Bureau: council-0..2,
council-0 its secretary. Requests are made by east-member, a rank-and-file member."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone

from minutebook.meetings import clock
from minutebook.member_requests.services import request_answer, request_submit
from tests.factories import build_small_union

REQUESTS = """
obligations:
  - id: council-answers
    name: The secretary of the Council answers a member's written request within 60 days.
    body: council
    office: secretary
    within_days: 60
    after: {request: {}}
    then: {answer: {}}
  - id: bureau-answers
    body: bureau
    within_months: 2
    after: {request: {}}
    then: {answer: {}}
"""

MADE_ON = dt.date(2026, 3, 2)
DUE_ON = dt.date(2026, 5, 1)  # 60 days after 2 March: 29 days of March left, 30 of April, 1


def at(day: dt.date, hour: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


@pytest.fixture
def org(db, small_charter_text):
    return build_small_union(small_charter_text + REQUESTS)


@pytest.fixture
def outsider(db):
    """A login with no member behind it."""
    return get_user_model().objects.create_user(username="outsider", password="pw-outsider-1")


def submit(org, key="east-member", body="council", on=MADE_ON, **extra):
    with clock.replaying(at(on)):
        return request_submit(
            actor=org.user(key),
            body=org.bodies[body],
            subject=extra.pop("subject", "The accounts of 2025"),
            text=extra.pop("text", "When will the accounts of 2025 be published?"),
        )


def answer(org, made, on, key="council-0", text="In the April bulletin."):
    with clock.replaying(at(on, 15)):
        return request_answer(actor=org.user(key), request=made, answer=text)


def client_for(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client
