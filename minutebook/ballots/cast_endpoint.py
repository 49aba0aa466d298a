"""The ballot page's own cast (`POST /ballots/<pk>/cast/` from its htmx form), answered without
Django's request cycle, for the opening minute of a referendum when thousands press at once.

Through Django, a cast cost the server about 7 ms of CPU (the referendum benchmark, 10,000
presses), most of it not casting: each of the seven middlewares hops to a thread and back,
the session and the user are read by two queries of their own, in a thread of their own. Here
the casts that reach a worker together are handled together (`SocketCasts`): one query reads
all their sessions, one their users, `ballots.casting.casts_together` casts them in one
transaction, and each voter's answer is rendered from the same fragment as the view's; about
0.7 ms of CPU a cast (measured the same way).

Every guarantee of the view is kept by running Django's own code where it is cheap and
handing the request to Django where it is not plain:
- the host, HTTPS redirection and user agent (`SecurityMiddleware`, `CommonMiddleware`) and
  the CSRF check (`CsrfViewMiddleware`) run as they would, on a request built from the same
  scope; any objection, and the request goes to Django, which answers it as always;
- the session and its user are found as `django.contrib.auth.get_user` finds them (not
  expired, a backend of the settings, an active user, the session's hash verified with the
  current secret key), read for this batch only: a session ended by logging out is gone from
  the next batch. Any other case (no session, a fallback key's hash, another backend) goes to
  Django, which sends the visitor to sign in or cycles the session as always;
- a ballot the voter may not see (404) or vote in is answered by Django too;
- the answer carries the headers the middlewares would add (no caching, `Vary: Cookie`,
  security headers).
The plain form without JavaScript (no `HX-Request` header) and everything else go to Django.
When the settings use a middleware, session engine or option this module does not account
for, every request goes to Django (`fast_path_refusal` says why)."""

from __future__ import annotations

import io
import logging
import re
from importlib import import_module

from asgiref.sync import sync_to_async
from channels.db import database_sync_to_async
from django.conf import settings
from django.contrib.auth import (
    BACKEND_SESSION_KEY,
    HASH_SESSION_KEY,
    SESSION_KEY,
    get_user_model,
    load_backend,
)
from django.contrib.auth.backends import ModelBackend
from django.contrib.sessions.models import Session
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.handlers.asgi import ASGIRequest
from django.http import Http404, HttpResponse
from django.middleware.clickjacking import XFrameOptionsMiddleware
from django.middleware.common import CommonMiddleware
from django.middleware.csrf import CsrfViewMiddleware
from django.middleware.security import SecurityMiddleware
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.cache import add_never_cache_headers, patch_vary_headers
from django.utils.crypto import constant_time_compare

from minutebook.ballots import casting
from minutebook.votes.casting import SocketCasts

logger = logging.getLogger(__name__)

CAST_PATH = re.compile(r"/ballots/(?P<pk>[0-9]+)/cast/")
LARGEST_ID = 2**63 - 1  # a primary key's largest value (BigAutoField)
LARGEST_FORM = 64 * 1024  # a cast's form is a few dozen bytes; a larger one goes to Django

# What each middleware of the settings does for a cast, and where this module does it.
ACCOUNTED_FOR = {
    "django.middleware.security.SecurityMiddleware": "run on the request and the answer",
    "whitenoise.middleware.WhiteNoiseMiddleware": "serves static files only",
    "django.contrib.sessions.middleware.SessionMiddleware": "read per batch, never changed",
    "django.middleware.common.CommonMiddleware": "run on the request and the answer",
    "django.middleware.csrf.CsrfViewMiddleware": "run on the request",
    "django.contrib.auth.middleware.AuthenticationMiddleware": "read per batch",
    "django.contrib.messages.middleware.MessageMiddleware": "the answer has no messages",
    "django.middleware.clickjacking.XFrameOptionsMiddleware": "run on the answer",
}


