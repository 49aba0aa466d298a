"""The vote pages: the chair's console, casting from the motions page, a vote's result, the
receipts, elections. Outsiders to the meeting's body get a 404; members who may see but not
act, a 403."""

from __future__ import annotations

import re

import pytest

from minutebook.votes.models import Vote, VoteStatus
from minutebook.votes.receipts import receipt_hash
from minutebook.votes.services import vote_cast, vote_close, vote_open
from tests.motions.world import admitted, check_in, make_meeting
from tests.web.conftest import client_for

HTMX = {"HX-Request": "true"}


@pytest.fixture
def motion(org, meeting):
    return admitted(org, meeting, title="Rent strike fund")


def test_the_console_is_the_chairs(org, meeting, motion, outsider):
    assert (
        client_for(org.user("east-delegate-1")).get(f"/meetings/{meeting.pk}/votes/").status_code
        == 200
    )
    assert (
        client_for(org.user("west-delegate-0")).get(f"/meetings/{meeting.pk}/votes/").status_code
        == 403
    )
    assert client_for(outsider).get(f"/meetings/{meeting.pk}/votes/").status_code == 404
    response = client_for(org.user("west-delegate-0")).post(
        f"/meetings/{meeting.pk}/votes/open/",
        {"question": f"motion:{motion.pk}", "method": "named"},
    )
    assert response.status_code == 403 and not Vote.objects.exists()


def test_the_chair_opens_a_vote_and_sees_the_quorum_refusal(org, clock):
    meeting = make_meeting(org, chair="east-delegate-1")
    check_in(org, meeting, "east-delegate-1", "west-delegate-1")
    motion = admitted(org, meeting)
    chair = client_for(org.user("east-delegate-1"))
    form = {"question": f"motion:{motion.pk}", "method": "secret"}
    refused = chair.post(f"/meetings/{meeting.pk}/votes/open/", form)
    assert refused.status_code == 422
    assert "No quorum: 2 present" in refused.content.decode()
    assert not Vote.objects.exists()
    opened = chair.post(
        f"/meetings/{meeting.pk}/votes/open/", {**form, "proceed": "on", "proceed_reason": "urgent"}
    )
    assert opened.status_code == 302
    vote = Vote.objects.get()
    assert vote.irregular and "Reason given: urgent" in vote.irregular_reason


def test_casting_a_secret_ballot_from_the_motions_page(org, meeting, motion, outsider):
    vote = vote_open(actor=org.admin, meeting=meeting, method="secret", motion=motion)
    page = client_for(org.user("west-delegate-0")).get(f"/meetings/{meeting.pk}/motions/")
    html = page.content.decode()
    assert "Vote open: Motion" in html and f'hx-post="/votes/{vote.pk}/cast/"' in html

    response = client_for(org.user("west-delegate-0")).post(
        f"/votes/{vote.pk}/cast/", {"choice": "for"}, headers=HTMX
    )
    html = response.content.decode()
    assert response.status_code == 200 and "Your vote is recorded" in html
    code = re.search(r'receipt-code">([0-9A-Z-]+)<', html).group(1)
    assert receipt_hash(code) in set(vote.secret_ballots.values_list("receipt_hash", flat=True))
    assert "no-store" in response["Cache-Control"] or "no-cache" in response["Cache-Control"]
    assert f'<div id="ballot-{vote.pk}" hx-swap-oob="true">' in html  # the form goes away
    again_page = client_for(org.user("west-delegate-0")).get(f"/meetings/{meeting.pk}/motions/")
    assert "You have voted." in again_page.content.decode()
    assert 'name="choice"' not in again_page.content.decode()
    follower = client_for(org.user("east-member")).get(f"/meetings/{meeting.pk}/motions/")
    assert "You have no vote in this vote" in follower.content.decode()

    again = client_for(org.user("west-delegate-0")).post(
        f"/votes/{vote.pk}/cast/", {"choice": "for"}, headers=HTMX
    )
    assert "already been cast" in again.content.decode()
    # Without JavaScript the answer is a page; someone with no vote is refused.
    assert (
        client_for(org.user("east-member"))
        .post(f"/votes/{vote.pk}/cast/", {"choice": "for"})
        .status_code
        == 403
    )
    refused = client_for(org.user("east-member")).post(
        f"/votes/{vote.pk}/cast/", {"choice": "for"}, headers=HTMX
    )
    assert "no vote in this vote" in refused.content.decode()
    assert (
        client_for(outsider).post(f"/votes/{vote.pk}/cast/", {"choice": "for"}).status_code == 404
    )


def test_closing_is_the_chairs_and_the_result_page_shows_names_or_totals(org, meeting, motion):
    vote = vote_open(actor=org.admin, meeting=meeting, method="named", motion=motion)
    vote_cast(actor=org.user("west-delegate-0"), vote=vote, choice="against")
    assert (
        client_for(org.user("west-delegate-0")).post(f"/votes/{vote.pk}/close/").status_code == 403
    )
    closed = client_for(org.user("east-delegate-0")).post(f"/votes/{vote.pk}/close/")
    assert closed.status_code == 302
    vote.refresh_from_db()
    assert vote.status == VoteStatus.CLOSED
    html = client_for(org.user("east-member")).get(f"/votes/{vote.pk}/").content.decode()
    assert "West Local Delegate 0" in html and "Against" in html


