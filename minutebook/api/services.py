"""Personal API tokens: issuing, revoking and recognising them."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from minutebook.api.models import ApiToken
from minutebook.journal.services import journal_append

TOKEN_PREFIX = "mb_"
# Recording every single use would turn each read into a write; a minute's precision is
# enough to tell whether a token is still in use.
LAST_USED_PRECISION = dt.timedelta(minutes=1)


def token_hash(plaintext: str) -> str:
    return hashlib.sha256(plaintext.encode("utf-8")).hexdigest()


@transaction.atomic
def api_token_create(*, actor, name: str) -> tuple[ApiToken, str]:
    """Issue a token for the actor. Returns the token row and the token itself, which is
    stored nowhere and cannot be shown again."""
    if not (actor and actor.is_authenticated and actor.is_active):
        raise PermissionDenied("only a signed-in user can create API tokens")
    name = name.strip()
    if not name:
        raise ValidationError({"name": "give the token a name, so you can tell it apart later"})
    if len(name) > ApiToken._meta.get_field("name").max_length:
        raise ValidationError({"name": "a token name has at most 100 characters"})
    plaintext = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(user=actor, name=name, token_hash=token_hash(plaintext))
    journal_append(
        actor=actor,
        action="api_token.create",
        obj=token,
        summary=f"API token '{name}' created for {actor.get_username()}",
        after={"user": actor.get_username(), "name": name},
    )
    return token, plaintext


@transaction.atomic
def api_token_revoke(*, actor, token: ApiToken) -> ApiToken:
    """Revoke one of the actor's own tokens. Revoking twice changes nothing."""
    if not (actor and actor.is_authenticated) or token.user_id != actor.pk:
        raise PermissionDenied("you can revoke only your own tokens")
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked_at is not None:
        return token
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    journal_append(
        actor=actor,
        action="api_token.revoke",
        obj=token,
        summary=f"API token '{token.name}' of {actor.get_username()} revoked",
        before={"revoked": False},
        after={"revoked": True},
    )
    return token


def api_token_user(plaintext: str):
    """The active user a presented token belongs to, or None for an unknown, revoked or
    disabled one. Notes when the token was last used."""
    token = (
        ApiToken.objects.select_related("user")
        .filter(token_hash=token_hash(plaintext), revoked_at__isnull=True)
        .first()
    )
    if token is None or not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_PRECISION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
