"""Ballot files in and out of `Profile`: BLT, PrefLib and a simple CSV format.

Every reader raises `BallotFileError` naming the file, the line and the problem, so a returning
officer can fix the file rather than guess.
"""

from __future__ import annotations

from pathlib import Path

from minutebook.voting.formats.blt import read_blt, write_blt
from minutebook.voting.formats.csvfile import read_csv, write_csv
from minutebook.voting.formats.errors import BallotFileError
from minutebook.voting.formats.preflib import KINDS as PREFLIB_KINDS
from minutebook.voting.formats.preflib import read_preflib, write_preflib
from minutebook.voting.profile import Profile

__all__ = [
    "BallotFileError",
    "read_ballot_file",
    "read_blt",
    "read_csv",
    "read_preflib",
    "write_blt",
    "write_csv",
    "write_preflib",
]


def read_ballot_file(path: str | Path) -> Profile:
    """Read a ballot file, choosing the format by its extension: `.blt`, `.csv`, or PrefLib's
    `.soc .soi .toc .toi .cat`. The file must be UTF-8 (a byte order mark is fine)."""
    path = Path(path)
    source = str(path)
    kind = path.suffix.lower().lstrip(".")
    if kind not in ("blt", "csv", *PREFLIB_KINDS):
        raise BallotFileError(
            f"unknown ballot file type {path.suffix or '(no extension)'!r}: expected .blt, .csv "
            "or a PrefLib file (.soc .soi .toc .toi .cat)",
            source,
        )
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise BallotFileError(f"cannot read the file ({error.strerror})", source) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise BallotFileError("not valid UTF-8 text", source, line) from None
    if kind == "blt":
        return read_blt(text, source)
    if kind == "csv":
        return read_csv(text, source)
    return read_preflib(text, kind, source)
