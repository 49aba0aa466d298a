"""Seats in proportion to members: an elected seat rule's `apportioned:` formula, read, checked,
computed and put in words. No Django here; the census that counts the members of each unit on
a date and fixes their seats is the bodies app's work (`minutebook.bodies.apportionment`).

Two forms, as constitutions write them:

    # "Branches of 10 to 19 members send one delegate, and one more for each further 40
    #  members or part thereof; no branch sends more than 4."
    - elected:
        by_members_of_each: branch
        term_months: 24
        apportioned:
          bands:
            - {from: 10, to: 19, seats: 1}
          further: {every: 40, seats: 1, part_counts: true}
          at_most: 4

    # "One delegate for every 50 members or part thereof, at least one per branch."
    - elected:
        by_members_of_each: branch
        apportioned: {one_per: 50, rounding: up, at_least: 1}

`bands` are ranges of members, each with its number of seats, in order and without gaps; a
unit with fewer members than the first band sends none. `further` adds `seats` for every
`every` members beyond the last band (a part of `every` counts as a whole with `part_counts:
true`). `one_per` gives one seat per so many members, the remainder rounded `up`, `down` or to
the `nearest` (a half rounded up); `none_below` sends no seat from a unit with fewer members.
`at_least` and `at_most` bound the result (a unit below `none_below` or the first band still
sends none).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from minutebook.charter.drafts import Draft, Problems
from minutebook.charter.readers import (
    OPTIONAL,
    REQUIRED,
    choice,
    list_of,
    read_flag,
    reader,
    whole_number,
)


class Rounding(StrEnum):
    UP = "up"
    DOWN = "down"
    NEAREST = "nearest"


@dataclass(frozen=True)
class Band:
    """Units with `low` to `high` members (inclusive; `high` None: and more) send `seats`."""

    low: int
    high: int | None
    seats: int


@dataclass(frozen=True)
class Apportionment:
    """A formula from a unit's members in good standing to its seats; see the module's text.
    Either `bands` (with an optional `further_every`) or `one_per` is set."""

    bands: tuple[Band, ...] = ()
    further_every: int | None = None
    further_seats: int = 1
    part_counts: bool = True
    one_per: int | None = None
    rounding: Rounding = Rounding.UP
    none_below: int | None = None
    at_least: int | None = None
    at_most: int | None = None

    def seats_for(self, members: int) -> int:
        """The seats of a unit with `members` members in good standing, in whole numbers."""
        if members < 0:
            raise ValueError("a unit cannot have fewer than no members")
        if members == 0:
            return 0  # nobody to send, whatever `at_least` says
        if self.one_per is not None:
            if self.none_below is not None and members < self.none_below:
                return 0
            whole, rest = divmod(members, self.one_per)
            if rest and (
                self.rounding == Rounding.UP
                or (self.rounding == Rounding.NEAREST and 2 * rest >= self.one_per)
            ):
                whole += 1
            seats = whole
        else:
            if not self.bands or members < self.bands[0].low:
                return 0
            band = next(
                (b for b in self.bands if b.high is None or members <= b.high), self.bands[-1]
            )
            seats = band.seats
            last = self.bands[-1]
            beyond = members - last.high if last.high is not None else 0
            if beyond > 0 and self.further_every is not None:
                steps, rest = divmod(beyond, self.further_every)
                if rest and self.part_counts:
                    steps += 1
                seats += steps * self.further_seats
        if self.at_least is not None:
            seats = max(seats, self.at_least)
        if self.at_most is not None:
            seats = min(seats, self.at_most)
        return seats

    def words(self) -> str:
        """The formula in words, for the body's page and the census."""
        parts: list[str] = []
        if self.one_per is not None:
            rounding = {
                Rounding.UP: "a part of that counting as a whole",
                Rounding.DOWN: "a remainder not counting",
                Rounding.NEAREST: "rounded to the nearest, a half counting as a whole",
            }[self.rounding]
            parts.append(f"one seat for every {self.one_per} members ({rounding})")
            if self.none_below is not None:
                parts.append(f"none from a unit of fewer than {self.none_below} members")
        else:
            first = self.bands[0]
            parts.append(f"none from a unit of fewer than {first.low} members")
            for band in self.bands:
                span = (
                    f"{band.low} to {band.high}" if band.high is not None else f"{band.low} or more"
                )
                parts.append(f"{span} members: {_seats(band.seats)}")
            if self.further_every is not None:
                part = " or part of that" if self.part_counts else ""
                parts.append(
                    f"{_more(self.further_seats)} for each further {self.further_every} "
                    f"members{part}"
                )
        if self.at_least is not None:
            parts.append(f"at least {_seats(self.at_least)} for every unit counted")
        if self.at_most is not None:
            parts.append(f"at most {_seats(self.at_most)} for a unit")
        return "; ".join(parts)


