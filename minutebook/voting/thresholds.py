"""Thresholds as constitutions write them: a small expression of conditions on a vote's counts.

A threshold is one of the traditional names (`two_thirds_cast`...) or an expression built from
these conditions (the charter's YAML, or the same data as JSON):

    {at_least: 3/4, of: cast}             votes for ≥ ¾ of the votes cast
    {more_than: 1/2, of: entire}          votes for > ½ of the whole membership
    {at_least: 60%, of: cast, abstentions: counted}   abstentions and blanks in the basis
    {votes_for_at_least: 67}              at least 67 votes for
    {turnout_at_least: 100}               at least 100 took part (abstaining and blank included)
    {turnout_at_least: 20%, of: entire}   at least a fifth of the membership took part
    {margin_at_least: 3%, of: entire}     votes for minus votes against ≥ 3 % of the membership
    {against_at_most: 0}                  no vote against (consensus); 1: "consensus minus one"
    {present_at_least: 67}                at least 67 members present (attending), voting or not
    {present_at_least: 1/3, of: entire}   at least a third of the membership present
    {present_fewer_than: 67}              fewer than 67 present: the "otherwise" of the above
    {all: [...]}, {any: [...]}            every / at least one of the conditions

The bases are `cast` (votes for + against + illegal votes: "present and voting"), `present`
(everyone present and entitled to vote) and `entire` (the whole membership entitled to vote: a
body's filled seats, a ballot's electorate). `present_at_least` and `present_fewer_than` are
conditions on attendance, not on the vote: "by consensus if at least 67 members attend,
otherwise by two-thirds" is

    {any: [{all: [consensus, {present_at_least: 67}]},
           {all: [two_thirds_cast, {present_fewer_than: 67}]}]}

(for a ballot outside meetings, those present are those who took part). An `all` whose
conditions on the number present cannot hold together (`present_at_least: 67` with
`present_fewer_than: 50`, or 67 votes for with fewer than 60 present) is refused. Shares are exact fractions ("3/4", "75%", "0.6"),
more than 0 and at most 1; every comparison is integer arithmetic.

`parse_threshold` reads a name, a mapping or its JSON text and raises `ThresholdError` with the
path of what is wrong; `Threshold.text` is the canonical text the record stores (the name, or
compact JSON), so a stored threshold reads back as the same rule.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from enum import StrEnum
from fractions import Fraction
from typing import Any

from minutebook.names import near_in_meaning


class Basis(StrEnum):
    CAST = "cast"
    PRESENT = "present"
    ENTIRE = "entire"


class Measure(StrEnum):
    FOR = "for"  # votes for
    TURNOUT = "turnout"  # everyone who took part
    CAST = "cast"  # the votes cast: for and against (and illegal), abstentions only if counted
    MARGIN = "margin"  # votes for minus votes against
    AGAINST = "against"  # votes against, which must stay at or below the bound
    PRESENT = "present"  # members present (attending), whether they vote or not
    PRESENT_BELOW = "present_below"  # members present, which must stay below the bound


class ThresholdError(ValueError):
    """What is wrong with a threshold, and where: `path` is the keys and list positions from
    the threshold's top (empty for the whole)."""

    def __init__(self, path: tuple[str | int, ...], message: str) -> None:
        self.path = path
        self.message = message
        where = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path).lstrip(".")
        super().__init__(f"{where}: {message}" if where else message)


@dataclass(frozen=True)
class Share:
    """A fraction as the constitution wrote it: `written` is "3/4" or "75%"."""

    value: Fraction
    written: str

    def words(self) -> str:
        return _SHARE_WORDS.get(self.written, self.written.replace("%", " %"))


_SHARE_WORDS = {
    "1/2": "half",
    "2/3": "two-thirds",
    "3/4": "three-quarters",
    "3/5": "three-fifths",
    "1/3": "a third",
    "1/4": "a quarter",
    "1/5": "a fifth",
    "1/1": "all",
}


@dataclass(frozen=True)
class Condition:
    """One requirement on the counts: `measure` compared with a bound that is either a fixed
    `count` or a `share` of a `basis` (strictly more than it when `strictly_more`)."""

    measure: Measure
    count: int | None = None
    share: Share | None = None
    basis: Basis | None = None
    strictly_more: bool = False
    abstentions_counted: bool = False  # a `cast` basis that includes abstentions and blanks


