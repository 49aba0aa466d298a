"""The journal of every change to the record, for administrators, with its verification."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render

from minutebook.journal.access import require_journal_reader
from minutebook.journal.models import JournalEntry
from minutebook.journal.services import journal_verify

PAGE_SIZE = 50


@login_required
def journal_entries(request, verdict=None):
    require_journal_reader(request.user)
    entries = JournalEntry.objects.order_by("-position")
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "journal/journal.html", {"page": page, "verdict": verdict})


@login_required
def journal_check(request):
    """Recompute the hash chain: the verdict alone for htmx, else the journal page with it."""
    require_journal_reader(request.user)
    verdict = journal_verify()
    if request.headers.get("HX-Request") == "true":
        return render(request, "journal/verdict.html", {"verdict": verdict})
    return journal_entries(request, verdict=verdict)
