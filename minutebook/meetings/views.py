"""The meeting pages: a body's meetings, convening, the meeting itself with its live quorum,
the agenda, documents, attendance, opening and closing, the minutes and their approval.

Views parse input, call one access function or service and render or redirect. Whoever may
not see a body's records gets a 404 for its meetings; whoever may see them but not act gets
a 403 for the action."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from minutebook.bodies.access import (
    body_for_viewer,
    can_record_for_body,
    can_see_body_records,
    member_of,
)
from minutebook.bodies.models import Body
from minutebook.charter.seat_rights import proxy_rules_words
from minutebook.charter.selectors import charter_in_force
from minutebook.ledger.models import Decision
from minutebook.ledger.services import DecisionRefused
from minutebook.meetings import services
from minutebook.meetings.access import (
    can_chair_meeting,
    can_circulate_documents,
    can_convene,
    closed_items_hidden_from,
    document_for_viewer,
    is_seat_holder,
    meeting_for_viewer,
)
from minutebook.meetings.forms import (
    AgendaAddForm,
    AgendaItemForm,
    ApproveMinutesForm,
    CancelForm,
    CheckInForm,
    CheckOutForm,
    ConveneForm,
    DocumentForm,
    OpenForm,
    add_service_errors,
)
from minutebook.meetings.minutes import minutes_header, minutes_markdown
from minutebook.meetings.minutes_sections import minutes_sections
from minutebook.meetings.models import AgendaItem, Meeting, MeetingStatus
from minutebook.meetings.notice import body_spec_for, document_notice, meeting_notice
from minutebook.meetings.seat_rights import spec_in_force, with_voice
from minutebook.meetings.selectors import (
    documents_with_notice,
    meeting_attendance,
    meeting_quorum,
    meetings_of_body,
    minutes_awaiting_approval,
    office_holder,
    present_attendance,
    proxies_allowed,
    stored_quorum,
)
from minutebook.meetings.services import may_declare_emergency
from minutebook.web.actions import Outcome, action_view, attempt, tell


def _body_with_records(user, slug: str) -> Body:
    body = body_for_viewer(user, slug)
    if not can_see_body_records(user, body):
        raise Http404
    return body


def _chaired_meeting(request, pk: int):
    """The meeting, for whoever may see it (404 otherwise) and chair it (403 otherwise)."""
    meeting = meeting_for_viewer(request.user, pk)
    if not can_chair_meeting(request.user, meeting):
        raise PermissionDenied("only the chair, the body's chair or secretary, or an administrator")
    return meeting


def _back_to_meeting(request, meeting, outcome: Outcome):
    tell(request, outcome)
    return redirect("meetings:detail", meeting.pk)


def _own_member(user, doing: str):
    member = member_of(user)
    if member is None:
        raise PermissionDenied(f"only members {doing}")
    return member


# A body's meetings, and convening one


@login_required
def body_meetings(request, slug: str):
    body = _body_with_records(request.user, slug)
    meetings = [(meeting, meeting_notice(meeting)) for meeting in meetings_of_body(body)]
    return render(
        request,
        "meetings/body_meetings.html",
        {
            "body": body,
            "upcoming": [pair for pair in reversed(meetings) if not pair[0].is_over],
            "past": [pair for pair in meetings if pair[0].is_over],
            "may_convene": can_convene(request.user, body),
        },
    )


def _declarers(body: Body):
    """The bodies the charter lets declare an emergency meeting of `body`."""
    if not body.is_active:
        return Body.objects.none(), False
    charter = charter_in_force()
    spec = charter.body(body.definition)
    if not spec.notice.emergency_allowed:
        return Body.objects.none(), False
    candidates = Body.objects.filter(
        definition__in=spec.notice.emergency_declared_by, dissolved_by__isnull=True
    ).select_related("unit")
    allowed = [b.pk for b in candidates if may_declare_emergency(charter, spec, body, b)]
    return Body.objects.filter(pk__in=allowed).order_by("name"), True


@login_required
def meeting_convene(request, slug: str):
    body = _body_with_records(request.user, slug)
    if not can_convene(request.user, body):
        raise PermissionDenied(f"only the chair or secretary of {body.name} convenes it")
    declarers, emergency_allowed = _declarers(body)
    form = ConveneForm(
        request.POST or None,
        declarers=declarers,
        emergency_allowed=emergency_allowed,
        kinds=charter_in_force().body(body.definition).meeting_kinds if body.is_active else (),
    )
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.meeting_convene(
                actor=request.user, body=body, **form.convene_arguments()
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Meeting convened: {meeting.title}.")
            return redirect("meetings:detail", meeting.pk)
    return render(request, "meetings/meeting_form.html", {"body": body, "form": form})


# The meeting


def _meeting_context(request, meeting, **extra) -> dict:
    user = request.user
    chairing = can_chair_meeting(user, meeting)
    member = member_of(user)
    seat_holder = is_seat_holder(user, meeting)
    present = member is not None and present_attendance(meeting).filter(member=member).exists()
    spec_proxies = proxies_allowed(meeting)
    closed_hidden = closed_items_hidden_from(user, meeting)
    spec = spec_in_force(meeting)
    # The charter's attendees with speaking rights only check themselves in like seat holders.
    with_voice_only = (
        member is not None
        and not seat_holder
        and member.is_in_good_standing
        and bool(with_voice(meeting, {member.pk}, spec))
    )
    context = {
        "meeting": meeting,
        "notice": meeting_notice(meeting),
        "agenda": list(meeting.agenda_items.order_by("position")),
        "closed_hidden": closed_hidden,
        "documents": documents_with_notice(meeting, hidden=closed_hidden),
        "attendance": meeting_attendance(meeting),
        "quorum": meeting_quorum(meeting),
        "quorum_at_opening": stored_quorum(meeting.quorum_at_opening),
        "quorum_at_closing": stored_quorum(meeting.quorum_at_closing),
        "decisions": list(Decision.objects.filter(meeting=meeting).select_related("body")),
        "chairing": chairing,
        "is_open": meeting.status == MeetingStatus.OPEN,
        "is_closed": meeting.status == MeetingStatus.CLOSED,
        "is_cancelled": meeting.status == MeetingStatus.CANCELLED,
        "may_check_in": (seat_holder or with_voice_only)
        and not present
        and meeting.status == MeetingStatus.OPEN,
        "may_check_out": present and not meeting.is_over,
        "may_circulate": can_circulate_documents(user, meeting),
        "proxies_allowed": spec_proxies,
        "proxy_conditions": proxy_rules_words(spec.proxy_rules) if spec else "",
        "awaiting_approval": list(minutes_awaiting_approval(meeting))
        if meeting.status in (MeetingStatus.OPEN, MeetingStatus.CLOSED)
        and can_record_for_body(user, meeting.body)
        else [],
    }
    if chairing and not meeting.is_over:
        context["check_in_form"] = CheckInForm(meeting=meeting, proxies_allowed=spec_proxies)
        context["check_out_form"] = CheckOutForm(meeting=meeting)
    if chairing and meeting.status == MeetingStatus.SCHEDULED:
        context["open_form"] = OpenForm(initial_chair=member or office_holder(meeting, "chair"))
        context["cancel_form"] = CancelForm()
    context.update(extra)
    return context


@login_required
def meeting_detail(request, pk: int):
    meeting = meeting_for_viewer(request.user, pk)
    return render(request, "meetings/meeting_detail.html", _meeting_context(request, meeting))


@login_required
@require_POST
def meeting_open(request, pk: int):
    meeting = _chaired_meeting(request, pk)
    form = OpenForm(request.POST)
    if not form.is_valid():
        return _back_to_meeting(
            request, meeting, Outcome(error="Choose the member who chairs the meeting.")
        )
    chair = form.cleaned_data["chair"]
    outcome = attempt(
        lambda: services.meeting_open(actor=request.user, meeting=meeting, chair=chair),
        "The meeting is open.",
    )
    return _back_to_meeting(request, meeting, outcome)


@login_required
@require_POST
def meeting_cancel(request, pk: int):
    meeting = _chaired_meeting(request, pk)
    form = CancelForm(request.POST)
    if not form.is_valid():
        return _back_to_meeting(
            request, meeting, Outcome(error="Say why the meeting is cancelled.")
        )
    outcome = attempt(
        lambda: services.meeting_cancel(
            actor=request.user, meeting=meeting, reason=form.cleaned_data["reason"]
        ),
        "The meeting is cancelled.",
    )
    return _back_to_meeting(request, meeting, outcome)


meeting_close = action_view(
    _chaired_meeting,
    lambda user, meeting: services.meeting_close(actor=user, meeting=meeting),
    "The meeting is closed. Its minutes are a draft until approved.",
    _back_to_meeting,
)


# Attendance


def _own_attendance(service, doing: str, done: str):
    """A member's button to check themselves in or out of a meeting they may follow."""
    return action_view(
        lambda request, pk: meeting_for_viewer(request.user, pk),
        lambda user, meeting: service(actor=user, meeting=meeting, member=_own_member(user, doing)),
        done,
        _back_to_meeting,
    )


