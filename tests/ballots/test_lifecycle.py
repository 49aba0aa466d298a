"""A ballot's life: the electorate fixed at opening, one vote per member while it is open by
the clock, the count with its turnout and threshold, the ledger decision, and the tick that
opens and closes ballots at their times."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command

from minutebook.ballots.models import BallotStatus, BallotVoter, NamedBallotVote
from minutebook.ballots.services import (
    ballot_cancel,
    ballot_cast,
    ballot_close,
    ballot_open,
    ballot_record_decision,
    ballots_tick,
)
from minutebook.bodies.models import Seat
from minutebook.bodies.services import seat_end
from minutebook.journal.models import JournalEntry
from minutebook.ledger.models import Decision
from minutebook.members.models import MembershipStatus
from tests.ballots.world import (
    REFERENDUM_ELECTORATE,
    call_referendum,
    open_circular,
    open_referendum,
)
from tests.factories import make_member


def cast(org, ballot, who, choice="for"):
    return ballot_cast(actor=org.user(who), ballot=ballot, choice=choice)


def voters(ballot) -> set[int]:
    return set(BallotVoter.objects.filter(ballot=ballot).values_list("member_id", flat=True))


def test_opening_fixes_the_electorate_from_the_members_in_good_standing(org, clock):
    ballot = open_referendum(org, clock)

    assert voters(ballot) == {org.members[key].pk for key in REFERENDUM_ELECTORATE}
    assert ballot.electorate == 13  # the applicant has no seat and no vote
    entry = JournalEntry.objects.get(action="ballot.open")
    assert entry.after["electorate"] == 13 and len(entry.after["electorate_sha256"]) == 64


def test_a_ballot_does_not_open_before_its_time(org, clock):
    ballot = call_referendum(org, clock)
    clock.advance(days=13, hours=23)

    with pytest.raises(ValidationError, match="the ballot opens at"):
        ballot_open(ballot=ballot)


def test_a_member_who_joins_after_the_opening_cannot_vote(org, clock):
    ballot = open_referendum(org, clock)
    newcomer = make_member("New Comer", org.units["east"], since=clock.now.date())

    assert Seat.objects.filter(body=org.bodies["referendum"], member=newcomer).exists()
    with pytest.raises(PermissionDenied, match="not on the electorate"):
        ballot_cast(actor=newcomer.user, ballot=ballot, choice="for")


def test_a_member_suspended_after_the_opening_keeps_the_vote_of_the_roll(org, clock):
    """The roll is the roll at opening: documented in docs/ballots.md."""
    ballot = open_referendum(org, clock)
    member = org.members["east-member"]
    member.status = MembershipStatus.SUSPENDED
    member.save(update_fields=["status"])

    assert cast(org, ballot, "east-member").receipt_code


def test_a_member_suspended_before_the_opening_is_not_on_the_roll(org, clock):
    ballot = call_referendum(org, clock)
    member = org.members["east-member"]
    member.status = MembershipStatus.SUSPENDED
    member.save(update_fields=["status"])
    clock.advance(days=14)
    ballot = ballot_open(ballot=ballot)

    assert ballot.electorate == 12
    with pytest.raises(PermissionDenied):
        cast(org, ballot, "east-member")


def test_each_member_votes_once(org, clock):
    ballot = open_referendum(org, clock)
    cast(org, ballot, "east-member")

    with pytest.raises(ValidationError, match="already voted"):
        cast(org, ballot, "east-member", "against")


def test_casting_is_refused_before_the_opening_and_after_the_closing_time(org, clock):
    ballot = call_referendum(org, clock)
    with pytest.raises(ValidationError, match="opens at"):
        cast(org, ballot, "east-member")

    clock.advance(days=14)
    ballot = ballot_open(ballot=ballot)
    clock.advance(days=7)  # closing time: the tick has not run yet, the status is still open
    ballot.refresh_from_db()
    assert ballot.status == BallotStatus.OPEN
    assert ballot.shown_status(clock.now) == "closing"
    with pytest.raises(ValidationError, match="closed at"):
        cast(org, ballot, "east-member")


def test_a_ballot_does_not_close_before_its_time(org, clock):
    ballot = open_referendum(org, clock)

    with pytest.raises(ValidationError, match="open until"):
        ballot_close(ballot=ballot)


def test_the_count_gives_turnout_and_the_threshold_with_exact_counts(org, clock):
    ballot = open_referendum(org, clock)
    for who in ("east-member", "west-member", "council-1", "council-2"):
        cast(org, ballot, who, "for")
    for who in ("council-3", "council-4", "east-delegate-1"):
        cast(org, ballot, who, "against")
    cast(org, ballot, "west-delegate-1", "abstain")
    clock.advance(days=7)

    ballot = ballot_close(ballot=ballot)

    assert (ballot.votes_for, ballot.votes_against, ballot.votes_abstain) == (4, 3, 1)
    assert (ballot.turnout, ballot.electorate) == (8, 13)
    assert ballot.adopted is True
    assert ballot.explanation.startswith("8 of 13 voted. ")
    assert "4" in ballot.explanation


def test_an_adopted_referendum_is_recorded_in_the_ledger(org, clock):
    """Called by an administrator, who may record the referendum body's decisions: the close
    (by the tick, without an actor) records it in their name."""
    ballot = call_referendum(org, clock, title="Join the federation", actor=org.admin)
    clock.advance(days=14)
    ballot_open(ballot=ballot)
    ballot.refresh_from_db()
    cast(org, ballot, "east-member", "for")
    clock.advance(days=7)

    ballot = ballot_close(ballot=ballot)

    decision = Decision.objects.get(ballot=ballot)
    assert decision.meeting is None
    assert decision.body == org.bodies["referendum"]
    assert (decision.votes_for, decision.votes_against, decision.present) == (1, 0, 1)
    assert decision.title == "Join the federation"
    assert not decision.irregular
    assert JournalEntry.objects.filter(action="ballot.record").exists()


def test_a_majority_of_the_entire_electorate_counts_the_members_who_did_not_vote(org, clock):
    """`strike.call` needs more than half of the 13 on the roll: 6 for and none against fail."""
    ballot = open_referendum(org, clock, decision_type="strike.call")
    for who in ("east-member", "west-member", "council-1", "council-2", "council-3", "council-4"):
        cast(org, ballot, who, "for")
    clock.advance(days=7)

    ballot = ballot_close(ballot=ballot)

    assert ballot.adopted is False
    assert ballot.decision is None
    assert not Decision.objects.filter(title="Join the federation").exists()


def test_seven_of_thirteen_is_a_majority_of_the_entire_electorate(org, clock):
    ballot = open_referendum(org, clock, decision_type="strike.call")
    for who in sorted(REFERENDUM_ELECTORATE)[:7]:
        cast(org, ballot, who, "for")
    clock.advance(days=7)

    assert ballot_close(ballot=ballot).adopted is True


def test_a_rejected_ballot_stays_on_the_ballot_only(org, clock):
    ballot = open_referendum(org, clock)
    cast(org, ballot, "east-member", "against")
    clock.advance(days=7)

    ballot = ballot_close(ballot=ballot)

    assert ballot.adopted is False and ballot.decision is None


def test_a_named_circular_resolution_counts_names_and_is_journaled_per_vote(org, clock):
    ballot = open_circular(org, clock)
    assert ballot.electorate == 5
    for who in ("council-0", "council-1", "council-2"):
        assert cast(org, ballot, who, "for").receipt_code is None
    clock.advance(days=3)

    ballot = ballot_close(ballot=ballot)

    assert ballot.adopted is True
    assert set(NamedBallotVote.objects.filter(ballot=ballot).values_list("choice", flat=True)) == {
        "for"
    }
    assert JournalEntry.objects.filter(action="ballot.cast").count() == 3
    assert ballot.decision.body == org.bodies["council"]


def test_a_turnout_below_the_bodys_quorum_does_not_adopt(org, clock):
    """The council's quorum (1/2 of 5 seats: 3) applies to the turnout of its ballot."""
    ballot = open_circular(org, clock)
    cast(org, ballot, "council-0", "for")
    cast(org, ballot, "council-1", "for")
    clock.advance(days=3)

    ballot = ballot_close(ballot=ballot)

    assert ballot.adopted is False
    assert "no quorum" in ballot.explanation


