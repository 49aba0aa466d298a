"""One error format for every 4xx answer of the API:

    {"detail": [{"field": "votes_for", "rule": "threshold", "message": "..."}, ...]}

`field` names the input at fault (null when no single field is), `message` says why in the
charter's words, `rule` names the check that failed. Ninja's own input validation, Django's
PermissionDenied and ValidationError, and the ledger's DecisionRefused all end up here."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from minutebook.charter.selectors import NoCharter
from minutebook.charter.spec import CharterInvalid
from minutebook.ledger.competence import Failure
from minutebook.ledger.services import DecisionRefused

# The input a failed competence rule is about, so a client can put the message by the field.
RULE_FIELDS = {
    "unchartered_body": "body",
    "unknown_type": "decision_type",
    "wrong_body": "body",
    "quorum": "present",
    "tally": "votes_for",
    "threshold": "votes_for",
    "notice": "notice_given",
    "rescind_target": "ends",
    "ends_type": "ends",
    "ends_closed": "ends",
    "rescind_competence": "ends",
    "rescind_authority": "ends",
    "recommendation": "recommended_by",
    "step_body": "body",
    "step_order": "decided_on",
    "step_late": "decided_on",
    "step_answered": "body",
    "outside_reference": "outside_reference",
    "amount": "amount",
    "affected_units": "affected_units",
    "protected": "ends",
}

STATUS_RULES = {
    400: "unreadable",
    401: "unauthenticated",
    403: "forbidden",
    404: "not_found",
    429: "throttled",
}


class ErrorDetail(Schema):
    field: str | None
    message: str
    rule: str | None = None
    articles: list[str] | None = None
    loc: list[str | int] | None = None


class ErrorOut(Schema):
    detail: list[ErrorDetail]


class ApiError(Exception):
    """An error the API itself finds, such as an unknown reference in a request body."""

    def __init__(self, status: int, *, field: str | None, message: str, rule: str = "invalid"):
        self.status = status
        self.field = field
        self.message = message
        self.rule = rule
        super().__init__(message)


def unknown(field: str, message: str) -> ApiError:
    """A reference in the request body that names nothing the user may see."""
    return ApiError(422, field=field, message=message, rule="unknown")


def failure_detail(failure: Failure) -> dict[str, Any]:
    return {
        "field": RULE_FIELDS.get(failure.rule),
        "rule": failure.rule,
        "message": failure.message,
        "articles": list(failure.articles),
    }


def _respond(api: NinjaAPI, request: HttpRequest, status: int, detail: Iterable[dict]):
    return api.create_response(request, {"detail": list(detail)}, status=status)


def _one(field: str | None, message: str, rule: str | None) -> list[dict]:
    return [{"field": field, "message": message, "rule": rule}]


def _field_from_loc(loc: Iterable[Any]) -> str | None:
    """("body", "payload", "votes", 0) -> "votes.0"; ("query", "limit") -> "limit"."""
    parts = list(loc)
    source, rest = (parts[0], parts[1:]) if parts else (None, [])
    if source == "body" and rest and rest[0] == "payload":
        rest = rest[1:]
    return ".".join(str(part) for part in rest) or None


def install_error_handlers(api: NinjaAPI) -> None:
    @api.exception_handler(NinjaValidationError)
    def input_invalid(request, exc: NinjaValidationError) -> HttpResponse:
        return _respond(
            api,
            request,
            422,
            (
                {
                    "field": _field_from_loc(error.get("loc", ())),
                    "message": error.get("msg", "invalid"),
                    "rule": error.get("type", "invalid"),
                    "loc": list(error.get("loc", ())),
                }
                for error in exc.errors
            ),
        )

    @api.exception_handler(HttpError)
    def http_error(request, exc: HttpError) -> HttpResponse:
        message = str(exc)
        if isinstance(exc, AuthenticationError) and message == "Unauthorized":
            message = "sign in, or send 'Authorization: Bearer <token>'"
        response = _respond(
            api,
            request,
            exc.status_code,
            _one(None, message, STATUS_RULES.get(exc.status_code, "error")),
        )
        if exc.status_code == 401:
            response["WWW-Authenticate"] = "Bearer"
        return response

    @api.exception_handler(Http404)
    def not_found(request, exc: Http404) -> HttpResponse:
        return _respond(api, request, 404, _one(None, str(exc) or "not found", "not_found"))

    @api.exception_handler(NoCharter)
    def no_charter(request, exc: NoCharter) -> HttpResponse:
        return _respond(api, request, 404, _one(None, str(exc), "no_charter"))

    @api.exception_handler(PermissionDenied)
    def forbidden(request, exc: PermissionDenied) -> HttpResponse:
        return _respond(
            api, request, 403, _one(None, str(exc) or "you may not do this", "forbidden")
        )

    @api.exception_handler(DjangoValidationError)
    def invalid(request, exc: DjangoValidationError) -> HttpResponse:
        if hasattr(exc, "error_dict"):
            detail = [
                {
                    "field": None if field == "__all__" else field,
                    "message": message,
                    "rule": "invalid",
                }
                for field, messages in exc.message_dict.items()
                for message in messages
            ]
        else:
            detail = [
                {"field": None, "message": message, "rule": "invalid"} for message in exc.messages
            ]
        return _respond(api, request, 422, detail)

    @api.exception_handler(DecisionRefused)
    def refused(request, exc: DecisionRefused) -> HttpResponse:
        return _respond(api, request, 422, (failure_detail(f) for f in exc.check.failures))

    @api.exception_handler(CharterInvalid)
    def charter_invalid(request, exc: CharterInvalid) -> HttpResponse:
        return _respond(
            api,
            request,
            422,
            (
                {"field": "new_charter_text", "message": str(problem), "rule": "charter_invalid"}
                for problem in exc.problems
            ),
        )

    @api.exception_handler(ApiError)
    def api_error(request, exc: ApiError) -> HttpResponse:
        return _respond(api, request, exc.status, _one(exc.field, exc.message, exc.rule))
