"""The list of speakers' pages: the participant's view with, for the chair, the console; the
projector; the statistics. Views parse input, call one service, and answer htmx with the part
of the page that acted (the participant's controls or a part of the chair's console, named by
its id), anyone else by going back to the page."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST

from minutebook.bodies.access import member_of
from minutebook.floor.access import (
    body_speaking_for_viewer,
    floor_meeting_for_viewer,
    request_for_viewer,
    require_chair,
)
from minutebook.floor.forms import AskForm, ExtendForm, ItemForm, LimitForm, OptionsForm
from minutebook.floor.live import fragment_context, kept_from, viewer_floor_key
from minutebook.floor.models import RequestKind, RequestStatus
from minutebook.floor.selectors import (
    FloorState,
    asks_for_stance,
    floor_refusal,
    floor_settings,
    floor_state,
)
from minutebook.floor.selectors import own_requests as own_requests_of
from minutebook.floor.services import (
    FloorRefused,
    floor_call_next,
    floor_change_limit,
    floor_close_debate,
    floor_close_list,
    floor_extend,
    floor_pause_timer,
    floor_reopen_list,
    floor_request,
    floor_set_item,
    floor_set_options,
    floor_start_timer,
    floor_stop_turn,
    floor_withdraw,
)
from minutebook.floor.statistics import body_speaking_statistics, meeting_speaking_statistics
from minutebook.meetings.access import can_chair_meeting
from minutebook.meetings.models import Meeting
from minutebook.meetings.selectors import present_attendance, seat_holders
from minutebook.members.models import Member
from minutebook.web.actions import Outcome, action_view, attempt

_CSRF_INPUT = re.compile(r'<input type="hidden" name="csrfmiddlewaretoken" value="[^"]*">')


def is_htmx(request) -> bool:
    return (
        request.headers.get("HX-Request") == "true"
        and request.headers.get("HX-History-Restore-Request") != "true"
    )


# What the templates need


def _controls_context(request, meeting: Meeting, state: FloorState) -> dict:
    """The participant's own controls: what they asked for, and whether they may ask."""
    member = member_of(request.user)
    own = list(own_requests_of(meeting, member))
    current_item = state.agenda_item.pk if state.agenda_item else None
    waiting = [r for r in own if r.status == RequestStatus.WAITING]
    return {
        "meeting": meeting,
        "state": state,
        "member": member,
        "refusal": floor_refusal(meeting, member),
        "own_waiting": waiting,
        "own_speaking": next((r for r in own if r.status == RequestStatus.SPEAKING), None),
        "waiting_kinds": {r.kind for r in waiting if r.agenda_item_id == current_item},
        "stance_asked": asks_for_stance(state.floor),
    }


def _console_context(request, meeting: Meeting, state: FloorState) -> dict:
    present = present_attendance(meeting).values("member_id")
    return {
        "meeting": meeting,
        "state": state,
        "agenda_items": list(meeting.agenda_items.all()),
        "present_members": list(seat_holders(meeting).filter(pk__in=present)),
        "speech": RequestKind.SPEECH,
        "point_of_order": RequestKind.POINT_OF_ORDER,
    }


# The per-user parts of the page. Each refetches itself on every change of the list, but is
# replaced only when its content changed: so a chair typing a reason, or a delegate choosing
# a side, does not lose it because someone else asked for the floor.


@dataclass(frozen=True)
class Part:
    template: str
    message_id: str
    context: Callable[..., dict]
    console: str = ""  # the console part's name; empty for the participant's controls

    def state(self, meeting: Meeting) -> FloorState:
        """The participant's controls need the settings only: they are read by every screen
        on every change. The console, for a few chairs, reads the whole list."""
        return floor_state(meeting) if self.console else floor_settings(meeting)


CONTROLS = "floor-controls"
PARTS = {
    CONTROLS: Part("floor/controls.html", "controls-message", _controls_context),
    **{
        f"console-{name}": Part(
            f"floor/console/{name}.html", "console-message", _console_context, name
        )
        for name in ("turn", "extend", "list", "add", "rules")
    },
}
CONSOLE_PARTS = [name for name, part in PARTS.items() if part.console]


