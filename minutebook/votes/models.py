"""Votes and elections at a meeting, and their ballots.

How a secret ballot is kept secret (see also docs/motions-and-votes.md):

- `Participation` records THAT a member's vote was cast (one row per voter, unique), never what.
- `SecretBallot` records WHAT was voted: its key is a random UUID, it has no voter, no
  timestamp and no sequence, and no other table points at it. Its only link outside itself is
  the vote it belongs to and the SHA-256 of the receipt code the voter was shown once.
- When the vote closes, its secret ballots are deleted and written again in a random order
  with fresh keys, in the closing transaction: afterwards neither their storage order (row ids,
  heap position) nor their transaction ids follow the order in which people voted.

What remains (documented in docs/motions-and-votes.md): while a vote is open, an operator watching the
running database or server can see which request wrote which ballot; row versions deleted at
closing stay in the data files until PostgreSQL vacuums them, and in its write-ahead log and
backups."""

import uuid

from django.conf import settings
from django.db import models


class VoteMethod(models.TextChoices):
    SHOW_OF_HANDS = "show_of_hands", "Show of hands"
    ROLL_CALL = "roll_call", "Roll call"
    NAMED = "named", "Electronic named vote"
    SECRET = "secret", "Electronic secret ballot"


ELECTRONIC_METHODS = (VoteMethod.NAMED, VoteMethod.SECRET)


class VoteStatus(models.TextChoices):
    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"
    CANCELLED = "cancelled", "Cancelled"


class Choice(models.TextChoices):
    FOR = "for", "For"
    AGAINST = "against", "Against"
    ABSTAIN = "abstain", "Abstain"


