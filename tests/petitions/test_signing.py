"""Starting, signing and withdrawing: the roll and the standing rules, once per member,
until the deadline; the threshold reached exactly once, with its obligation."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from minutebook.journal.models import JournalEntry
from minutebook.meetings.clock import replaying
from minutebook.members.models import UnitMembership
from minutebook.obligations import kinds as obligation_kinds
from minutebook.obligations.models import Obligation
from minutebook.petitions.models import PetitionStatus, Signature
from minutebook.petitions.selectors import petition_obligation, petition_progress
from minutebook.petitions.services import (
    petition_sign,
    petition_start,
    petition_withdraw,
    petition_withdraw_signature,
)
from tests.petitions.conftest import start


def test_starting_snapshots_the_entitled_and_signs_first(org):
    petition = start(org)

    assert petition.entitled_at_opening == 13
    assert petition.required_signatures == 4  # 30 % of 13 = 3.9, rounded up
    assert petition.status == PetitionStatus.COLLECTING
    assert petition.closes_at - petition.opened_at == dt.timedelta(days=30)
    assert petition.responsible_body == org.bodies["assembly"]
    assert [s.member for s in petition.signatures.all()] == [org.members["east-member"]]
    actions = list(JournalEntry.objects.order_by("position").values_list("action", flat=True))
    assert actions[-2:] == ["petition.start", "petition.sign"]


def test_only_those_entitled_may_start(org, suspended):
    with pytest.raises(PermissionDenied, match="not a member in good standing"):
        start(org, "west-member")
    with pytest.raises(PermissionDenied, match="only members sign"):
        petition_start(actor=org.admin, kind="special-assembly", title="T", demand="D")
    with pytest.raises(PermissionDenied, match="only the members of East Local"):
        start(org, "west-delegate-0", kind="east-meeting")


def test_a_kind_whose_duty_nothing_can_record_is_refused_at_the_start(org, monkeypatch):
    """A ballot duty needs the ballots app; without it the petition could never be met."""
    monkeypatch.delitem(obligation_kinds._kinds, "meeting")

    with pytest.raises(ValidationError, match="requires a meeting, which this installation"):
        start(org)


def test_an_unknown_kind_and_empty_fields_are_refused(org):
    with pytest.raises(ValidationError, match="no kind of petition 'nope'"):
        start(org, kind="nope")
    with pytest.raises(ValidationError, match="give the petition a title"):
        start(org, title="  ")
    with pytest.raises(ValidationError, match="say what the petition demands"):
        start(org, demand="")


def test_the_count_at_opening_does_not_move_with_the_roll(org, suspended):
    """Suspended before opening: not counted; the threshold stays as it was set."""
    petition = start(org)

    assert petition.entitled_at_opening == 12
    assert petition.required_signatures == 4  # 3.6 rounded up


@pytest.mark.parametrize(
    ("key", "rule"),
    [
        ("west-member", "is not a member in good standing"),
        ("applicant", "is not a member in good standing"),
    ],
)
def test_members_not_in_good_standing_may_not_sign(org, suspended, key, rule):
    petition = start(org)

    with pytest.raises(PermissionDenied, match=rule):
        petition_sign(actor=org.user(key), petition=petition)


def test_a_member_of_another_unit_may_not_sign(org):
    petition = start(org, kind="east-meeting")

    with pytest.raises(PermissionDenied, match="only the members of East Local"):
        petition_sign(actor=org.user("west-delegate-1"), petition=petition)


def test_a_member_not_on_the_body_may_not_sign(org):
    petition = start(org, "council-1", kind="council-recall")

    with pytest.raises(PermissionDenied, match="only the seat holders of the Council"):
        petition_sign(actor=org.user("east-member"), petition=petition)
    with pytest.raises(PermissionDenied, match="only members sign"):
        petition_sign(actor=org.admin, petition=petition)


def test_a_member_signs_once(org):
    petition = start(org)
    petition_sign(actor=org.user("west-member"), petition=petition)

    with pytest.raises(ValidationError, match="has signed this petition already"):
        petition_sign(actor=org.user("west-member"), petition=petition)
    with pytest.raises(ValidationError, match="has signed this petition already"):
        petition_sign(actor=org.user("east-member"), petition=petition)  # the starter
    assert petition_progress(petition).signatures == 2


def test_the_database_keeps_one_standing_signature(org):
    petition = start(org)
    signature = petition.signatures.get()

    with pytest.raises(IntegrityError), transaction.atomic():
        Signature.objects.create(
            petition=petition,
            member=signature.member,
            unit=signature.unit,
            signed_at=signature.signed_at,
        )


def test_a_withdrawn_signature_no_longer_counts_and_may_be_given_again(org):
    petition = start(org)
    petition_sign(actor=org.user("west-member"), petition=petition)

    petition_withdraw_signature(actor=org.user("west-member"), petition=petition)
    assert petition_progress(petition).signatures == 1
    petition_sign(actor=org.user("west-member"), petition=petition)
    assert petition_progress(petition).signatures == 2
    assert JournalEntry.objects.filter(action="petition.withdraw_signature").count() == 1


def test_withdrawing_without_a_signature_is_refused(org):
    petition = start(org)

    with pytest.raises(ValidationError, match="you have not signed"):
        petition_withdraw_signature(actor=org.user("west-member"), petition=petition)


def test_the_deadline_is_the_last_moment_to_sign_and_to_withdraw(org):
    petition = start(org)
    last_moment = petition.closes_at - dt.timedelta(microseconds=1)

    with time_machine.travel(last_moment, tick=False):
        petition_sign(actor=org.user("west-member"), petition=petition)
        petition_withdraw_signature(actor=org.user("east-member"), petition=petition)
    with time_machine.travel(petition.closes_at, tick=False):
        with pytest.raises(ValidationError, match="signatures were taken until"):
            petition_sign(actor=org.user("west-delegate-0"), petition=petition)
        with pytest.raises(ValidationError, match="no one can withdraw a signature"):
            petition_withdraw_signature(actor=org.user("west-member"), petition=petition)
        petition.refresh_from_db()
        assert petition.status_at(petition.closes_at) == PetitionStatus.FAILED


def test_the_threshold_is_reached_exactly_at_the_required_count(org):
    petition = start(org)  # 1 of 4
    for key in ("west-member", "east-delegate-0"):
        petition_sign(actor=org.user(key), petition=petition)
    petition.refresh_from_db()
    assert petition.status == PetitionStatus.COLLECTING  # 3 of 4
    assert not Obligation.objects.exists()

    petition_sign(actor=org.user("east-delegate-1"), petition=petition)  # 4 of 4

    petition.refresh_from_db()
    assert petition.status == PetitionStatus.REACHED and petition.reached_at is not None
    obligation = petition_obligation(petition)
    assert obligation.body == org.bodies["assembly"]
    assert obligation.kind == "meeting"
    assert obligation.arose_on == petition.reached_at.date()
    assert obligation.due_on == obligation.arose_on + dt.timedelta(days=21)
    assert obligation.source == f"petition:{petition.pk}"
    assert obligation.rule == "special-assembly"
    assert JournalEntry.objects.filter(action="petition.reach").count() == 1


def test_a_valid_petition_takes_no_more_signatures_nor_withdrawals(org):
    petition = start(org)
    for key in ("west-member", "east-delegate-0", "east-delegate-1"):
        petition_sign(actor=org.user(key), petition=petition)

    with pytest.raises(ValidationError, match="has reached its threshold"):
        petition_sign(actor=org.user("east-delegate-2"), petition=petition)
    with pytest.raises(ValidationError, match="has reached its threshold"):
        petition_withdraw_signature(actor=org.user("west-member"), petition=petition)
    assert Obligation.objects.count() == 1


def test_the_starters_signature_alone_can_reach_a_threshold_of_one(org):
    """Two council members make a recall valid; the obligation is a decision of the type
    the charter names, by the council."""
    petition = start(org, "council-1", kind="council-recall")
    petition_sign(actor=org.user("council-2"), petition=petition)

    obligation = petition_obligation(petition)
    assert obligation.kind == "decision"
    assert obligation.body == org.bodies["council"]
    assert obligation.params["decision_type"] == "resolution"
    assert obligation.params["office"] == "chair"
    assert obligation.due_on - obligation.arose_on == dt.timedelta(days=14)


def test_a_body_in_every_unit_of_a_kind_means_the_petitions_own(org):
    petition = start(org, kind="east-meeting")

    assert petition.responsible_body.slug == "local-committee.east"
    assert petition.entitled_at_opening == 6


def test_the_units_form_needs_enough_signatures_in_enough_units(org):
    """Two locals with at least two signatures each."""
    petition = start(org, kind="locals-requisition")  # east 1
    for key in ("east-delegate-0", "west-delegate-0"):  # east 2, west 1
        petition_sign(actor=org.user(key), petition=petition)
    progress = petition_progress(petition)
    assert (progress.signatures, progress.units_enough, progress.reached) == (3, 1, False)
    petition_sign(actor=org.user("east-delegate-1"), petition=petition)  # east 3
    petition.refresh_from_db()
    assert petition.status == PetitionStatus.COLLECTING

    petition_sign(actor=org.user("west-delegate-1"), petition=petition)  # west 2

    petition.refresh_from_db()
    assert petition.status == PetitionStatus.REACHED
    counted = {c.unit.slug: c.signatures for c in petition_progress(petition).units}
    assert counted == {"east": 3, "west": 2}
    assert petition_obligation(petition).body == org.bodies["assembly"]


def test_the_starter_withdraws_the_petition_while_it_collects(org):
    petition = start(org)

    with pytest.raises(PermissionDenied, match="only the member who started"):
        petition_withdraw(actor=org.user("west-member"), petition=petition)
    petition_withdraw(actor=org.user("east-member"), petition=petition, reason="Settled")

    petition.refresh_from_db()
    assert petition.status == PetitionStatus.WITHDRAWN
    with pytest.raises(ValidationError, match="was withdrawn"):
        petition_sign(actor=org.user("west-member"), petition=petition)


def test_a_petition_of_the_past_can_be_replayed_into_the_record(org):
    """The demo's story and paper petitions are entered as they happened."""
    opened = dt.datetime(2026, 3, 2, 9, tzinfo=dt.UTC)
    with replaying(opened):
        petition = start(org, "council-1", kind="council-recall")
    with replaying(opened + dt.timedelta(days=6, hours=23)):
        petition_sign(actor=org.user("council-2"), petition=petition)

    petition.refresh_from_db()
    assert petition.opened_at == opened and petition.status == PetitionStatus.REACHED
    assert petition_obligation(petition).arose_on == dt.date(2026, 3, 9)
    with replaying(opened):
        late = start(org, "council-3", kind="council-recall")
    with replaying(opened + dt.timedelta(days=7)), pytest.raises(ValidationError, match="until"):
        petition_sign(actor=org.user("council-4"), petition=late)


def test_a_petition_for_each_unit_of_a_kind_is_of_its_starters_unit(org):
    """Half of a local's members require a meeting of that local's committee: started by an
    East member, it is East's, with East's committee and East's members."""
    petition = start(org, kind="local-meeting")

    assert petition.unit == org.units["east"]
    assert petition.responsible_body.slug == "local-committee.east"
    assert (petition.entitled_at_opening, petition.required_signatures) == (6, 3)
    with pytest.raises(PermissionDenied, match="only the members of East Local"):
        petition_sign(actor=org.user("west-member"), petition=petition)
    west = start(org, "west-member", kind="local-meeting")
    assert west.responsible_body.slug == "local-committee.west"


def test_a_member_in_no_unit_of_the_kind_may_not_start_one(org):
    UnitMembership.objects.filter(member=org.members["east-member"]).update(unit=org.units["union"])

    with pytest.raises(PermissionDenied, match="only the members of a local may start"):
        start(org, kind="local-meeting")
