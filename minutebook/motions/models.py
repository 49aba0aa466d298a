"""Motions and amendments: what members or bodies propose that a body decide.

A motion's text lives in its versions: version 1 is the text as submitted, and every adopted
amendment adds the next version, naming the amendment, so every text the motion ever had stays
on the record. The motion's status follows its workflow; each change of status is made by one
service in `minutebook.motions.services` and journaled there."""

from django.conf import settings
from django.db import models


class MotionStatus(models.TextChoices):
    SUBMITTED = "submitted", "Submitted"
    ADMITTED = "admitted", "Admitted to the agenda"
    DEBATED = "debated", "In debate"
    VOTED = "voted", "Being voted on"
    ADOPTED = "adopted", "Adopted"
    REJECTED = "rejected", "Rejected"
    WITHDRAWN = "withdrawn", "Withdrawn"
    REFERRED = "referred", "Referred"


# Before the vote: the motion may still be withdrawn, amended or signed.
MOTION_BEFORE_VOTE = (MotionStatus.SUBMITTED, MotionStatus.ADMITTED, MotionStatus.DEBATED)


class SponsorRole(models.TextChoices):
    AUTHOR = "author", "Author"
    COSPONSOR = "cosponsor", "Co-sponsor"


class Motion(models.Model):
    """A proposal that a body take a decision of a charter decision type.

    `submitted_at` is also when the motion was circulated: a submitted motion is open at once
    to everyone who may read the body's records, so notice of it counts from then (see
    `minutebook.motions.selectors.motion_notice_given`). `proposing_body` is set when a body
    (say the council) moves the motion; its real authors are listed as sponsors either way."""

    body = models.ForeignKey("bodies.Body", on_delete=models.PROTECT, related_name="motions")
    meeting = models.ForeignKey(
        "meetings.Meeting", null=True, blank=True, on_delete=models.PROTECT, related_name="motions"
    )
    agenda_item = models.ForeignKey(
        "meetings.AgendaItem",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="motions",
    )
    decision_type = models.CharField(max_length=100)
    title = models.CharField(max_length=300)
    ends = models.ForeignKey(
        "ledger.Decision",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The decision this motion would rescind or amend.",
    )
    proposing_body = models.ForeignKey(
        "bodies.Body",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="proposed_motions",
        help_text="The body that moves the motion, when it is not moved by members.",
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField()
    status = models.CharField(
        max_length=20, choices=MotionStatus.choices, default=MotionStatus.SUBMITTED
    )
    referred_to = models.ForeignKey(
        "bodies.Body", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    referral_note = models.TextField(blank=True)
    decision = models.OneToOneField(
        "ledger.Decision",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="motion",
        help_text="The decision the adopted motion became.",
    )

    class Meta:
        ordering = ["submitted_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(agenda_item__isnull=True) | models.Q(meeting__isnull=False),
                name="motion_agenda_item_needs_meeting",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="referred") | models.Q(referred_to__isnull=False),
                name="motion_referred_somewhere",
            ),
            models.CheckConstraint(
                condition=models.Q(decision__isnull=True) | models.Q(status="adopted"),
                name="motion_decision_only_when_adopted",
            ),
        ]

    def __str__(self) -> str:
        return f"Motion {self.pk}: {self.title}"


class MotionVersion(models.Model):
    """One text of a motion. Version 1 is the text submitted; each later version is the text
    as an adopted amendment changed it."""

    motion = models.ForeignKey(Motion, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField()
    text = models.TextField(help_text="Markdown")
    amendment = models.OneToOneField(
        "motions.Amendment",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="resulting_version",
    )
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["motion", "number"]
        constraints = [
            models.UniqueConstraint(fields=["motion", "number"], name="one_motion_version_number"),
            models.CheckConstraint(
                condition=models.Q(number=1, amendment__isnull=True)
                | (models.Q(number__gt=1) & models.Q(amendment__isnull=False)),
                name="later_versions_come_from_amendments",
            ),
        ]

    def __str__(self) -> str:
        return f"Motion {self.motion_id}, version {self.number}"


class MotionSponsor(models.Model):
    """A member behind a motion: one of its authors, or a co-sponsor who signed on."""

    motion = models.ForeignKey(Motion, on_delete=models.PROTECT, related_name="sponsors")
    member = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="+")
    role = models.CharField(max_length=20, choices=SponsorRole.choices)
    signed_at = models.DateTimeField()

    class Meta:
        ordering = ["motion", "role", "signed_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["motion", "member"], name="one_sponsorship_per_motion")
        ]

    def __str__(self) -> str:
        return f"{self.member} ({self.role}) of motion {self.motion_id}"


