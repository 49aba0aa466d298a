"""The session and user of a websocket, read from its cookie.

Channels' session middleware wraps `send` so that it can save a changed session with the
response; a websocket of ours never changes the session, and with that wrapper every live
event to every socket would pass its checks (a third of the cost of a delivery, measured).
This stack reads the session and leaves `send` alone."""

from __future__ import annotations

from importlib import import_module

from channels.auth import AuthMiddleware
from channels.sessions import CookieMiddleware
from django.conf import settings


class ReadSessionMiddleware:
    def __init__(self, inner):
        self.inner = inner
        self.session_store = import_module(settings.SESSION_ENGINE).SessionStore

    async def __call__(self, scope, receive, send):
        session_key = scope["cookies"].get(settings.SESSION_COOKIE_NAME)
        return await self.inner(dict(scope, session=self.session_store(session_key)), receive, send)


def WebsocketAuthStack(inner):  # noqa: N802 (named like Channels' AuthMiddlewareStack)
    return CookieMiddleware(ReadSessionMiddleware(AuthMiddleware(inner)))
