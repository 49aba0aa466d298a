"""Notice periods in hours as well as days, and a decision type's own notice, read and checked.

    bodies:
      - id: steering-committee
        notice: {meeting_hours: 12, documents_days: 0}      # "at least 12 hours in advance"
      - id: general-meeting
        notice:
          meeting_days: 14
          documents_days: 7
          emergency: {allowed: true, meeting_hours: 48, declared_by: [board]}
    decision_types:
      - id: bylaws.amend
        notice: {days: 30}       # "a motion to amend the bylaws requires 30 days' notice"

A body's notice gives each period (`meeting`, `documents`, an emergency's `meeting`) either in
days (`*_days`, which may be `unspecified`) or in hours (`*_hours`), never both. A decision
type's `notice` is the time before the meeting by which a proposal of that type must have been
circulated; it implies `notice_required: true` and replaces, for that type, the body's period
for documents (`minutebook.motions.selectors.motion_notice_given` judges it). No Django here.
"""

from __future__ import annotations

from minutebook.charter.drafts import Draft, Problems
from minutebook.charter.readers import OPTIONAL, reader, whole_number
from minutebook.charter.spec import Period

read_hours = whole_number(1, "a number of hours")


def check_days_or_hours(problems: Problems, draft: Draft, what: str, *, required: bool = True):
    """`<what>_days` or `<what>_hours`: one of them (when `required`), never both."""
    days, hours = f"{what}_days", f"{what}_hours"
    if draft.has(days) and draft.has(hours):
        problems.add(
            draft.at(hours),
            f"give the notice in days ('{days}') or in hours ('{hours}'), not both",
        )
    elif required and not draft.has(days) and not draft.has(hours):
        if draft.node.incomplete:
            return
        problems.add(
            draft.node,
            f"missing required key '{days}' (or '{hours}' for a notice counted in hours)",
        )


def written_period(draft: Draft, what: str) -> Period | None:
    """The period read for `what` (None if left open, missing, not readable, or written in
    both units, which is reported already)."""
    if draft.has(f"{what}_days") and draft.has(f"{what}_hours"):
        return None
    hours = draft.get(f"{what}_hours")
    if hours is not None:
        return Period(hours=hours)
    days = draft.get(f"{what}_days")
    return Period(days=days) if days is not None else None


def _check_one_unit(problems: Problems, draft: Draft) -> None:
    if draft.has("days") and draft.has("hours"):
        problems.add(draft.at("hours"), "give the notice in days or in hours, not both")
    elif not draft.has("days") and not draft.has("hours") and not draft.node.incomplete:
        problems.add(draft.node, "a decision type's notice needs 'days' or 'hours' ({days: 30})")


read_type_notice = reader(
    {
        "days": (OPTIONAL, whole_number(1, "a number of days")),
        "hours": (OPTIONAL, read_hours),
    },
    "the notice a proposal of this type needs ({days: 30} or {hours: 48})",
    after=_check_one_unit,
)


def check_type_notice(problems: Problems, draft: Draft) -> None:
    """A decision type's own notice and `notice_required: false` contradict each other."""
    if draft.has("notice") and draft.get("notice_required") is False:
        problems.add(
            draft.at("notice_required"),
            "'notice_required: false' contradicts the type's own 'notice'; leave it out "
            "(a notice period implies that notice is required)",
        )


def assemble_type_notice(draft: Draft | None) -> Period | None:
    if draft is None:
        return None
    return Period(days=draft.get("days"), hours=draft.get("hours"))


def period_words(period: Period | None) -> str:
    """ "30 days' notice", or "" for none."""
    return period.notice_words() if period is not None else ""
