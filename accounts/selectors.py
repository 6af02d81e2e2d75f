"""Reads of API tokens."""

from django.db.models import QuerySet
from django.utils import timezone

from accounts.models import ApiToken, hash_key, password_fingerprints


def api_token_for_key(key: str) -> ApiToken | None:
    """The token with this key, with its user (one query), or None."""
    return ApiToken.objects.select_related("user").filter(key_hash=hash_key(key)).first()


def api_tokens_live_for_user(user, *, now=None) -> QuerySet[ApiToken]:
    """The user's tokens that still work: not expired, issued under the current password. Newest first."""
    return ApiToken.objects.filter(
        user=user,
        expires_at__gt=now or timezone.now(),
        password_fingerprint__in=password_fingerprints(user.password),
    ).order_by("-created_at", "-pk")
