"""The charter's rules in plain words, for the pages that show members what their charter says.

Pure Python over `minutebook.charter.spec`, so every page (and the API, if it wants) words a
rule the same way."""

from __future__ import annotations

from dataclasses import dataclass

from minutebook.charter.seat_rights import proxy_rules_words, seat_count_words
from minutebook.charter.spec import (
    NOT_FIXED,
    Article,
    BodySpec,
    Charter,
    DecisionTypeSpec,
    Period,
    SeatMethod,
    SeatRule,
    Visibility,
)
from minutebook.voting import thresholds


def threshold_words(threshold: str) -> str:
    """`two_thirds_cast` → "two-thirds of the votes cast (...)", an expression in words; a
    text that is no threshold as given."""
    try:
        return thresholds.threshold_words(threshold)
    except thresholds.ThresholdError:
        return threshold.replace("_", " ")


def _months(months: int | None) -> str:
    if months is None:
        return "until these seats are filled anew"
    if months % 12 == 0:
        years = months // 12
        return f"for {years} year{'s' if years != 1 else ''}"
    return f"for {months} month{'s' if months != 1 else ''}"


def _seats(count: int | None) -> str:
    if count is None:
        return f"seats (their number {NOT_FIXED})"
    return f"{count} seat{'s' if count != 1 else ''}"


def _body_name(charter: Charter, body_id: str | None) -> str:
    try:
        return charter.body(body_id).name
    except KeyError:
        return str(body_id)


def _unit_name(charter: Charter, unit_id: str | None) -> str:
    try:
        return charter.unit(unit_id).name
    except KeyError:
        return str(unit_id)


def seat_rule_words(charter: Charter, rule: SeatRule) -> str:
    """One seat rule as a sentence fragment: "5 seats elected by the Congress for 2 years",
    "3 to 5 seats ...", "..., with voice but no vote"."""
    words = _seat_rule_words(charter, rule)
    return words if rule.voting else f"{words}, with voice but no vote"


def _seats_or_range(rule: SeatRule) -> str:
    if rule.count_min is None:
        return _seats(rule.count)
    return f"{seat_count_words(rule)} seats"


def voice_words(charter: Charter, body: BodySpec) -> str:
    """Who attends with speaking rights only, or ""."""
    parts = []
    for rule in body.attendees_with_voice:
        if rule.unit_members:
            parts.append("every member of the unit")
        else:
            holders = f"the {rule.office}" if rule.office else "the members"
            parts.append(f"{holders} of the {_body_name(charter, rule.seats_of)}")
    return ", ".join(parts) + (", with voice but no vote" if parts else "")


def _seat_rule_words(charter: Charter, rule: SeatRule) -> str:
    if rule.method == SeatMethod.ELECTED:
        if rule.by_members_of_each:
            who = f"for each {rule.by_members_of_each}, elected by its members"
        elif rule.by_members_of:
            who = f"elected by the members of {_unit_name(charter, rule.by_members_of)}"
        else:
            who = f"elected by the {_body_name(charter, rule.by_body)}"
        if rule.election_method is not None:
            who += f" (counted by {rule.election_method})"
        if rule.apportionment is not None:
            return (
                f"seats {who}, {_months(rule.term_months)}, in proportion to the members in "
                f"good standing at the census: {rule.apportionment.words()}"
            )
        return f"{_seats_or_range(rule)} {who}, {_months(rule.term_months)}"
    if rule.method == SeatMethod.APPOINTED:
        return (
            f"{_seats_or_range(rule)} appointed by the {_body_name(charter, rule.by_body)}, "
            f"{_months(rule.term_months)}"
        )
    if rule.method == SeatMethod.EX_OFFICIO:
        holders = f"the {rule.office}" if rule.office else "the members"
        return (
            f"{holders} of the {_body_name(charter, rule.of_body)}, ex officio, "
            "for as long as they hold that seat"
        )
    return "every member of the unit and of the units below it"


def visibility_words(charter: Charter, body: BodySpec, unit_name: str | None = None) -> str:
    """Who may read the body's records, as the charter says; `unit_name` names the unit of
    one instance of a body defined per unit kind."""
    if body.visibility == Visibility.MEMBERS:
        return "every member of the organization"
    if body.visibility == Visibility.UNIT:
        name = unit_name or (_unit_name(charter, body.unit) if body.unit else None)
        if name:
            return f"the members of {name} and of the units below it"
        return "the members of its unit and of the units below it"
    return "its own seat holders only"


