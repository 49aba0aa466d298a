"""Creating an organization: the founding charter and its first administrator."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction

from minutebook.charter.services import charter_install_founding


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
    User = get_user_model()
    if User.objects.filter(username=admin_username).exists():
        raise ValueError(f"the login '{admin_username}' already exists")
    version = charter_install_founding(actor=None, text=charter_text, source_name=source_name)
    generated = None if admin_password else secrets.token_urlsafe(12)
    User.objects.create_superuser(
        username=admin_username, email="", password=admin_password or generated
    )
    return Created(version.charter.name, admin_username, generated)