check_in_self = _own_attendance(services.attendance_check_in, "check in", "You are checked in.")
check_out_self = _own_attendance(services.attendance_check_out, "check out", "You are checked out.")


@login_required
@require_POST
def check_in_other(request, pk: int):
    meeting = _chaired_meeting(request, pk)
    form = CheckInForm(request.POST, meeting=meeting, proxies_allowed=proxies_allowed(meeting))
    if not form.is_valid():
        return _back_to_meeting(
            request, meeting, Outcome(error="Choose a member who is not checked in.")
        )
    member, proxy_for = form.chosen_member(), form.chosen_proxy()
    directions = form.cleaned_data.get("proxy_directions") or ""
    outcome = attempt(
        lambda: services.attendance_check_in(
            actor=request.user,
            meeting=meeting,
            member=member,
            proxy_for=proxy_for,
            proxy_directions=directions,
            proceed=request.POST.get("proceed") == "on",
            proceed_reason=request.POST.get("proceed_reason", ""),
        ),
        f"{member.full_name} is checked in.",
    )
    return _back_to_meeting(request, meeting, outcome)


@login_required
@require_POST
def check_out_other(request, pk: int):
    meeting = _chaired_meeting(request, pk)
    form = CheckOutForm(request.POST, meeting=meeting)
    if not form.is_valid():
        return _back_to_meeting(
            request, meeting, Outcome(error="Choose a member who is checked in.")
        )
    member = form.chosen_member()
    outcome = attempt(
        lambda: services.attendance_check_out(actor=request.user, meeting=meeting, member=member),
        f"{member.full_name} is checked out.",
    )
    return _back_to_meeting(request, meeting, outcome)


