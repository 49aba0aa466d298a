"""The charter changes only through a recorded charter.amend decision of a competent body."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from minutebook.bodies.models import Body
from minutebook.charter.models import CharterVersion, Unit
from minutebook.charter.selectors import charter_in_force
from minutebook.charter.services import CharterAlreadyInstalled, charter_install_founding
from minutebook.charter.spec import CharterInvalid
from minutebook.ledger.services import DecisionRefused
from tests.factories import record

DAY = dt.date(2026, 6, 1)


def amended(text: str) -> str:
    return text.replace(
        "  - {id: west, name: West Local, kind: local, parent: union}\n",
        "  - {id: north, name: North Local, kind: local, parent: union}\n",
    )


def test_a_regular_amendment_puts_a_new_version_in_force_and_keeps_the_old(org, small_charter_text):
    decision = record(
        org.bodies["assembly"],
        "charter.amend",
        yes=5,
        no=1,
        decided_on=DAY,
        notice_given=True,
        new_charter_text=amended(small_charter_text),
    )
    versions = list(CharterVersion.objects.order_by("number"))
    assert [v.number for v in versions] == [1, 2]
    assert versions[1].adopted_by == decision
    assert versions[0].charter.unit("west").name == "West Local"
    assert [u.id for u in charter_in_force().units] == ["union", "east", "north"]
    assert not Unit.objects.get(slug="west").is_active
    assert Body.objects.get(slug="local-committee.north").is_active
    assert not Body.objects.get(slug="local-committee.west").is_active
    assert decision.charter_version.number == 1  # checked against the charter it changed


def test_the_wrong_body_cannot_amend_the_charter(org, small_charter_text):
    with pytest.raises(DecisionRefused):
        record(
            org.bodies["council"],
            "charter.amend",
            yes=5,
            no=0,
            decided_on=DAY,
            notice_given=True,
            new_charter_text=amended(small_charter_text),
        )
    assert CharterVersion.objects.count() == 1


def test_an_irregular_amendment_is_recorded_but_changes_nothing(org, small_charter_text):
    decision = record(
        org.bodies["council"],
        "charter.amend",
        yes=5,
        no=0,
        decided_on=DAY,
        new_charter_text=amended(small_charter_text),
        irregular_reason="The council overstepped.",
    )
    assert decision.irregular
    assert CharterVersion.objects.count() == 1


def test_an_invalid_amended_charter_is_refused_whole(org, small_charter_text):
    broken = small_charter_text.replace("parent: union}", "parent: nowhere}", 1)
    with pytest.raises(CharterInvalid):
        record(
            org.bodies["assembly"],
            "charter.amend",
            yes=5,
            no=1,
            decided_on=DAY,
            notice_given=True,
            new_charter_text=broken,
        )
    assert CharterVersion.objects.count() == 1


def test_an_amendment_must_carry_the_new_text(org):
    with pytest.raises(ValidationError):
        record(
            org.bodies["assembly"], "charter.amend", yes=5, no=1, decided_on=DAY, notice_given=True
        )


def test_the_founding_charter_is_installed_once(org, small_charter_text):
    with pytest.raises(CharterAlreadyInstalled):
        charter_install_founding(actor=None, text=small_charter_text, source_name="again.yaml")


def test_a_charter_with_errors_stores_nothing(db):
    with pytest.raises(CharterInvalid):
        charter_install_founding(
            actor=None, text="minutebook_charter: 1\norganization: {}\n", source_name="bad.yaml"
        )
    assert not CharterVersion.objects.exists()
    assert not Unit.objects.exists()
