"""How a request says who it comes from: a personal token, or the browser's session.

The session is checked for CSRF on unsafe methods (ninja's SessionAuth does that); a token
is not, since a browser never sends it on its own."""

from __future__ import annotations

from ninja.errors import AuthenticationError
from ninja.security import HttpBearer, SessionAuth

from minutebook.api.services import api_token_user


class TokenAuth(HttpBearer):
    def authenticate(self, request, token: str):
        user = api_token_user(token)
        if user is None:
            # A wrong token is an error even when a session cookie comes along with it: a
            # script must learn that its token no longer works.
            raise AuthenticationError(message="the token is unknown or revoked")
        return user


token_auth = TokenAuth()
session_auth = SessionAuth(csrf=True)
# Tried in this order; the first that recognises the request wins.
token_or_session = [token_auth, session_auth]