@dataclass(frozen=True)
class Combination:
    """Every (`all`) or at least one (`any`) of the parts."""

    every: bool
    parts: tuple[Rule, ...]


Rule = Condition | Combination


@dataclass(frozen=True)
class Threshold:
    """A parsed threshold: its rule, and the canonical text under which it is stored."""

    rule: Rule
    text: str
    name: str | None = None  # the traditional name, when written as one

    def conditions(self) -> tuple[Condition, ...]:
        return tuple(_leaves(self.rule))


def _leaves(rule: Rule):
    if isinstance(rule, Condition):
        yield rule
    else:
        for part in rule.parts:
            yield from _leaves(part)


# The traditional names, as expressions.
NAMED: dict[str, dict[str, Any]] = {
    "majority_cast": {"more_than": "1/2", "of": "cast"},
    "two_thirds_cast": {"at_least": "2/3", "of": "cast"},
    "three_fifths_cast": {"at_least": "3/5", "of": "cast"},
    "majority_present": {"more_than": "1/2", "of": "present"},
    "majority_entire": {"more_than": "1/2", "of": "entire"},
    "two_thirds_entire": {"at_least": "2/3", "of": "entire"},
    "unanimous": {"at_least": "1/1", "of": "cast"},
    "consensus": {"against_at_most": 0},
}

_NAME_WORDS = {
    "majority_cast": "a majority of the votes cast (more than half; abstentions do not count)",
    "two_thirds_cast": "two-thirds of the votes cast (abstentions do not count)",
    "three_fifths_cast": "three-fifths of the votes cast (abstentions do not count)",
    "majority_present": "a majority of the members present (abstentions count as no)",
    "majority_entire": "a majority of all seat holders (absentees and abstentions count as no)",
    "two_thirds_entire": "two-thirds of all seat holders (absentees and abstentions count as no)",
    "unanimous": "every vote cast (unanimity; abstentions do not count)",
    "consensus": "consensus: no vote against (abstaining is standing aside)",
}

# Words of traditional names, so that an unknown name written in them can be answered with
# the expression it means rather than with a name spelt alike (`two_thirds_present` is not
# `two_thirds_entire`, a far stricter rule).
_FRACTION_NAMES = {
    "majority": ("more_than", "1/2"),
    "half": ("at_least", "1/2"),
    "two_thirds": ("at_least", "2/3"),
    "three_fifths": ("at_least", "3/5"),
    "three_quarters": ("at_least", "3/4"),
    "three_fourths": ("at_least", "3/4"),
    "unanimous": ("at_least", "1/1"),
}
_BASIS_NAMES = {
    "cast": "cast",
    "voting": "cast",
    "votes": "cast",
    "present": "present",
    "present_and_voting": "cast",
    "entire": "entire",
    "members": "entire",
    "membership": "entire",
    "all": "entire",
    "seats": "entire",
}

_KEYS = {
    "at_least": Measure.FOR,
    "more_than": Measure.FOR,
    "votes_for_at_least": Measure.FOR,
    "turnout_at_least": Measure.TURNOUT,
    "cast_at_least": Measure.CAST,
    "margin_at_least": Measure.MARGIN,
    "against_at_most": Measure.AGAINST,
    "present_at_least": Measure.PRESENT,
    "present_fewer_than": Measure.PRESENT_BELOW,
}
_COMBINATIONS = ("all", "any")
_OPTIONS = ("of", "abstentions")
_ABSTENTIONS = ("counted", "not_counted")
_FRACTION_TEXT = re.compile(r"\s*(\d+)\s*/\s*(\d+)\s*")
_PERCENT_TEXT = re.compile(r"\s*(\d+(?:\.\d+)?)\s*%\s*")


