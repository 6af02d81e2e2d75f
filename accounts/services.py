"""Every write to API tokens: issue, use, revoke (one, or all at sign-out)."""

import logging
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from accounts.models import PREFIX_LENGTH, ApiToken, hash_key, password_fingerprint
from accounts.policies import access_api_token
from accounts.selectors import api_tokens_live_for_user

logger = logging.getLogger(__name__)

# A user's live tokens beyond this many are revoked, oldest first, when another is issued.
TOKENS_PER_USER = 20
# "Last used" is written at most this often per token, so using a token rarely costs a write.
LAST_USED_RESOLUTION = timedelta(minutes=1)


@dataclass(frozen=True)
class IssuedToken:
    key: str  # shown once, never stored
    token: ApiToken


@transaction.atomic
def api_token_issue(*, user) -> IssuedToken:
    """A new token for the user, expiring after API_TOKEN_TTL_DAYS; their dead tokens are cleared."""
    now = timezone.now()
    live = api_tokens_live_for_user(user, now=now)
    ApiToken.objects.filter(user=user).exclude(pk__in=live.values("pk")).delete()
    surplus = list(live.values_list("pk", flat=True)[TOKENS_PER_USER - 1 :])
    if surplus:
        ApiToken.objects.filter(pk__in=surplus).delete()
    key = secrets.token_urlsafe(30)
    token = ApiToken.objects.create(
        user=user,
        key_hash=hash_key(key),
        prefix=key[:PREFIX_LENGTH],
        password_fingerprint=password_fingerprint(user.password),
        created_at=now,
        expires_at=now + timedelta(days=settings.API_TOKEN_TTL_DAYS),
    )
    logger.info("API token %s… issued to user %s, expiring %s", token.prefix, user.pk, token.expires_at.isoformat())
    return IssuedToken(key=key, token=token)


def api_token_touch(*, token: ApiToken, now) -> None:
    """Record that the token was used (one UPDATE, at most once a minute per token)."""
    if token.last_used_at is not None and now - token.last_used_at < LAST_USED_RESOLUTION:
        return
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    token.last_used_at = now


@transaction.atomic
def api_token_revoke(*, user, token_id: int) -> ApiToken:
    """Revoke one of the user's own tokens (404 for anyone else's)."""
    token = access_api_token(user, token_id)
    token.delete()
    logger.info("API token %s… revoked by user %s", token.prefix, user.pk)
    return token


@transaction.atomic
def api_tokens_revoke_all(*, user) -> int:
    """Revoke every token of the user (at sign-out); how many still worked."""
    live = api_tokens_live_for_user(user).count()
    ApiToken.objects.filter(user=user).delete()
    if live:
        logger.info("%s API token(s) of user %s revoked at sign-out", live, user.pk)
    return live
