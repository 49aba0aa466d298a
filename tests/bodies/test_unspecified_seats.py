"""Seats whose number the charter leaves open (`count: unspecified`, the Bureau under
tests/factories.py:open_charter): filled without a limit, and never shown as vacant."""

import pytest

from minutebook.bodies.models import Seat, SeatMethod
from minutebook.bodies.selectors import body_seat_groups, seat_counts
from minutebook.bodies.services import seat_fill
from minutebook.charter.selectors import charter_in_force
from tests.factories import FOUNDED, build_small_union, make_member, open_charter, record


@pytest.fixture
def org(db, small_charter_text):
    return build_small_union(open_charter(small_charter_text))


def test_seats_are_filled_beyond_any_number(org):
    """Under the usual charter the Bureau has 3 seats, all filled; here a fourth and a fifth
    are elected without refusal."""
    bureau = org.bodies["bureau"]
    election = record(org.bodies["council"], "resolution", yes=5, no=0)
    for name in ("Fourth Member", "Fifth Member"):
        seat_fill(
            actor=org.admin,
            body=bureau,
            member=make_member(name, org.units["east"]),
            method=SeatMethod.ELECTED,
            starts_on=FOUNDED,
            source_decision=election,
        )

    assert Seat.objects.current().filter(body=bureau).count() == 5
    count = seat_counts(charter_in_force(), [bureau])[bureau.pk]
    assert (count.held, count.fixed, count.vacancies) == (5, None, None)
    assert body_seat_groups(bureau) == []


def test_the_body_page_shows_no_vacancies_and_says_the_number_is_open(org, client):
    client.force_login(org.user("council-0"))

    html = client.get("/bodies/bureau/").content.decode()

    assert "Seats (their number not fixed by the charter) elected by the Council" in html
    assert "vacant" not in html
