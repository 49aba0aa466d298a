"""Who may vote and who may stand, on a given day, as the charter's `eligibility:` section
says (minutebook/charter/eligibility.py). The one place these rules are judged: filling a seat,
nominating a candidate, issuing ballots (a vote at a meeting, the electorate of a ballot
outside meetings), checking in, and a member's page all ask `may_vote` or `may_stand`.

The judgment itself is pure (`judge_vote`, `judge_stand` over `MemberFacts`); `facts_of`
gathers a member's facts from the record. Each rule not met is a `Breach` naming the rule,
its articles and, when time alone will meet it, the day it will be met.

How the record is read:
- Good standing: the status 'member' on the roll and, where the charter says so, dues paid
  until a day at most N months back (`Member.dues_paid_until`; none recorded: in arrears).
- Months in good standing: since the member's latest change of status to 'member' (their
  admission, or readmission after a suspension); N months are met on the same day of the
  month N months later (admitted 3 March 2026, 12 months: from 3 March 2027; a day that month
  lacks, the month's last day).
- Age: from `Member.date_of_birth`; where it is not recorded the age is not checked (said so).
- A term is one seat on the body, elected or appointed, whole or cut short. Two terms are
  consecutive unless a whole term (the seats' `term_months`; 12 months for open terms) passed
  between the end of one and the start of the next.
- Incompatibilities and limits per unit look at the seats held on the day.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import models

from minutebook.bodies.models import Body, Seat, SeatMethod
from minutebook.charter.eligibility import (
    NO_RULES,
    BodyRule,
    EligibilityRules,
    Requirement,
    RuleKind,
)
from minutebook.charter.models import Unit
from minutebook.charter.selectors import charter_in_force
from minutebook.charter.spec import Charter
from minutebook.dates import add_months
from minutebook.members.models import Member, MembershipStatus, MembershipStatusChange

OPEN_TERM_MONTHS = 12  # a term's length, for consecutive terms, where the charter fixes none
CHOSEN = (SeatMethod.ELECTED, SeatMethod.APPOINTED)


def long_date(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


# What the judgment reads


@dataclass(frozen=True)
class HeldSeat:
    body_id: int
    definition: str
    body_name: str
    method: str
    starts_on: dt.date
    free_from: dt.date | None  # the first day it is no longer held; None: held on


@dataclass(frozen=True)
class MemberFacts:
    member_id: int
    name: str
    status: str
    member_since: dt.date | None  # start of the current run of status 'member'
    date_of_birth: dt.date | None
    dues_paid_until: dt.date | None
    seats: tuple[HeldSeat, ...] = ()
    units: frozenset[int] = frozenset()  # the units they belong to, and the units above

    def holds(self, seat: HeldSeat, day: dt.date) -> bool:
        return seat.starts_on <= day and (seat.free_from is None or day < seat.free_from)


@dataclass(frozen=True)
class Breach:
    rule: str  # the charter's rule id, or vote./stand./good_standing. + the key
    words: str
    articles: tuple[str, ...] = ()
    met_on: dt.date | None = None  # the day it will be met by time alone; None: not by time

    def __str__(self) -> str:
        cited = f" ({', '.join(self.articles)})" if self.articles else ""
        return f"{self.words}{cited} [rule {self.rule}]"


@dataclass(frozen=True)
class Verdict:
    what: str  # "vote in the Harbour Branch Assembly", "stand for the Control Commission"
    day: dt.date
    breaches: tuple[Breach, ...] = ()
    notes: tuple[str, ...] = field(default=())

    @property
    def eligible(self) -> bool:
        return not self.breaches

    @property
    def verb(self) -> str:
        """ "vote" or "stand"."""
        return self.what.split(" ", 1)[0]

    @property
    def eligible_from(self) -> dt.date | None:
        """The day every breach is met by time alone; None if eligible or if some breach is
        not met by time (dues, incompatibility, term limits in all)."""
        if not self.breaches or any(b.met_on is None for b in self.breaches):
            return None
        return max(b.met_on for b in self.breaches)

    def words(self) -> str:
        """ "may not stand for X: rule; rule. Eligible to stand from 3 March 2027"."""
        if self.eligible:
            return f"may {self.what}"
        text = f"may not {self.what}: " + "; ".join(str(b) for b in self.breaches)
        if self.eligible_from is not None:
            text += f". Eligible to {self.verb} from {long_date(self.eligible_from)}"
        return text

    def as_json(self) -> dict:
        return {
            "what": self.what,
            "day": self.day.isoformat(),
            "eligible": self.eligible,
            "eligible_from": self.eligible_from.isoformat() if self.eligible_from else None,
            "breaches": [
                {
                    "rule": b.rule,
                    "words": b.words,
                    "articles": list(b.articles),
                    "met_on": b.met_on.isoformat() if b.met_on else None,
                }
                for b in self.breaches
            ],
            "notes": list(self.notes),
        }


# The judgment (pure)


def good_standing_breaches(
    rules: EligibilityRules, facts: MemberFacts, day: dt.date
) -> list[Breach]:
    if facts.status != MembershipStatus.MEMBER:
        return [
            Breach(
                "good_standing.status",
                f"{facts.name} is {MembershipStatus(facts.status).label.lower()}, not a member "
                "in good standing",
            )
        ]
    arrears = rules.good_standing.dues_arrears_months_at_most
    if arrears is None:
        return []
    articles = rules.good_standing.articles
    rule = "good_standing.dues_arrears_months_at_most"
    if facts.dues_paid_until is None:
        return [Breach(rule, "no dues are recorded as paid", articles)]
    if day > add_months(facts.dues_paid_until, arrears):
        return [
            Breach(
                rule,
                f"dues paid until {long_date(facts.dues_paid_until)}: more than {arrears} "
                f"month(s) in arrears",
                articles,
            )
        ]
    return []


def _months_breach(
    rule: str, months: int, articles, facts: MemberFacts, day: dt.date
) -> Breach | None:
    if months <= 0 or facts.member_since is None:
        return None
    met_on = add_months(facts.member_since, months)
    if day >= met_on:
        return None
    return Breach(
        rule,
        f"{months} month(s) of membership in good standing needed, a member since "
        f"{long_date(facts.member_since)}",
        tuple(articles),
        met_on,
    )


def _age_breach(
    rule: str, age: int | None, articles, facts: MemberFacts, day: dt.date, notes: list[str]
) -> Breach | None:
    if age is None:
        return None
    if facts.date_of_birth is None:
        notes.append(f"date of birth not recorded: the minimum age of {age} is not checked")
        return None
    met_on = add_months(facts.date_of_birth, 12 * age)
    if day >= met_on:
        return None
    return Breach(rule, f"at least {age} years of age needed", tuple(articles), met_on)


def _requirement_breaches(
    prefix: str, requirement: Requirement, facts: MemberFacts, day: dt.date, notes: list[str]
) -> list[Breach]:
    found = [
        _months_breach(
            f"{prefix}.months_in_good_standing",
            requirement.months_in_good_standing,
            requirement.articles,
            facts,
            day,
        ),
        _age_breach(
            f"{prefix}.minimum_age",
            requirement.minimum_age,
            requirement.articles,
            facts,
            day,
            notes,
        ),
    ]
    return [breach for breach in found if breach is not None]


def judge_vote(
    rules: EligibilityRules, facts: MemberFacts, *, body_name: str, general: bool, day: dt.date
) -> Verdict:
    """May the member vote in the body on the day? Good standing always; the `vote:`
    requirements (months, age) in a body of all members (`general`): a general meeting, a
    members' ballot. Seats on other bodies were judged when they were filled."""
    notes: list[str] = []
    breaches = good_standing_breaches(rules, facts, day)
    if general and not breaches:
        breaches += _requirement_breaches("vote", rules.vote, facts, day, notes)
    return Verdict(f"vote in the {body_name}", day, tuple(breaches), tuple(notes))