def parse_threshold(value: str | dict | Threshold) -> Threshold:
    """The threshold a name, a mapping or a stored text stands for; ThresholdError if it is
    not one."""
    if isinstance(value, Threshold):
        return value
    if isinstance(value, str):
        name = value.strip()
        if name in NAMED:
            return Threshold(_rule(NAMED[name], ()), name, name)
        if name.startswith("{"):
            try:
                data = json.loads(name)
            except json.JSONDecodeError as error:
                raise ThresholdError((), f"not a readable threshold: {error}") from None
            return parse_threshold(data)
        raise ThresholdError((), unknown_name_message(name))
    if isinstance(value, dict):
        rule = _rule(value, ())
        return Threshold(rule, _canonical_text(rule))
    raise ThresholdError((), f"expected a threshold name or a mapping, got {value!r}")


def unknown_name_message(name: str) -> str:
    """`unknown threshold 'x'` with what the name most likely means, if it can be told."""
    message = f"unknown threshold '{name}'"
    meant = _meaning_of(name)
    if meant is not None:
        return f"{message}; for that rule write {meant}"
    spelt = near_in_meaning(name, NAMED)
    if spelt is not None:
        return f"{message}; did you mean '{spelt}'?"
    names = ", ".join(NAMED)
    return f"{message}; it is one of {names}, or a mapping such as {{at_least: 3/4, of: cast}}"


def _meaning_of(name: str) -> str | None:
    words = name.lower().replace("-", "_").replace(" ", "_")
    for fraction_name, (comparison, share) in _FRACTION_NAMES.items():
        prefix = fraction_name + "_"
        if words.startswith(prefix) and words[len(prefix) :] in _BASIS_NAMES:
            basis = _BASIS_NAMES[words[len(prefix) :]]
            if fraction_name == "unanimous" and basis == "cast":
                return "unanimous"
            return f"{{{comparison}: {share}, of: {basis}}}"
    return None


def _rule(data: Any, path: tuple[str | int, ...]) -> Rule:
    if isinstance(data, str):
        if data in NAMED:
            return _rule(NAMED[data], path)
        raise ThresholdError(path, unknown_name_message(data))
    if not isinstance(data, dict):
        raise ThresholdError(path, f"expected a threshold (a name or a mapping), got {data!r}")
    combined = [key for key in _COMBINATIONS if key in data]
    if combined:
        key = combined[0]
        extra = sorted(set(data) - {key})
        if extra:
            raise ThresholdError(
                path, f"'{key}' stands alone in its mapping; move {', '.join(extra)} into its list"
            )
        parts = data[key]
        if not isinstance(parts, list) or not parts:
            raise ThresholdError(path + (key,), "expected a non-empty list of conditions")
        combination = Combination(
            every=key == "all",
            parts=tuple(_rule(part, path + (key, index)) for index, part in enumerate(parts)),
        )
        if combination.every:
            _check_attendance_bounds(combination, path + (key,))
        return combination
    measures = [key for key in data if key in _KEYS]
    unknown = [key for key in data if key not in _KEYS and key not in _OPTIONS]
    if unknown:
        allowed = ", ".join((*_KEYS, *_COMBINATIONS, *_OPTIONS))
        raise ThresholdError(path + (unknown[0],), f"unknown key; allowed here: {allowed}")
    if len(measures) != 1:
        found = f"both {' and '.join(measures)}" if measures else "none"
        raise ThresholdError(
            path,
            "a condition has exactly one of at_least, more_than, votes_for_at_least, "
            "turnout_at_least, margin_at_least, against_at_most, present_at_least, "
            f"present_fewer_than ({found}); "
            "combine several with all: [...]",
        )
    key = measures[0]
    return _condition(key, data, path)


