"""`minutebook init --charter FILE`: a new organization from a charter, all or nothing."""

from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.db import connection

from minutebook.bodies.models import Body
from minutebook.charter.models import CharterVersion
from minutebook.cli import main
from minutebook.organization import OrganizationExists, organization_init

SMALL = Path(__file__).parent / "data" / "small-charter.yaml"


@pytest.fixture(autouse=True)
def no_migrations(monkeypatch):
    # The test database is already migrated; the command's own migrate step is not the subject.
    monkeypatch.setattr("minutebook.cli.migrate", lambda verbose=False: None)


def test_init_loads_the_charter_and_creates_the_administrator(db, capsys):
    assert main(["init", "--charter", str(SMALL), "--admin", "chief"]) == 0
    out = capsys.readouterr().out
    assert "Created Test Tenants' Union" in out
    password = out.split("shown once): ")[1].strip()
    chief = get_user_model().objects.get(username="chief")
    assert chief.is_superuser and chief.check_password(password)
    assert CharterVersion.objects.get().number == 1
    assert Body.objects.filter(slug="local-committee.east").exists()


def test_an_invalid_charter_is_reported_and_nothing_is_stored(db, tmp_path, capsys):
    broken = tmp_path / "broken.yaml"
    broken.write_text(SMALL.read_text().replace("parent: union}", "parent: nowhere}", 1))
    assert main(["init", "--charter", str(broken)]) == 1
    err = capsys.readouterr().err
    assert "broken.yaml:" in err and "nowhere" in err
    assert not CharterVersion.objects.exists()
    assert not get_user_model().objects.exists()


def test_a_second_init_names_the_organization_and_changes_nothing(db, monkeypatch, capsys):
    assert main(["init", "--charter", str(SMALL), "--admin-password", "correct horse"]) == 0
    capsys.readouterr()
    migrated = []
    monkeypatch.setattr("minutebook.cli.migrate", lambda verbose=False: migrated.append(1))
    users = get_user_model().objects.count()

    assert main(["init", "--charter", str(SMALL), "--admin", "other"]) == 1

    captured = capsys.readouterr()
    assert captured.out == ""
    first_line = captured.err.splitlines()[0]
    assert first_line.startswith("error: there is an organization already: Test Tenants' Union")
    assert "charter version 1" in first_line
    name = connection.settings_dict["NAME"]
    if connection.vendor == "sqlite":
        assert f"in the SQLite database {name}" in first_line
    else:
        assert f"in the PostgreSQL database '{name}' on " in first_line
    assert "Nothing was changed." in first_line
    assert "MINUTEBOOK_DATA" in captured.err
    assert migrated == []
    assert CharterVersion.objects.count() == 1
    assert get_user_model().objects.count() == users
    assert not get_user_model().objects.filter(username="other").exists()


def test_a_second_init_is_refused_whatever_the_charter_file(db, tmp_path, capsys):
    """The organization is named even when the new file is missing or broken: that is the
    mistake to hear about first."""
    assert main(["init", "--charter", str(SMALL), "--admin-password", "correct horse"]) == 0
    capsys.readouterr()

    assert main(["init", "--charter", str(tmp_path / "missing.yaml")]) == 1

    err = capsys.readouterr().err
    assert "there is an organization already: Test Tenants' Union" in err
    assert "cannot read" not in err


def test_the_service_refuses_a_second_organization_too(db):
    assert main(["init", "--charter", str(SMALL), "--admin-password", "correct horse"]) == 0

    with pytest.raises(OrganizationExists, match="Test Tenants' Union"):
        organization_init(
            charter_text=SMALL.read_text(),
            source_name="again.yaml",
            admin_username="other",
            admin_password="x",
        )
    assert CharterVersion.objects.count() == 1


def test_an_unreadable_file_is_reported(db, tmp_path, capsys):
    assert main(["init", "--charter", str(tmp_path / "missing.yaml")]) == 1
    assert "cannot read the charter" in capsys.readouterr().err
