"""Calendar arithmetic the charter's rules share (terms of office, calendar months, periods of
protection, months of membership). No Django here: the charter's loader uses it too."""

from __future__ import annotations

import calendar
import datetime as dt


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later (or earlier, for a negative number); a day the month
    lacks (31 April, 29 February in a common year) gives that month's last day."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))
