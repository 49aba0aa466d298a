"""Submitting and signing motions: the charter decides which bodies may take a decision type,
the authors are real members who may read the body's records, and the submitter is one of
them (or the secretary entering a motion handed in on paper, or the secretary of the body
that moves it)."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from minutebook.journal.models import JournalEntry
from minutebook.motions.models import MotionSponsor, MotionStatus, SponsorRole
from minutebook.motions.services import motion_cosponsor, motion_submit
from tests.factories import record
from tests.motions.world import submit


def test_a_motion_is_submitted_with_its_authors_and_first_version(org, meeting):
    """The text is version 1; every author is listed; the submission is journaled."""
    motion = submit(
        org, meeting, by="east-delegate-1", authors=["east-delegate-1", "west-delegate-2"]
    )
    assert motion.status == MotionStatus.SUBMITTED
    assert [v.number for v in motion.versions.all()] == [1]
    assert motion.versions.get().text.startswith("The assembly sets up a strike fund.")
    assert set(motion.sponsors.values_list("member__full_name", "role")) == {
        ("East Local Delegate 1", SponsorRole.AUTHOR),
        ("West Local Delegate 2", SponsorRole.AUTHOR),
    }
    entry = JournalEntry.objects.get(action="motion.submit")
    assert entry.object_id == str(motion.pk)
    assert entry.after["authors"] == [
        org.members["east-delegate-1"].membership_number,
        org.members["west-delegate-2"].membership_number,
    ]


def test_a_type_the_body_may_not_take_is_refused_with_the_charter_rule(org, meeting):
    """Spending from the budget is the council's: the assembly may not decide it, and the
    refusal names who may."""
    with pytest.raises(ValidationError) as refused:
        submit(org, meeting, decision_type="budget.spend")
    message = refused.value.message_dict["decision_type"][0]
    assert "General Assembly may not decide 'Spend from the budget'" in message
    assert "the charter gives it to Council" in message


def test_an_unknown_decision_type_is_refused(org, meeting):
    with pytest.raises(ValidationError) as refused:
        submit(org, meeting, decision_type="picnic.organise")
    assert "no decision type 'picnic.organise'" in refused.value.message_dict["decision_type"][0]


def test_a_rescission_must_name_what_it_rescinds_and_may_only_end_what_the_body_may(org, meeting):
    with pytest.raises(ValidationError) as refused:
        submit(org, meeting, decision_type="decision.rescind")
    assert "must name the decision it rescinds" in refused.value.message_dict["ends"][0]
    bureau_rule = record(org.bodies["bureau"], "resolution", yes=3, no=0)
    council_rule = record(org.bodies["council"], "resolution", yes=3, no=0)
    # The assembly elects the council, which elects the bureau: it may end both.
    assert submit(org, meeting, decision_type="decision.rescind", ends=bureau_rule).ends_id
    assert submit(org, meeting, decision_type="decision.rescind", ends=council_rule).ends_id


def test_a_motion_needs_an_author_who_may_read_the_bodys_records(org, meeting):
    with pytest.raises(ValidationError):
        submit(org, meeting, authors=[], by="east-delegate-0")  # the secretary, for nobody
    # The bureau's records are closed to a rank-and-file member: she cannot move its motions.
    with pytest.raises(ValidationError) as refused:
        motion_submit(
            actor=org.user("east-member"),
            body=org.bodies["bureau"],
            decision_type="resolution",
            title="Open the bureau",
            text="Text.",
            authors=[org.members["east-member"]],
        )
    assert "only members in good standing who may read its records" in str(refused.value)


def test_only_an_author_submits_unless_the_secretary_enters_it(org, meeting):
    """A member cannot put others' names on a motion; the secretary can enter a motion
    handed in on paper; the applicant (not in good standing) cannot author one."""
    with pytest.raises(PermissionDenied):
        submit(org, meeting, by="west-member", authors=["east-member"])
    entered = submit(org, meeting, by="east-delegate-0", authors=["east-member"])
    assert entered.submitted_by == org.user("east-delegate-0")
    with pytest.raises(ValidationError):
        submit(org, meeting, by="applicant")


def test_a_body_moves_a_motion_through_its_secretary(org, meeting):
    """The council's secretary moves a council motion to the assembly; anyone else may not
    use the council's name."""
    motion = submit(
        org, meeting, by="council-0", authors=["council-0", "council-2"],
        proposing_body=org.bodies["council"],
    )  # fmt: skip
    assert motion.proposing_body == org.bodies["council"]
    with pytest.raises(PermissionDenied):
        submit(
            org, meeting, by="council-1", authors=["council-1"],
            proposing_body=org.bodies["council"],
        )  # fmt: skip


def test_members_sign_a_motion_as_cosponsors_once(org, meeting):
    motion = submit(org, meeting)
    motion_cosponsor(actor=org.user("west-member"), motion=motion)
    assert (
        MotionSponsor.objects.get(motion=motion, role=SponsorRole.COSPONSOR).member
        == (org.members["west-member"])
    )
    with pytest.raises(ValidationError):
        motion_cosponsor(actor=org.user("west-member"), motion=motion)
    with pytest.raises(ValidationError):  # an author does not sign their own motion twice
        motion_cosponsor(actor=org.user("west-delegate-1"), motion=motion)
    with pytest.raises(PermissionDenied):
        motion_cosponsor(actor=org.user("applicant"), motion=motion)


def test_a_charter_amendment_carries_a_charter_that_loads(org, meeting, small_charter_text):
    with pytest.raises(ValidationError) as refused:
        submit(org, meeting, decision_type="charter.amend", text="not: [a charter")
    assert refused.value.message_dict["text"]
    motion = submit(
        org, meeting, decision_type="charter.amend", text=small_charter_text.replace("TTU", "TU")
    )
    assert motion.decision_type == "charter.amend"