@dataclass(frozen=True)
class SeatContext:
    """What standing for a seat on a body needs to know besides the member: the body, the
    length of its terms, and the units of those who sit on it on the day (for limits per
    unit, the members' units of each kind)."""

    body_id: int
    definition: str
    name: str
    term_months: int | None
    holders_units: dict[int, frozenset[int]] = field(default_factory=dict)  # member → units
    unit_kinds: dict[int, str] = field(default_factory=dict)  # unit pk → kind
    charter_names: dict[str, str] = field(default_factory=dict)  # body id → the charter's name


def _terms(facts: MemberFacts, context: SeatContext) -> list[HeldSeat]:
    return sorted(
        (s for s in facts.seats if s.body_id == context.body_id and s.method in CHOSEN),
        key=lambda s: s.starts_on,
    )


def _consecutive_run(terms: list[HeldSeat], day: dt.date, term_months: int) -> list[HeldSeat]:
    """The terms that run without a whole term's break up to a new term starting on `day`."""
    run: list[HeldSeat] = []
    following = day
    for term in reversed(terms):
        if term.starts_on > day:
            continue
        if term.free_from is not None and add_months(term.free_from, term_months) <= following:
            break
        run.append(term)
        following = term.starts_on
    return run


def _rule_breach(
    rule: BodyRule, facts: MemberFacts, context: SeatContext, day: dt.date, notes: list[str]
) -> Breach | None:
    articles = rule.articles
    if rule.kind == RuleKind.MONTHS:
        return _months_breach(rule.id, rule.number, articles, facts, day)
    if rule.kind == RuleKind.AGE:
        return _age_breach(rule.id, rule.number, articles, facts, day, notes)
    if rule.kind == RuleKind.INCOMPATIBLE:
        others = set(rule.incompatible_with) if rule.body == context.definition else {rule.body}
        for seat in facts.seats:
            if seat.definition not in others or seat.body_id == context.body_id:
                continue
            if not facts.holds(seat, day):
                continue
            named = context.charter_names
            excluded, barred = (
                (named.get(seat.definition, seat.body_name), named.get(rule.body, context.name))
                if rule.body == context.definition
                else (
                    named.get(context.definition, context.name),
                    named.get(rule.body, seat.body_name),
                )
            )
            return Breach(
                rule.id,
                f"no member of the {excluded} may sit on the {barred}: {facts.name} sits on "
                f"the {seat.body_name}",
                articles,
            )
        return None
    terms = _terms(facts, context)
    if rule.kind == RuleKind.MAX_TOTAL:
        if len(terms) >= rule.number:
            return Breach(
                rule.id,
                f"at most {rule.number} term(s) on the {context.name} in all; {len(terms)} served",
                articles,
            )
        return None
    if rule.kind == RuleKind.MAX_CONSECUTIVE:
        term_months = context.term_months or OPEN_TERM_MONTHS
        run = _consecutive_run(terms, day, term_months)
        if len(run) < rule.number:
            return None
        last = run[0]
        met_on = add_months(last.free_from or day, term_months)
        return Breach(
            rule.id,
            f"at most {rule.number} consecutive term(s) on the {context.name}; "
            f"{len(run)} served in a row",
            articles,
            met_on,
        )
    if rule.kind == RuleKind.PER_UNIT:
        own = {u for u in facts.units if context.unit_kinds.get(u) == rule.unit_kind}
        if not own:
            return None
        same = sum(
            1
            for member_id, units in context.holders_units.items()
            if member_id != facts.member_id and units & own
        )
        if same >= rule.number:
            return Breach(
                rule.id,
                f"at most {rule.number} member(s) of the {context.name} from one "
                f"{rule.unit_kind}; {same} sit for the same {rule.unit_kind}",
                articles,
            )
        return None
    raise AssertionError(rule.kind)


