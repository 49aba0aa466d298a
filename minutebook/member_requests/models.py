from django.db import models
from django.db.models import F, Q


class RequestStatus(models.TextChoices):
    OPEN = "open", "Awaiting an answer"
    ANSWERED = "answered", "Answered"
    WITHDRAWN = "withdrawn", "Withdrawn"


class MemberRequest(models.Model):
    """A member's written request to a body — a question, a complaint, a request for
    information — under the charter's rule `rule` (an obligation `after: {request: {}}`), which
    the holders of `office` on the body answer in writing by `due_on`.

    The duty to answer is an `Obligation` of the body (kind `answer`, source "request:<id>"),
    so that an unanswered request shows as overdue on the body's page; whether and when it was
    answered is read from this row."""

    body = models.ForeignKey("bodies.Body", on_delete=models.PROTECT, related_name="requests")
    rule = models.CharField(max_length=100, help_text="The charter's id of the obligation.")
    office = models.CharField(max_length=60, help_text="The office whose holders answer.")
    charter_version = models.ForeignKey(
        "charter.CharterVersion", on_delete=models.PROTECT, related_name="+"
    )
    requester = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="+")
    subject = models.CharField(max_length=300)
    text = models.TextField()
    submitted_at = models.DateTimeField()
    due_on = models.DateField(help_text="The last day for the answer, under the rule.")
    status = models.CharField(
        max_length=20, choices=RequestStatus.choices, default=RequestStatus.OPEN
    )
    answer = models.TextField(blank=True)
    answered_by = models.ForeignKey(
        "members.Member", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-submitted_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status=RequestStatus.ANSWERED)
                | (~Q(answer="") & Q(answered_by__isnull=False) & Q(answered_at__isnull=False)),
                name="answered_request_says_what_by_whom_when",
            ),
            models.CheckConstraint(
                condition=~Q(status=RequestStatus.WITHDRAWN) | Q(withdrawn_at__isnull=False),
                name="withdrawn_request_says_when",
            ),
            models.CheckConstraint(
                condition=Q(answered_at__isnull=True) | Q(answered_at__gte=F("submitted_at")),
                name="request_answered_after_it_was_made",
            ),
        ]
        indexes = [models.Index(fields=["body", "status"])]

    def __str__(self) -> str:
        return f"Request {self.pk} to {self.body}"

    @property
    def source(self) -> str:
        """How the obligation to answer names it."""
        return f"request:{self.pk}"
