"""Obligations: the charter's deadlines for each body and where each stands on the record."""

from __future__ import annotations

import datetime as dt

from django.http import Http404
from ninja import Field, Query, Router, Schema

from minutebook.api.errors import ErrorOut
from minutebook.api.pagination import PageParams
from minutebook.api.routers.decisions import BodyRefOut
from minutebook.bodies.access import can_see_body_records
from minutebook.bodies.models import Body
from minutebook.obligations.duties import Duty, DutyState
from minutebook.obligations.kinds import Met
from minutebook.obligations.selectors import duties_visible_to, duty_for_viewer

router = Router(tags=["obligations"])
ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut}


class RecordRefOut(Schema):
    on: dt.date
    by: str = Field(description="the record in words")
    record: str = Field(description='"meeting:<id>" or "decision:<reference>"')
    url: str = Field(description="its page")


class ObligationOut(Schema):
    id: str = Field(
        description="a recorded obligation's number, or for a duty the charter declares "
        '"<rule>:<body>:<period or meeting>"'
    )
    body: BodyRefOut
    title: str
    rule: str = Field(description="the charter's id of the rule")
    rule_text: str
    form: str = Field(description="arising, meets_at_least or meeting_lasts_at_most_days")
    status: DutyState
    overdue: bool = Field(description="overdue or breached: the status needs attention")
    arose_on: dt.date | None
    due_on: dt.date | None
    days_left: int | None
    days_late: int | None
    progress: str
    source: str = Field(description='the event it arose from, e.g. "petition:12"')
    met_by: RecordRefOut | None
    concerns: RecordRefOut | None = Field(description="the meeting a length limit judges")


class ObligationPage(Schema):
    count: int
    limit: int
    offset: int
    items: list[ObligationOut]


class ObligationFilters(PageParams):
    body: str | None = Field(None, description="body slug")
    overdue: bool | None = Field(None, description="true: only overdue or breached ones")


def _record(met: Met | None) -> dict | None:
    if met is None:
        return None
    return {"on": met.on, "by": met.by, "record": met.record, "url": met.url}


def obligation_out(duty: Duty) -> dict:
    return {
        "id": duty.key,
        "body": {"slug": duty.body.slug, "name": duty.body.name},
        "title": duty.title,
        "rule": duty.rule,
        "rule_text": duty.rule_text,
        "form": duty.form,
        "status": duty.state,
        "overdue": duty.is_failing,
        "arose_on": duty.arose_on,
        "due_on": duty.due_on,
        "days_left": duty.days_left,
        "days_late": duty.days_late,
        "progress": duty.progress,
        "source": duty.source,
        "met_by": _record(duty.met),
        "concerns": _record(duty.concerns),
    }


@router.get(
    "/obligations",
    response={200: ObligationPage, **ERRORS},
    summary="The obligations of the bodies whose records the caller may read",
)
def obligations_list(request, filters: Query[ObligationFilters]):
    """Overdue and breached first, then open ones by due date, then met ones."""
    body = None
    if filters.body:
        body = Body.objects.filter(slug=filters.body).first()
        if body is None or not can_see_body_records(request.auth, body):
            raise Http404(f"no body {filters.body}")
    duties = duties_visible_to(request.auth, body=body, failing=bool(filters.overdue))
    if filters.overdue is False:
        duties = [duty for duty in duties if not duty.is_failing]
    page = duties[filters.offset : filters.offset + filters.limit]
    return {
        "count": len(duties),
        "limit": filters.limit,
        "offset": filters.offset,
        "items": [obligation_out(duty) for duty in page],
    }


@router.get(
    "/obligations/{key}",
    response={200: ObligationOut, **ERRORS},
    summary="One obligation and where it stands",
)
def obligation_get(request, key: str):
    try:
        return obligation_out(duty_for_viewer(request.auth, key))
    except Http404:
        raise Http404(f"no obligation {key}") from None
