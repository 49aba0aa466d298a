"""The demo's referendum: the Congress's amendment of October 2026 ("every document names its
authors") takes effect only when the members sustain it (article 13). The Central Committee's
secretary calls the Members' Referendum four days after the Congress; it opens two weeks later
for two weeks; 70 of its 201 members vote, 52 for; at the close the ratification is recorded and
the amended charter comes into force.

Replayed like the meetings (`clock.replaying`), so the record reads as the story happened."""

from __future__ import annotations

import datetime as dt

from minutebook.ballots.services import ballot_call, ballot_cast, ballot_close, ballot_open
from minutebook.demo.meetings import at
from minutebook.ledger.models import Decision, DecisionStatus
from minutebook.meetings.clock import replaying

# Per branch, how many of its members vote for, against and abstaining: 70 in all.
VOTES = {
    "harbour": (9, 2, 1),
    "millbrook": (7, 2, 0),
    "ironbridge": (6, 2, 1),
    "ashford": (7, 1, 0),
    "greenhill": (6, 2, 1),
    "saltmarsh": (6, 2, 0),
    "lighthouse": (5, 2, 1),
    "bayview": (6, 1, 0),
}


def load_referendum(world) -> None:
    amendment = Decision.objects.get(decision_type="charter.amend", status=DecisionStatus.PENDING)
    ana = world.persona["ana"].user
    opens, closes = at("2026-10-28", "08:00"), at("2026-11-11", "20:00")
    with replaying(at("2026-10-14", "07:30")):
        ballot = ballot_call(
            actor=ana,
            body=world.body("members-referendum"),
            title="Do you sustain the amendment: every document names its authors?",
            opens_at=opens,
            closes_at=closes,
            step_of=amendment,
        )
    with replaying(opens):
        ballot_open(ballot=ballot)
    moment = opens
    for branch, (yes, no, abstain) in VOTES.items():
        voters = world.by_branch[branch][4:]
        choices = ["for"] * yes + ["against"] * no + ["abstain"] * abstain
        for member, choice in zip(voters, choices, strict=False):
            moment += dt.timedelta(hours=3, minutes=17)
            with replaying(moment):
                ballot_cast(actor=member.user, ballot=ballot, choice=choice)
    with replaying(closes):
        ballot_close(ballot=ballot, actor=ana)
