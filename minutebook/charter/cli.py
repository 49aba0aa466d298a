"""`minutebook charter check FILE`: validate a charter file without a database."""

from __future__ import annotations

import argparse
import sys

from minutebook.charter.loader import load_charter_file
from minutebook.charter.spec import CharterInvalid


def register(commands: argparse._SubParsersAction) -> None:
    charter = commands.add_parser("charter", help="work with the organization's charter")
    actions = charter.add_subparsers(dest="charter_command", metavar="ACTION", required=True)
    check = actions.add_parser(
        "check",
        help="validate a charter file and list every problem",
        description="Validate a charter file. Exits 0 if it is valid, 1 otherwise.",
    )
    check.add_argument("file", metavar="FILE", help="the charter (YAML)")
    check.set_defaults(handler=_check)


def _check(options: argparse.Namespace) -> int:
    try:
        charter = load_charter_file(options.file)
    except OSError as error:
        reason = error.strerror or str(error)
        print(f"{options.file}: cannot read the file: {reason}", file=sys.stderr)
        return 1
    except CharterInvalid as invalid:
        for problem in invalid.problems:
            print(problem, file=sys.stderr)
        return 1
    counts = ", ".join(
        _counted(len(items), *names)
        for items, *names in (
            (charter.units, "unit", "units"),
            (charter.bodies, "body", "bodies"),
            (charter.decision_types, "decision type", "decision types"),
        )
    )
    print(f"{options.file}: charter is valid ({counts})")
    return 0


def _counted(number: int, one: str, many: str) -> str:
    return f"{number} {one if number == 1 else many}"
