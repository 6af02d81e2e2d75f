"""A provider's right of reply to a scorecard or readiness assessment shared with it."""

from django.conf import settings
from django.db import models

from providers.models import Organisation


class ScorecardReply(models.Model):
    scorecard = models.ForeignKey("assessments.Scorecard", on_delete=models.CASCADE, related_name="replies")
    provider = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    body = models.TextField(max_length=4000)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["scorecard", "provider"], name="reply_one_per_provider_scorecard"),
        ]

    def __str__(self) -> str:
        return f"Reply of {self.provider_id} to scorecard {self.scorecard_id}"


class Notification(models.Model):
    """An in-app notice for one user (an e-mail is sent alongside by a Celery task)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    text = models.CharField(max_length=300)
    url = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "read_at"], name="notification_user_unread")]

    def __str__(self) -> str:
        return self.text