def _seats(count: int) -> str:
    return f"{count} seat{'s' if count != 1 else ''}"


def _more(count: int) -> str:
    return "one more" if count == 1 else f"{count} more"


# Reading the charter's `apportioned:`.


def _check_band(problems: Problems, draft: Draft) -> None:
    low, high = draft.get("from"), draft.get("to")
    if isinstance(low, int) and isinstance(high, int) and high < low:
        problems.add(draft.at("to"), f"a band from {low} to {high} members is empty")


_read_band = reader(
    {
        "from": (REQUIRED, whole_number(1, "the fewest members of the band")),
        "to": (OPTIONAL, whole_number(1, "the most members of the band")),
        "seats": (REQUIRED, whole_number(1, "the band's seats")),
    },
    "a band ({from: 10, to: 19, seats: 1})",
    after=_check_band,
)


def _check_formula(problems: Problems, draft: Draft) -> None:
    forms = [key for key in ("bands", "one_per") if draft.has(key)]
    if len(forms) != 1:
        found = f"; found {' and '.join(forms)}" if forms else ""
        problems.add(
            draft.node,
            "an apportionment needs exactly one of 'bands' (ranges of members with their "
            "seats) or 'one_per' (one seat for every so many members)" + found,
        )
        return
    if forms == ["one_per"]:
        for key in ("further",):
            if draft.has(key):
                problems.add(draft.at(key), "'further' goes with 'bands', not with 'one_per'")
    else:
        for key in ("rounding", "none_below"):
            if draft.has(key):
                problems.add(
                    draft.at(key),
                    f"'{key}' goes with 'one_per'; with 'bands' the first band's 'from' is the "
                    "fewest members that send a seat",
                )
        _check_bands(problems, draft)
    low, high = draft.get("at_least"), draft.get("at_most")
    if isinstance(low, int) and isinstance(high, int) and high < low:
        problems.add(draft.at("at_most"), f"at most {high} seats is fewer than at least {low}")


def _check_bands(problems: Problems, draft: Draft) -> None:
    bands = draft.get("bands") or []
    if len(bands) != len(draft.at("bands").value or []):
        return  # a band is broken, and reported
    for before, after in zip(bands, bands[1:], strict=False):
        high, low = before.get("to"), after.get("from")
        if high is None:
            problems.add(
                before.node,
                "only the last band may be open-ended; give this one its 'to'",
            )
            return
        if low != high + 1:
            problems.add(
                after.at("from"),
                f"the bands must follow each other without gap or overlap: the band before "
                f"ends at {high} members, so this one starts at {high + 1}, not {low}",
            )
            return
    if draft.has("further") and bands and bands[-1].get("to") is None:
        problems.add(
            draft.at("further"),
            "the seats for further members start after the last band: give the last band its 'to'",
        )


_read_further = reader(
    {
        "every": (REQUIRED, whole_number(1, "a number of members")),
        "seats": (OPTIONAL, whole_number(1, "seats for each further step")),
        "part_counts": (OPTIONAL, read_flag),
    },
    "the seats for further members ({every: 40, seats: 1, part_counts: true})",
)

_read_formula = reader(
    {
        "bands": (OPTIONAL, list_of(_read_band, "bands", nonempty=True)),
        "further": (OPTIONAL, _read_further),
        "one_per": (OPTIONAL, whole_number(1, "a number of members per seat")),
        "rounding": (OPTIONAL, choice(tuple(Rounding), "rounding")),
        "none_below": (OPTIONAL, whole_number(1, "a number of members")),
        "at_least": (OPTIONAL, whole_number(0, "the fewest seats of a unit")),
        "at_most": (OPTIONAL, whole_number(1, "the most seats of a unit")),
    },
    "an apportionment ({bands: [...], further: ..., at_most: 4} or {one_per: 50, ...})",
    after=_check_formula,
)


read_apportionment = _read_formula


