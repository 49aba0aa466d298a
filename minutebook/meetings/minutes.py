"""The minutes of a meeting, drafted from the record.

A header (who met, when, where, on what notice, whether the minutes are approved) and the
sections that the apps register in `minutebook.meetings.minutes_sections`: this app writes
attendance and quorum (10), the agenda (20), the documents (30) and the decisions taken at the
meeting (80). The same sections make the Markdown download, the page and the printable page,
so the three never disagree."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.utils import timezone

from minutebook.ledger.models import Decision
from minutebook.meetings.minutes_sections import (
    MinutesSection,
    minutes_sections,
    register_minutes_section,
)
from minutebook.meetings.models import Meeting, MeetingStatus
from minutebook.meetings.notice import meeting_notice
from minutebook.meetings.selectors import (
    documents_with_notice,
    meeting_attendance,
    meeting_quorum,
    stored_quorum,
)

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>#|])")


def md(text: str) -> str:
    """Text from the record, safe to put inline in Markdown (a title with an asterisk stays
    an asterisk)."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", " ".join(str(text).split()))


def when(moment: dt.datetime | None) -> str:
    if moment is None:
        return ""
    local = timezone.localtime(moment)
    return f"{local.day} {local:%B %Y}, {local:%H:%M}"


def clock_time(moment: dt.datetime) -> str:
    return timezone.localtime(moment).strftime("%H:%M")


@dataclass(frozen=True)
class MinutesHeader:
    title: str
    status: str  # the minutes' status in words: draft, approved
    facts: list[tuple[str, str]]  # (label, Markdown)
    late_notice: bool


def minutes_header(meeting: Meeting) -> MinutesHeader:
    notice = meeting_notice(meeting)
    facts: list[tuple[str, str]] = [
        ("Body", md(meeting.body.name)),
        ("Meeting", md(meeting.title)),
        ("Called for", f"{when(meeting.starts_at)} ({timezone.get_current_timezone_name()})"),
    ]
    if meeting.place:
        facts.append(("Place", md(meeting.place)))
    if meeting.online_url:
        facts.append(("Online", f"<{meeting.online_url}>"))
    convener = getattr(meeting.convened_by, "member", None)
    facts.append(
        (
            "Convened",
            f"{when(meeting.convened_at)} by "
            f"{md(convener.full_name if convener else meeting.convened_by.get_username())}",
        )
    )
    facts.append(
        (
            "Notice",
            f"**LATE NOTICE.** {md(notice.explanation)}" if notice.late else md(notice.explanation),
        )
    )
    if meeting.emergency:
        facts.append(
            (
                "Emergency meeting",
                f"declared by the {md(meeting.emergency_declared_by.name)}: "
                f"{md(meeting.emergency_reason)}",
            )
        )
    if meeting.chair_id:
        facts.append(("Chair", md(meeting.chair.full_name)))
    if meeting.opened_at:
        facts.append(("Opened", when(meeting.opened_at)))
    if meeting.closed_at:
        facts.append(("Closed", when(meeting.closed_at)))
    status = minutes_status(meeting)
    facts.append(("Minutes", status))
    return MinutesHeader(
        title=f"Minutes of the {meeting.body.name}: {meeting.title}",
        status=status,
        facts=facts,
        late_notice=notice.late,
    )


def minutes_status(meeting: Meeting) -> str:
    if meeting.minutes_approved_by_id:
        decision = meeting.minutes_approved_by
        at = decision.meeting
        where = f" at the meeting of {when(at.starts_at).split(',')[0]}" if at else ""
        return f"approved by decision {decision.reference}{where}"
    if meeting.status == MeetingStatus.CLOSED:
        return f"draft, to be approved at a later meeting of the {md(meeting.body.name)}"
    if meeting.status == MeetingStatus.OPEN:
        return "the meeting is in session: these minutes are still being written"
    if meeting.status == MeetingStatus.CANCELLED:
        return (
            f"the meeting was cancelled on {when(meeting.cancelled_at)}:"
            f" {md(meeting.cancellation_reason)}"
        )
    return "the meeting has not taken place"


