"""Reading petitions: how far each one is from its threshold, and the duty it gave rise to."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from django.db.models import Count

from minutebook.charter.models import Unit
from minutebook.obligations.models import Obligation
from minutebook.petitions.models import Petition


@dataclass(frozen=True)
class UnitCount:
    unit: Unit
    signatures: int
    enough: bool


@dataclass(frozen=True)
class Progress:
    """Standing signatures against the threshold. For the units form, `units` lists the units
    with signatures and `units_enough` how many have the signatures each needs."""

    signatures: int
    required: int
    required_units: int | None = None
    units: tuple[UnitCount, ...] = ()

    @property
    def units_enough(self) -> int:
        return sum(1 for count in self.units if count.enough)

    @property
    def reached(self) -> bool:
        if self.required_units is not None:
            return self.units_enough >= self.required_units
        return self.signatures >= self.required

    @property
    def percent_done(self) -> int:
        """For a progress bar: 0–100."""
        if self.required_units is not None:
            return min(100, 100 * self.units_enough // self.required_units)
        return min(100, 100 * self.signatures // self.required)


def petition_progress(petition: Petition) -> Progress:
    standing = petition.signatures.standing()
    if petition.required_units is None:
        return Progress(signatures=standing.count(), required=petition.required_signatures)
    rows = standing.values("unit_id").annotate(n=Count("pk")).order_by("-n", "unit_id")
    units = Unit.objects.in_bulk([row["unit_id"] for row in rows])
    counts = tuple(
        UnitCount(
            unit=units[row["unit_id"]],
            signatures=row["n"],
            enough=row["n"] >= petition.required_signatures,
        )
        for row in rows
    )
    return Progress(
        signatures=sum(count.signatures for count in counts),
        required=petition.required_signatures,
        required_units=petition.required_units,
        units=counts,
    )


def petition_obligation(petition: Petition) -> Obligation | None:
    """The duty the petition gave rise to when it reached its threshold."""
    return (
        Obligation.objects.filter(source=petition.source)
        .select_related("body")
        .order_by("pk")
        .first()
    )


def progress_words(petition: Petition, progress: Progress) -> str:
    """ "37 of 50 signatures (10 % of 498 members in good standing at opening)"."""
    who = "seat holders" if petition.signing_body_id else "members in good standing"
    if progress.required_units is not None:
        return (
            f"{progress.units_enough} of {progress.required_units} units of kind "
            f"'{petition.unit_kind}' with at least {progress.required} signatures each "
            f"({progress.signatures} signatures in all, {petition.entitled_at_opening} {who} "
            "entitled at opening)"
        )
    threshold = petition.threshold
    if threshold.get("form") in ("percent", "more_than_percent"):
        more = "more than " if threshold["form"] == "more_than_percent" else ""
        share = f"{more}{_percent(threshold['percent'])} % of {petition.entitled_at_opening} {who}"
        return f"{progress.signatures} of {progress.required} signatures ({share} at opening)"
    return (
        f"{progress.signatures} of {progress.required} signatures "
        f"({petition.entitled_at_opening} {who} entitled at opening)"
    )


def _percent(written: str) -> str:
    """ "25/2" (as stored) → "12.5"."""
    value = Fraction(written)
    return str(value.numerator) if value.denominator == 1 else f"{float(value):g}"
