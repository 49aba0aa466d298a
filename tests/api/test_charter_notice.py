"""GET /charter: a notice in hours, and a decision type's own notice and quorum."""

import pytest

from tests.charter.charters import variant
from tests.factories import build_small_union


@pytest.fixture
def org(db, small_charter_text):
    text = variant(
        (
            "    notice: {meeting_days: 1, documents_days: 1}\n",
            "    notice: {meeting_hours: 12, documents_days: 1}\n",
        ),
        (
            "    threshold: two_thirds_entire\n    notice_required: true\n",
            "    threshold: two_thirds_entire\n    notice: {days: 14}\n    quorum: 4\n",
        ),
        text=small_charter_text,
    )
    return build_small_union(text)


def test_a_period_in_hours_and_a_types_own_notice_and_quorum(member):
    charter = member.get("/charter").json()

    bureau = next(body for body in charter["bodies"] if body["id"] == "bureau")
    assert (bureau["notice"]["meeting_days"], bureau["notice"]["meeting_hours"]) == (None, 12)
    assert bureau["notice"]["unspecified"] == []
    expel = next(t for t in charter["decision_types"] if t["id"] == "member.expel")
    assert expel["notice_required"] is True
    assert expel["notice"] == {"days": 14, "hours": None}
    assert expel["quorum"]["at_least"] == 4 and expel["quorum"]["rule"] == "at least 4 present"
    resolution = next(t for t in charter["decision_types"] if t["id"] == "resolution")
    assert (resolution["notice"], resolution["quorum"]) == (None, None)