def minutes_markdown(meeting: Meeting, *, hidden: frozenset[int] = frozenset()) -> str:
    """The whole minutes as one Markdown document; without the rest of the closed-session
    items in `hidden` (the ids of those kept from the reader)."""
    header = minutes_header(meeting)
    lines = [f"# {md(header.title)}", ""]
    lines += [f"- **{label}:** {value}" for label, value in header.facts]
    for section in minutes_sections(meeting, hidden=hidden):
        lines += ["", f"## {md(section.title)}", "", section.markdown.strip()]
    return "\n".join(lines).rstrip() + "\n"


# This app's sections.


def attendance_section(meeting: Meeting, hidden: frozenset[int]) -> list[MinutesSection]:
    summary = meeting_attendance(meeting)
    if not summary.lines and meeting.status == MeetingStatus.SCHEDULED:
        return [MinutesSection("Attendance and quorum", "Nobody has checked in yet.")]
    out: list[str] = []
    seated = [line for line in summary.lines if line.holds_seat and line.votes]
    silent = [line for line in summary.lines if line.holds_seat and not line.votes]
    voiced = [line for line in summary.lines if line.rights == "voice" and not line.holds_seat]
    guests = [line for line in summary.lines if line.rights == "guest"]
    out.append(f"**Seat holders who attended ({len(seated)}):**")
    out.append("")
    out += [f"- {_attendance_line(line)}" for line in seated] or ["- none"]
    if silent:  # seats the charter gives voice but no vote
        out += ["", f"**Seat holders with voice but no vote ({len(silent)}):**", ""]
        out += [f"- {_attendance_line(line)}" for line in silent]
    if voiced:
        out += ["", "**Attending with voice, without a seat or a vote:**", ""]
        out += [f"- {_attendance_line(line)}" for line in voiced]
    if summary.represented:
        out += ["", "**Represented by proxy:**", ""]
        out += [
            f"- {md(absent.full_name)}, by the proxy of {md(proxy.full_name)}"
            for absent, proxy in summary.represented
        ]
    if guests:
        out += ["", "**Also present, without a seat:**", ""]
        out += [f"- {_attendance_line(line)}" for line in guests]
    if meeting.status == MeetingStatus.CLOSED:
        names = ", ".join(md(member.full_name) for member in summary.never_attended)
        out += ["", f"**Absent:** {names or 'nobody'}"]
    elif meeting.status == MeetingStatus.OPEN:
        names = ", ".join(md(member.full_name) for member in summary.absent)
        out += ["", f"**Not present now:** {names or 'nobody'}"]
    out += ["", "**Quorum:**", ""]
    out += [f"- {line}" for line in _quorum_lines(meeting)]
    return [MinutesSection("Attendance and quorum", "\n".join(out))]


def _attendance_line(line) -> str:
    row = line.attendance
    text = f"{md(row.member.full_name)} (arrived {clock_time(row.checked_in_at)}"
    if row.checked_out_at:
        text += f", left {clock_time(row.checked_out_at)}"
    text += ")"
    if row.proxy_for_id:
        text += f", carrying the proxy of {md(row.proxy_for.full_name)}"
        if row.proxy_directions:
            text += " (directed)"
    return text


def _quorum_lines(meeting: Meeting) -> list[str]:
    lines = []
    for label, quorum in (
        ("At the opening", stored_quorum(meeting.quorum_at_opening)),
        ("At the close", stored_quorum(meeting.quorum_at_closing)),
    ):
        if quorum is not None:
            lines.append(f"{label}: {quorum_words(quorum)}")
    if meeting.status == MeetingStatus.OPEN:
        lines.append(f"Now: {quorum_words(meeting_quorum(meeting))}")
    if meeting.status == MeetingStatus.SCHEDULED:
        lines.append(f"So far: {quorum_words(meeting_quorum(meeting))}")
    return lines


