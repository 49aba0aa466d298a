"""Who may read the journal: administrators. Members are refused (403); a login with no
member behind it is told nothing (404)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from minutebook.bodies.access import is_administrator, require_insider


def require_journal_reader(user) -> None:
    require_insider(user)
    if not is_administrator(user):
        raise PermissionDenied("the journal is open to administrators")
