"""The charter in force and its earlier versions."""

from __future__ import annotations

import datetime as dt

from django.http import Http404
from ninja import Field, Query, Router, Schema

from minutebook.api.access import require_person_on_roll, visible_reference
from minutebook.api.errors import ErrorOut
from minutebook.api.pagination import PageParams, paginate
from minutebook.charter.describe import threshold_words
from minutebook.charter.models import CharterVersion
from minutebook.charter.selectors import charter_version_in_force, parsed_charter

router = Router(tags=["charter"])
ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut}


class ArticleOut(Schema):
    id: str
    title: str
    text: str


class UnitSpecOut(Schema):
    id: str
    name: str
    kind: str
    parent: str | None


class SeatRuleOut(Schema):
    method: str
    count: int | None  # null for ex officio and all-members seats, and when left open
    count_unspecified: bool  # elected or appointed seats whose number the charter leaves open
    by_body: str | None
    by_members_of: str | None
    by_members_of_each: str | None
    of_body: str | None
    office: str | None
    term_months: int | None
    # Seats in proportion to members (count null): the formula in words; the seats themselves
    # are in the body's census (`/bodies/{slug}/censuses`).
    apportionment: str | None = None
    election_method: str | None = Field(
        None, description="the counting method the charter names for these elected seats"
    )

    @staticmethod
    def resolve_apportionment(rule) -> str | None:
        formula = getattr(rule, "apportionment", None)
        return formula.words() if formula is not None else None

    voting: bool = Field(description="false: seats with voice but no vote")
    count_min: int | None = Field(
        description="a range of seats: the fewest (`count` is then the most, null if open)"
    )


class QuorumBandOut(Schema):
    unit_members_below: int
    rule: str

    @staticmethod
    def resolve_rule(band) -> str:
        return band.quorum.describe()


class QuorumOut(Schema):
    rule: str
    fraction: str | None
    more_than: bool
    at_least: int | None
    not_fewer_than: int | None
    bands: list[QuorumBandOut] = Field(description="another rule for units of fewer members")
    excluding_offices: list[str] = Field(description="seats the quorum does not count")
    counts_non_voting: bool = Field(description="seats with voice but no vote counted too")
    none_for: list[str] = Field(description="kinds of meeting that need no quorum")

    @staticmethod
    def resolve_rule(quorum) -> str:
        return quorum.describe()

    @staticmethod
    def resolve_fraction(quorum) -> str | None:
        return None if quorum.fraction is None else str(quorum.fraction)


class NoticeOut(Schema):
    meeting_days: int | None  # null when the charter leaves the period open (see `unspecified`)
    documents_days: int | None
    emergency_allowed: bool
    emergency_meeting_days: int | None
    emergency_declared_by: list[str]
    # A period the charter counts in hours: given here, and its `*_days` above is null.
    meeting_hours: int | None = None
    documents_hours: int | None = None
    emergency_meeting_hours: int | None = None
    unspecified: list[str]  # the periods above the charter leaves open: nothing is checked

    @staticmethod
    def resolve_unspecified(notice) -> list[str]:
        periods = ["meeting_days", "documents_days"]
        if notice.emergency_allowed:
            periods.append("emergency_meeting_days")
        return [
            period
            for period in periods
            if getattr(notice, period) is None
            and getattr(notice, period.replace("_days", "_hours")) is None
        ]


class MotionRulesOut(Schema):
    deadline_days: int | None = Field(description="a motion submitted later is late")
    late_admission: str | None = Field(description="the threshold that admits a late motion")
    per_unit_limit: int | None = Field(description="motions per unit for one meeting")


class ReadingsOut(Schema):
    count: int
    days_between: int
    or_at_one_meeting: str | None = Field(
        None, description="the threshold that adopts the motion at one reading instead"
    )


class PeriodOut(Schema):
    days: int | None
    hours: int | None  # set instead of days for a period the charter counts in hours


class ProxyRulesOut(Schema):
    held_by: str
    per_year: int | None = Field(description="meetings a year a seat holder may be represented")
    not_for: list[str] = Field(description="decision types whose votes proxies do not cast")
    directions: str


class VoiceRuleOut(Schema):
    seats_of: str | None
    office: str | None
    unit_members: bool


class BodyRulesOut(Schema):
    id: str
    name: str
    unit: str | None
    per_unit_kind: str | None
    seats: list[SeatRuleOut]
    quorum: QuorumOut | None  # null when the charter fixes no quorum (`quorum_unspecified`)
    quorum_unspecified: bool
    notice: NoticeOut
    visibility: str
    offices: list[str]
    proxies_allowed: bool
    proxy_rules: ProxyRulesOut | None = Field(description="the conditions on proxies, if any")
    attendees_with_voice: list[VoiceRuleOut]
    meeting_kinds: list[str]
    articles: list[str]
    description: str
    motions: MotionRulesOut

    @staticmethod
    def resolve_quorum_unspecified(body) -> bool:
        return body.quorum is None