def judge_stand(
    rules: EligibilityRules, facts: MemberFacts, context: SeatContext, day: dt.date
) -> Verdict:
    """May the member stand for (or be appointed to) a seat on the body starting on the day?"""
    notes: list[str] = []
    breaches = good_standing_breaches(rules, facts, day)
    if not breaches:
        breaches += _requirement_breaches("stand", rules.stand, facts, day, notes)
        for rule in rules.rules_for(context.definition):
            breach = _rule_breach(rule, facts, context, day, notes)
            if breach is not None:
                breaches.append(breach)
    return Verdict(f"stand for the {context.name}", day, tuple(breaches), tuple(notes))


# Reading the record


def _units_with_ancestors(unit_ids: Iterable[int], parents: dict[int, int | None]) -> frozenset:
    found: set[int] = set()
    for unit_id in unit_ids:
        while unit_id is not None and unit_id not in found:
            found.add(unit_id)
            unit_id = parents.get(unit_id)
    return frozenset(found)


def _free_from(seat: Seat) -> dt.date | None:
    ends = []
    if seat.ended_on is not None:
        ends.append(seat.ended_on)
    if seat.term_ends_on is not None:
        ends.append(seat.term_ends_on + dt.timedelta(days=1))
    return min(ends) if ends else None


def member_since(member: Member) -> dt.date | None:
    if member.status != MembershipStatus.MEMBER:
        return None
    change = (
        MembershipStatusChange.objects.filter(member=member, status=MembershipStatus.MEMBER)
        .order_by("-effective_on", "-pk")
        .first()
    )
    return change.effective_on if change else None


