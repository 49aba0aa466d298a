"""Pages of ballots outside meetings: the viewer's ballots, a body's ballots, calling one, the
ballot page where a member votes (made for a phone's screen), the result, the receipts.
Views find the ballot through `ballots.access` (404 for those who may not see it), call one
service and render. A receipt code is put straight into the response that casts the vote and
nowhere else."""

from __future__ import annotations

import datetime as dt

from asgiref.sync import sync_to_async
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from minutebook.ballots import services
from minutebook.ballots.access import (
    ballot_for_viewer,
    ballots_for_viewer,
    ballots_open_to,
    can_call_ballot,
    can_manage_ballot,
    is_voter,
)
from minutebook.ballots.casting import cast_in_batch, give_back_connection
from minutebook.ballots.elections import candidates_of, elected_members, members_electing_rule
from minutebook.ballots.forms import CallForm, CancelForm, CastForm, ElectionCallForm
from minutebook.ballots.models import BallotKind, BallotStatus
from minutebook.ballots.selectors import (
    allows_ballots,
    ballot_rules,
    ballots_cast,
    question_rules,
    receipts_in_words,
    steps_awaiting,
)
from minutebook.bodies.access import (
    body_for_viewer,
    member_of,
    require_insider,
    visible_body_ids,
)
from minutebook.bodies.models import Body
from minutebook.bodies.page_sections import BodySection
from minutebook.charter.describe import threshold_words
from minutebook.charter.selectors import charter_in_force
from minutebook.ledger.access import decision_for_viewer
from minutebook.ledger.views import add_service_errors, is_htmx
from minutebook.motions.models import Motion, MotionStatus
from minutebook.votes.forms import ReceiptForm
from minutebook.votes.receipts import receipt_hash


def _grouped(ballots) -> dict[str, list]:
    now = timezone.now()
    groups: dict[str, list] = {"open": [], "announced": [], "closed": []}
    for ballot in ballots:
        shown = ballot.shown_status(now)
        key = {"closing": "closed", "opening": "announced", "cancelled": "closed"}.get(shown, shown)
        groups[key].append(ballot)
    return groups


@login_required
def ballot_list(request):
    """The ballots open to the viewer first (where they may vote), then every ballot they may
    see."""
    require_insider(request.user)
    return render(
        request,
        "ballots/ballot_list.html",
        {
            "mine": list(ballots_open_to(request.user)),
            "callable": [
                body
                for body in Body.objects.filter(dissolved_by__isnull=True, chartered=True)
                if allows_ballots(body) and can_call_ballot(request.user, body)
            ],
            "groups": _grouped(ballots_for_viewer(request.user)),
            "now": timezone.now(),
        },
    )


def body_section(request, body: Body) -> BodySection | None:
    """On the page of a body the charter lets decide by ballot: the way to its ballots (and,
    for whoever may call one, to calling it), for those who may see them."""
    if not allows_ballots(body) or not request.user.is_authenticated:
        return None
    html = render_to_string(
        "ballots/body_section.html",
        {
            "body": body,
            "rules": ballot_rules(body),
            "open_count": ballots_for_viewer(request.user, body)
            .filter(status=BallotStatus.OPEN)
            .count(),
            "may_call": can_call_ballot(request.user, body),
        },
        request=request,
    )
    return BodySection(html=html)


@login_required
def body_ballots(request, slug: str):
    body = body_for_viewer(request.user, slug)
    may_call = can_call_ballot(request.user, body) and allows_ballots(body)
    return render(
        request,
        "ballots/body_ballots.html",
        {
            "body": body,
            "rules": ballot_rules(body),
            "groups": _grouped(ballots_for_viewer(request.user, body)),
            "may_call": may_call,
            "may_call_election": allows_ballots(body)
            and can_call_ballot(request.user, body, BallotKind.ELECTION)
            and _electable(body).exists(),
            "awaiting": steps_awaiting(request.user, body) if may_call else [],
        },
    )


