from django.conf import settings
from django.db import models


class ApiToken(models.Model):
    """A personal token for scripts and other programs that use the API on a user's behalf.

    Only the SHA-256 of the token is stored: the token itself is shown once, when it is
    created, so a copy of the database gives nobody a way in. A token is never deleted, only
    revoked, so that what it was used for stays attributable."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(max_length=100)
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"API token '{self.name}' of {self.user}"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
