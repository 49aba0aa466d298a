from django.conf import settings
from django.db import models
from django.utils import timezone


class Body(models.Model):
    """A body of the organization: a congress, a committee, a branch assembly, a commission.

    `definition` is the charter's id for it; bodies defined per unit kind exist once per unit
    (slug `<definition>.<unit>`). A body that the charter does not define (`chartered` false)
    exists only so that the record can say truthfully who took an irregular decision: it can
    hold no seats and take no binding decision."""

    slug = models.SlugField(max_length=150, unique=True)
    name = models.CharField(max_length=200)
    definition = models.CharField(max_length=100, blank=True)
    unit = models.ForeignKey(
        "charter.Unit", null=True, blank=True, on_delete=models.PROTECT, related_name="bodies"
    )
    chartered = models.BooleanField(default=True)
    dissolved_by = models.ForeignKey(
        "charter.CharterVersion",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "bodies"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(chartered=False) | ~models.Q(definition=""),
                name="chartered_body_has_definition",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_active(self) -> bool:
        return self.chartered and self.dissolved_by_id is None


class SeatMethod(models.TextChoices):
    ELECTED = "elected", "Elected"
    EX_OFFICIO = "ex_officio", "Ex officio"
    APPOINTED = "appointed", "Appointed"
    ALL_MEMBERS = "all_members", "As a member of the unit"


class SeatQuerySet(models.QuerySet):
    def current(self, on=None):
        """Seats held on the day `on` (today by default): started, not ended, term not run out."""
        on = on or timezone.localdate()
        return self.filter(starts_on__lte=on).filter(
            models.Q(ended_on__isnull=True) | models.Q(ended_on__gt=on),
            models.Q(term_ends_on__isnull=True) | models.Q(term_ends_on__gte=on),
        )


class Seat(models.Model):
    """A member's seat on a body, with its provenance: how they got it, by which decision or
    through which other seat, and when it started and ended."""

    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="seats")
    member = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="seats")
    method = models.CharField(max_length=20, choices=SeatMethod.choices)
    office = models.CharField(max_length=60, blank=True)
    constituency = models.ForeignKey(
        "charter.Unit",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The unit whose members elected this seat, where the charter says so.",
    )
    source_decision = models.ForeignKey(
        "ledger.Decision",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="resulting_seats",
        help_text="The election or appointment decision behind the seat.",
    )
    source_election = models.ForeignKey(
        "votes.Election",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="resulting_seats",
        help_text="The election at a meeting, counted in Minutebook, that filled the seat.",
    )
    via_seat = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="ex_officio_seats",
        help_text="For an ex officio seat, the seat that carries it.",
    )
    starts_on = models.DateField()
    term_ends_on = models.DateField(null=True, blank=True)
    ended_on = models.DateField(null=True, blank=True)
    end_reason = models.CharField(max_length=200, blank=True)
    irregular = models.BooleanField(default=False)
    irregular_reason = models.TextField(
        blank=True, help_text="The eligibility rule it breaks, and the reason given to proceed."
    )

    objects = SeatQuerySet.as_manager()

    class Meta:
        ordering = ["body", "starts_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["body", "member"],
                condition=models.Q(ended_on__isnull=True),
                name="one_current_seat_per_member_and_body",
            ),
            models.CheckConstraint(
                condition=models.Q(ended_on__isnull=True)
                | models.Q(ended_on__gte=models.F("starts_on")),
                name="seat_ends_after_it_starts",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member} on {self.body}"


class Census(models.Model):
    """The count of each unit's members in good standing on `taken_on`, taken for a body whose
    seats the charter apportions by members (`apportioned:`), and the seats that follow: from
    then on, until the next census, seat filling keeps to them. `formula` is the charter's
    formula in words as it stood when the census was taken."""

    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="censuses")
    taken_on = models.DateField(help_text="The census date: who was a member that day counts.")
    label = models.CharField(max_length=200, blank=True, help_text="e.g. for the 2026 Congress")
    unit_kind = models.CharField(max_length=100)
    formula = models.TextField()
    recorded_at = models.DateTimeField(auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["body", "-taken_on", "-pk"]
        verbose_name_plural = "censuses"

    def __str__(self) -> str:
        return f"Census of {self.taken_on} for {self.body}"


class CensusCount(models.Model):
    """One unit in a census: who was counted, how many, and the seats they give the unit."""

    census = models.ForeignKey(Census, on_delete=models.PROTECT, related_name="counts")
    unit = models.ForeignKey("charter.Unit", on_delete=models.PROTECT, related_name="+")
    members = models.PositiveIntegerField()
    seats = models.PositiveIntegerField()
    counted = models.ManyToManyField("members.Member", related_name="+")

    class Meta:
        ordering = ["census", "unit__name"]
        constraints = [
            models.UniqueConstraint(fields=["census", "unit"], name="one_count_per_unit_in_census")
        ]

    def __str__(self) -> str:
        return f"{self.unit}: {self.members} members, {self.seats} seats"
