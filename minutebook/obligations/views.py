"""The duties on the page: a section on each body's page, the organization's list
(`/obligations/`, filterable by body and to the overdue ones) and one duty's page."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string

from minutebook.bodies.access import can_see_body_records, require_insider
from minutebook.bodies.models import Body
from minutebook.bodies.page_sections import BodySection
from minutebook.obligations.selectors import (
    body_duties,
    duties_visible_to,
    duty_for_viewer,
    failing_count,
)

CHECKED = ("on", "1", "true")


def overdue_words(count: int) -> str:
    return f"{count} overdue obligation{'s' if count != 1 else ''}"


def body_section(request: HttpRequest, body: Body) -> BodySection | None:
    """The body's duties, failing ones first, for those who may read its records."""
    if not body.chartered or not can_see_body_records(request.user, body):
        return None
    duties = body_duties(body)
    if not duties:
        return None
    failing = failing_count(duties)
    html = render_to_string(
        "obligations/body_section.html",
        {"body": body, "duties": duties, "failing": failing},
        request=request,
    )
    return BodySection(
        html=html, alert=overdue_words(failing) if failing else "", alert_url="#obligations"
    )


@login_required
def obligation_list(request: HttpRequest) -> HttpResponse:
    require_insider(request.user)
    failing = request.GET.get("overdue", "") in CHECKED
    body = None
    if request.GET.get("body"):
        body = Body.objects.filter(slug=request.GET["body"]).first()
        if body is None or not can_see_body_records(request.user, body):
            raise Http404
    duties = duties_visible_to(request.user, body=body, failing=failing)
    return render(
        request,
        "obligations/obligation_list.html",
        {
            "duties": duties,
            "failing_only": failing,
            "failing": failing_count(duties),
            "body": body,
        },
    )


@login_required
def obligation_detail(request: HttpRequest, key: str) -> HttpResponse:
    duty = duty_for_viewer(request.user, key)
    return render(request, "obligations/obligation_detail.html", {"duty": duty})