def test_a_show_of_hands_is_entered_in_the_console(org, meeting, motion):
    vote = vote_open(actor=org.admin, meeting=meeting, method="show_of_hands", motion=motion)
    chair = client_for(org.user("east-delegate-1"))
    assert "The count of hands" in chair.get(f"/meetings/{meeting.pk}/votes/").content.decode()
    chair.post(f"/votes/{vote.pk}/close/", {"votes_for": 4, "votes_against": 2})
    vote.refresh_from_db()
    assert (vote.status, vote.votes_for, vote.adopted) == ("closed", 4, True)


def test_the_roll_call_sheet(org, meeting, motion):
    vote = vote_open(actor=org.admin, meeting=meeting, method="roll_call", motion=motion)
    chair = client_for(org.user("east-delegate-1"))
    html = chair.get(f"/meetings/{meeting.pk}/votes/").content.decode()
    assert "Roll call" in html and "West Local Delegate 2" in html
    voter = org.members["west-delegate-2"]
    chair.post(f"/votes/{vote.pk}/roll-call/", {"voter": voter.pk, "choice": "against"})
    assert vote.named_ballots.get().voter == voter
    assert (
        client_for(org.user("west-delegate-2"))
        .post(f"/votes/{vote.pk}/roll-call/", {"voter": voter.pk, "choice": "for"})
        .status_code
        == 403
    )


def test_the_receipts_page_checks_a_code(org, meeting, motion):
    vote = vote_open(actor=org.admin, meeting=meeting, method="secret", motion=motion)
    code = vote_cast(actor=org.user("west-delegate-0"), vote=vote, choice="abstain").receipt_code
    client = client_for(org.user("east-member"))
    assert (
        "published when the vote closes"
        in client.get(f"/votes/{vote.pk}/receipts/").content.decode()
    )
    vote_close(actor=org.admin, vote=vote)
    page = client.get(f"/votes/{vote.pk}/receipts/").content.decode()
    assert receipt_hash(code) in page and "Abstain" in page
    found = client.post(f"/votes/{vote.pk}/receipts/", {"code": code.lower()}).content.decode()
    assert "was counted as: <strong>Abstain</strong>" in found
    missing = client.post(f"/votes/{vote.pk}/receipts/", {"code": "0000-0000"}).content.decode()
    assert "No ballot has this receipt" in missing


def test_an_election_through_the_pages(org, meeting):
    import datetime as dt

    from minutebook.bodies.models import Seat
    from minutebook.bodies.services import seat_end

    seat = Seat.objects.get(body=org.bodies["council"], member=org.members["council-4"])
    seat_end(actor=org.admin, seat=seat, ended_on=dt.date(2026, 5, 1), reason="resigned")
    secretary = client_for(org.user("east-delegate-0"))
    assert (
        client_for(org.user("west-member"))
        .get(f"/meetings/{meeting.pk}/elections/new/")
        .status_code
        == 403
    )
    form = secretary.get(f"/meetings/{meeting.pk}/elections/new/").content.decode()
    assert "Council" in form and "Bureau" not in form.split("<form")[1]
    response = secretary.post(
        f"/meetings/{meeting.pk}/elections/new/",
        {"body": "council", "seats": 1, "method": "irv"},
    )
    election_url = response["Location"]
    for key in ("west-member", "east-member"):
        secretary.post(f"{election_url}nominate/", {"member": org.members[key].membership_number})
    from minutebook.votes.models import Candidate

    for candidate in Candidate.objects.all():
        client_for(candidate.member.user).post(f"{election_url}candidates/{candidate.pk}/accept/")
    secretary.post(f"{election_url}open/")
    page = client_for(org.user("west-delegate-0")).get(election_url).content.decode()
    assert 'type="number"' in page and "Number the candidates in your order of preference" in page
    assert 'for="rank-' in page  # every rank box has its label
    west = Candidate.objects.get(member=org.members["west-member"])
    east = Candidate.objects.get(member=org.members["east-member"])
    vote = Vote.objects.get(election__isnull=False)
    for key, first, second in (
        ("west-delegate-0", west, east), ("west-delegate-1", west, east), ("east-delegate-2", east, west),
    ):  # fmt: skip
        client_for(org.user(key)).post(
            f"/votes/{vote.pk}/cast/", {f"rank_{first.pk}": "1", f"rank_{second.pk}": "2"}
        )
    secretary.post(f"/votes/{vote.pk}/close/")
    result = client_for(org.user("east-member")).get(election_url).content.decode()
    assert "The count, round by round" in result
    assert "West Rank And File</a> sits on the Council" in result