class AmendmentStatus(models.TextChoices):
    SUBMITTED = "submitted", "Submitted"
    ADMITTED = "admitted", "Admitted"
    VOTED = "voted", "Being voted on"
    ADOPTED = "adopted", "Adopted"
    REJECTED = "rejected", "Rejected"
    WITHDRAWN = "withdrawn", "Withdrawn"


# An amendment admitted and not yet decided blocks the vote on its motion.
AMENDMENT_PENDING = (AmendmentStatus.ADMITTED, AmendmentStatus.VOTED)
AMENDMENT_BEFORE_VOTE = (AmendmentStatus.SUBMITTED, AmendmentStatus.ADMITTED)


class Amendment(models.Model):
    """A proposed change to a motion's text, stated as the whole text as it would read.

    `base_version` is the version the amendment was written against. If another amendment
    changes the motion first, this one must be restated on the new text before it can be put
    to the vote (`amendment_restate`), so that adopting it never silently undoes the other."""

    motion = models.ForeignKey(Motion, on_delete=models.PROTECT, related_name="amendments")
    number = models.PositiveIntegerField()
    base_version = models.ForeignKey(MotionVersion, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(help_text="The motion's whole text as amended (Markdown).")
    rationale = models.TextField(blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField()
    status = models.CharField(
        max_length=20, choices=AmendmentStatus.choices, default=AmendmentStatus.SUBMITTED
    )

    class Meta:
        ordering = ["motion", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["motion", "number"], name="one_amendment_number_per_motion"
            )
        ]

    def __str__(self) -> str:
        return f"Amendment {self.number} to motion {self.motion_id}"


class AmendmentSponsor(models.Model):
    amendment = models.ForeignKey(Amendment, on_delete=models.PROTECT, related_name="sponsors")
    member = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="+")
    role = models.CharField(max_length=20, choices=SponsorRole.choices)
    signed_at = models.DateTimeField()

    class Meta:
        ordering = ["amendment", "role", "signed_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["amendment", "member"], name="one_sponsorship_per_amendment"
            )
        ]

    def __str__(self) -> str:
        return f"{self.member} ({self.role}) of amendment {self.amendment_id}"


class MotionReading(models.Model):
    """An earlier reading of a motion whose decision type the charter has read several times:
    read at `meeting`, on the day of that meeting. The last reading is the meeting that votes
    on it, so it is not recorded here."""

    motion = models.ForeignKey(Motion, on_delete=models.PROTECT, related_name="readings")
    number = models.PositiveIntegerField()
    meeting = models.ForeignKey("meetings.Meeting", on_delete=models.PROTECT, related_name="+")
    read_on = models.DateField(help_text="The day of the meeting at which it was read.")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["motion", "number"]
        constraints = [
            models.UniqueConstraint(fields=["motion", "number"], name="one_reading_number"),
            models.UniqueConstraint(fields=["motion", "meeting"], name="one_reading_per_meeting"),
        ]

    def __str__(self) -> str:
        return f"Reading {self.number} of motion {self.motion_id}"


class LateAdmission(models.Model):
    """The procedural vote by which a meeting admitted a motion submitted after the charter's
    deadline: the counts the chair entered and the majority they reached."""

    motion = models.ForeignKey(Motion, on_delete=models.PROTECT, related_name="late_admissions")
    meeting = models.ForeignKey("meetings.Meeting", on_delete=models.PROTECT, related_name="+")
    threshold = models.TextField()
    votes_for = models.PositiveIntegerField()
    votes_against = models.PositiveIntegerField()
    votes_abstain = models.PositiveIntegerField(default=0)
    explanation = models.TextField()
    admitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    admitted_at = models.DateTimeField()

    class Meta:
        ordering = ["motion", "admitted_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["motion", "meeting"], name="one_late_admission_per_meeting"
            )
        ]

    def __str__(self) -> str:
        return f"Late admission of motion {self.motion_id} at meeting {self.meeting_id}"