class CompetenceOut(Schema):
    body: str
    threshold: str = Field(
        description="a threshold's name (two_thirds_cast) or its expression as JSON text"
    )
    threshold_words: str

    @staticmethod
    def resolve_threshold_words(competence) -> str:
        return threshold_words(competence.threshold)


class DecisionTypeOut(Schema):
    id: str
    name: str
    competences: list[CompetenceOut]
    notice_required: bool
    notice: PeriodOut | None = Field(
        None, description="the type's own notice: a proposal circulated that long before"
    )
    quorum: QuorumOut | None = Field(
        None, description="the type's own quorum, instead of the body's; null: the body's"
    )
    appeal_to: str | None
    articles: list[str]
    description: str
    readings: ReadingsOut | None


class GoodStandingOut(Schema):
    dues_arrears_months_at_most: int | None
    articles: list[str]


class RequirementOut(Schema):
    months_in_good_standing: int
    minimum_age: int | None
    articles: list[str]


class EligibilityRuleOut(Schema):
    id: str
    body: str
    kind: str = Field(
        description="incompatible_with, max_consecutive_terms, max_total_terms, "
        "at_most_per_unit, months_in_good_standing or minimum_age"
    )
    name: str
    incompatible_with: list[str]
    number: int | None = Field(description="the terms, months, years or seats per unit")
    unit_kind: str | None
    articles: list[str]


class EligibilityOut(Schema):
    good_standing: GoodStandingOut
    vote: RequirementOut
    stand: RequirementOut
    rules: list[EligibilityRuleOut]


class CharterOut(Schema):
    number: int
    in_force_from: dt.datetime
    adopted_by: str | None
    name: str
    short_name: str
    preamble: str
    units: list[UnitSpecOut]
    bodies: list[BodyRulesOut]
    decision_types: list[DecisionTypeOut]
    articles: list[ArticleOut]
    eligibility: EligibilityOut


class CharterVersionOut(Schema):
    number: int
    source_name: str
    sha256: str
    in_force_from: dt.datetime
    in_force: bool
    adopted_by: str | None


class CharterVersionDetailOut(CharterVersionOut):
    name: str
    source_text: str


class CharterVersionPage(Schema):
    count: int
    limit: int
    offset: int
    items: list[CharterVersionOut]


def _version_out(viewer, version: CharterVersion, in_force_number: int) -> dict:
    return {
        "number": version.number,
        "source_name": version.source_name,
        "sha256": version.sha256,
        "in_force_from": version.in_force_from,
        "in_force": version.number == in_force_number,
        "adopted_by": visible_reference(viewer, version.adopted_by),
    }


@router.get("/charter", response={200: CharterOut, **ERRORS}, summary="The charter in force")
def charter_get(request):
    require_person_on_roll(request.auth)
    version = charter_version_in_force()
    charter = parsed_charter(version)
    return {
        "number": version.number,
        "in_force_from": version.in_force_from,
        "adopted_by": visible_reference(request.auth, version.adopted_by),
        "name": charter.name,
        "short_name": charter.short_name,
        "preamble": charter.preamble,
        "units": charter.units,
        "bodies": charter.bodies,
        "decision_types": charter.decision_types,
        "articles": charter.articles,
        "eligibility": charter.eligibility,
    }


@router.get(
    "/charter/versions",
    response={200: CharterVersionPage, **ERRORS},
    summary="Every version of the charter, newest first",
)
def charter_versions(request, page: Query[PageParams]):
    require_person_on_roll(request.auth)
    in_force = charter_version_in_force().number
    versions = CharterVersion.objects.select_related("adopted_by").order_by("-number")
    return paginate(versions, page, lambda v: _version_out(request.auth, v, in_force))


@router.get(
    "/charter/versions/{int:number}",
    response={200: CharterVersionDetailOut, **ERRORS},
    summary="One version of the charter, with its source text",
)
def charter_version_get(request, number: int):
    require_person_on_roll(request.auth)
    version = CharterVersion.objects.select_related("adopted_by").filter(number=number).first()
    if version is None:
        raise Http404(f"no charter version {number}")
    out = _version_out(request.auth, version, charter_version_in_force().number)
    out["name"] = parsed_charter(version).name
    out["source_text"] = version.source_text
    return out