def notice_words(charter: Charter, body: BodySpec) -> str:
    notice = body.notice
    text = (
        f"meetings called {_ahead(notice.period('meeting'))}, "
        f"documents sent {_ahead(notice.period('documents'))}"
    )
    if notice.emergency_allowed:
        declared = (
            " or ".join(f"the {_body_name(charter, b)}" for b in notice.emergency_declared_by)
            or "the body"
        )
        text += (
            f"; an emergency meeting may be called {_ahead(notice.period('emergency'))}, "
            f"declared by {declared}"
        )
    return text


def _ahead(period: Period | None) -> str:
    """How far ahead: "14 days ahead", "12 hours ahead", or that the charter does not say."""
    if period is None:
        return f"with notice {NOT_FIXED}"
    return f"{period.words()} ahead"


def where_words(charter: Charter, body: BodySpec) -> str:
    if body.unit:
        return _unit_name(charter, body.unit)
    return f"one in every {body.per_unit_kind}"


@dataclass(frozen=True)
class Citation:
    """A rule of the charter that cites an article: a body or a decision type."""

    kind: str  # "body" or "decision type"
    id: str
    name: str


def citations(charter: Charter) -> dict[str, list[Citation]]:
    """For each article id, the bodies and decision types whose rules cite it."""
    found: dict[str, list[Citation]] = {article.id: [] for article in charter.articles}
    for body in charter.bodies:
        for article_id in body.articles:
            found.setdefault(article_id, []).append(Citation("body", body.id, body.name))
    for decision_type in charter.decision_types:
        for article_id in decision_type.articles:
            found.setdefault(article_id, []).append(
                Citation("decision type", decision_type.id, decision_type.name)
            )
    return found


@dataclass(frozen=True)
class BodyRules:
    """A body's rules in words, for the charter page."""

    spec: BodySpec
    where: str
    seats: tuple[str, ...]
    quorum: str
    notice: str
    visibility: str
    articles: tuple[Article, ...]
    proxies: str = ""  # "not allowed", "allowed", or "allowed: <conditions>"
    voice: str = ""  # attendees with speaking rights only


@dataclass(frozen=True)
class CompetenceWords:
    """The bodies that may take a decision type with the same majority."""

    bodies: tuple[tuple[str, str], ...]  # (id, name)
    threshold: str


@dataclass(frozen=True)
class DecisionTypeRules:
    spec: DecisionTypeSpec
    competences: tuple[CompetenceWords, ...]
    appeal_to: str | None
    articles: tuple[Article, ...]


def _articles(charter: Charter, ids: tuple[str, ...]) -> tuple[Article, ...]:
    found = []
    for article_id in ids:
        try:
            found.append(charter.article(article_id))
        except KeyError:
            found.append(Article(id=article_id, title=article_id, text=""))
    return tuple(found)


def body_rules(charter: Charter, body: BodySpec) -> BodyRules:
    return BodyRules(
        spec=body,
        where=where_words(charter, body),
        seats=tuple(seat_rule_words(charter, rule) for rule in body.seats),
        quorum=body.quorum_words,
        notice=notice_words(charter, body),
        visibility=visibility_words(charter, body),
        articles=_articles(charter, body.articles),
        proxies=_proxy_words(body),
        voice=voice_words(charter, body),
    )


def _proxy_words(body: BodySpec) -> str:
    if not body.proxies_allowed:
        return "not allowed"
    conditions = proxy_rules_words(body.proxy_rules)
    return f"allowed: {conditions}" if conditions else "allowed"


def decision_type_rules(charter: Charter, spec: DecisionTypeSpec) -> DecisionTypeRules:
    return DecisionTypeRules(
        spec=spec,
        competences=_competences_by_threshold(charter, spec),
        appeal_to=_body_name(charter, spec.appeal_to) if spec.appeal_to else None,
        articles=_articles(charter, spec.articles),
    )


def _competences_by_threshold(charter: Charter, spec: DecisionTypeSpec):
    groups: dict[str, list[tuple[str, str]]] = {}
    for competence in spec.competences:
        groups.setdefault(competence.threshold, []).append(
            (competence.body, _body_name(charter, competence.body))
        )
    return tuple(
        CompetenceWords(tuple(bodies), threshold_words(threshold))
        for threshold, bodies in groups.items()
    )
