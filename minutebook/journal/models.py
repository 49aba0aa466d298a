from django.conf import settings
from django.db import models


class JournalEntry(models.Model):
    """One change to the record, chained to the entry before it by its SHA-256 hash.

    Rows are only ever appended (by `minutebook.journal.services.journal_append`, in the same
    transaction as the change they describe); `journal_verify` recomputes the chain."""

    position = models.PositiveBigIntegerField(unique=True)
    recorded_at = models.DateTimeField()
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    actor_name = models.CharField(max_length=200)
    action = models.CharField(max_length=80)
    object_type = models.CharField(max_length=80)
    object_id = models.CharField(max_length=80)
    summary = models.TextField()
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)
    previous_hash = models.CharField(max_length=64)
    entry_hash = models.CharField(max_length=64, unique=True)

    class Meta:
        ordering = ["position"]
        verbose_name_plural = "journal entries"

    def __str__(self) -> str:
        return f"#{self.position} {self.action} {self.object_type}:{self.object_id}"
