"""`minutebook count`: count a ballot file with any method of the core.

Exit status: 0 when counted; 2 when the file is missing or malformed or the count cannot be
made (the message, naming the file and line where there is one, goes to standard error).
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from pathlib import Path

from minutebook.voting.methods import METHODS, WITH_STRENGTH, count
from minutebook.voting.report import render


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "count",
        help="count a ballot file (BLT, PrefLib, CSV)",
        description="Count the ballots in FILE and print the result and every stage.",
    )
    parser.add_argument("file", metavar="FILE", help="ballot file: .blt, PrefLib (.soi …) or .csv")
    parser.add_argument("--method", required=True, choices=list(METHODS), help="counting method")
    parser.add_argument(
        "--seats", type=_positive, help="seats to fill (default: as the file says, else 1)"
    )
    parser.add_argument("--seed", type=int, help="seed for draws by lot, to reproduce a count")
    parser.add_argument(
        "--strength",
        choices=["winning", "margin"],
        help="how schulze and ranked-pairs measure a defeat (default: winning votes)",
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.set_defaults(handler=run)


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1: {value}")
    return value


def _fail(message: str) -> int:
    print(f"minutebook count: {message}", file=sys.stderr)
    return 2


def run(options: argparse.Namespace) -> int:
    path = Path(options.file)
    if not path.exists():
        return _fail(f"{path}: no such file")
    if path.is_dir():
        return _fail(f"{path}: is a directory, not a ballot file")
    from minutebook.voting.formats import read_ballot_file

    try:
        profile = read_ballot_file(path)
    except (ValueError, OSError) as error:  # BallotFileError is a ValueError naming file:line
        return _fail(str(error))
    extra = {"strength": options.strength} if options.strength else {}
    if extra and options.method not in WITH_STRENGTH:
        return _fail(f"--strength applies to {' and '.join(sorted(WITH_STRENGTH))} only")
    try:
        result = count(options.method, profile, seats=options.seats, seed=options.seed, **extra)
    except ValueError as error:
        return _fail(f"{path}: {error}")
    if options.json:
        document = result.to_json()
        document["file"] = str(path)
        document["ballots"] = profile.total_weight
        print(json.dumps(document, ensure_ascii=False))
    else:
        width = max(60, shutil.get_terminal_size((100, 24)).columns)
        print(render(result, width=width, source=str(path)))
    return 0
