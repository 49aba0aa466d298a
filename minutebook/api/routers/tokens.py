"""The caller's own personal API tokens."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.http import Http404
from ninja import Query, Router, Schema, Status

from minutebook.api.auth import session_auth
from minutebook.api.errors import ErrorOut
from minutebook.api.models import ApiToken
from minutebook.api.pagination import PageParams, paginate
from minutebook.api.services import api_token_create, api_token_revoke

router = Router(tags=["tokens"])
ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut}


class TokenOut(Schema):
    id: int
    name: str
    created_at: dt.datetime
    last_used_at: dt.datetime | None
    revoked_at: dt.datetime | None


class TokenCreatedOut(TokenOut):
    token: str


class TokenPage(Schema):
    count: int
    limit: int
    offset: int
    items: list[TokenOut]


class TokenIn(Schema):
    name: str


def _token_out(token: ApiToken) -> dict:
    return {
        "id": token.pk,
        "name": token.name,
        "created_at": token.created_at,
        "last_used_at": token.last_used_at,
        "revoked_at": token.revoked_at,
    }


def _own_token(user, token_id: int) -> ApiToken:
    token = ApiToken.objects.filter(pk=token_id, user=user).first()
    if token is None:
        raise Http404(f"no token {token_id}")
    return token


@router.post(
    "/tokens",
    auth=session_auth,
    response={201: TokenCreatedOut, **ERRORS, 422: ErrorOut},
    summary="Create a token (signed-in browser session only)",
)
def token_create(request, payload: TokenIn):
    """The token is in the answer and nowhere else: store it now. A token cannot create
    further tokens, so a leaked one cannot be used to keep a way in after it is revoked."""
    with transaction.atomic():
        token, plaintext = api_token_create(actor=request.auth, name=payload.name)
    return Status(201, {**_token_out(token), "token": plaintext})


@router.get("/tokens", response={200: TokenPage, **ERRORS}, summary="Your tokens")
def tokens_list(request, page: Query[PageParams]):
    return paginate(ApiToken.objects.filter(user=request.auth), page, _token_out)


@router.delete(
    "/tokens/{int:token_id}",
    response={200: TokenOut, **ERRORS},
    summary="Revoke one of your tokens",
)
def token_revoke(request, token_id: int):
    with transaction.atomic():
        token = api_token_revoke(actor=request.auth, token=_own_token(request.auth, token_id))
    return _token_out(token)
