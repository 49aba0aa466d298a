"""GET /members/{number}/eligibility (the member and administrators) and POST
/members/{number}/dues (administrators), under the rules of tests/bodies/eligibility_world.py.
The test world's clock stands on 23 November 2026."""

from __future__ import annotations

import pytest

from minutebook.journal.models import JournalEntry
from minutebook.members.models import Member
from tests.ballots.conftest import ballot_charter_text
from tests.bodies.eligibility_world import dues_paid, enforce


@pytest.fixture
def small_charter_text() -> str:
    return ballot_charter_text()


@pytest.fixture
def rules(org, monkeypatch):
    enforce(monkeypatch, ballot_charter_text())
    dues_paid(*Member.objects.all())


def by_body(verdicts: list[dict]) -> dict[str, dict]:
    return {verdict["body"]: verdict for verdict in verdicts}


def test_a_member_reads_what_they_may_stand_for_and_why_not(org, rules, member):
    number = org.members["east-member"].membership_number

    answer = member.get(f"/members/{number}/eligibility")

    assert answer.status_code == 200
    body = answer.json()
    assert body["day"] == "2026-11-23"
    stand = by_body(body["stand"])
    # The bodies with elected or appointed seats at the union and in East Local.
    assert set(stand) == {"assembly", "council", "bureau", "trustees", "local-committee.east"}
    assert stand["trustees"]["eligible"] is False
    assert stand["trustees"]["eligible_from"] == "2027-01-10"
    assert stand["trustees"]["breaches"] == [
        {
            "rule": "trustees-seniority",
            "words": "12 month(s) of membership in good standing needed, a member since "
            "10 January 2026",
            "articles": ["art-2"],
            "met_on": "2027-01-10",
        }
    ]
    assert stand["council"]["eligible"] is True
    assert by_body(body["vote"])["referendum"]["eligible"] is True


def test_only_the_member_and_administrators_read_it(org, rules, admin, other_member, outsider_api):
    path = f"/members/{org.members['east-member'].membership_number}/eligibility"

    assert admin.get(path).status_code == 200
    assert other_member.get(path).status_code == 403
    assert outsider_api.get(path).status_code == 404


def test_an_administrator_records_dues_and_it_is_journaled(org, admin, member):
    number = org.members["east-member"].membership_number

    answer = admin.post(f"/members/{number}/dues", {"paid_until": "2026-12-31", "note": "card"})

    assert answer.status_code == 200
    assert answer.json() == {"membership_number": number, "dues_paid_until": "2026-12-31"}
    entry = JournalEntry.objects.filter(action="member.dues").latest("pk")
    assert entry.after == {"dues_paid_until": "2026-12-31", "note": "card"}
    assert member.post(f"/members/{number}/dues", {"paid_until": "2026-12-31"}).status_code == 403


@pytest.fixture
def charter_with_rules(db):
    """The small union founded on a charter with the eligibility rules, but for dues (its
    founders have none recorded, and are seated as it is built)."""
    from tests.bodies.eligibility_world import ELIGIBILITY
    from tests.factories import build_small_union

    text = ballot_charter_text() + ELIGIBILITY.replace(
        "  good_standing: {dues_arrears_months_at_most: 2, articles: [art-1]}\n", ""
    )
    return build_small_union(text)


def test_the_charter_in_the_api_carries_its_eligibility_rules(charter_with_rules):
    from tests.api.conftest import Api

    answer = Api(charter_with_rules.admin).get("/charter")

    assert answer.status_code == 200
    rules = answer.json()["eligibility"]
    assert rules["good_standing"] == {"dues_arrears_months_at_most": None, "articles": []}
    assert rules["vote"] == {
        "months_in_good_standing": 3,
        "minimum_age": None,
        "articles": ["art-1"],
    }
    assert rules["rules"][0] == {
        "id": "local-not-bureau",
        "body": "local-committee",
        "kind": "incompatible_with",
        "name": "",
        "incompatible_with": ["bureau"],
        "number": None,
        "unit_kind": None,
        "articles": ["art-1"],
    }
    assert rules["rules"][2]["unit_kind"] == "local" and rules["rules"][2]["number"] == 3
