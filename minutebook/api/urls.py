"""The API: `/api/v1/...`, its OpenAPI schema at `/api/openapi.json` and its docs at `/api/docs`.

The docs page uses the Swagger UI files that ninja ships (ninja is in INSTALLED_APPS, so its
templates load them through `{% static %}`), and the online validator badge is switched off,
so the page loads nothing from another site."""

from __future__ import annotations

from ninja import NinjaAPI, Router, Swagger

from minutebook.api.auth import token_or_session
from minutebook.api.errors import install_error_handlers
from minutebook.api.routers import (
    ballots,
    bodies,
    charter,
    decisions,
    floor,
    journal,
    meetings,
    member_requests,
    members,
    motions,
    obligations,
    petitions,
    tokens,
    votes,
)

api = NinjaAPI(
    title="Minutebook API",
    version="1",
    description="The organization's record: charter, units, bodies and seats, members, "
    "decisions. Every list and detail shows only what the charter lets the caller see.",
    urls_namespace="api",
    auth=token_or_session,
    docs=Swagger(settings={"validatorUrl": None}),
)
install_error_handlers(api)

v1 = Router()
for area in (tokens, charter, bodies, members, decisions, journal, meetings, motions, votes, floor):
    v1.add_router("", area.router)
v1.add_router("", petitions.router)
v1.add_router("", obligations.router)
v1.add_router("", ballots.router)
v1.add_router("", member_requests.router)
api.add_router("/v1", v1)
