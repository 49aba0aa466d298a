"""Creating an organization: the founding charter and its first administrator."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import connection, transaction

from minutebook.charter.models import CharterVersion
from minutebook.charter.services import charter_install_founding


class OrganizationExists(ValueError):
    """The database holds an organization already: `init` would mix a second one into it."""


@dataclass(frozen=True)
class Created:
    name: str
    admin_username: str
    generated_password: str | None


@transaction.atomic
def organization_init(
    *, charter_text: str, source_name: str, admin_username: str, admin_password: str | None
) -> Created:
    """Install the founding charter and create the administrator, all or nothing."""
    existing = organization_found()
    if existing is not None:
        raise OrganizationExists(existing)
    User = get_user_model()
    if User.objects.filter(username=admin_username).exists():
        raise ValueError(f"the login '{admin_username}' already exists")
    version = charter_install_founding(actor=None, text=charter_text, source_name=source_name)
    generated = None if admin_password else secrets.token_urlsafe(12)
    User.objects.create_superuser(
        username=admin_username, email="", password=admin_password or generated
    )
    return Created(version.charter.name, admin_username, generated)


def organization_found() -> str | None:
    """What the database already holds, in words ("Harbour Tenants' Union (charter version 2,
    in force since 2026-11-23) in the SQLite database /srv/minutebook-data/minutebook.sqlite3"),
    or None for a database without an organization. Reads only: it is asked before migrating,
    so a database that has never been migrated counts as empty."""
    if CharterVersion._meta.db_table not in connection.introspection.table_names():
        return None
    version = CharterVersion.objects.order_by("-number").first()
    if version is None:
        return None
    return (
        f"{version.charter.name} (charter version {version.number}, in force since "
        f"{version.in_force_from:%Y-%m-%d}) in {database_words()}"
    )


def database_words() -> str:
    """The database in use, for messages: a file, or a server's database (never a password)."""
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"the SQLite database {settings['NAME']}"
    host = settings.get("HOST") or "localhost"
    port = f":{settings['PORT']}" if settings.get("PORT") else ""
    return f"the {connection.display_name} database '{settings['NAME']}' on {host}{port}"
