"""Request pages: a member's own requests and those they answer, making one, and a request
with its answer (to those who may read it in full) or its number and status (to those who may
only know of it). Each view finds the request through `access` (404 for those who may not know
of it) and calls one service, which says who may act (403) and why not (a message)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from minutebook.bodies.access import member_of, require_insider
from minutebook.bodies.models import Body
from minutebook.ledger.views import add_service_errors
from minutebook.member_requests import services
from minutebook.member_requests.access import (
    answer_refusal,
    bodies_to_address,
    holds_office,
    is_requester,
    reads_in_full,
    request_for_viewer,
    requests_visible_to,
)
from minutebook.member_requests.forms import AnswerForm, RequestForm
from minutebook.member_requests.models import MemberRequest, RequestStatus
from minutebook.member_requests.selectors import request_duty
from minutebook.web.actions import action_view, tell


@login_required
def request_list(request: HttpRequest) -> HttpResponse:
    require_insider(request.user)
    member = member_of(request.user)
    visible = requests_visible_to(request.user).select_related("body", "requester")
    own = [r for r in visible if member is not None and r.requester_id == member.pk]
    to_answer = [r for r in visible if r not in own and holds_office(member, r)]
    return render(
        request,
        "member_requests/request_list.html",
        {
            "own": [(r, request_duty(r)) for r in own],
            "to_answer": [(r, request_duty(r)) for r in to_answer],
            "may_ask": bool(bodies_to_address(request.user)),
        },
    )


@login_required
def request_new(request: HttpRequest) -> HttpResponse:
    require_insider(request.user)
    bodies = bodies_to_address(request.user)
    form = RequestForm(request.POST or None, bodies=bodies, initial=request.GET.dict())
    if request.method == "POST" and form.is_valid():
        body = get_object_or_404(Body, slug=form.cleaned_data["body"])
        try:
            made = services.request_submit(
                actor=request.user,
                body=body,
                subject=form.cleaned_data["subject"],
                text=form.cleaned_data["text"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, f"Request {made.pk} made: it is to be answered by {made.due_on:%-d %B %Y}."
            )
            return redirect("member_requests:detail", pk=made.pk)
    return render(request, "member_requests/request_form.html", {"form": form, "bodies": bodies})


@login_required
def request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    made = request_for_viewer(request.user, pk)
    return _detail(request, made, AnswerForm())


def _detail(request: HttpRequest, made: MemberRequest, form: AnswerForm) -> HttpResponse:
    is_open = made.status == RequestStatus.OPEN
    return render(
        request,
        "member_requests/request_detail.html",
        {
            "made": made,
            "in_full": reads_in_full(request.user, made),
            "duty": request_duty(made),
            "may_answer": is_open and answer_refusal(request.user, made) is None,
            "may_withdraw": is_open and is_requester(request.user, made),
            "form": form,
        },
    )


@login_required
@require_POST
def request_answer(request: HttpRequest, pk: int) -> HttpResponse:
    made = request_for_viewer(request.user, pk)
    form = AnswerForm(request.POST)
    if form.is_valid():
        try:
            services.request_answer(
                actor=request.user, request=made, answer=form.cleaned_data["answer"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Request {made.pk} answered.")
            return redirect("member_requests:detail", pk=made.pk)
    return _detail(request, made, form)


def _back(request: HttpRequest, made: MemberRequest, outcome) -> HttpResponse:
    tell(request, outcome)
    return redirect("member_requests:detail", pk=made.pk)


request_withdraw = action_view(
    lambda request, pk: request_for_viewer(request.user, pk),
    lambda user, made: services.request_withdraw(actor=user, request=made),
    "Your request is withdrawn.",
    _back,
)
