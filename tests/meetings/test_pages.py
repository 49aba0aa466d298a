"""The meeting pages, each with who may see it (404 otherwise) and who may act (403)."""

import datetime as dt

import pytest
from django.test import Client

from minutebook.meetings import services
from minutebook.meetings.models import Attendance, Meeting, MeetingStatus
from tests.meetings.conftest import client_for, convene


@pytest.fixture
def bureau_meeting(org, clock):
    """A Bureau meeting: its records are for its three seat holders only."""
    meeting = convene(org, actor=org.admin, body=org.bodies["bureau"], days=2, agenda=["Rota"])
    services.document_circulate(
        actor=org.admin,
        meeting=meeting,
        title="Secret rota",
        text="SECRET-ROTA",
        authors=[org.members["council-1"]],
    )
    return meeting


def test_the_body_page_links_to_its_meetings(org, council, clock):
    html = client_for(org.user("east-member")).get("/bodies/council/").content.decode()
    assert 'href="/bodies/council/meetings/"' in html
    hidden = client_for(org.user("east-member")).get("/bodies/bureau/").content.decode()
    assert "/bodies/bureau/meetings/" not in hidden


def test_a_bodys_meetings_list(org, meeting, clock):
    client = client_for(org.user("east-member"))
    response = client.get("/bodies/council/meetings/")
    assert response.status_code == 200
    html = response.content.decode()
    assert f'href="/meetings/{meeting.pk}/"' in html
    assert "Convene a meeting" not in html
    assert (
        "Convene a meeting"
        in client_for(org.user("council-0")).get("/bodies/council/meetings/").content.decode()
    )


@pytest.mark.parametrize(
    "path",
    [
        "/bodies/bureau/meetings/",
        "/bodies/bureau/meetings/new/",
        "/meetings/{id}/",
        "/meetings/{id}/agenda/",
        "/meetings/{id}/documents/new/",
        "/meetings/{id}/documents/{doc}/",
        "/meetings/{id}/minutes/",
        "/meetings/{id}/minutes.md",
        "/meetings/{id}/minutes/print/",
        "/meetings/{id}/approve-minutes/",
    ],
)
@pytest.mark.parametrize("who", ["east-member", "outsider"])
def test_who_may_not_see_the_bodys_records_gets_404(org, bureau_meeting, outsider, path, who):
    user = outsider if who == "outsider" else org.user(who)
    document = bureau_meeting.documents.get()
    url = path.format(id=bureau_meeting.pk, doc=document.pk)
    response = client_for(user).get(url)
    assert response.status_code == 404
    assert b"SECRET-ROTA" not in response.content


@pytest.mark.parametrize(
    "path", ["open", "close", "check-in", "check-out", "attendance/check-in", "agenda/1/remove"]
)
def test_posts_to_a_hidden_meeting_are_404(org, bureau_meeting, path):
    response = client_for(org.user("east-member")).post(f"/meetings/{bureau_meeting.pk}/{path}/")
    assert response.status_code == 404


def test_a_seat_holder_of_the_closed_body_sees_its_meeting(org, bureau_meeting):
    client = client_for(org.user("council-1"))
    assert client.get(f"/meetings/{bureau_meeting.pk}/").status_code == 200
    document = bureau_meeting.documents.get()
    page = client.get(f"/meetings/{bureau_meeting.pk}/documents/{document.pk}/")
    assert b"SECRET-ROTA" in page.content


def test_anonymous_visitors_are_sent_to_log_in(org, meeting):
    response = Client().get(f"/meetings/{meeting.pk}/")
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_the_meeting_page(org, meeting, clock):
    clock.advance(days=8)
    services.document_circulate(
        actor=org.admin,
        meeting=meeting,
        title="Late paper",
        text="...",
        authors=[org.members["council-2"]],
    )
    html = client_for(org.user("east-member")).get(f"/meetings/{meeting.pk}/").content.decode()
    assert f'data-live-meeting="{meeting.pk}"' in html
    assert "minutebook/live.js" in html
    assert 'data-live-fragment="quorum"' in html
    assert 'data-live-fragment="attendance"' in html
    for link in ("floor", "motions", "projector", "minutes"):
        assert f'href="/meetings/{meeting.pk}/{link}/"' in html
    assert 'Reports</strong> <span class="muted small">(20 min)' in html
    assert "Late paper" in html and ">Late</span>" in html
    assert "Council Member 2" in html
    # Members without a seat or office get no controls.
    assert "Check in</button>" not in html
    assert "Open the meeting" not in html
    assert "Circulate a document" not in html


