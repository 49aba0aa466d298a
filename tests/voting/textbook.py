"""The published examples in tests/voting/data/textbook/examples.json, as Profiles."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from minutebook.voting.profile import Profile

DATA = Path(__file__).parent / "data" / "textbook"


@cache
def examples() -> dict[str, Any]:
    return json.loads((DATA / "examples.json").read_text(encoding="utf-8"))


def profile_of(example: dict[str, Any], **kwargs: Any) -> Profile:
    """The example's ballots; nested lists are groups of equals, unlisted candidates last."""
    return Profile.from_names(
        example["candidates"], [(ranking, count) for ranking, count in example["ballots"]], **kwargs
    )


def case(section: str, name: str | None = None) -> dict[str, Any]:
    found = examples()[section]
    return found["cases"][name] if name is not None else found
