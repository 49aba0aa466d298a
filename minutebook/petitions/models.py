from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models import F, Q


class PetitionStatus(models.TextChoices):
    COLLECTING = "collecting", "Collecting signatures"
    REACHED = "reached", "Threshold reached"
    FAILED = "failed", "Failed (deadline passed)"
    WITHDRAWN = "withdrawn", "Withdrawn"


class Petition(models.Model):
    """A petition or requisition of a kind the charter declares, with what that kind said when
    it was started (the charter may change while signatures are collected; a petition keeps
    the rule it was started under).

    `status` is what the last write left; a petition still `collecting` after `closes_at`
    has failed, which `status_at` says at read time (nothing needs to run at the deadline)."""

    kind = models.CharField(max_length=64, help_text="The charter's id of the petition kind.")
    kind_name = models.CharField(max_length=200)
    charter_version = models.ForeignKey(
        "charter.CharterVersion", on_delete=models.PROTECT, related_name="+"
    )
    unit = models.ForeignKey(
        "charter.Unit",
        on_delete=models.PROTECT,
        related_name="petitions",
        help_text="The unit whose members may sign, or the unit of the body whose seat holders may.",
    )
    signing_body = models.ForeignKey(
        "bodies.Body",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="For a petition of a body's seat holders: that body.",
    )
    responsible_body = models.ForeignKey(
        "bodies.Body",
        on_delete=models.PROTECT,
        related_name="petitions",
        help_text="The body that must act once the petition is valid.",
    )
    title = models.CharField(max_length=300)
    demand = models.TextField()
    started_by = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="+")
    opened_at = models.DateTimeField()
    closes_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="Signatures are taken until this moment; empty where the charter fixes no "
        "period (until the petition is valid or withdrawn).",
    )
    status = models.CharField(
        max_length=20, choices=PetitionStatus.choices, default=PetitionStatus.COLLECTING
    )
    reached_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    # The rule as it stood at opening: the count of those entitled to sign, the signatures it
    # takes (for the units form: in each unit), and what it requires once valid.
    entitled_at_opening = models.PositiveIntegerField()
    required_signatures = models.PositiveIntegerField()
    required_units = models.PositiveIntegerField(null=True, blank=True)
    unit_kind = models.CharField(max_length=64, blank=True)
    threshold = models.JSONField(help_text="The charter's threshold, as written.")
    requirement = models.JSONField(help_text="What it requires: kind, body, within_days, ...")

    class Meta:
        ordering = ["-opened_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__gt=F("opened_at")), name="petition_closes_after_opening"
            ),
            models.CheckConstraint(
                condition=~Q(status=PetitionStatus.REACHED) | Q(reached_at__isnull=False),
                name="reached_petition_says_when",
            ),
            models.CheckConstraint(
                condition=Q(required_signatures__gte=1), name="petition_needs_a_signature"
            ),
        ]

    def __str__(self) -> str:
        return f"Petition {self.pk}: {self.title}"

    def status_at(self, now: dt.datetime) -> str:
        """The status as of `now`: collecting past the deadline is failed."""
        if (
            self.status == PetitionStatus.COLLECTING
            and self.closes_at is not None
            and now >= self.closes_at
        ):
            return PetitionStatus.FAILED
        return self.status

    @property
    def source(self) -> str:
        """How the obligation it creates names it."""
        return f"petition:{self.pk}"


class SignatureQuerySet(models.QuerySet):
    def standing(self):
        return self.filter(withdrawn_at__isnull=True)


class Signature(models.Model):
    """A member's signature, counted for `unit` (their unit within the petition's, or for
    the units form the unit of that kind they belong to). A withdrawn signature stays on the
    record with the moment it was withdrawn; the member may sign again while signatures are
    collected."""

    petition = models.ForeignKey(Petition, on_delete=models.PROTECT, related_name="signatures")
    member = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey("charter.Unit", on_delete=models.PROTECT, related_name="+")
    signed_at = models.DateTimeField()
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    objects = SignatureQuerySet.as_manager()

    class Meta:
        ordering = ["signed_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["petition", "member"],
                condition=Q(withdrawn_at__isnull=True),
                name="one_standing_signature_per_member_and_petition",
            ),
            models.CheckConstraint(
                condition=Q(withdrawn_at__isnull=True) | Q(withdrawn_at__gte=F("signed_at")),
                name="signature_withdrawn_after_signing",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member} on {self.petition}"
