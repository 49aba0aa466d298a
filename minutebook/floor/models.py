"""The list of speakers of a meeting: who asked for the floor, who was called, for how long
they spoke, and who granted them more time.

Everything is per meeting: a meeting's `Floor` holds its settings (the speaking limit copied
from the charter, the ordering options, whether the list is closed), the current turn is the
one `SpeakerRequest` in status `speaking`, and its timer lives on that row."""

import datetime as dt

from django.conf import settings
from django.db import models


class Floor(models.Model):
    """A meeting's list of speakers: its settings and state, created when the floor opens.

    `charter_limit_seconds` keeps the limit the charter gave when the floor opened, so the
    record can show that the chair changed it (each change is a `LimitChange`, with a reason).
    `revision` counts the changes; it goes out with every live event."""

    meeting = models.OneToOneField(
        "meetings.Meeting", on_delete=models.PROTECT, related_name="floor"
    )
    agenda_item = models.ForeignKey(
        "meetings.AgendaItem",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The item under debate: new requests are for it.",
    )
    speaking_limit_seconds = models.PositiveIntegerField()
    charter_limit_seconds = models.PositiveIntegerField()
    pro_contra = models.BooleanField(
        default=False, help_text="Alternate speakers for and against (the debate on a motion)."
    )
    progressive = models.BooleanField(
        default=False, help_text="People who have not yet spoken in the meeting go first."
    )
    list_closed = models.BooleanField(default=False)
    revision = models.PositiveIntegerField(default=0)
    opened_at = models.DateTimeField()
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(speaking_limit_seconds__gte=1),
                name="floor_speaking_limit_is_positive",
            )
        ]

    def __str__(self) -> str:
        return f"List of speakers of {self.meeting}"


class LimitChange(models.Model):
    """The chair changed the meeting's speaking limit, for every speaker called afterwards."""

    floor = models.ForeignKey(Floor, on_delete=models.PROTECT, related_name="limit_changes")
    seconds_before = models.PositiveIntegerField()
    seconds_after = models.PositiveIntegerField()
    reason = models.TextField()
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    changed_at = models.DateTimeField()

    class Meta:
        ordering = ["changed_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(reason=""), name="floor_limit_change_has_reason"
            ),
            models.CheckConstraint(
                condition=models.Q(seconds_after__gte=1), name="floor_limit_change_is_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"Limit {self.seconds_before}s → {self.seconds_after}s"


class DebateClosure(models.Model):
    """The chair closed the debate on an item; whoever was still waiting is linked to it."""

    meeting = models.ForeignKey(
        "meetings.Meeting", on_delete=models.PROTECT, related_name="debate_closures"
    )
    agenda_item = models.ForeignKey(
        "meetings.AgendaItem", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    closed_at = models.DateTimeField()

    class Meta:
        ordering = ["closed_at", "pk"]

    def __str__(self) -> str:
        return f"Debate closed on {self.agenda_item or 'the meeting'}"


class RequestKind(models.TextChoices):
    SPEECH = "speech", "Speech"
    POINT_OF_ORDER = "point_of_order", "Point of order"


class Stance(models.TextChoices):
    NONE = "none", "No stance"
    PRO = "pro", "For"
    CONTRA = "contra", "Against"


class RequestStatus(models.TextChoices):
    WAITING = "waiting", "Waiting"
    SPEAKING = "speaking", "Speaking"
    SPOKE = "spoke", "Spoke"
    WITHDRAWN = "withdrawn", "Withdrawn"
    NOT_CALLED = "not_called", "Not called"


class SpeakerRequest(models.Model):
    """One request for the floor, from asking to the end of the turn.

    The timer of a turn: `timer_running_since` is set while it runs, and `timer_elapsed` holds
    the time counted before the last pause; so the time spoken at any moment is
    `timer_elapsed + (now - timer_running_since)`. `limit_seconds` is the meeting's limit when
    the speaker was called; extensions add to it. `withdrawn` by someone other than the member
    is a removal by the chair."""

    meeting = models.ForeignKey(
        "meetings.Meeting", on_delete=models.PROTECT, related_name="speaker_requests"
    )
    agenda_item = models.ForeignKey(
        "meetings.AgendaItem", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    member = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=20, choices=RequestKind.choices)
    stance = models.CharField(max_length=10, choices=Stance.choices, default=Stance.NONE)
    status = models.CharField(
        max_length=20, choices=RequestStatus.choices, default=RequestStatus.WAITING
    )
    requested_at = models.DateTimeField()
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    called_at = models.DateTimeField(null=True, blank=True)
    called_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    call_reason = models.CharField(max_length=300, blank=True)
    limit_seconds = models.PositiveIntegerField(null=True, blank=True)
    timer_running_since = models.DateTimeField(null=True, blank=True)
    timer_elapsed = models.DurationField(default=dt.timedelta)
    started_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    time_spoken = models.DurationField(null=True, blank=True)
    debate_closure = models.ForeignKey(
        DebateClosure,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="not_called",
    )

    class Meta:
        ordering = ["requested_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting"],
                condition=models.Q(status="speaking"),
                name="one_speaker_per_meeting",
            ),
            # A member waits once per item for a speech and once for a point of order: a point
            # of order cannot wait behind one's own request to speak. Two constraints, because
            # NULLs never collide in a unique index.
            models.UniqueConstraint(
                fields=["meeting", "agenda_item", "member", "kind"],
                condition=models.Q(status="waiting", agenda_item__isnull=False),
                name="one_waiting_request_per_member_and_item",
            ),
            models.UniqueConstraint(
                fields=["meeting", "member", "kind"],
                condition=models.Q(status="waiting", agenda_item__isnull=True),
                name="one_waiting_request_per_member_without_item",
            ),
            models.CheckConstraint(
                condition=models.Q(timer_running_since__isnull=True) | models.Q(status="speaking"),
                name="timer_runs_only_for_the_speaker",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="spoke") | models.Q(time_spoken__isnull=False),
                name="a_turn_spoken_has_its_time",
            ),
            models.CheckConstraint(
                condition=~models.Q(kind="point_of_order") | models.Q(stance="none"),
                name="a_point_of_order_takes_no_stance",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member} ({self.get_kind_display()}, {self.get_status_display()})"


class Extension(models.Model):
    """More time for a speaker, with who granted it and why."""

    request = models.ForeignKey(SpeakerRequest, on_delete=models.PROTECT, related_name="extensions")
    seconds = models.PositiveIntegerField()
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    granted_at = models.DateTimeField()
    reason = models.TextField()

    class Meta:
        ordering = ["granted_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(seconds__gte=1), name="an_extension_adds_time"
            ),
            models.CheckConstraint(
                condition=~models.Q(reason=""), name="an_extension_has_a_reason"
            ),
        ]

    def __str__(self) -> str:
        return f"+{self.seconds}s for {self.request.member}"
