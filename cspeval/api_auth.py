"""`POST /api/auth/token/`: a token for a username and password.

Throttled per client address (API_TOKEN_THROTTLE_RATE); a wrong password counts towards the
same django-axes lockout as the sign-in form, and a locked account is told so in JSON.
"""

from axes.helpers import get_cool_off
from django.conf import settings
from django.contrib.auth import authenticate
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import exceptions, serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.throttling import SimpleRateThrottle
from rest_framework.views import APIView

from accounts.request_ip import client_ip
from accounts.services import api_token_issue


class Credentials(serializers.Serializer):
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(max_length=128, trim_whitespace=False, style={"input_type": "password"})


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField()


class TokenEndpointThrottle(SimpleRateThrottle):
    """Requests for a token per client address (the proxy-aware one django-axes uses too)."""

    scope = "api_token"

    def get_rate(self):
        return settings.API_TOKEN_THROTTLE_RATE  # read per request, so a changed setting applies at once

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": client_ip(request) or "unknown"}


class TokenThrottled(exceptions.Throttled):
    default_detail = "Too many requests for a token from this address."
    extra_detail_singular = "Please try again in {wait} second."
    extra_detail_plural = "Please try again in {wait} seconds."


_TOO_MANY = OpenApiResponse(
    inline_serializer("TooManyAttempts", {"detail": serializers.CharField()}),
    description="Too many requests from this address, or too many failed sign-ins: the account is locked for a while.",
)


class ObtainToken(APIView):
    permission_classes = [AllowAny]
    authentication_classes = []
    throttle_classes = [TokenEndpointThrottle]

    def throttled(self, request, wait):
        raise TokenThrottled(wait)

    @extend_schema(request=Credentials, responses={200: TokenSerializer, 429: _TOO_MANY}, auth=[])
    def post(self, request):
        credentials = Credentials(data=request.data)
        credentials.is_valid(raise_exception=True)
        user = authenticate(request=request, **credentials.validated_data)
        if getattr(request, "axes_locked_out", False):
            # django-axes marks the request when this username and address have failed too often
            cool_off = get_cool_off(request)
            minutes = max(1, round(cool_off.total_seconds() / 60)) if cool_off else 15
            return Response(
                {
                    "detail": "Too many failed sign-ins: this account is locked from this address "
                    f"for {minutes} minute{'s' if minutes != 1 else ''}. Please try again later."
                },
                status=status.HTTP_429_TOO_MANY_REQUESTS,
                headers={"Retry-After": str(minutes * 60)},
            )
        if user is None or not user.is_active:
            return Response(
                {"detail": "That username and password do not match an active account."},
                status=status.HTTP_401_UNAUTHORIZED,
                headers={"WWW-Authenticate": "Token"},
            )
        return Response({"token": api_token_issue(user=user).key})