def _condition(key: str, data: dict, path: tuple[str | int, ...]) -> Condition:
    measure = _KEYS[key]
    bound = data[key]
    basis = _basis(data, path)
    abstentions = data.get("abstentions")
    if abstentions is not None and abstentions not in _ABSTENTIONS:
        raise ThresholdError(
            path + ("abstentions",),
            f"expected one of {', '.join(_ABSTENTIONS)}, got {abstentions!r}",
        )
    counted = abstentions == "counted"
    if counted and basis != Basis.CAST and measure != Measure.CAST:
        raise ThresholdError(
            path + ("abstentions",),
            "only a basis of votes cast ('of: cast') can leave abstentions out or count them; "
            "against those present or the entire membership an abstention always works as a no",
        )

    if key in ("at_least", "more_than"):
        if basis is None:
            raise ThresholdError(path, f"'{key}' needs 'of': cast, present or entire")
        share = parse_share(bound, path + (key,))
        if key == "more_than" and share.value == 1:
            raise ThresholdError(path + (key,), "more than all can never be reached")
        return Condition(
            measure,
            share=share,
            basis=basis,
            strictly_more=key == "more_than",
            abstentions_counted=counted,
        )
    if key in ("votes_for_at_least", "against_at_most"):
        if basis is not None:
            raise ThresholdError(
                path + ("of",),
                f"'{key}' takes a number of votes, without 'of'"
                + (
                    "; for a share of a basis write at_least: 2/3, of: ..." if key[0] == "v" else ""
                ),
            )
        minimum = 1 if key == "votes_for_at_least" else 0
        return Condition(measure, count=_whole(bound, minimum, path + (key,)))
    if measure in (Measure.PRESENT, Measure.PRESENT_BELOW) and basis in (Basis.CAST, Basis.PRESENT):
        raise ThresholdError(
            path + ("of",),
            f"'{key}' counts the members present: as a share, of the entire membership "
            "('of: entire'); or give a number",
        )
    # turnout_at_least, cast_at_least, margin_at_least, present_*: a number, or a share of a basis
    if isinstance(bound, int) and not isinstance(bound, bool) and basis is None:
        if counted and measure != Measure.CAST:
            raise ThresholdError(path + ("abstentions",), f"'{key}' takes no 'abstentions'")
        return Condition(
            measure, count=_whole(bound, 1, path + (key,)), abstentions_counted=counted
        )
    if basis is None:
        what = (
            "entire" if measure in (Measure.PRESENT, Measure.PRESENT_BELOW) else "present or entire"
        )
        raise ThresholdError(path, f"'{key}' as a share needs 'of' ({what}); or give a number")
    if measure in (Measure.TURNOUT, Measure.CAST) and basis == Basis.CAST:
        raise ThresholdError(
            path + ("of",), "a turnout is measured against those present or the entire membership"
        )
    return Condition(
        measure, share=parse_share(bound, path + (key,)), basis=basis, abstentions_counted=counted
    )


def _check_attendance_bounds(rule: Combination, path: tuple[str | int, ...]) -> None:
    """Conditions of one `all` that no attendance can meet together: at least 67 present (or
    67 votes for, 67 taking part: each of them is present) with fewer than 67 present."""
    fixed = [part for part in rule.parts if isinstance(part, Condition) and part.count is not None]
    below = [part.count for part in fixed if part.measure == Measure.PRESENT_BELOW]
    if not below:
        return
    at_least = [
        part
        for part in fixed
        if part.measure in (Measure.PRESENT, Measure.FOR, Measure.TURNOUT, Measure.CAST)
    ]
    if not at_least:
        return
    most = max(at_least, key=lambda part: part.count)
    fewest = min(below)
    if most.count >= fewest:
        raise ThresholdError(
            path,
            f"contradictory: {condition_words(most)} needs at least {most.count} present, "
            f"but the same 'all' requires fewer than {fewest} present",
        )


def _basis(data: dict, path: tuple[str | int, ...]) -> Basis | None:
    if "of" not in data:
        return None
    value = data["of"]
    named = _BASIS_NAMES.get(value) if isinstance(value, str) else None
    if named is None:
        raise ThresholdError(
            path + ("of",),
            f"unknown basis {value!r}; it is cast (present and voting), present, or entire "
            "(the whole membership)",
        )
    if named != value:
        raise ThresholdError(path + ("of",), f"unknown basis {value!r}; write '{named}'")
    return Basis(value)


def _whole(value: Any, minimum: int, path: tuple[str | int, ...]) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ThresholdError(path, f"expected a whole number, got {value!r}")
    if value < minimum:
        raise ThresholdError(path, f"must be at least {minimum}, got {value}")
    return value


