"""Whether a token may be used, and whose tokens a user may see and revoke: their own only."""

from django.utils import formats, timezone

from accounts.models import ApiToken, password_fingerprints
from cspeval.errors import NotFound

REVOKED = (
    "This token is not valid: it may have been revoked (signing out revokes your API tokens). "
    "Ask for a new one at /api/auth/token/."
)


def api_token_refusal(token: ApiToken, *, now) -> str | None:
    """Why this token may not be used now, in words for its owner, or None when it may."""
    if token.expires_at <= now:
        when = formats.date_format(timezone.localtime(token.expires_at), "j F Y, H:i")
        return f"This token expired on {when}. Ask for a new one at /api/auth/token/."
    if token.password_fingerprint not in password_fingerprints(token.user.password):
        return "This token was revoked when the account's password changed. Ask for a new one with the new password."
    if not token.user.is_active:
        return "This account is inactive."
    return None


def access_api_token(user, token_id) -> ApiToken:
    """One of the user's own tokens; anyone else's, or none, is 404 (ids can't be probed)."""
    try:
        return ApiToken.objects.get(pk=token_id, user=user)
    except (ApiToken.DoesNotExist, ValueError, TypeError):
        raise NotFound("No such token.") from None
