"""The demo's petitions, signed through the petition services as the members would sign them.

Millbrook, September 2026: a fifth of the branch's members require a special Branch Assembly
on the closing of the town library; the fifth signature makes the requisition valid, the
branch secretary convenes the assembly within the 21 days the charter allows, and it is held:
the obligation is met. Harbour, the week the demo is loaded: a requisition of a special
Congress, collecting signatures in the branches (five needed in each of three branches),
Harbour's five already there; Rosa and Tom have not signed, so a visitor can sign as Rosa.

Replayed like the meetings (`clock.replaying`), so the record reads as the story happened."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from minutebook.demo.meetings import at
from minutebook.demo.story import spoken
from minutebook.meetings import services as meetings
from minutebook.meetings.clock import replaying
from minutebook.meetings.services import AgendaEntry
from minutebook.petitions.services import petition_sign, petition_start


def load_petitions(world) -> None:
    _millbrook_library(world)
    _special_congress(world)


def _millbrook_library(world) -> None:
    members = world.by_branch["millbrook"]
    starter, secretary, chair = members[5], members[2], members[3]
    with replaying(at("2026-09-07", "19:00")):
        petition = petition_start(
            actor=starter.user,
            kind="special-branch-assembly",
            title="The closing of Millbrook library",
            demand="We require a special Branch Assembly to decide how the branch joins the "
            "campaign to keep Millbrook library open.",
        )
    for day, member in enumerate(members[6:10], start=8):
        with replaying(at(f"2026-09-{day:02d}", "12:00")):
            petition_sign(actor=member.user, petition=petition)
    petition.refresh_from_db()
    valid_on = spoken(timezone.localdate(petition.reached_at))
    assembly = world.body("branch-assembly.millbrook")
    starts = at("2026-09-28", "18:30")
    with replaying(at("2026-09-14", "09:00")):
        meeting = meetings.meeting_convene(
            actor=secretary.user,
            body=assembly,
            title="Special assembly: the library",
            starts_at=starts,
            ends_at=starts + dt.timedelta(hours=2),
            place="Millbrook Community Centre",
            online_url="",
            agenda=[AgendaEntry(f"The requisition of {valid_on}: the library campaign", 60)],
        )
    for index, member in enumerate([secretary, chair, *members[5:12]]):
        with replaying(starts - dt.timedelta(minutes=10 - index)):
            meetings.attendance_check_in(actor=secretary.user, meeting=meeting, member=member)
    with replaying(starts):
        meetings.meeting_open(actor=secretary.user, meeting=meeting, chair=chair)
    with replaying(starts + dt.timedelta(hours=1, minutes=50)):
        meetings.meeting_close(actor=secretary.user, meeting=meeting)


def _special_congress(world) -> None:
    harbour = world.by_branch["harbour"]
    ashford = world.by_branch["ashford"]
    with replaying(at("2026-11-16", "20:00")):
        petition = petition_start(
            actor=harbour[5].user,
            kind="special-congress",
            title="A special Congress on the housing programme",
            demand="We require a special Congress to adopt the party's housing programme before "
            "the spring rent rises.",
        )
    signers = [*harbour[6:10], *ashford[5:8], *world.by_branch["greenhill"][5:7]]
    for index, member in enumerate(signers):
        with replaying(at("2026-11-17", "09:00") + dt.timedelta(hours=7 * index)):
            petition_sign(actor=member.user, petition=petition)
