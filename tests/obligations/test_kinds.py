"""The kind registry: an app above this one says how its kind of duty is met (the ballots app:
a ballot of the body), and until one does, a duty of that kind cannot arise."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from minutebook.obligations import kinds
from minutebook.obligations.duties import DutyState, obligation_duty
from minutebook.obligations.services import obligation_arise

DUE = dt.date(2026, 5, 1)


def arise_ballot(org):
    return obligation_arise(
        actor=None,
        body=org.bodies["assembly"],
        kind="ballot",
        title="A referendum of the members",
        arose_on=dt.date(2026, 4, 1),
        due_on=DUE,
        rule="referendum-petition",
        source="petition:7",
    )


@pytest.fixture
def ballot_kind(monkeypatch):
    """A registration of the kind standing in for the ballots app's, for the length of a test
    (the app's own is put back after it)."""
    opened: dict[str, dt.date | kinds.Met] = {}
    monkeypatch.setitem(kinds._kinds, "ballot", lambda obligation: opened.get(obligation.source))
    return opened


def test_a_kind_nobody_registered_cannot_arise(org, monkeypatch):
    monkeypatch.delitem(kinds._kinds, "ballot", raising=False)  # as without the ballots app
    with pytest.raises(ValidationError) as refused:
        arise_ballot(org)

    assert "nothing on the record can meet a 'ballot' duty" in str(refused.value)


def test_a_registered_kind_is_met_as_its_app_says(org, ballot_kind):
    obligation = arise_ballot(org)
    assert obligation.recorded_by is None  # the system made it arise

    assert obligation_duty(obligation, DUE).state == DutyState.OPEN

    ballot_kind["petition:7"] = DUE
    duty = obligation_duty(obligation, DUE)
    assert (duty.state, duty.met.on) == (DutyState.MET, DUE)

    ballot_kind["petition:7"] = kinds.Met(on=DUE + dt.timedelta(days=1), by="Ballot 3")
    late = obligation_duty(obligation, DUE + dt.timedelta(days=1))
    assert (late.state, late.met.by, late.days_late) == (DutyState.LATE, "Ballot 3", 1)
