"""Receipt codes for secret ballots.

The voter is shown the code once, right after casting; only its SHA-256 is stored, on the
ballot. When the vote closes, every ballot's hash is published with what the ballot says, so
each voter can find their own and check it was counted as cast. 20 characters of Crockford's
base-32 alphabet carry 100 random bits: nobody can guess another voter's code, and the code is
easy to copy by hand (no I, L, O or U; dashes and case do not matter)."""

from __future__ import annotations

import hashlib
import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
GROUPS, GROUP_SIZE = 5, 4
_READ_AS = str.maketrans({"O": "0", "I": "1", "L": "1"})


def new_receipt_code() -> str:
    # 100 random bits read at once (thousands are made a second in a large vote), written
    # 5 bits to a character.
    bits = secrets.randbits(5 * GROUPS * GROUP_SIZE)
    characters = [ALPHABET[(bits >> (5 * i)) & 31] for i in range(GROUPS * GROUP_SIZE)]
    return "-".join(
        "".join(characters[start : start + GROUP_SIZE])
        for start in range(0, len(characters), GROUP_SIZE)
    )


def normalize_receipt_code(code: str) -> str:
    """The code as typed, without dashes or spaces, upper case, O read as 0 and I or L as 1."""
    return "".join(ch for ch in code.upper() if ch.isalnum()).translate(_READ_AS)


def receipt_hash(code: str) -> str:
    return hashlib.sha256(normalize_receipt_code(code).encode("ascii", "ignore")).hexdigest()
