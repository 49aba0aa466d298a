"""Circulating papers for a meeting under the names of their real authors."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.template.loader import render_to_string

from minutebook.bodies.access import member_of
from minutebook.bodies.models import Body
from minutebook.journal.services import journal_append
from minutebook.live import publish as live
from minutebook.meetings import clock
from minutebook.meetings.access import can_chair_meeting
from minutebook.meetings.models import AgendaItem, Document, Meeting
from minutebook.meetings.notice import document_notice
from minutebook.meetings.selectors import closed_item_ids, documents_with_notice, seat_holders
from minutebook.meetings.services._shared import locked, notice_json
from minutebook.members.models import Member


@transaction.atomic
def document_circulate(
    *,
    actor,
    meeting: Meeting,
    title: str,
    text: str,
    authors: Iterable[Member],
    author_bodies: Iterable[Body] = (),
    agenda_item: AgendaItem | None = None,
) -> Document:
    """Circulate a paper for the meeting now, under the names of its real authors.

    The body's chair and secretary, the meeting's chair and administrators circulate any
    paper; any seat holder circulates papers they author. Whether it came in time is derived
    (`document_notice`); a late paper is circulated and flagged, not refused."""
    meeting = locked(meeting)
    authors, author_bodies = list(authors), list(author_bodies)
    meeting.refuse_if_over("no more papers for it")
    if not (can_chair_meeting(actor, meeting) or _authors_own_paper(actor, meeting, authors)):
        raise PermissionDenied(
            "a seat holder circulates only papers they author; the chair, the body's chair or "
            "secretary and administrators circulate any paper"
        )
    if not title.strip():
        raise ValidationError({"title": "a document needs a title"})
    if not text.strip():
        raise ValidationError({"text": "a document needs its text"})
    if not authors and not author_bodies:
        raise ValidationError(
            {"authors": "every document names its authors, members or bodies: no anonymous papers"}
        )
    if agenda_item is not None and agenda_item.meeting_id != meeting.pk:
        raise ValidationError({"agenda_item": "that item is on the agenda of another meeting"})
    document = Document.objects.create(
        meeting=meeting,
        agenda_item=agenda_item,
        title=title.strip(),
        text=text,
        circulated_at=clock.now(),
        circulated_by=actor,
    )
    document.authors.set(authors)
    document.author_bodies.set(author_bodies)
    verdict = document_notice(document, meeting=meeting)
    journal_append(
        actor=actor,
        action="document.circulate",
        obj=document,
        summary=f"{meeting}: document circulated: {document.title}"
        + (" (LATE)" if verdict.late else ""),
        after={
            "meeting": meeting.pk,
            "title": document.title,
            "text_sha256": hashlib.sha256(text.encode()).hexdigest(),
            "authors": [member.membership_number for member in authors],
            "author_bodies": [body.slug for body in author_bodies],
            "agenda_item": agenda_item.position if agenda_item else None,
            "circulated_at": document.circulated_at.isoformat(),
            "notice": notice_json(verdict),
        },
    )
    documents = list(
        meeting.documents.select_related("agenda_item").prefetch_related("authors", "author_bodies")
    )
    live.publish(
        meeting.pk,
        "documents",
        data={"document": document.pk, "late": verdict.late},
        fragments={
            "documents": render_to_string(
                "meetings/document_list.html",
                {
                    "meeting": meeting,
                    "documents": documents_with_notice(
                        meeting, documents, hidden=closed_item_ids(meeting)
                    ),
                },
            )
        },
    )
    return document


def _authors_own_paper(actor, meeting: Meeting, authors: list[Member]) -> bool:
    member = member_of(actor)
    return (
        member is not None
        and member.is_in_good_standing
        and any(author.pk == member.pk for author in authors)
        and seat_holders(meeting).filter(pk=member.pk).exists()
    )
