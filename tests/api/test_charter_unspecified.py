"""GET /charter where the charter leaves values open: null, and a field that says so."""

import pytest

from tests.factories import build_small_union, open_charter


@pytest.fixture
def org(db, small_charter_text):
    return build_small_union(open_charter(small_charter_text))


def _body(charter: dict, body_id: str) -> dict:
    return next(body for body in charter["bodies"] if body["id"] == body_id)


def test_open_values_are_null_and_named(member):
    charter = member.get("/charter").json()

    council = _body(charter, "council")
    assert (council["quorum"], council["quorum_unspecified"]) == (None, True)
    assert council["notice"] == {
        "meeting_days": None,
        "documents_days": None,
        "emergency_allowed": True,
        "emergency_meeting_days": None,
        "emergency_declared_by": ["council"],
        "meeting_hours": None,
        "documents_hours": None,
        "emergency_meeting_hours": None,
        "unspecified": ["meeting_days", "documents_days", "emergency_meeting_days"],
    }
    bureau_seat = _body(charter, "bureau")["seats"][0]
    assert (bureau_seat["count"], bureau_seat["count_unspecified"]) == (None, True)


def test_fixed_values_are_as_before(member):
    charter = member.get("/charter").json()

    bureau = _body(charter, "bureau")
    assert (bureau["quorum"]["at_least"], bureau["quorum_unspecified"]) == (2, False)
    assembly = _body(charter, "assembly")
    assert assembly["notice"]["meeting_days"] == 14
    assert assembly["notice"]["unspecified"] == []
    assert (assembly["seats"][0]["count"], assembly["seats"][0]["count_unspecified"]) == (3, False)
