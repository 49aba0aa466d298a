"""The small union's eligibility rules, put in force over a world built without them (its
founders were seated on the day they joined, which a rule of months would refuse).

The rules, each worked by hand in the tests that use them:
- good standing: dues at most two months in arrears (art-1);
- to vote in a body of all members: three months in good standing (art-1);
- no member of the Bureau on a Local Committee, nor the other way round (art-1);
- no two consecutive terms on the Council;
- at most three councillors from one local;
- twelve months in good standing to stand for the Trustees (art-2)."""

from __future__ import annotations

import dataclasses
import datetime as dt

from minutebook.bodies import eligibility
from minutebook.charter.loader import load_charter
from minutebook.members.models import Member

ELIGIBILITY = """
eligibility:
  good_standing: {dues_arrears_months_at_most: 2, articles: [art-1]}
  vote: {months_in_good_standing: 3, articles: [art-1]}
  rules:
    - {id: local-not-bureau, body: local-committee, incompatible_with: [bureau], articles: [art-1]}
    - {id: council-one-term, body: council, max_consecutive_terms: 1}
    - {id: council-per-local, body: council, at_most_per_unit: {count: 3, kind: local}}
    - {id: trustees-seniority, body: trustees, months_in_good_standing: 12, articles: [art-2]}
"""


def enforce(monkeypatch, charter_text: str) -> None:
    """Put the rules in force for the judgment of eligibility, over the charter in force."""
    rules = load_charter(charter_text + ELIGIBILITY).eligibility
    real = eligibility.charter_in_force

    monkeypatch.setattr(
        eligibility,
        "charter_in_force",
        lambda: dataclasses.replace(real(), eligibility=rules),
    )


def dues_paid(*members: Member, until: dt.date = dt.date(2027, 12, 31)) -> None:
    Member.objects.filter(pk__in=[m.pk for m in members]).update(dues_paid_until=until)
