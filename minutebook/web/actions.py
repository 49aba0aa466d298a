"""The shape the pages' buttons share: a POST that finds its record through an access function,
runs one service on it, and answers with what happened (the service's own words when it
refuses). The meeting, floor and motion pages each say how they answer; the rest is here.

Refusals are the ValidationErrors a service raises (or the narrower class a page names);
PermissionDenied and Http404 from the access functions and services pass through, as 403
and 404."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.views.decorators.http import require_POST


@dataclass(frozen=True)
class Outcome:
    """What became of an action: `done` when it went through, `error` when it was refused."""

    done: str = ""
    error: str = ""


def attempt(
    call: Callable[[], object], done: str, *, refused: type[ValidationError] = ValidationError
) -> Outcome:
    """Run one service; a refusal becomes the outcome's error, in the service's words."""
    try:
        call()
    except refused as error:
        return Outcome(error=" ".join(error.messages))
    return Outcome(done=done)


def tell(request, outcome: Outcome) -> None:
    """The outcome as a message on the next page (nothing for a quiet success)."""
    if outcome.error:
        messages.error(request, outcome.error)
    elif outcome.done:
        messages.success(request, outcome.done)


def action_view(
    find: Callable[..., Any],
    service: Callable[[Any, Any], object],
    done: str | Callable[[Any], str],
    answer: Callable[[Any, Any, Outcome], HttpResponse],
    *,
    refused: type[ValidationError] = ValidationError,
):
    """A view for a button that posts nothing but itself.

    `find(request, **url_arguments)` gives the record (raising Http404 or PermissionDenied as
    the access rules say), `service(user, record)` acts on it, `done` says what happened (or
    says it of the record), and `answer(request, record, outcome)` is the response."""

    @login_required
    @require_POST
    def view(request, **url_arguments):
        record = find(request, **url_arguments)
        said = done(record) if callable(done) else done
        return answer(
            request, record, attempt(lambda: service(request.user, record), said, refused=refused)
        )

    return view
