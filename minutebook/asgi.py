import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "minutebook.settings")
django_asgi_app = get_asgi_application()

from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from channels.security.websocket import AllowedHostsOriginValidator  # noqa: E402

from minutebook.live.sessions import WebsocketAuthStack  # noqa: E402
from minutebook.routing import websocket_urlpatterns  # noqa: E402

application = ProtocolTypeRouter(
    {
        "http": django_asgi_app,
        "websocket": AllowedHostsOriginValidator(
            # The session is read, never saved, by a websocket: `send` is not wrapped.
            WebsocketAuthStack(URLRouter(websocket_urlpatterns))
        ),
    }
)
