from django.conf import settings
from django.db import models
from django.utils import timezone


class DecisionStatus(models.TextChoices):
    PENDING = "pending", "Awaiting ratification or consent"
    ADOPTED = "adopted", "Adopted"
    IN_PROGRESS = "in_progress", "In progress"
    IMPLEMENTED = "implemented", "Implemented"
    RESCINDED = "rescinded", "Rescinded"
    SUPERSEDED = "superseded", "Superseded by an amendment"
    REFUSED = "refused", "Not ratified (refused at a later step)"
    VETOED = "vetoed", "Vetoed"


OPEN_STATUSES = (DecisionStatus.ADOPTED, DecisionStatus.IN_PROGRESS)


class DecisionQuerySet(models.QuerySet):
    def overdue(self, today=None):
        today = today or timezone.localdate()
        return self.filter(status__in=OPEN_STATUSES, due_on__lt=today)


class Decision(models.Model):
    """A decision of a body, checked against the charter in force when it was taken.

    A decision that fails the check exists only if a secretary recorded it as `irregular`, with a
    reason. A decision ends early only through a later decision (`ends`) of type
    `decision.rescind`, or an amending decision of the same type, taken by a competent body."""

    reference = models.CharField(max_length=40, unique=True)
    body = models.ForeignKey("bodies.Body", on_delete=models.PROTECT, related_name="decisions")
    decided_on = models.DateField()
    meeting = models.ForeignKey(
        "meetings.Meeting",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="decisions",
    )
    decision_type = models.CharField(max_length=100)
    title = models.CharField(max_length=300)
    text = models.TextField(help_text="Markdown")

    votes_for = models.PositiveIntegerField(null=True, blank=True)
    votes_against = models.PositiveIntegerField(null=True, blank=True)
    votes_abstain = models.PositiveIntegerField(null=True, blank=True)
    unanimous = models.BooleanField(default=False)
    present = models.PositiveIntegerField(null=True, blank=True)
    seats_filled = models.PositiveIntegerField(
        help_text="Seat holders of the body on the day, the basis for entire-membership rules."
    )
    notice_given = models.BooleanField(default=False)

    charter_version = models.ForeignKey(
        "charter.CharterVersion", on_delete=models.PROTECT, related_name="decisions"
    )
    check_passed = models.BooleanField()
    check_failures = models.JSONField(default=list, blank=True)
    threshold = models.TextField(blank=True)
    check_explanation = models.TextField(
        blank=True, help_text="How the vote measured against the threshold, as checked."
    )
    irregular = models.BooleanField(default=False)
    irregular_reason = models.TextField(blank=True)

    ends = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="ending_decisions",
        help_text="The decision this one rescinds or amends.",
    )

    status = models.CharField(
        max_length=20, choices=DecisionStatus.choices, default=DecisionStatus.ADOPTED
    )
    responsible_body = models.ForeignKey(
        "bodies.Body", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    responsible_member = models.ForeignKey(
        "members.Member", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    due_on = models.DateField(null=True, blank=True)

    recommended_by = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="recommended",
        help_text="The recommendation the charter's procedure asks for before adoption.",
    )
    in_force_from = models.DateField(
        null=True,
        blank=True,
        help_text="When its procedure let it take effect (the last approval, or the end of "
        "a veto window); empty while pending, and for a decision with no procedure.",
    )
    pending_charter_text = models.TextField(
        blank=True, help_text="An amended charter that takes effect when it is ratified."
    )
    amount = models.DecimalField(
        max_digits=16,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="For a decision type with an amount: the sum decided, which some steps of "
        "its procedure depend on.",
    )
    affected_units = models.ManyToManyField(
        "charter.Unit",
        blank=True,
        related_name="affecting_decisions",
        help_text="The units the decision affects, whose agreement its procedure asks.",
    )

    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    objects = DecisionQuerySet.as_manager()

    class Meta:
        ordering = ["-decided_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(check_passed=True) | models.Q(irregular=True),
                name="failed_check_only_if_irregular",
            ),
            models.CheckConstraint(
                condition=models.Q(irregular=False) | ~models.Q(irregular_reason=""),
                name="irregular_has_reason",
            ),
            models.UniqueConstraint(
                fields=["ends"],
                condition=models.Q(irregular=False),
                name="one_regular_ending_per_decision",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "due_on"]),
            models.Index(fields=["decision_type"]),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"

    @property
    def is_overdue(self) -> bool:
        return (
            self.status in OPEN_STATUSES
            and self.due_on is not None
            and self.due_on < timezone.localdate()
        )

    @property
    def ended_by(self) -> "Decision | None":
        """The regular decision that rescinded or amended this one, if any."""
        for decision in self.ending_decisions.all():
            if not decision.irregular:
                return decision
        return None