def test_an_adoption_closed_by_the_tick_is_recorded_in_the_name_of_its_caller(org, clock):
    """The software counted it: the council's secretary, who called the referendum, records
    it, though she may not record the referendum body's own decisions."""
    ballot = open_referendum(org, clock)
    cast(org, ballot, "east-member", "for")
    clock.advance(days=7)

    ballot = ballot_close(ballot=ballot)

    assert ballot.decision.recorded_by == org.user("council-0")
    assert ballot.recording_note == ""


def test_an_adoption_nobody_may_record_waits_for_one_who_may(org, clock):
    """Its caller has left the council meanwhile, and the tick closed it: it waits for the
    one click of someone who may call such a ballot."""
    ballot = open_referendum(org, clock)
    cast(org, ballot, "east-member", "for")
    seat = Seat.objects.get(body=org.bodies["council"], member=org.members["council-0"])
    seat_end(actor=org.admin, seat=seat, ended_on=clock.now.date(), reason="resigned")
    clock.advance(days=7)

    ballot = ballot_close(ballot=ballot)

    assert ballot.decision is None and "Awaiting" in ballot.recording_note
    with pytest.raises(PermissionDenied):
        ballot_record_decision(actor=org.user("east-member"), ballot=ballot)
    assert ballot_record_decision(actor=org.admin, ballot=ballot).decision.ballot == ballot


def test_cancelling_needs_a_reason_and_those_who_call(org, clock):
    ballot = open_referendum(org, clock)
    with pytest.raises(PermissionDenied):
        ballot_cancel(actor=org.user("east-member"), ballot=ballot, reason="No")
    with pytest.raises(ValidationError, match="say why"):
        ballot_cancel(actor=org.user("council-0"), ballot=ballot, reason=" ")

    ballot = ballot_cancel(actor=org.user("council-0"), ballot=ballot, reason="Wrong text")

    assert ballot.status == BallotStatus.CANCELLED
    with pytest.raises(ValidationError):
        cast(org, ballot, "east-member")


def test_the_tick_opens_and_closes_ballots_at_their_times_once(org, clock, capsys):
    ballot = call_referendum(org, clock)
    assert ballots_tick().opened == []

    clock.advance(days=14)
    call_command("ballots_tick")
    assert "opened 1, closed 0" in capsys.readouterr().out
    assert ballots_tick().opened == []  # idempotent
    ballot.refresh_from_db()
    cast(org, ballot, "west-member")

    clock.advance(days=7)
    report = ballots_tick()
    assert report.closed == [ballot.pk]
    assert ballots_tick().closed == []
    ballot.refresh_from_db()
    assert ballot.status == BallotStatus.CLOSED and ballot.turnout == 1