def _render_part(request, meeting: Meeting, state: FloorState, element_id: str) -> tuple[str, str]:
    """The part wrapped for live refreshes, and the digest of its content (without the CSRF
    token, which differs on every rendering)."""
    part = PARTS[element_id]
    inner = render_to_string(part.template, part.context(request, meeting, state), request=request)
    key = hashlib.sha256(_CSRF_INPUT.sub("", inner).encode()).hexdigest()[:16]
    url = (
        reverse("floor:console_part", args=[meeting.pk, part.console])
        if part.console
        else reverse("floor:controls", args=[meeting.pk])
    )
    context = {"element_id": element_id, "url": url, "key": key, "inner": mark_safe(inner)}
    return render_to_string("floor/part.html", context).strip(), key


def _part_response(
    request, meeting: Meeting, element_id: str, *, done: str = "", error: str = ""
) -> HttpResponse:
    part = PARTS[element_id]
    if part.console:
        require_chair(request.user, meeting)
    html, key = _render_part(request, meeting, part.state(meeting), element_id)
    refresh = request.method == "GET" and "key" in request.GET
    if refresh and request.GET["key"] == key:
        return HttpResponse(status=204)  # unchanged: htmx leaves the part as it is
    if done or error or refresh:
        # An answer to an action; or, when the part changed under the user, no answer: the
        # last one is out of date.
        message = {"message_id": part.message_id, "done": done, "error": error}
        html += "\n" + render_to_string("floor/message.html", message).strip()
    response = HttpResponse(html)
    patch_vary_headers(response, ("HX-Request", "HX-Target"))
    return response


def _answer(request, meeting: Meeting, *, done: str = "", error: str = "") -> HttpResponse:
    """After an action: for htmx the part that acted (named by its id in HX-Target), with the
    message beside it; otherwise back to the page."""
    if is_htmx(request):
        target = request.headers.get("HX-Target", "")
        element_id = target if target in PARTS else CONTROLS
        return _part_response(request, meeting, element_id, done=done, error=error)
    if error:
        messages.error(request, error)
    elif done:
        messages.success(request, done)
    return redirect("floor:page", meeting_id=meeting.pk)


def _answer_outcome(request, meeting: Meeting, outcome: Outcome) -> HttpResponse:
    return _answer(request, meeting, done=outcome.done, error=outcome.error)


def _act(request, meeting: Meeting, action: Callable[[], object], done: str) -> HttpResponse:
    return _answer_outcome(request, meeting, attempt(action, done, refused=FloorRefused))


def _form_error(form) -> str:
    return " ".join(
        f"{form.fields[field].label or field}: {message}" if field != "__all__" else message
        for field, errors in form.errors.items()
        for message in errors
    )


# Pages


@login_required
def floor_page(request, meeting_id: int):
    meeting = floor_meeting_for_viewer(request.user, meeting_id)
    state = floor_state(meeting)
    is_chair = can_chair_meeting(request.user, meeting)
    context = {
        **fragment_context(state, closed=kept_from(request.user, state)),
        **_controls_context(request, meeting, state),
    }
    context["controls"] = mark_safe(_render_part(request, meeting, state, CONTROLS)[0])
    if is_chair:
        context["console"] = [
            mark_safe(_render_part(request, meeting, state, element_id)[0])
            for element_id in CONSOLE_PARTS
        ]
    context["is_chair"] = is_chair
    context["viewer_floor_key"] = viewer_floor_key(state, context["member"])
    return render(request, "floor/floor.html", context)


@login_required
def floor_controls(request, meeting_id: int):
    """The participant's own controls (204 while unchanged)."""
    meeting = floor_meeting_for_viewer(request.user, meeting_id)
    return _part_response(request, meeting, CONTROLS)


@login_required
def console_part(request, meeting_id: int, part: str):
    """A part of the chair's console (204 while unchanged)."""
    meeting = floor_meeting_for_viewer(request.user, meeting_id)
    if f"console-{part}" not in PARTS:
        raise Http404
    return _part_response(request, meeting, f"console-{part}")


@login_required
def projector(request, meeting_id: int):
    meeting = floor_meeting_for_viewer(request.user, meeting_id)
    state = floor_state(meeting)
    return render(
        request,
        "floor/projector.html",
        fragment_context(state, closed=kept_from(request.user, state)),
    )


@login_required
def meeting_statistics(request, meeting_id: int):
    meeting = floor_meeting_for_viewer(request.user, meeting_id)
    return render(
        request,
        "floor/statistics.html",
        {"meeting": meeting, "stats": meeting_speaking_statistics(meeting)},
    )


@login_required
def body_speaking(request, slug: str):
    body = body_speaking_for_viewer(request.user, slug)
    return render(
        request,
        "floor/body_speaking.html",
        {"body": body, "stats": body_speaking_statistics(body)},
    )


# Participants


