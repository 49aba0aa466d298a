import gc
import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "minutebook.settings")
django_asgi_app = get_asgi_application()

from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from channels.security.websocket import AllowedHostsOriginValidator  # noqa: E402

from minutebook.ballots.cast_endpoint import BallotCastEndpoint  # noqa: E402
from minutebook.live.sessions import WebsocketAuthStack  # noqa: E402
from minutebook.routing import websocket_urlpatterns  # noqa: E402

application = ProtocolTypeRouter(
    {
        # The ballot page's casts, thousands at a referendum's opening, without Django's
        # request cycle (and its guarantees kept); everything else through it.
        "http": BallotCastEndpoint(django_asgi_app),
        "websocket": AllowedHostsOriginValidator(
            # The session is read, never saved, by a websocket: `send` is not wrapped.
            WebsocketAuthStack(URLRouter(websocket_urlpatterns))
        ),
    }
)


def _load_what_requests_need() -> None:
    """Import every view (the URLconf) and compile the project's templates now, as the worker
    starts, rather than in the first request or ballot it handles. A worker that had held
    only websockets when a vote of 5,000 opened spent 3.8 s rendering its first ballot's
    answer (which links to a page), importing every view on two busy cores while the ballots
    of its 1,250 sockets piled up behind it (measured); idle, it takes about 0.45 s."""
    from pathlib import Path

    from django.conf import settings
    from django.template.loader import get_template
    from django.urls import get_resolver

    get_resolver().reverse_dict  # noqa: B018  (populated on first use)
    for directory in settings.TEMPLATES[0]["DIRS"]:
        for template in Path(directory).rglob("*.html"):
            get_template(template.relative_to(directory).as_posix())


def _collect_garbage_seldom() -> None:
    """Keep Python's garbage collector from stopping a worker for long in a busy meeting.

    A worker holds hundreds of thousands of objects: what it imported, and about 150 per live
    socket. A full collection scans them all, stopping every thread of the worker for
    0.2-0.7 s on two busy cores (measured in the 5,000-delegate benchmark, where such pauses
    in the middle of a vote held ballots back for seconds), and with the default thresholds
    one ran every few seconds while ballots came in. Frozen, what was imported is never
    scanned again (it lives as long as the worker anyway); and a young generation of 50,000
    instead of 700 lets the objects of a batch of ballots die before a collection can promote
    them, so that the older generations, and with them full collections, grow slowly."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(50_000, 20, 10)


_load_what_requests_need()
_collect_garbage_seldom()  # after loading: what was loaded is frozen too
