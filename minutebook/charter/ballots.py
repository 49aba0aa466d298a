"""A body's rules for deciding by ballot outside meetings (the `ballots:` key of a body).

```yaml
ballots:
  allowed: true
  notice_days: 14          # announced at least this many days before it opens
  open_days: 14            # open exactly this long; or min_open_days and/or max_open_days
  secret: true             # false: a named ballot; default true
  called_by: [central-committee]   # the bodies that may call one (the body itself may be named)
```

A referendum of a unit's members is a ballot of a body whose seats are `all_members`; a
circular resolution is a ballot of a committee. Without the key a body decides only in
meetings. The shape is read by `minutebook.charter.loader` (its readers), the references
checked in `cross_checks`; this module holds what is particular to ballots, without Django.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the loader's types; spec.py imports this module, drafts imports spec
    from minutebook.charter.drafts import Draft, Problems

OPEN_PERIOD_KEYS = ("open_days", "min_open_days", "max_open_days")


@dataclass(frozen=True)
class BallotRules:
    """How a body may decide by ballot outside its meetings. A ballot is announced at least
    `notice_days` before it opens and stays open between `min_open_days` and `max_open_days`
    whole days (equal when the charter fixes the period; `max_open_days` None: no upper
    limit). `called_by` are body ids (a body defined per unit kind: the instance acting for
    the ballot's unit)."""

    allowed: bool
    notice_days: int
    min_open_days: int
    max_open_days: int | None
    secret: bool
    called_by: tuple[str, ...]

    def open_period_words(self) -> str:
        if self.max_open_days == self.min_open_days:
            return f"exactly {self.min_open_days} day(s)"
        if self.max_open_days is None:
            return f"at least {self.min_open_days} day(s)"
        return f"{self.min_open_days} to {self.max_open_days} days"


def check_ballot_rules(problems: Problems, draft: Draft) -> None:
    """The entry as a whole (after each key was read): with `allowed: true` a notice, an open
    period and someone to call the ballot are required, and the period must make sense."""
    if not draft.get("allowed"):
        return
    if not draft.has("notice_days"):
        problems.add(draft.node, "missing required key 'notice_days' (ballots are allowed)")
    given = [key for key in OPEN_PERIOD_KEYS if draft.has(key)]
    if not given:
        problems.add(
            draft.node,
            "say how long a ballot stays open: 'open_days', or 'min_open_days' and/or "
            "'max_open_days'",
        )
    elif "open_days" in given and len(given) > 1:
        problems.add(
            draft.at("open_days"),
            "'open_days' fixes the period; it cannot be given with 'min_open_days' or "
            "'max_open_days'",
        )
    low, high = draft.get("min_open_days"), draft.get("max_open_days")
    if low is not None and high is not None and low > high:
        problems.add(
            draft.at("min_open_days"),
            f"a ballot cannot stay open at least {low} days and at most {high} days",
        )
    if not draft.has("called_by"):
        problems.add(draft.node, "missing required key 'called_by' (ballots are allowed)")
    elif draft.at("called_by").value == []:
        problems.add(draft.at("called_by"), "no body may call a ballot; name at least one")


def assemble_ballot_rules(draft: Draft | None) -> BallotRules | None:
    """The rules of a valid entry, or None when the body has no `ballots:` key."""
    if draft is None:
        return None
    fixed = draft.get("open_days")
    low = fixed if fixed is not None else draft.get("min_open_days", 1)
    high = fixed if fixed is not None else draft.get("max_open_days")
    return BallotRules(
        allowed=draft.get("allowed", False),
        notice_days=draft.get("notice_days", 0),
        min_open_days=low,
        max_open_days=high,
        secret=draft.get("secret", True),
        called_by=tuple(node.value for node in draft.get("called_by", [])),
    )
