from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models


class MeetingStatus(models.TextChoices):
    SCHEDULED = "scheduled", "Scheduled"
    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"
    CANCELLED = "cancelled", "Cancelled"  # never held: called off before it opened


# A meeting in one of these states is over: its record takes nothing more.
OVER = (MeetingStatus.CLOSED, MeetingStatus.CANCELLED)


class Meeting(models.Model):
    """A meeting of a body, from notice to approved minutes.

    `convened_at` is when notice was given; whether it was given in time is derived from the
    charter's notice period for the body (see `minutebook.meetings.notice`). An emergency
    meeting records who declared the emergency and why."""

    body = models.ForeignKey("bodies.Body", on_delete=models.PROTECT, related_name="meetings")
    title = models.CharField(max_length=300)
    convened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    convened_at = models.DateTimeField()
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField(null=True, blank=True)
    place = models.CharField(max_length=300, blank=True)
    online_url = models.URLField(blank=True)
    status = models.CharField(
        max_length=20, choices=MeetingStatus.choices, default=MeetingStatus.SCHEDULED
    )
    emergency = models.BooleanField(default=False)
    # A kind of meeting the charter names for the body (`meeting_kinds`), e.g. an election
    # deliberation session, for which its quorum may say none is needed; "" for an ordinary one.
    kind = models.CharField(max_length=64, blank=True)
    emergency_declared_by = models.ForeignKey(
        "bodies.Body",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The body that declared the emergency, as the charter allows.",
    )
    emergency_reason = models.TextField(blank=True)
    chair = models.ForeignKey(
        "members.Member", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    opened_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    cancellation_reason = models.TextField(blank=True)
    # The quorum as counted at the moment the chair opened and closed the meeting
    # ({"filled_seats", "present", "required", "rule"}): a person who leaves and comes back
    # keeps one attendance row, so check-in times alone cannot replay who was there when.
    quorum_at_opening = models.JSONField(null=True, blank=True)
    quorum_at_closing = models.JSONField(null=True, blank=True)
    minutes_approved_by = models.OneToOneField(
        "ledger.Decision",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="minutes_approved_for",
    )

    class Meta:
        ordering = ["-starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(emergency=False)
                | (models.Q(emergency_declared_by__isnull=False) & ~models.Q(emergency_reason="")),
                name="emergency_is_declared_with_reason",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=[MeetingStatus.SCHEDULED, MeetingStatus.CANCELLED])
                | models.Q(opened_at__isnull=False),
                name="open_or_closed_meeting_was_opened",
            ),
            models.CheckConstraint(
                condition=~models.Q(status=MeetingStatus.CANCELLED)
                | (
                    models.Q(cancelled_at__isnull=False, opened_at__isnull=True)
                    & ~models.Q(cancellation_reason="")
                ),
                name="cancelled_meeting_was_never_opened_and_says_why",
            ),
            models.CheckConstraint(
                condition=~models.Q(status=MeetingStatus.CLOSED)
                | models.Q(closed_at__isnull=False),
                name="closed_meeting_has_closing_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.body}: {self.title}"

    @property
    def kind_name(self) -> str:
        """The kind of meeting in words ("Election deliberation"), or "" for an ordinary one."""
        return self.kind.replace("-", " ").capitalize()

    @property
    def is_over(self) -> bool:
        """Closed or cancelled: its record takes nothing more (papers, agenda, attendance,
        motions)."""
        return self.status in OVER

    def refuse_if_over(self, then: str = "") -> None:
        """Refuse whatever would add to the record of a meeting that is over, naming its state
        and, if given, what follows from it (`then`)."""
        if self.is_over:
            refusal = f"the meeting is {self.get_status_display().lower()}"
            raise ValidationError({"meeting": f"{refusal}: {then}" if then else refusal})


CLOSED_GROUND_LENGTH = 300


class AgendaItem(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="agenda_items")
    position = models.PositiveIntegerField()
    title = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    minutes_allocated = models.PositiveIntegerField(null=True, blank=True)
    # Taken in closed session, as the charter's `closed_sessions:` allows: the title and the
    # decisions stay on the record for every reader; the rest is read by the body's seat
    # holders and the charter's readers (`meetings.access.closed_items_hidden_from`).
    closed_session = models.BooleanField(default=False)
    closed_ground = models.CharField(max_length=CLOSED_GROUND_LENGTH, blank=True)

    class Meta:
        ordering = ["meeting", "position"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "position"], name="one_item_per_position")
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.title}"


class Document(models.Model):
    """A paper for a meeting, with its real authors and the moment it was circulated."""

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="documents")
    agenda_item = models.ForeignKey(
        AgendaItem, null=True, blank=True, on_delete=models.PROTECT, related_name="documents"
    )
    title = models.CharField(max_length=300)
    text = models.TextField(help_text="Markdown", blank=True)
    authors = models.ManyToManyField("members.Member", related_name="authored_documents")
    author_bodies = models.ManyToManyField("bodies.Body", blank=True, related_name="+")
    circulated_at = models.DateTimeField()
    circulated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["circulated_at", "pk"]

    def __str__(self) -> str:
        return self.title


class Attendance(models.Model):
    """A seat holder's presence at a meeting. `proxy_for` is the absent seat holder whose vote
    this attendee carries, where the charter allows proxies."""

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="attendance")
    member = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="+")
    checked_in_at = models.DateTimeField()
    checked_out_at = models.DateTimeField(null=True, blank=True)
    proxy_for = models.ForeignKey(
        "members.Member", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # How the absent seat holder told their proxy to vote (a directed proxy); "" undirected.
    proxy_directions = models.TextField(blank=True)
    irregular = models.BooleanField(default=False)
    irregular_reason = models.TextField(
        blank=True, help_text="The eligibility rule it breaks, and the reason given to proceed."
    )

    class Meta:
        ordering = ["checked_in_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "member"], name="one_attendance_per_member"),
            models.UniqueConstraint(
                fields=["meeting", "proxy_for"],
                condition=models.Q(proxy_for__isnull=False),
                name="one_proxy_per_absent_member",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member} at {self.meeting}"
