"""Readings, late motions and the limit per unit on the pages, and who may record a reading or
admit a late motion: a matrix of personas, the service checked beneath the page.

The General Assembly's resolutions are read twice, 14 days apart; its deadline for motions is
7 days, a late motion needs two-thirds of the votes cast; at most 2 motions per local."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from minutebook.motions.models import Motion, MotionStatus
from minutebook.motions.services import motion_read
from tests.charter.charters import variant
from tests.motions.world import admitted, submit
from tests.web.conftest import client_for

CHAIR = "east-delegate-1"


@pytest.fixture
def small_charter_text(small_charter_text):
    return variant(
        (
            "  - id: resolution\n    name: Resolution\n",
            "  - id: resolution\n    name: Resolution\n"
            "    readings: {count: 2, days_between: 14}\n",
        ),
        (
            "    proxies: true\n    visibility: members\n",
            "    proxies: true\n    visibility: members\n"
            "    motions: {deadline_days: 7, late_admission: two_thirds_cast, per_unit_limit: 2}\n",
        ),
        text=small_charter_text,
    )


@pytest.fixture
def personas(org, outsider):
    return {
        "chair": org.user(CHAIR),  # chairs the meeting
        "secretary": org.user("east-delegate-0"),  # the assembly's secretary
        "admin": org.admin,
        "delegate": org.user("west-delegate-2"),
        "member": org.user("east-member"),  # no seat on the assembly
        "outsider": outsider,
    }


ALLOWED = [
    ("chair", True),
    ("secretary", True),
    ("admin", True),
    ("delegate", False),
    ("member", False),
    ("outsider", None),
]


@pytest.mark.parametrize(("persona", "allowed"), ALLOWED)
def test_who_records_a_reading(org, meeting, personas, persona, allowed):
    motion = admitted(org, meeting)
    expected = {True: 302, False: 403, None: 404}[allowed]

    response = client_for(personas[persona]).post(f"/motions/{motion.pk}/read/")

    assert response.status_code == expected
    motion.refresh_from_db()
    assert motion.readings.exists() is bool(allowed)


@pytest.mark.parametrize(("persona", "allowed"), ALLOWED)
def test_who_admits_a_late_motion(org, meeting, clock, personas, persona, allowed):
    clock.set(dt.datetime(2026, 5, 26, 12, 0, tzinfo=dt.UTC))
    motion = submit(org, meeting)
    expected = {True: 302, False: 403, None: 404}[allowed]
    item = meeting.agenda_items.get(position=1)

    response = client_for(personas[persona]).post(
        f"/motions/{motion.pk}/admit/",
        {"agenda_item": item.pk, "votes_for": 4, "votes_against": 2},
    )

    assert response.status_code == expected
    motion.refresh_from_db()
    assert (motion.status == MotionStatus.ADMITTED) is bool(allowed)


@pytest.mark.parametrize(("persona", "allowed"), ALLOWED[:5])
def test_the_service_checks_who_records_a_reading_too(org, meeting, personas, persona, allowed):
    motion = admitted(org, meeting)

    if allowed:
        assert motion_read(actor=personas[persona], motion=motion, meeting=meeting).number == 1
    else:
        with pytest.raises(PermissionDenied):
            motion_read(actor=personas[persona], motion=motion, meeting=meeting)


def test_the_motion_page_shows_its_readings(org, meeting):
    motion = admitted(org, meeting)
    chair = client_for(org.user(CHAIR))
    page = chair.get(f"/motions/{motion.pk}/").content.decode()
    assert "1st reading due at a meeting of General Assembly" in page
    assert "Record its 1st reading at this meeting" in page

    chair.post(f"/motions/{motion.pk}/read/")
    page = chair.get(f"/motions/{motion.pk}/").content.decode()

    assert (
        "1st reading 1 June 2026 at General Assembly, June session; 2nd and last reading, "
        "with the vote due from 15 June 2026" in page
    )
    assert "Record its" not in page
    assert "Admit to the agenda" in page  # to a coming meeting the chair may chair


def test_the_late_mark_and_the_admission_vote_on_the_page(org, meeting, clock):
    clock.set(dt.datetime(2026, 5, 26, 12, 0, tzinfo=dt.UTC))
    motion = submit(org, meeting)
    chair = client_for(org.user(CHAIR))
    page = chair.get(f"/motions/{motion.pk}/").content.decode()
    assert "Late</strong> the motion was submitted 6 days before the meeting" in page
    assert "A late motion: the meeting's vote admitting it" in page
    item = meeting.agenda_items.get(position=1)

    refused = chair.post(
        f"/motions/{motion.pk}/admit/", {"agenda_item": item.pk}, follow=True
    ).content.decode()
    assert "a late motion is admitted only by two-thirds of the votes cast" in refused
    chair.post(
        f"/motions/{motion.pk}/admit/", {"agenda_item": item.pk, "votes_for": 4, "votes_against": 2}
    )

    page = chair.get(f"/motions/{motion.pk}/").content.decode()
    assert "Admitted late" in page and "4 for, 2 against, 0 abstaining" in page


def test_the_submit_form_refuses_over_the_limit_with_the_rule(org, meeting):
    submit(org, meeting, by="west-delegate-1")
    submit(org, meeting, by="west-delegate-2", title="Second")

    response = client_for(org.user("west-delegate-0")).post(
        "/motions/new/",
        {
            "body": "assembly", "meeting": meeting.pk, "decision_type": "resolution",
            "title": "Third", "text": "We rally.",
            "authors": org.members["west-delegate-0"].membership_number,
        },
    )  # fmt: skip

    assert response.status_code == 200
    assert (
        "the charter allows at most 2 motions per unit to one meeting of General Assembly; "
        "West Local has 2 for General Assembly, June session already"
    ) in response.content.decode()
    assert not Motion.objects.filter(title="Third").exists()


def test_the_body_and_charter_pages_say_the_rules(org):
    member = client_for(org.user("east-member"))
    body_page = member.get("/bodies/assembly/").content.decode()
    charter_page = member.get("/charter/").content.decode()

    rules = (
        "Motions are due 7 days before the meeting; a late one is admitted only by two-thirds "
        "of the votes cast (abstentions do not count); at most 2 per unit for one meeting"
    )
    assert rules in body_page and rules in charter_page
    assert "read 2 times at separate meetings, at least 14 days apart, voted on at the last" in (
        charter_page
    )
