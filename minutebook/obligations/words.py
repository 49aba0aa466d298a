"""The charter's duties in words, as a member reads them on a body's page."""

from __future__ import annotations

from minutebook.charter.spec import Charter, ObligationForm, ObligationSpec

_TIMES = {1: "once", 2: "twice", 3: "three times", 4: "four times"}


def times_words(times: int) -> str:
    return _TIMES.get(times, f"{times} times")


def period_words(spec: ObligationSpec) -> str:
    if spec.per_calendar_month:
        return "each calendar month"
    if spec.per_months is None:
        return "a year"
    if spec.per_months == 1:
        return "a month"
    return f"every {spec.per_months} months"


def days_words(days: int) -> str:
    return f"{days} day{'s' if days != 1 else ''}"


def within_words(spec: ObligationSpec) -> str:
    """How long a duty within a time has: "60 days", "2 calendar months"."""
    if spec.within_months is not None:
        months = spec.within_months
        return f"{months} calendar month{'s' if months != 1 else ''}"
    assert spec.within_days is not None
    return days_words(spec.within_days)


def rule_words(charter: Charter, spec: ObligationSpec) -> str:
    """The rule as the charter's `name` gives it, or a sentence made from its terms."""
    if spec.name:
        return spec.name
    body = charter.body(spec.body).name
    if spec.form == ObligationForm.MEETS_AT_LEAST:
        assert spec.times is not None
        if spec.meetings_of is not None:
            convened = charter.body(spec.meetings_of).name
            return (
                f"The {body} convenes the {convened} at least {times_words(spec.times)} "
                f"{period_words(spec)}."
            )
        return f"The {body} meets at least {times_words(spec.times)} {period_words(spec)}."
    if spec.form == ObligationForm.MEETING_LASTS_AT_MOST:
        assert spec.lasts_at_most_days is not None
        return f"A meeting of the {body} lasts at most {days_words(spec.lasts_at_most_days)}."
    if spec.after_request:
        return (
            f"The {spec.office} of the {body} answers a member's written request in writing "
            f"within {within_words(spec)}."
        )
    assert spec.after_decision is not None
    event = charter.decision_type(spec.after_decision).name
    by = f" by the {charter.body(spec.after_by).name}" if spec.after_by else ""
    if spec.meetings_of is not None:
        then = f"the {body} convenes a meeting of the {charter.body(spec.meetings_of).name}"
    elif spec.then_decision is None:
        then = f"the {body} meets"
    else:
        then = f"the {body} decides ({charter.decision_type(spec.then_decision).name})"
    return f"Within {within_words(spec)} of a decision “{event}”{by}, {then}."
