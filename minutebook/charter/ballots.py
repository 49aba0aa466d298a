"""A body's rules for deciding by ballot outside meetings (the `ballots:` key of a body).

```yaml
ballots:
  allowed: true
  notice_days: 14          # announced at least this many days before it opens
  open_days: 14            # open exactly this long; or min_open_days and/or max_open_days
  secret: true             # false: a named ballot; default true
  called_by: [central-committee]   # the bodies that may call one (the body itself may be named)
  questions:               # rules of one kind of question or one decision type, over those above
    - kind: election       # or `motion`; or `decision_type: charter.amend`
      open_days: 14
      secret: true
      only_by_ballot: true # never at a meeting (an election: its seats are filled only by ballot)
```

A referendum of a unit's members is a ballot of a body whose seats are `all_members`; a
circular resolution is a ballot of a committee. Without the key a body decides only in
meetings. The shape is read by `minutebook.charter.loader` (its readers), the references
checked in `cross_checks`; this module holds what is particular to ballots, without Django.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the loader's types; spec.py imports this module, drafts imports spec
    from minutebook.charter.drafts import Draft, Problems
    from minutebook.charter.spec import BodySpec, Charter, SeatRule

OPEN_PERIOD_KEYS = ("open_days", "min_open_days", "max_open_days")
# What a ballot puts to the members: a motion (a referendum of an all-members body, a circular
# resolution of a committee, a ratification...) or an election.
QUESTION_KINDS = ("motion", "election")


@dataclass(frozen=True)
class BallotQuestion:
    """The rules of one kind of question (`kind`) or one decision type (`decision_type`) put to
    a body's ballot, where they differ from the body's: each None keeps the body's (the open
    period is `period`, (min, max) days, given whole or not at all). `only_by_ballot`: the
    body takes these decisions (fills these seats) only by ballot, never at a meeting."""

    kind: str | None = None
    decision_type: str | None = None
    notice_days: int | None = None
    period: tuple[int, int | None] | None = None
    secret: bool | None = None
    called_by: tuple[str, ...] | None = None
    only_by_ballot: bool = False

    @property
    def words(self) -> str:
        if self.decision_type:
            return f"'{self.decision_type}'"
        return "an election" if self.kind == "election" else "a motion"


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
    questions: tuple[BallotQuestion, ...] = ()

    def for_question(self, kind: str, decision_type: str = "") -> BallotRules:
        """The rules of a ballot on this question: the body's, overridden by its entry for the
        kind of question, then by its entry for the decision type (a ratification ballot's is
        the ratified decision's)."""
        rules = self
        for entry in self.matching(kind, decision_type):
            low, high = entry.period if entry.period else (rules.min_open_days, rules.max_open_days)
            rules = replace(
                rules,
                notice_days=_given(entry.notice_days, rules.notice_days),
                min_open_days=low,
                max_open_days=high,
                secret=_given(entry.secret, rules.secret),
                called_by=_given(entry.called_by, rules.called_by),
            )
        return replace(rules, questions=())

    def matching(self, kind: str, decision_type: str = "") -> list[BallotQuestion]:
        """The entries for the question, the kind's before the decision type's."""
        by_kind = [entry for entry in self.questions if entry.kind == kind]
        by_type = [
            entry
            for entry in self.questions
            if decision_type and entry.decision_type == decision_type
        ]
        return by_kind + by_type

    def only_by_ballot(self, kind: str, decision_type: str = "") -> BallotQuestion | None:
        """The entry by which the body takes this question only by ballot, if any."""
        if not self.allowed:
            return None
        return next((e for e in self.matching(kind, decision_type) if e.only_by_ballot), None)

    def questions_words(self) -> list[str]:
        """Each `questions:` entry in words: "For an election: open exactly 14 day(s), secret;
        only by ballot"."""
        found = []
        for entry in self.questions:
            rules = replace(self, questions=(entry,)).for_question(
                entry.kind or "motion", entry.decision_type or ""
            )
            parts = []
            if entry.notice_days is not None:
                parts.append(f"announced at least {rules.notice_days} day(s) ahead")
            if entry.period is not None:
                parts.append(f"open {rules.open_period_words()}")
            if entry.secret is not None:
                parts.append("secret" if rules.secret else "named")
            if entry.called_by is not None:
                parts.append("called by " + ", ".join(rules.called_by))
            words = f"For {entry.words}: " + (", ".join(parts) or "the body's rules")
            found.append(words + ("; only by ballot" if entry.only_by_ballot else ""))
        return found

    def open_period_words(self) -> str:
        if self.max_open_days == self.min_open_days:
            return f"exactly {self.min_open_days} day(s)"
        if self.max_open_days is None:
            return f"at least {self.min_open_days} day(s)"
        return f"{self.min_open_days} to {self.max_open_days} days"


def elected_only_by_ballot(charter: Charter, rule: SeatRule) -> BodySpec | None:
    """The all-members body whose ballot alone elects the seats of `rule` (seats the members
    of a unit elect, where that unit's all-members body has `{kind: election, only_by_ballot:
    true}`), or None when they may be filled otherwise too."""
    if rule.by_members_of is None and rule.by_members_of_each is None:
        return None
    for body in charter.bodies:
        if body.ballots is None or body.ballots.only_by_ballot("election") is None:
            continue
        if not any(seat.method == "all_members" for seat in body.seats):
            continue
        if (rule.by_members_of is not None and body.unit == rule.by_members_of) or (
            rule.by_members_of_each is not None and body.per_unit_kind == rule.by_members_of_each
        ):
            return body
    return None


def _given(value, default):
    return default if value is None else value


def check_open_period(problems: Problems, draft: Draft, *, required: bool) -> None:
    """`open_days`, or `min_open_days` and/or `max_open_days` that make sense together."""
    given = [key for key in OPEN_PERIOD_KEYS if draft.has(key)]
    if not given and required:
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


def check_ballot_rules(problems: Problems, draft: Draft) -> None:
    """The entry as a whole (after each key was read): with `allowed: true` a notice, an open
    period and someone to call the ballot are required, and the period must make sense."""
    if not draft.get("allowed"):
        if draft.has("questions"):
            problems.add(
                draft.at("questions"),
                "'questions' gives rules to ballots the body does not hold: it has "
                "'allowed: false'",
            )
        return
    if not draft.has("notice_days"):
        problems.add(draft.node, "missing required key 'notice_days' (ballots are allowed)")
    check_open_period(problems, draft, required=True)
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
        questions=tuple(_assemble_question(entry) for entry in draft.get("questions", [])),
    )


def _assemble_question(draft: Draft) -> BallotQuestion:
    fixed = draft.get("open_days")
    period = None
    if fixed is not None:
        period = (fixed, fixed)
    elif draft.has("min_open_days") or draft.has("max_open_days"):
        period = (draft.get("min_open_days", 1), draft.get("max_open_days"))
    called_by = draft.get("called_by")
    return BallotQuestion(
        kind=draft.get("kind"),
        decision_type=draft.get("decision_type"),
        notice_days=draft.get("notice_days"),
        period=period,
        secret=draft.get("secret"),
        called_by=tuple(node.value for node in called_by) if called_by is not None else None,
        only_by_ballot=draft.get("only_by_ballot", False),
    )
