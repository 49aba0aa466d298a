"""Telling which known name a mistyped one was meant to be, without taking one rule for
another. Pure Python, used by the charter's checks and the vote counter's thresholds."""

from __future__ import annotations

import re
from collections.abc import Iterable

_WORD_SEPARATORS = re.compile(r"[_.\-]")


def _words(name: str) -> list[str]:
    return [word for word in _WORD_SEPARATORS.split(name.lower()) if word]


def near_in_meaning(name: str, known: Iterable[str]) -> str | None:
    """The known name that `name` was most likely meant to be, or None.

    Names with meaning are made of words (`two_thirds_entire`), and one word replaced by another
    can be a different, stricter rule: `two_thirds_present` is not a typo of
    `two_thirds_entire`, however alike they look. So a name is matched word by word (split on
    `_`, `-` and `.`): each written word must be the candidate's word at that place or a small
    typo of it (`cats` for `cast`, `estat` for `estate`), and a written word that is itself a
    word of another known name is never taken for a typo. Names that differ only in their
    separators or in case (`majority-cast`, `twothirds_cast`, `Members`) match too."""
    candidates = sorted(set(known))
    vocabulary = {word for candidate in candidates for word in _words(candidate)}
    written = _words(name)
    best: tuple[int, str] | None = None
    for candidate in candidates:
        distance = _word_distance(written, _words(candidate), vocabulary)
        if distance is not None and (best is None or distance < best[0]):
            best = (distance, candidate)
    return best[1] if best and best[1] != name else None


def _word_distance(written: list[str], meant: list[str], vocabulary: set[str]) -> int | None:
    """The sum of the typos that turn the written words into the meant ones, or None if one
    of them is not a typo (another word, or too different)."""
    if len(written) != len(meant):
        return 0 if "".join(written) == "".join(meant) else None
    total = 0
    for word, meant_word in zip(written, meant, strict=True):
        if word == meant_word:
            continue
        if word in vocabulary:
            return None  # another real word: another rule, not a typo
        if word.isdigit() or meant_word.isdigit():
            return None  # another number names another thing (art-9 is not art-1)
        distance = _typo_distance(word, meant_word)
        if distance > _typo_allowance(meant_word):
            return None
        total += distance
    return total


def _typo_allowance(word: str) -> int:
    """A short word allows one slip of the finger, a longer one two."""
    return 1 if len(word) <= 4 else 2


def _typo_distance(a: str, b: str) -> int:
    """Edits (a letter added, dropped, changed, or two neighbours swapped) turning a into b."""
    previous_row: list[int] | None = None
    row = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        before_previous, previous_row = previous_row, row
        row = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            row[j] = min(previous_row[j] + 1, row[j - 1] + 1, previous_row[j - 1] + cost)
            if (
                before_previous is not None
                and j > 1
                and a[i - 1] == b[j - 2]
                and a[i - 2] == b[j - 1]
            ):
                row[j] = min(row[j], before_previous[j - 2] + 1)
    return row[len(b)]
