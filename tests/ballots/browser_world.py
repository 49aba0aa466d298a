"""The world of the ballot page's browser test: the ballots' small union with its Members'
Referendum open now. Run as `python -m tests.ballots.browser_world` with MINUTEBOOK_DATA set;
prints the ballot's id. Logins are the factories' (`east.rank.and.file`, password
`pw-east.rank.and.file-1`, ...)."""

from __future__ import annotations

import datetime as dt


def build() -> int:
    from django.core.management import call_command
    from django.utils import timezone

    from minutebook.ballots.models import Ballot
    from minutebook.ballots.services import ballot_call, ballot_open
    from tests.ballots.conftest import ballot_charter_text
    from tests.factories import build_small_union

    call_command("migrate", verbosity=0)
    org = build_small_union(ballot_charter_text())
    now = timezone.now()
    ballot = ballot_call(
        actor=org.user("council-0"),
        body=org.bodies["referendum"],
        title="Join the federation",
        text="The union joins the federation.",
        decision_type="resolution",
        opens_at=now + dt.timedelta(days=15),
        closes_at=now + dt.timedelta(days=22),
    )
    # The charter's fourteen days of notice, passed.
    Ballot.objects.filter(pk=ballot.pk).update(
        opens_at=now - dt.timedelta(minutes=1), closes_at=now + dt.timedelta(days=7)
    )
    ballot.refresh_from_db()
    return ballot_open(ballot=ballot).pk


if __name__ == "__main__":
    import os

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "minutebook.settings")
    import django

    django.setup()
    print(build())
