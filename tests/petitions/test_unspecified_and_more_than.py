"""A petition whose periods the constitution leaves open (`collect_days: unspecified`,
`within_days: unspecified`), and a "more than half" threshold (`more_than_percent: 50`).

"Special Executive Council meetings may be called by a majority of its members": the Council
of the small union has 5 seats, so more than half is 3 (2.5 → the next whole number)."""

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from minutebook.charter.petitions import PetitionThreshold, ThresholdForm
from minutebook.obligations.duties import DutyState, obligation_duty
from minutebook.petitions.models import PetitionStatus
from minutebook.petitions.selectors import petition_obligation, petition_progress, progress_words
from minutebook.petitions.services import petition_sign
from tests.factories import build_small_union
from tests.petitions.charter import charter_with_petitions
from tests.petitions.conftest import client_for, start

KIND = """
petitions:
  - id: council-meeting
    name: Special Council meeting by a majority of its members
    signers: {seats_of: council}
    threshold: {more_than_percent: 50}
    collect_days: unspecified
    requires:
      meeting: {body: council, within_days: unspecified}
"""


@pytest.fixture
def org(db):
    return build_small_union(charter_with_petitions(KIND))


@pytest.mark.parametrize(
    ("entitled", "more_than_half", "at_least_half"), [(5, 3, 3), (4, 3, 2), (3, 2, 2), (1, 1, 1)]
)
def test_more_than_half_against_at_least_half(entitled, more_than_half, at_least_half):
    more = PetitionThreshold(ThresholdForm.MORE_THAN_PERCENT, percent=50)
    half = PetitionThreshold(ThresholdForm.PERCENT, percent=50)
    assert more.required(entitled) == more_than_half
    assert half.required(entitled) == at_least_half


def test_more_than_half_of_the_council_is_three_of_five(org):
    petition = start(org, "council-1", kind="council-meeting")
    assert petition.required_signatures == 3 and petition.entitled_at_opening == 5
    petition_sign(actor=org.user("council-2"), petition=petition)
    petition.refresh_from_db()
    assert petition.status == PetitionStatus.COLLECTING  # 2 of 5: not more than half
    assert progress_words(petition, petition_progress(petition)) == (
        "2 of 3 signatures (more than 50 % of 5 seat holders at opening)"
    )

    petition_sign(actor=org.user("council-3"), petition=petition)

    petition.refresh_from_db()
    assert petition.status == PetitionStatus.REACHED


def test_without_a_period_signatures_are_taken_until_valid(org):
    petition = start(org, "council-1", kind="council-meeting")
    assert petition.closes_at is None
    # 31 days on, after the longest period of the other kinds (30 days)
    later = timezone.now() + dt.timedelta(days=31)
    assert petition.status_at(later) == PetitionStatus.COLLECTING
    with time_machine.travel(later, tick=False):
        petition_sign(actor=org.user("council-2"), petition=petition)
    page = client_for(org.user("council-1")).get(f"/petitions/{petition.pk}/").content.decode()
    assert "the charter fixes no period" in page


def test_without_a_time_limit_the_duty_is_open_until_met_never_overdue(org):
    petition = start(org, "council-1", kind="council-meeting")
    for key in ("council-2", "council-3"):
        petition_sign(actor=org.user(key), petition=petition)
    obligation = petition_obligation(petition)
    assert obligation.due_on is None
    duty = obligation_duty(obligation, today=obligation.arose_on + dt.timedelta(days=3650))
    assert duty.state == DutyState.OPEN
    assert "no time limit" in obligation.rule_text


def test_the_charter_reads_the_forms_and_refuses_more_than_all():
    from minutebook.charter.loader import load_charter
    from minutebook.charter.petitions import describe_kind
    from tests.charter.charters import the_problem

    charter = load_charter(charter_with_petitions(KIND))
    kind = charter.petitions[0]
    assert (kind.collect_days, kind.requires.within_days) == (None, None)
    assert describe_kind(charter, kind)["sentence"] == (
        "A petition signed by more than half of the seat holders of the Council (counted when "
        "the petition opens) requires a special meeting of the Council (no time limit is fixed "
        "by the charter)."
    )
    problem = the_problem(
        charter_with_petitions(KIND.replace("more_than_percent: 50", "more_than_percent: 100"))
    )
    assert problem.message.startswith("more than 100 % can never be reached")
