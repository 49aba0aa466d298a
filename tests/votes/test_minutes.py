"""The minutes' sections: motions with their original and final texts, amendments with their
change, votes with their results (names for named votes, totals only for secret ballots), and
elections with the count round by round."""

from __future__ import annotations

import datetime as dt

from minutebook.bodies.models import Seat
from minutebook.bodies.services import seat_end
from minutebook.meetings.minutes_sections import minutes_sections
from minutebook.motions.services import amendment_admit, amendment_submit
from minutebook.votes.elections import candidate_accept, election_create, election_nominate
from minutebook.votes.services import vote_cast, vote_close, vote_open
from tests.motions.world import admitted


def test_the_minutes_tell_motions_votes_and_elections(org, meeting):
    chair = org.user("east-delegate-0")
    motion = admitted(org, meeting, title="Rent strike fund", text="Original words.")
    amendment = amendment_submit(
        actor=org.user("east-delegate-2"), motion=motion, text="Amended words.",
        authors=[org.members["east-delegate-2"]],
    )  # fmt: skip
    amendment_admit(actor=chair, amendment=amendment)
    named = vote_open(actor=chair, meeting=meeting, method="named", amendment=amendment)
    vote_cast(actor=org.user("west-delegate-0"), vote=named, choice="for")
    vote_cast(actor=org.user("west-delegate-1"), vote=named, choice="against")
    vote_cast(actor=org.user("east-delegate-1"), vote=named, choice="for")
    vote_close(actor=chair, vote=named)
    secret = vote_open(actor=chair, meeting=meeting, method="secret", motion=motion)
    for key in ("west-delegate-0", "west-delegate-1", "west-delegate-2"):
        vote_cast(actor=org.user(key), vote=secret, choice="for")
    vote_close(actor=chair, vote=secret)

    seat = Seat.objects.get(body=org.bodies["council"], member=org.members["council-4"])
    seat_end(actor=org.admin, seat=seat, ended_on=dt.date(2026, 5, 1), reason="resigned")
    election = election_create(
        actor=chair, meeting=meeting, body=org.bodies["council"], seats=1, method="irv"
    )
    for key in ("east-member", "west-member"):
        candidate = election_nominate(actor=chair, election=election, member=org.members[key])
        candidate_accept(actor=org.user(key), candidate=candidate)
    ballot = vote_open(actor=chair, meeting=meeting, method="secret", election=election)
    west = election.candidates.get(member=org.members["west-member"])
    vote_cast(actor=org.user("east-delegate-1"), vote=ballot, ranking=[[west.pk]])
    vote_close(actor=chair, vote=ballot)

    sections = {section.title: section.markdown for section in minutes_sections(meeting)}
    motions = sections["Motions, amendments and votes"]
    assert "### Motion" in motions and "Rent strike fund (adopted)" in motions
    assert "Original text:\n\n> Original words." in motions
    assert "Final text (version 2):\n\n> Amended words." in motions
    assert "-Original words.\n+Amended words." in motions
    assert "  - For: East Local Delegate 1, West Local Delegate 0" in motions
    assert "  - Against: West Local Delegate 1" in motions
    assert "Secret ballot: only the totals are recorded." in motions
    assert "3 for, 0 against, 0 abstaining" in motions
    assert "Recorded as decision" in motions
    elections = sections["Elections"]
    assert "**Elected: West Rank And File.**" in elections
    assert "| Candidate | Round 1 |" in elections
    assert "Seated: West Rank And File." in elections
