"""A member's page says what they may vote in and stand for, and why not (to the member and
to administrators only); dues are recorded one by one or imported, all or nothing. The rules
are those of tests/bodies/eligibility_world.py; the test world's clock stands on
23 November 2026."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import CommandError, call_command
from django.test import Client

from minutebook.journal.models import JournalEntry
from minutebook.members.models import Member
from minutebook.members.services import dues_import, member_record_birth_date, member_record_dues
from tests.ballots.conftest import ballot_charter_text
from tests.bodies.eligibility_world import dues_paid, enforce


@pytest.fixture
def small_charter_text() -> str:
    return ballot_charter_text()


@pytest.fixture
def rules(org, monkeypatch):
    enforce(monkeypatch, ballot_charter_text())
    dues_paid(*Member.objects.all())


def page(user, member) -> str:
    client = Client()
    client.force_login(user)
    response = client.get(f"/members/{member.membership_number}/")
    assert response.status_code == 200
    return response.content.decode()


def test_the_member_sees_when_they_may_stand(org, rules):
    member = org.members["east-member"]

    html = page(org.user("east-member"), member)

    assert "May vote and stand" in html
    assert 'data-eligibility-body="trustees" data-eligible="no"' in html
    assert "[rule trustees-seniority]" not in html  # the page shows the rule on its own
    assert "rule trustees-seniority" in html
    assert "Eligible to stand from 10 January 2027" in html
    assert 'data-eligibility-body="council" data-eligible="yes"' in html


def test_dues_in_arrears_show_on_the_members_own_page(org, rules):
    member = org.members["east-member"]
    dues_paid(member, until=dt.date(2026, 9, 22))  # two months: standing until 22 November

    html = page(org.user("east-member"), member)

    assert "dues paid until 22 September 2026: more than 2 month(s) in arrears" in html
    assert 'data-eligibility-body="referendum" data-eligible="no"' in html


def test_other_members_do_not_see_it_administrators_do(org, rules):
    member = org.members["east-member"]

    assert "data-eligibility" not in page(org.user("west-member"), member)
    assert "data-eligibility" in page(org.admin, member)


def test_dues_and_birth_dates_are_recorded_by_administrators_and_journaled(org):
    member = org.members["east-member"]
    with pytest.raises(PermissionDenied):
        member_record_dues(
            actor=org.user("council-0"), member=member, paid_until=dt.date(2026, 12, 31)
        )

    member_record_dues(actor=org.admin, member=member, paid_until=dt.date(2026, 12, 31))
    member_record_birth_date(actor=org.admin, member=member, date_of_birth=dt.date(1990, 5, 1))

    member.refresh_from_db()
    assert (member.dues_paid_until, member.date_of_birth) == (
        dt.date(2026, 12, 31),
        dt.date(1990, 5, 1),
    )
    assert JournalEntry.objects.filter(action="member.dues", object_id=str(member.pk)).exists()
    assert JournalEntry.objects.filter(action="member.birth_date").count() == 1


def test_an_import_writes_nothing_when_a_row_is_bad(org):
    east, west = org.members["east-member"], org.members["west-member"]

    with pytest.raises(ValidationError) as refused:
        dues_import(
            actor=None,
            rows=[
                (east.membership_number, "2026-12-31"),
                ("nobody", "2026-12-31"),
                (west.membership_number, "31/12/2026"),
            ],
        )

    assert refused.value.message_dict["rows"] == [
        "line 2: no member numbered 'nobody'",
        "line 3: '31/12/2026' is not a date (YYYY-MM-DD)",
    ]
    assert not Member.objects.filter(dues_paid_until__isnull=False).exists()


def test_the_import_command_reads_a_csv_file(org, tmp_path, capsys):
    east, west = org.members["east-member"], org.members["west-member"]
    path = tmp_path / "dues.csv"
    path.write_text(
        f"membership_number,paid_until\n{east.membership_number},2026-12-31\n"
        f"{west.membership_number},2027-01-31\n"
    )

    call_command("import_dues", str(path))

    assert "dues recorded for 2 member(s)" in capsys.readouterr().out
    assert dict(
        Member.objects.filter(dues_paid_until__isnull=False).values_list("pk", "dues_paid_until")
    ) == {east.pk: dt.date(2026, 12, 31), west.pk: dt.date(2027, 1, 31)}
    path.write_text("1000\n")
    with pytest.raises(CommandError, match="two columns"):
        call_command("import_dues", str(path))