def parse_share(value: Any, path: tuple[str | int, ...]) -> Share:
    """ "3/4", "75%", 0.75 or 1: a fraction more than 0 and at most 1."""
    if isinstance(value, bool):
        raise ThresholdError(path, f"expected a share such as 2/3 or 75%, got {value!r}")
    if isinstance(value, int):
        if value != 1:
            raise ThresholdError(
                path,
                f"a share is a fraction such as 2/3 or 75%, not {value}; for a number of "
                "votes write votes_for_at_least (or turnout_at_least, margin_at_least) without 'of'",
            )
        return Share(Fraction(1), "1/1")
    if isinstance(value, float):
        fraction = Fraction(str(value))
        written = f"{fraction * 100}%" if (fraction * 100).denominator == 1 else _ratio(fraction)
        share = Share(fraction, written)
    elif isinstance(value, str) and (match := _FRACTION_TEXT.fullmatch(value)):
        numerator, denominator = int(match[1]), int(match[2])
        if denominator == 0:
            raise ThresholdError(path, f"malformed share '{value}': the denominator is 0")
        share = Share(Fraction(numerator, denominator), f"{numerator}/{denominator}")
    elif isinstance(value, str) and (match := _PERCENT_TEXT.fullmatch(value)):
        share = Share(Fraction(match[1]) / 100, f"{match[1]}%")
    else:
        raise ThresholdError(path, f"expected a share such as 2/3 or 75%, got {value!r}")
    if not 0 < share.value <= 1:
        raise ThresholdError(
            path, f"a share must be more than 0 and at most 1, got '{share.written}'"
        )
    return share


def _ratio(fraction: Fraction) -> str:
    return f"{fraction.numerator}/{fraction.denominator}"


def _data(rule: Rule) -> Any:
    if isinstance(rule, Combination):
        return {"all" if rule.every else "any": [_data(part) for part in rule.parts]}
    key = {
        Measure.FOR: "more_than" if rule.strictly_more else "at_least",
        Measure.TURNOUT: "turnout_at_least",
        Measure.CAST: "cast_at_least",
        Measure.MARGIN: "margin_at_least",
        Measure.AGAINST: "against_at_most",
        Measure.PRESENT: "present_at_least",
        Measure.PRESENT_BELOW: "present_fewer_than",
    }[rule.measure]
    if rule.measure == Measure.FOR and rule.count is not None:
        key = "votes_for_at_least"
    data: dict[str, Any] = {key: rule.share.written if rule.share else rule.count}
    if rule.basis is not None:
        data["of"] = rule.basis.value
    if rule.abstentions_counted:
        data["abstentions"] = "counted"
    return data


def _canonical_text(rule: Rule) -> str:
    return json.dumps(_data(rule), sort_keys=True, separators=(",", ":"))


def threshold_data(threshold: str | Threshold) -> Any:
    """The threshold as plain data (a name, or the mapping), for the API."""
    parsed = parse_threshold(threshold)
    return parsed.name or _data(parsed.rule)


# Counting


@dataclass(frozen=True)
class Counts:
    yes: int
    no: int
    abstain: int = 0
    blank: int = 0
    illegal: int = 0
    present: int | None = None
    entire: int | None = None

    @property
    def turnout(self) -> int:
        return self.yes + self.no + self.abstain + self.blank + self.illegal


@dataclass(frozen=True)
class ConditionResult:
    """How the counts measured against one condition: `needed` is the bound (the most allowed,
    for votes against), `got` what the counts give, `basis` the number a share was taken of."""

    condition: Condition
    met: bool
    needed: int
    got: int
    basis: int | None
    words: str


def basis_size(condition: Condition, counts: Counts) -> int | None:
    if condition.basis is None:
        return None
    if condition.basis == Basis.CAST:
        cast = counts.yes + counts.no + counts.illegal
        if condition.abstentions_counted:
            cast += counts.abstain + counts.blank
        return cast
    value = counts.present if condition.basis == Basis.PRESENT else counts.entire
    if value is None:
        keyword = "present" if condition.basis == Basis.PRESENT else "entire"
        raise ValueError(f"this threshold needs {keyword}= (the {_BASIS_WORDS[condition.basis]})")
    return value


_BASIS_WORDS = {
    Basis.CAST: "votes cast",
    Basis.PRESENT: "members present",
    Basis.ENTIRE: "entire membership",
}