def _call_form(body, data=None, step_of: str = "") -> CallForm:
    charter = charter_in_force()
    types = [(t.id, t.name) for t in charter.decision_types_for_body(body.definition)]
    rules = ballot_rules(body)
    initial = {}
    if rules is not None:
        opens = timezone.localtime() + dt.timedelta(days=rules.notice_days, hours=1)
        opens = opens.replace(minute=0, second=0, microsecond=0)
        initial = {"opens_at": opens, "closes_at": opens + dt.timedelta(days=rules.min_open_days)}
    initial["step_of"] = step_of
    motions = [
        (motion.pk, f"{motion.pk}: {motion.title} ({motion.decision_type})")
        for motion in Motion.objects.filter(body=body, status=MotionStatus.SUBMITTED)
    ]
    return CallForm(data, decision_types=types, motions=motions, initial=initial)


def _electable(body: Body):
    """The bodies whose seats the members of `body` (an all-members body) elect by ballot."""
    found = [
        other.pk
        for other in Body.objects.filter(chartered=True, dissolved_by__isnull=True)
        if members_electing_rule(body, other) is not None
    ]
    return Body.objects.filter(pk__in=found).order_by("name")


@login_required
def ballot_new_election(request, slug: str):
    """Call an election by ballot of the body's members, on seats the charter has them elect."""
    body = body_for_viewer(request.user, slug)
    electable = _electable(body) if allows_ballots(body) else Body.objects.none()
    if not electable.exists():
        raise Http404("the members of this body elect no seats by ballot")
    if not can_call_ballot(request.user, body, BallotKind.ELECTION):
        raise PermissionDenied("only the secretary of a body the charter names calls a ballot")
    rules = question_rules(body, BallotKind.ELECTION)
    opens = timezone.localtime() + dt.timedelta(days=rules.notice_days, hours=1)
    opens = opens.replace(minute=0, second=0, microsecond=0)
    initial = {"opens_at": opens, "closes_at": opens + dt.timedelta(days=rules.min_open_days)}
    form = ElectionCallForm(request.POST or None, electable=electable, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            ballot = services.ballot_call_election(
                actor=request.user, body=body, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "The election is announced.")
            return redirect("ballots:detail", ballot.pk)
    return render(
        request,
        "ballots/election_form.html",
        {"body": body, "form": form, "rules": rules},
    )


def _decision_named(user, reference: str):
    reference = reference.strip()
    if not reference:
        return None
    try:
        return decision_for_viewer(user, reference)
    except Http404:
        raise ValidationError(
            {"step_of": f"there is no decision {reference} open to you"}
        ) from None


@login_required
def ballot_new(request, slug: str):
    body = body_for_viewer(request.user, slug)
    if not can_call_ballot(request.user, body):
        raise PermissionDenied("only the secretary of a body the charter names calls a ballot")
    form = _call_form(body, request.POST or None, step_of=request.GET.get("step_of", ""))
    if request.method == "POST" and form.is_valid():
        arguments = dict(form.cleaned_data)
        try:
            arguments["step_of"] = _decision_named(request.user, arguments.pop("step_of"))
            motion_id = arguments.pop("motion", None)
            arguments["motion"] = (
                Motion.objects.get(pk=motion_id, body=body) if motion_id is not None else None
            )
            ballot = services.ballot_call(actor=request.user, body=body, **arguments)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "The ballot is announced.")
            return redirect("ballots:detail", ballot.pk)
    return render(
        request,
        "ballots/ballot_form.html",
        {"body": body, "form": form, "rules": ballot_rules(body)},
    )


def _detail_context(request, ballot, **extra) -> dict:
    now = timezone.now()
    member = member_of(request.user)
    voter = is_voter(request.user, ballot)
    return {
        "ballot": ballot,
        "shown_status": ballot.shown_status(now),
        "accepting": ballot.accepting_votes(now),
        "is_voter": voter,
        "has_voted": voter and services.has_voted(ballot, member),
        "cast_count": ballots_cast(ballot) if ballot.status != BallotStatus.ANNOUNCED else 0,
        "threshold_words": threshold_words(ballot.threshold) if ballot.threshold else "",
        "may_manage": can_manage_ballot(request.user, ballot)
        and ballot.status in (BallotStatus.ANNOUNCED, BallotStatus.OPEN),
        "may_record": ballot.status == BallotStatus.CLOSED
        and (ballot.adopted or ballot.step_of_id is not None)
        and not (ballot.decision_id or ballot.step_record_id)
        and can_manage_ballot(request.user, ballot),
        "form": CastForm(),
        "candidates": candidates_of(ballot) if ballot.kind == BallotKind.ELECTION else [],
        "elected": elected_members(ballot),
        "cancel_form": CancelForm(),
        "visible_body_ids": visible_body_ids(request.user) if ballot.step_of_id else (),
        **extra,
    }


