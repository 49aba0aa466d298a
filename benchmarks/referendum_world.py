"""The world of the referendum benchmark: a federation of N members, every one with a seat on
its Members' Referendum body (`all_members`), and a logged-in session for each of the voters
the benchmark simulates. The roll is written in bulk (100,000 members through the services,
one journal entry each, would take most of an hour); the charter, the body and the ballot go
through the services.

    python -m benchmarks.referendum_world build MEMBERS VOTERS OUT.json
    python -m benchmarks.referendum_world call OPENS_IN_SECONDS      # prints the ballot's id

Run by `benchmarks/referendum_load.py` with the benchmark's DATABASE_URL and SECRET_KEY."""

from __future__ import annotations

import datetime as dt
import json
import os
import secrets
import sys
import time

CHARTER = """\
minutebook_charter: 1
organization: {name: Referendum Test Federation, short_name: RTF}
units:
  - {id: federation, name: Federation, kind: national}
bodies:
  - id: referendum
    name: Members' Referendum
    unit: federation
    seats:
      - all_members: {}
    quorum: 1
    notice: {meeting_days: 0, documents_days: 0}
    visibility: members
    ballots:
      allowed: true
      notice_days: 0
      min_open_days: 1
      max_open_days: 28
      secret: true
      called_by: [referendum]
decision_types:
  - {id: charter.amend, name: Amend the charter, bodies: [referendum], threshold: two_thirds_cast}
  - {id: decision.rescind, name: Rescind a decision, bodies: [referendum], threshold: majority_cast}
  - {id: resolution, name: Resolution, bodies: [referendum], threshold: majority_cast}
"""
BATCH = 5000


def build(members: int, voters: int) -> dict:
    from django.contrib.auth import (
        BACKEND_SESSION_KEY,
        HASH_SESSION_KEY,
        SESSION_KEY,
        get_user_model,
    )
    from django.contrib.sessions.backends.db import SessionStore
    from django.contrib.sessions.models import Session
    from django.core.management import call_command
    from django.db import transaction
    from django.utils import timezone

    from minutebook.bodies.models import Body, Seat, SeatMethod
    from minutebook.charter.models import Unit
    from minutebook.charter.services import charter_install_founding
    from minutebook.members.models import Member, MembershipStatus, UnitMembership

    call_command("migrate", verbosity=0)
    started = time.monotonic()
    User = get_user_model()
    admin = User.objects.create_superuser(username="admin", password=None)
    charter_install_founding(actor=admin, text=CHARTER, source_name="referendum_world.py")
    federation = Unit.objects.get(slug="federation")
    body = Body.objects.get(slug="referendum")
    since = dt.date(2026, 1, 1)
    with transaction.atomic():
        users = User.objects.bulk_create(
            (User(username=f"member{n:06d}", password="!") for n in range(1, members + 1)),
            batch_size=BATCH,
        )
        roll = Member.objects.bulk_create(
            (
                Member(
                    user=user,
                    membership_number=f"RTF-{n:06d}",
                    full_name=f"Member {n:06d}",
                    status=MembershipStatus.MEMBER,
                )
                for n, user in enumerate(users, start=1)
            ),
            batch_size=BATCH,
        )
        UnitMembership.objects.bulk_create(
            (UnitMembership(member=m, unit=federation, since=since) for m in roll),
            batch_size=BATCH,
        )
        Seat.objects.bulk_create(
            (
                Seat(body=body, member=m, method=SeatMethod.ALL_MEMBERS, starts_on=since)
                for m in roll
            ),
            batch_size=BATCH,
        )
    print(f"{time.monotonic() - started:.1f} s: {members:,} members", file=sys.stderr)
    # Logged-in sessions, as Django's login() makes them, for the voters the benchmark plays.
    expires = timezone.now() + dt.timedelta(days=14)
    sessions, keys = [], []
    store = SessionStore()
    for user in users[:voters]:
        key = secrets.token_hex(16)
        data = {
            SESSION_KEY: str(user.pk),
            BACKEND_SESSION_KEY: "django.contrib.auth.backends.ModelBackend",
            HASH_SESSION_KEY: user.get_session_auth_hash(),
        }
        sessions.append(
            Session(session_key=key, session_data=store.encode(data), expire_date=expires)
        )
        keys.append(key)
    Session.objects.bulk_create(sessions, batch_size=BATCH)
    print(f"{time.monotonic() - started:.1f} s: {voters:,} sessions", file=sys.stderr)
    return {
        "members": members,
        "body": body.slug,
        "voters": [
            {"member": f"RTF-{n:06d}", "session": key} for n, key in enumerate(keys, start=1)
        ],
        "build_seconds": time.monotonic() - started,
    }


def call(opens_in: float) -> int:
    """Announce the referendum through the service, opening in `opens_in` seconds and open a
    day (the benchmark moves its closing time to the moment it wants the count)."""
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from minutebook.ballots.services import ballot_call
    from minutebook.bodies.models import Body

    opens_at = timezone.now() + dt.timedelta(seconds=opens_in)
    ballot = ballot_call(
        actor=get_user_model().objects.get(username="admin"),
        body=Body.objects.get(slug="referendum"),
        title="Shall the federation join the international?",
        text="The federation joins the international.",
        decision_type="resolution",
        opens_at=opens_at,
        closes_at=opens_at + dt.timedelta(days=1),
    )
    return ballot.pk


def main(argv: list[str]) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "minutebook.settings")
    import django

    django.setup()
    if argv[0] == "build":
        world = build(int(argv[1]), int(argv[2]))
        with open(argv[3], "w") as out:
            json.dump(world, out)
    elif argv[0] == "call":
        print(call(float(argv[1])))
    else:
        raise SystemExit(f"unknown command {argv[0]!r}: build or call")


if __name__ == "__main__":
    main(sys.argv[1:])
