"""`Authorization: Token <key>` for the API: hashed keys that expire, end at sign-out and at a password change.

Kept apart from the API views: REST framework imports its authentication classes while
`rest_framework.views` is still loading, so this module must not import the views.
"""

from django.utils import timezone
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication

from accounts.policies import REVOKED, api_token_refusal
from accounts.selectors import api_token_for_key
from accounts.services import api_token_touch


class ApiTokenAuthentication(TokenAuthentication):
    keyword = "Token"

    def authenticate_credentials(self, key):
        token = api_token_for_key(key)
        if token is None:
            raise exceptions.AuthenticationFailed(REVOKED)
        now = timezone.now()
        refusal = api_token_refusal(token, now=now)
        if refusal is not None:
            raise exceptions.AuthenticationFailed(refusal)
        api_token_touch(token=token, now=now)
        return token.user, token
