"""`minutebook init --charter FILE`: a new organization from a charter, all or nothing."""

from pathlib import Path

import pytest
from django.contrib.auth import get_user_model

from minutebook.bodies.models import Body
from minutebook.charter.models import CharterVersion
from minutebook.cli import main

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


def test_a_second_init_is_refused(db, capsys):
    assert main(["init", "--charter", str(SMALL), "--admin-password", "correct horse"]) == 0
    assert main(["init", "--charter", str(SMALL), "--admin", "other"]) == 1
    assert "already" in capsys.readouterr().err
    assert CharterVersion.objects.count() == 1


def test_an_unreadable_file_is_reported(db, tmp_path, capsys):
    assert main(["init", "--charter", str(tmp_path / "missing.yaml")]) == 1
    assert "cannot read the charter" in capsys.readouterr().err
