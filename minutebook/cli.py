"""The `minutebook` command. Each sub-command is a thin wrapper around a domain function."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "minutebook.settings")
    import django

    django.setup()


def migrate(verbose: bool = False) -> None:
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=1 if verbose else 0)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="minutebook",
        description="Minutebook: the charter made executable, the record made complete.",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    demo = commands.add_parser(
        "demo", help="load the demo organization into the data directory and serve it"
    )
    demo.add_argument("--host", default="127.0.0.1")
    demo.add_argument("--port", type=int, default=8000)
    demo.add_argument(
        "--no-serve", action="store_true", help="load the demo data, print the logins and stop"
    )
    demo.set_defaults(handler=_demo)

    serve = commands.add_parser("serve", help="run the ASGI server for a configured deployment")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--workers", type=int, default=1)
    serve.set_defaults(handler=_serve)

    init = commands.add_parser("init", help="create a new organization from a charter file")
    init.add_argument("--charter", required=True, metavar="FILE")
    init.add_argument("--admin", default="admin", metavar="USERNAME", help="administrator login")
    init.add_argument(
        "--admin-password",
        default=os.environ.get("MINUTEBOOK_ADMIN_PASSWORD"),
        help="default: $MINUTEBOOK_ADMIN_PASSWORD, or a generated one that is printed",
    )
    init.set_defaults(handler=_init)

    journal = commands.add_parser("journal", help="the tamper-evident journal of the record")
    journal_commands = journal.add_subparsers(dest="journal_command", required=True)
    verify = journal_commands.add_parser("verify", help="recompute the hash chain")
    verify.set_defaults(handler=_journal_verify)

    from minutebook.charter.cli import register as register_charter
    from minutebook.voting.cli import register as register_count

    register_charter(commands)
    register_count(commands)

    manage = commands.add_parser("manage", help="run a Django management command")
    manage.add_argument("args", nargs=argparse.REMAINDER)
    manage.set_defaults(handler=_manage)
    return parser


def _demo(options: argparse.Namespace) -> int:
    setup_django()
    from django.conf import settings

    from minutebook.demo.load import DEMO_PASSWORD, demo_load, demo_logins

    Path(settings.DATA_DIR).mkdir(parents=True, exist_ok=True)
    migrate()
    created = demo_load()
    print(
        ("Loaded" if created else "Found")
        + f" the demo organization in {settings.DATABASES['default']['NAME']}"
    )
    print(f"Demo logins (password for all: {DEMO_PASSWORD}):")
    for role, username in demo_logins():
        print(f"  {username:<14} {role}")
    if options.no_serve:
        return 0
    print(f"Minutebook is at http://{options.host}:{options.port}/  (Ctrl+C stops it)")
    sys.stdout.flush()
    return _run_server(options.host, options.port, workers=1)


def _serve(options: argparse.Namespace) -> int:
    setup_django()
    print(
        f"Minutebook serving on http://{options.host}:{options.port}/ with {options.workers} worker(s)"
    )
    sys.stdout.flush()
    return _run_server(options.host, options.port, workers=options.workers)


def _run_server(host: str, port: int, workers: int) -> int:
    import uvicorn

    from minutebook.ballots.ticker import start_ticker

    start_ticker()  # ballots outside meetings open and close on time, once per server

    uvicorn.run(
        "minutebook.asgi:application",
        host=host,
        port=port,
        workers=workers,
        lifespan="off",
        # A participant whose phone answers a ping late, on a crowded hall's wifi or while
        # the server is busiest (a vote of thousands), keeps their socket: 60 s, not 20.
        ws_ping_interval=20.0,
        ws_ping_timeout=60.0,
        # Browsers ask for compressed messages; granted, the server would compress every live
        # event once per socket, thousands of times over, to save a few kilobytes each.
        ws_per_message_deflate=False,
        log_level=os.environ.get("LOG_LEVEL", "warning").lower(),
    )
    return 0


def _init(options: argparse.Namespace) -> int:
    setup_django()
    from minutebook.charter.spec import CharterInvalid
    from minutebook.organization import OrganizationExists, organization_found, organization_init

    existing = organization_found()
    if existing is not None:
        # Before reading the file or migrating: nothing of that database is touched.
        _refuse_existing(existing)
        return 1
    path = Path(options.charter)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as error:
        print(f"{path}: cannot read the charter: {error.strerror}", file=sys.stderr)
        return 1
    migrate()
    try:
        result = organization_init(
            charter_text=text,
            source_name=path.name,
            admin_username=options.admin,
            admin_password=options.admin_password,
        )
    except CharterInvalid as invalid:
        for problem in invalid.problems:
            print(problem, file=sys.stderr)
        print(f"{path}: not loaded ({len(invalid.problems)} problem(s))", file=sys.stderr)
        return 1
    except OrganizationExists as exists:
        _refuse_existing(str(exists))
        return 1
    except ValueError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    print(f"Created {result.name} from {path} (charter version 1).")
    print(f"Administrator login: {result.admin_username}")
    if result.generated_password:
        print(f"Administrator password (generated, shown once): {result.generated_password}")
    return 0


def _refuse_existing(existing: str) -> None:
    print(
        f"error: there is an organization already: {existing}. Nothing was changed.\n"
        "`minutebook init` creates a new organization; for another one use another data "
        "directory (MINUTEBOOK_DATA) or database (DATABASE_URL). The charter in force changes "
        "only by a charter.amend decision.",
        file=sys.stderr,
    )


def _journal_verify(options: argparse.Namespace) -> int:
    setup_django()
    from minutebook.journal.services import journal_verify

    verdict = journal_verify()
    if verdict.intact:
        print(f"journal intact: {verdict.entries} entries, head hash {verdict.head_hash}")
        return 0
    print(f"journal BROKEN at entry #{verdict.broken_at}: {verdict.problem}", file=sys.stderr)
    return 1


def _manage(options: argparse.Namespace) -> int:
    from django.core.management import execute_from_command_line

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "minutebook.settings")
    execute_from_command_line(["minutebook manage", *options.args])
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    options = parser.parse_args(argv)
    return options.handler(options) or 0


if __name__ == "__main__":
    sys.exit(main())
