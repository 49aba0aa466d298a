"""Amendments are debated and voted on before their motion. An adopted amendment gives the
motion its next version, naming the amendment; a rejected one leaves the text; every version
stays on the record."""

from __future__ import annotations

import hashlib

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from minutebook.motions.models import AmendmentStatus, MotionStatus
from minutebook.motions.selectors import amendment_threshold, current_version, text_diff
from minutebook.motions.services import (
    amendment_admit,
    amendment_cosponsor,
    amendment_restate,
    amendment_submit,
    amendment_withdraw,
    motion_debate,
)
from minutebook.votes.services import vote_close, vote_open
from tests.motions.world import admitted

ORIGINAL = "The assembly sets up a strike fund.\n\nIt is paid from dues."
AMENDED = "The assembly sets up a strike fund.\n\nIt is paid from dues and donations."


@pytest.fixture
def secretary(org):
    return org.user("east-delegate-0")


@pytest.fixture
def motion(org, meeting, secretary):
    motion = admitted(org, meeting, text=ORIGINAL)
    return motion_debate(actor=secretary, motion=motion)


def amend(org, motion, text=AMENDED, by="east-delegate-2"):
    return amendment_submit(actor=org.user(by), motion=motion, text=text, authors=[org.members[by]])


def hands(secretary, meeting, yes, no, **subject):
    vote = vote_open(actor=secretary, meeting=meeting, method="show_of_hands", **subject)
    return vote_close(actor=secretary, vote=vote, votes_for=yes, votes_against=no)


def test_the_motion_is_not_voted_on_while_an_amendment_is_pending(org, meeting, motion, secretary):
    amendment = amend(org, motion)
    # Only submitted: it does not block (the chair has not admitted it).
    amendment_admit(actor=secretary, amendment=amendment)
    with pytest.raises(ValidationError) as refused:
        vote_open(actor=secretary, meeting=meeting, method="show_of_hands", motion=motion)
    assert "amendment 1 to this motion must be voted on or withdrawn first" in str(refused.value)
    hands(secretary, meeting, 2, 4, amendment=amendment)
    assert vote_open(actor=secretary, meeting=meeting, method="show_of_hands", motion=motion)


def test_a_withdrawn_amendment_no_longer_blocks_the_vote(org, meeting, motion, secretary):
    amendment = amend(org, motion)
    amendment_admit(actor=secretary, amendment=amendment)
    amendment_withdraw(actor=org.user("east-delegate-2"), amendment=amendment)
    assert vote_open(actor=secretary, meeting=meeting, method="show_of_hands", motion=motion)


def test_an_adopted_amendment_makes_a_new_version_and_keeps_the_old(
    org, meeting, motion, secretary
):
    amendment = amend(org, motion)
    amendment_admit(actor=secretary, amendment=amendment)
    vote = hands(secretary, meeting, 4, 2, amendment=amendment)
    assert vote.adopted and vote.threshold == "majority_cast"
    amendment.refresh_from_db()
    assert amendment.status == AmendmentStatus.ADOPTED
    versions = list(motion.versions.order_by("number"))
    assert [(v.number, v.text, v.amendment_id) for v in versions] == [
        (1, ORIGINAL, None),
        (2, AMENDED, amendment.pk),
    ]
    diff = text_diff(versions[0].text, versions[1].text)
    assert [(line.kind, line.text) for line in diff if line.kind != "same"] == [
        ("removed", "It is paid from dues."),
        ("added", "It is paid from dues and donations."),
    ]
    motion.refresh_from_db()
    assert motion.status == MotionStatus.DEBATED  # back in debate, now as amended


def test_a_rejected_amendment_leaves_the_text(org, meeting, motion, secretary):
    amendment = amend(org, motion)
    amendment_admit(actor=secretary, amendment=amendment)
    hands(secretary, meeting, 3, 3, amendment=amendment)  # a tie fails
    amendment.refresh_from_db()
    assert amendment.status == AmendmentStatus.REJECTED
    assert current_version(motion).text == ORIGINAL


def test_an_amendment_written_on_an_older_text_must_be_restated(org, meeting, motion, secretary):
    """Adopting it as written would silently undo the change another amendment made."""
    first = amend(org, motion)
    second = amend(org, motion, text=ORIGINAL + "\n\nThe fund is audited.", by="west-delegate-0")
    amendment_admit(actor=secretary, amendment=first)
    amendment_admit(actor=secretary, amendment=second)
    hands(secretary, meeting, 5, 1, amendment=first)
    with pytest.raises(ValidationError) as refused:
        vote_open(actor=secretary, meeting=meeting, method="show_of_hands", amendment=second)
    assert "must restate it on the current text" in str(refused.value)
    with pytest.raises(PermissionDenied):
        amendment_restate(actor=secretary, amendment=second, text=AMENDED + "\n\nAudited.")
    amendment_restate(
        actor=org.user("west-delegate-0"),
        amendment=second,
        text=AMENDED + "\n\nThe fund is audited.",
    )
    hands(secretary, meeting, 5, 1, amendment=second)
    assert [v.number for v in motion.versions.all()] == [1, 2, 3]
    assert current_version(motion).text.endswith("dues and donations.\n\nThe fund is audited.")


def test_who_may_propose_sign_admit_and_withdraw_amendments(org, meeting, motion, secretary):
    with pytest.raises(PermissionDenied):  # a member does not put others' names on it
        amendment_submit(
            actor=org.user("west-member"),
            motion=motion,
            text=AMENDED,
            authors=[org.members["east-member"]],
        )
    with pytest.raises(ValidationError):  # an amendment must change something
        amend(org, motion, text=ORIGINAL)
    amendment = amend(org, motion)
    amendment_cosponsor(actor=org.user("west-member"), amendment=amendment)
    with pytest.raises(PermissionDenied):
        amendment_admit(actor=org.user("west-member"), amendment=amendment)
    with pytest.raises(PermissionDenied):
        amendment_withdraw(actor=org.user("west-member"), amendment=amendment)
    amendment_admit(actor=org.user("east-delegate-1"), amendment=amendment)  # the chair
    assert amendment_withdraw(actor=org.user("east-delegate-2"), amendment=amendment).status == (
        AmendmentStatus.WITHDRAWN
    )


def test_a_decided_motion_takes_no_more_amendments(org, meeting, motion, secretary):
    hands(secretary, meeting, 5, 1, motion=motion)
    with pytest.raises(ValidationError):
        amend(org, motion)


def test_amendments_need_a_majority_of_votes_cast_unless_the_charter_says_otherwise(
    org, small_charter_text
):
    assert amendment_threshold(org.bodies["assembly"]) == "majority_cast"
    # A charter may define `motion.amend` for a body: its threshold then applies.
    from minutebook.charter.models import CharterVersion
    from minutebook.charter.selectors import charter_in_force

    version = CharterVersion.objects.get()
    version.source_text = small_charter_text.replace(
        "  - id: body.establish",
        "  - id: motion.amend\n    name: Amend a motion\n    bodies: [assembly]\n"
        "    threshold: two_thirds_cast\n  - id: body.establish",
    )
    version.sha256 = hashlib.sha256(version.source_text.encode()).hexdigest()
    version.save()
    assert charter_in_force().decision_type("motion.amend")
    assert amendment_threshold(org.bodies["assembly"]) == "two_thirds_cast"
    assert amendment_threshold(org.bodies["council"]) == "majority_cast"
