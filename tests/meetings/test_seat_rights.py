"""Rights at a meeting as the charter gives them: a seat with voice but no vote, attendees with
speaking rights only, the quorum's forms (a floor, bands by the size of the unit, excluded
offices, kinds of meeting without one) and proxies with conditions.

The small union's charter is changed for these tests (see `CHANGES`): the General Assembly's
secretary (East Delegate 0) sits on the Council ex officio with voice but no vote; the
Council's five elected seats vote; its quorum is a majority of them but not fewer than four;
Assembly delegates attend it with voice; proxies are carried only by another voting seat
holder, for at most two meetings a year, never in votes to suspend a member, undirected. The
Bureau's quorum of two does not count its secretary (Council Member 0); each Local
Committee's quorum is three, or two in a local of fewer than 20 members."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from minutebook.bodies.models import Body
from minutebook.floor.selectors import floor_refusal
from minutebook.meetings import services
from minutebook.meetings.minutes import attendance_section
from minutebook.meetings.models import Attendance, Meeting, MeetingStatus
from minutebook.meetings.selectors import (
    meeting_attendance,
    meeting_quorum,
    present_voters,
    seat_holders,
    voting_seat_holders,
)
from minutebook.votes.models import Eligibility
from minutebook.votes.services import vote_cancel, vote_open
from tests.factories import build_small_union, make_member
from tests.meetings.conftest import client_for, convene
from tests.motions.world import admitted

CHANGES = [
    (
        "      - elected: {by_body: assembly, count: 5, term_months: 12}\n",
        "      - elected: {by_body: assembly, count: 5, term_months: 12}\n"
        "      - ex_officio: {of_body: assembly, office: secretary, voting: false}\n",
    ),
    (
        '    quorum: "1/2"\n',
        "    quorum: {rule: majority, not_fewer_than: 4, "
        "none_for: [emergency, election-deliberation]}\n"
        "    meeting_kinds: [election-deliberation]\n"
        "    proxies: {held_by: seat_holders, per_year: 2, not_for: [member.suspend], "
        "directions: forbidden}\n"
        "    attendees_with_voice: [{seats_of: assembly}]\n",
    ),
    ("    quorum: 2\n", "    quorum: {rule: 2, excluding_offices: [secretary]}\n"),
    (
        "    quorum: majority\n    notice: {meeting_days: 3",
        "    quorum: {rule: 3, bands: [{unit_members_below: 20, rule: 2}]}\n"
        "    notice: {meeting_days: 3",
    ),
]


@pytest.fixture
def org(db, small_charter_text):
    text = small_charter_text
    for old, new in CHANGES:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    return build_small_union(text)


def check_in(org, meeting, key, *, actor=None, proxy_for=None, directions=""):
    return services.attendance_check_in(
        actor=actor or org.admin,
        meeting=meeting,
        member=org.members[key],
        proxy_for=org.members[proxy_for] if proxy_for else None,
        proxy_directions=directions,
    )


def names(members) -> set[str]:
    return {member.full_name for member in members}


# A seat with voice but no vote


def test_the_ex_officio_seat_without_a_vote_is_held_but_does_not_vote(org, open_meeting):
    assert "East Local Delegate 0" in names(seat_holders(open_meeting))
    assert "East Local Delegate 0" not in names(voting_seat_holders(open_meeting))
    assert seat_holders(open_meeting).count() == 6
    assert voting_seat_holders(open_meeting).count() == 5


def test_the_quorum_counts_voting_seats_exactly_at_its_floor(org, open_meeting):
    """Five voting seats: a majority is three, but not fewer than four are needed. The
    secretary of the Assembly, present without a vote, makes no difference."""
    for key in ("east-delegate-0", "council-1", "council-2", "council-3"):
        check_in(org, open_meeting, key)
    quorum = meeting_quorum(open_meeting)
    assert (quorum.filled_seats, quorum.present, quorum.required) == (5, 3, 4)
    assert not quorum.has_quorum  # one below the floor
    assert quorum.rule == (
        "more than half of the filled seats present, but not fewer than 4; none at emergency "
        "or election deliberation meetings"
    )
    check_in(org, open_meeting, "council-4")
    quorum = meeting_quorum(open_meeting)
    assert (quorum.present, quorum.required, quorum.has_quorum) == (4, 4, True)


def test_the_ballot_and_the_entire_membership_leave_out_the_seat_without_a_vote(org, open_meeting):
    for key in ("east-delegate-0", "council-1", "council-2", "council-3", "council-4"):
        check_in(org, open_meeting, key)
    motion = admitted(org, open_meeting, by="council-2", chair="council-0")
    vote = vote_open(actor=org.admin, meeting=open_meeting, method="named", motion=motion)
    assert (vote.seats_filled, vote.present, vote.quorum_required) == (5, 4, 4)
    eligible = Eligibility.objects.filter(vote=vote).values_list("member__full_name", flat=True)
    assert "East Local Delegate 0" not in set(eligible)
    assert len(eligible) == 4


# Attendees with speaking rights only


def test_an_attendee_with_voice_checks_in_and_asks_for_the_floor_but_does_not_vote(
    org, open_meeting
):
    delegate = org.members["east-delegate-1"]  # an Assembly delegate without a Council seat
    services.attendance_check_in(
        actor=org.user("east-delegate-1"), meeting=open_meeting, member=delegate
    )
    assert floor_refusal(open_meeting, delegate) is None
    assert delegate.pk not in present_voters(open_meeting)
    assert meeting_quorum(open_meeting).present == 0
    with pytest.raises(PermissionDenied, match="no seat"):
        services.attendance_check_in(
            actor=org.user("east-member"), meeting=open_meeting, member=org.members["east-member"]
        )
    check_in(org, open_meeting, "east-member")  # by the chair, as a guest
    assert floor_refusal(open_meeting, org.members["east-member"]).startswith(
        "Only those holding a seat on the Council may ask for the floor"
    )


def test_the_attendance_and_the_minutes_tell_the_rights_apart(org, open_meeting):
    for key in ("east-delegate-0", "east-delegate-1", "east-member", "council-2"):
        check_in(org, open_meeting, key)
    rights = {
        line.attendance.member.full_name: line.rights
        for line in meeting_attendance(open_meeting).lines
    }
    assert rights == {
        "East Local Delegate 0": "voice",  # ex officio, no vote
        "East Local Delegate 1": "voice",  # attends with voice
        "East Rank And File": "guest",
        "Council Member 2": "vote",
    }
    text = attendance_section(open_meeting, frozenset())[0].markdown
    assert "**Seat holders who attended (1):**\n\n- Council Member 2" in text
    assert "**Seat holders with voice but no vote (1):**\n\n- East Local Delegate 0" in text
    assert "**Attending with voice, without a seat or a vote:**\n\n- East Local Delegate 1" in text
    assert "**Also present, without a seat:**\n\n- East Rank And File" in text


def test_the_pages_and_the_api_show_the_rights(org, open_meeting):
    check_in(org, open_meeting, "east-delegate-0")
    page = client_for(org.admin).get(f"/meetings/{open_meeting.pk}/")
    assert 'data-rights="voice"' in page.content.decode()
    body_page = client_for(org.admin).get("/bodies/council/")
    assert "voice, no vote" in body_page.content.decode()
    response = client_for(org.admin).get(f"/api/v1/meetings/{open_meeting.pk}/attendance")
    assert response.status_code == 200
    assert [row["rights"] for row in response.json()] == ["voice"]
    rules = client_for(org.admin).get("/api/v1/charter").json()
    council = next(body for body in rules["bodies"] if body["id"] == "council")
    assert [seat["voting"] for seat in council["seats"]] == [True, False]
    assert council["quorum"]["not_fewer_than"] == 4
    assert council["proxy_rules"]["per_year"] == 2


# The quorum's other forms


def test_the_quorum_does_not_count_an_excluded_office(org, clock):
    """The Bureau: three seats, its secretary (Council Member 0) not counted; two needed."""
    meeting = convene(org, actor=org.admin, body=org.bodies["bureau"], days=3)
    check_in(org, meeting, "council-0")
    check_in(org, meeting, "council-1")
    quorum = meeting_quorum(meeting)
    assert (quorum.filled_seats, quorum.present, quorum.required) == (2, 1, 2)
    assert not quorum.has_quorum
    check_in(org, meeting, "council-2")
    assert meeting_quorum(meeting).has_quorum


def test_the_quorum_band_follows_the_size_of_the_unit_at_the_edge(org, clock):
    """East Local has six members in good standing (three delegates, Council Members 1 and 3,
    East Rank And File; the applicant is not yet a member): with 19 the quorum is two, with
    20 it is three."""
    body = Body.objects.get(definition="local-committee", unit__slug="east")
    meeting = convene(org, actor=org.admin, body=body, days=5)
    quorum = meeting_quorum(meeting)
    assert quorum.required == 2
    assert quorum.rule == "at least 2 present (the unit has 6 members)"
    for number in range(13):
        make_member(f"East Newcomer {number}", org.units["east"])
    assert meeting_quorum(meeting).rule == "at least 2 present (the unit has 19 members)"
    assert meeting_quorum(meeting).required == 2
    make_member("East Newcomer 13", org.units["east"])
    assert meeting_quorum(meeting).required == 3
    assert meeting_quorum(meeting).rule == "at least 3 present (the unit has 20 members)"


def test_no_quorum_at_the_kinds_of_meeting_the_charter_exempts(org, council, clock):
    deliberation = convene(org, actor=org.admin, kind="election-deliberation")
    assert deliberation.kind == "election-deliberation"
    quorum = meeting_quorum(deliberation)
    assert quorum.required is None and quorum.has_quorum
    assert quorum.rule == "the charter fixes no quorum for election deliberation meetings"
    assert meeting_quorum(convene(org, actor=org.admin)).required == 4
    emergency = convene(
        org,
        actor=org.admin,
        days=2,
        emergency=True,
        emergency_declared_by=org.bodies["council"],
        emergency_reason="The landlord served notices to quit.",
    )
    assert meeting_quorum(emergency).required is None
    with pytest.raises(ValidationError, match="names no 'annual' meetings of the Council"):
        convene(org, actor=org.admin, kind="annual")


# Proxies with conditions


def test_only_another_voting_seat_holder_carries_a_proxy(org, open_meeting):
    with pytest.raises(ValidationError, match="only another voting seat holder"):
        check_in(org, open_meeting, "east-member", proxy_for="council-3")
    with pytest.raises(ValidationError, match="only another voting seat holder"):
        check_in(org, open_meeting, "east-delegate-0", proxy_for="council-3")
    with pytest.raises(ValidationError, match="has no vote, so no proxy carries one"):
        check_in(org, open_meeting, "council-2", proxy_for="east-delegate-0")
    row = check_in(org, open_meeting, "council-2", proxy_for="council-3")
    assert row.proxy_for == org.members["council-3"]
    assert org.members["council-3"].pk in present_voters(open_meeting)


def test_a_second_proxy_is_refused(org, open_meeting):
    check_in(org, open_meeting, "council-2", proxy_for="council-3")
    with pytest.raises(ValidationError, match="carries one proxy at a time"):
        check_in(org, open_meeting, "council-2", proxy_for="council-4")


def test_a_directed_proxy_is_refused_where_the_charter_forbids_directions(org, open_meeting):
    with pytest.raises(ValidationError, match="forbids directing a proxy"):
        check_in(org, open_meeting, "council-2", proxy_for="council-3", directions="Vote yes")
    assert not Attendance.objects.filter(meeting=open_meeting).exists()


def _represented_at(org, day: dt.date, absent: str) -> None:
    """An earlier Council meeting at which `absent` was represented by Council Member 1."""
    start = dt.datetime.combine(day, dt.time(18), tzinfo=dt.UTC)
    meeting = Meeting.objects.create(
        body=org.bodies["council"],
        title=f"Meeting of {day}",
        convened_by=org.admin,
        convened_at=start - dt.timedelta(days=10),
        starts_at=start,
        status=MeetingStatus.CLOSED,
        opened_at=start,
        closed_at=start + dt.timedelta(hours=2),
    )
    Attendance.objects.create(
        meeting=meeting,
        member=org.members["council-1"],
        checked_in_at=start,
        proxy_for=org.members[absent],
    )


def test_a_proxy_for_one_meeting_more_than_the_year_allows_is_refused(org, open_meeting):
    """At most two meetings a year by proxy: the meeting is in June 2026."""
    _represented_at(org, dt.date(2025, 11, 20), "council-3")  # another year
    _represented_at(org, dt.date(2026, 2, 10), "council-3")
    check_in(org, open_meeting, "council-2", proxy_for="council-3")  # the second of 2026
    services.attendance_check_out(
        actor=org.admin, meeting=open_meeting, member=org.members["council-2"]
    )
    Attendance.objects.filter(meeting=open_meeting).delete()
    _represented_at(org, dt.date(2026, 4, 14), "council-3")
    with pytest.raises(ValidationError, match="at 2 meetings of the Council in 2026"):
        check_in(org, open_meeting, "council-2", proxy_for="council-3")


def test_a_procedural_vote_is_cast_without_proxies(org, open_meeting):
    """`not_for: [member.suspend]`: Council Member 3's proxy votes on a resolution, not on a
    suspension."""
    for key in ("council-0", "council-1", "council-4"):
        check_in(org, open_meeting, key)
    check_in(org, open_meeting, "council-2", proxy_for="council-3")
    resolution = admitted(org, open_meeting, by="council-2", chair="council-0")
    vote = vote_open(actor=org.admin, meeting=open_meeting, method="named", motion=resolution)
    assert vote.present == 5
    vote_cancel(actor=org.admin, vote=vote, reason="the suspension first")
    suspension = admitted(
        org,
        open_meeting,
        by="council-2",
        chair="council-0",
        title="Suspend a member",
        decision_type="member.suspend",
    )
    vote = vote_open(actor=org.admin, meeting=open_meeting, method="named", motion=suspension)
    eligible = set(
        Eligibility.objects.filter(vote=vote).values_list("member__full_name", flat=True)
    )
    assert vote.present == 4
    assert "Council Member 3" not in eligible
    assert meeting_quorum(open_meeting).present == 5  # the quorum still counts the proxy


def test_the_meeting_page_and_the_api_show_the_kind_of_meeting(org, council, clock):
    meeting = convene(org, actor=org.admin, kind="election-deliberation")
    page = client_for(org.admin).get(f"/meetings/{meeting.pk}/").content.decode()
    assert 'data-meeting-kind="election-deliberation">Election deliberation<' in page
    detail = client_for(org.admin).get(f"/api/v1/meetings/{meeting.pk}").json()
    assert detail["kind"] == "election-deliberation"
    assert detail["quorum"]["required"] is None


def test_the_convene_form_offers_the_bodys_kinds(org, council, clock):
    page = client_for(org.admin).get("/bodies/council/meetings/new/").content.decode()
    assert '<option value="election-deliberation">Election deliberation</option>' in page


# Proxies with directions required, carried only by members of the body's unit

DIRECTED = (
    '    quorum: "1/2"\n',
    '    quorum: "1/2"\n    proxies: {held_by: unit_members, directions: required}\n',
)


@pytest.fixture
def directed_org(db, small_charter_text):
    assert small_charter_text.count(DIRECTED[0]) == 1
    return build_small_union(small_charter_text.replace(*DIRECTED))


def test_a_directed_proxy_is_recorded_and_an_undirected_one_refused(directed_org, clock):
    org = directed_org
    meeting = convene(org, actor=org.admin)
    with pytest.raises(ValidationError, match="requires the absent member's directions"):
        check_in(org, meeting, "east-member", proxy_for="council-3")
    row = check_in(org, meeting, "east-member", proxy_for="council-3", directions="Against item 2")
    assert row.proxy_directions == "Against item 2"
    from minutebook.journal.models import JournalEntry

    entry = JournalEntry.objects.filter(action="attendance.check_in").latest("pk")
    assert entry.after["proxy_directions"] == "Against item 2"
    assert "(directed)" in entry.summary
    assert "carrying the proxy of Council Member 3 (directed)" in (
        attendance_section(meeting, frozenset())[0].markdown
    )
    with pytest.raises(ValidationError, match="directions are given with a proxy"):
        check_in(org, meeting, "west-member", directions="Vote yes")


def test_an_attendee_with_voice_is_offered_the_check_in(org, open_meeting):
    page = client_for(org.user("east-delegate-1")).get(f"/meetings/{open_meeting.pk}/")
    guest_page = client_for(org.user("east-member")).get(f"/meetings/{open_meeting.pk}/")
    check_in_url = f"/meetings/{open_meeting.pk}/check-in/"
    assert check_in_url in page.content.decode()
    assert check_in_url not in guest_page.content.decode()


def test_the_chair_sees_the_proxy_conditions_and_the_directions_field(org, open_meeting):
    page = client_for(org.admin).get(f"/meetings/{open_meeting.pk}/").content.decode()
    assert "Proxies: carried only by another voting seat holder" in page
    assert 'name="proxy_directions"' in page


def test_the_api_convenes_a_kind_of_meeting_and_refuses_a_directed_proxy(org, council, clock):
    from tests.api.conftest import Api, fields

    api = Api(org.admin)
    convened = api.post(
        "/meetings",
        {
            "body": "council",
            "title": "Deliberation on the candidates",
            "starts_at": "2026-06-20T18:00:00+00:00",
            "place": "Union Hall",
            "kind": "election-deliberation",
        },
    )
    assert convened.status_code == 201, convened.json()
    assert convened.json()["kind"] == "election-deliberation"
    refused = api.post(
        "/meetings",
        {
            "body": "council",
            "title": "An annual meeting",
            "starts_at": "2026-06-20T18:00:00+00:00",
            "place": "Union Hall",
            "kind": "annual",
        },
    )
    assert refused.status_code == 422 and fields(refused) == {"kind"}
    meeting_id = convened.json()["id"]
    directed = api.post(
        f"/meetings/{meeting_id}/check-in",
        {
            "member": org.members["council-2"].membership_number,
            "proxy_for": org.members["council-3"].membership_number,
            "proxy_directions": "Vote for Council Member 4",
        },
    )
    assert directed.status_code == 422 and fields(directed) == {"proxy_directions"}
    plain = api.post(
        f"/meetings/{meeting_id}/check-in",
        {
            "member": org.members["council-2"].membership_number,
            "proxy_for": org.members["council-3"].membership_number,
        },
    )
    assert plain.status_code == 201, plain.json()
    assert (plain.json()["rights"], plain.json()["proxy_directions"]) == ("vote", "")


def test_the_list_of_speakers_introduces_speakers_by_their_rights(org, open_meeting):
    from minutebook.floor.selectors import role_labels

    keys = ("east-delegate-0", "east-delegate-1", "east-member", "council-2")
    labels = role_labels(open_meeting, [org.members[key].pk for key in keys])
    assert [labels[org.members[key].pk] for key in keys] == [
        "Member (no vote)",
        "With voice (no vote)",
        "Guest",
        "Member",
    ]


@pytest.fixture
def counting_org(db, small_charter_text):
    """The Council with the Assembly's secretary ex officio without a vote, and a quorum of a
    majority that counts that seat too (six seats: four needed)."""
    text = small_charter_text.replace(*CHANGES[0]).replace(
        '    quorum: "1/2"\n', "    quorum: {rule: majority, counts_non_voting: true}\n"
    )
    return build_small_union(text)


def test_a_quorum_may_count_the_seats_without_a_vote(counting_org, clock):
    org = counting_org
    meeting = convene(org, actor=org.admin)
    for key in ("east-delegate-0", "council-1", "council-2"):
        check_in(org, meeting, key)
    quorum = meeting_quorum(meeting)
    assert (quorum.filled_seats, quorum.present, quorum.required) == (6, 3, 4)
    check_in(org, meeting, "council-3")
    assert meeting_quorum(meeting).has_quorum
    assert org.members["east-delegate-0"].pk not in present_voters(meeting)  # still no vote
