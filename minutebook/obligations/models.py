from django.conf import settings
from django.db import models
from django.db.models import F, Q


class ObligationKind(models.TextChoices):
    """What has to happen for the duty to be met. How the record shows it is registered in
    `minutebook.obligations.kinds`; `ballot` is registered by the ballots app, `answer` by the
    member_requests app."""

    # A meeting of the body, held or convened to be held on or before the due date.
    MEETING = "meeting", "A meeting of the body"
    # A decision of the type in `params["decision_type"]` by the body, on or before the due date.
    DECISION = "decision", "A decision of the body"
    # A ballot of the body (outside meetings) opened on or before the due date.
    BALLOT = "ballot", "A ballot of the body"
    # A written answer to the member's request in `params["request"]`, by the holders of the
    # office the charter names (registered by the member_requests app).
    ANSWER = "answer", "A written answer to a member's request"


class ObligationStatus(models.TextChoices):
    """Whether the duty stands. Whether it was met, and when, is not stored: it is read from the
    record (`minutebook.obligations.selectors`), so it cannot drift from what happened."""

    ACTIVE = "active", "In force"
    WITHDRAWN = "withdrawn", "Withdrawn"


class Obligation(models.Model):
    """A duty that arose from an event on a day, with a deadline: "a special meeting of the
    General Assembly within 50 days of the valid requisition".

    `rule` is the charter's id of the rule it comes from (an obligation or a petition kind) and
    `rule_text` its words; `source` names the event in the record, as "<app>:<id>" (e.g.
    "petition:12", "decision:2026-00031"), so that this app imports nothing above itself."""

    body = models.ForeignKey("bodies.Body", on_delete=models.PROTECT, related_name="obligations")
    title = models.CharField(max_length=300)
    kind = models.CharField(max_length=20, choices=ObligationKind.choices)
    params = models.JSONField(default=dict, blank=True)
    rule = models.CharField(max_length=100)
    rule_text = models.TextField(blank=True)
    source = models.CharField(max_length=100)
    arose_on = models.DateField()
    # Empty where the charter fixes no time limit (`within_days: unspecified`): never overdue.
    due_on = models.DateField(null=True, blank=True)
    status = models.CharField(
        max_length=20, choices=ObligationStatus.choices, default=ObligationStatus.ACTIVE
    )
    withdrawn_reason = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Who recorded the event it arose from; empty when the system did.",
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(due_on__gte=F("arose_on")), name="obligation_due_after_it_arose"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=ObligationKind.values), name="obligation_kind_is_known"
            ),
            models.CheckConstraint(
                condition=~Q(rule="") & ~Q(source=""), name="obligation_names_rule_and_source"
            ),
            models.CheckConstraint(
                condition=Q(status=ObligationStatus.ACTIVE) | ~Q(withdrawn_reason=""),
                name="withdrawn_obligation_says_why",
            ),
            # One event gives rise to a duty under a rule once, however often it is replayed.
            models.UniqueConstraint(
                fields=["source", "rule", "body", "kind"], name="one_obligation_per_event_and_rule"
            ),
        ]
        indexes = [models.Index(fields=["body", "due_on"])]

    def __str__(self) -> str:
        by = f"by {self.due_on:%Y-%m-%d}" if self.due_on else "no time limit"
        return f"{self.body}: {self.title} ({by})"
