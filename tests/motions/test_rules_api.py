"""Readings, late admissions and the limit per unit through the API: the chair records a
reading (403 for a member, 404 for an outsider), a late motion is admitted with the counts of
the meeting's vote, a motion over the limit is refused (422 naming the field)."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.api.conftest import Api, fields
from tests.charter.charters import variant
from tests.motions.world import admitted, submit

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


def test_the_chair_records_a_reading(org, meeting, outsider):
    motion = admitted(org, meeting)
    path = f"/motions/{motion.pk}/read"

    assert Api(outsider).post(path).status_code == 404
    assert Api(org.user("west-delegate-1")).post(path).status_code == 403
    read = Api(org.user(CHAIR)).post(path)

    assert read.status_code == 200
    detail = read.json()
    assert detail["status"] == "submitted" and detail["meeting"] is None
    assert detail["readings_required"] == 2
    assert detail["readings"] == [{"number": 1, "meeting": meeting.pk, "read_on": "2026-06-01"}]
    assert detail["next_reading_due_from"] == "2026-06-15"
    again = Api(org.user(CHAIR)).post(path)
    assert again.status_code == 422 and fields(again) == {"meeting"}


def test_a_late_motion_is_admitted_with_the_counts(org, meeting, clock):
    clock.set(dt.datetime(2026, 5, 26, 12, 0, tzinfo=dt.UTC))
    motion = submit(org, meeting)
    item = meeting.agenda_items.get(position=1)
    chair = Api(org.user(CHAIR))

    refused = chair.post(f"/motions/{motion.pk}/admit", {"agenda_item": item.pk})
    assert refused.status_code == 422 and fields(refused) == {"late_votes"}
    short = chair.post(
        f"/motions/{motion.pk}/admit",
        {"agenda_item": item.pk, "late_votes": {"votes_for": 3, "votes_against": 2}},
    )
    assert short.status_code == 422 and "did not reach it" in short.json()["detail"][0]["message"]
    admitted_ = chair.post(
        f"/motions/{motion.pk}/admit",
        {"agenda_item": item.pk, "late_votes": {"votes_for": 4, "votes_against": 2}},
    )
    assert admitted_.status_code == 200
    (admission,) = admitted_.json()["late_admissions"]
    assert (admission["votes_for"], admission["threshold"]) == (4, "two_thirds_cast")


def test_a_motion_over_the_limit_is_refused(org, meeting):
    submit(org, meeting, by="west-delegate-1")
    submit(org, meeting, by="west-delegate-2", title="Second")

    refused = Api(org.user("west-delegate-0")).post(
        "/motions",
        {"body": "assembly", "decision_type": "resolution", "title": "Third",
         "text": "We rally.", "meeting": meeting.pk},
    )  # fmt: skip

    assert refused.status_code == 422 and fields(refused) == {"meeting"}
    assert "at most 2 motions per unit" in refused.json()["detail"][0]["message"]


def test_the_charter_says_the_rules(org):
    charter = Api(org.user("east-member")).get("/charter").json()

    assembly = next(b for b in charter["bodies"] if b["id"] == "assembly")
    resolution = next(t for t in charter["decision_types"] if t["id"] == "resolution")
    assert assembly["motions"] == {
        "deadline_days": 7,
        "late_admission": "two_thirds_cast",
        "per_unit_limit": 2,
    }
    assert resolution["readings"] == {"count": 2, "days_between": 14, "or_at_one_meeting": None}
