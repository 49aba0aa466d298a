"""Django settings, read from the environment through small typed helpers.

Organisation policy (quorums, thresholds, notice periods) is never here: it lives in the charter.
"""

import os
import secrets
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if not value:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


DATA_DIR = Path(env_str("MINUTEBOOK_DATA", "minutebook-data")).resolve()


def _secret_key() -> str:
    """Use SECRET_KEY if given; otherwise generate one once and keep it in the data directory,
    so sessions survive a restart without anybody having to invent a key."""
    if key := env_str("SECRET_KEY"):
        return key
    key_file = DATA_DIR / "secret_key"
    if key_file.exists():
        return key_file.read_text().strip()
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(50)
    key_file.write_text(key)
    key_file.chmod(0o600)
    return key


SECRET_KEY = _secret_key()
DEBUG = env_bool("DEBUG")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "daphne",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "channels",
    "ninja",
    "minutebook.journal",
    "minutebook.charter",
    "minutebook.members",
    "minutebook.bodies",
    "minutebook.ledger",
    "minutebook.meetings",
    "minutebook.obligations",
    "minutebook.motions",
    "minutebook.votes",
    "minutebook.ballots",
    "minutebook.floor",
    "minutebook.petitions",
    "minutebook.member_requests",
    "minutebook.web",
    "minutebook.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "minutebook.urls"
ASGI_APPLICATION = "minutebook.asgi.application"
WSGI_APPLICATION = None

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "minutebook.web.context_processors.layout",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{DATA_DIR / 'minutebook.sqlite3'}"),
        conn_max_age=0,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers go on while a writer commits; IMMEDIATE avoids deadlocks between writers.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA busy_timeout=5000;",
    }
elif pool_size := int(env_str("MINUTEBOOK_DB_POOL", "0")):
    # Each concurrent request runs in a thread of its own with a connection of its own: under
    # a burst (thousands casting at once) a worker would open hundreds and PostgreSQL refuse
    # them. A pool of MINUTEBOOK_DB_POOL connections per worker makes the rest wait instead.
    DATABASES["default"]["OPTIONS"] = {
        "pool": {"min_size": 1, "max_size": pool_size, "timeout": 60}
    }

if redis_url := env_str("REDIS_URL"):
    CHANNEL_LAYERS = {
        "default": {
            # Redis publish/subscribe: an event to a meeting is published once, and each
            # worker hands it to its own participants' sockets. (The list-based layer queues a
            # copy per participant in Redis: with thousands in a meeting, every event costs
            # thousands of writes and reads.)
            "BACKEND": "channels_redis.pubsub.RedisPubSubChannelLayer",
            # redis-py 8 gives up reading after 5 s by default.
            # A worker holding thousands of websockets needs more than redis-py's default of
            # 100 connections at the moments they all join or leave their groups.
            "CONFIG": {
                "hosts": [{"address": redis_url, "socket_timeout": 30, "max_connections": 2000}]
            },
        }
    }
else:
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}

# The shortest time, in seconds, between two live events announcing a burst of ballots or
# check-ins (see minutebook/live/coalesce.py); 0 announces every single one.
MINUTEBOOK_LIVE_INTERVAL = float(env_str("MINUTEBOOK_LIVE_INTERVAL", "0.25"))
# ... and longer for a large audience: a burst asks at most this many deliveries a second of
# the workers together (an event to 5,000 screens then goes out every 0.4 s).
MINUTEBOOK_LIVE_DELIVERIES = float(env_str("MINUTEBOOK_LIVE_DELIVERIES", "12500"))
# With several workers, the interval holds across them through a short-lived Redis key.
MINUTEBOOK_LIVE_REDIS_URL = env_str("REDIS_URL")
# Seconds between two runs of the ballots' tick in `minutebook serve` (opens and closes
# ballots outside meetings at their times); 0 leaves it to `manage ballots_tick` from cron.
MINUTEBOOK_BALLOT_TICK = float(env_str("MINUTEBOOK_BALLOT_TICK", "5"))

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en"
TIME_ZONE = env_str("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
# WhiteNoise serves the apps' static files straight from the finders; the (empty) root only
# keeps it from warning on every request.
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STORAGES = {
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES")
CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING").upper()},
}
