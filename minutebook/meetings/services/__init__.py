"""Meetings from notice to approved minutes.

Every function here is one transaction that changes the record, journals the change in the
same transaction, and tells the meeting's live participants after commit. Who may do what is
listed in `minutebook.meetings.access`; the charter's rules (notice, emergencies, proxies,
quorum) are read from the charter in force. Times come from `minutebook.meetings.clock`.

One module per part of a meeting's life: `convening`, `agenda`, `documents`, `attendance`,
`states` (opening and closing), `approval` (of the minutes).
"""

from minutebook.meetings.notice import NoticeVerdict, document_notice, meeting_notice
from minutebook.meetings.services.agenda import (
    agenda_item_add,
    agenda_item_close_session,
    agenda_item_edit,
    agenda_item_remove,
    agenda_reorder,
)
from minutebook.meetings.services.approval import MINUTES_APPROVE, meeting_approve_minutes
from minutebook.meetings.services.attendance import attendance_check_in, attendance_check_out
from minutebook.meetings.services.convening import (
    AgendaEntry,
    may_declare_emergency,
    meeting_convene,
    meeting_snapshot,
)
from minutebook.meetings.services.documents import document_circulate
from minutebook.meetings.services.states import meeting_cancel, meeting_close, meeting_open

__all__ = [
    "MINUTES_APPROVE",
    "AgendaEntry",
    "NoticeVerdict",
    "agenda_item_add",
    "agenda_item_close_session",
    "agenda_item_edit",
    "agenda_item_remove",
    "agenda_reorder",
    "attendance_check_in",
    "attendance_check_out",
    "document_circulate",
    "document_notice",
    "may_declare_emergency",
    "meeting_approve_minutes",
    "meeting_cancel",
    "meeting_close",
    "meeting_convene",
    "meeting_notice",
    "meeting_open",
    "meeting_snapshot",
]
