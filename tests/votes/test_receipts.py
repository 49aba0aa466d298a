"""Receipt codes: 20 characters of Crockford's base-32 in groups of four, every character
equally likely, read back whatever the case, dashes or look-alike letters."""

from __future__ import annotations

import re
from collections import Counter

from minutebook.votes.receipts import (
    ALPHABET,
    new_receipt_code,
    normalize_receipt_code,
    receipt_hash,
)


def test_a_code_is_five_groups_of_four_from_the_alphabet():
    for _ in range(200):
        assert re.fullmatch(rf"[{ALPHABET}]{{4}}(-[{ALPHABET}]{{4}}){{4}}", new_receipt_code())


def test_codes_do_not_repeat_and_use_every_character_evenly():
    codes = [new_receipt_code() for _ in range(10_000)]
    assert len(set(codes)) == len(codes)
    counts = Counter("".join(codes).replace("-", ""))
    assert set(counts) == set(ALPHABET)
    # 200,000 characters, 6,250 expected of each: a character off by 8 % would be a bias
    # (the standard deviation is about 78).
    assert all(abs(count - 6250) < 500 for count in counts.values())


def test_a_code_is_read_back_however_it_is_typed():
    code = new_receipt_code()
    typed = code.lower().replace("-", " ").replace("0", "o").replace("1", "l")
    assert normalize_receipt_code(typed) == code.replace("-", "")
    assert receipt_hash(typed) == receipt_hash(code)
