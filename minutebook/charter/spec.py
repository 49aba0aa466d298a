"""The charter as data: what the organization's constitution says, in a form the software
enforces. Pure Python, no Django: `minutebook charter check` and the loader work on these.

A charter file (YAML) is read by `minutebook.charter.loader.load_charter`, which validates it
completely and returns a `Charter` or raises `CharterInvalid` with every problem found.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from fractions import Fraction
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from minutebook.charter.petitions import PetitionKindSpec

from minutebook.charter.ballots import BallotRules
from minutebook.charter.eligibility import NO_RULES, EligibilityRules


class Visibility(StrEnum):
    """Who may read a body's records (meetings, documents, decisions)."""

    MEMBERS = "members"  # every member of the organization
    UNIT = "unit"  # members of the body's unit and of the units below it
    BODY = "body"  # only the body's own seat holders


class SeatMethod(StrEnum):
    ELECTED = "elected"
    EX_OFFICIO = "ex_officio"
    APPOINTED = "appointed"
    # Every member of the body's unit (or of a unit below it) holds a seat: a general meeting.
    ALL_MEMBERS = "all_members"


@dataclass(frozen=True)
class Article:
    id: str
    title: str
    text: str


@dataclass(frozen=True)
class UnitSpec:
    id: str
    name: str
    kind: str
    parent: str | None  # None only for the root


@dataclass(frozen=True)
class SeatRule:
    """One way seats on a body are filled.

    elected:    `count` seats elected by the body `by_body`, or by the members of the unit
                `by_members_of`, or — with `by_members_of_each: <unit kind>` — `count` seats
                for each unit of that kind, elected by that unit's members; for `term_months`.
    ex_officio: the seat holders of body `of_body` (optionally only those holding `office`)
                sit on this body for as long as they hold that seat.
    appointed:  `count` seats appointed by the body `by_body`, for `term_months`.
    all_members: every member of the body's unit (or of a unit below it) holds a seat.

    `term_months` is None for an open term: the seat is held until the next election or
    appointment of these seats. `count` is None for ex officio and all-members seats, and for
    elected or appointed seats whose number the constitution leaves open (`count:
    unspecified`): then as many may hold them as are elected or appointed.
    """

    method: SeatMethod
    count: int | None = None
    by_body: str | None = None
    by_members_of: str | None = None
    by_members_of_each: str | None = None
    of_body: str | None = None
    office: str | None = None
    term_months: int | None = None

    @property
    def count_unspecified(self) -> bool:
        """Elected or appointed seats whose number the charter does not fix."""
        return self.count is None and self.method in (SeatMethod.ELECTED, SeatMethod.APPOINTED)


# Said wherever the charter leaves a value open (`unspecified`): never a made-up number.
NOT_FIXED = "not fixed by the charter"
NO_QUORUM_FIXED = "no quorum is fixed by the charter, so none is checked"

_FRACTION_WORDS = {
    Fraction(1, 2): "half",
    Fraction(1, 3): "a third",
    Fraction(2, 3): "two-thirds",
    Fraction(1, 4): "a quarter",
    Fraction(1, 5): "a fifth",
}


