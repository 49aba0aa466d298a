"""A range of seats ("three to five members"): no more than the most are filled, and the
body is short of members only below the fewest."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from minutebook.bodies.models import Seat, SeatMethod
from minutebook.bodies.selectors import body_seat_groups, seat_counts
from minutebook.bodies.services import seat_end, seat_fill
from minutebook.charter.selectors import charter_in_force
from tests.factories import FOUNDED, build_small_union, make_member, record

COUNCIL_SEATS = "      - elected: {by_body: assembly, count: 5, term_months: 12}\n"


@pytest.fixture
def org(db, small_charter_text):
    assert small_charter_text.count(COUNCIL_SEATS) == 1
    return build_small_union(
        small_charter_text.replace(
            COUNCIL_SEATS,
            "      - elected: {by_body: assembly, count: {min: 3, max: 5}, term_months: 12}\n",
        )
    )


def _council_count(org):
    return seat_counts(charter_in_force(), [org.bodies["council"]])[org.bodies["council"].pk]


def test_the_most_seats_of_a_range_are_filled_and_no_more(org):
    """The small union fills five Council seats: the sixth is refused."""
    newcomer = make_member("New Person", org.units["east"])
    election = record(org.bodies["assembly"], "resolution", yes=6, no=0)
    with pytest.raises(ValidationError, match="all 5 elected seats on Council are filled"):
        seat_fill(
            actor=org.admin,
            body=org.bodies["council"],
            member=newcomer,
            method=SeatMethod.ELECTED,
            starts_on=FOUNDED,
            source_decision=election,
        )


def test_a_range_is_short_only_below_its_fewest(org):
    today = dt.date.today()
    assert _council_count(org).vacancies == 0
    seats = list(
        Seat.objects.current().filter(body=org.bodies["council"]).order_by("member__full_name")
    )
    for seat in seats[:2]:  # five less two: three, the fewest
        seat_end(actor=org.admin, seat=seat, ended_on=today, reason="resigned")
    tomorrow = today + dt.timedelta(days=1)
    held = list(Seat.objects.current(on=tomorrow).filter(body=org.bodies["council"]))
    assert len(held) == 3
    assert [g.vacant for g in body_seat_groups(org.bodies["council"], held=held)] == [0]
    seat_end(actor=org.admin, seat=seats[2], ended_on=today, reason="resigned")
    held = list(Seat.objects.current(on=tomorrow).filter(body=org.bodies["council"]))
    groups = body_seat_groups(org.bodies["council"], held=held)
    assert [(g.seats, g.fewest, g.filled, g.vacant) for g in groups] == [(5, 3, 2, 1)]
