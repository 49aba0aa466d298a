"""The motions API: the same services as the pages, the same answers to outsiders (404) and
to the unauthorized (403), the charter's refusals as 422 with the field at fault."""

from __future__ import annotations

import pytest

from tests.api.conftest import Api, fields
from tests.motions.world import admitted, make_meeting, submit


@pytest.fixture
def motion(org, meeting):
    return admitted(org, meeting, title="Rent strike fund")


def test_a_meetings_motions_and_a_motion_in_full(org, meeting, motion):
    api = Api(org.user("east-member"))
    listed = api.get(f"/meetings/{meeting.pk}/motions")
    assert listed.status_code == 200
    assert [m["title"] for m in listed.json()] == ["Rent strike fund"]
    detail = api.get(f"/motions/{motion.pk}").json()
    assert detail["status"] == "admitted" and detail["version"] == 1
    assert detail["sponsors"][0]["role"] == "author"
    assert detail["versions"][0]["text"].startswith("The assembly sets up a strike fund.")


def test_submit_amend_and_withdraw(org, meeting):
    author = Api(org.user("west-delegate-2"))
    refused = author.post(
        "/motions",
        {"body": "assembly", "decision_type": "budget.spend", "title": "Van", "text": "Buy one."},
    )
    assert refused.status_code == 422 and fields(refused) == {"decision_type"}
    assert "the charter gives it to Council" in refused.json()["detail"][0]["message"]
    created = author.post(
        "/motions",
        {"body": "assembly", "decision_type": "resolution", "title": "Rally",
         "text": "We rally.", "meeting": meeting.pk},
    )  # fmt: skip
    assert created.status_code == 201
    motion_id = created.json()["id"]
    amended = Api(org.user("east-member")).post(
        f"/motions/{motion_id}/amendments", {"text": "We rally on Sunday."}
    )
    assert amended.status_code == 201
    assert "+We rally on Sunday." in amended.json()["diff"]
    assert Api(org.user("east-member")).post(f"/motions/{motion_id}/withdraw").status_code == 403
    withdrawn = author.post(f"/motions/{motion_id}/withdraw", {"reason": "merged"})
    assert withdrawn.status_code == 200 and withdrawn.json()["status"] == "withdrawn"


def test_admit_is_for_the_chair(org, meeting):
    motion = submit(org, meeting)
    item = meeting.agenda_items.first()
    assert (
        Api(org.user("west-member"))
        .post(f"/motions/{motion.pk}/admit", {"agenda_item": item.pk})
        .status_code
        == 403
    )
    admitted_ = Api(org.user("east-delegate-1")).post(
        f"/motions/{motion.pk}/admit", {"agenda_item": item.pk}
    )
    assert admitted_.status_code == 200 and admitted_.json()["agenda_item"] == item.pk


def test_outsiders_and_members_of_other_bodies_get_404(org, clock, outsider):
    meeting = make_meeting(org, "bureau")
    motion = submit(org, meeting, by="council-1", title="Bureau rota")
    for user in (outsider, org.user("east-member")):
        api = Api(user)
        assert api.get(f"/motions/{motion.pk}").status_code == 404
        assert api.get(f"/meetings/{meeting.pk}/motions").status_code == 404
        assert api.post(f"/motions/{motion.pk}/cosponsor").status_code == 404
    assert Api().get(f"/motions/{motion.pk}").status_code == 401