def quorum_words(quorum) -> str:
    if not quorum.fixed:
        return (
            f"{quorum.present} of {quorum.filled_seats} seat holders present or represented; "
            f"{md(quorum.rule)}"
        )
    verdict = "quorum present" if quorum.has_quorum else "**NO QUORUM**"
    return (
        f"{quorum.present} of {quorum.filled_seats} seat holders present or represented, "
        f"{quorum.required} needed ({md(quorum.rule)}): {verdict}"
    )


def agenda_section(meeting: Meeting, hidden: frozenset[int]) -> list[MinutesSection]:
    items = list(meeting.agenda_items.order_by("position"))
    if not items:
        return [MinutesSection("Agenda", "The meeting had no agenda items.")]
    out = []
    for item in items:
        allocated = f" ({item.minutes_allocated} min)" if item.minutes_allocated else ""
        out.append(f"{item.position}. {md(item.title)}{allocated}")
        if item.closed_session:
            out.append(f"   Taken in closed session: {md(item.closed_ground)}.")
        if item.description and item.pk not in hidden:
            out.append(f"   {md(item.description)}")
    return [MinutesSection("Agenda", "\n".join(out))]


def documents_section(meeting: Meeting, hidden: frozenset[int]) -> list[MinutesSection]:
    documents = documents_with_notice(meeting, hidden=hidden)
    kept = meeting.documents.filter(agenda_item__in=hidden).count() if hidden else 0
    if not documents and not kept:
        return [MinutesSection("Documents", "No documents were circulated.")]
    out = []
    for document, verdict in documents:
        authors = document_authors(document)
        item = f", for item {document.agenda_item.position}" if document.agenda_item else ""
        line = (
            f"- **{md(document.title)}**, by {md(authors)}{item}. "
            f"Circulated {when(document.circulated_at)}. "
        )
        line += f"**LATE:** {md(verdict.explanation)}" if verdict.late else md(verdict.explanation)
        out.append(line)
    if kept:
        out.append(
            f"- {kept} paper{'s' if kept != 1 else ''} for items taken in closed session, read "
            "by those the charter names."
        )
    return [MinutesSection("Documents", "\n".join(out))]


def document_authors(document) -> str:
    names = [member.full_name for member in document.authors.all()]
    names += [f"the {body.name}" for body in document.author_bodies.all()]
    return ", ".join(names)


def decisions_section(meeting: Meeting, hidden: frozenset[int]) -> list[MinutesSection]:
    decisions = list(Decision.objects.filter(meeting=meeting).order_by("decided_on", "pk"))
    if not decisions:
        return [MinutesSection("Decisions", "No decisions were recorded at this meeting.")]
    out = []
    for decision in decisions:
        line = f"- **{decision.reference}** {md(decision.title)} ({md(decision.decision_type)}): "
        line += vote_words(decision)
        if decision.irregular:
            line += f". **IRREGULAR:** {md(decision.irregular_reason)}"
        out.append(line + ".")
    return [MinutesSection("Decisions", "\n".join(out))]


def vote_words(decision: Decision) -> str:
    if decision.unanimous:
        text = "adopted unanimously"
    elif decision.votes_for is not None:
        text = (
            f"{decision.votes_for} for, {decision.votes_against or 0} against, "
            f"{decision.votes_abstain or 0} abstaining"
        )
    else:
        text = "no vote recorded"
    if decision.present is not None:
        text += f"; {decision.present} present"
    return text


def register_sections() -> None:
    register_minutes_section(10, "meetings.attendance", attendance_section)
    register_minutes_section(20, "meetings.agenda", agenda_section)
    register_minutes_section(30, "meetings.documents", documents_section)
    register_minutes_section(80, "meetings.decisions", decisions_section)
