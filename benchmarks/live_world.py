"""The world of the live load benchmark: one congress whose every member holds a seat, in
session, with every delegate checked in, a motion admitted to its agenda and a list of
speakers. Built through the same services a secretary uses, then each delegate gets a logged-in
browser session, as if they had logged in on their phone.

Run by `benchmarks/live_load.py` as `python -m benchmarks.live_world N OUT.json` with the
benchmark's DATABASE_URL; writes what the load generator needs to OUT.json."""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
import time

CHARTER = """\
minutebook_charter: 1
organization: {name: Load Test Federation, short_name: LTF}
articles:
  - {id: art-1, title: The Congress, text: The congress of all members is the highest body.}
units:
  - {id: federation, name: Federation, kind: national}
bodies:
  - id: congress
    name: Congress
    unit: federation
    seats:
      - all_members: {}
    offices: [chair, secretary]
    quorum: majority
    notice: {meeting_days: 0, documents_days: 0}
    visibility: members
    articles: [art-1]
decision_types:
  - {id: charter.amend, name: Amend the charter, bodies: [congress], threshold: two_thirds_cast}
  - {id: decision.rescind, name: Rescind a decision, bodies: [congress], threshold: majority_cast}
  - {id: resolution, name: Resolution, bodies: [congress], threshold: majority_cast}
"""

SPEAKERS = 20  # delegates on the list of speakers when the benchmark starts


def _session_key(user) -> str:
    """A logged-in session, as Django's login() makes it."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return session.session_key


def build(delegates: int) -> dict:
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import transaction
    from django.utils import timezone

    from minutebook.bodies.models import Body, Seat
    from minutebook.bodies.services import seat_assign_office
    from minutebook.charter.models import Unit
    from minutebook.charter.services import charter_install_founding
    from minutebook.floor.services import floor_request
    from minutebook.meetings import services as meetings
    from minutebook.meetings.clock import replaying
    from minutebook.members.models import MembershipStatus
    from minutebook.members.services import member_register
    from minutebook.motions.services import motion_admit, motion_submit

    call_command("migrate", verbosity=0)
    started = time.monotonic()
    admin = get_user_model().objects.create_superuser(username="admin", password=None)
    charter_install_founding(actor=admin, text=CHARTER, source_name="live_world.py")
    federation = Unit.objects.get(slug="federation")
    congress = Body.objects.get(slug="congress")
    # The roll is imported, and the delegates checked in at the door, each in one transaction.
    with transaction.atomic():
        members = [
            member_register(
                actor=admin,
                username=f"delegate{number:05d}",
                full_name=f"Delegate {number:05d}",
                membership_number=f"LTF-{number:05d}",
                password_hash="!",  # no password: they log in through the sessions made below
                unit=federation,
                since=dt.date(2026, 1, 1),
                imported_status=MembershipStatus.MEMBER,
            )
            for number in range(1, delegates + 2)
        ]
    chair, delegates_ = members[0], members[1:]
    seat_assign_office(
        actor=admin,
        seat=Seat.objects.get(body=congress, member=chair, ended_on__isnull=True),
        office="chair",
    )
    now = timezone.now()
    with replaying(now - dt.timedelta(days=1)):
        meeting = meetings.meeting_convene(
            actor=admin,
            body=congress,
            title="Extraordinary congress",
            starts_at=now,
            ends_at=now + dt.timedelta(hours=8),
            place="Exhibition hall",
            agenda=[meetings.AgendaEntry("Motions", 120)],
        )
    print(f"{time.monotonic() - started:.1f} s: members registered", file=sys.stderr)
    with transaction.atomic():
        for member in members:
            meetings.attendance_check_in(actor=admin, meeting=meeting, member=member)
    print(f"{time.monotonic() - started:.1f} s: checked in", file=sys.stderr)
    meeting = meetings.meeting_open(actor=admin, meeting=meeting, chair=chair)
    item = meeting.agenda_items.get(position=1)
    motion = motion_submit(
        actor=delegates_[0].user,
        body=congress,
        decision_type="resolution",
        title="Hold the next congress online and in person",
        text="The next congress is held in the hall and online at once.",
        authors=[delegates_[0]],
        meeting=meeting,
    )
    motion_admit(actor=admin, motion=motion, meeting=meeting, agenda_item=item)
    for member in delegates_[:SPEAKERS]:
        floor_request(actor=member.user, meeting=meeting, kind="speech")
    built = time.monotonic() - started
    return {
        "meeting": meeting.pk,
        "motion": motion.pk,
        "chair": _session_key(chair.user),
        "delegates": [
            {"session": _session_key(m.user), "member": m.membership_number} for m in delegates_
        ],
        "speakers": [m.membership_number for m in delegates_[:SPEAKERS]],
        "build_seconds": round(built, 1),
    }


if __name__ == "__main__":
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "minutebook.settings")
    django.setup()
    count, out = int(sys.argv[1]), sys.argv[2]
    with open(out, "w") as handle:
        json.dump(build(count), handle)