def test_a_late_notice_is_flagged_on_the_page(org, council, clock):
    late = convene(org, days=2, title="Too soon")
    html = client_for(org.user("east-member")).get(f"/meetings/{late.pk}/").content.decode()
    assert "Late notice</span>" in html
    assert 'id="late-heading">Late notice' in html
    assert "7 days&#x27; notice for the Council: 5 days short" in html


def test_the_chair_opens_checks_in_and_closes_from_the_page(org, meeting, clock):
    chair = client_for(org.user("council-1"))
    html = chair.get(f"/meetings/{meeting.pk}/").content.decode()
    assert "Open the meeting" in html and "Check someone in" in html
    response = chair.post(
        f"/meetings/{meeting.pk}/attendance/check-in/",
        {"member": org.members["council-3"].membership_number},
    )
    assert response.status_code == 302
    assert Attendance.objects.filter(meeting=meeting, member=org.members["council-3"]).exists()
    chair.post(
        f"/meetings/{meeting.pk}/open/", {"chair": org.members["council-1"].membership_number}
    )
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.OPEN and meeting.chair == org.members["council-1"]
    chair.post(
        f"/meetings/{meeting.pk}/attendance/check-out/",
        {"member": org.members["council-3"].membership_number},
    )
    assert Attendance.objects.get(member=org.members["council-3"]).checked_out_at is not None
    response = chair.post(f"/meetings/{meeting.pk}/close/", follow=True)
    assert "Its minutes are a draft until approved" in response.content.decode()
    assert Meeting.objects.get(pk=meeting.pk).status == MeetingStatus.CLOSED


def test_a_refused_transition_is_explained(org, meeting, clock):
    response = client_for(org.user("council-1")).post(f"/meetings/{meeting.pk}/close/", follow=True)
    assert "only an open meeting closes" in response.content.decode()


@pytest.mark.parametrize(
    "path",
    ["open", "close", "attendance/check-in", "attendance/check-out", "agenda"],
)
def test_a_seat_holder_without_office_may_not_chair(org, meeting, path):
    response = client_for(org.user("council-2")).post(f"/meetings/{meeting.pk}/{path}/")
    assert response.status_code == 403


def test_a_seat_holder_checks_in_from_the_page(org, open_meeting, clock):
    client = client_for(org.user("council-2"))
    html = client.get(f"/meetings/{open_meeting.pk}/").content.decode()
    assert "Check in</button>" in html
    client.post(f"/meetings/{open_meeting.pk}/check-in/")
    html = client.get(f"/meetings/{open_meeting.pk}/").content.decode()
    assert "You are checked in." in html and "Check out</button>" in html
    client.post(f"/meetings/{open_meeting.pk}/check-out/")
    assert Attendance.objects.get(member=org.members["council-2"]).checked_out_at


def test_a_member_without_a_seat_is_told_why_not(org, open_meeting, clock):
    response = client_for(org.user("east-member")).post(f"/meetings/{open_meeting.pk}/check-in/")
    assert response.status_code == 403


def test_convening_from_the_page(org, council, clock):
    client = client_for(org.user("council-0"))
    html = client.get("/bodies/council/meetings/new/").content.decode()
    assert "Emergency meeting" in html  # the Council may hold them
    response = client.post(
        "/bodies/council/meetings/new/",
        {
            "title": "September meeting",
            "starts_at": "2026-09-12T10:00",
            "place": "Union Hall",
            "agenda": "Minutes [5]\nReports [20 min]\n\n- Any other business",
        },
    )
    meeting = Meeting.objects.get(title="September meeting")
    assert response.status_code == 302 and response["Location"] == f"/meetings/{meeting.pk}/"
    assert meeting.starts_at == dt.datetime(2026, 9, 12, 10, 0, tzinfo=dt.UTC)
    assert list(meeting.agenda_items.values_list("title", "minutes_allocated")) == [
        ("Minutes", 5),
        ("Reports", 20),
        ("Any other business", None),
    ]