def share_of(share: Share, basis: int, *, strictly_more: bool) -> int:
    """The fewest whole votes that reach `share` of `basis` (strictly more than it when
    `strictly_more`), in integers."""
    exact = share.value * basis
    if strictly_more:
        return exact.numerator // exact.denominator + 1
    return -(-exact.numerator // exact.denominator)


def measure(condition: Condition, counts: Counts) -> ConditionResult:
    basis = basis_size(condition, counts)
    if condition.share is not None:
        assert basis is not None
        needed = share_of(condition.share, basis, strictly_more=condition.strictly_more)
    else:
        assert condition.count is not None
        needed = condition.count
    if condition.measure == Measure.FOR:
        needed = max(needed, 1)  # a motion never passes with nobody voting for it
        got = counts.yes
    elif condition.measure == Measure.TURNOUT:
        got = counts.turnout
    elif condition.measure == Measure.CAST:
        got = counts.yes + counts.no + counts.illegal
        if condition.abstentions_counted:
            got += counts.abstain + counts.blank
    elif condition.measure == Measure.MARGIN:
        got = counts.yes - counts.no
    elif condition.measure in (Measure.PRESENT, Measure.PRESENT_BELOW):
        if counts.present is None:
            raise ValueError("this threshold needs present= (the members present)")
        got = counts.present
    else:
        got = counts.no
    if condition.measure == Measure.AGAINST:
        met = got <= needed
    elif condition.measure == Measure.PRESENT_BELOW:
        met = got < needed
    else:
        met = got >= needed
    words = _result_words(condition, met, needed, got, basis)
    return ConditionResult(condition, met, needed, got, basis, words)


def evaluate(rule: Rule, counts: Counts) -> tuple[bool, list[ConditionResult]]:
    """Whether the rule is met, and each condition's result in the order written."""
    if isinstance(rule, Condition):
        result = measure(rule, counts)
        return result.met, [result]
    results: list[ConditionResult] = []
    verdicts = []
    for part in rule.parts:
        met, part_results = evaluate(part, counts)
        verdicts.append(met)
        results.extend(part_results)
    return (all(verdicts) if rule.every else any(verdicts)), results


def best_case(rule: Rule, seats: int) -> tuple[bool, list[ConditionResult]]:
    """Whether a body of `seats` members can meet the rule at all: every member voting for,
    with everyone present or, for a condition on fewer present, as many as it allows (all
    of them voting for). The results are those of everyone present when none can."""
    everyone = evaluate(rule, Counts(yes=seats, no=0, present=seats, entire=seats))
    if everyone[0]:
        return everyone
    fewer = set()
    for condition in _leaves(rule):
        if condition.measure == Measure.PRESENT_BELOW:
            bound = condition.count
            if condition.share is not None:
                bound = share_of(condition.share, seats, strictly_more=False)
            if bound is not None and 1 < bound <= seats:
                fewer.add(bound - 1)
    for present in sorted(fewer, reverse=True):
        attempt = evaluate(rule, Counts(yes=present, no=0, present=present, entire=seats))
        if attempt[0]:
            return attempt
    return everyone


# Words


def condition_words(condition: Condition) -> str:
    """The condition in plain English, without counts."""
    if condition.measure == Measure.AGAINST:
        if condition.count == 0:
            return "no vote against"
        return f"at most {condition.count} vote(s) against"
    if condition.measure in (Measure.PRESENT, Measure.PRESENT_BELOW):
        comparison = "at least" if condition.measure == Measure.PRESENT else "fewer than"
        if condition.share is None:
            return f"{comparison} {condition.count} members present"
        return f"{comparison} {condition.share.words()} of the entire membership present"
    if condition.share is None:
        what = {
            Measure.FOR: "vote(s) for",
            Measure.TURNOUT: "taking part",
            Measure.CAST: "votes cast",
            Measure.MARGIN: "more votes for than against",
        }[condition.measure]
        return f"at least {condition.count} {what}"
    assert condition.basis is not None
    share = condition.share.words()
    comparison = "more than" if condition.strictly_more else "at least"
    if (
        condition.measure == Measure.FOR
        and condition.share.written == "1/2"
        and condition.strictly_more
    ):
        head = "a majority (more than half)"
    elif condition.measure == Measure.FOR and condition.share.value == 1:
        head = "every one"
    else:
        head = f"{comparison} {share}"
    of = _basis_phrase(condition)
    if condition.measure == Measure.FOR:
        return f"{head} of {of}"
    if condition.measure == Measure.TURNOUT:
        return f"a turnout of {head} of {of}"
    if condition.measure == Measure.CAST:
        return f"votes cast (abstentions aside) numbering {head} of {of}"
    return f"a margin of votes for over votes against of {head} of {of}"


def _basis_phrase(condition: Condition) -> str:
    """The basis in words; for votes for, with how abstentions and absentees weigh (a turnout
    or a margin counts people and votes, where an abstainer takes part and is no vote)."""
    if condition.measure != Measure.FOR:
        return {
            Basis.CAST: "the votes cast",
            Basis.PRESENT: "the members present",
            Basis.ENTIRE: "the entire membership",
        }[condition.basis]
    if condition.basis == Basis.CAST:
        if condition.abstentions_counted:
            return "the votes cast (abstentions and blank ballots counted as cast)"
        return "the votes cast (abstentions do not count)"
    if condition.basis == Basis.PRESENT:
        return "the members present (abstentions count as no)"
    return "the entire membership (absentees and abstentions count as no)"


def threshold_words(threshold: str | Threshold) -> str:
    """The threshold in plain English: `two_thirds_cast` → "two-thirds of the votes cast
    (abstentions do not count)"."""
    parsed = parse_threshold(threshold)
    if parsed.name:
        return _NAME_WORDS[parsed.name]
    return _rule_words(parsed.rule)


def _rule_words(rule: Rule) -> str:
    if isinstance(rule, Condition):
        return condition_words(rule)
    joined = "; ".join(
        f"({_rule_words(part)})" if isinstance(part, Combination) else _rule_words(part)
        for part in rule.parts
    )
    return f"{'all' if rule.every else 'any'} of: {joined}"


def counted_basis_words(condition: Condition, basis: int) -> str:
    """`the 81 votes cast`, `the 50 members present`, `the entire membership of 100`."""
    if condition.basis == Basis.CAST:
        extra = " (abstentions and blank ballots included)" if condition.abstentions_counted else ""
        return f"the {basis} votes cast{extra}"
    if condition.basis == Basis.PRESENT:
        return f"the {basis} members present"
    return f"the entire membership of {basis}"


def _result_words(condition: Condition, met: bool, needed: int, got: int, basis: int | None) -> str:
    verdict = "met" if met else "not met"
    got_words = {
        Measure.FOR: f"{got} for",
        Measure.TURNOUT: f"{got} took part",
        Measure.CAST: f"{got} cast",
        Measure.MARGIN: f"margin {got}",
        Measure.AGAINST: f"{got} against",
        Measure.PRESENT: f"{got} present",
        Measure.PRESENT_BELOW: f"{got} present",
    }[condition.measure]
    if condition.share is None or basis is None:
        return f"{condition_words(condition)}: {got_words} — {verdict}"
    comparison = "more than" if condition.strictly_more else "at least"
    if condition.measure in (Measure.PRESENT, Measure.PRESENT_BELOW):
        share = condition.share.written.replace("%", " %")
        if condition.measure == Measure.PRESENT:
            bound = f"at least {share} of {counted_basis_words(condition, basis)} = {needed} present needed"
        else:
            bound = f"fewer than {share} of {counted_basis_words(condition, basis)} = fewer than {needed} present"
        return f"{bound}; {got_words} — {verdict}"
    what = {
        Measure.FOR: "",
        Measure.TURNOUT: "a turnout of ",
        Measure.CAST: "votes cast of ",
        Measure.MARGIN: "a margin of ",
    }[condition.measure]
    share = condition.share.written.replace("%", " %")
    return (
        f"{what}{comparison} {share} of {counted_basis_words(condition, basis)} = {needed} "
        f"needed; {got_words} — {verdict}"
    )


def rule_threshold(rule: Rule) -> Threshold:
    """A rule built in code, as a threshold with its canonical text."""
    return Threshold(rule, _canonical_text(rule))