@login_required
@require_POST
def ask(request, meeting_id: int):
    meeting = floor_meeting_for_viewer(request.user, meeting_id)
    form = AskForm(request.POST)
    if not form.is_valid():
        return _answer(request, meeting, error=_form_error(form))
    data = form.cleaned_data
    member = None
    if data.get("member"):  # the chair puts someone on the list
        member = Member.objects.filter(pk=data["member"]).first()
        if member is None:
            return _answer(request, meeting, error="No such member.")
    point = data["kind"] == RequestKind.POINT_OF_ORDER
    done = "Point of order raised." if point else "You are on the list of speakers."
    if member is not None:
        done = f"{member} is on the list."
    return _act(
        request,
        meeting,
        lambda: floor_request(
            actor=request.user,
            meeting=meeting,
            kind=data["kind"],
            stance=data["stance"],
            member=member,
        ),
        done,
    )


@login_required
@require_POST
def withdraw(request, meeting_id: int, request_id: int):
    speaker_request = request_for_viewer(request.user, meeting_id, request_id)
    meeting = speaker_request.meeting
    return _act(
        request,
        meeting,
        lambda: floor_withdraw(actor=request.user, request=speaker_request),
        "Request withdrawn.",
    )


# The chair


def _chair_meeting(request, meeting_id: int) -> Meeting:
    meeting = floor_meeting_for_viewer(request.user, meeting_id)
    require_chair(request.user, meeting)
    return meeting


def _console_button(service: Callable[..., object], done: str):
    """A button of the chair's console that acts on the meeting's floor with no input."""
    return action_view(
        _chair_meeting,
        lambda user, meeting: service(actor=user, meeting=meeting),
        done,
        _answer_outcome,
        refused=FloorRefused,
    )


call_next = _console_button(floor_call_next, "Next speaker called.")
timer_start = _console_button(floor_start_timer, "Timer running.")
timer_pause = _console_button(floor_pause_timer, "Timer paused.")
turn_end = _console_button(floor_stop_turn, "Turn ended.")
list_close = _console_button(floor_close_list, "The list of speakers is closed.")
list_reopen = _console_button(floor_reopen_list, "The list of speakers is open again.")


@login_required
@require_POST
def extend(request, meeting_id: int):
    meeting = _chair_meeting(request, meeting_id)
    form = ExtendForm(request.POST)
    if not form.is_valid():
        return _answer(request, meeting, error=_form_error(form))
    turn = floor_state(meeting).current
    if turn is None:
        return _answer(request, meeting, error="Nobody has the floor.")
    return _act(
        request,
        meeting,
        lambda: floor_extend(
            actor=request.user,
            request=turn,
            seconds=form.cleaned_data["seconds"],
            reason=form.cleaned_data["reason"],
        ),
        f"{turn.member} has {form.cleaned_data['seconds']} seconds more.",
    )


def _console_form(make_form, service, done: str):
    """A form of the chair's console: `make_form(data, meeting)` reads it; a valid one's data
    goes to `service(user, meeting, data)`, an invalid one is answered with its errors."""

    @login_required
    @require_POST
    def view(request, meeting_id: int):
        meeting = _chair_meeting(request, meeting_id)
        form = make_form(request.POST, meeting)
        if not form.is_valid():
            return _answer(request, meeting, error=_form_error(form))
        data = form.cleaned_data
        return _act(request, meeting, lambda: service(request.user, meeting, data), done)

    return view


debate_close = _console_form(
    lambda data, meeting: ItemForm(data, meeting=meeting),
    lambda user, meeting, data: floor_close_debate(
        actor=user, meeting=meeting, agenda_item=data["agenda_item"]
    ),
    "The debate is closed.",
)
options = _console_form(
    lambda data, meeting: OptionsForm(data),  # two checkboxes: never invalid
    lambda user, meeting, data: floor_set_options(
        actor=user, meeting=meeting, pro_contra=data["pro_contra"], progressive=data["progressive"]
    ),
    "Options saved.",
)
limit = _console_form(
    lambda data, meeting: LimitForm(data),
    lambda user, meeting, data: floor_change_limit(
        actor=user, meeting=meeting, seconds=data["seconds"], reason=data["reason"]
    ),
    "Speaking limit changed.",
)
item = _console_form(
    lambda data, meeting: ItemForm(data, meeting=meeting),
    lambda user, meeting, data: floor_set_item(
        actor=user, meeting=meeting, agenda_item=data["agenda_item"]
    ),
    "The debate has moved.",
)
