"""The demo's meetings, held through the meeting services as the secretaries would hold them.

Three Central Committee meetings on the story's dates (`minutebook.demo.story`, written for
June 2026, September 2026 and January 2027): June (closed; its minutes approved in
September), September (closed; its minutes a draft) and January (scheduled, with a paper
circulated late). And one Harbour Branch Assembly in session on the day the demo is
loaded, chaired by its secretary Tom, with a few members checked in but not Rosa, so that a
visitor (or a browser test) can check her in and watch the quorum move.

The past is replayed: `clock.replaying(moment)` makes the services record that moment as the
time of each step, so the record reads as the year happened; the journal still says when the
demo was loaded."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from minutebook.bodies.models import Seat
from minutebook.demo.story import month_of, on, spoken
from minutebook.ledger.competence import Tally
from minutebook.ledger.services import decision_record
from minutebook.meetings import services
from minutebook.meetings.clock import replaying
from minutebook.meetings.services import AgendaEntry


def at(day: str, time: str) -> dt.datetime:
    """The moment the story calls `day` (YYYY-MM-DD) at `time` (HH:MM, UTC), as told today."""
    year, month, day_of_month = (int(part) for part in day.split("-"))
    return dt.datetime.fromisoformat(f"{on(year, month, day_of_month).isoformat()}T{time}:00+00:00")


def load_meetings(world) -> None:
    cc = world.body("central-committee")
    ana = world.persona["ana"].user
    cc_seats = list(
        Seat.objects.current(on=on(2026, 6, 13))
        .filter(body=cc)
        .select_related("member")
        .order_by("pk")
    )
    members = [seat.member for seat in cc_seats]
    office = {seat.office: seat.member for seat in cc_seats if seat.office}
    june = _june(world, cc, ana, members, office)
    september = _september(world, cc, ana, members, office, june)
    _january(world, cc, ana, office, september)
    _harbour_today(world)


def _convene_cc(cc, ana, *, convened_at: dt.datetime, title: str, day: str, hours, agenda):
    """A Central Committee meeting, convened by its secretary at `convened_at` for `day`
    from `hours[0]` to `hours[1]`, in the union hall and online."""
    with replaying(convened_at):
        return services.meeting_convene(
            actor=ana,
            body=cc,
            title=title,
            starts_at=at(day, hours[0]),
            ends_at=at(day, hours[1]),
            place="Tenants' Union Hall, 3 Rope Walk, Portside",
            online_url="https://meet.example.org/wcp-central-committee",
            agenda=agenda,
        )


def _check_in(actor, meeting, people, first: dt.datetime) -> None:
    for index, member in enumerate(people):
        with replaying(first + dt.timedelta(minutes=index // 3)):
            services.attendance_check_in(actor=actor, meeting=meeting, member=member)


def _june(world, cc, ana, members, office):
    meeting = _convene_cc(
        cc,
        ana,
        convened_at=at("2026-05-20", "09:00"),
        title=f"Ordinary meeting, {month_of(on(2026, 6, 13))}",
        day="2026-06-13",
        hours=("10:00", "13:00"),
        agenda=[
            AgendaEntry("Opening, quorum and agenda", 5),
            AgendaEntry("Report of the Standing Committee", 30),
            AgendaEntry("The programme review: timetable", 40),
            AgendaEntry("Support for the care workers' strike", 30),
            AgendaEntry("Any other business", 10),
        ],
    )
    items = {item.position: item for item in meeting.agenda_items.all()}
    with replaying(at("2026-06-01", "18:00")):
        services.document_circulate(
            actor=ana,
            meeting=meeting,
            title="Report of the Standing Committee,"
            f" {month_of(on(2025, 12, 1))} to {month_of(on(2026, 5, 31))}",
            text=standing_committee_report(),
            authors=[world.persona["mira"]],
            author_bodies=[world.body("standing-committee")],
            agenda_item=items[2],
        )
    # A Central Committee member circulates her own note three days before: late (7 days).
    author = members[5]
    with replaying(at("2026-06-10", "21:30")):
        services.document_circulate(
            actor=author.user,
            meeting=meeting,
            title="Note on the programme review timetable",
            text=programme_note(),
            authors=[author],
            agenda_item=items[3],
        )
    chair = office["chair"]
    _check_in(ana, meeting, members[:20], at("2026-06-13", "09:45"))
    with replaying(at("2026-06-13", "10:02")):
        meeting = services.meeting_open(actor=ana, meeting=meeting, chair=chair)
    for minute, member in ((15, members[20]), (22, members[21])):
        with replaying(at("2026-06-13", f"10:{minute}")):
            services.attendance_check_in(actor=member.user, meeting=meeting, member=member)
    with replaying(at("2026-06-13", "12:10")):
        services.attendance_check_out(actor=members[7].user, meeting=meeting, member=members[7])
    decision_record(
        actor=ana,
        body=cc,
        decision_type="resolution",
        decided_on=on(2026, 6, 13),
        title="Support the care workers' strike",
        text="The party supports the care workers' strike: every branch holds a collection"
        " and joins the picket lines in its town.",
        tally=Tally(votes_for=21, votes_against=0, votes_abstain=1, present=22),
        meeting=meeting,
    )
    with replaying(at("2026-06-13", "12:55")):
        return services.meeting_close(actor=ana, meeting=meeting)


def _september(world, cc, ana, members, office, june):
    meeting = _convene_cc(
        cc,
        ana,
        convened_at=at("2026-08-26", "10:00"),
        title=f"Ordinary meeting, {month_of(on(2026, 9, 19))}",
        day="2026-09-19",
        hours=("10:00", "13:00"),
        agenda=[
            AgendaEntry(f"Approval of the minutes of {spoken(on(2026, 6, 13))}", 5),
            AgendaEntry("Half-year report on the budget", 30),
            AgendaEntry("Campaign debriefs", 45),
            AgendaEntry("Any other business", 10),
        ],
    )
    with replaying(at("2026-09-05", "12:00")):
        services.document_circulate(
            actor=office["treasurer"].user,
            meeting=meeting,
            title=f"Half-year budget report {on(2026, 1, 17).year}",
            text="Spending stands at 48 % of the budget adopted in"
            f" {on(2026, 1, 17):%B}; income at 51 %.",
            authors=[office["treasurer"]],
            agenda_item=meeting.agenda_items.get(position=2),
        )
    _check_in(ana, meeting, members[2:21], at("2026-09-19", "09:40"))
    with replaying(at("2026-09-19", "10:01")):
        meeting = services.meeting_open(actor=ana, meeting=meeting, chair=office["chair"])
    with replaying(at("2026-09-19", "10:08")):
        services.meeting_approve_minutes(
            actor=ana,
            meeting=june,
            at_meeting=meeting,
            tally=Tally(votes_for=18, votes_against=0, votes_abstain=1, present=19),
        )
    with replaying(at("2026-09-19", "12:40")):
        return services.meeting_close(actor=ana, meeting=meeting)


def _january(world, cc, ana, office, september):
    meeting = _convene_cc(
        cc,
        ana,
        convened_at=at("2026-11-14", "10:00"),
        title=f"Ordinary meeting, {month_of(on(2027, 1, 16))}",
        day="2027-01-16",
        hours=("10:00", "14:00"),
        agenda=[
            AgendaEntry(f"Approval of the minutes of {spoken(on(2026, 9, 19))}", 5),
            AgendaEntry(f"Budget {on(2027, 1, 16).year}", 45),
            AgendaEntry("Debrief of the national day of action", 30),
            AgendaEntry("Any other business", 10),
        ],
    )
    del september  # its minutes await this meeting
    with replaying(at("2026-12-19", "12:00")):
        services.document_circulate(
            actor=ana,
            meeting=meeting,
            title=f"Draft budget {on(2027, 1, 16).year}",
            text="Income 188,000; spending 184,500; a reserve of 3,500 for elections.",
            authors=[office["treasurer"]],
            author_bodies=[world.body("standing-committee")],
            agenda_item=meeting.agenda_items.get(position=2),
        )
    # Circulated four days before the meeting; the charter asks for seven.
    with replaying(at("2027-01-12", "18:00")):
        services.document_circulate(
            actor=ana,
            meeting=meeting,
            title="Debrief of the national day of action",
            text=day_of_action_debrief(),
            authors=[world.persona["mira"]],
            author_bodies=[world.body("standing-committee")],
            agenda_item=meeting.agenda_items.get(position=3),
        )


def _harbour_today(world) -> None:
    """The Harbour Branch Assembly, in session today: the one meeting whose dates depend on
    when the demo is loaded."""
    assembly = world.body("branch-assembly.harbour")
    tom = world.persona["tom"]
    branch = world.by_branch["harbour"]
    starts = timezone.now().replace(second=0, microsecond=0)
    with replaying(starts - dt.timedelta(days=21)):
        meeting = services.meeting_convene(
            actor=tom.user,
            body=assembly,
            title="Monthly assembly",
            starts_at=starts,
            ends_at=starts + dt.timedelta(hours=2),
            place="Harbour Library, Room 2",
            online_url="https://meet.example.org/wcp-harbour",
            agenda=[
                AgendaEntry("Reports of the branch officers", 15),
                AgendaEntry("Tenants' advice evenings: the first months", 30),
                AgendaEntry("Canvassing plan for the winter", 30),
            ],
        )
    with replaying(starts - dt.timedelta(days=10)):
        services.document_circulate(
            actor=tom.user,
            meeting=meeting,
            title="Advice evenings: what we learned",
            text="Twenty-three tenants came to the first evening; most questions were about"
            " deposits and repairs. We propose a second evening a month in Eastside.",
            authors=[tom],
            agenda_item=meeting.agenda_items.get(position=2),
        )
    # The secretary checks in those who came early, then opens the meeting as its chair.
    for member in [tom, *branch[2:7]]:
        services.attendance_check_in(actor=tom.user, meeting=meeting, member=member)
    services.meeting_open(actor=tom.user, meeting=meeting, chair=tom)


def standing_committee_report() -> str:
    return f"""\
## What we did

- Prepared the national day of action for rent control ({spoken(on(2026, 4, 25))}): events in
  seven branches.
- Printed and delivered 20,000 leaflets.
- Found shared office space with the tenants' union after the Portside lease was rescinded.

## What is late

The Programme Commission's draft of the programme review is due on {spoken(on(2026, 6, 30))};
the commission asks for more time (see the note on the timetable).
"""


def programme_note() -> str:
    return f"""\
The Programme Commission has received amendments from six of eight branches. It proposes to
present its draft in {on(2026, 10, 10):%B} instead of {on(2026, 6, 30):%B}, so that the last two
branches can be heard.
"""


def day_of_action_debrief() -> str:
    return f"""\
## The day of action, {spoken(on(2026, 4, 25), year=True)}

Seven of eight branches held events; about 1,400 people took part. The date was fixed too
late for Bayview. The informal "coordinating committee" that tried to postpone the day in
{on(2026, 7, 2):%B} had no standing under the charter (see the irregular record in the ledger).

## Proposals

1. Fix the date of national days of action at least three months ahead.
2. Every branch names one contact for national campaigns.
"""