class Vote(models.Model):
    """A vote at a meeting on one question: a motion, an amendment, or an election.

    Opening it snapshots who may vote (`Eligibility`) and the quorum; a vote opened without
    quorum, or despite another failed check, because the chair proceeded is `irregular`, and
    so is what it decides. Closing it stores the count and the outcome."""

    meeting = models.ForeignKey("meetings.Meeting", on_delete=models.PROTECT, related_name="votes")
    motion = models.ForeignKey(
        "motions.Motion", null=True, blank=True, on_delete=models.PROTECT, related_name="votes"
    )
    amendment = models.ForeignKey(
        "motions.Amendment", null=True, blank=True, on_delete=models.PROTECT, related_name="votes"
    )
    election = models.ForeignKey(
        "votes.Election", null=True, blank=True, on_delete=models.PROTECT, related_name="votes"
    )
    question = models.CharField(max_length=400)
    method = models.CharField(max_length=20, choices=VoteMethod.choices)
    status = models.CharField(max_length=20, choices=VoteStatus.choices, default=VoteStatus.OPEN)
    threshold = models.TextField(blank=True)

    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    opened_at = models.DateTimeField()
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    closed_at = models.DateTimeField(null=True, blank=True)

    seats_filled = models.PositiveIntegerField()
    present = models.PositiveIntegerField(help_text="Eligible voters when the vote opened.")
    quorum_required = models.PositiveIntegerField(
        null=True, blank=True, help_text="Empty when the charter fixes no quorum for the body."
    )
    irregular = models.BooleanField(default=False)
    irregular_reason = models.TextField(blank=True)
    weighted = models.BooleanField(
        default=False,
        help_text="Ballots count for the votes their voter carries (present and seats_filled "
        "are then votes, not people).",
    )

    votes_for = models.PositiveIntegerField(null=True, blank=True)
    votes_against = models.PositiveIntegerField(null=True, blank=True)
    votes_abstain = models.PositiveIntegerField(null=True, blank=True)
    adopted = models.BooleanField(null=True, blank=True)
    explanation = models.TextField(blank=True)

    class Meta:
        ordering = ["opened_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(motion__isnull=False, amendment__isnull=True, election__isnull=True)
                    | models.Q(motion__isnull=True, amendment__isnull=False, election__isnull=True)
                    | models.Q(motion__isnull=True, amendment__isnull=True, election__isnull=False)
                ),
                name="vote_has_one_question",
            ),
            models.UniqueConstraint(
                fields=["meeting"],
                condition=models.Q(status="open"),
                name="one_open_vote_per_meeting",
            ),
            models.UniqueConstraint(
                fields=["motion"],
                condition=~models.Q(status="cancelled"),
                name="one_vote_per_motion",
            ),
            models.UniqueConstraint(
                fields=["amendment"],
                condition=~models.Q(status="cancelled"),
                name="one_vote_per_amendment",
            ),
            models.UniqueConstraint(
                fields=["election"],
                condition=~models.Q(status="cancelled"),
                name="one_vote_per_election",
            ),
            models.CheckConstraint(
                condition=models.Q(irregular=False) | ~models.Q(irregular_reason=""),
                name="irregular_vote_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"Vote {self.pk}: {self.question}"

    @property
    def is_secret(self) -> bool:
        return self.method == VoteMethod.SECRET

    @property
    def is_electronic(self) -> bool:
        return self.method in ELECTRONIC_METHODS


class Eligibility(models.Model):
    """A seat holder whose vote counts in this vote, as the meeting stood when it opened, and
    the proxy who casts it for them when they are represented."""

    vote = models.ForeignKey(Vote, on_delete=models.PROTECT, related_name="eligibility")
    member = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="+")
    proxy = models.ForeignKey(
        "members.Member", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    weight = models.PositiveIntegerField(
        default=1, help_text="The votes this ballot counts for, where the charter weighs votes."
    )

    class Meta:
        ordering = ["vote", "pk"]
        verbose_name_plural = "eligibility"
        constraints = [
            models.UniqueConstraint(fields=["vote", "member"], name="one_eligibility_per_voter")
        ]

    def __str__(self) -> str:
        return f"{self.member} in vote {self.vote_id}"


class NamedBallot(models.Model):
    """A vote recorded by name: cast electronically by the voter (or their proxy), or entered
    by the chair in a roll call."""

    vote = models.ForeignKey(Vote, on_delete=models.PROTECT, related_name="named_ballots")
    voter = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="+")
    choice = models.CharField(max_length=10, choices=Choice.choices)
    cast_by = models.ForeignKey(
        "members.Member",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The proxy who cast it, when not the voter.",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField()
    weight = models.PositiveIntegerField(default=1, help_text="The votes it counts for.")

    class Meta:
        ordering = ["vote", "voter__full_name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["vote", "voter"], name="one_named_ballot_per_voter")
        ]

    def __str__(self) -> str:
        return f"{self.voter}: {self.choice} in vote {self.vote_id}"


class Participation(models.Model):
    """THAT a member's secret ballot was cast (by them or their proxy): never what, never when.

    The database refuses a second row for the same voter, so nobody votes twice, however
    many requests arrive at once."""

    vote = models.ForeignKey(Vote, on_delete=models.PROTECT, related_name="participations")
    voter = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="+")
    by_proxy = models.ForeignKey(
        "members.Member", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["vote", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["vote", "voter"], name="one_participation_per_voter")
        ]

    def __str__(self) -> str:
        return f"{self.voter} voted in vote {self.vote_id}"


