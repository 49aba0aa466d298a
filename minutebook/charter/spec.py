"""The charter as data: what the organization's constitution says, in a form the software
enforces. Pure Python, no Django: `minutebook charter check` and the loader work on these.

A charter file (YAML) is read by `minutebook.charter.loader.load_charter`, which validates it
completely and returns a `Charter` or raises `CharterInvalid` with every problem found.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from minutebook.charter.apportionment import Apportionment, VoteWeights
    from minutebook.charter.petitions import PetitionKindSpec

from minutebook.charter.ballots import BallotRules
from minutebook.charter.eligibility import NO_RULES, EligibilityRules
from minutebook.dates import add_months


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

    `apportionment` (elected `by_members_of_each` only, in place of `count`): each unit's
    seats follow from its members in good standing at a census
    (`minutebook.charter.apportionment`); `count` is then None.
    """

    method: SeatMethod
    count: int | None = None
    by_body: str | None = None
    by_members_of: str | None = None
    by_members_of_each: str | None = None
    of_body: str | None = None
    office: str | None = None
    term_months: int | None = None
    apportionment: Apportionment | None = None
    # The counting method the charter names for these elected seats (`counted_by: meek-stv`, one of
    # `minutebook.voting.methods.ELECTION_METHODS`); None: the caller of the election chooses.
    election_method: str | None = None
    # Seats with voice but no vote (`voting: false`): their holders attend and speak, are not
    # on the ballot and, unless the quorum says otherwise, count for neither quorum nor the
    # thresholds of the entire membership (minutebook/charter/seat_rights.py).
    voting: bool = True
    # A range of seats (`count: {min: 3, max: 5}`): `count` is the most, `count_min` the
    # fewest; None for a fixed number.
    count_min: int | None = None

    @property
    def count_unspecified(self) -> bool:
        """Elected or appointed seats whose number the charter does not fix."""
        return (
            self.count is None
            and self.apportionment is None
            and self.method in (SeatMethod.ELECTED, SeatMethod.APPOINTED)
        )


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
    """`at_least` present, or more than / at least a `fraction` of the filled seats.

    The forms constitutions add (`quorum: {rule: ..., ...}`, minutebook/charter/seat_rights.py):
    `not_fewer_than` ("a majority of members but not fewer than five"); `bands`, another rule
    where the body's unit has fewer members ("six, or four in a branch of fewer than 20
    members"); `excluding_offices`, seats whose holders are not counted (a paid secretary);
    `counts_non_voting`, seats with voice but no vote counted too; `none_for`, the kinds of
    meeting that need no quorum."""

    fraction: Fraction | None = None
    more_than: bool = False
    at_least: int | None = None
    not_fewer_than: int | None = None
    bands: tuple[QuorumBand, ...] = ()  # by `unit_members_below`, smallest first
    excluding_offices: tuple[str, ...] = ()
    counts_non_voting: bool = False
    none_for: tuple[str, ...] = ()

    def band_for(self, unit_members: int | None) -> Quorum:
        """The rule for a unit of `unit_members` members: the band of the smallest size
        above it, or this rule (also when the size is not known)."""
        if unit_members is not None:
            for band in self.bands:
                if unit_members < band.unit_members_below:
                    return band.quorum
        return self

    def required(self, filled_seats: int, unit_members: int | None = None) -> int:
        """The fewest members present that make the quorum, given the filled seats (and the
        members of the body's unit, where the rule has bands)."""
        rule = self.band_for(unit_members)
        if rule.at_least is not None:
            needed = rule.at_least
        else:
            assert rule.fraction is not None
            exact = rule.fraction * filled_seats
            ceiling = -(-exact.numerator // exact.denominator)
            needed = int(exact) + 1 if rule.more_than else ceiling
        if self.not_fewer_than is not None:
            needed = max(needed, self.not_fewer_than)
        return needed

    def _base_words(self) -> str:
        if self.at_least is not None:
            return f"at least {self.at_least} present"
        word = "more than" if self.more_than else "at least"
        share = _FRACTION_WORDS.get(self.fraction, str(self.fraction))
        return f"{word} {share} of the filled seats present"

    def describe(self, unit_members: int | None = None) -> str:
        """The rule in words; with `unit_members`, only the band that applies, saying why."""
        if unit_members is not None and self.bands:
            rule = self.band_for(unit_members)
            words = rule._base_words() + f" (the unit has {unit_members} members)"
        else:
            words = self._base_words()
            for band in self.bands:
                words += (
                    f"; {band.quorum._base_words()} in a unit of fewer than "
                    f"{band.unit_members_below} members"
                )
        if self.not_fewer_than is not None:
            words += f", but not fewer than {self.not_fewer_than}"
        if self.excluding_offices:
            offices = ", ".join(office.replace("-", " ") for office in self.excluding_offices)
            words += f"; the {offices} not counted"
        if self.counts_non_voting:
            words += "; seats without a vote counted"
        if self.none_for:
            kinds = " or ".join(kind.replace("-", " ") for kind in self.none_for)
            words += f"; none at {kinds} meetings"
        return words


@dataclass(frozen=True)
class QuorumBand:
    """Another quorum rule for a body whose unit has fewer than `unit_members_below` members
    in good standing."""

    unit_members_below: int
    quorum: Quorum


class ProxyHolders(StrEnum):
    """Who may carry an absent seat holder's proxy."""

    MEMBERS = "members"  # any member in good standing
    SEAT_HOLDERS = "seat_holders"  # another voting seat holder of the same body
    UNIT_MEMBERS = "unit_members"  # a member of the body's unit (or a unit below it)


class ProxyDirections(StrEnum):
    """Whether the absent seat holder may tell their proxy how to vote."""

    ALLOWED = "allowed"
    REQUIRED = "required"
    FORBIDDEN = "forbidden"


@dataclass(frozen=True)
class ProxyRules:
    """A body's `proxies:` with the conditions constitutions set. A member carries at most one
    proxy at a meeting (always). `per_year`: a seat holder is represented by proxy at most
    this many meetings of the body in a calendar year; `not_for`: decision types (procedural
    votes) whose votes a proxy does not cast."""

    held_by: ProxyHolders = ProxyHolders.MEMBERS
    per_year: int | None = None
    not_for: tuple[str, ...] = ()
    directions: ProxyDirections = ProxyDirections.ALLOWED


@dataclass(frozen=True)
class VoiceRule:
    """Who may attend a body's meetings and speak without a seat or a vote: the seat holders
    of the body `seats_of` (only those holding `office`, if given), or with `unit_members`
    every member of the body's unit (or of a unit below it)."""

    seats_of: str | None = None
    office: str | None = None
    unit_members: bool = False


@dataclass(frozen=True)
class Period:
    """A notice period: whole `days` or, where the constitution counts them, `hours`."""

    days: int | None = None
    hours: int | None = None

    @property
    def delta(self) -> dt.timedelta:
        if self.hours is not None:
            return dt.timedelta(hours=self.hours)
        return dt.timedelta(days=self.days or 0)

    def words(self) -> str:
        """`30 days`, `1 day`, `48 hours`."""
        number, unit = (self.hours, "hour") if self.hours is not None else (self.days, "day")
        return f"{number} {unit}{'' if number == 1 else 's'}"

    def notice_words(self) -> str:
        """`30 days' notice`, `1 day's notice`, `48 hours' notice`."""
        number = self.hours if self.hours is not None else self.days
        apostrophe = "'s" if number == 1 else "'"
        return f"{self.words()}{apostrophe} notice"


@dataclass(frozen=True)
class Notice:
    """Notice periods in days, or in hours where the charter counts them so (`*_hours`, and
    then the days are None). An emergency meeting (if allowed) may be called at
    `emergency_meeting_days` notice, declared by one of `emergency_declared_by` (body ids).
    A period is None where the charter leaves it open (`unspecified`): nothing is checked
    against it. `period(...)` gives each as a `Period`, whichever unit it is in."""

    meeting_days: int | None = 0
    documents_days: int | None = 0
    emergency_allowed: bool = False
    emergency_meeting_days: int | None = 0
    emergency_declared_by: tuple[str, ...] = ()
    meeting_hours: int | None = None
    documents_hours: int | None = None
    emergency_meeting_hours: int | None = None

    def period(self, of: str) -> Period | None:
        """The period for `of`: "meeting", "documents" or "emergency"; None if left open."""
        prefix = {"meeting": "meeting", "documents": "documents", "emergency": "emergency_meeting"}
        hours = getattr(self, f"{prefix[of]}_hours")
        if hours is not None:
            return Period(hours=hours)
        days = getattr(self, f"{prefix[of]}_days")
        return Period(days=days) if days is not None else None


# Three minutes, the usual default of assemblies, unless the charter gives a body its own.
DEFAULT_SPEAKING_LIMIT_SECONDS = 180


@dataclass(frozen=True)
class Readings:
    """A decision type's `readings:`: the motion is read `count` times, at separate meetings of
    the body at least `days_between` days apart; it is put to the vote at its last reading.
    With `or_at_one_meeting` (a threshold), it may instead be adopted at an earlier reading,
    the first included, by that threshold ("at two successive meetings, or at one meeting by
    a two-thirds majority")."""

    count: int
    days_between: int = 0
    or_at_one_meeting: str | None = None


@dataclass(frozen=True)
class MotionRules:
    """A body's `motions:`: a motion submitted fewer than `deadline_days` days before the
    meeting is late and admitted only by a procedural vote reaching `late_admission` (never,
    without one); at most `per_unit_limit` motions per unit for one meeting."""

    deadline_days: int | None = None
    late_admission: str | None = None
    per_unit_limit: int | None = None


@dataclass(frozen=True)
class ClosedSessionRules:
    """A body's `closed_sessions:`: an agenda item may be taken in closed session on one of
    `grounds` (any ground, stated, when empty); its title and decisions stay on the record,
    the rest is read by the body's seat holders and those of the `readers` bodies."""

    grounds: tuple[str, ...] = ()
    readers: tuple[str, ...] = ()
    articles: tuple[str, ...] = ()


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
    closed_sessions: ClosedSessionRules | None = None  # None: open sessions only
    vote_weights: VoteWeights | None = None  # None: one vote per seat holder
    # Conditions on proxies (None: none beyond `proxies_allowed`); attendees with speaking
    # rights only; the kinds of meeting the body may hold besides ordinary ones
    # (minutebook/charter/seat_rights.py).
    proxy_rules: ProxyRules | None = None
    attendees_with_voice: tuple[VoiceRule, ...] = ()
    meeting_kinds: tuple[str, ...] = ()

    @property
    def has_non_voting_seats(self) -> bool:
        return any(not rule.voting for rule in self.seats)

    @property
    def fixed_seat_count(self) -> int | None:
        """Seats with a fixed number (elected/appointed); None if only ex officio, or if the
        number of some elected or appointed seats is not fixed.

        A `by_members_of_each` rule is counted once here, not once per unit; for the seats a
        body really has in a unit use `Charter.fixed_seats(body_id, unit_id)`."""
        if any(rule.count_unspecified or rule.apportionment for rule in self.seats):
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
    veto: after adoption, `body` may veto within `within_days`, after which it stands;
    units_agree: after adoption, the agreement of the units concerned (`units`), each through
        its instance of `body` (a body defined per unit kind), enough of them (`needs`);
    units_veto: after adoption, the units concerned may veto, each through its instance of
        `body`, within `within_days`: vetoed when enough of them (`needs`) do;
    outside_approval: after adoption, the approval of a body outside the organization
        (`outside`, its name), recorded with a reference by whoever records the decision."""

    RECOMMEND = "recommend"
    RATIFY = "ratify"
    CONSENT = "consent"
    VETO = "veto"
    UNITS_AGREE = "units_agree"
    UNITS_VETO = "units_veto"
    OUTSIDE_APPROVAL = "outside_approval"


APPROVALS = (StepKind.RATIFY, StepKind.CONSENT, StepKind.UNITS_AGREE, StepKind.OUTSIDE_APPROVAL)
VETOES = (StepKind.VETO, StepKind.UNITS_VETO)
UNIT_STEPS = (StepKind.UNITS_AGREE, StepKind.UNITS_VETO)


class UnitsConcerned(StrEnum):
    """Which units a units step asks: those the decision names as affected when it is
    recorded, or every unit of the body's kind at or below the deciding body's unit."""

    AFFECTED = "affected"
    ALL = "all"


@dataclass(frozen=True)
class UnitsNeeded:
    """How many of the units concerned a units step needs: at least (or more than, with
    `more_than`) a `share` of them; `share` 1 is all of them. Exact fractions."""

    share: Fraction = Fraction(1)
    more_than: bool = False

    def needed(self, total: int) -> int:
        """The fewest units that make it, out of `total` concerned (at least one)."""
        exact = self.share * total
        if self.more_than:
            count = exact.numerator // exact.denominator + 1
        else:
            count = -(-exact.numerator // exact.denominator)
        return max(1, min(count, total)) if total else 0

    def describe(self) -> str:
        if self.share == 1 and not self.more_than:
            return "all of them"
        if self.share == Fraction(1, 2) and self.more_than:
            return "a majority of them"
        word = "more than" if self.more_than else "at least"
        share = _FRACTION_WORDS.get(self.share, str(self.share))
        return f"{word} {share} of them"


@dataclass(frozen=True)
class AmountCondition:
    """`when:` on a step: it applies only to a decision whose amount is above `limit`
    (`amount_above`), or at or above it (`amount_at_least`). Exact decimals. A decision that
    records no amount takes the step: a rule is never skipped for want of a figure."""

    limit: Decimal
    inclusive: bool = False

    def applies(self, amount: Decimal | None) -> bool:
        if amount is None:
            return True
        return amount >= self.limit if self.inclusive else amount > self.limit

    def describe(self, currency: str = "") -> str:
        figure = f"{currency} {self.limit:,}".strip()
        return f"{'at least' if self.inclusive else 'above'} {figure}"


@dataclass(frozen=True)
class ProcedureStep:
    kind: StepKind
    body: str = ""  # "" only for an outside approval
    threshold: str = "majority_cast"  # the step's own vote (each unit's, for a units step)
    within_days: int | None = None  # approvals: deadline from the step before; vetoes: window
    decision_type: str | None = None  # recommend: the type of the recommending decision
    units: UnitsConcerned | None = None  # units steps
    needs: UnitsNeeded | None = None  # units steps
    outside: str = ""  # outside_approval: the outside body's name
    when: AmountCondition | None = None  # the step applies only above an amount

    def applies(self, amount: Decimal | None) -> bool:
        return self.when is None or self.when.applies(amount)


@dataclass(frozen=True)
class AmountRule:
    """A decision type's `amount:` its decisions record an amount (of `currency`, or a plain
    number when the charter names none)."""

    currency: str = ""


@dataclass(frozen=True)
class Protection:
    """A decision type's `protected:` for `months` after it is taken a decision of the type
    may not be rescinded or amended, or only by a vote reaching `except_threshold`."""

    months: int
    except_threshold: str | None = None

    def until(self, decided_on: dt.date) -> dt.date:
        """The first day on which the protection no longer holds: the same day `months`
        later (the month's last day when it has no such day)."""
        return add_months(decided_on, self.months)


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
    # The type's own notice (`notice: {days: 30}` or `{hours: 48}`): the proposal must be
    # circulated that long before the meeting that decides it (implies notice_required).
    notice: Period | None = None
    # The type's own quorum (`quorum: 1/3`), instead of the body's, for decisions of the type.
    quorum: Quorum | None = None
    amount: AmountRule | None = None  # its decisions record an amount
    protected: Protection | None = None  # from rescission, for a time

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
    # meets_at_least `per: month`: each calendar month (`per_months` is then None).
    per_calendar_month: bool = False
    # within_days's alternative: calendar months ("within two calendar months").
    within_months: int | None = None
    # A member's written request to the body starts the clock (`after: {request: {}}`); the
    # holders of `office` on the body answer it in writing (`then: {answer: {}}`).
    after_request: bool = False
    then_answer: bool = False
    office: str | None = None
    # The meetings owed are of this body, which the duty's body convenes (`then: {meeting:
    # {of: ...}}`, `meets_at_least: {..., of: ...}`).
    meetings_of: str | None = None

    @property
    def form(self) -> ObligationForm:
        if self.times is not None:
            return ObligationForm.MEETS_AT_LEAST
        if self.lasts_at_most_days is not None:
            return ObligationForm.MEETING_LASTS_AT_MOST
        return ObligationForm.WITHIN_DAYS

    def due_after(self, day: dt.date) -> dt.date:
        """The last day of a duty within a time that arose on `day`: D days later, or the same
        day M calendar months later (the month's last day if it is shorter)."""
        if self.within_months is not None:
            return add_months(day, self.within_months)
        assert self.within_days is not None
        return day + dt.timedelta(days=self.within_days)


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
        appointed seats is not fixed by the charter, or follows from a census (apportioned)."""
        body = self.body(body_id)
        where = unit_id or body.unit
        assert where is not None, "a body defined per unit kind needs the unit_id"
        if any(rule.count_unspecified or rule.apportionment for rule in body.seats):
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