def fast_path_refusal() -> str:
    """Why the settings keep casts on Django's own path, or "" when they need not."""
    unknown = [m for m in settings.MIDDLEWARE if m not in ACCOUNTED_FOR]
    if unknown:
        return f"the middleware {', '.join(unknown)} is not accounted for"
    if settings.SESSION_ENGINE != "django.contrib.sessions.backends.db":
        return f"the session engine {settings.SESSION_ENGINE} is not the database's"
    if settings.SESSION_SAVE_EVERY_REQUEST:
        return "SESSION_SAVE_EVERY_REQUEST saves the session with every answer"
    if settings.CSRF_USE_SESSIONS:
        return "CSRF_USE_SESSIONS keeps the CSRF secret in the session"
    if settings.FORCE_SCRIPT_NAME:
        return "FORCE_SCRIPT_NAME puts the site under a prefix the answer's links must carry"
    return ""


def _plain_backends() -> set[str]:
    """The authentication backends whose `get_user` is ModelBackend's: the user by primary key
    from the default manager, if `user_can_authenticate`."""
    return {
        path
        for path in settings.AUTHENTICATION_BACKENDS
        if isinstance(backend := load_backend(path), ModelBackend)
        and type(backend).get_user is ModelBackend.get_user
    }


def signed_in_users(session_keys: list[str]) -> dict[str, object]:
    """The user each of these sessions is signed in as, exactly as
    `django.contrib.auth.get_user` would find them, for the sessions where it finds them
    without changing the session. The others are absent: no such session or an expired one,
    no user, an inactive one, a backend that is not ModelBackend's, a hash that only a
    fallback secret key verifies (Django cycles that session), or none (Django flushes it)."""
    store = import_module(settings.SESSION_ENGINE).SessionStore()
    rows = Session.objects.filter(
        session_key__in=set(session_keys), expire_date__gt=timezone.now()
    ).values_list("session_key", "session_data")
    User = get_user_model()
    backends = {path: load_backend(path) for path in _plain_backends()}
    claimed: dict[str, tuple] = {}
    for key, data in rows:
        session = store.decode(data)  # {} when tampered with
        try:
            user_id = User._meta.pk.to_python(session[SESSION_KEY])
            backend = backends[session[BACKEND_SESSION_KEY]]
        except (KeyError, ValidationError):
            continue
        claimed[key] = (user_id, backend, session.get(HASH_SESSION_KEY))
    users = User._default_manager.in_bulk({user_id for user_id, *_ in claimed.values()})
    found = {}
    for key, (user_id, backend, session_hash) in claimed.items():
        user = users.get(user_id)
        if user is None or not backend.user_can_authenticate(user):
            continue
        if session_hash and constant_time_compare(session_hash, user.get_session_auth_hash()):
            found[key] = user
    return found


TO_DJANGO = {"to_django": True}


def casts_of_sessions(casts: list[tuple[str, int, object]]) -> list[dict]:
    """(session key, ballot id, the form's data) for each press → the answer's HTML, or
    TO_DJANGO for those Django answers (not signed in plainly, or refused a ballot they may
    not see or vote in: a 404 or 403 page)."""
    users = signed_in_users([key for key, _, _ in casts])
    plain = [position for position, (key, _, _) in enumerate(casts) if key in users]
    answers: list[dict] = [TO_DJANGO] * len(casts)
    cast = casting.casts_together([(users[casts[p][0]], casts[p][1], casts[p][2]) for p in plain])
    for position, answer in zip(plain, cast, strict=True):
        refusal = answer["refusal"]
        if isinstance(refusal, Http404 | PermissionDenied):
            continue
        fragment = {
            "ballot": answer["ballot"],
            "cast": answer["cast"],
            "error": "; ".join(refusal.messages) if refusal is not None else "",
        }
        answers[position] = {"html": render_to_string("ballots/your_vote.html", fragment)}
    return answers


_casts_apart = database_sync_to_async(casts_of_sessions, thread_sensitive=False)
_casts_in_views_thread = sync_to_async(casts_of_sessions, thread_sensitive=True)


async def _cast_many(casts: list[tuple]) -> list[dict]:
    # As `ballots.casting._cast_many`: on PostgreSQL in a pooled connection of their own.
    logger.info("%d cast(s) from ballot pages together", len(casts))
    if casting.casts_apart():
        return await _casts_apart(casts)
    return await _casts_in_views_thread(casts)


