from django.conf import settings
from django.db import models


class MembershipStatus(models.TextChoices):
    APPLICANT = "applicant", "Applicant"
    MEMBER = "member", "Member"
    SUSPENDED = "suspended", "Suspended"
    EXPELLED = "expelled", "Expelled"
    RESIGNED = "resigned", "Resigned"


class Member(models.Model):
    """A person on the organization's roll, with a login. `status` is the current status; its
    history, with the decision behind each change, is in `MembershipStatusChange`."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="member"
    )
    membership_number = models.CharField(max_length=40, unique=True)
    full_name = models.CharField(max_length=200)
    status = models.CharField(
        max_length=20, choices=MembershipStatus.choices, default=MembershipStatus.APPLICANT
    )
    # What the charter's eligibility rules read (minutebook.bodies.eligibility): a minimum
    # age, and dues not too far in arrears. Both optional: an age not recorded is not checked.
    date_of_birth = models.DateField(null=True, blank=True)
    dues_paid_until = models.DateField(
        null=True, blank=True, help_text="The day up to which the member's dues are paid."
    )

    class Meta:
        ordering = ["full_name"]

    def __str__(self) -> str:
        return self.full_name

    @property
    def is_in_good_standing(self) -> bool:
        return self.status == MembershipStatus.MEMBER


class MembershipStatusChange(models.Model):
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="status_history")
    status = models.CharField(max_length=20, choices=MembershipStatus.choices)
    effective_on = models.DateField()
    decision = models.ForeignKey(
        "ledger.Decision",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="membership_changes",
    )
    note = models.TextField(blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["effective_on", "pk"]

    def __str__(self) -> str:
        return f"{self.member}: {self.status} from {self.effective_on}"


class UnitMembership(models.Model):
    """A member's belonging to a unit (usually their branch), from `since` until `until`."""

    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="unit_memberships")
    unit = models.ForeignKey("charter.Unit", on_delete=models.PROTECT, related_name="memberships")
    since = models.DateField()
    until = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["since", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["member", "unit"],
                condition=models.Q(until__isnull=True),
                name="one_current_membership_per_unit",
            ),
            models.CheckConstraint(
                condition=models.Q(until__isnull=True) | models.Q(until__gte=models.F("since")),
                name="unit_membership_ends_after_it_starts",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member} in {self.unit}"
