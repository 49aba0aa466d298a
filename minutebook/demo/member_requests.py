"""The demo's written requests to the Central Committee, which its Secretary answers in writing
within 60 days (the charter's `questions-answered`).

Rosa asks on 14 September 2026 when the accounts of 2025 will be published; Ana, the
Secretary, answers on 20 October, in time. A member of Ironbridge asks on 15 September what
became of the branch's motion on tenants' rights; nobody has answered: due on 14 November, it
shows as overdue on the Central Committee's page. Replayed like the meetings
(`clock.replaying`), so the record reads as the story happened."""

from __future__ import annotations

from minutebook.demo.meetings import at
from minutebook.meetings.clock import replaying
from minutebook.member_requests.services import request_answer, request_submit
from minutebook.members.models import MembershipStatus


def load_requests(world) -> None:
    cc = world.body("central-committee")
    rosa, ana = world.persona["rosa"], world.persona["ana"]
    with replaying(at("2026-09-14", "18:20")):
        accounts = request_submit(
            actor=rosa.user,
            body=cc,
            subject="The accounts of 2025",
            text="When will the party's audited accounts for 2025 be published to the members, "
            "and where can a member read them?",
        )
    with replaying(at("2026-10-20", "09:40")):
        request_answer(
            actor=ana.user,
            request=accounts,
            answer="The audited accounts for 2025 were approved by the Central Committee in "
            "October. They are published in the members' bulletin of November, and each branch "
            "secretary holds a copy that any member may read.",
        )
    asker = next(
        member
        for member in world.by_branch["ironbridge"][5:]
        if member.status == MembershipStatus.MEMBER
    )
    with replaying(at("2026-09-15", "21:05")):
        request_submit(
            actor=asker.user,
            body=cc,
            subject="Our branch's motion on tenants' rights",
            text="Ironbridge Branch sent the Central Committee a motion on tenants' rights in "
            "June. Has it been discussed, and what was decided?",
        )
