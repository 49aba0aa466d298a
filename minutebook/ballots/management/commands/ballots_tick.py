"""`python -m minutebook manage ballots_tick`: open the ballots whose time has come and close
those whose time is up (for cron; the server also runs it every few seconds)."""

from django.core.management.base import BaseCommand

from minutebook.ballots.services import ballots_tick


class Command(BaseCommand):
    help = "Open due ballots and close ended ones (idempotent)."

    def handle(self, *args, **options) -> None:
        report = ballots_tick()
        self.stdout.write(
            f"opened {len(report.opened)}, closed {len(report.closed)}, failed {len(report.failed)}"
        )
        for pk, reason in report.failed:
            self.stderr.write(f"ballot {pk}: {reason}")
