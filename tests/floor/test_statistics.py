"""Speaking statistics on constructed debates: the expected figures are worked out by hand
from the timings in `council_debate` (see its docstring)."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from minutebook.bodies.models import Seat, SeatMethod
from minutebook.bodies.services import seat_end, seat_fill
from minutebook.floor.selectors import role_labels
from minutebook.floor.services import floor_request, floor_withdraw
from minutebook.floor.statistics import (
    LEADING_LABEL,
    OTHERS_LABEL,
    body_speaking_statistics,
    meeting_speaking_statistics,
)
from minutebook.meetings.models import Meeting
from tests.factories import record
from tests.floor.conftest import MEETING_STARTS, check_in, make_meeting, speak


def test_a_meeting_by_person(org, council_debate):
    stats = meeting_speaking_statistics(council_debate.meeting)

    assert [
        (
            p.member.full_name,
            p.leading,
            p.speeches,
            p.points_of_order,
            p.seconds,
            p.extension_seconds,
        )
        for p in stats.people
    ] == [
        ("Council Member 1", True, 1, 0, 170.0, 30),
        ("Council Member 3", False, 2, 0, 100.0 + 60.0, 0),
        ("Council Member 2", True, 0, 1, 20.0, 0),
    ]
    assert (stats.turns, stats.seconds) == (4, 350.0)


def test_a_meeting_by_role(council_debate):
    stats = meeting_speaking_statistics(council_debate.meeting)

    leading, others = stats.roles
    assert (leading.label, leading.people, leading.turns, leading.seconds) == (
        LEADING_LABEL,
        2,  # Members 1 and 2 sit on the Bureau
        2,
        170.0 + 20.0,
    )
    assert (others.label, others.people, others.turns, others.seconds) == (
        OTHERS_LABEL,
        1,
        2,
        100.0 + 60.0,
    )
    assert leading.share == pytest.approx(190 / 350)
    assert others.share == pytest.approx(160 / 350)
    assert others.seconds_per_turn == 80.0


def test_a_meeting_who_asked_and_was_never_called(council_debate):
    stats = meeting_speaking_statistics(council_debate.meeting)

    # Members 1, 2, 3 and 4 asked; Member 4 was taken off the list once and left waiting
    # once; Member 2 withdrew on item 2 but had spoken on item 1.
    assert (stats.asked, stats.called) == (4, 3)
    assert [m.full_name for m in stats.never_called] == ["Council Member 4"]
    assert stats.withdrew == []


def test_a_meeting_extensions_by_whom_to_whom(council_debate):
    stats = meeting_speaking_statistics(council_debate.meeting)

    assert [
        (e.granted_by, e.granted_to.full_name, e.seconds, e.reason) for e in stats.extensions
    ] == [("Council Member 0", "Council Member 1", 30, "Budget figures")]
    assert [
        (g.granted_by, g.granted_to.full_name, g.extensions, g.seconds) for g in stats.grants
    ] == [("Council Member 0", "Council Member 1", 1, 30)]


def test_who_withdrew_every_request_is_not_counted_as_never_called(org, meeting):
    delegate = org.user("east-delegate-1")
    request = floor_request(actor=delegate, meeting=meeting, kind="speech")
    floor_withdraw(actor=delegate, request=request)

    stats = meeting_speaking_statistics(meeting)

    assert (stats.asked, stats.called, stats.never_called) == (1, 0, [])
    assert [m.full_name for m in stats.withdrew] == ["East Local Delegate 1"]


def test_a_body_over_its_meetings_with_seats_as_held_on_each_day(org, council_debate, clock):
    """A second Council meeting five days later: Member 2's Bureau seat ended in between, so
    her 30 s there count for everyone else; Member 4 finally speaks, for 45 s."""
    Seat.objects.filter(member=org.members["council-2"], body=org.bodies["bureau"]).update(
        ended_on=dt.date(2026, 3, 18), end_reason="Resigned from the Bureau"
    )
    later = make_meeting(org, "council")
    later.starts_at = MEETING_STARTS + dt.timedelta(days=5)
    later.save(update_fields=["starts_at"])
    check_in(later, *(org.members[f"council-{i}"] for i in range(5)))
    chair = council_debate.chair
    for i in (2, 4):
        floor_request(actor=org.user(f"council-{i}"), meeting=later, kind="speech")
        clock.advance(1)
    speak(chair, later, clock, 30)
    speak(chair, later, clock, 45)

    stats = body_speaking_statistics(org.bodies["council"])

    assert (stats.meetings, stats.turns, stats.seconds) == (2, 6, 350.0 + 30 + 45)
    leading, others = stats.roles
    assert (leading.people, leading.turns, leading.seconds) == (2, 2, 170.0 + 20.0)
    assert (others.people, others.turns, others.seconds) == (3, 4, 160.0 + 30.0 + 45.0)
    # Across the body, Member 4 was called at last.
    assert (stats.asked, stats.called, stats.never_called) == (4, 4, [])
    member_2 = next(p for p in stats.people if p.member.full_name == "Council Member 2")
    assert (member_2.seconds, member_2.leading) == (50.0, True)  # leading at one of her turns


def test_role_labels_name_the_office_and_the_leading_bodies(org, council_debate):
    members = {f"council-{i}": org.members[f"council-{i}"] for i in (0, 1, 3)}

    labels = role_labels(council_debate.meeting, [m.pk for m in members.values()])

    assert labels == {
        members["council-0"].pk: "Secretary · Bureau",
        members["council-1"].pk: "Member · Bureau",
        members["council-3"].pk: "Member",
    }


def test_role_labels_are_those_of_the_local_day_of_the_meeting(org, settings):
    """At 00:30 on 1 June in Berlin (22:30 on 31 May in UTC), Council Member 2 has left the
    Bureau and Council Member 3 has joined it: the labels follow the local day."""
    settings.TIME_ZONE = "Europe/Berlin"
    turn_of_day = dt.date(2026, 6, 1)
    bureau = org.bodies["bureau"]
    leaving = Seat.objects.get(body=bureau, member=org.members["council-2"])
    seat_end(actor=org.admin, seat=leaving, ended_on=turn_of_day, reason="resigned")
    seat_fill(
        actor=org.admin,
        body=bureau,
        member=org.members["council-3"],
        method=SeatMethod.ELECTED,
        starts_on=turn_of_day,
        source_decision=record(org.bodies["council"], "resolution", yes=5, no=0),
    )
    starts = dt.datetime(2026, 5, 31, 22, 30, tzinfo=dt.UTC)
    meeting = Meeting.objects.create(
        body=org.bodies["council"],
        title="Midnight session",
        convened_by=org.admin,
        convened_at=starts - dt.timedelta(days=10),
        starts_at=starts,
    )
    members = [org.members["council-2"], org.members["council-3"]]

    labels = role_labels(meeting, [m.pk for m in members])

    assert labels == {members[0].pk: "Member", members[1].pk: "Member · Bureau"}


def test_the_statistics_pages_show_the_figures(org, council_debate):
    client = Client()
    client.force_login(org.user("council-3"))

    meeting_page = client.get(
        reverse("floor:statistics", args=[council_debate.meeting.pk])
    ).content.decode()
    body_page = client.get(reverse("floor:body_speaking", args=["council"])).content.decode()

    for html in (meeting_page, body_page):
        assert '<dd id="stat-time">5:50</dd>' in html
        assert '<dd id="stat-never-called">1: Council Member 4</dd>' in html
        assert '<td class="num">2:50</td>' in html  # Member 1's time
        assert "Council Member 0 gave Council Member 1 0:30 more — Budget figures" in html
        assert "54 %" in html  # 190 of 350 seconds by members of leading bodies


def test_an_empty_record(org, meeting):
    stats = body_speaking_statistics(org.bodies["assembly"])

    assert (stats.meetings, stats.turns, stats.asked) == (1, 0, 0)
    assert [role.label for role in stats.roles] == [LEADING_LABEL, OTHERS_LABEL]
