"""Petition pages: the list (collecting first, with progress), starting one, a petition with
its rule, progress, signers and the obligation it created, and the sign / withdraw buttons.
Each view finds the petition through `access` (404 for those who may not see it) and calls
one service, which says who may act (403) and why a petition refuses (a message)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from minutebook.bodies.access import can_see_body_records, member_of, require_insider
from minutebook.charter.petitions import describe_kind, petition_kind
from minutebook.charter.selectors import charter_in_force
from minutebook.ledger.views import add_service_errors
from minutebook.obligations.duties import obligation_duty
from minutebook.petitions import services
from minutebook.petitions.access import (
    Scope,
    can_see_signers,
    can_sign,
    can_withdraw_petition,
    can_withdraw_signature,
    petition_for_viewer,
    petitions_visible_to,
    sign_refusal,
    standing_signature,
)
from minutebook.petitions.forms import PetitionForm
from minutebook.petitions.models import Petition, PetitionStatus
from minutebook.petitions.selectors import petition_obligation, petition_progress, progress_words
from minutebook.web.actions import Outcome, action_view, tell

# Collecting first, then valid, then the rest; newest first within each.
_STATUS_ORDER = {
    PetitionStatus.COLLECTING: 0,
    PetitionStatus.REACHED: 1,
    PetitionStatus.FAILED: 2,
    PetitionStatus.WITHDRAWN: 3,
}


@login_required
def petition_list(request: HttpRequest) -> HttpResponse:
    require_insider(request.user)
    now = timezone.now()
    petitions = list(
        petitions_visible_to(request.user).select_related("responsible_body", "unit")[:500]
    )
    rows = []
    for petition in petitions:
        progress = petition_progress(petition)
        rows.append(
            {
                "petition": petition,
                "status": petition.status_at(now),
                "progress": progress,
                "words": progress_words(petition, progress),
            }
        )
    rows.sort(key=lambda row: _STATUS_ORDER[row["status"]])
    return render(
        request,
        "petitions/petition_list.html",
        {"rows": rows, "may_start": bool(_kinds_to_start(request.user))},
    )


def _kinds_to_start(user: Any) -> list[tuple[str, str]]:
    """The charter's kinds of petition `user` is entitled to sign, so may start."""
    charter = charter_in_force()
    member = member_of(user)
    kinds = []
    for kind in charter.petitions:
        scope = services.kind_scope(charter, kind, member)
        if scope is not None and sign_refusal(member, scope) is None:
            kinds.append((kind.id, kind.name))
    return kinds


@login_required
def petition_new(request: HttpRequest) -> HttpResponse:
    require_insider(request.user)
    kinds = _kinds_to_start(request.user)
    charter = charter_in_force()
    form = PetitionForm(request.POST or None, kinds=kinds, initial=request.GET.dict())
    if request.method == "POST" and form.is_valid():
        try:
            petition = services.petition_start(
                actor=request.user,
                kind=form.cleaned_data["kind"],
                title=form.cleaned_data["title"],
                demand=form.cleaned_data["demand"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Petition {petition.pk} started, with your signature.")
            return redirect("petitions:detail", pk=petition.pk)
    rules = [
        {"kind": kind, "words": describe_kind(charter, kind)}
        for kind in charter.petitions
        if kind.id in dict(kinds)
    ]
    return render(
        request, "petitions/petition_form.html", {"form": form, "rules": rules, "kinds": kinds}
    )


@login_required
def petition_detail(request: HttpRequest, pk: int) -> HttpResponse:
    petition = petition_for_viewer(request.user, pk)
    now = timezone.now()
    charter = petition.charter_version.charter
    kind = petition_kind(charter, petition.kind)
    progress = petition_progress(petition)
    obligation = petition_obligation(petition)
    signers_visible = can_see_signers(request.user, petition)
    context = {
        "petition": petition,
        "status": petition.status_at(now),
        "status_label": PetitionStatus(petition.status_at(now)).label,
        "progress": progress,
        "progress_words": progress_words(petition, progress),
        "rule": describe_kind(charter, kind),
        "kind": kind,
        "articles": [charter.article(article_id) for article_id in kind.articles],
        "signers_visible": signers_visible,
        "signatures": (
            petition.signatures.standing().select_related("member", "unit")
            if signers_visible
            else None
        ),
        "own_signature": standing_signature(request.user, petition),
        "may_sign": can_sign(request.user, petition, now),
        "may_unsign": can_withdraw_signature(request.user, petition, now),
        "may_withdraw": can_withdraw_petition(request.user, petition, now),
        "why_not": sign_refusal(member_of(request.user), Scope.of(petition)),
        "obligation": obligation,
        "duty": obligation_duty(obligation, timezone.localdate()) if obligation else None,
        # The obligation's own page follows the body's visibility; the petition's may not.
        "obligation_linked": obligation is not None
        and can_see_body_records(request.user, obligation.body),
    }
    return render(request, "petitions/petition_detail.html", context)


def _back(request: HttpRequest, petition: Petition, outcome: Outcome) -> HttpResponse:
    tell(request, outcome)
    return redirect("petitions:detail", pk=petition.pk)


def _button(service: Callable[..., object], done: str) -> Callable[..., HttpResponse]:
    """A button on a petition's page: `service(actor, petition)`; who may press it is the
    service's to say."""
    return action_view(
        lambda request, pk: petition_for_viewer(request.user, pk),
        lambda user, petition: service(actor=user, petition=petition),
        done,
        _back,
    )


petition_sign = _button(services.petition_sign, "You signed the petition.")
petition_unsign = _button(
    services.petition_withdraw_signature, "You withdrew your signature from the petition."
)
petition_withdraw = _button(services.petition_withdraw, "The petition is withdrawn.")
