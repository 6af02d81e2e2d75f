"""API tokens: several per user, stored hashed, each with an expiry and its owner's password fingerprint.

A token is shown to its owner once, when issued; the database keeps only its SHA-256 (a token is
30 random bytes, so a fast hash is enough) and its first characters, to tell tokens apart. The
fingerprint is an HMAC of the password hash at issue: when the password changes, every token
issued before stops matching, the way Django ends sessions through `get_session_auth_hash`.
"""

import hashlib

from django.conf import settings
from django.db import models
from django.utils.crypto import salted_hmac

PREFIX_LENGTH = 8
_FINGERPRINT_SALT = "cspeval.accounts.ApiToken.password_fingerprint"


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def password_fingerprint(password_hash: str, *, secret: str | None = None) -> str:
    return salted_hmac(_FINGERPRINT_SALT, password_hash, secret=secret, algorithm="sha256").hexdigest()


def password_fingerprints(password_hash: str) -> set[str]:
    """The fingerprints that still match: with the secret key and each of its fallbacks (key rotation)."""
    secrets = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    return {password_fingerprint(password_hash, secret=secret) for secret in secrets}


class ApiToken(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    prefix = models.CharField(max_length=PREFIX_LENGTH, editable=False)
    password_fingerprint = models.CharField(max_length=64, editable=False)
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "API token"
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "expires_at"], name="accounts_token_user_expires")]

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user})"