def facts_of(member: Member, day: dt.date) -> MemberFacts:
    from minutebook.members.models import UnitMembership

    seats = tuple(
        HeldSeat(
            body_id=seat.body_id,
            definition=seat.body.definition,
            body_name=seat.body.name,
            method=seat.method,
            starts_on=seat.starts_on,
            free_from=_free_from(seat),
        )
        for seat in Seat.objects.filter(member=member).select_related("body")
    )
    parents = dict(Unit.objects.values_list("pk", "parent_id"))
    units = UnitMembership.objects.filter(member=member, since__lte=day).exclude(until__lt=day)
    # As stored: the caller's instance may predate a change of status or dues.
    member = Member.objects.get(pk=member.pk)
    return MemberFacts(
        member_id=member.pk,
        name=member.full_name,
        status=member.status,
        member_since=member_since(member),
        date_of_birth=member.date_of_birth,
        dues_paid_until=member.dues_paid_until,
        seats=seats,
        units=_units_with_ancestors(units.values_list("unit_id", flat=True), parents),
    )


def _term_months(charter: Charter, body: Body) -> int | None:
    for rule in charter.body(body.definition).seats:
        if rule.method in CHOSEN and rule.term_months:
            return rule.term_months
    return None


def seat_context(body: Body, day: dt.date, charter: Charter | None = None) -> SeatContext:
    from minutebook.members.models import UnitMembership

    charter = charter or charter_in_force()
    rules = charter.eligibility.rules_for(body.definition)
    holders_units: dict[int, frozenset[int]] = {}
    unit_kinds: dict[int, str] = {}
    if any(rule.kind == RuleKind.PER_UNIT for rule in rules):
        parents = dict(Unit.objects.values_list("pk", "parent_id"))
        unit_kinds = dict(Unit.objects.values_list("pk", "kind"))
        holders = Seat.objects.current(on=day).filter(body=body, method__in=CHOSEN)
        by_member: dict[int, list[int]] = {}
        for member_id, unit_id in (
            UnitMembership.objects.filter(member_id__in=holders.values("member_id"), since__lte=day)
            .exclude(until__lt=day)
            .values_list("member_id", "unit_id")
        ):
            by_member.setdefault(member_id, []).append(unit_id)
        for member_id in holders.values_list("member_id", flat=True):
            holders_units[member_id] = _units_with_ancestors(by_member.get(member_id, []), parents)
    return SeatContext(
        body_id=body.pk,
        definition=body.definition,
        name=body.name,
        term_months=_term_months(charter, body),
        holders_units=holders_units,
        unit_kinds=unit_kinds,
        charter_names={spec.id: spec.name for spec in charter.bodies},
    )


def rules_in_force() -> EligibilityRules:
    return charter_in_force().eligibility


def is_general(body: Body, charter: Charter | None = None) -> bool:
    """A body of all the members of its unit: its seats are `all_members`."""
    if not body.chartered:
        return False
    charter = charter or charter_in_force()
    return any(
        rule.method == SeatMethod.ALL_MEMBERS for rule in charter.body(body.definition).seats
    )


def may_vote(member: Member, body: Body, day: dt.date) -> Verdict:
    charter = charter_in_force()
    return judge_vote(
        charter.eligibility,
        facts_of(member, day),
        body_name=body.name,
        general=is_general(body, charter),
        day=day,
    )


def may_stand(member: Member, body: Body, day: dt.date) -> Verdict:
    charter = charter_in_force()
    return judge_stand(
        charter.eligibility, facts_of(member, day), seat_context(body, day, charter), day
    )


def voters_entitled(body: Body, member_ids: Iterable[int], day: dt.date) -> set[int]:
    """Of `member_ids`, those who may vote in the body on the day, in a few queries for any
    number (the electorate of a members' ballot). Everyone, when the charter checks nothing
    beyond the status on the roll."""
    from django.db.models import Max, Q

    charter = charter_in_force()
    rules = charter.eligibility
    member_ids = set(member_ids)
    if not rules.checks_vote:
        return member_ids
    general = is_general(body, charter)
    rows = (
        Member.objects.filter(pk__in=member_ids)
        .annotate(
            since=Max(
                "status_history__effective_on",
                filter=Q(status_history__status=MembershipStatus.MEMBER),
            )
        )
        .values_list("pk", "full_name", "status", "since", "date_of_birth", "dues_paid_until")
    )
    entitled: set[int] = set()
    for pk, name, status, since, born, dues in rows:
        facts = MemberFacts(pk, name, status, since, born, dues)
        if judge_vote(rules, facts, body_name=body.name, general=general, day=day).eligible:
            entitled.add(pk)
    return entitled


def refusal(verdict: Verdict, who: str) -> str:
    return f"{who} " + verdict.words()


def irregular_reason(verdict: Verdict, proceed_reason: str) -> str:
    text = "Recorded although " + "; ".join(str(b) for b in verdict.breaches) + "."
    if proceed_reason.strip():
        text += f" Reason given: {proceed_reason.strip()}"
    return text


