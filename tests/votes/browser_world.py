"""The world of the browser test: the small union, an open meeting of its General Assembly
with all six delegates checked in, and a motion admitted to its agenda. Run as
`python -m tests.votes.browser_world` with MINUTEBOOK_DATA set; logins are the factories'
(`east.local.delegate.0`, password `pw-east.local.delegate.0-1`, ...)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path


def build() -> None:
    from django.core.management import call_command
    from django.utils import timezone

    from minutebook.meetings.models import AgendaItem, Meeting, MeetingStatus
    from minutebook.motions.services import motion_admit, motion_submit
    from tests.factories import build_small_union
    from tests.motions.world import DELEGATES, check_in

    call_command("migrate", verbosity=0)
    text = (Path(__file__).parents[1] / "data" / "small-charter.yaml").read_text()
    org = build_small_union(text)
    now = timezone.now()
    meeting = Meeting.objects.create(
        body=org.bodies["assembly"],
        title="Spring assembly",
        convened_by=org.admin,
        convened_at=now - dt.timedelta(days=20),
        starts_at=now - dt.timedelta(hours=1),
        status=MeetingStatus.OPEN,
        chair=org.members["east-delegate-0"],
        opened_at=now - dt.timedelta(hours=1),
    )
    item = AgendaItem.objects.create(meeting=meeting, position=1, title="Motions")
    check_in(org, meeting, *DELEGATES)
    motion = motion_submit(
        actor=org.user("west-delegate-1"),
        body=meeting.body,
        decision_type="resolution",
        title="Open a tenants' advice desk",
        text="The union opens an advice desk every Saturday.",
        authors=[org.members["west-delegate-1"]],
        meeting=meeting,
    )
    motion_admit(actor=org.admin, motion=motion, meeting=meeting, agenda_item=item)
    print(meeting.pk, motion.pk)


if __name__ == "__main__":
    import os

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "minutebook.settings")
    django.setup()
    build()
