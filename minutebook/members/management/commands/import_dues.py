"""`python -m minutebook manage import_dues FILE.csv`: record from the treasurer's books the day
up to which each member's dues are paid. The file has two columns, membership number and paid
until (YYYY-MM-DD), with an optional header row; every bad row is named and nothing is written
if any is bad."""

import csv

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from minutebook.members.services import dues_import


class Command(BaseCommand):
    help = "Record dues paid until, from a CSV file (membership number, YYYY-MM-DD)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("file")

    def handle(self, *args, **options) -> None:
        with open(options["file"], newline="", encoding="utf-8-sig") as handle:
            rows = [row for row in csv.reader(handle) if any(cell.strip() for cell in row)]
        if rows and rows[0] and rows[0][0].strip().lower() in ("membership_number", "number"):
            rows = rows[1:]
        bad = [i for i, row in enumerate(rows, start=1) if len(row) != 2]
        if bad:
            raise CommandError(f"rows {bad} do not have two columns (number, paid until)")
        try:
            count = dues_import(actor=None, rows=[(row[0], row[1]) for row in rows])
        except ValidationError as error:
            raise CommandError("\n".join(error.message_dict["rows"])) from None
        self.stdout.write(f"dues recorded for {count} member(s)")