def test_the_convene_form_shows_the_services_refusal(org, council, clock):
    response = client_for(org.user("council-0")).post(
        "/bodies/council/meetings/new/",
        {
            "title": "Emergency",
            "starts_at": "2026-06-02T10:00",
            "place": "Hall",
            "emergency": "on",
            "emergency_declared_by": "council",
        },
    )
    assert response.status_code == 200
    assert "the declaring body states its reasons" in response.content.decode()


def test_no_emergency_fields_where_the_charter_allows_none(org, clock):
    html = client_for(org.user("east-delegate-0")).get("/bodies/assembly/meetings/new/")
    assert "Emergency meeting" not in html.content.decode()


@pytest.mark.parametrize(("who", "status"), [("council-2", 403), ("east-member", 403)])
def test_only_officers_convene_from_the_page(org, council, who, status):
    assert client_for(org.user(who)).get("/bodies/council/meetings/new/").status_code == status


def test_editing_the_agenda_from_the_page(org, meeting, clock):
    client = client_for(org.user("council-0"))
    assert client.get(f"/meetings/{meeting.pk}/agenda/").status_code == 200
    client.post(
        f"/meetings/{meeting.pk}/agenda/",
        {"title": "Elections", "minutes_allocated": 15, "position": 1},
    )
    items = list(meeting.agenda_items.order_by("position"))
    assert items[0].title == "Elections"
    client.post(f"/meetings/{meeting.pk}/agenda/{items[0].pk}/move/", {"direction": "down"})
    assert meeting.agenda_items.get(position=2).title == "Elections"
    client.post(
        f"/meetings/{meeting.pk}/agenda/{items[0].pk}/",
        {
            f"item-{items[0].pk}-title": "Elections of officers",
            f"item-{items[0].pk}-minutes_allocated": 25,
        },
    )
    assert meeting.agenda_items.get(pk=items[0].pk).minutes_allocated == 25
    client.post(f"/meetings/{meeting.pk}/agenda/{items[0].pk}/remove/")
    assert not meeting.agenda_items.filter(pk=items[0].pk).exists()


def test_a_closed_meetings_agenda_cannot_be_edited(org, open_meeting, clock):
    services.meeting_close(actor=org.admin, meeting=open_meeting)
    assert (
        client_for(org.user("council-0")).get(f"/meetings/{open_meeting.pk}/agenda/").status_code
        == 403
    )


def test_a_seat_holder_circulates_their_own_paper(org, meeting, clock):
    client = client_for(org.user("council-2"))
    form = client.get(f"/meetings/{meeting.pk}/documents/new/")
    assert form.status_code == 200
    number = org.members["council-2"].membership_number
    assert f'<option value="{number}" selected>' in form.content.decode()
    response = client.post(
        f"/meetings/{meeting.pk}/documents/new/",
        {"title": "My motion", "text": "We resolve.", "authors": [number]},
    )
    document = meeting.documents.get()
    assert response["Location"] == f"/meetings/{meeting.pk}/documents/{document.pk}/"
    page = client.get(response["Location"]).content.decode()
    assert "My motion" in page and "Council Member 2" in page and "We resolve." in page


def test_a_paper_without_authors_is_refused_on_the_form(org, meeting, clock):
    response = client_for(org.user("council-0")).post(
        f"/meetings/{meeting.pk}/documents/new/", {"title": "Anonymous", "text": "..."}
    )
    assert "no anonymous papers" in response.content.decode()
    assert not meeting.documents.exists()


def test_a_member_without_a_seat_circulates_nothing(org, meeting):
    assert (
        client_for(org.user("east-member"))
        .get(f"/meetings/{meeting.pk}/documents/new/")
        .status_code
        == 403
    )


def test_the_meeting_pages_queries_do_not_grow_with_the_meeting(org, open_meeting, clock):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(org.user("council-0"))
    counts = []
    for key in ("council-1", "council-2", "council-3", "east-member"):
        services.attendance_check_in(actor=org.admin, meeting=open_meeting, member=org.members[key])
        services.document_circulate(
            actor=org.admin,
            meeting=open_meeting,
            title=f"Paper by {key}",
            text="...",
            authors=[org.members[key]],
            author_bodies=[org.bodies["bureau"]],
        )
        with CaptureQueriesContext(connection) as queries:
            assert client.get(f"/meetings/{open_meeting.pk}/").status_code == 200
        counts.append(len(queries))
    assert len(set(counts)) == 1, counts