@dataclass(frozen=True)
class MemberEligibility:
    """What a member may vote in and stand for on a day, and why not: the bodies they sit on
    (vote), and the bodies with elected or appointed seats in their units and above (stand)."""

    day: dt.date
    vote: list[tuple[Body, Verdict]]
    stand: list[tuple[Body, Verdict]]
    rules_apply: bool  # whether the charter has eligibility rules beyond good standing


def member_eligibility(member: Member, day: dt.date) -> MemberEligibility:
    charter = charter_in_force()
    rules = charter.eligibility
    facts = facts_of(member, day)
    sitting = (
        Body.objects.filter(pk__in=[s.body_id for s in facts.seats if facts.holds(s, day)])
        .select_related("unit")
        .order_by("name")
    )
    vote = [
        (
            body,
            judge_vote(
                rules, facts, body_name=body.name, general=is_general(body, charter), day=day
            ),
        )
        for body in sitting
        if body.chartered
    ]
    chosen = {
        spec.id for spec in charter.bodies if any(rule.method in CHOSEN for rule in spec.seats)
    }
    standable = (
        Body.objects.filter(chartered=True, dissolved_by__isnull=True, definition__in=chosen)
        .filter(models.Q(unit__isnull=True) | models.Q(unit_id__in=facts.units))
        .select_related("unit")
        .order_by("name")
    )
    stand = [
        (body, judge_stand(rules, facts, seat_context(body, day, charter), day))
        for body in standable
    ]
    return MemberEligibility(day, vote, stand, rules != NO_RULES)


# The rules in words, for the body's page


def _cited(articles: tuple[str, ...]) -> str:
    return f" ({', '.join(articles)})" if articles else ""


def rule_words(charter: Charter, rule: BodyRule) -> str:
    def name(body_id: str) -> str:
        try:
            return charter.body(body_id).name
        except KeyError:
            return body_id

    body = name(rule.body)
    if rule.kind == RuleKind.INCOMPATIBLE:
        others = " or the ".join(name(other) for other in rule.incompatible_with)
        text = f"no member of the {others} may sit on the {body}, nor the other way round"
    elif rule.kind == RuleKind.MAX_CONSECUTIVE:
        text = f"at most {rule.number} consecutive term(s) on the {body}"
    elif rule.kind == RuleKind.MAX_TOTAL:
        text = f"at most {rule.number} term(s) on the {body} in all"
    elif rule.kind == RuleKind.PER_UNIT:
        text = f"at most {rule.number} member(s) of the {body} from one {rule.unit_kind}"
    elif rule.kind == RuleKind.MONTHS:
        text = f"{rule.number} month(s) of membership in good standing to stand for the {body}"
    else:
        text = f"at least {rule.number} years of age to stand for the {body}"
    return f"{text}{_cited(rule.articles)} [rule {rule.id}]"


def body_rule_words(body: Body, charter: Charter | None = None) -> list[str]:
    """Who may vote in and stand for the body, in words, as the charter's eligibility rules
    say; empty where they say nothing beyond good standing."""
    if not body.chartered:
        return []
    charter = charter or charter_in_force()
    rules = charter.eligibility
    lines: list[str] = []
    arrears = rules.good_standing.dues_arrears_months_at_most
    if arrears is not None:
        lines.append(
            f"in good standing: dues at most {arrears} month(s) in arrears"
            f"{_cited(rules.good_standing.articles)}"
        )
    if is_general(body, charter):
        if rules.vote.months_in_good_standing:
            lines.append(
                f"{rules.vote.months_in_good_standing} month(s) of membership in good standing "
                f"to vote{_cited(rules.vote.articles)}"
            )
        if rules.vote.minimum_age:
            lines.append(f"at least {rules.vote.minimum_age} years of age to vote")
    chosen = any(rule.method in CHOSEN for rule in charter.body(body.definition).seats)
    if chosen:
        if rules.stand.months_in_good_standing:
            lines.append(
                f"{rules.stand.months_in_good_standing} month(s) of membership in good standing "
                f"to stand{_cited(rules.stand.articles)}"
            )
        if rules.stand.minimum_age:
            lines.append(f"at least {rules.stand.minimum_age} years of age to stand")
    lines += [rule_words(charter, rule) for rule in rules.rules_for(body.definition)]
    return lines


def body_section(request, body: Body):
    """The body page's section "Who may vote and stand" (bodies/page_sections.py)."""
    from django.template.loader import render_to_string

    from minutebook.bodies.page_sections import BodySection

    lines = body_rule_words(body)
    if not lines:
        return None
    html = render_to_string(
        "bodies/eligibility_section.html", {"body": body, "lines": lines}, request=request
    )
    return BodySection(html=html)