class DecisionStep(models.Model):
    """A later step of a decision's procedure, taken by another body with its own vote: a
    ratification or consent (`carried`: given; otherwise refused), or a vote on a veto
    (`carried`: vetoed). `index` is the step's place in the charter's `procedure`. A units
    step has one record per unit, each by that unit's body. The approval of a body outside
    the organization has no `body` and no vote: `outside_body` names it, `outside_reference`
    (and `outside_document`) say where its answer is written."""

    decision = models.ForeignKey(Decision, on_delete=models.PROTECT, related_name="steps")
    index = models.PositiveSmallIntegerField()
    kind = models.CharField(max_length=20)
    body = models.ForeignKey(
        "bodies.Body", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_on = models.DateField()
    meeting = models.ForeignKey(
        "meetings.Meeting", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    votes_for = models.PositiveIntegerField(null=True, blank=True)
    votes_against = models.PositiveIntegerField(null=True, blank=True)
    votes_abstain = models.PositiveIntegerField(null=True, blank=True, default=0)
    present = models.PositiveIntegerField(null=True, blank=True)
    seats_filled = models.PositiveIntegerField(null=True, blank=True)
    threshold = models.TextField(blank=True)
    carried = models.BooleanField()
    explanation = models.TextField()
    check_failures = models.JSONField(default=list, blank=True)
    irregular = models.BooleanField(default=False)
    irregular_reason = models.TextField(blank=True)
    outside_body = models.CharField(max_length=200, blank=True)
    outside_reference = models.CharField(max_length=300, blank=True)
    outside_document = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["decided_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["decision", "index", "body"],
                condition=models.Q(irregular=False),
                name="one_regular_record_per_step_and_body",
            ),
            models.UniqueConstraint(
                fields=["decision", "index"],
                condition=models.Q(irregular=False, body__isnull=True),
                name="one_regular_outside_record_per_step",
            ),
            models.CheckConstraint(
                condition=models.Q(irregular=False) | ~models.Q(irregular_reason=""),
                name="irregular_step_has_reason",
            ),
            models.CheckConstraint(
                condition=models.Q(body__isnull=False) | ~models.Q(outside_body=""),
                name="step_by_a_body_or_outside",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.decision.reference}: {self.kind} by {self.body or self.outside_body}"

    @property
    def noun(self) -> str:
        """The step as a noun, for sentences: "the ratification of 2026-00003"."""
        return {
            "ratify": "ratification",
            "units_agree": "agreement",
            "units_veto": "veto",
            "outside_approval": "approval",
        }.get(self.kind, self.kind)

    @property
    def by_name(self) -> str:
        return self.body.name if self.body_id else self.outside_body


class ProgressNote(models.Model):
    """A dated note on how implementation goes; it may move the decision's status on."""

    decision = models.ForeignKey(Decision, on_delete=models.PROTECT, related_name="progress_notes")
    written_on = models.DateField()
    text = models.TextField()
    status_after = models.CharField(max_length=20, choices=DecisionStatus.choices)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["written_on", "pk"]

    def __str__(self) -> str:
        return f"{self.decision.reference}: {self.written_on}"