@dataclass(frozen=True)
class Quorum:
    """`at_least` present, or more than / at least a `fraction` of the filled seats."""

    fraction: Fraction | None = None
    more_than: bool = False
    at_least: int | None = None

    def required(self, filled_seats: int) -> int:
        """The fewest members present that make the quorum, given the filled seats."""
        if self.at_least is not None:
            return self.at_least
        assert self.fraction is not None
        exact = self.fraction * filled_seats
        if self.more_than:
            return int(exact) + 1
        return -(-exact.numerator // exact.denominator)  # ceiling

    def describe(self) -> str:
        if self.at_least is not None:
            return f"at least {self.at_least} present"
        word = "more than" if self.more_than else "at least"
        share = _FRACTION_WORDS.get(self.fraction, str(self.fraction))
        return f"{word} {share} of the filled seats present"


@dataclass(frozen=True)
class Notice:
    """Notice periods in days. An emergency meeting (if allowed) may be called at
    `emergency_meeting_days` notice, declared by one of `emergency_declared_by` (body ids).
    A period is None where the charter leaves it open (`unspecified`): nothing is checked
    against it."""

    meeting_days: int | None = 0
    documents_days: int | None = 0
    emergency_allowed: bool = False
    emergency_meeting_days: int | None = 0
    emergency_declared_by: tuple[str, ...] = ()


# Three minutes, the usual default of assemblies, unless the charter gives a body its own.
DEFAULT_SPEAKING_LIMIT_SECONDS = 180


@dataclass(frozen=True)
class Readings:
    """A decision type's `readings:`: the motion is read `count` times, at separate meetings of
    the body at least `days_between` days apart; it is put to the vote at its last reading."""

    count: int
    days_between: int = 0


@dataclass(frozen=True)
class MotionRules:
    """A body's `motions:`: a motion submitted fewer than `deadline_days` days before the
    meeting is late and admitted only by a procedural vote reaching `late_admission` (never,
    without one); at most `per_unit_limit` motions per unit for one meeting."""

    deadline_days: int | None = None
    late_admission: str | None = None
    per_unit_limit: int | None = None


@dataclass(frozen=True)
class BodySpec:
    """A body of the organization. With `per_unit_kind` set, the definition stands for one body
    in every unit of that kind (e.g. a branch assembly in each branch), and `unit` is None.

    `speaking_limit_seconds` is the one default speaking time for every speaker at the body's
    meetings, whatever their role. `leading` marks the organization's leading bodies, so that
    speaking statistics can compare their members with everyone else."""

    id: str
    name: str
    unit: str | None
    per_unit_kind: str | None
    seats: tuple[SeatRule, ...]
    quorum: Quorum | None  # None: the charter fixes no quorum (`quorum: unspecified`)
    notice: Notice
    visibility: Visibility
    offices: tuple[str, ...] = ("chair", "secretary")
    proxies_allowed: bool = False
    articles: tuple[str, ...] = ()
    description: str = ""
    speaking_limit_seconds: int = DEFAULT_SPEAKING_LIMIT_SECONDS
    leading: bool = False
    ballots: BallotRules | None = None  # deciding by ballot outside meetings; None: never
    motions: MotionRules = MotionRules()

    @property
    def fixed_seat_count(self) -> int | None:
        """Seats with a fixed number (elected/appointed); None if only ex officio, or if the
        number of some elected or appointed seats is not fixed.

        A `by_members_of_each` rule is counted once here, not once per unit; for the seats a
        body really has in a unit use `Charter.fixed_seats(body_id, unit_id)`."""
        if any(rule.count_unspecified for rule in self.seats):
            return None
        counts = [rule.count for rule in self.seats if rule.count is not None]
        return sum(counts) if counts else None

    @property
    def quorum_words(self) -> str:
        """The quorum rule in words, or that the charter fixes none."""
        return self.quorum.describe() if self.quorum is not None else NOT_FIXED


@dataclass(frozen=True)
class Competence:
    """A body that may take a decision type, with the threshold it must reach there."""

    body: str
    threshold: str  # a minutebook.voting.motions.Threshold value


class StepKind(StrEnum):
    """The steps a decision type's procedure may ask for, besides its adoption.

    recommend: before adoption, a recommendation of `body` (a decision of `decision_type`);
    ratify / consent: after adoption, the approval of `body`, by its own vote;
    veto: after adoption, `body` may veto within `within_days`, after which it stands."""

    RECOMMEND = "recommend"
    RATIFY = "ratify"
    CONSENT = "consent"
    VETO = "veto"


APPROVALS = (StepKind.RATIFY, StepKind.CONSENT)


@dataclass(frozen=True)
class ProcedureStep:
    kind: StepKind
    body: str
    threshold: str = "majority_cast"  # ratify, consent, veto: the step's own vote
    within_days: int | None = None  # ratify, consent: deadline from the step before; veto: window
    decision_type: str | None = None  # recommend: the type of the recommending decision


@dataclass(frozen=True)
class DecisionTypeSpec:
    id: str  # e.g. "charter.amend"
    name: str
    competences: tuple[Competence, ...]
    notice_required: bool = False
    appeal_to: str | None = None  # body id
    articles: tuple[str, ...] = ()
    description: str = ""
    procedure: tuple[ProcedureStep, ...] = ()
    readings: Readings | None = None

    @property
    def recommendations(self) -> tuple[ProcedureStep, ...]:
        return tuple(step for step in self.procedure if step.kind == StepKind.RECOMMEND)

    @property
    def steps_after_adoption(self) -> tuple[ProcedureStep, ...]:
        """Ratifications, consents and vetoes, in the order the charter lists them."""
        return tuple(step for step in self.procedure if step.kind != StepKind.RECOMMEND)

    def competence_of(self, body_id: str) -> Competence | None:
        for competence in self.competences:
            if competence.body == body_id:
                return competence
        return None


# Decision types the software itself relies on; every charter must define them.
REQUIRED_DECISION_TYPES = ("charter.amend", "decision.rescind")


# Obligations: duties the charter imposes with a deadline (minutebook.charter.obligations reads
# them, minutebook.obligations judges them against the record).


class ObligationForm(StrEnum):
    MEETS_AT_LEAST = "meets_at_least"  # the body meets at least N times a year / M months
    MEETING_LASTS_AT_MOST = "meeting_lasts_at_most_days"  # each meeting lasts at most N days
    WITHIN_DAYS = "within_days"  # after an event, the body does something within D days


@dataclass(frozen=True)
class ObligationSpec:
    """A duty the charter lays on a body (each instance of a body defined per unit kind).

    meets_at_least:  `times` meetings held in each calendar year (`per_months` None) or in
                     each period of `per_months` months from the day the rule came into force.
    meeting_lasts_at_most_days: each meeting sits on at most this many calendar days.
    within_days:     after a regular decision of type `after_decision` (by the body
                     `after_by`, or any body), the body holds a meeting (`then_decision` None)
                     or takes a decision of type `then_decision` within this many days."""

    id: str
    body: str
    name: str = ""
    times: int | None = None
    per_months: int | None = None
    lasts_at_most_days: int | None = None
    within_days: int | None = None
    after_decision: str | None = None
    after_by: str | None = None
    then_decision: str | None = None
    articles: tuple[str, ...] = ()

    @property
    def form(self) -> ObligationForm:
        if self.times is not None:
            return ObligationForm.MEETS_AT_LEAST
        if self.lasts_at_most_days is not None:
            return ObligationForm.MEETING_LASTS_AT_MOST
        return ObligationForm.WITHIN_DAYS


@dataclass(frozen=True)
class Charter:
    name: str
    short_name: str
    units: tuple[UnitSpec, ...]
    bodies: tuple[BodySpec, ...]
    decision_types: tuple[DecisionTypeSpec, ...]
    articles: tuple[Article, ...] = ()
    preamble: str = ""
    petitions: tuple[PetitionKindSpec, ...] = ()  # minutebook/charter/petitions.py
    obligations: tuple[ObligationSpec, ...] = ()
    eligibility: EligibilityRules = NO_RULES  # minutebook/charter/eligibility.py
    _index: dict = field(default_factory=dict, compare=False, repr=False)

    def unit(self, unit_id: str) -> UnitSpec:
        return self._lookup("unit", unit_id, self.units)

    def body(self, body_id: str) -> BodySpec:
        return self._lookup("body", body_id, self.bodies)

    def decision_type(self, type_id: str) -> DecisionTypeSpec:
        return self._lookup("decision_type", type_id, self.decision_types)

    def article(self, article_id: str) -> Article:
        return self._lookup("article", article_id, self.articles)

    # The unit tree. A loaded charter has exactly one root and no cycles.

    @property
    def root(self) -> UnitSpec:
        return next(unit for unit in self.units if unit.parent is None)

    def children(self, unit_id: str) -> tuple[UnitSpec, ...]:
        table = self._index.get("children")
        if table is None:
            table = self._index["children"] = {}
            for unit in self.units:
                table.setdefault(unit.parent, []).append(unit)
        return tuple(table.get(unit_id, ()))

    def descendants(self, unit_id: str) -> tuple[UnitSpec, ...]:
        """The units below `unit_id` (not itself), each before its own children."""
        found: list[UnitSpec] = []
        for child in self.children(unit_id):
            found.append(child)
            found.extend(self.descendants(child.id))
        return tuple(found)

    def ancestors(self, unit_id: str) -> tuple[UnitSpec, ...]:
        """The units above `unit_id`, nearest first, ending with the root."""
        found: list[UnitSpec] = []
        parent = self.unit(unit_id).parent
        while parent is not None:
            found.append(self.unit(parent))
            parent = found[-1].parent
        return tuple(found)

    def is_within(self, unit_id: str, ancestor_id: str) -> bool:
        """Whether `unit_id` is `ancestor_id` or a unit below it."""
        return unit_id == ancestor_id or any(u.id == ancestor_id for u in self.ancestors(unit_id))

    def units_of_kind(self, kind: str, within: str | None = None) -> tuple[UnitSpec, ...]:
        """The units of `kind`, or only those at or below the unit `within`."""
        return tuple(
            unit
            for unit in self.units
            if unit.kind == kind and (within is None or self.is_within(unit.id, within))
        )

    def nearest_of_kind(self, unit_id: str, kind: str) -> UnitSpec | None:
        """`unit_id` itself if it is of `kind`, else its nearest ancestor of that kind."""
        unit = self.unit(unit_id)
        if unit.kind == kind:
            return unit
        return next((u for u in self.ancestors(unit_id) if u.kind == kind), None)

    # Bodies in the tree. A body defined `per_unit_kind` exists once in every unit of the kind.

    def body_units(self, body_id: str) -> tuple[UnitSpec, ...]:
        """The units the body exists in: its one unit, or every unit of its kind."""
        body = self.body(body_id)
        if body.unit is not None:
            return (self.unit(body.unit),)
        assert body.per_unit_kind is not None
        return self.units_of_kind(body.per_unit_kind)

    def bodies_for_unit(self, unit_id: str) -> tuple[BodySpec, ...]:
        """The bodies that exist in the unit (its own and its kind's), in charter order."""
        kind = self.unit(unit_id).kind
        return tuple(b for b in self.bodies if b.unit == unit_id or b.per_unit_kind == kind)

    def acting_unit(self, body_id: str, unit_id: str) -> str | None:
        """Which unit's instance of the body acts for `unit_id` when a rule names the body
        (electing seats, appointing, declaring an emergency, hearing an appeal): the body's
        one unit, or for a body defined per unit kind the nearest unit of that kind at or
        above `unit_id`. None if there is none."""
        body = self.body(body_id)
        if body.unit is not None:
            return body.unit
        assert body.per_unit_kind is not None
        unit = self.nearest_of_kind(unit_id, body.per_unit_kind)
        return unit.id if unit else None

    def fixed_seats(self, body_id: str, unit_id: str | None = None) -> int | None:
        """Elected and appointed seats of the body's instance in `unit_id` (default: the
        body's one unit), counting a `by_members_of_each` rule once per unit it covers. Ex
        officio and all-members seats are not included. None if the number of some elected or
        appointed seats is not fixed by the charter."""
        body = self.body(body_id)
        where = unit_id or body.unit
        assert where is not None, "a body defined per unit kind needs the unit_id"
        if any(rule.count_unspecified for rule in body.seats):
            return None
        total = 0
        for rule in body.seats:
            if rule.count is None:
                continue
            if rule.by_members_of_each is not None:
                total += rule.count * len(self.units_of_kind(rule.by_members_of_each, where))
            else:
                total += rule.count
        return total

    def decision_types_for_body(self, body_id: str) -> tuple[DecisionTypeSpec, ...]:
        """The decision types the body may take."""
        return tuple(t for t in self.decision_types if t.competence_of(body_id) is not None)

    def _lookup(self, kind, key, items):
        table = self._index.get(kind)
        if table is None:
            table = self._index[kind] = {item.id: item for item in items}
        return table[key]


@dataclass(frozen=True)
class CharterProblem:
    """One problem in a charter file: where (line, dotted path) and what."""

    source: str
    line: int | None
    path: str
    message: str

    def __str__(self) -> str:
        where = f"{self.source}:{self.line}" if self.line else self.source
        return f"{where}: {self.path}: {self.message}" if self.path else f"{where}: {self.message}"


class CharterInvalid(Exception):
    def __init__(self, problems: list[CharterProblem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))
