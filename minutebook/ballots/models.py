"""Ballots outside meetings: a referendum of a unit's members, an election by all members, a
circular resolution of a committee, decided by electronic ballot over days or weeks.

A ballot is put to the members of a BODY (a referendum: a body whose seats are `all_members`;
a circular resolution: a committee) as the charter's `ballots:` rules on that body allow. It
is announced with notice (`announced`), opens at its time, when the electorate is fixed
(`BallotVoter`: the body's seat holders in good standing at that moment), and closes at its
time, when it is counted.

A secret ballot is kept secret as a meeting's secret ballot is (`minutebook.votes.models`):

- `BallotParticipation` records THAT a member voted (one row per voter, unique), never what
  and never when;
- `BallotPaper` records WHAT was voted: a random UUID key, no voter, no timestamp, no
  sequence, nothing points at it; only the ballot and the SHA-256 of the receipt code shown
  to the voter once;
- at closing (and cancelling) the papers are deleted and written again in a random order
  under fresh keys, in the closing transaction.

A named ballot stores each vote with its voter (`NamedBallotVote`)."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models

from minutebook.votes.models import BALLOT_SHAPES, ElectionMethod


class BallotKind(models.TextChoices):
    MOTION = "motion", "Motion"
    ELECTION = "election", "Election"


class BallotStatus(models.TextChoices):
    ANNOUNCED = "announced", "Announced"
    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"
    CANCELLED = "cancelled", "Cancelled"


class BallotChoice(models.TextChoices):
    FOR = "for", "For"
    AGAINST = "against", "Against"
    ABSTAIN = "abstain", "Abstain"


class Ballot(models.Model):
    """A question put to the members of `body` by ballot outside any meeting: a motion of a
    decision type, or an election. The charter version in force when it was called is kept,
    with the rules it was called under; the electorate's size and the counts are stored at
    opening and closing, and an adopted motion points at the decision it became."""

    body = models.ForeignKey("bodies.Body", on_delete=models.PROTECT, related_name="ballots")
    kind = models.CharField(max_length=20, choices=BallotKind.choices, default=BallotKind.MOTION)
    title = models.CharField(max_length=300)
    text = models.TextField(blank=True)
    decision_type = models.CharField(max_length=100, blank=True)
    charter_version = models.ForeignKey(
        "charter.CharterVersion", on_delete=models.PROTECT, related_name="+"
    )
    secret = models.BooleanField(default=True)
    status = models.CharField(
        max_length=20, choices=BallotStatus.choices, default=BallotStatus.ANNOUNCED
    )
    threshold = models.TextField(blank=True)

    called_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    calling_body = models.ForeignKey(
        "bodies.Body",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The body in whose name it was called (the charter's `called_by`).",
    )
    announced_at = models.DateTimeField()
    opens_at = models.DateTimeField()
    closes_at = models.DateTimeField()
    opened_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    cancel_reason = models.TextField(blank=True)

    electorate = models.PositiveIntegerField(
        null=True, blank=True, help_text="Members entitled to vote, fixed at opening."
    )
    turnout = models.PositiveIntegerField(null=True, blank=True)
    votes_for = models.PositiveIntegerField(null=True, blank=True)
    votes_against = models.PositiveIntegerField(null=True, blank=True)
    votes_abstain = models.PositiveIntegerField(null=True, blank=True)
    adopted = models.BooleanField(null=True, blank=True)
    explanation = models.TextField(blank=True)
    decision = models.OneToOneField(
        "ledger.Decision",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="ballot",
    )
    recording_note = models.TextField(
        blank=True, help_text="Why an adopted motion is not (yet) in the ledger."
    )
    # A ballot on a step of a decision's procedure (a referendum ratifying what a congress
    # adopted): its outcome, carried or not, is recorded as that step.
    step_of = models.ForeignKey(
        "ledger.Decision",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="step_ballots",
        help_text="The pending decision whose ratification, consent or veto this ballot decides.",
    )
    step_record = models.OneToOneField(
        "ledger.DecisionStep",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="ballot",
    )
    # A ballot on a motion members or a body submitted (its last reading, after its earlier
    # readings at meetings, where the charter requires several): the motion is decided by it.
    motion = models.ForeignKey(
        "motions.Motion",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="ballots",
        help_text="The motion put to this ballot, whose readings and lateness count.",
    )

    # An election: `seats` seats on `elects`, counted by `method` (minutebook.voting.methods).
    elects = models.ForeignKey(
        "bodies.Body", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    seats = models.PositiveIntegerField(null=True, blank=True)
    method = models.CharField(max_length=20, blank=True)
    result = models.JSONField(null=True, blank=True)
    tie_seed = models.BigIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["-opens_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes_at__gt=models.F("opens_at")),
                name="ballot_closes_after_it_opens",
            ),
            models.CheckConstraint(
                condition=~models.Q(kind="motion") | ~models.Q(decision_type=""),
                name="ballot_motion_has_decision_type",
            ),
            models.CheckConstraint(
                condition=~models.Q(kind="election") | models.Q(elects__isnull=False, seats__gte=1),
                name="ballot_election_fills_seats",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "opens_at"]),
            models.Index(fields=["status", "closes_at"]),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def ballot_shape(self) -> str:
        """For an election, the paper the counting method needs (single, approval, ranked)."""
        return BALLOT_SHAPES[ElectionMethod(self.method)] if self.method else ""

    def accepting_votes(self, now) -> bool:
        """Open and within its period: a ballot past its closing time accepts nothing, even
        before the tick has closed it."""
        return self.status == BallotStatus.OPEN and self.opens_at <= now < self.closes_at

    def shown_status(self, now) -> str:
        """The status as a reader should see it at `now`: an open ballot past its time is
        closing, never open."""
        if self.status == BallotStatus.OPEN and now >= self.closes_at:
            return "closing"
        if self.status == BallotStatus.ANNOUNCED and now >= self.opens_at:
            return "opening"
        return self.status


class BallotVoter(models.Model):
    """A member entitled to vote in the ballot: the electorate, fixed when it opened."""

    ballot = models.ForeignKey(Ballot, on_delete=models.PROTECT, related_name="voters")
    member = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["ballot", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["ballot", "member"], name="one_ballot_voter_row")
        ]

    def __str__(self) -> str:
        return f"{self.member} may vote in ballot {self.ballot_id}"


class BallotParticipation(models.Model):
    """THAT a member's secret ballot was cast: never what, never when. The database refuses a
    second row for the same voter."""

    ballot = models.ForeignKey(Ballot, on_delete=models.PROTECT, related_name="participations")
    voter = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["ballot", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["ballot", "voter"], name="one_ballot_participation")
        ]

    def __str__(self) -> str:
        return f"{self.voter} voted in ballot {self.ballot_id}"


class BallotPaper(models.Model):
    """WHAT was voted in a secret ballot, with no trace of who voted it or when: `choice` on a
    motion, `ranking` (preference groups of candidate ids, best first) in an election."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    ballot = models.ForeignKey(Ballot, on_delete=models.PROTECT, related_name="papers")
    choice = models.CharField(max_length=10, choices=BallotChoice.choices, blank=True)
    ranking = models.JSONField(null=True, blank=True)
    receipt_hash = models.CharField(max_length=64, unique=True)

    class Meta:
        # Never by anything that could follow the order of casting.
        ordering = ["receipt_hash"]

    def __str__(self) -> str:
        return f"Paper {self.receipt_hash[:12]} in ballot {self.ballot_id}"


class NamedBallotVote(models.Model):
    """A vote in a named ballot, with its voter."""

    ballot = models.ForeignKey(Ballot, on_delete=models.PROTECT, related_name="named_votes")
    voter = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="+")
    choice = models.CharField(max_length=10, choices=BallotChoice.choices, blank=True)
    ranking = models.JSONField(null=True, blank=True)
    cast_at = models.DateTimeField()

    class Meta:
        ordering = ["ballot", "voter__full_name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["ballot", "voter"], name="one_named_ballot_vote")
        ]

    def __str__(self) -> str:
        return f"{self.voter}: {self.choice or self.ranking} in ballot {self.ballot_id}"


class BallotCandidate(models.Model):
    """A member standing in an election by ballot."""

    ballot = models.ForeignKey(Ballot, on_delete=models.PROTECT, related_name="candidates")
    member = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["ballot", "member__full_name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["ballot", "member"], name="one_ballot_candidacy")
        ]

    def __str__(self) -> str:
        return f"{self.member} in {self.ballot}"
