"""A General Assembly meeting in session, with its six delegates checked in; a Council debate
with known timings; and a clock.

The small union's charter gets two floor keys here: the assembly's speaking limit is two
minutes, and the Bureau (three of the five Council members) is a leading body. Personas: the
meeting's chair (West Delegate 0), the assembly's secretary (East Delegate 0, who may chair by
office), the administrator, a delegate (East Delegate 1), a member without a seat on the
assembly (East Rank And File) and an outsider (a login with no member behind it)."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest

from minutebook.meetings.models import AgendaItem, Attendance, Meeting, MeetingStatus

MEETING_STARTS = dt.datetime(2026, 3, 15, 10, 0, tzinfo=dt.UTC)
ASSEMBLY_LIMIT = 120


def _insert_after(text: str, anchor: str, addition: str) -> str:
    assert text.count(anchor) == 1, anchor
    return text.replace(anchor, anchor + addition)


@pytest.fixture
def small_charter_text(small_charter_text):
    text = _insert_after(
        small_charter_text,
        "    articles: [art-1]\n",
        f"    speaking_limit_seconds: {ASSEMBLY_LIMIT}\n",
    )
    return _insert_after(
        text,
        "    notice: {meeting_days: 1, documents_days: 1}\n    visibility: body\n",
        "    leading: true\n",
    )


class Clock:
    """A stopped clock for `django.utils.timezone.now`, moved forward by hand."""

    def __init__(self, now: dt.datetime):
        self.now = now

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, seconds: float) -> dt.datetime:
        self.now += dt.timedelta(seconds=seconds)
        return self.now


@pytest.fixture
def clock(monkeypatch):
    frozen = Clock(MEETING_STARTS + dt.timedelta(minutes=5))
    monkeypatch.setattr("django.utils.timezone.now", frozen)
    return frozen


def make_meeting(org, body: str = "assembly", *, status=MeetingStatus.OPEN, items=()) -> Meeting:
    meeting = Meeting.objects.create(
        body=org.bodies[body],
        title="Spring meeting",
        convened_by=org.admin,
        convened_at=MEETING_STARTS - dt.timedelta(days=30),
        starts_at=MEETING_STARTS,
        place="Union hall",
        status=status,
        opened_at=MEETING_STARTS if status != MeetingStatus.SCHEDULED else None,
    )
    for position, title in enumerate(items, 1):
        AgendaItem.objects.create(meeting=meeting, position=position, title=title)
    return meeting


def check_in(meeting: Meeting, *members) -> None:
    for member in members:
        Attendance.objects.create(meeting=meeting, member=member, checked_in_at=MEETING_STARTS)


DELEGATES = [f"{local}-delegate-{i}" for local in ("east", "west") for i in range(3)]


@pytest.fixture
def meeting(org):
    """The assembly in session on two items, every delegate present, West Delegate 0 in the
    chair."""
    meeting = make_meeting(org, items=("Rents", "Strike fund"))
    meeting.chair = org.members["west-delegate-0"]
    meeting.save(update_fields=["chair"])
    check_in(meeting, *(org.members[key] for key in DELEGATES))
    return meeting


@pytest.fixture
def chair(org):
    return org.user("west-delegate-0")


@pytest.fixture
def secretary(org):
    return org.user("east-delegate-0")


@pytest.fixture
def delegate(org):
    return org.user("east-delegate-1")


@pytest.fixture
def user_of(org):
    """The user of a member of the small union, by key."""
    return org.user


def speak(chair, meeting, clock, seconds, *, extension=None):
    """The chair calls the next speaker, runs the timer for `seconds` and ends the turn;
    `extension` is (seconds, reason) granted by the chair at the start."""
    from minutebook.floor.services import (
        floor_call_next,
        floor_extend,
        floor_start_timer,
        floor_stop_turn,
    )

    turn = floor_call_next(actor=chair, meeting=meeting)
    floor_start_timer(actor=chair, meeting=meeting)
    if extension:
        floor_extend(actor=chair, request=turn, seconds=extension[0], reason=extension[1])
    clock.advance(seconds)
    floor_stop_turn(actor=chair, meeting=meeting)
    return turn


@pytest.fixture
def council_debate(org, clock):
    """A Council meeting chaired by its secretary, Council Member 0. Members 0, 1 and 2 sit on
    the Bureau (a leading body); 3 and 4 do not.

    Item 1, Budget: Member 3 speaks 100 s; Member 4 asks and is taken off the list by the
    chair; Member 2 raises a point of order (20 s, called before the list); Member 1 speaks
    170 s, 30 s of them granted by the chair ("Budget figures"). The debate closes.
    The chair cuts the limit to 90 s ("Running late").
    Item 2, Campaign: Member 3 speaks 60 s; Member 2 asks and withdraws; Member 4 asks and is
    still waiting when the debate closes."""
    from minutebook.floor.services import (
        floor_change_limit,
        floor_close_debate,
        floor_request,
        floor_set_item,
        floor_withdraw,
    )

    meeting = make_meeting(org, "council", items=("Budget", "Campaign"))
    check_in(meeting, *(org.members[f"council-{i}"] for i in range(5)))
    chair = org.user("council-0")
    budget, campaign = meeting.agenda_items.all()

    def ask(i, kind="speech"):
        clock.advance(1)
        return floor_request(actor=org.user(f"council-{i}"), meeting=meeting, kind=kind)

    floor_set_item(actor=chair, meeting=meeting, agenda_item=budget)
    ask(3)
    ask(1)
    removed = ask(4)
    speak(chair, meeting, clock, 100)
    floor_withdraw(actor=chair, request=removed)
    ask(2, "point_of_order")
    speak(chair, meeting, clock, 20)
    speak(chair, meeting, clock, 170, extension=(30, "Budget figures"))
    first_closure = floor_close_debate(actor=chair, meeting=meeting, agenda_item=budget)
    clock.advance(60)
    limit_change = floor_change_limit(
        actor=chair, meeting=meeting, seconds=90, reason="Running late"
    )
    floor_set_item(actor=chair, meeting=meeting, agenda_item=campaign)
    ask(3)
    ask(4)
    withdrawn = ask(2)
    speak(chair, meeting, clock, 60)
    floor_withdraw(actor=org.user("council-2"), request=withdrawn)
    second_closure = floor_close_debate(actor=chair, meeting=meeting, agenda_item=campaign)
    return SimpleNamespace(
        meeting=meeting,
        chair=chair,
        closures=(first_closure, second_closure),
        limit_change=limit_change,
    )
