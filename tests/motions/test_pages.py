"""The motion pages: a meeting's motions, a motion with its versions and amendments, the forms
and buttons of the workflow. Those who may not see the meeting's body get a 404; those who may
see but not act, a 403."""

from __future__ import annotations

import pytest

from minutebook.motions.models import Motion, MotionStatus
from minutebook.motions.services import amendment_admit, amendment_submit, motion_debate
from minutebook.votes.services import vote_close, vote_open
from tests.motions.world import admitted, check_in, make_meeting, submit
from tests.web.conftest import client_for


@pytest.fixture
def motion(org, meeting):
    return admitted(org, meeting, title="Rent strike fund")


def test_the_meetings_motions_page_lists_motions_and_listens_live(org, meeting, motion):
    response = client_for(org.user("east-member")).get(f"/meetings/{meeting.pk}/motions/")
    assert response.status_code == 200
    html = response.content.decode()
    assert f'data-live-meeting="{meeting.pk}"' in html
    assert "Rent strike fund" in html and "Admitted to the agenda" in html
    assert 'data-live-fragment="vote-panel"' in html and 'data-live-fragment="vote-result"' in html
    assert "No vote is open" in html
    fragment = client_for(org.user("east-member")).get(
        f"/meetings/{meeting.pk}/motions/?fragment=list"
    )
    assert (
        "Rent strike fund" in fragment.content.decode() and "<html" not in fragment.content.decode()
    )


def test_a_closed_bodys_meeting_is_hidden_from_others(org, clock, outsider):
    meeting = make_meeting(org, "bureau")
    check_in(org, meeting, "council-0", "council-1")
    motion = submit(org, meeting, by="council-1", title="Bureau rota")
    for user in (org.user("east-member"), outsider):
        client = client_for(user)
        assert client.get(f"/meetings/{meeting.pk}/motions/").status_code == 404
        assert client.get(f"/motions/{motion.pk}/").status_code == 404
        assert client.post(f"/motions/{motion.pk}/cosponsor/").status_code == 404
    assert client_for(org.user("council-2")).get(f"/motions/{motion.pk}/").status_code == 200


def test_anonymous_visitors_are_sent_to_log_in(org, meeting, motion, client):
    response = client.get(f"/motions/{motion.pk}/")
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_the_motion_page_shows_versions_with_what_changed(org, meeting, motion):
    secretary = org.user("east-delegate-0")
    motion_debate(actor=secretary, motion=motion)
    amendment = amendment_submit(
        actor=org.user("east-delegate-2"),
        motion=motion,
        text="The assembly sets up a strike fund.\n\nIt is paid from dues and donations.",
        authors=[org.members["east-delegate-2"]],
        rationale="More money.",
    )
    amendment_admit(actor=secretary, amendment=amendment)
    vote = vote_open(actor=secretary, meeting=meeting, method="show_of_hands", amendment=amendment)
    vote_close(actor=secretary, vote=vote, votes_for=4, votes_against=2)
    html = client_for(org.user("west-member")).get(f"/motions/{motion.pk}/").content.decode()
    assert "Version 2, as amendment 1 changed it" in html
    assert "Version 1, as submitted" in html
    assert '<span class="removed">' in html and "It is paid from dues and donations." in html
    assert "More money." in html


def test_submitting_a_motion_through_the_form(org, meeting):
    client = client_for(org.user("west-delegate-2"))
    assert client.get(f"/motions/new/?meeting={meeting.pk}").status_code == 200
    refused = client.post(
        "/motions/new/",
        {
            "body": "assembly", "meeting": meeting.pk, "decision_type": "budget.spend",
            "title": "Buy a van", "text": "Buy it.",
            "authors": org.members["west-delegate-2"].membership_number,
        },
    )  # fmt: skip
    assert refused.status_code == 200
    assert "the charter gives it to Council" in refused.content.decode()
    response = client.post(
        "/motions/new/",
        {
            "body": "assembly", "meeting": meeting.pk, "decision_type": "resolution",
            "title": "Hold a rally", "text": "We rally.",
            "authors": org.members["west-delegate-2"].membership_number,
        },
    )  # fmt: skip
    motion = Motion.objects.get(title="Hold a rally")
    assert response.status_code == 302 and response["Location"] == f"/motions/{motion.pk}/"


def test_workflow_buttons_are_for_those_who_may_press_them(org, meeting, motion):
    member = client_for(org.user("west-member"))
    assert member.post(f"/motions/{motion.pk}/debate/").status_code == 403
    assert member.post(f"/motions/{motion.pk}/withdraw/").status_code == 403
    assert member.post(f"/motions/{motion.pk}/refer/", {"to_body": "council"}).status_code == 403
    assert member.post(f"/motions/{motion.pk}/record/").status_code == 403
    html = member.get(f"/motions/{motion.pk}/").content.decode()
    assert "Open the debate" not in html and "Co-sponsor this motion" in html

    chair = client_for(org.user("east-delegate-1"))
    assert "Open the debate" in chair.get(f"/motions/{motion.pk}/").content.decode()
    assert chair.post(f"/motions/{motion.pk}/debate/").status_code == 302
    motion.refresh_from_db()
    assert motion.status == MotionStatus.DEBATED

    author = client_for(org.user("west-delegate-1"))
    assert author.post(f"/motions/{motion.pk}/withdraw/", {"reason": "merged"}).status_code == 302
    motion.refresh_from_db()
    assert motion.status == MotionStatus.WITHDRAWN


def test_a_member_cosponsors_and_amends_through_the_pages(org, meeting, motion):
    client = client_for(org.user("west-member"))
    assert client.post(f"/motions/{motion.pk}/cosponsor/").status_code == 302
    assert motion.sponsors.filter(role="cosponsor").count() == 1
    assert client.get(f"/motions/{motion.pk}/amend/").status_code == 200
    response = client.post(
        f"/motions/{motion.pk}/amend/",
        {"text": "Another text.", "authors": org.members["west-member"].membership_number},
    )
    assert response.status_code == 302 and motion.amendments.count() == 1
    # Not in good standing: the record is closed to her.
    assert client_for(org.user("applicant")).get(f"/motions/{motion.pk}/amend/").status_code == 404


def test_a_form_button_left_empty_goes_back_where_it_was_pressed(org, meeting, motion):
    chair = client_for(org.user("east-delegate-1"))
    page = f"/meetings/{meeting.pk}/motions/"
    response = chair.post(f"/motions/{motion.pk}/refer/", {"to_body": "", "next": page})
    assert response.status_code == 302 and response["Location"] == page
    assert "Choose the body to refer the motion to." in chair.get(page).content.decode()
    assert Motion.objects.get(pk=motion.pk).status == MotionStatus.ADMITTED