@never_cache
@login_required
def ballot_detail(request, pk: int):
    ballot = ballot_for_viewer(request.user, pk)
    return render(request, "ballots/ballot_detail.html", _detail_context(request, ballot))


@never_cache
@login_required
@require_POST
async def ballot_cast(request, pk: int):
    """Casts and answers with the page itself (or, for the page's htmx form, only its answer),
    carrying the receipt code once: never a redirect, a message or the session. Casts that
    arrive together are cast together (`ballots.casting`). The server answers the htmx form's
    plain casts before they reach Django (`ballots.cast_endpoint`); this view answers the form
    posted without JavaScript and whatever the endpoint hands on."""
    user = await request.auser()
    # Give back the connection that read the session and the user before waiting for the
    # batch, which needs one of the same pool: held by hundreds of waiting requests, the pool
    # would have none left for the batch they wait for.
    await sync_to_async(give_back_connection)()
    answer = await cast_in_batch(user, pk, request.POST)
    cast, refusal = answer["cast"], answer["refusal"]
    if isinstance(refusal, Http404 | PermissionDenied):
        raise refusal
    error = "; ".join(refusal.messages) if refusal is not None else ""
    if is_htmx(request):
        # htmx swaps only a 2xx answer: a refusal comes back as 200 with its reason.
        # Rendered without the request: the layout's context (a query or two) is not needed.
        fragment = {"ballot": answer["ballot"], "cast": cast, "error": error}
        return HttpResponse(render_to_string("ballots/your_vote.html", fragment))
    return await sync_to_async(_cast_page)(request, pk, cast, error)


def _cast_page(request, pk: int, cast, error: str):
    ballot = ballot_for_viewer(request.user, pk)
    context = _detail_context(request, ballot, cast=cast, error=error)
    return render(request, "ballots/ballot_detail.html", context, status=200 if cast else 422)


@login_required
@require_POST
def ballot_cancel(request, pk: int):
    ballot = ballot_for_viewer(request.user, pk)
    if not can_manage_ballot(request.user, ballot):
        raise PermissionDenied("only those who call a ballot cancel it")
    form = CancelForm(request.POST)
    try:
        services.ballot_cancel(
            actor=request.user,
            ballot=ballot,
            reason=form.data.get("reason", ""),
        )
    except ValidationError as error:
        messages.error(request, "; ".join(error.messages))
    else:
        messages.success(request, "The ballot is cancelled.")
    return redirect("ballots:detail", ballot.pk)


@login_required
@require_POST
def ballot_record(request, pk: int):
    ballot = ballot_for_viewer(request.user, pk)
    if not can_manage_ballot(request.user, ballot):
        raise PermissionDenied("only those who may call the ballot record its decision")
    try:
        services.ballot_record_decision(actor=request.user, ballot=ballot)
    except ValidationError as error:
        messages.error(request, "; ".join(error.messages))
    else:
        messages.success(request, "The decision is recorded in the ledger.")
    return redirect("ballots:detail", ballot.pk)


@login_required
def ballot_receipts(request, pk: int):
    ballot = ballot_for_viewer(request.user, pk)
    receipts = receipts_in_words(ballot)
    form = ReceiptForm(request.POST or None)
    found, checked = None, False
    if request.method == "POST" and form.is_valid():
        checked = True
        digest = receipt_hash(form.cleaned_data["code"])
        found = next((r for r in receipts if r.receipt_hash == digest), None)
    return render(
        request,
        "ballots/receipts.html",
        {"ballot": ballot, "receipts": receipts, "form": form, "found": found, "checked": checked},
    )