class BallotCastEndpoint:
    """The ASGI application for HTTP: casts from the ballot page's htmx form here, everything
    else to `django_app` (Django's ASGIHandler)."""

    def __init__(self, django_app):
        self.django_app = django_app
        self.refusal = fast_path_refusal()
        if self.refusal:
            logger.warning("casts go through Django's request cycle: %s", self.refusal)
        self._security = SecurityMiddleware(_no_response)
        self._common = CommonMiddleware(_no_response)
        self._csrf = CsrfViewMiddleware(_no_response)
        self._frame = XFrameOptionsMiddleware(_no_response)
        self._batches = SocketCasts(_cast_many)

    async def __call__(self, scope, receive, send):
        if self.refusal or not _is_htmx_cast(scope):
            return await self.django_app(scope, receive, send)
        body, complete = await _read_form(receive)
        if body is None:  # the client went away
            return None
        if not complete:
            return await self.django_app(scope, _replay(body, receive, more=True), send)
        request = self._checked_request(scope, body)
        session_key = request and request.COOKIES.get(settings.SESSION_COOKIE_NAME)
        if not session_key:
            return await self.django_app(scope, _replay(body, receive), send)
        ballot_id = int(CAST_PATH.fullmatch(request.path_info)["pk"])
        if ballot_id > LARGEST_ID:  # no such ballot: not worth a place in a batch
            return await self.django_app(scope, _replay(body, receive), send)
        answer = await self._batches.cast(session_key, ballot_id, request.POST)
        if answer.get("to_django"):
            return await self.django_app(scope, _replay(body, receive), send)
        if "html" not in answer:  # the whole batch failed (SocketCasts logged why)
            answer = {
                "html": render_to_string("ballots/your_vote.html", {"error": answer["error"]})
            }
        await self.django_app.send_response(self._answer(request, answer["html"]), send)
        return None

    def _checked_request(self, scope, body: bytes) -> ASGIRequest | None:
        """The request, if Django's middlewares let it through untouched: None if any of them
        would answer it itself (a redirect, a refusal) or set a cookie."""
        try:
            request = ASGIRequest(scope, io.BytesIO(body))
            if CAST_PATH.fullmatch(request.path_info) is None:
                return None
            for step in (self._security.process_request, self._common.process_request):
                if step(request) is not None:
                    return None
            self._csrf.process_request(request)
            if self._csrf.process_view(request, None, (), {}) is not None:
                return None
            if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
                return None
        except Exception:  # noqa: BLE001 - Django answers it (400, 403...) as it always does
            return None
        return request

    def _answer(self, request, html: str) -> HttpResponse:
        """The fragment with the headers Django's view and middlewares give it."""
        response = HttpResponse(html)
        add_never_cache_headers(response)
        patch_vary_headers(response, ("Cookie",))  # the session was read
        response = self._frame.process_response(request, response)
        response = self._common.process_response(request, response)
        return self._security.process_response(request, response)


def _no_response(request):
    raise AssertionError("only the middlewares' request and response steps are run")


def _is_htmx_cast(scope) -> bool:
    if scope["type"] != "http" or scope["method"] != "POST":
        return False
    if scope.get("root_path"):  # served under a prefix, which Django sets for the links
        return False
    if not scope["path"].startswith("/ballots/") or not scope["path"].endswith("/cast/"):
        return False
    return any(name == b"hx-request" and value == b"true" for name, value in scope["headers"])


async def _read_form(receive) -> tuple[bytes | None, bool]:
    """The request's body, whether it was read completely (not when larger than a cast's form
    can be), or None if the client went away."""
    parts, size = [], 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            return None, False
        parts.append(message.get("body", b""))
        size += len(parts[-1])
        if not message.get("more_body", False):
            return b"".join(parts), True
        if size > LARGEST_FORM:
            return b"".join(parts), False


def _replay(body: bytes, receive, *, more: bool = False):
    """A `receive` that gives what was read already, then what the client still sends
    (`more`), or waits for the client to go away."""
    given = False

    async def replayed():
        nonlocal given
        if not given:
            given = True
            return {"type": "http.request", "body": body, "more_body": more}
        return await receive()

    return replayed
