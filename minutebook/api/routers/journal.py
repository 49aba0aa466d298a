"""The journal's hash chain, checked on request."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from ninja import Router, Schema

from minutebook.api.errors import ErrorOut
from minutebook.bodies.access import is_administrator
from minutebook.journal.services import journal_verify

router = Router(tags=["journal"])


class JournalVerdictOut(Schema):
    intact: bool
    entries: int
    head_hash: str
    broken_at: int | None
    problem: str


@router.get(
    "/journal/verify",
    response={200: JournalVerdictOut, 401: ErrorOut, 403: ErrorOut},
    summary="Recompute the journal's hash chain (administrators)",
)
def journal_verify_get(request):
    if not is_administrator(request.auth):
        raise PermissionDenied("only an administrator verifies the journal")
    verdict = journal_verify()
    return {
        "intact": verdict.intact,
        "entries": verdict.entries,
        "head_hash": verdict.head_hash,
        "broken_at": verdict.broken_at,
        "problem": verdict.problem,
    }
