"""Duties the charter imposes with a deadline, each judged against the record: overdue when
missed. See `models.Obligation` (a duty that arose from an event) and `charter_duties` (the
recurring duties the charter declares)."""