def assemble_apportionment(draft: Draft | None) -> Apportionment | None:
    if draft is None:
        return None
    further = draft.get("further")
    return Apportionment(
        bands=tuple(
            Band(low=band.get("from"), high=band.get("to"), seats=band.get("seats"))
            for band in draft.get("bands", ())
        ),
        further_every=further.get("every") if further else None,
        further_seats=further.get("seats", 1) if further else 1,
        part_counts=further.get("part_counts", True) if further else True,
        one_per=draft.get("one_per"),
        rounding=Rounding(draft.get("rounding", Rounding.UP)),
        none_below=draft.get("none_below"),
        at_least=draft.get("at_least"),
        at_most=draft.get("at_most"),
    )


# Checks of the seat rule and the body around the formula (called by the loader).


def check_elected(problems: Problems, draft: Draft) -> None:
    """Elected seats have a `count` or, for each unit of a kind, an `apportioned` formula."""
    if draft.has("apportioned"):
        if draft.has("count"):
            problems.add(
                draft.at("count"),
                "apportioned seats have no fixed 'count': the formula gives each unit's seats",
            )
        if not draft.has("by_members_of_each"):
            problems.add(
                draft.at("apportioned"),
                "apportioned seats are seats for each unit of a kind: give "
                "'by_members_of_each' (the kind of unit whose members are counted)",
            )
    elif not draft.has("count") and not draft.node.incomplete:
        problems.add(draft.node, "missing required key 'count' (or an 'apportioned' formula)")


def check_body(problems: Problems, draft: Draft) -> None:
    """One census per body fixes its apportioned seats, so a body has one apportioned rule."""
    seats = draft.get("seats") or []
    apportioned = [seat for seat in seats if seat.has("apportioned")]
    for seat in apportioned[1:]:
        problems.add(
            seat.at("apportioned"),
            "a body has at most one apportioned seat rule (its census counts one kind of unit)",
        )


# Weighted votes: a body's `vote_weights:`.


class Carry(StrEnum):
    SEATS = "seats"  # a unit's votes are its seats: those present carry the absent delegates'
    MEMBERS = "members"  # a unit's votes are its members counted at the census


@dataclass(frozen=True)
class VoteWeights:
    """`vote_weights: {carry: seats | members, split: equal | first}` on a body whose seats
    are elected `by_members_of_each`: each unit's votes — its seats (the delegates present carry
    those of the delegates absent or not sent) or its members at the census in force — are
    shared among its delegates present (`minutebook.voting.weights`). Every other seat has one
    vote. Counts, quorum and thresholds are then taken over votes."""

    carry: Carry
    split: str = "equal"  # a minutebook.voting.weights.Split value
    quorum_in_votes: bool = True  # `quorum: seats`: the quorum counts delegates, one each

    def words(self) -> str:
        carried = (
            "the votes of its seats (those absent or not sent included)"
            if self.carry == Carry.SEATS
            else "one vote for each of its members counted at the census"
        )
        shared = (
            "shared as evenly as whole votes allow"
            if self.split == "equal"
            else "each delegate present casting one and the first carrying the rest"
        )
        quorum = "" if self.quorum_in_votes else "; the quorum counts the seat holders present"
        return f"the delegates present of each unit carry {carried}, {shared}{quorum}"


read_vote_weights = reader(
    {
        "carry": (REQUIRED, choice(tuple(Carry), "what delegates carry")),
        "split": (OPTIONAL, choice(("equal", "first"), "split")),
        "quorum": (OPTIONAL, choice(("votes", "seats"), "what the quorum counts")),
    },
    "the vote weights ({carry: seats, split: equal, quorum: votes})",
)


def assemble_vote_weights(draft: Draft | None) -> VoteWeights | None:
    if draft is None:
        return None
    return VoteWeights(
        carry=Carry(draft.get("carry")),
        split=draft.get("split", "equal"),
        quorum_in_votes=draft.get("quorum", "votes") == "votes",
    )


def check_body_weights(problems: Problems, draft: Draft) -> None:
    """Weights are carried by delegates of units: the body needs seats for each unit of a
    kind. (One vote per member is counted by the body's census, with or without apportioned
    seats.)"""
    weights = draft.get("vote_weights")
    if weights is None:
        return
    seats = draft.get("seats") or []
    per_unit = [seat for seat in seats if seat.has("by_members_of_each")]
    if not per_unit:
        problems.add(
            draft.at("vote_weights"),
            "weighted votes are carried by the delegates of units: the body needs elected "
            "seats 'by_members_of_each'",
        )
