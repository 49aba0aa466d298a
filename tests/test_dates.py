"""Calendar months as the charter's rules count them."""

import datetime as dt

from minutebook.dates import add_months

D = dt.date


def test_the_same_day_months_later_or_earlier():
    assert add_months(D(2026, 3, 3), 12) == D(2027, 3, 3)
    assert add_months(D(2026, 11, 15), 3) == D(2027, 2, 15)
    assert add_months(D(2026, 3, 3), -3) == D(2025, 12, 3)


def test_a_day_the_month_lacks_gives_its_last_day():
    assert add_months(D(2026, 1, 31), 1) == D(2026, 2, 28)
    assert add_months(D(2026, 8, 31), 6) == D(2027, 2, 28)
    assert add_months(D(2028, 2, 29), 12) == D(2029, 2, 28)
    assert add_months(D(2028, 1, 31), 1) == D(2028, 2, 29)