class SecretBallot(models.Model):
    """WHAT was voted in a secret ballot, with no trace of who voted it or when.

    `choice` for a motion or an amendment; `ranking` for an election: a list of preference
    groups, best first, each a list of candidate ids (one group of all approved candidates for
    approval voting; an empty list for a blank ballot)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    vote = models.ForeignKey(Vote, on_delete=models.PROTECT, related_name="secret_ballots")
    choice = models.CharField(max_length=10, choices=Choice.choices, blank=True)
    ranking = models.JSONField(null=True, blank=True)
    receipt_hash = models.CharField(max_length=64, unique=True)
    # The votes the paper counts for (a delegate carrying their unit's votes): on the paper,
    # never with the voter.
    weight = models.PositiveIntegerField(default=1)

    class Meta:
        # Never by anything that could follow the order of casting.
        ordering = ["receipt_hash"]

    def __str__(self) -> str:
        return f"Ballot {self.receipt_hash[:12]} in vote {self.vote_id}"


class ElectionMethod(models.TextChoices):
    """The counting methods of `minutebook.voting.methods` offered for elections."""

    PLURALITY = "plurality", "Plurality (most votes; one mark per ballot)"
    APPROVAL = "approval", "Approval (mark every acceptable candidate)"
    IRV = "irv", "Instant-runoff (ranked, one seat)"
    SCOTTISH_STV = "scottish-stv", "Single transferable vote, Scottish rules"
    MEEK_STV = "meek-stv", "Single transferable vote, Meek method"
    WIGM_STV = "wigm-stv", "Single transferable vote, weighted inclusive Gregory"
    WARREN_STV = "warren-stv", "Single transferable vote, Warren method"
    SCHULZE = "schulze", "Schulze (ranked, Condorcet)"


class BallotShape(models.TextChoices):
    SINGLE = "single", "one candidate"
    APPROVAL = "approval", "any number of candidates"
    RANKED = "ranked", "candidates in order of preference"


BALLOT_SHAPES = {
    ElectionMethod.PLURALITY: BallotShape.SINGLE,
    ElectionMethod.APPROVAL: BallotShape.APPROVAL,
    ElectionMethod.IRV: BallotShape.RANKED,
    ElectionMethod.SCOTTISH_STV: BallotShape.RANKED,
    ElectionMethod.MEEK_STV: BallotShape.RANKED,
    ElectionMethod.WARREN_STV: BallotShape.RANKED,
    ElectionMethod.WIGM_STV: BallotShape.RANKED,
    ElectionMethod.SCHULZE: BallotShape.RANKED,
}


class ElectionStatus(models.TextChoices):
    NOMINATING = "nominating", "Taking nominations"
    VOTING = "voting", "Voting"
    COUNTED = "counted", "Counted"
    CANCELLED = "cancelled", "Cancelled"


class Election(models.Model):
    """An election, at a meeting of the electing body, of `seats` seats on `body` under the
    charter's seat rule `elected: {by_body: <the meeting's body>}`.

    The count (`result`: the core's CountResult as JSON, with every round and the seed used for
    draws by lot) is stored once; the elected take their seats with this election as their
    provenance (`Seat.source_election`)."""

    meeting = models.ForeignKey(
        "meetings.Meeting", on_delete=models.PROTECT, related_name="elections"
    )
    body = models.ForeignKey("bodies.Body", on_delete=models.PROTECT, related_name="elections")
    title = models.CharField(max_length=300)
    seats = models.PositiveIntegerField()
    method = models.CharField(max_length=20, choices=ElectionMethod.choices)
    status = models.CharField(
        max_length=20, choices=ElectionStatus.choices, default=ElectionStatus.NOMINATING
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField()
    result = models.JSONField(null=True, blank=True)
    tie_seed = models.BigIntegerField(null=True, blank=True)
    counted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    counted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(seats__gte=1), name="election_fills_a_seat"),
            models.CheckConstraint(
                condition=~models.Q(status="counted") | models.Q(result__isnull=False),
                name="counted_election_has_result",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def ballot_shape(self) -> str:
        return BALLOT_SHAPES[ElectionMethod(self.method)]


class Candidate(models.Model):
    """A member nominated in an election. Only those who accepted stand."""

    election = models.ForeignKey(Election, on_delete=models.PROTECT, related_name="candidates")
    member = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="+")
    nominated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    nominated_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    irregular = models.BooleanField(default=False)
    irregular_reason = models.TextField(
        blank=True, help_text="The eligibility rule it breaks, and the reason given to proceed."
    )

    class Meta:
        ordering = ["election", "member__full_name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["election", "member"], name="one_candidacy_per_election"
            )
        ]

    def __str__(self) -> str:
        return f"{self.member} in {self.election}"
