import datetime as dt
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model

DATA = Path(__file__).parent / "data"
TODAY = dt.date(2026, 6, 1)


@pytest.fixture
def small_charter_text() -> str:
    return (DATA / "small-charter.yaml").read_text()


@pytest.fixture
def org(db, small_charter_text):
    """The small test union with its founding charter, an administrator, a secretary and
    members in each local, and seats on every body."""
    from tests.factories import build_small_union

    return build_small_union(small_charter_text)


@pytest.fixture
def admin_user(org):
    return org.admin


@pytest.fixture
def outsider(db):
    return get_user_model().objects.create_user(username="outsider", password="pw-outsider-1")


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Real key derivation costs half a second per user; tests need no protection."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
