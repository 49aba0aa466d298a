"""The charter's rules on motions hold for a motion decided by ballot outside meetings: a
type read several times goes to a ballot only as its last reading, after the earlier ones at
meetings and the days between; a motion submitted after the body's deadline before the ballot
opens is refused (no meeting can admit it); a unit's motions to ballots opening the same day
count against its limit as motions to one meeting. The motion follows its ballot.

Here the Council's spending from the budget is read twice, 14 days apart; its motions are due
5 days before the vote, one per local. Council Members 1 and 3 are of East local, 0, 2 and 4
of West. Its circular ballots: 2 days' notice, open 3 days, named. Today is 23 November 2026."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from minutebook.ballots.services import (
    ballot_call,
    ballot_cancel,
    ballot_cast,
    ballot_close,
    ballot_open,
)
from minutebook.meetings.models import Meeting, MeetingStatus
from minutebook.motions.models import MotionReading, MotionStatus
from minutebook.motions.services import motion_submit
from tests.api.conftest import Api, fields
from tests.ballots.conftest import ballot_charter_text
from tests.charter.charters import variant

TODAY = dt.date(2026, 11, 23)


@pytest.fixture
def small_charter_text() -> str:
    return variant(
        (
            "  - id: budget.spend\n    name: Spend from the budget\n",
            "  - id: budget.spend\n    name: Spend from the budget\n"
            "    readings: {count: 2, days_between: 14}\n",
        ),
        (
            "secret: false, called_by: [council]}\n",
            "secret: false, called_by: [council]}\n"
            "    motions: {deadline_days: 5, per_unit_limit: 1}\n",
        ),
        text=ballot_charter_text(),
    )


def motion_by(org, who="council-1", decision_type="resolution", title="Renew the lease"):
    return motion_submit(
        actor=org.user(who),
        body=org.bodies["council"],
        decision_type=decision_type,
        title=title,
        text=f"{title}, as the secretary proposes.",
        authors=[org.members[who]],
    )


def call(org, clock, *, opens_in: int, motion=None, decision_type="resolution"):
    opens = clock.now + dt.timedelta(days=opens_in)
    return ballot_call(
        actor=org.user("council-0"),
        body=org.bodies["council"],
        title="" if motion is not None else "A circular resolution",
        decision_type="" if motion is not None else decision_type,
        opens_at=opens,
        closes_at=opens + dt.timedelta(days=3),
        motion=motion,
    )


def read_at_a_meeting(org, motion, day: dt.date) -> None:
    """The motion's first reading at a Council meeting that day, as the record stands (the
    chair's service for it is the motions app's, tested there)."""
    starts = dt.datetime.combine(day, dt.time(9), tzinfo=dt.UTC)
    meeting = Meeting.objects.create(
        body=org.bodies["council"],
        title="Council, November",
        convened_by=org.admin,
        convened_at=starts - dt.timedelta(days=10),
        starts_at=starts,
        status=MeetingStatus.CLOSED,
        opened_at=starts,
        closed_at=starts + dt.timedelta(hours=2),
    )
    MotionReading.objects.create(
        motion=motion,
        number=1,
        meeting=meeting,
        read_on=day,
        recorded_by=org.admin,
        recorded_at=starts,
    )


def test_a_type_read_twice_goes_to_a_ballot_only_as_a_motion_read_once_before(org, clock):
    with pytest.raises(ValidationError) as refused:
        call(org, clock, opens_in=20, decision_type="budget.spend")
    assert refused.value.message_dict["decision_type"] == [
        "the charter requires 2 readings at separate meetings, at least 14 days apart for "
        "'budget.spend', the vote at the last; a ballot can only be the last: put to the "
        "ballot a motion of the Council read 1 time at its meetings"
    ]
    unread = motion_by(org, decision_type="budget.spend", title="Buy a printer")
    with pytest.raises(
        ValidationError, match="this motion has had 0 readings: its 1st is at a meeting"
    ):
        call(org, clock, opens_in=20, motion=unread)


@pytest.mark.parametrize(("opens_in", "accepted"), [(13, False), (14, True)])
def test_the_ballot_is_the_last_reading_the_charters_days_after_the_first(
    org, clock, opens_in, accepted
):
    """Read on 23 November: the ballot (the second reading) opens on 7 December or later."""
    motion = motion_by(org, decision_type="budget.spend", title="Buy a printer")
    read_at_a_meeting(org, motion, TODAY)
    if not accepted:
        with pytest.raises(
            ValidationError, match="so the ballot opens on 7 December 2026 or later"
        ):
            call(org, clock, opens_in=opens_in, motion=motion)
        return
    ballot = call(org, clock, opens_in=opens_in, motion=motion)
    motion.refresh_from_db()
    assert (ballot.motion, ballot.decision_type, ballot.title) == (
        motion,
        "budget.spend",
        "Buy a printer",
    )
    assert ballot.text == "Buy a printer, as the secretary proposes."
    assert motion.status == MotionStatus.VOTED


@pytest.mark.parametrize(("opens_in", "accepted"), [(4, False), (5, True)])
def test_a_motion_submitted_after_the_deadline_before_the_ballot_is_refused(
    org, clock, opens_in, accepted
):
    motion = motion_by(org)
    if accepted:
        assert call(org, clock, opens_in=opens_in, motion=motion).motion == motion
        return
    with pytest.raises(ValidationError) as refused:
        call(org, clock, opens_in=opens_in, motion=motion)
    assert refused.value.message_dict["opens_at"] == [
        "the charter's deadline for motions to the Council is 5 days before the vote, and this "
        "one was submitted 4 days before the ballot opens; a late motion is admitted only by a "
        "vote of a meeting: let the ballot open on 28 November 2026 or later"
    ]


def test_a_question_the_secretary_puts_is_submitted_when_the_ballot_is_called(org, clock):
    with pytest.raises(ValidationError, match="submitted 4 days before the ballot opens"):
        call(org, clock, opens_in=4)
    assert call(org, clock, opens_in=5).motion is None


def test_one_motion_per_local_to_the_ballots_opening_the_same_day(org, clock):
    call(org, clock, opens_in=5, motion=motion_by(org, "council-1"))
    second_east = motion_by(org, "council-3", title="Paint the hall")
    with pytest.raises(ValidationError, match="at most 1 motion per unit to one sitting"):
        call(org, clock, opens_in=5, motion=second_east)
    assert call(org, clock, opens_in=6, motion=second_east).motion == second_east
    west = motion_by(org, "council-2", title="Hire a clerk")
    assert call(org, clock, opens_in=5, motion=west).motion == west


def test_the_motion_is_adopted_by_its_ballot_and_names_the_decision(org, clock):
    motion = motion_by(org)
    ballot = call(org, clock, opens_in=5, motion=motion)
    clock.advance(days=5)
    ballot = ballot_open(ballot=ballot)
    for i in range(5):
        ballot_cast(actor=org.user(f"council-{i}"), ballot=ballot, choice="for")
    clock.advance(days=3)
    ballot = ballot_close(ballot=ballot)
    motion.refresh_from_db()
    assert ballot.decision is not None
    assert (motion.status, motion.decision) == (MotionStatus.ADOPTED, ballot.decision)


def test_a_cancelled_ballot_gives_the_motion_back(org, clock):
    motion = motion_by(org)
    ballot = call(org, clock, opens_in=5, motion=motion)
    ballot_cancel(actor=org.user("council-0"), ballot=ballot, reason="Wrong day")
    motion.refresh_from_db()
    assert motion.status == MotionStatus.SUBMITTED
    with pytest.raises(ValidationError, match="put the motion to a ballot: it is adopted"):
        motion.status = MotionStatus.ADOPTED
        motion.save(update_fields=["status"])
        call(org, clock, opens_in=6, motion=motion)


def test_the_api_and_the_page_put_a_motion_to_a_ballot(org, clock):
    motion = motion_by(org)
    unread = motion_by(org, "council-2", decision_type="budget.spend", title="Buy a printer")
    opens = clock.now + dt.timedelta(days=5)
    payload = {
        "title": "",
        "opens_at": opens.isoformat(),
        "closes_at": (opens + dt.timedelta(days=3)).isoformat(),
    }
    api = Api(org.user("council-0"))
    refused = api.post("/bodies/council/ballots", {**payload, "motion": unread.pk})
    assert refused.status_code == 422 and fields(refused) == {"motion"}
    assert api.post("/bodies/council/ballots", {**payload, "motion": 4242}).status_code == 422
    called = api.post("/bodies/council/ballots", {**payload, "motion": motion.pk})
    assert called.status_code == 201
    assert (called.json()["motion"], called.json()["title"]) == (motion.pk, "Renew the lease")

    client = Client()
    client.force_login(org.user("council-0"))
    url = reverse("ballots:new", args=["council"])
    form = client.get(url).content.decode()
    assert f'<option value="{unread.pk}">{unread.pk}: Buy a printer (budget.spend)</option>' in form
    assert f'value="{motion.pk}"' not in form  # being voted on: no longer submitted
    answer = client.post(
        url,
        {
            "title": "Buy a printer",
            "motion": unread.pk,
            "opens_at": opens.strftime("%Y-%m-%dT%H:%M"),
            "closes_at": (opens + dt.timedelta(days=3)).strftime("%Y-%m-%dT%H:%M"),
        },
    )
    assert answer.status_code == 200
    assert "this motion has had 0 readings" in answer.content.decode()