# Agenda


def _agenda_meeting(request, pk: int):
    meeting = _chaired_meeting(request, pk)
    if meeting.status == MeetingStatus.CLOSED:
        raise PermissionDenied("the meeting is closed: its agenda is part of the record")
    return meeting


@login_required
def agenda_edit(request, pk: int):
    meeting = _agenda_meeting(request, pk)
    form = AgendaAddForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.agenda_item_add(actor=request.user, meeting=meeting, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Item added.")
            return redirect("meetings:agenda", meeting.pk)
    items = list(meeting.agenda_items.order_by("position"))
    return render(
        request,
        "meetings/agenda_edit.html",
        {
            "meeting": meeting,
            "items": [
                (item, AgendaItemForm(initial=_item_initial(item), prefix=f"item-{item.pk}"))
                for item in items
            ],
            "form": form,
            "closed_rules": _closed_session_rules(meeting),
        },
    )


def _closed_session_rules(meeting: Meeting):
    """The body's rules on closed sessions, for the agenda's forms; None if it has none."""
    spec = body_spec_for(meeting)
    return spec.closed_sessions if spec is not None else None


def _item_initial(item: AgendaItem) -> dict:
    return {
        "title": item.title,
        "description": item.description,
        "minutes_allocated": item.minutes_allocated,
    }


def _agenda_item(meeting, item_pk: int) -> AgendaItem:
    return get_object_or_404(AgendaItem, pk=item_pk, meeting=meeting)


@login_required
@require_POST
def agenda_item_update(request, pk: int, item_pk: int):
    meeting = _agenda_meeting(request, pk)
    item = _agenda_item(meeting, item_pk)
    form = AgendaItemForm(request.POST, prefix=f"item-{item.pk}")
    if form.is_valid():
        outcome = attempt(
            lambda: services.agenda_item_edit(actor=request.user, item=item, **form.cleaned_data),
            f"Item {item.position} changed.",
        )
    else:
        outcome = Outcome(
            error=f"Item {item.position}: give a title and a positive number of minutes."
        )
    tell(request, outcome)
    return redirect("meetings:agenda", meeting.pk)


@login_required
@require_POST
def agenda_item_remove(request, pk: int, item_pk: int):
    meeting = _agenda_meeting(request, pk)
    item = _agenda_item(meeting, item_pk)
    tell(
        request,
        attempt(
            lambda: services.agenda_item_remove(actor=request.user, item=item),
            f"Item removed: {item.title}.",
        ),
    )
    return redirect("meetings:agenda", meeting.pk)


@login_required
@require_POST
def agenda_item_close_session(request, pk: int, item_pk: int):
    meeting = _agenda_meeting(request, pk)
    item = _agenda_item(meeting, item_pk)
    ground = request.POST.get("ground", "")
    tell(
        request,
        attempt(
            lambda: services.agenda_item_close_session(
                actor=request.user, item=item, ground=ground
            ),
            f"Item {item.position} is taken in closed session.",
        ),
    )
    return redirect("meetings:agenda", meeting.pk)


@login_required
@require_POST
def agenda_item_move(request, pk: int, item_pk: int):
    meeting = _agenda_meeting(request, pk)
    item = _agenda_item(meeting, item_pk)
    order = list(meeting.agenda_items.order_by("position").values_list("pk", flat=True))
    index = order.index(item.pk)
    target = index - 1 if request.POST.get("direction") == "up" else index + 1
    if 0 <= target < len(order):
        order[index], order[target] = order[target], order[index]
        tell(
            request,
            attempt(
                lambda: services.agenda_reorder(actor=request.user, meeting=meeting, order=order),
                "",
            ),
        )
    return redirect("meetings:agenda", meeting.pk)


# Documents


@login_required
def document_new(request, pk: int):
    meeting = meeting_for_viewer(request.user, pk)
    if not can_circulate_documents(request.user, meeting):
        raise PermissionDenied(
            "only seat holders, the chair and the body's officers circulate papers"
        )
    member = member_of(request.user)
    form = DocumentForm(
        request.POST or None,
        meeting=meeting,
        initial={"authors": [member.membership_number]} if member else None,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            document = services.document_circulate(
                actor=request.user,
                meeting=meeting,
                title=data["title"],
                text=data["text"],
                authors=data["authors"],
                author_bodies=data["author_bodies"],
                agenda_item=data["agenda_item"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Document circulated: {document.title}.")
            return redirect("meetings:document", meeting.pk, document.pk)
    return render(request, "meetings/document_form.html", {"meeting": meeting, "form": form})


@login_required
def document_detail(request, pk: int, document_pk: int):
    document = document_for_viewer(request.user, pk, document_pk)
    return render(
        request,
        "meetings/document_detail.html",
        {
            "meeting": document.meeting,
            "document": document,
            "verdict": document_notice(document),
        },
    )


# Minutes


def _minutes_context(request, meeting) -> dict:
    return {
        "meeting": meeting,
        "header": minutes_header(meeting),
        "sections": minutes_sections(
            meeting, hidden=closed_items_hidden_from(request.user, meeting)
        ),
    }


@login_required
def minutes(request, pk: int):
    meeting = meeting_for_viewer(request.user, pk)
    return render(request, "meetings/minutes.html", _minutes_context(request, meeting))


@login_required
def minutes_print(request, pk: int):
    meeting = meeting_for_viewer(request.user, pk)
    return render(request, "meetings/minutes_print.html", _minutes_context(request, meeting))


@login_required
def minutes_download(request, pk: int):
    meeting = meeting_for_viewer(request.user, pk)
    day = timezone.localtime(meeting.starts_at).date()
    markdown = minutes_markdown(meeting, hidden=closed_items_hidden_from(request.user, meeting))
    response = HttpResponse(markdown, content_type="text/markdown; charset=utf-8")
    name = f"minutes-{meeting.body.slug}-{day.isoformat()}.md"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
def approve_minutes(request, pk: int):
    """On a later meeting: approve the minutes of an earlier one of the same body."""
    at_meeting = meeting_for_viewer(request.user, pk)
    if not can_record_for_body(request.user, at_meeting.body):
        raise PermissionDenied("the body's secretary or an administrator records the approval")
    awaiting = minutes_awaiting_approval(at_meeting)
    quorum = meeting_quorum(at_meeting)
    form = ApproveMinutesForm(
        request.POST or None,
        awaiting=awaiting,
        present=quorum.present if at_meeting.status == MeetingStatus.OPEN else None,
    )
    refusal = None
    if request.method == "POST" and form.is_valid():
        try:
            decision = services.meeting_approve_minutes(
                actor=request.user,
                meeting=form.cleaned_data["meeting"],
                at_meeting=at_meeting,
                tally=form.tally(),
            )
        except DecisionRefused as refused:
            refusal = refused.check
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Minutes approved: decision {decision.reference}.")
            return redirect("meetings:detail", at_meeting.pk)
    return render(
        request,
        "meetings/approve_minutes.html",
        {"meeting": at_meeting, "form": form, "refusal": refusal, "awaiting": list(awaiting)},
    )
